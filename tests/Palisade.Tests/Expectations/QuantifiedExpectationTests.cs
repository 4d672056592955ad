using CsCheck;
using Palisade.Diffing;
using Palisade.Engine;
using Palisade.Expectations;
using Palisade.Manifests.Documents;
using Palisade.Model;
using Palisade.Net;
using Palisade.TestSupport;

namespace Palisade.Tests.Expectations;

/// <summary>Quantified expectations through the library: the reader's forms, the address sets, and the exactness law.</summary>
public sealed class QuantifiedExpectationTests
{
    private static ExpectationSet Read(string to, string port)
    {
        var text = ExpectationsYaml.Criterion("S1", "t", ExpectationsYaml.Item("e", "x/pod0", $"\"{to}\"", port, allowed: false));
        var result = ExpectationsReader.Read("e.yaml", "e.yaml", text);
        Assert.True(result.Value is not null, string.Join("\n", result.Diagnostics));
        return result.Value!;
    }

    [Theory]
    [InlineData("any", "1-65535/TCP,1-65535/UDP,1-65535/SCTP")]
    [InlineData("443/TCP, 80/TCP", "80/TCP,443/TCP")]
    [InlineData("1000-2000/TCP,2001-2010/TCP,53/UDP", "1000-2010/TCP,53/UDP")]
    [InlineData("8443", "8443/TCP")]
    public void PortSet_EachForm_IsReadMergedAndSorted(string written, string read)
    {
        var e = Read("internet", written).All.Single();
        Assert.True(e.IsQuantified);
        Assert.Equal(read, e.PortText);
    }

    [Theory]
    [InlineData("internet", AddressSetKind.Internet)]
    [InlineData("private", AddressSetKind.Private)]
    [InlineData("any-external", AddressSetKind.AnyExternal)]
    [InlineData("0.0.0.0/0", AddressSetKind.Cidr)]
    [InlineData("2001:db8::/32", AddressSetKind.Cidr)]
    public void AddressSet_EachForm_IsRead(string written, AddressSetKind kind)
    {
        var e = Read(written, "any").All.Single();
        Assert.Equal(kind, e.ToSet!.Kind);
    }

    [Fact]
    public void SinglePortToAWorkload_IsNotQuantified()
    {
        var e = Read("x/pod1", "80/TCP").All.Single();
        Assert.False(e.IsQuantified);
    }

    [Theory]
    [InlineData("8.8.8.8", true, false)]
    [InlineData("203.0.113.10", true, false)]
    [InlineData("10.1.2.3", false, true)]
    [InlineData("172.31.255.255", false, true)]
    [InlineData("172.32.0.0", true, false)]
    [InlineData("100.64.0.1", false, true)]
    [InlineData("192.168.2.1", false, true)]
    [InlineData("127.0.0.1", false, false)]
    [InlineData("169.254.169.254", false, false)]
    [InlineData("224.0.0.1", false, false)]
    [InlineData("255.255.255.255", false, false)]
    [InlineData("0.1.2.3", false, false)]
    [InlineData("2606:4700::1111", true, false)]
    [InlineData("fd00::1", false, true)]
    [InlineData("::1", false, false)]
    [InlineData("fe80::1", false, false)]
    [InlineData("10.42.0.5", false, false)] // a pod's address: the cluster's own
    public void NamedSets_Membership_FollowsTheDocumentedRanges(string address, bool internet, bool isPrivate)
    {
        var own = new HashSet<IpAddr> { IpAddr.Parse("10.42.0.5") };
        var a = IpAddr.Parse(address);
        Assert.Equal(internet, new AddressSet(AddressSetKind.Internet, default).Contains(a, own));
        Assert.Equal(isPrivate, new AddressSet(AddressSetKind.Private, default).Contains(a, own));
        Assert.Equal(internet || isPrivate, new AddressSet(AddressSetKind.AnyExternal, default).Contains(a, own));
    }

    private static readonly IpCidr Small = IpCidr.Parse("10.0.0.0/29");
    private static readonly PortInterval[] SmallPorts = [new(Protocol.TCP, 78, 82), new(Protocol.UDP, 52, 54), new(Protocol.SCTP, 79, 81)];

    /// <summary>The verdict of a quantified expectation, and the conjunction of its expanded concrete cells.</summary>
    private static bool QuantifiedEqualsExpansion(ClusterSnapshot cluster)
    {
        var engine = new PolicyEngine(cluster);
        var pods = cluster.Pods.Where(p => !p.HostNetwork).ToList();
        if (pods.Count == 0)
        {
            return true;
        }

        var source = pods[0];
        foreach (var allowed in new[] { true, false })
        {
            var e = new Expectation("q", $"{source.Ref.Namespace}/{source.Ref.Name}", Small.ToString(), new PortProtocol(78, Protocol.TCP), allowed, null)
            {
                PortSet = SmallPorts.ToEquatableArray(),
                ToSet = new AddressSet(AddressSetKind.Cidr, Small),
            };
            var checker = new ExpectationChecker(cluster, null);
            var result = checker.Check(new Criterion("P", "p", new[] { e }.ToEquatableArray()), e);

            int against = 0, unknown = 0;
            for (var v = Small.First.Value; v <= Small.Last.Value; v++)
            {
                var destination = engine.ResolveAddress(new IpAddr(v, IsV6: false));
                foreach (var p in SmallPorts)
                {
                    for (var port = p.First; port <= p.Last; port++)
                    {
                        var r = engine.Decide(new PodEndpoint(source), destination, port, p.Protocol);
                        against += (allowed ? r == Reachability.Denied : r == Reachability.Allowed) ? 1 : 0;
                        unknown += r == Reachability.Undetermined ? 1 : 0;
                    }
                }
            }

            var expectedPass = against == 0 && unknown == 0;
            var expectedUndetermined = against == 0 && unknown > 0;
            if (result.Passed != expectedPass || (result.Status == ExpectationStatus.Undetermined) != expectedUndetermined)
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void QuantifiedVerdict_OnSmallClusters_EqualsTheConjunctionOfItsExpandedCells()
    {
        SmallClusterGen.ClusterGen.Sample(QuantifiedEqualsExpansion, iter: 400, seed: null);
    }

    [Fact]
    public void QuantifiedVerdict_OnClustersWithTiers_EqualsTheConjunctionOfItsExpandedCells()
    {
        // Admin tiers add networks peers, port ranges and undetermined verdicts.
        SmallClusterGen.TierClusterGen.Sample(QuantifiedEqualsExpansion, iter: 400, seed: null);
    }
}
