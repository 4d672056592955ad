using Palisade.Model;
using Palisade.Rendering;

namespace Palisade.Manifests.Wire;

/// <summary>
/// What <c>palisade render</c> writes: the Namespaces whose labels a custom-label profile needs, the NetworkPolicy and
/// the guardrails, as kubectl-appliable YAML with a comment above each object and rule saying what it is for.
/// </summary>
public static class RenderedManifests
{
    /// <summary>The rendered objects in the order they are applied.</summary>
    public static IEnumerable<WireObject> Of(RenderedIsolation rendered)
    {
        foreach (var group in rendered.NamespaceLabels.GroupBy(l => l.Namespace, StringComparer.Ordinal))
        {
            var labels = Labels.From(group.Select(l => new KeyValuePair<string, string>(l.Key, l.Value)));
            yield return KubernetesObjects.Namespace(group.Key, labels, "Namespace label the policy's namespaceSelectors match (custom label mode).");
        }

        foreach (var policy in rendered.Policies)
        {
            yield return KubernetesObjects.NetworkPolicy(policy);
        }

        foreach (var admin in rendered.AdminPolicies)
        {
            var comment = admin.Tier == PolicyTier.Admin
                ? "Guardrails in the admin tier: evaluated before any NetworkPolicy; namespace owners cannot undo them."
                : "Guardrails in the baseline tier: apply only to pods no NetworkPolicy selects.";
            yield return KubernetesObjects.AdminPolicy(admin, comment);
        }
    }

    /// <summary>The YAML text, headed by where it was rendered from.</summary>
    public static string ToYaml(RenderedIsolation rendered, string? sourceName = null) =>
        WireYaml.ToYaml(
            Of(rendered),
            $"Rendered by palisade{(sourceName is null ? string.Empty : $" from {sourceName}")} (profile '{rendered.Profile.Name}'). Apply with: kubectl apply -f <this file>");
}
