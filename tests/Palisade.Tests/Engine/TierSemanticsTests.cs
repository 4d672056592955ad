using Palisade.Engine;
using Palisade.Manifests;
using Palisade.Model;
using Palisade.Net;
using Palisade.Tests.Manifests;

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

    private const string DenyClientToWebAnp = WebAndClient.DenyTeamB;

    private const string AllowAllNetworkPolicyInA = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: allow-all, namespace: a}
        spec:
          podSelector: {}
          ingress: [{}]
        """;

    private const string DenyAllNetworkPolicyInA = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-all, namespace: a}
        spec:
          podSelector: {}
          policyTypes: [Ingress]
        """;

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
        var c = Load(DenyClientToWebAnp, AllowAllNetworkPolicyInA);
        var v = Evaluate(c, "b/client", "a/web", 80);
        Assert.Equal(Reachability.Denied, v.Reachability);
        var side = Assert.IsType<DecidedByTier>(v.Ingress);
        Assert.Equal(PolicyTier.Admin, side.Tier);
        Assert.Equal("deny-b", side.Match.Policy.Name);
    }

    [Fact]
    public void AdminAllow_NetworkPolicyDeniesAll_IsAllowed()
    {
        var anp = DenyClientToWebAnp.Replace("action: Deny", "action: Allow", StringComparison.Ordinal);
        Assert.Equal(Reachability.Allowed, Decide(Load(anp, DenyAllNetworkPolicyInA), "b/client", "a/web", 80));
    }

    [Fact]
    public void AdminPass_NetworkPolicyDeniesAll_NetworkPolicyDecides()
    {
        var anp = DenyClientToWebAnp.Replace("action: Deny", "action: Pass", StringComparison.Ordinal);
        var v = Evaluate(Load(anp, DenyAllNetworkPolicyInA), "b/client", "a/web", 80);
        Assert.Equal(Reachability.Denied, v.Reachability);
        var side = Assert.IsType<DeniedByIsolation>(v.Ingress);
        Assert.Equal("deny-b", side.Tiers.AdminPass?.Policy.Name);
    }

    [Fact]
    public void AdminPass_NoNetworkPolicy_BaselineDecides()
    {
        var anp = DenyClientToWebAnp.Replace("action: Deny", "action: Pass", StringComparison.Ordinal);
        const string banp = """
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: BaselineAdminNetworkPolicy
            metadata: {name: default}
            spec:
              subject: {namespaces: {}}
              ingress:
              - {action: Deny, from: [{namespaces: {}}]}
            """;
        var v = Evaluate(Load(anp, banp), "b/client", "a/web", 80);
        Assert.Equal(Reachability.Denied, v.Reachability);
        var side = Assert.IsType<DecidedByTier>(v.Ingress);
        Assert.Equal(PolicyTier.Baseline, side.Tier);
        Assert.Equal("deny-b", side.Tiers.AdminPass?.Policy.Name);
    }

    [Fact]
    public void BaselineDeny_NetworkPolicySelectsPod_NetworkPolicyDecides()
    {
        const string banp = """
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: BaselineAdminNetworkPolicy
            metadata: {name: default}
            spec:
              subject: {namespaces: {}}
              ingress:
              - {action: Deny, from: [{namespaces: {}}]}
            """;
        var c = Load(banp, AllowAllNetworkPolicyInA);
        Assert.Equal(Reachability.Allowed, Decide(c, "b/client", "a/web", 80));
        Assert.Equal(Reachability.Denied, Decide(c, "a/web", "b/client", 80)); // b has no NetworkPolicy: baseline decides
    }

    [Fact]
    public void NoRuleMatchesInAnyTier_DefaultAllows()
    {
        var anp = DenyClientToWebAnp.Replace("team: b}}}", "team: nobody}}}", StringComparison.Ordinal);
        var v = Evaluate(Load(anp), "b/client", "a/web", 80);
        Assert.Equal(Reachability.Allowed, v.Reachability);
        Assert.True(Assert.IsType<NotIsolated>(v.Ingress).Tiers.Present);
    }

    [Fact]
    public void LowerPriorityValue_IsEvaluatedFirst()
    {
        const string allowAt5 = """
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: allow-b}
            spec:
              priority: 5
              subject: {namespaces: {matchLabels: {team: a}}}
              ingress:
              - {action: Allow, from: [{namespaces: {matchLabels: {team: b}}}]}
            """;
        Assert.Equal(Reachability.Allowed, Decide(Load(DenyClientToWebAnp, allowAt5), "b/client", "a/web", 80));
        Assert.Equal(Reachability.Denied, Decide(Load(DenyClientToWebAnp, allowAt5.Replace("priority: 5", "priority: 50", StringComparison.Ordinal)), "b/client", "a/web", 80));
    }

    [Fact]
    public void RulesInOrder_FirstMatchingRuleDecides()
    {
        const string anp = """
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: ordered}
            spec:
              priority: 1
              subject: {namespaces: {matchLabels: {team: a}}}
              ingress:
              - {action: Allow, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: client}}}}], ports: [{portNumber: {port: 80, protocol: TCP}}]}
              - {action: Deny, from: [{namespaces: {}}]}
            """;
        var c = Load(anp);
        Assert.Equal(Reachability.Allowed, Decide(c, "b/client", "a/web", 80));
        Assert.Equal(Reachability.Denied, Decide(c, "b/client", "a/web", 81));
    }

    [Fact]
    public void IngressAndEgress_AreDecidedIndependently()
    {
        const string anp = """
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: egress-deny}
            spec:
              priority: 1
              subject: {namespaces: {matchLabels: {team: b}}}
              egress:
              - {action: Deny, to: [{namespaces: {matchLabels: {team: a}}}]}
            """;
        var allowIngress = DenyClientToWebAnp.Replace("action: Deny", "action: Allow", StringComparison.Ordinal);
        var v = Evaluate(Load(anp, allowIngress), "b/client", "a/web", 80);
        Assert.Equal(Reachability.Denied, v.Reachability);
        Assert.False(v.Egress.Allowed);
        Assert.True(v.Ingress.Allowed);
    }

    [Fact]
    public void HostNetworkPod_IsNeitherSubjectNorPodsPeer()
    {
        const string anp = """
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: deny-all}
            spec:
              priority: 1
              subject: {namespaces: {}}
              ingress:
              - {action: Deny, from: [{namespaces: {}}]}
              egress:
              - {action: Deny, to: [{namespaces: {}}]}
            """;
        var c = Load(anp);
        Assert.Equal(Reachability.Denied, Decide(c, "b/client", "a/web", 80));
        Assert.Equal(Reachability.Allowed, Decide(c, "b/client", "a/node-agent", 9100)); // not a subject, not a pods peer
        Assert.Equal(Reachability.Allowed, Decide(c, "a/node-agent", "b/client", 80));
    }

    [Fact]
    public void NodesPeer_MatchesHostNetworkPodOnSelectedNode_AndNodeAddress()
    {
        const string anp = """
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: deny-workers}
            spec:
              priority: 1
              subject: {namespaces: {matchLabels: {team: b}}}
              egress:
              - {action: Deny, to: [{nodes: {matchLabels: {role: worker}}}]}
            """;
        var c = Load(anp);
        Assert.Equal(Reachability.Denied, Decide(c, "b/client", "a/node-agent", 9100));
        Assert.Equal(Reachability.Denied, Decide(c, "b/client", "172.18.0.2", 22));
        Assert.Equal(Reachability.Allowed, Decide(c, "b/client", "172.18.0.3", 22)); // node-2 is infra
        Assert.Equal(Reachability.Allowed, Decide(c, "b/client", "a/web", 80)); // a pod on node-1 is not the node
    }

    [Fact]
    public void NetworksPeer_MatchesPodAddressesToo()
    {
        const string anp = """
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: deny-internet}
            spec:
              priority: 1
              subject: {namespaces: {matchLabels: {team: b}}}
              egress:
              - {action: Deny, to: [{networks: [0.0.0.0/0]}]}
            """;
        var c = Load(anp);
        Assert.Equal(Reachability.Denied, Decide(c, "b/client", "8.8.8.8", 443));
        Assert.Equal(Reachability.Denied, Decide(c, "b/client", "a/web", 80));
    }

    [Fact]
    public void NamedPort_ResolvesOnTheDestinationPod()
    {
        const string anp = """
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: deny-http}
            spec:
              priority: 1
              subject: {namespaces: {matchLabels: {team: a}}}
              ingress:
              - {action: Deny, from: [{namespaces: {}}], ports: [{namedPort: http}]}
            """;
        var c = Load(anp);
        Assert.Equal(Reachability.Denied, Decide(c, "b/client", "a/web", 80));
        Assert.Equal(Reachability.Allowed, Decide(c, "b/client", "a/web", 8080));
        Assert.Equal(Reachability.Allowed, Decide(c, "b/client", "a/web", 80, Protocol.UDP));
    }

    [Fact]
    public void SamePriority_MatchingWithDifferentActions_IsUndetermined()
    {
        var allowAt10 = DenyClientToWebAnp.Replace("deny-b", "allow-b", StringComparison.Ordinal).Replace("action: Deny", "action: Allow", StringComparison.Ordinal);
        var v = Evaluate(Load(DenyClientToWebAnp, allowAt10), "b/client", "a/web", 80);
        Assert.Equal(Reachability.Undetermined, v.Reachability);
        var side = Assert.IsType<UndeterminedByTier>(v.Ingress);
        Assert.Equal(UndeterminedReason.SamePriorityConflict, side.Reason);
        Assert.Equal(2, side.Rules.Count);
    }

    [Fact]
    public void SamePriority_MatchingWithTheSameAction_IsDecidedAndFlagged()
    {
        var second = DenyClientToWebAnp.Replace("deny-b", "deny-b-too", StringComparison.Ordinal);
        var v = Evaluate(Load(DenyClientToWebAnp, second), "b/client", "a/web", 80);
        Assert.Equal(Reachability.Denied, v.Reachability);
        Assert.True(Assert.IsType<DecidedByTier>(v.Ingress).Ambiguous);
    }

    [Fact]
    public void UndeterminedSide_OtherSideDenied_IsDenied()
    {
        var allowAt10 = DenyClientToWebAnp.Replace("deny-b", "allow-b", StringComparison.Ordinal).Replace("action: Deny", "action: Allow", StringComparison.Ordinal);
        const string egressDeny = """
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: egress-deny}
            spec:
              priority: 1
              subject: {namespaces: {matchLabels: {team: b}}}
              egress:
              - {action: Deny, to: [{namespaces: {}}]}
            """;
        Assert.Equal(Reachability.Denied, Decide(Load(DenyClientToWebAnp, allowAt10, egressDeny), "b/client", "a/web", 80));
    }

    [Fact]
    public void DomainNamesPeer_MayMatch_IsUndetermined()
    {
        const string cnp = """
            apiVersion: policy.networking.k8s.io/v1alpha2
            kind: ClusterNetworkPolicy
            metadata: {name: allow-example}
            spec:
              tier: Admin
              priority: 1
              subject: {namespaces: {matchLabels: {team: b}}}
              egress:
              - {action: Accept, to: [{domainNames: [example.com]}]}
              - {action: Deny, to: [{networks: [0.0.0.0/0]}]}
            """;
        var c = Load(cnp);
        var v = Evaluate(c, "b/client", "93.184.216.34", 443);
        Assert.Equal(Reachability.Undetermined, v.Reachability);
        Assert.Equal(UndeterminedReason.DomainNames, Assert.IsType<UndeterminedByTier>(v.Egress).Reason);
    }

    [Fact]
    public void BaselinePassInV1Alpha2_GoesToTheDefault_IsAllowed()
    {
        const string cnp = """
            apiVersion: policy.networking.k8s.io/v1alpha2
            kind: ClusterNetworkPolicy
            metadata: {name: baseline}
            spec:
              tier: Baseline
              priority: 1
              subject: {namespaces: {}}
              ingress:
              - {action: Pass, from: [{namespaces: {matchLabels: {team: b}}}]}
              - {action: Deny, from: [{namespaces: {}}]}
            """;
        var c = Load(cnp);
        Assert.Equal(Reachability.Allowed, Decide(c, "b/client", "a/web", 80));
        Assert.Equal(Reachability.Denied, Decide(c, "a/web", "b/client", 80));
    }

    [Fact]
    public void V1Alpha1AndV1Alpha2Forms_OfTheSamePolicies_GiveTheSameMatrix()
    {
        const string v1 = """
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: guard}
            spec:
              priority: 3
              subject: {pods: {namespaceSelector: {matchLabels: {team: a}}, podSelector: {matchLabels: {app: web}}}}
              ingress:
              - {action: Allow, from: [{namespaces: {matchLabels: {team: b}}}], ports: [{portNumber: {port: 80, protocol: TCP}}]}
              - {action: Pass, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: client}}}}], ports: [{portRange: {start: 8000, end: 8999, protocol: TCP}}]}
              - {action: Deny, from: [{namespaces: {}}]}
              egress:
              - {action: Deny, to: [{networks: [10.0.2.0/24]}], ports: [{portNumber: {port: 53, protocol: UDP}}]}
            ---
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: BaselineAdminNetworkPolicy
            metadata: {name: default}
            spec:
              subject: {namespaces: {}}
              ingress:
              - {action: Deny, from: [{namespaces: {matchLabels: {team: b}}}], ports: [{namedPort: http}]}
            """;
        const string v2 = """
            apiVersion: policy.networking.k8s.io/v1alpha2
            kind: ClusterNetworkPolicy
            metadata: {name: guard}
            spec:
              tier: Admin
              priority: 3
              subject: {pods: {namespaceSelector: {matchLabels: {team: a}}, podSelector: {matchLabels: {app: web}}}}
              ingress:
              - {action: Accept, from: [{namespaces: {matchLabels: {team: b}}}], protocols: [{tcp: {destinationPort: {number: 80}}}]}
              - {action: Pass, from: [{pods: {podSelector: {matchLabels: {app: client}}}}], protocols: [{tcp: {destinationPort: {range: {start: 8000, end: 8999}}}}]}
              - {action: Deny, from: [{namespaces: {}}]}
              egress:
              - {action: Deny, to: [{networks: [10.0.2.0/24]}], protocols: [{udp: {destinationPort: {number: 53}}}]}
            ---
            apiVersion: policy.networking.k8s.io/v1alpha2
            kind: ClusterNetworkPolicy
            metadata: {name: default}
            spec:
              tier: Baseline
              priority: 0
              subject: {namespaces: {}}
              ingress:
              - {action: Deny, from: [{namespaces: {matchLabels: {team: b}}}], protocols: [{destinationNamedPort: http}]}
            """;
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
