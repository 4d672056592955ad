using Palisade.Engine;
using Palisade.Model;
using Palisade.Net;
using static Palisade.Tests.Engine.ClusterBuilder;

namespace Palisade.Tests.Engine;

/// <summary>One test (or more) per rule of docs/semantics.md.</summary>
public sealed class SemanticsTests
{
    private static readonly LabelSelector All = LabelSelector.Everything;

    private static ClusterBuilder Base() => new ClusterBuilder()
        .Ns("x", "team", "red").Ns("y", "team", "blue")
        .Pod("x/a", "10.0.0.1", ["app", "a"], new ContainerPort("http", 80, Protocol.TCP), new ContainerPort("dns", 53, Protocol.UDP))
        .Pod("x/b", "10.0.0.2", ["app", "b"], new ContainerPort("http", 8080, Protocol.TCP))
        .Pod("y/a", "10.0.1.1", ["app", "a"], new ContainerPort("http", 80, Protocol.TCP))
        .Pod("y/c", "10.0.1.3", ["app", "c"]);

    private static bool Allowed(ClusterSnapshot c, string from, string to, int port, Protocol protocol = Protocol.TCP)
    {
        var engine = new PolicyEngine(c);
        Endpoint Ep(string s) => IpAddr.TryParse(s, out var ip) ? engine.ResolveAddress(ip) : new PodEndpoint(c.FindPod(Ref(s))!);
        var fast = engine.IsAllowed(Ep(from), Ep(to), port, protocol);
        var slow = engine.Evaluate(Ep(from), Ep(to), port, protocol).Allowed;
        Assert.Equal(fast, slow);
        return fast;
    }

    /// <summary>From <paramref name="from"/> to <paramref name="to"/>, the <paramref name="allowed"/> TCP ports are allowed and the <paramref name="denied"/> ones are not.</summary>
    private static void AssertTcpPorts(ClusterSnapshot c, string from, string to, int[] allowed, int[] denied)
    {
        Assert.Equal(allowed, allowed.Where(port => Allowed(c, from, to, port)));
        Assert.Equal(denied, denied.Where(port => !Allowed(c, from, to, port)));
    }

    private static ObjectRef Ref(string s)
    {
        ObjectRef.TryParse(s, out var r);
        return r;
    }

    [Fact]
    public void NoPolicies_AnyPair_IsAllowed()
    {
        var c = Base().Build();
        Assert.True(Allowed(c, "x/a", "y/c", 9999));
        Assert.True(Allowed(c, "y/c", "x/b", 1, Protocol.SCTP));
    }

    [Fact]
    public void PolicyTypesDefault_PolicyWithoutEgressRules_DoesNotIsolateEgress()
    {
        var c = Base().Policy(Policy("x/deny", All)).Build(); // podSelector {}, no rules: ingress-only deny
        Assert.False(Allowed(c, "y/a", "x/a", 80));
        Assert.True(Allowed(c, "x/a", "y/a", 80));
    }

    [Fact]
    public void PolicyTypesDefault_EmptyEgressList_DoesNotAddEgress()
    {
        var p = Policy("x/p", All, ingress: [Rule(AnyPeer.Instance, AnyPort.Instance)], egress: []);
        Assert.Equal(PolicyTypes.Ingress, p.PolicyTypes);
        Assert.True(Allowed(Base().Policy(p).Build(), "x/a", "y/c", 5));
    }

    [Fact]
    public void PolicyTypesEgress_NoRules_DeniesAllEgress()
    {
        var c = Base().Policy(Policy("x/p", All, types: PolicyTypes.Egress)).Build();
        Assert.False(Allowed(c, "x/a", "y/a", 80));
        Assert.False(Allowed(c, "x/a", "x/b", 8080));
        Assert.True(Allowed(c, "y/a", "x/a", 80)); // ingress not isolated
    }

