using Palisade.Model;
using Palisade.Net;

namespace Palisade.Linting;

/// <summary>Which DNS ports the egress policies of a policy's pods allow, shared by PAL204 and PAL205.</summary>
internal static class Dns
{
    /// <summary>The answer: whether 53/UDP and 53/TCP are allowed to some peer, and for which pods it was checked.</summary>
    public sealed record Answer(bool Udp, bool Tcp, IReadOnlyList<Pod> Pods);

    /// <summary>Every policy that isolates egress, in input order, with the DNS answer for it.</summary>
    public static IEnumerable<(NetworkPolicy Policy, Answer Dns)> EgressIsolating(LintContext context) =>
        context.Snapshot.Policies.Where(p => p.Isolates(Direction.Egress)).Select(p => (p, Allowed(context, p)));

    /// <summary>The first egress rule of the policy that may allow DNS over the protocol, if any.</summary>
    public static PolicyRule? FirstRuleAllowing(LintContext context, NetworkPolicy policy, Protocol protocol) =>
        policy.Egress.FirstOrDefault(r => RuleAllows(context, r, protocol));

    /// <summary>
    /// With pods in the input: DNS must be allowed for every pod the policy selects, by any egress policy that
    /// selects it (the union). Without pods: by the policy or another egress policy of its namespace whose
    /// podSelector provably selects all its pods.
    /// </summary>
    public static Answer Allowed(LintContext context, NetworkPolicy policy)
    {
        var pods = context.SelectedPods(policy);
        if (pods.Count > 0)
        {
            // A pod's answer depends on the pod alone (the union of its egress policies): computed once per pod.
            var answers = pods.Select(p => (Pod: p, Dns: context.PodDns.GetOrAdd(p, pod => PodAllows(context, pod)))).ToList();
            var missingUdp = answers.Where(a => !a.Dns.Udp).Select(a => a.Pod).ToList();
            var missingTcp = answers.Where(a => !a.Dns.Tcp).Select(a => a.Pod).ToList();
            return new Answer(missingUdp.Count == 0, missingTcp.Count == 0, missingUdp.Count > 0 ? missingUdp : missingTcp);
        }

        var covering = context.PoliciesIn(policy.Ref.Namespace)
            .Where(q => q.Isolates(Direction.Egress) && Coverage.Selector(q.PodSelector, policy.PodSelector))
            .ToList();
        return new Answer(Any(context, covering, Protocol.UDP), Any(context, covering, Protocol.TCP), []);
    }

    /// <summary>
    /// The pod ports DNS servers listen on: 53, 5353 (OpenShift's DNS pods), and the numeric targetPort of any
    /// Service port 53 in the input. Policies see the pod port, so these are what an egress rule must allow.
    /// </summary>
    public static IReadOnlyList<int> Ports(LintContext context) => context.DnsPorts;

    /// <summary>Computes <see cref="Ports"/> from the snapshot (once per lint run, through the context).</summary>
    internal static IReadOnlyList<int> ComputePorts(ClusterSnapshot cluster) =>
        [.. new[] { 53, 5353 }.Concat(cluster.Services.SelectMany(s => s.Ports)
            .Where(p => p.Port == 53 && p.TargetPort is NumericTargetPort)
            .Select(p => ((NumericTargetPort)p.TargetPort).Number)).Distinct().Order()];

    /// <summary>True when the rule may allow DNS over the protocol.</summary>
    public static bool RuleAllows(LintContext context, PolicyRule rule, Protocol protocol) =>
        Ports(context).Any(port => LintContext.RuleMayAllowPort(rule, port, protocol));

    private static (bool Udp, bool Tcp) PodAllows(LintContext context, Pod pod)
    {
        var selecting = context.Engine.SelectingPolicies(pod, Direction.Egress);
        return (Any(context, selecting, Protocol.UDP), Any(context, selecting, Protocol.TCP));
    }

    private static bool Any(LintContext context, IEnumerable<NetworkPolicy> policies, Protocol protocol) =>
        policies.SelectMany(p => p.Egress).Any(r => RuleAllows(context, r, protocol));
}
