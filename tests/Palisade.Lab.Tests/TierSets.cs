using Palisade.Model;
using Palisade.Net;
using static Palisade.Lab.Tests.Models;

namespace Palisade.Lab.Tests;

/// <summary>
/// Clusters over the e2e pods (x, y, z × a, b, c; pod IPs 10.42.10–12.10–12) with all three tiers: admin, NetworkPolicy
/// and baseline. Hand-written ones for the golden rulesets, seeded random ones for the differential test.
/// </summary>
internal static class TierSets
{
    public static AdminSubject Namespaces(LabelSelector ns) => new(ns, LabelSelector.Everything);

    public static AdminPodsPeer PodsIn(LabelSelector ns, LabelSelector pods) => new(ns, pods) { WrittenAsPods = true };

    public static AdminNetworksPeer Networks(params string[] cidrs) => new(cidrs.Select(IpCidr.Parse).ToEquatableArray());

    public static AdminPortRange TcpRange(int first, int last) => new(Protocol.TCP, first, last);

    public static AdminRule Rule(Direction d, int index, AdminAction action, AdminPeer[] peers, AdminPort[]? ports = null, string name = "") =>
        new(d, index, name, action, peers.ToEquatableArray(), ports is null ? AnyAdminPort.Instance : new AdminPorts(ports.ToEquatableArray()));

    public static AdminPolicy Admin(AdminPolicyKind kind, string name, PolicyTier tier, int priority, AdminSubject subject, AdminRule[] ingress, AdminRule[] egress) =>
        new(kind, name, tier, priority, subject, ingress.ToEquatableArray(), egress.ToEquatableArray());

    /// <summary>The hand-written tier clusters, by scenario name.</summary>
    public static IReadOnlyDictionary<string, ClusterSnapshot> All { get; } = new SortedDictionary<string, ClusterSnapshot>(StringComparer.Ordinal)
    {
        // Admin Deny, Pass and Allow in order; Pass reaches a NetworkPolicy for x/b and the baseline for x/a and x/c.
        ["tiers-admin-pass-baseline"] = E2E(
                Policy("x", "b-ingress", Sel("pod", "b"), I, ingress: [([NsSel("ns", "y")], [Port(Protocol.TCP, 80)])]))
            .WithAdminPolicies(
            [
                Admin(AdminPolicyKind.AdminNetworkPolicy, "guard-x", PolicyTier.Admin, 10, Namespaces(Sel("ns", "x")),
                    ingress:
                    [
                        Rule(Direction.Ingress, 0, AdminAction.Deny, [PodsIn(Sel("ns", "y"), Sel("pod", "a"))], [TcpRange(80, 80)], "no-y-a-on-80"),
                        Rule(Direction.Ingress, 1, AdminAction.Pass, [PodsIn(Sel("ns", "y"), LabelSelector.Everything)], name: "y-to-owners"),
                        Rule(Direction.Ingress, 2, AdminAction.Allow, [PodsIn(Sel("ns", "z"), LabelSelector.Everything)], [new AdminPortRange(Protocol.UDP, 81, 81)]),
                    ],
                    egress: [Rule(Direction.Egress, 0, AdminAction.Deny, [Networks("10.42.12.0/24")], [TcpRange(81, 81)], "no-z-81")]),
                Admin(AdminPolicyKind.AdminNetworkPolicy, "allow-z-c", PolicyTier.Admin, 20, Namespaces(Sel("ns", "x")),
                    ingress: [Rule(Direction.Ingress, 0, AdminAction.Allow, [PodsIn(Sel("ns", "z"), Sel("pod", "c"))])], egress: []),
                Admin(AdminPolicyKind.BaselineAdminNetworkPolicy, "default", PolicyTier.Baseline, 0, Namespaces(LabelSelector.Everything),
                    ingress: [Rule(Direction.Ingress, 0, AdminAction.Deny, [PodsIn(LabelSelector.Everything, LabelSelector.Everything)])],
                    egress: [Rule(Direction.Egress, 0, AdminAction.Pass, [Networks("10.42.11.0/24")]), Rule(Direction.Egress, 1, AdminAction.Deny, [Networks("0.0.0.0/0")], [TcpRange(80, 80)])]),
            ]),

        // v1alpha2 in both tiers, named ports resolved on either end, networks covering pod addresses.
        ["tiers-cnp-named-ports"] = E2E(
                Policy("y", "a-egress", Sel("pod", "a"), E, egress: [([NsSel("ns", "z")], null)]))
            .WithAdminPolicies(
            [
                Admin(AdminPolicyKind.ClusterNetworkPolicy, "udp-names", PolicyTier.Admin, 5, Namespaces(Sel("ns", "y")),
                    ingress: [Rule(Direction.Ingress, 0, AdminAction.Deny, [PodsIn(Sel("ns", "x"), LabelSelector.Everything)], [new AdminNamedPort("serve-81-udp")])],
                    egress: [Rule(Direction.Egress, 0, AdminAction.Allow, [PodsIn(Sel("ns", "x"), Sel("pod", "b"))], [new AdminNamedPort("serve-80-sctp")])]),
                Admin(AdminPolicyKind.ClusterNetworkPolicy, "baseline-y", PolicyTier.Baseline, 3, Namespaces(Sel("ns", "y")),
                    ingress: [], egress: [Rule(Direction.Egress, 0, AdminAction.Deny, [Networks("10.42.0.0/16", "::/0")], [TcpRange(80, 81), new AdminPortRange(Protocol.SCTP, 80, 80)])]),
                Admin(AdminPolicyKind.ClusterNetworkPolicy, "baseline-y-late", PolicyTier.Baseline, 7, Namespaces(Sel("ns", "y")),
                    ingress: [Rule(Direction.Ingress, 0, AdminAction.Deny, [PodsIn(Sel("ns", "z"), Sel("pod", "a"))])], egress: []),
            ]),
    };

