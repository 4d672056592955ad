using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting.Rules;

/// <summary>PAL213: a policy equivalent to another one of its namespace.</summary>
public sealed class DuplicatePolicy : LintRule
{
    /// <inheritdoc />
    public override DiagnosticDescriptor Descriptor => DiagnosticCatalog.DuplicatePolicy;

    /// <inheritdoc />
    public override string Name => "duplicate-policy";

    /// <inheritdoc />
    public override IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var (duplicate, original) in Duplicates(context.Snapshot))
        {
            yield return Finding(
                duplicate.Location,
                duplicate,
                $"policy {duplicate.Ref} duplicates policy {original.Ref}: same podSelector {duplicate.PodSelector}, same policyTypes and equivalent rules",
                $"delete one of them (keep {original.Ref} or {duplicate.Ref}, not both)",
                new RelatedLocation(original.Location, $"duplicated policy: {original.Ref}"));
        }
    }

    /// <summary>Each policy that duplicates an earlier one (by reference), with the earliest it duplicates.</summary>
    internal static IEnumerable<(NetworkPolicy Duplicate, NetworkPolicy Original)> Duplicates(ClusterSnapshot cluster)
    {
        var policies = cluster.Policies;
        for (var i = 0; i < policies.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var (a, b) = (policies[j], policies[i]);
                if (a.Ref.Namespace == b.Ref.Namespace && a.PodSelector.Equals(b.PodSelector) && a.PolicyTypes == b.PolicyTypes
                    && Equivalent(a, b, Direction.Ingress) && Equivalent(a, b, Direction.Egress))
                {
                    yield return (b, a);
                    break;
                }
            }
        }
    }

    private static bool Equivalent(NetworkPolicy a, NetworkPolicy b, Direction direction) =>
        !a.Isolates(direction) || (Coverage.Rules(a, b, direction) && Coverage.Rules(b, a, direction));
}
