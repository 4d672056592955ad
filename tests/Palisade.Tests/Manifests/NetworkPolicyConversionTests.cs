using Palisade.Model;
using Palisade.Net;
using static Palisade.Tests.Manifests.ManifestTestInput;

namespace Palisade.Tests.Manifests;

public class NetworkPolicyConversionTests
{
    private static NetworkPolicy Policy(string spec)
    {
        var result = Load($"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\n  labels: {{a: b}}\n  annotations: {{note: hi}}\nspec:\n{spec}");
        NoErrors(result);
        return Assert.Single(result.Snapshot.Policies);
    }

    [Fact]
    public void PolicyTypes_Absent_AreDefaultedFromEgressRules()
    {
        var p = Policy("  podSelector: {}\n  egress: [{}]\n");

        Assert.False(p.PolicyTypesDeclared);
        Assert.Equal(PolicyTypes.Ingress | PolicyTypes.Egress, p.PolicyTypes);
        Assert.Equal("b", p.Labels["a"]);
        Assert.Equal("hi", p.Annotations["note"]);
    }

    [Fact]
    public void PolicyTypes_Declared_AreKept()
    {
        var p = Policy("  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n");

        Assert.True(p.PolicyTypesDeclared);
        Assert.Equal(PolicyTypes.Egress, p.PolicyTypes);
        Assert.Equal(LabelSelector.MatchLabels("app", "web"), p.PodSelector);
        Assert.Empty(p.Ingress);
    }

    [Fact]
    public void PodSelector_Absent_SelectsEverything()
    {
        var p = Policy("  ingress: []\n");

        Assert.True(p.PodSelector.IsEverything);
        Assert.Equal(PolicyTypes.Ingress, p.PolicyTypes);
    }

    [Fact]
    public void Peers_OfEachShape_ConvertWithKubernetesMeaning()
    {
        var p = Policy("""
              podSelector: {}
              ingress:
              # from the web tier
              - from:
                - podSelector: {matchLabels: {app: web}}
                - namespaceSelector: {matchLabels: {team: a}}
                - namespaceSelector: {}
                  podSelector:
                    matchExpressions:
                    - {key: tier, operator: NotIn, values: [db]}
                    - {key: debug, operator: DoesNotExist}
                - ipBlock: {cidr: 10.244.1.11/4, except: [10.1.0.0/16]}
              - from: []
                ports: []
              - {}

            """);

        Assert.Equal(3, p.Ingress.Count);
        var rule = p.Ingress[0];
        Assert.Equal(0, rule.Index);
        Assert.Equal("from the web tier", rule.Comment);
        Assert.Equal(new SourceLocation("test.yaml", 12, 5), rule.Location);
        var peers = Assert.IsType<Peers>(rule.Peers).Items;
        // Peers and ports carry their location, which takes part in record equality.
        Assert.Equal(new PodPeer(LabelSelector.MatchLabels("app", "web"), PolicyNamespace.Instance) { Location = peers[0].Location }, peers[0]);
        Assert.Equal(new SourceLocation("test.yaml", 13, 7), peers[0].Location);
        var nsOnly = Assert.IsType<PodPeer>(peers[1]);
        Assert.False(nsOnly.HasPodSelector);
        Assert.True(nsOnly.PodSelector.IsEverything);
        Assert.Equal(new SelectedNamespaces(LabelSelector.MatchLabels("team", "a")), nsOnly.Namespaces);
        var both = Assert.IsType<PodPeer>(peers[2]);
        Assert.True(both.HasPodSelector);
        Assert.Equal(new SelectedNamespaces(LabelSelector.Everything), both.Namespaces);
        Assert.Equal(
            [
                new SelectorRequirement("tier", SelectorOperator.NotIn, new[] { "db" }),
                new SelectorRequirement("debug", SelectorOperator.DoesNotExist, EquatableArray<string>.Empty),
            ],
            both.PodSelector.Requirements.ToArray());
        var block = Assert.IsType<IpBlockPeer>(peers[3]);
        Assert.Equal(IpCidr.Parse("0.0.0.0/4"), block.Cidr);
        Assert.Equal([IpCidr.Parse("10.1.0.0/16")], block.Except.ToArray());
        Assert.Same(AnyPort.Instance, rule.Ports);

        Assert.Same(AnyPeer.Instance, p.Ingress[1].Peers);
        Assert.Same(AnyPort.Instance, p.Ingress[1].Ports);
        Assert.Same(AnyPeer.Instance, p.Ingress[2].Peers);
        Assert.Equal(2, p.Ingress[2].Index);
        Assert.Null(p.Ingress[2].Comment);
    }

    [Fact]
    public void Ports_OfEachShape_ConvertWithDefaults()
    {
        var p = Policy("""
              podSelector: {}
              egress:
              - ports:
                - port: 53
                  protocol: UDP
                - port: 8080
                - port: 30000
                  endPort: 32767
                - port: http
                - protocol: SCTP

            """);

        var rule = Assert.Single(p.Egress);
        Assert.Same(AnyPeer.Instance, rule.Peers);
        var ports = Assert.IsType<Ports>(rule.Ports).Items;
        Assert.Equal(
            [
                new PolicyPort(Protocol.UDP, new PortNumberRange(53, 53)),
                new PolicyPort(Protocol.TCP, new PortNumberRange(8080, 8080)),
                new PolicyPort(Protocol.TCP, new PortNumberRange(30000, 32767)),
                new PolicyPort(Protocol.TCP, new NamedPort("http")),
                new PolicyPort(Protocol.SCTP, AnyPortNumber.Instance),
            ],
            ports.Select(x => x with { Location = SourceLocation.None }).ToArray());
    }
}