    [Fact]
    public void EmptyRule_IngressListWithEmptyObject_AllowsAll()
    {
        var c = Base().Policy(Policy("x/p", All, ingress: [Rule(AnyPeer.Instance, AnyPort.Instance)])).Build();
        Assert.True(Allowed(c, "y/c", "x/a", 12345, Protocol.UDP));
        Assert.True(Allowed(c, "192.168.9.9", "x/a", 80));
    }

    [Fact]
    public void PodSelectorOnlyPeer_FromOtherNamespace_IsDenied()
    {
        var c = Base().Policy(Policy("x/p", LabelSelector.MatchLabels("app", "a"), ingress: [Rule([PodSel("app", "a")])])).Build();
        Assert.False(Allowed(c, "y/a", "x/a", 80));
    }

    [Fact]
    public void PodSelectorOnlyPeer_FromSameNamespace_IsAllowed()
    {
        var c = Base().Policy(Policy("x/p", LabelSelector.MatchLabels("app", "a"), ingress: [Rule([PodSel("app", "b")])])).Build();
        Assert.True(Allowed(c, "x/b", "x/a", 80));
        Assert.False(Allowed(c, "y/c", "x/a", 80));
    }

    [Fact]
    public void NamespaceSelectorOnlyPeer_MatchesAllPodsOfSelectedNamespaces()
    {
        var c = Base().Policy(Policy("x/p", All, ingress: [Rule([NsSel("team", "blue")])])).Build();
        Assert.True(Allowed(c, "y/a", "x/a", 80));
        Assert.True(Allowed(c, "y/c", "x/b", 8080));
        Assert.False(Allowed(c, "x/b", "x/a", 80)); // x is team=red
    }

    [Fact]
    public void BothSelectorsInOnePeer_AreAnded()
    {
        var c = Base().Policy(Policy("x/p", All, ingress: [Rule([Both(["team", "blue"], ["app", "a"])])])).Build();
        Assert.True(Allowed(c, "y/a", "x/a", 80));
        Assert.False(Allowed(c, "y/c", "x/a", 80));
        Assert.False(Allowed(c, "x/a", "x/b", 8080));
    }

    [Fact]
    public void SeparatePeers_AreOred()
    {
        var c = Base().Policy(Policy("x/p", All, ingress: [Rule([NsSel("team", "blue"), PodSel("app", "a")])])).Build();
        Assert.True(Allowed(c, "y/c", "x/b", 8080)); // by namespace
        Assert.True(Allowed(c, "x/a", "x/b", 8080)); // by pod
    }

    [Fact]
    public void NamespaceNameLabel_IsAlwaysPresent()
    {
        var c = Base().Policy(Policy("x/p", All, ingress: [Rule([NsSel(Namespace.NameLabel, "y")])])).Build();
        Assert.True(Allowed(c, "y/c", "x/a", 80));
    }

    [Fact]
    public void MatchExpressions_Operators_FollowApimachinery()
    {
        static LabelSelector Sel(SelectorOperator op, params string[] values) =>
            new(new[] { new SelectorRequirement("app", op, values.ToEquatableArray()) }.ToEquatableArray());
        var labels = Labels.Of("app", "a");
        Assert.True(Sel(SelectorOperator.In, "a", "b").Matches(labels));
        Assert.False(Sel(SelectorOperator.NotIn, "a").Matches(labels));
        Assert.True(Sel(SelectorOperator.NotIn, "a").Matches(Labels.Empty)); // NotIn matches an absent key
        Assert.True(Sel(SelectorOperator.Exists).Matches(labels));
        Assert.False(Sel(SelectorOperator.DoesNotExist).Matches(labels));
        Assert.True(LabelSelector.Everything.Matches(Labels.Empty));
    }

