using Palisade.Diagnostics;
using Palisade.Engine;
using Palisade.Model;

namespace Palisade.Lab.Nft;

/// <summary>
/// What of the cluster-wide tiers the lab's ruleset cannot reproduce exactly: <c>domainNames</c> peers (undetermined,
/// never guessed), <c>nodes</c> peers (the lab has no Node objects) and policies of one tier and priority whose order
/// the API leaves undefined. Everything else compiles (<see cref="RulesetCompiler"/>).
/// </summary>
public static class TierLimits
{
    /// <summary>One located error for each thing the lab cannot compile; empty when it can compile the whole input.</summary>
    public static IReadOnlyList<Diagnostic> Diagnose(ClusterSnapshot cluster)
    {
        var found = new List<Diagnostic>();
        if (!cluster.HasAdminPolicies)
        {
            return found;
        }

        foreach (var policy in cluster.AdminPolicies)
        {
            foreach (var rule in policy.Ingress.Concat(policy.Egress))
            {
                var where = $"{policy.Display} {(rule.Direction == Direction.Ingress ? "ingress" : "egress")} rule {rule.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
                if (rule.Peers.FirstOrDefault(p => p is AdminDomainNamesPeer) is { } names)
                {
                    found.Add(DiagnosticCatalog.LabDomainNamesPeer.Create(
                        Located(names.Location, rule.Location, policy.Location),
                        $"the lab cannot compile {where}: its `domainNames` peers make verdicts undetermined"));
                }

                if (rule.Peers.FirstOrDefault(p => p is AdminNodesPeer) is { } nodes)
                {
                    found.Add(DiagnosticCatalog.LabNodesPeer.Create(
                        Located(nodes.Location, rule.Location, policy.Location),
                        $"the lab cannot compile {where}: it has `nodes` peers and the lab does not model Node objects"));
                }
            }
        }

        var engine = new PolicyEngine(cluster);
        foreach (var level in cluster.AdminPolicies.GroupBy(p => (p.Tier, p.Priority)).Where(g => g.Count() > 1))
        {
            var list = level.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                for (var j = i + 1; j < list.Count; j++)
                {
                    if (Conflicts(engine, cluster, list[i], list[j]) is { } pod)
                    {
                        found.Add(DiagnosticCatalog.LabSamePriorityConflict.Create(
                            Located(list[j].Location, SourceLocation.None, SourceLocation.None),
                            $"the lab cannot order {list[i].Display} and {list[j].Display}: both have priority " +
                            $"{level.Key.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture)} in the {level.Key.Tier.ToString().ToLowerInvariant()} tier, " +
                            $"both have pod {pod.Ref} as subject, and their rules have different actions"));
                    }
                }
            }
        }

        return found;
    }

    /// <summary>
    /// A common subject pod when the two policies' rules in some direction have more than one action between them. With a
    /// single action their evaluation order cannot change a verdict, so a chain in either order is exact.
    /// </summary>
    private static Pod? Conflicts(PolicyEngine engine, ClusterSnapshot cluster, AdminPolicy a, AdminPolicy b)
    {
        var mixed = new[] { Direction.Ingress, Direction.Egress }
            .Any(d => a.Rules(d).Concat(b.Rules(d)).Select(r => r.Action).Distinct().Count() > 1);
        return mixed ? cluster.Pods.FirstOrDefault(p => engine.SelectsAsSubject(a, p) && engine.SelectsAsSubject(b, p)) : null;
    }

    private static SourceLocation Located(SourceLocation first, SourceLocation second, SourceLocation third) =>
        first != SourceLocation.None ? first : second != SourceLocation.None ? second : third;
}
