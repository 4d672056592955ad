using Palisade.Diffing;
using Palisade.Manifests;
using Palisade.Model;
using Palisade.Net;
using LoadOptions = Palisade.Manifests.LoadOptions;

namespace Palisade.Tests.Diffing;

/// <summary>The semantic diff: equivalent policy sets give nothing; real changes give the connections they change.</summary>
public sealed class ConnectivityDiffTests
{
    private static readonly string Equivalent = Golden.Scenario("diff", "equivalent");

    private static ClusterSnapshot Load(params string[] paths)
    {
        var r = ManifestLoader.Load(paths, new LoadOptions("default"));
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        return r.Snapshot;
    }

    private static ClusterSnapshot Case(string name, string side) =>
        Load(Path.Combine(Equivalent, "cluster.yaml"), Path.Combine(Equivalent, name, side + ".yaml"));

    private static string Describe(DiffResult d) =>
        string.Join("\n", d.Changes.Select(c => $"{c.Kind} {c.From.Id} -> {c.To.Id} {string.Join(",", c.Ports)}"));

    [Theory]
    [InlineData("match-expressions")]
    [InlineData("split-rules")]
    [InlineData("port-range")]
    [InlineData("empty-from")]
    [InlineData("namespace-name-selector")]
    [InlineData("ipblock-split")]
    public void EquivalentPolicies_WrittenDifferently_GiveAnEmptyDiff(string name)
    {
        var before = Case(name, "old");
        var after = Case(name, "new");
        var diff = ConnectivityDiff.Compute(before, after, []);
        Assert.True(diff.IsEmpty, Describe(diff));

        // Not vacuous: each side really restricts something compared with no policy at all.
        var open = Load(Path.Combine(Equivalent, "cluster.yaml"));
        Assert.NotEmpty(ConnectivityDiff.Compute(open, after, []).Closed);
        Assert.NotEmpty(ConnectivityDiff.Compute(before, open, []).Opened);
    }

    [Fact]
    public void PortRange_OneShorter_ClosesExactlyTheLastPort()
    {
        var before = Case("port-range", "new");
        var shorter = before.Policies[0] with
        {
            Ingress = new[] { before.Policies[0].Ingress[0] with { Ports = new Ports(new[] { new PolicyPort(Protocol.TCP, new PortNumberRange(8080, 8082)) }.ToEquatableArray()) } }.ToEquatableArray(),
        };
        var after = new ClusterSnapshot(before.Namespaces, before.Pods, before.Workloads, before.Services, [shorter]);
        var diff = ConnectivityDiff.Compute(before, after, []);
        Assert.NotEmpty(diff.Changes);
        Assert.All(diff.Changes, c =>
        {
            Assert.Equal(ChangeKind.Closed, c.Kind);
            Assert.Equal("shop/api", c.To.Id);
            Assert.Equal([new PortInterval(Protocol.TCP, 8083, 8083)], c.Ports);
        });
    }

