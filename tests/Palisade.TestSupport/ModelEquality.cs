using Palisade.Model;
using Xunit;

namespace Palisade.TestSupport;

/// <summary>
/// Equality of snapshots up to where things were written: source locations and the comments above rules (YAML
/// comments are not part of a Kubernetes object) are cleared, everything else is compared with the model's own
/// record equality, one collection at a time so a failure names the object that differs.
/// </summary>
public static class ModelEquality
{
    /// <summary>Asserts that two snapshots hold the same objects, ignoring locations and rule comments.</summary>
    public static void AssertEqual(ClusterSnapshot expected, ClusterSnapshot actual)
    {
        var e = WithoutSources(expected);
        var a = WithoutSources(actual);
        Assert.Equal(e.Namespaces, a.Namespaces);
        Assert.Equal(e.Nodes, a.Nodes);
        Assert.Equal(e.Workloads, a.Workloads);
        // The snapshot orders pods by reference only; stand-ins of two workloads of one name (a Deployment and a
        // StatefulSet x/web) share it, so those are compared in a fixed order.
        Assert.Equal(PodOrder(e.Pods), PodOrder(a.Pods));
        Assert.Equal(e.Services, a.Services);
        Assert.Equal(e.Policies, a.Policies);
        Assert.Equal(e.AdminPolicies, a.AdminPolicies);
    }

    private static List<Pod> PodOrder(IEnumerable<Pod> pods) =>
        [.. pods.OrderBy(p => p.Ref).ThenBy(p => p.Owner?.Kind, StringComparer.Ordinal).ThenBy(p => p.FromTemplate)];

    /// <summary>The snapshot with every source location and rule comment cleared.</summary>
    public static ClusterSnapshot WithoutSources(ClusterSnapshot s) => new(
        s.Namespaces.Select(n => n with { Location = SourceLocation.None }),
        s.Pods.Select(p => p with { Location = SourceLocation.None }),
        s.Workloads.Select(w => w with { Location = SourceLocation.None }),
        s.Services.Select(x => x with { Location = SourceLocation.None }),
        s.Policies.Select(Policy),
        s.AdminPolicies.Select(AdminPolicy),
        s.Nodes.Select(n => n with { Location = SourceLocation.None }));

    private static NetworkPolicy Policy(NetworkPolicy p) => p with
    {
        Location = SourceLocation.None,
        Ingress = p.Ingress.Select(Rule).ToEquatableArray(),
        Egress = p.Egress.Select(Rule).ToEquatableArray(),
    };

    private static PolicyRule Rule(PolicyRule r) => r with
    {
        Location = SourceLocation.None,
        Comment = null,
        Peers = r.Peers is Peers peers ? new Peers(peers.Items.Select(p => p with { Location = SourceLocation.None }).ToEquatableArray()) : r.Peers,
        Ports = r.Ports is Ports ports ? new Ports(ports.Items.Select(p => p with { Location = SourceLocation.None }).ToEquatableArray()) : r.Ports,
    };

    private static AdminPolicy AdminPolicy(AdminPolicy p) => p with
    {
        Location = SourceLocation.None,
        Ingress = p.Ingress.Select(AdminRule).ToEquatableArray(),
        Egress = p.Egress.Select(AdminRule).ToEquatableArray(),
    };

    private static AdminRule AdminRule(AdminRule r) => r with
    {
        Location = SourceLocation.None,
        Peers = r.Peers.Select(p => p with { Location = SourceLocation.None }).ToEquatableArray(),
        Ports = r.Ports is AdminPorts ports ? new AdminPorts(ports.Items.Select(p => p with { Location = SourceLocation.None }).ToEquatableArray()) : r.Ports,
    };
}