    [Fact]
    public void IpBlock_WithExcept_ExcludesTheException()
    {
        var c = Base().Policy(Policy("x/p", All, ingress: [Rule([Block("192.168.0.0/16", "192.168.5.0/24")])])).Build();
        Assert.True(Allowed(c, "192.168.1.1", "x/a", 80));
        Assert.False(Allowed(c, "192.168.5.9", "x/a", 80));
        Assert.False(Allowed(c, "10.9.9.9", "x/a", 80));
    }

    [Fact]
    public void IpBlock_CoveringPodIp_MatchesThePod()
    {
        var c = Base().Policy(Policy("x/p", LabelSelector.MatchLabels("app", "a"), ingress: [Rule([Block("10.0.1.0/24")])])).Build();
        Assert.True(Allowed(c, "y/a", "x/a", 80));
        Assert.False(Allowed(c, "x/b", "x/a", 80));
    }

    [Fact]
    public void IpBlock_HostBitsSet_MeansItsNetwork()
    {
        var cidr = IpCidr.Parse("10.244.1.11/4");
        Assert.Equal("0.0.0.0/4", cidr.ToString());
        Assert.True(cidr.Contains(IpAddr.Parse("15.1.2.3")));
        Assert.False(cidr.Contains(IpAddr.Parse("16.0.0.0")));
    }

    [Fact]
    public void IpBlock_Ipv6_MatchesOnlyIpv6()
    {
        var c = Base().Policy(Policy("x/p", All, ingress: [Rule([Block("2001:db8::/32")])])).Build();
        Assert.True(Allowed(c, "2001:db8::1", "x/a", 80));
        Assert.False(Allowed(c, "2001:db9::1", "x/a", 80));
        Assert.False(Allowed(c, "32.1.13.184", "x/a", 80));
    }

    [Fact]
    public void Ports_ProtocolDefaultsAndUdpOnlyRule_StillIsolateTcp()
    {
        var c = Base().Policy(Policy("x/p", All, ingress: [Rule([], Udp(53))])).Build();
        Assert.True(Allowed(c, "y/c", "x/a", 53, Protocol.UDP));
        Assert.False(Allowed(c, "y/c", "x/a", 53));
        Assert.False(Allowed(c, "y/c", "x/a", 53, Protocol.SCTP));
    }

    [Fact]
    public void Ports_EndPort_RangeIsInclusive()
    {
        var c = Base().Policy(Policy("x/p", All, ingress: [Rule([], Tcp(8000, 8080))])).Build();
        AssertTcpPorts(c, "y/c", "x/b", allowed: [8080, 8000], denied: [8081, 7999]);
    }

    [Fact]
    public void NamedPort_ResolvesPerDestinationPod()
    {
        // "http" is 80 on x/a and 8080 on x/b.
        var c = Base().Policy(Policy("x/p", All, ingress: [Rule([], Named("http"))])).Build();
        AssertTcpPorts(c, "y/c", "x/a", allowed: [80], denied: [8080]);
        AssertTcpPorts(c, "y/c", "x/b", allowed: [8080], denied: [80]);
    }

    [Fact]
    public void NamedPort_WrongProtocol_DoesNotResolve()
    {
        var c = Base().Policy(Policy("x/p", All, ingress: [Rule([], Named("dns", Protocol.TCP))])).Build();
        Assert.False(Allowed(c, "y/c", "x/a", 53, Protocol.UDP));
        Assert.False(Allowed(c, "y/c", "x/a", 53));
    }

    [Fact]
    public void NamedPort_InEgress_ResolvesOnTheDestination()
    {
        var c = Base().Policy(Policy("y/p", All, egress: [Rule([], Named("http"))])).Build();
        AssertTcpPorts(c, "y/c", "x/b", allowed: [8080], denied: [80]);
        Assert.False(Allowed(c, "y/c", "10.9.9.9", 80)); // external destination declares no ports
    }

