using Palisade.Engine;
using Palisade.Manifests;
using Palisade.Model;
using Palisade.Net;
using Palisade.Tests.Manifests;
using static Palisade.TestSupport.Manifest;

namespace Palisade.Tests.Engine;

/// <summary>
/// One test (or more) per rule of the cluster-wide tiers in docs/semantics.md ("AdminNetworkPolicy,
/// BaselineAdminNetworkPolicy and ClusterNetworkPolicy"), written as manifests so the loader is exercised too.
/// </summary>
public sealed class TierSemanticsTests
{
    // Namespaces a (team=a) and b (team=b); a/web serves 80/TCP named http; b/client; a/node-agent is host-network on node-1.
    private const string Base = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: a, labels: {team: a}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: b, labels: {team: b}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: a, labels: {app: web}}
        spec:
          nodeName: node-1
          containers: [{name: c, image: i, ports: [{containerPort: 80, name: http}]}]
        status: {podIP: 10.0.1.1}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: client, namespace: b, labels: {app: client}}
        spec:
          nodeName: node-2
          containers: [{name: c, image: i}]
        status: {podIP: 10.0.2.1}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: node-agent, namespace: a, labels: {app: agent}}
        spec:
          hostNetwork: true
          nodeName: node-1
          containers: [{name: c, image: i, ports: [{containerPort: 9100, name: metrics}]}]
        status: {podIP: 172.18.0.2}
        ---
        apiVersion: v1
        kind: Node
        metadata: {name: node-1, labels: {role: worker}}
        status: {addresses: [{type: InternalIP, address: 172.18.0.2}]}
        ---
        apiVersion: v1
        kind: Node
        metadata: {name: node-2, labels: {role: infra}}
        status: {addresses: [{type: InternalIP, address: 172.18.0.3}]}
        """;

    private static readonly string TeamA = Namespaces("team: a");
    private static readonly string TeamB = Namespaces("team: b");

    private static readonly string DenyAllFromAnywhere = BaselineAdminNetworkPolicy(AllNamespaces, ingress: [From("Deny", AllNamespaces)]);

    private static readonly string AllowAllNetworkPolicyInA = NetworkPolicy("a/allow-all", "{}", "ingress: [{}]");

    private static readonly string DenyAllNetworkPolicyInA = NetworkPolicy("a/deny-all", "{}", "policyTypes: [Ingress]");

    private static ClusterSnapshot Load(params string[] documents)
    {
        var result = ManifestTestInput.Load(string.Join("\n---\n", documents.Prepend(Base)));
        ManifestTestInput.NoErrors(result);
        return result.Snapshot;
    }

    private static ConnectionVerdict Evaluate(ClusterSnapshot c, string from, string to, int port, Protocol protocol = Protocol.TCP)
    {
        var engine = new PolicyEngine(c);
        Endpoint Ep(string s) => IpAddr.TryParse(s, out var ip) ? engine.ResolveAddress(ip) : new PodEndpoint(c.FindPod(Ref(s))!);
        var verdict = engine.Evaluate(Ep(from), Ep(to), port, protocol);

        // The fast path must agree with the explained one, undetermined included.
        Assert.Equal(verdict.Reachability, engine.Decide(Ep(from), Ep(to), port, protocol));
        return verdict;
    }

    private static Reachability Decide(ClusterSnapshot c, string from, string to, int port, Protocol protocol = Protocol.TCP) =>
        Evaluate(c, from, to, port, protocol).Reachability;

    /// <summary>Each TCP connection has the expected verdict (the failure names the connection).</summary>
    private static void AssertDecides(ClusterSnapshot c, params (string From, string To, int Port, Reachability Expected)[] connections)
    {
        foreach (var (from, to, port, expected) in connections)
        {
            Assert.True(expected == Decide(c, from, to, port), $"{from} -> {to} {port}/TCP: expected {expected}, got {Decide(c, from, to, port)}");
        }
    }

    /// <summary>The normalised IR of a policy without its kind and source locations (which differ between the forms).</summary>
    private static string Canonical(AdminPolicy p)
    {
        static string Peer(AdminPeer peer) => peer switch
        {
            AdminPodsPeer x => $"pods({x.NamespaceSelector};{x.PodSelector})",
            AdminNodesPeer x => $"nodes({x.Selector})",
            AdminNetworksPeer x => $"networks({string.Join(",", x.Networks)})",
            AdminDomainNamesPeer x => $"names({string.Join(",", x.DomainNames)})",
            _ => "?",
        };
        static string Ports(AdminPortList l) => l is AdminPorts ps ? string.Join(",", ps.Items.Select(x => x.ToString())) : "any";
        var rules = p.Ingress.Concat(p.Egress).Select(r => $"{r.Direction}#{r.Index}:{r.Action}[{string.Join("|", r.Peers.Select(Peer))}]({Ports(r.Ports)})");
        return $"{p.Tier}/{p.Priority}/{p.Subject.NamespaceSelector};{p.Subject.PodSelector}/{string.Join(" ", rules)}";
    }

    private static ObjectRef Ref(string s)
    {
        ObjectRef.TryParse(s, out var r);
        return r;
    }

    [Fact]
    public void AdminDeny_NetworkPolicyAllowsAll_IsDenied()
    {
        var v = Evaluate(Load(WebAndClient.FromTeamB(), AllowAllNetworkPolicyInA), "b/client", "a/web", 80);
        Assert.Equal(Reachability.Denied, v.Reachability);
        var side = Assert.IsType<DecidedByTier>(v.Ingress);
        Assert.Equal(PolicyTier.Admin, side.Tier);
        Assert.Equal("deny-b", side.Match.Policy.Name);
    }

    [Fact]
    public void AdminAllow_NetworkPolicyDeniesAll_IsAllowed() =>
        AssertDecides(Load(WebAndClient.FromTeamB("Allow"), DenyAllNetworkPolicyInA), ("b/client", "a/web", 80, Reachability.Allowed));

    [Fact]
    public void AdminPass_NetworkPolicyDeniesAll_NetworkPolicyDecides()
    {
        var v = Evaluate(Load(WebAndClient.FromTeamB("Pass"), DenyAllNetworkPolicyInA), "b/client", "a/web", 80);
        Assert.Equal(Reachability.Denied, v.Reachability);
        Assert.Equal("deny-b", Assert.IsType<DeniedByIsolation>(v.Ingress).Tiers.AdminPass?.Policy.Name);
    }

    [Fact]
    public void AdminPass_NoNetworkPolicy_BaselineDecides()
    {
        var v = Evaluate(Load(WebAndClient.FromTeamB("Pass"), DenyAllFromAnywhere), "b/client", "a/web", 80);
        Assert.Equal(Reachability.Denied, v.Reachability);
        var side = Assert.IsType<DecidedByTier>(v.Ingress);
        Assert.Equal(PolicyTier.Baseline, side.Tier);
        Assert.Equal("deny-b", side.Tiers.AdminPass?.Policy.Name);
    }

    // b has no NetworkPolicy: the baseline decides there.
    [Fact]
    public void BaselineDeny_NetworkPolicySelectsPod_NetworkPolicyDecides() =>
        AssertDecides(Load(DenyAllFromAnywhere, AllowAllNetworkPolicyInA), ("b/client", "a/web", 80, Reachability.Allowed), ("a/web", "b/client", 80, Reachability.Denied));

    [Fact]
    public void NoRuleMatchesInAnyTier_DefaultAllows()
    {
        var v = Evaluate(Load(WebAndClient.FromTeamB(peerTeam: "nobody")), "b/client", "a/web", 80);
        Assert.Equal(Reachability.Allowed, v.Reachability);
        Assert.True(Assert.IsType<NotIsolated>(v.Ingress).Tiers.Present);
    }

    [Theory]
    [InlineData(5, Reachability.Allowed)]
    [InlineData(50, Reachability.Denied)]
    public void LowerPriorityValue_IsEvaluatedFirst(int allowPriority, Reachability expected)
    {
        var allow = AdminNetworkPolicy("allow-b", allowPriority, TeamA, ingress: [From("Allow", TeamB)]);
        AssertDecides(Load(WebAndClient.FromTeamB(), allow), ("b/client", "a/web", 80, expected));
    }

    [Fact]
    public void RulesInOrder_FirstMatchingRuleDecides()
    {
        var anp = AdminNetworkPolicy("ordered", 1, TeamA, ingress:
        [
            From("Allow", "{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: client}}}}", "ports: [{portNumber: {port: 80, protocol: TCP}}]"),
            From("Deny", AllNamespaces),
        ]);
        AssertDecides(Load(anp), ("b/client", "a/web", 80, Reachability.Allowed), ("b/client", "a/web", 81, Reachability.Denied));
    }

    [Fact]
    public void IngressAndEgress_AreDecidedIndependently()
    {
        var egressDeny = AdminNetworkPolicy("egress-deny", 1, TeamB, egress: [To("Deny", TeamA)]);
        var v = Evaluate(Load(egressDeny, WebAndClient.FromTeamB("Allow")), "b/client", "a/web", 80);
        Assert.Equal(Reachability.Denied, v.Reachability);
        Assert.False(v.Egress.Allowed);
        Assert.True(v.Ingress.Allowed);
    }

    // node-agent is host-network: not a subject, not a pods peer.
    [Fact]
    public void HostNetworkPod_IsNeitherSubjectNorPodsPeer() =>
        AssertDecides(
            Load(AdminNetworkPolicy("deny-all", 1, AllNamespaces, ingress: [From("Deny", AllNamespaces)], egress: [To("Deny", AllNamespaces)])),
            ("b/client", "a/web", 80, Reachability.Denied), ("b/client", "a/node-agent", 9100, Reachability.Allowed), ("a/node-agent", "b/client", 80, Reachability.Allowed));

    // node-2 is infra; a pod on node-1 is not the node.
    [Fact]
    public void NodesPeer_MatchesHostNetworkPodOnSelectedNode_AndNodeAddress() =>
        AssertDecides(
            Load(AdminNetworkPolicy("deny-workers", 1, TeamB, egress: [To("Deny", "{nodes: {matchLabels: {role: worker}}}")])),
            ("b/client", "a/node-agent", 9100, Reachability.Denied), ("b/client", "172.18.0.2", 22, Reachability.Denied),
            ("b/client", "172.18.0.3", 22, Reachability.Allowed), ("b/client", "a/web", 80, Reachability.Allowed));

    [Fact]
    public void NetworksPeer_MatchesPodAddressesToo() =>
        AssertDecides(
            Load(AdminNetworkPolicy("deny-internet", 1, TeamB, egress: [To("Deny", "{networks: [0.0.0.0/0]}")])),
            ("b/client", "8.8.8.8", 443, Reachability.Denied), ("b/client", "a/web", 80, Reachability.Denied));

    [Fact]
    public void NamedPort_ResolvesOnTheDestinationPod()
    {
        var c = Load(AdminNetworkPolicy("deny-http", 1, TeamA, ingress: [From("Deny", AllNamespaces, "ports: [{namedPort: http}]")]));
        AssertDecides(c, ("b/client", "a/web", 80, Reachability.Denied), ("b/client", "a/web", 8080, Reachability.Allowed));
        Assert.Equal(Reachability.Allowed, Decide(c, "b/client", "a/web", 80, Protocol.UDP));
    }

    [Fact]
    public void SamePriority_MatchingWithDifferentActions_IsUndetermined()
    {
        var v = Evaluate(Load(WebAndClient.FromTeamB(), WebAndClient.FromTeamB("Allow", "allow-b")), "b/client", "a/web", 80);
        Assert.Equal(Reachability.Undetermined, v.Reachability);
        var side = Assert.IsType<UndeterminedByTier>(v.Ingress);
        Assert.Equal(UndeterminedReason.SamePriorityConflict, side.Reason);
        Assert.Equal(2, side.Rules.Count);
    }

    [Fact]
    public void SamePriority_MatchingWithTheSameAction_IsDecidedAndFlagged()
    {
        var v = Evaluate(Load(WebAndClient.FromTeamB(), WebAndClient.FromTeamB(name: "deny-b-too")), "b/client", "a/web", 80);
        Assert.Equal(Reachability.Denied, v.Reachability);
        Assert.True(Assert.IsType<DecidedByTier>(v.Ingress).Ambiguous);
    }

    [Fact]
    public void UndeterminedSide_OtherSideDenied_IsDenied()
    {
        var egressDeny = AdminNetworkPolicy("egress-deny", 1, TeamB, egress: [To("Deny", AllNamespaces)]);
        AssertDecides(Load(WebAndClient.FromTeamB(), WebAndClient.FromTeamB("Allow", "allow-b"), egressDeny), ("b/client", "a/web", 80, Reachability.Denied));
    }

    [Fact]
    public void DomainNamesPeer_MayMatch_IsUndetermined()
    {
        var cnp = ClusterNetworkPolicy("allow-example", "Admin", 1, TeamB, egress: [To("Accept", "{domainNames: [example.com]}"), To("Deny", "{networks: [0.0.0.0/0]}")]);
        var v = Evaluate(Load(cnp), "b/client", "93.184.216.34", 443);
        Assert.Equal(Reachability.Undetermined, v.Reachability);
        Assert.Equal(UndeterminedReason.DomainNames, Assert.IsType<UndeterminedByTier>(v.Egress).Reason);
    }

    [Fact]
    public void BaselinePassInV1Alpha2_GoesToTheDefault_IsAllowed() =>
        AssertDecides(
            Load(ClusterNetworkPolicy("baseline", "Baseline", 1, AllNamespaces, ingress: [From("Pass", TeamB), From("Deny", AllNamespaces)])),
            ("b/client", "a/web", 80, Reachability.Allowed), ("a/web", "b/client", 80, Reachability.Denied));

    [Fact]
    public void V1Alpha1AndV1Alpha2Forms_OfTheSamePolicies_GiveTheSameMatrix()
    {
        const string guarded = "{pods: {namespaceSelector: {matchLabels: {team: a}}, podSelector: {matchLabels: {app: web}}}}";
        var v1 = Join(
            AdminNetworkPolicy("guard", 3, guarded,
                ingress:
                [
                    From("Allow", TeamB, "ports: [{portNumber: {port: 80, protocol: TCP}}]"),
                    From("Pass", "{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: client}}}}", "ports: [{portRange: {start: 8000, end: 8999, protocol: TCP}}]"),
                    From("Deny", AllNamespaces),
                ],
                egress: [To("Deny", "{networks: [10.0.2.0/24]}", "ports: [{portNumber: {port: 53, protocol: UDP}}]")]),
            BaselineAdminNetworkPolicy(AllNamespaces, ingress: [From("Deny", TeamB, "ports: [{namedPort: http}]")]));
        var v2 = Join(
            ClusterNetworkPolicy("guard", "Admin", 3, guarded,
                ingress:
                [
                    From("Accept", TeamB, "protocols: [{tcp: {destinationPort: {number: 80}}}]"),
                    From("Pass", "{pods: {podSelector: {matchLabels: {app: client}}}}", "protocols: [{tcp: {destinationPort: {range: {start: 8000, end: 8999}}}}]"),
                    From("Deny", AllNamespaces),
                ],
                egress: [To("Deny", "{networks: [10.0.2.0/24]}", "protocols: [{udp: {destinationPort: {number: 53}}}]")]),
            ClusterNetworkPolicy("default", "Baseline", 0, AllNamespaces, ingress: [From("Deny", TeamB, "protocols: [{destinationNamedPort: http}]")]));
        var c1 = Load(v1);
        var c2 = Load(v2);

        // The normalised IR is the same but for the kind.
        Assert.Equal(c1.AdminPolicies.Select(Canonical), c2.AdminPolicies.Select(Canonical));
        string[] ports = ["80/TCP", "8080/TCP", "8500/TCP", "53/UDP", "9100/TCP"];
        var requested = ports.Select(p => { PortProtocol.TryParse(p, out var pp, out _); return pp; }).ToList();
        var m1 = new ConnectivityMatrix(new PolicyEngine(c1), requested).Connections().Select(x => (x.From.Id, x.To.Id, x.Port, x.Allowed, x.Undetermined)).ToList();
        var m2 = new ConnectivityMatrix(new PolicyEngine(c2), requested).Connections().Select(x => (x.From.Id, x.To.Id, x.Port, x.Allowed, x.Undetermined)).ToList();
        Assert.Equal(m1, m2);
        Assert.Contains(m1, x => !x.Allowed); // the policies do something
    }
}
