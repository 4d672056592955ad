using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting.Rules;

/// <summary>
/// PAL220: an admin-tier Pass rule whose subjects include pods that no NetworkPolicy selects in the rule's direction, so
/// the traffic it passes "to the namespace owners" is decided by the baseline tier, or allowed by default.
/// </summary>
public sealed class PassWithoutNetworkPolicy() : LintRule(DiagnosticCatalog.PassWithoutNetworkPolicy, "pass-without-networkpolicy", needsPods: true)
{
    /// <inheritdoc />
    protected override IEnumerable<LintFinding> Find(LintContext context)
    {
        var baseline = context.Snapshot.AdminPolicies.Where(p => p.Tier == PolicyTier.Baseline).ToList();
        foreach (var policy in context.Snapshot.AdminPolicies.Where(p => p.Tier == PolicyTier.Admin))
        {
            var subjects = context.Snapshot.Pods.Where(pod => context.Engine.SelectsAsSubject(policy, pod)).ToList();
            foreach (var direction in new[] { Direction.Ingress, Direction.Egress })
            {
                var passes = policy.Rules(direction).Where(r => r.Action == AdminAction.Pass).ToList();
                if (passes.Count == 0)
                {
                    continue;
                }

                var bare = subjects.Where(pod => context.Engine.SelectingPolicies(pod, direction).Count == 0).ToList();
                if (bare.Count == 0)
                {
                    continue;
                }

                var behind = baseline.Where(b => b.Rules(direction).Count > 0 && bare.Any(pod => context.Engine.SelectsAsSubject(b, pod)))
                    .Select(b => b.Display).ToList();
                var then = behind.Count > 0
                    ? $"the baseline tier ({Wording.List(behind)}) decides it, and what no baseline rule matches is allowed by default"
                    : "no baseline rule applies either, so it is allowed by default";
                foreach (var rule in passes)
                {
                    yield return Finding(Wording.At(policy, rule), null, Wording.Rule(policy, rule), Wording.Pods(bare), Wording.Of(direction), then, direction == Direction.Ingress ? "Ingress" : "Egress")
                        .WithRelated(bare.Where(p => p.Location.IsKnown).Take(4).Select(p => new RelatedLocation(p.Location, $"pod without {Wording.Of(direction)} NetworkPolicy: {p.Ref}")));
                }
            }
        }
    }
}
