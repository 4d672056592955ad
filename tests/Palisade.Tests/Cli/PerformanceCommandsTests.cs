using System.Globalization;
using Palisade.Engine;
using Palisade.Manifests;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Tests.Cli;

/// <summary><c>palisade generate</c> and <c>palisade matrix --output compact</c>.</summary>
public sealed class PerformanceCommandsTests : IDisposable
{
    private readonly TempFolder dir = new("palisade-perf-cli-");

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Generate_SameTierAndSeed_IsByteIdentical()
    {
        var a = CliRunner.Run(["generate", "--tier", "S", "--seed", "4", "--output-file", dir.In("a.json")]);
        var b = CliRunner.Run(["generate", "--tier", "s", "--seed", "4", "--output-file", dir.In("b.json")]);
        var c = CliRunner.Run(["generate", "--tier", "S", "--seed", "5", "--output-file", dir.In("c.json")]);
        a.Succeeds();
        b.Succeeds();
        c.Succeeds();
        Assert.Equal(File.ReadAllBytes(dir.In("a.json")), File.ReadAllBytes(dir.In("b.json")));
        Assert.NotEqual(File.ReadAllBytes(dir.In("a.json")), File.ReadAllBytes(dir.In("c.json")));
        a.ErrHas("1008 pods");
    }

    [Fact]
    public void Generate_JsonList_LoadsBackAsKubectlListWithoutDiagnostics()
    {
        var path = dir.In("s.json");
        CliRunner.Run(["generate", "--tier", "S", "--seed", "2", "--output-file", path]).Succeeds();
        Assert.StartsWith("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[", File.ReadAllText(path), StringComparison.Ordinal);
        var loaded = ManifestLoader.Load([path], new LoadOptions("default"));
        Assert.Empty(loaded.Diagnostics);
        var generated = Palisade.Generation.SyntheticCluster.Generate(Palisade.Generation.Tier.S, 2);

        // Pods attach to their Deployments through the ReplicaSets: no stand-in pods from templates.
        Assert.Equal(generated.Pods.Count, loaded.Snapshot.Pods.Count);
        Assert.Equal(generated.Workloads.Count, loaded.Snapshot.Workloads.Count);
        Assert.Equal(generated.Policies.Count, loaded.Snapshot.Policies.Count);
    }

    [Fact]
    public void Generate_YamlAndJson_GiveTheSameCompactMatrix()
    {
        var json = dir.In("s.json");
        var yaml = dir.In("s.yaml");
        CliRunner.Run(["generate", "--tier", "S", "--seed", "3", "--output-file", json]).Succeeds();
        CliRunner.Run(["generate", "--tier", "S", "--seed", "3", "--output-file", yaml]).Succeeds();
        Assert.Contains("\n---\n", File.ReadAllText(yaml), StringComparison.Ordinal);
        var fromJson = CliRunner.Run(["matrix", json, "--output", "compact"]);
        var fromYaml = CliRunner.Run(["matrix", yaml, "--output", "compact"]);
        fromJson.Succeeds();
        fromYaml.ErrIsEmpty();
        Assert.Equal(fromJson.Out, fromYaml.Out);
    }