    [Fact]
    public void NamespaceSelector_OnAnotherNamespaceName_IsNotEquivalent()
    {
        var before = Case("namespace-name-selector", "old");
        var text = File.ReadAllText(Path.Combine(Equivalent, "namespace-name-selector", "new.yaml"))
            .Replace("kubernetes.io/metadata.name: shop", "kubernetes.io/metadata.name: other", StringComparison.Ordinal);
        var temp = Path.Combine(Path.GetTempPath(), $"palisade-diff-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(temp, text);
        try
        {
            var diff = ConnectivityDiff.Compute(before, Load(Path.Combine(Equivalent, "cluster.yaml"), temp), []);
            // shop/web (tier: front) loses access to shop/api on every port; nothing in `other` has tier: front.
            var closed = Assert.Single(diff.Changes);
            Assert.Equal(ChangeKind.Closed, closed.Kind);
            Assert.Equal(("shop/web", "shop/api"), (closed.From.Id, closed.To.Id));
            Assert.Equal(3, closed.Ports.Count);
            Assert.All(closed.Ports, p => Assert.Equal((1, 65535), (p.First, p.Last)));
        }
        finally
        {
            File.Delete(temp);
        }
    }

    [Fact]
    public void StoryPolicyVersusRenderedProfile_NginxMoved_OpensSshFromNginxAndClosesDnsToTraefik()
    {
        var folder = Golden.Scenario("check", "nginx-in-ingress");
        var before = Load(Path.Combine(folder, "manifests"));
        var profile = Palisade.Manifests.Documents.ProfileReader.Read(Path.Combine(folder, "profile.yaml"), "profile.yaml");
        Assert.NotNull(profile.Value);
        var rendered = Palisade.Rendering.ProfileRenderer.Render(profile.Value!);
        var withoutStory = new ClusterSnapshot(before.Namespaces, before.Pods, before.Workloads, before.Services,
            before.Policies.Where(p => p.Ref != new ObjectRef("dev", "dev-container-isolation")));
        var diff = ConnectivityDiff.Compute(before, rendered.ApplyTo(withoutStory), []);

        var opened = diff.Opened.Select(c => $"{c.From.Id} -> {c.To.Id} {string.Join(",", c.Ports)}").ToList();
        Assert.Equal(["ingress/nginx-proxy -> dev/dev-container-belego 22/TCP", "ingress/nginx-proxy -> dev/dev-container-pilates 22/TCP"], opened);
        var closed = diff.Closed.Select(c => $"{c.From.Id} -> {c.To.Id} {string.Join(",", c.Ports)}").ToList();
        Assert.Equal(["dev/dev-container-belego -> kube-system/traefik 53/TCP,53/UDP", "dev/dev-container-pilates -> kube-system/traefik 53/TCP,53/UDP"], closed);
        Assert.Empty(diff.AddedEndpoints);

        // The policies responsible on both sides.
        var ssh = diff.Opened.First();
        Assert.False(ssh.Before.Allowed);
        Assert.Equal("dev/dev-container-isolation", Assert.IsType<Palisade.Engine.DeniedByIsolation>(ssh.Before.Ingress).SelectingPolicies.Single().Ref.ToString());
        var rule = Assert.Single(Assert.IsType<Palisade.Engine.AllowedByRules>(ssh.After.Ingress).Matches);
        Assert.Equal("dev/dev-container-isolation-rendered", rule.Policy.Ref.ToString());
    }

    [Fact]
    public void NginxMoved_SameStoryPolicy_ReportsTheEndpointsNotCells()
    {
        var before = Load(Path.Combine(Golden.RepoRoot, "examples", "home-lab", "manifests"));
        var after = Load(Path.Combine(Golden.Scenario("check", "nginx-in-ingress"), "manifests"));
        var diff = ConnectivityDiff.Compute(before, after, []);
        Assert.Equal("dev/nginx-proxy", Assert.Single(diff.RemovedEndpoints).Ref.ToString());
        Assert.Equal("ingress/nginx-proxy", Assert.Single(diff.AddedEndpoints).Ref.ToString());
        Assert.Empty(diff.Changes);
    }

    [Fact]
    public void IpBlockEgress_AddedToAnOpenPod_ClosesTheAddressesOutsideTheBlock()
    {
        var before = Load(Path.Combine(Equivalent, "cluster.yaml"));
        var after = Case("ipblock-split", "old");
        var diff = ConnectivityDiff.Compute(before, after, []);
        var external = diff.Changes.Where(c => c.To is AddressDiffEndpoint).ToList();
        Assert.All(external, c => Assert.Equal("shop/api", c.From.Id));
        var ranges = external.Select(c => c.To.Id).Distinct().ToList();
        // 10.0.0.0/8 minus 10.20.0.0/16 allows 443 only; everything else closes on every port.
        Assert.Contains("0.0.0.0-9.255.255.255", ranges);
        Assert.Contains("10.20.0.0/16", ranges);
        Assert.Contains("11.0.0.0-255.255.255.255", ranges);
        var inside = external.Where(c => c.To.Id == "10.0.0.0-10.19.255.255").SelectMany(c => c.Ports).ToList();
        Assert.Contains(new PortInterval(Protocol.TCP, 1, 442), inside);
        Assert.Contains(new PortInterval(Protocol.TCP, 444, 65535), inside);
        Assert.DoesNotContain(inside, p => p.Protocol == Protocol.TCP && p.First <= 443 && p.Last >= 443);
    }

    [Fact]
    public void ProbeSpace_PortRange_CutsAtBoundsAndOutside()
    {
        var cluster = Case("port-range", "new");
        var space = ProbeSpace.For([cluster], [new PortProtocol(9000, Protocol.UDP)]);
        var tcp = space.Ports.Where(p => p.Protocol == Protocol.TCP).ToList();
        Assert.Contains(new PortInterval(Protocol.TCP, 8080, 8080), tcp); // declared container port of api
        Assert.Contains(new PortInterval(Protocol.TCP, 8082, 8083), tcp); // rest of the range
        Assert.Contains(new PortInterval(Protocol.TCP, 8084, 65535), tcp); // just outside
        Assert.Contains(new PortInterval(Protocol.UDP, 9000, 9000), space.Ports);
        foreach (var protocol in Protocols.All)
        {
            var list = space.Ports.Where(p => p.Protocol == protocol).ToList();
            Assert.Equal(1, list[0].First);
            Assert.Equal(65535, list[^1].Last);
            Assert.All(list.Zip(list.Skip(1)), pair => Assert.Equal(pair.First.Last + 1, pair.Second.First));
        }

        var address = Assert.Single(space.Addresses);
        Assert.Equal("0.0.0.0/0", address.ToString());
        Assert.Equal(ProbeSpace.InternetV4, address.Representative);
    }

    [Fact]
    public void PortInterval_Compress_MergesAdjacentOfTheSameProtocol()
    {
        var merged = PortInterval.Compress([
            new PortInterval(Protocol.UDP, 53, 53),
            new PortInterval(Protocol.TCP, 81, 90),
            new PortInterval(Protocol.TCP, 80, 80),
            new PortInterval(Protocol.TCP, 92, 92),
        ]);
        Assert.Equal("80-90/TCP, 92/TCP, 53/UDP", string.Join(", ", merged));
    }
}