    /// <summary>
    /// A seeded random cluster with all three tiers: <see cref="PolicySets.Random"/>'s NetworkPolicies and one to three
    /// admin and zero to two baseline policies of distinct priorities (equal priorities are refused by the lab, PAL225).
    /// </summary>
    public static ClusterSnapshot Random(int seed)
    {
        var rnd = new Random(seed * 7919);
        var nss = new[] { "x", "y", "z" };
        var podNames = new[] { "a", "b", "c" };
        string Pick(string[] a) => a[rnd.Next(a.Length)];
        LabelSelector NsSelector() => rnd.Next(3) == 0 ? LabelSelector.Everything : Sel("ns", Pick(nss));
        LabelSelector PodSelector() => rnd.Next(2) == 0 ? LabelSelector.Everything : Sel("pod", Pick(podNames));
        AdminPeer Peer(Direction d) => (d == Direction.Egress ? rnd.Next(4) : rnd.Next(3)) switch
        {
            0 => PodsIn(NsSelector(), PodSelector()),
            1 => new AdminPodsPeer(NsSelector(), LabelSelector.Everything),
            2 => PodsIn(Sel("ns", Pick(nss)), Sel("pod", Pick(podNames))),
            _ => Networks(Pick(["10.42.10.0/24", $"10.42.{10 + rnd.Next(3)}.{10 + rnd.Next(3)}/32", "10.42.0.0/16", "0.0.0.0/0", "10.42.11.8/30"])),
        };
        AdminPort Port(bool names) => rnd.Next(names ? 6 : 4) switch
        {
            0 => TcpRange(80, 80),
            1 => TcpRange(80, 81),
            2 => new AdminPortRange(Protocol.UDP, 81, 81),
            3 => new AdminPortRange(Protocol.SCTP, 80, 81),
            4 => new AdminNamedPort("serve-81-udp"),
            _ => new AdminNamedPort("serve-80-tcp"),
        };
        AdminRule Rule(Direction d, int index)
        {
            var peers = Enumerable.Range(0, 1 + rnd.Next(2)).Select(_ => Peer(d)).ToArray();
            var names = peers.All(p => p is AdminPodsPeer); // the CRDs' CEL rule (PAL127)
            var ports = rnd.Next(3) == 0 ? null : Enumerable.Range(0, 1 + rnd.Next(2)).Select(_ => Port(names)).ToArray();
            var action = (AdminAction)rnd.Next(3);
            return TierSets.Rule(d, index, action, peers, ports);
        }

        AdminRule[] Rules(Direction d) => [.. Enumerable.Range(0, rnd.Next(3)).Select(i => Rule(d, i))];
        AdminSubject Subject() => rnd.Next(2) == 0 ? Namespaces(NsSelector()) : new AdminSubject(NsSelector(), PodSelector()) { WrittenAsPods = true };

        var admin = new List<AdminPolicy>();
        var adminCount = 1 + rnd.Next(3);
        for (var i = 0; i < adminCount; i++)
        {
            admin.Add(Admin(AdminPolicyKind.ClusterNetworkPolicy, $"admin-{seed}-{i}", PolicyTier.Admin, (i * 10) + rnd.Next(10), Subject(), Rules(Direction.Ingress), Rules(Direction.Egress)));
        }

        var baselineCount = rnd.Next(3);
        for (var i = 0; i < baselineCount; i++)
        {
            admin.Add(Admin(AdminPolicyKind.ClusterNetworkPolicy, $"baseline-{seed}-{i}", PolicyTier.Baseline, (i * 10) + rnd.Next(10), Subject(), Rules(Direction.Ingress), Rules(Direction.Egress)));
        }

        return E2E(PolicySets.Random(seed)).WithAdminPolicies(admin);
    }
}