    [Fact]
    public void Generate_UnknownTier_ExitsWithInputErrorAndWritesNothing()
    {
        var path = dir.In("x.json");
        CliRunner.Run(["generate", "--tier", "XXL", "--output-file", path]).Exits(2).ErrHas("PAL139");
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void MatrixCompact_HomeLab_MatchesGolden()
    {
        var r = CliRunner.Run(["matrix", HomeLab.Manifests, "--output", "compact"]).Succeeds().ErrIsEmpty();
        Golden.Check("tests/scenarios/cli/home-lab/golden/matrix-compact.txt", r.Out);
    }

    [Fact]
    public void MatrixCompact_WithPort_IsInputError()
    {
        CliRunner.Run(["matrix", HomeLab.Manifests, "--output", "compact", "--port", "22"]).Exits(2).ErrHas("PAL139").OutIsEmpty();
    }

    [Theory]
    [InlineData(HomeLab.Manifests)]
    [InlineData("generated:S")]
    public void MatrixCompact_EveryPodPairAndProbePort_AgreesWithPolicyEngine(string input)
    {
        var path = input;
        if (input.StartsWith("generated:", StringComparison.Ordinal))
        {
            path = dir.In("g.json");
            CliRunner.Run(["generate", "--tier", input["generated:".Length..], "--seed", "6", "--output-file", path]).Succeeds();
        }

        var r = CliRunner.Run(["matrix", path, "--output", "compact"]).Succeeds();
        var cluster = ManifestLoader.Load([Path.GetFullPath(path, Golden.RepoRoot)], new LoadOptions("default")).Snapshot;
        var (classOf, cells) = Parse(r.Out);
        Assert.Equal(cluster.Pods.Count, classOf.Count);
        var engine = new PolicyEngine(cluster);
        PortProtocol[] probes = [new(22, Protocol.TCP), new(53, Protocol.UDP), new(80, Protocol.TCP), new(443, Protocol.TCP), new(8080, Protocol.TCP), new(9090, Protocol.TCP), new(514, Protocol.UDP), new(3868, Protocol.SCTP)];
        var rng = new Random(8);
        var pods = cluster.Pods;
        var pairs = pods.Count <= 100
            ? pods.SelectMany(s => pods.Select(d => (s, d))).ToList()
            : [.. Enumerable.Range(0, 4000).Select(_ => (pods[rng.Next(pods.Count)], pods[rng.Next(pods.Count)]))];
        var mismatches = new List<string>();
        foreach (var (s, d) in pairs)
        {
            foreach (var p in probes)
            {
                var expected = engine.IsAllowed(new PodEndpoint(s), new PodEndpoint(d), p.Port, p.Protocol);
                var listed = ReferenceEquals(s, d)
                    || (cells.TryGetValue((classOf[Key(s)], classOf[Key(d)]), out var ports) && ports.Any(i => i.Protocol == p.Protocol && i.From <= p.Port && p.Port <= i.To));
                if (listed != expected)
                {
                    mismatches.Add($"{s.Ref} -> {d.Ref} {p}: compact {listed}, engine {expected}");
                }
            }
        }

        Assert.Empty(mismatches);
    }

    private static string Key(Pod p) => $"{p.Namespace}/{p.Ref.Name}";

    private static (Dictionary<string, int> ClassOf, Dictionary<(int, int), List<(Protocol Protocol, int From, int To)>> Cells) Parse(string text)
    {
        var classOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var cells = new Dictionary<(int, int), List<(Protocol, int, int)>>();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("palisade-compact-matrix 3", lines[0]);
        foreach (var line in lines.Skip(1))
        {
            var parts = line.Split(' ');
            if (parts[0] == "class")
            {
                var id = int.Parse(parts[1], CultureInfo.InvariantCulture);
                foreach (var pod in parts.Skip(4))
                {
                    Assert.True(classOf.TryAdd(pod, id), $"pod listed twice: {pod}");
                }
            }
            else if (parts[0] == "allow")
            {
                var from = int.Parse(parts[1], CultureInfo.InvariantCulture);
                List<(Protocol, int, int)> ports = parts[5] == "all"
                    ? [(Protocol.TCP, 1, 65535), (Protocol.UDP, 1, 65535), (Protocol.SCTP, 1, 65535)]
                    : [.. parts[5].Split(',').Select(ParseInterval)];
                foreach (var range in parts[3].Split(','))
                {
                    var bounds = range.Split('-').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray();
                    for (var to = bounds[0]; to <= bounds[^1]; to++)
                    {
                        Assert.True(cells.TryAdd((from, to), ports), $"cell listed twice: {from} -> {to}");
                    }
                }
            }
        }

        return (classOf, cells);
    }

    private static (Protocol, int, int) ParseInterval(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var protocol = Enum.Parse<Protocol>(text[(slash + 1)..]);
        var bounds = text[..slash].Split('-').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray();
        return (protocol, bounds[0], bounds[^1]);
    }
}
