using System.Globalization;
using Palisade.Diagnostics;
using Palisade.Engine;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Linting.Rules;

/// <summary>
/// PAL221: a NetworkPolicy rule allows traffic to or from pods that no NetworkPolicy selects in the other direction,
/// and a baseline-tier Deny decides that other side: the allowance never takes effect.
/// </summary>
public sealed class BaselineDenyBlocksAllow() : LintRule(DiagnosticCatalog.BaselineDenyBlocksAllow, "baseline-deny-blocks-allow", needsPods: true)
{
    /// <inheritdoc />
    protected override IEnumerable<LintFinding> Find(LintContext context)
    {
        if (!context.Snapshot.AdminPolicies.Any(p => p.Tier == PolicyTier.Baseline))
        {
            yield break;
        }

        foreach (var (policy, rule) in context.Rules())
        {
            if (!policy.Isolates(rule.Direction) || rule.Peers is not Peers peers)
            {
                continue;
            }

            var blocked = Blocked(context, policy, rule, peers);
            if (blocked.Count == 0)
            {
                continue;
            }

            var other = rule.Direction == Direction.Egress ? Direction.Ingress : Direction.Egress;
            var first = blocked[0];
            var pairs = Wording.List(blocked.Select(b => $"{b.Source.Ref} -> {b.Destination.Ref} {b.Port.ToString(CultureInfo.InvariantCulture)}/{b.Protocol}"));
            var baselineRules = blocked.Select(b => b.Baseline).Distinct().ToList();
            var end = other == Direction.Ingress ? "destination" : "source";
            yield return Finding(Wording.At(policy, rule), policy, Wording.Rule(policy, rule), pairs, end, Wording.Of(other), Wording.Rule(first.Baseline.Policy, first.Baseline.Rule))
                .WithRelated(baselineRules.Select(m => new RelatedLocation(Wording.At(m.Policy, m.Rule), $"baseline rule: {Wording.Rule(m.Policy, m.Rule)}")));
        }
    }

    private sealed record Blocking(Pod Source, Pod Destination, int Port, Protocol Protocol, AdminRuleMatch Baseline);

    /// <summary>
    /// The connections the rule allows on its side and a baseline Deny denies on the other. Only peer pods that no
    /// NetworkPolicy isolates in the other direction and some baseline policy has as subject are paired with the
    /// policy's pods, so the pairs checked are those the finding is about.
    /// </summary>
    private static List<Blocking> Blocked(LintContext context, NetworkPolicy policy, PolicyRule rule, Peers peers)
    {
        var other = rule.Direction == Direction.Egress ? Direction.Ingress : Direction.Egress;
        var denying = context.Snapshot.AdminPolicies
            .Where(p => p.Tier == PolicyTier.Baseline && p.Rules(other).Any(r => r.Action == AdminAction.Deny)).ToList();
        var candidates = peers.Items.OfType<PodPeer>().SelectMany(p => context.PeerPods(policy, p)).Distinct()
            .Where(q => context.Engine.SelectingPolicies(q, other).Count == 0 && denying.Any(b => context.Engine.SelectsAsSubject(b, q)))
            .OrderBy(q => q.Ref).ToList();
        var result = new List<Blocking>();
        if (candidates.Count == 0)
        {
            return result;
        }

        var baselinePorts = denying.SelectMany(b => b.Rules(other)).Select(r => r.Ports).OfType<AdminPorts>()
            .SelectMany(p => p.Items).OfType<AdminPortRange>().Select(r => (r.Start, r.Protocol)).ToList();
        foreach (var own in context.SelectedPods(policy))
        {
            foreach (var q in candidates)
            {
                if (ReferenceEquals(own, q))
                {
                    continue;
                }

                var (source, destination) = rule.Direction == Direction.Egress ? (own, q) : (q, own);
                foreach (var (port, protocol) in Ports(rule, destination, baselinePorts))
                {
                    var verdict = context.Engine.Evaluate(new PodEndpoint(source), new PodEndpoint(destination), port, protocol);
                    var (mine, theirs) = rule.Direction == Direction.Egress ? (verdict.Egress, verdict.Ingress) : (verdict.Ingress, verdict.Egress);
                    if (mine is AllowedByRules allowed && allowed.Matches.Any(m => ReferenceEquals(m.Policy, policy) && ReferenceEquals(m.Rule, rule))
                        && theirs is DecidedByTier { Tier: PolicyTier.Baseline, Match: { Rule.Action: AdminAction.Deny } match })
                    {
                        result.Add(new Blocking(source, destination, port, protocol, match));
                        break;
                    }
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Concrete ports to try: the rule's port numbers, the destination's declared ports and the baseline Deny rules' port
    /// numbers, kept when the rule admits them; 1/TCP stands for "any port" when nothing else names one.
    /// </summary>
    private static IEnumerable<(int Port, Protocol Protocol)> Ports(PolicyRule rule, Pod destination, List<(int Start, Protocol Protocol)> baselinePorts)
    {
        var tried = new List<(int, Protocol)>();
        if (rule.Ports is Ports list)
        {
            tried.AddRange(list.Items.Where(e => e.Port is PortNumberRange).Select(e => (((PortNumberRange)e.Port).Port, e.Protocol)));
        }

        tried.AddRange(destination.Ports.Select(p => (p.Number, p.Protocol)));
        tried.AddRange(baselinePorts);
        if (rule.Ports is AnyPort && tried.Count == 0)
        {
            tried.Add((1, Protocol.TCP));
        }

        return tried.Distinct().Where(t => rule.Ports is not Ports ps || ps.Items.Any(e => PolicyEngine.PortMatches(e, destination, t.Item1, t.Item2)));
    }
}
