using Palisade.Model;
using Palisade.Net;
using static Palisade.Lab.Tests.Models;

namespace Palisade.Lab.Tests;

/// <summary>Named policy sets over the e2e model, shared by the golden and the differential tests.</summary>
internal static class PolicySets
{
    public static IReadOnlyDictionary<string, NetworkPolicy[]> All { get; } = new SortedDictionary<string, NetworkPolicy[]>(StringComparer.Ordinal)
    {
        ["e2e-deny-all-ingress"] = [Policy("x", "deny-all", LabelSelector.Everything, I)],
        ["e2e-deny-all-egress"] = [Policy("x", "deny-all", LabelSelector.Everything, E)],
        ["e2e-allow-from-ns-y"] = [Policy("x", "allow-y", Sel("pod", "a"), I, ingress: [([NsSel("ns", "y")], null)])],
        ["e2e-pod-and-namespace"] = [Policy("x", "and", Sel("pod", "a"), I, ingress: [([Both(Sel("pod", "b"), Sel("ns", "y"))], null)])],
        ["e2e-pod-or-namespace"] = [Policy("x", "or", Sel("pod", "a"), I, ingress: [([PodSel("pod", "b"), NsSel("ns", "y")], null)])],
        ["e2e-ipblock-except"] = [Policy("x", "block", Sel("pod", "a"), I, ingress: [([Block("10.42.0.0/16", "10.42.11.0/24", "10.42.12.12/32")], null)])],
        ["e2e-named-port"] = [Policy("x", "named", Sel("pod", "a"), I, ingress: [(null, [Named(Protocol.TCP, "serve-81-tcp"), Named(Protocol.UDP, "no-such-port")])])],
        ["e2e-endport-range"] = [Policy("x", "range", LabelSelector.Everything, I, ingress: [([NsSel("ns", "z")], [Port(Protocol.TCP, 80, 81), Port(Protocol.UDP, 81)])])],
        ["e2e-udp-only"] = [Policy("x", "udp", LabelSelector.Everything, I, ingress: [(null, [new PolicyPort(Protocol.UDP, AnyPortNumber.Instance)])])],
        ["e2e-egress-types-no-rules"] =
        [
            Policy("x", "egress-only", Sel("pod", "b"), E),
            Policy("y", "ingress-all", LabelSelector.Everything, I, ingress: [(null, null)]),
        ],
        ["e2e-egress-named-port"] =
        [
            Policy("y", "egress", LabelSelector.Everything, E, egress: [(null, [Named(Protocol.UDP, "serve-80-udp")]), ([NsSel("ns", "x")], [Port(Protocol.TCP, 81)])]),
        ],
        ["e2e-mixed"] =
        [
            Policy("x", "c-from-a", Sel("pod", "c"), I, ingress: [([PodSel("pod", "a")], [Port(Protocol.TCP, 80)])]),
            Policy("z", "egress-to-xa", LabelSelector.Everything, I | E,
                ingress: [([NsSel("ns", "z")], null)],
                egress: [([Block("10.42.10.10/32")], null), ([Block("0.0.0.0/0", "10.42.0.0/16")], [Port(Protocol.UDP, 53)])]),
        ],
        ["e2e-egress-sctp-and-ingress-ns"] =
        [
            Policy("z", "to-y", Sel("pod", "c"), E, egress: [([Both(LabelSelector.Everything, Sel("ns", "y"))], [Port(Protocol.SCTP, 80), Port(Protocol.TCP, 80)])]),
            Policy("y", "from-z", LabelSelector.Everything, I, ingress: [([NsSel("ns", "z")], [Port(Protocol.TCP, 80, 81)])]),
        ],
    };

    /// <summary>A seeded random policy set over the e2e pods (small, mixing every peer and port kind).</summary>
    public static NetworkPolicy[] Random(int seed)
    {
        var rnd = new Random(seed);
        var nss = new[] { "x", "y", "z" };
        var podNames = new[] { "a", "b", "c" };
        string Pick(string[] a) => a[rnd.Next(a.Length)];
        LabelSelector PodSelector() => rnd.Next(3) == 0 ? LabelSelector.Everything : Sel("pod", Pick(podNames));
        Peer RandomPeer() => rnd.Next(5) switch
        {
            0 => PodSel("pod", Pick(podNames)),
            1 => NsSel("ns", Pick(nss)),
            2 => Both(PodSelector(), Sel("ns", Pick(nss))),
            3 => Block($"10.42.{10 + rnd.Next(3)}.0/24", $"10.42.{10 + rnd.Next(3)}.{10 + rnd.Next(3)}/32"),
            _ => Block("10.42.0.0/16"),
        };
        PolicyPort RandomPort()
        {
            var proto = rnd.Next(3) == 0 ? Protocol.UDP : Protocol.TCP;
            return rnd.Next(4) switch
            {
                0 => Port(proto, 80),
                1 => Port(proto, 80, 81),
                2 => Named(proto, $"serve-81-{proto.ToString().ToLowerInvariant()}"),
                _ => new PolicyPort(proto, AnyPortNumber.Instance),
            };
        }

        (Peer[]?, PolicyPort[]?) RandomRule() =>
            (rnd.Next(4) == 0 ? null : [.. Enumerable.Range(0, 1 + rnd.Next(2)).Select(_ => RandomPeer())],
             rnd.Next(3) == 0 ? null : [.. Enumerable.Range(0, 1 + rnd.Next(2)).Select(_ => RandomPort())]);

        var list = new List<NetworkPolicy>();
        var count = 1 + rnd.Next(3);
        for (var i = 0; i < count; i++)
        {
            var types = rnd.Next(3) switch { 0 => PolicyTypes.Ingress, 1 => PolicyTypes.Egress, _ => PolicyTypes.Ingress | PolicyTypes.Egress };
            var ingress = (types & PolicyTypes.Ingress) != 0 ? Enumerable.Range(0, rnd.Next(3)).Select(_ => RandomRule()).ToArray() : [];
            var egress = (types & PolicyTypes.Egress) != 0 ? Enumerable.Range(0, rnd.Next(3)).Select(_ => RandomRule()).ToArray() : [];
            list.Add(Policy(Pick(nss), $"random-{seed}-{i}", PodSelector(), types, ingress, egress));
        }

        return [.. list];
    }
}
