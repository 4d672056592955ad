using CsCheck;
using Palisade.Engine.Classes;
using Palisade.Generation;
using Palisade.Model;
using Palisade.Net;
using Palisade.TestSupport;

namespace Palisade.Perf.Tests.Engine;

/// <summary>
/// The connectivity table built by several workers against the table built by one: every cell, every undetermined
/// cell and every port set id with its bits must be the same, whatever the number of workers and the timing.
/// Workers take one or a few rows at a time here, so that small clusters are split between them; each table is built
/// both on threads and with the workers taking chunks in turn on one thread (a split that does not depend on timing).
/// </summary>
public sealed class ParallelTableTests
{
    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 1)]
    [InlineData(4, 2)]
    public void Table_OnSeededSmallClusters_IsTheSameOnEveryWorkerCount(int workers, int rowsPerChunk) =>
        Gen.Int.Select(SyntheticCluster.Small).Sample(c => SameTable(c, workers, rowsPerChunk), iter: 600, seed: null);

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    public void Table_OnCsCheckClusters_IsTheSameOnEveryWorkerCount(int workers, int rowsPerChunk) =>
        SmallClusterGen.ClusterGen.Sample(c => SameTable(c, workers, rowsPerChunk), iter: 600, seed: null);

    [Theory]
    [InlineData(2, 1)]
    [InlineData(4, 1)]
    public void Table_OnCsCheckTierClusters_IsTheSameOnEveryWorkerCount(int workers, int rowsPerChunk) =>
        SmallClusterGen.TierClusterGen.Sample(c => SameTable(c, workers, rowsPerChunk), iter: 400, seed: null);

    [Theory]
    [InlineData("port-ranges")]
    [InlineData("cidrs")]
    [InlineData("identical-policies")]
    [InlineData("unique-labels")]
    [InlineData("many-namespaces")]
    [InlineData("tier-S")]
    public void Table_OnGeneratedShapes_IsTheSameOnEveryWorkerCount(string shape)
    {
        var cluster = shape switch
        {
            "port-ranges" => SyntheticCluster.PortRanges(11, 300, 120),
            "cidrs" => SyntheticCluster.Cidrs(12, 300, 100),
            "identical-policies" => SyntheticCluster.IdenticalPolicies(300, 80),
            "unique-labels" => SyntheticCluster.UniqueLabels(13, 300),
            "many-namespaces" => SyntheticCluster.ManyNamespaces(14, 60),
            _ => SyntheticCluster.Generate(Tier.S, 3),
        };
        foreach (var (workers, rows) in new[] { (2, 1), (2, 7), (3, 3), (4, 1), (4, 64) })
        {
            Assert.True(SameTable(cluster, workers, rows), $"{workers} workers taking {rows} rows at a time");
        }
    }

    [Fact]
    public void Table_OnSmallClusters_OftenHasPortSetsOfTheWorkers()
    {
        // The comparisons above mean something only when workers intern sets of their own, which must be mapped back.
        var withOwnSets = 0;
        Gen.Int.Select(SyntheticCluster.Small).Sample(cluster =>
        {
            if (ClassEngine.UnknownAddressMatch(cluster) is not null)
            {
                cluster = WithAddresses(cluster);
            }

            var table = new ClassEngine(cluster) { Parallelism = 2, RowsPerChunk = 1 }.Table;
            withOwnSets += table.PortSets.Count > table.PortSetsBeforeRows ? 1 : 0;
        }, iter: 300, seed: null);
        Assert.True(withOwnSets > 30, $"only {withOwnSets} of 300 clusters");
    }

    [Fact]
    public void RowsPerChunk_BelowOne_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClassEngine(SyntheticCluster.IdenticalPolicies(10, 2)) { RowsPerChunk = 0 });

    /// <summary>True when the tables built by one worker and by <paramref name="workers"/> are equal, ids included.</summary>
    private static bool SameTable(ClusterSnapshot cluster, int workers, int rowsPerChunk)
    {
        if (ClassEngine.UnknownAddressMatch(cluster) is not null)
        {
            cluster = WithAddresses(cluster);
        }

        var one = new ClassEngine(cluster) { Parallelism = 1 }.Table;
        var expected = Describe(one).ToList();
        var interleaved = new ClassEngine(cluster) { Parallelism = workers, RowsPerChunk = rowsPerChunk, InterleavedWorkers = true }.Table;
        var threaded = new ClassEngine(cluster) { Parallelism = workers, RowsPerChunk = rowsPerChunk }.Table;
        return expected.SequenceEqual(Describe(interleaved), StringComparer.Ordinal) && expected.SequenceEqual(Describe(threaded), StringComparer.Ordinal);
    }

    /// <summary>Gives every pod without an IP one of its own (the class engine refuses such pods next to ipBlocks).</summary>
    private static ClusterSnapshot WithAddresses(ClusterSnapshot cluster)
    {
        var pods = cluster.Pods.Select((p, i) => p.Ips.IsEmpty
            ? p with { Ips = new[] { IpAddr.Parse(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"10.200.{i / 250}.{(i % 250) + 1}")) } }
            : p).ToList();
        return new ClusterSnapshot(cluster.Namespaces, pods, cluster.Workloads, cluster.Services, cluster.Policies, cluster.AdminPolicies, cluster.Nodes);
    }

    /// <summary>The whole table as lines: the port sets by id with their bits, then every cell of every row.</summary>
    private static IEnumerable<string> Describe(ConnectivityTable table)
    {
        yield return $"classes {table.ClassCount}, port sets {table.PortSets.Count}, explicit cells {table.ExplicitCells}";
        for (var id = 0; id < table.PortSets.Count; id++)
        {
            yield return $"set {id}: {string.Join(' ', table.PortSets.Get(id).ToArray())}";
        }

        for (var s = 0; s < table.ClassCount; s++)
        {
            yield return $"row {s}: {string.Join(' ', table.RowCells(s))} | {string.Join(' ', table.UndeterminedRowCells(s))}";
            for (var d = 0; d < table.ClassCount; d++)
            {
                yield return $"cell {s} {d}: {table.Cell(s, d)} {table.UndeterminedCell(s, d)}";
            }
        }
    }
}