    [Fact]
    public void PoliciesAddUp_UnionOfRules()
    {
        var c = Base()
            .Policy(Policy("x/p1", All, ingress: [Rule([], Tcp(80))]))
            .Policy(Policy("x/p2", All, ingress: [Rule([], Tcp(8080))]))
            .Build();
        Assert.True(Allowed(c, "y/c", "x/a", 80));
        Assert.True(Allowed(c, "y/c", "x/b", 8080));
        Assert.False(Allowed(c, "y/c", "x/a", 81));
    }

    [Fact]
    public void Connection_NeedsEgressAtSourceAndIngressAtDestination()
    {
        var c = Base()
            .Policy(Policy("y/egress", All, egress: [Rule([NsSel("team", "red")], Tcp(80))]))
            .Policy(Policy("x/ingress", LabelSelector.MatchLabels("app", "a"), ingress: [Rule([NsSel("team", "blue")], Tcp(8080))]))
            .Build();
        Assert.False(Allowed(c, "y/c", "x/a", 80)); // egress ok, ingress denies 80
        Assert.False(Allowed(c, "y/c", "x/b", 8080)); // ingress not isolated on x/b, egress denies 8080
        Assert.True(Allowed(c, "y/c", "x/b", 80));
    }

    [Fact]
    public void SamePod_IsAlwaysAllowed()
    {
        var c = Base().Policy(Policy("x/p", All, types: PolicyTypes.Ingress | PolicyTypes.Egress)).Build();
        Assert.True(Allowed(c, "x/a", "x/a", 80));
        Assert.False(Allowed(c, "x/a", "x/b", 8080));
    }

    [Fact]
    public void HostNetworkPod_IsTreatedAsAnOrdinaryPod()
    {
        // Plugin-dependent in Kubernetes; Palisade follows the reference analyzers (docs/semantics.md).
        var c = Base().HostNetworkPod("x/h", "172.16.0.5", "app", "a")
            .Policy(Policy("x/p", LabelSelector.MatchLabels("app", "a"), ingress: [Rule([PodSel("app", "a")])]))
            .Build();
        Assert.False(Allowed(c, "y/c", "x/h", 80)); // selected and isolated
        Assert.True(Allowed(c, "x/h", "x/a", 80)); // matched as a pod peer
    }

    [Fact]
    public void Explain_DeniedByPodSelectorOnlyPeer_NamesTheOtherNamespace()
    {
        var c = Base().Policy(Policy("x/p", LabelSelector.MatchLabels("app", "a"), ingress: [Rule([PodSel("app", "a")], Tcp(80))])).Build();
        var engine = new PolicyEngine(c);
        var v = engine.Evaluate(new PodEndpoint(c.FindPod(Ref("y/a"))!), new PodEndpoint(c.FindPod(Ref("x/a"))!), 80, Protocol.TCP);
        var denied = Assert.IsType<DeniedByIsolation>(v.Ingress);
        var miss = Assert.Single(denied.Misses);
        Assert.True(miss.PortMatched);
        Assert.False(miss.PeerMatched);
        Assert.Single(miss.SameNamespaceOnlyPeers);
        Assert.IsType<NotIsolated>(v.Egress);
    }

    [Fact]
    public void Explain_Allowed_ListsEveryMatchingRule()
    {
        var c = Base()
            .Policy(Policy("x/p1", All, ingress: [Rule([], Tcp(80))]))
            .Policy(Policy("x/p2", All, ingress: [Rule(new Peers(new Peer[] { NsSel("team", "blue") }.ToEquatableArray()), AnyPort.Instance)]))
            .Build();
        var engine = new PolicyEngine(c);
        var v = engine.Evaluate(new PodEndpoint(c.FindPod(Ref("y/c"))!), new PodEndpoint(c.FindPod(Ref("x/a"))!), 80, Protocol.TCP);
        var allowed = Assert.IsType<AllowedByRules>(v.Ingress);
        Assert.Equal(["x/p1", "x/p2"], allowed.Matches.Select(m => m.Policy.Ref.ToString()));
    }
}
