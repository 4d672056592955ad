using Palisade.Diagnostics;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Linting.Rules;

/// <summary>PAL204: pods isolated for egress with no rule that allows DNS (53/UDP).</summary>
public sealed class EgressWithoutDns : LintRule
{
    /// <inheritdoc />
    public override string Code => "PAL204";

    /// <inheritdoc />
    public override string Name => "egress-without-dns";

    /// <inheritdoc />
    public override Severity Severity => Severity.Warning;

    /// <inheritdoc />
    public override string ShortDescription => "Egress isolation without a rule that allows DNS.";

    /// <inheritdoc />
    public override string FullDescription =>
        "Once a policy isolates egress, every destination must be allowed, including the cluster DNS. Without a rule " +
        "for port 53 (UDP and TCP) the pods cannot resolve Service names, and connections fail with name errors.";

    /// <inheritdoc />
    public override IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var policy in context.Cluster.Policies.Where(p => p.Isolates(Direction.Egress)))
        {
            var dns = Dns.Allowed(context, policy);
            if (dns.Udp)
            {
                continue;
            }

            var pods = dns.Pods.Count > 0 ? $" (pods {Wording.Pods(dns.Pods)})" : string.Empty;
            var tcp = dns.Tcp ? " (only TCP is allowed)" : string.Empty;
            yield return Finding(
                policy.Location,
                policy,
                $"policy {policy.Ref} isolates egress{pods} but no egress rule allows DNS over UDP (port 53, or 5353 on OpenShift){tcp}",
                $"add an egress rule to the cluster DNS: `to: [{{{Wording.NameSelector("kube-system")}, podSelector: {{matchLabels: {{k8s-app: kube-dns}}}}}}]` with ports 53/UDP and 53/TCP");
        }
    }
}

/// <summary>Which DNS ports the egress policies of a policy's pods allow, shared by PAL204 and PAL205.</summary>
internal static class Dns
{
    /// <summary>The answer: whether 53/UDP and 53/TCP are allowed to some peer, and for which pods it was checked.</summary>
    public sealed record Answer(bool Udp, bool Tcp, IReadOnlyList<Pod> Pods);

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
            var missingUdp = pods.Where(p => !Any(context, context.Engine.SelectingPolicies(p, Direction.Egress), Protocol.UDP)).ToList();
            var missingTcp = pods.Where(p => !Any(context, context.Engine.SelectingPolicies(p, Direction.Egress), Protocol.TCP)).ToList();
            return new Answer(missingUdp.Count == 0, missingTcp.Count == 0, missingUdp.Count > 0 ? missingUdp : missingTcp);
        }

        var covering = context.Cluster.Policies
            .Where(q => q.Ref.Namespace == policy.Ref.Namespace && q.Isolates(Direction.Egress) && Coverage.Selector(q.PodSelector, policy.PodSelector))
            .ToList();
        return new Answer(Any(context, covering, Protocol.UDP), Any(context, covering, Protocol.TCP), []);
    }

    /// <summary>
    /// The pod ports DNS servers listen on: 53, 5353 (OpenShift's DNS pods), and the numeric targetPort of any
    /// Service port 53 in the input. Policies see the pod port, so these are what an egress rule must allow.
    /// </summary>
    public static IReadOnlyList<int> Ports(LintContext context) =>
        [.. new[] { 53, 5353 }.Concat(context.Cluster.Services.SelectMany(s => s.Ports)
            .Where(p => p.Port == 53 && p.TargetPort is NumericTargetPort)
            .Select(p => ((NumericTargetPort)p.TargetPort).Number)).Distinct().Order()];

    /// <summary>True when the rule may allow DNS over the protocol.</summary>
    public static bool RuleAllows(LintContext context, PolicyRule rule, Protocol protocol) =>
        Ports(context).Any(port => LintContext.RuleMayAllowPort(rule, port, protocol));

    private static bool Any(LintContext context, IEnumerable<NetworkPolicy> policies, Protocol protocol) =>
        policies.SelectMany(p => p.Egress).Any(r => RuleAllows(context, r, protocol));
}
