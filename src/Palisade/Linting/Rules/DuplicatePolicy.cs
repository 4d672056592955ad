using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting.Rules;

/// <summary>PAL213: a policy equivalent to another one of its namespace.</summary>
public sealed class DuplicatePolicy() : LintRule(DiagnosticCatalog.DuplicatePolicy, "duplicate-policy")
{
    /// <inheritdoc />
    protected override IEnumerable<LintFinding> Find(LintContext context)
    {
        foreach (var (duplicate, original) in Duplicates(context.Snapshot, context.Counters))
        {
            yield return Finding(duplicate.Location, duplicate, duplicate.Ref, original.Ref, duplicate.PodSelector)
                .WithRelated(original.Location, $"duplicated policy: {original.Ref}");
        }
    }

    /// <summary>Each policy that duplicates an earlier one (by reference), with the earliest it duplicates.</summary>
    internal static IEnumerable<(NetworkPolicy Duplicate, NetworkPolicy Original)> Duplicates(ClusterSnapshot cluster, LintCounters? counters = null)
    {
        // Only policies with the same namespace, podSelector and policyTypes can be duplicates: bucket on those, so
        // the pairwise comparison runs inside a bucket (input order kept: the first equivalent earlier policy wins).
        var earlier = new Dictionary<(string Namespace, LabelSelector PodSelector, PolicyTypes Types), List<NetworkPolicy>>();
        foreach (var b in cluster.Policies)
        {
            var key = (b.Ref.Namespace, b.PodSelector, b.PolicyTypes);
            if (!earlier.TryGetValue(key, out var bucket))
            {
                earlier[key] = [b];
                continue;
            }

            foreach (var a in bucket)
            {
                counters?.AddCoverageTests(1);
                if (Equivalent(a, b, Direction.Ingress) && Equivalent(a, b, Direction.Egress))
                {
                    yield return (b, a);
                    break;
                }
            }

            bucket.Add(b);
        }
    }

    private static bool Equivalent(NetworkPolicy a, NetworkPolicy b, Direction direction) =>
        !a.Isolates(direction) || (Coverage.Rules(a, b, direction) && Coverage.Rules(b, a, direction));
}
