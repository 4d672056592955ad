using System.Globalization;
using System.Text;
using Palisade.Model;

namespace Palisade.Rendering;

/// <summary>The cluster-wide policies of a profile's guardrails, as YAML our loader and the CRDs accept.</summary>
public static partial class PolicyYamlWriter
{
    /// <summary>Writes one AdminNetworkPolicy, BaselineAdminNetworkPolicy or ClusterNetworkPolicy.</summary>
    public static void WriteAdminPolicy(StringBuilder sb, AdminPolicy policy)
    {
        var v2 = policy.Kind == AdminPolicyKind.ClusterNetworkPolicy;
        sb.Append("# Guardrails in the ").Append(policy.Tier == PolicyTier.Admin ? "admin" : "baseline")
          .Append(" tier: ").Append(policy.Tier == PolicyTier.Admin
              ? "evaluated before any NetworkPolicy; namespace owners cannot undo them.\n"
              : "apply only to pods no NetworkPolicy selects.\n");
        sb.Append("apiVersion: policy.networking.k8s.io/").Append(v2 ? "v1alpha2" : "v1alpha1").Append('\n');
        sb.Append("kind: ").Append(policy.Kind).Append('\n');
        sb.Append("metadata:\n  name: ").Append(Scalar(policy.Name)).Append('\n');
        sb.Append("  labels:\n    ").Append(ProfileRenderer.ManagedByLabel).Append(": palisade\n");
        sb.Append("spec:\n");
        if (v2)
        {
            sb.Append("  tier: ").Append(policy.Tier).Append('\n');
        }

        if (policy.Kind != AdminPolicyKind.BaselineAdminNetworkPolicy)
        {
            sb.Append("  priority: ").Append(policy.Priority.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        sb.Append("  subject:\n");
        PodsPeer(sb, "    ", policy.Subject.NamespaceSelector, policy.Subject.PodSelector, policy.Subject.WrittenAsPods);
        AdminRules(sb, "ingress", "from", policy.Ingress, v2);
        AdminRules(sb, "egress", "to", policy.Egress, v2);
    }

    private static void AdminRules(StringBuilder sb, string key, string peersKey, EquatableArray<AdminRule> rules, bool v2)
    {
        if (rules.IsEmpty)
        {
            return;
        }

        sb.Append("  ").Append(key).Append(":\n");
        foreach (var rule in rules)
        {
            sb.Append("    - name: ").Append(Scalar(rule.Name)).Append('\n');
            var action = rule.Action switch
            {
                AdminAction.Allow => v2 ? "Accept" : "Allow",
                AdminAction.Deny => "Deny",
                _ => "Pass",
            };
            sb.Append("      action: ").Append(action).Append('\n');
            sb.Append("      ").Append(peersKey).Append(":\n");
            foreach (var peer in rule.Peers)
            {
                switch (peer)
                {
                    case AdminPodsPeer p:
                        sb.Append("        - ");
                        PodsPeer(sb, "          ", p.NamespaceSelector, p.PodSelector, p.WrittenAsPods, inline: true);
                        break;
                    case AdminNetworksPeer n:
                        sb.Append("        - networks: [").Append(string.Join(", ", n.Networks.Select(c => Scalar(c.ToString())))).Append("]\n");
                        break;
                    case AdminNodesPeer n:
                        sb.Append("        - nodes:");
                        Selector(sb, n.Selector, 12);
                        break;
                    default:
                        throw new InvalidOperationException($"the guardrails never render a {peer.GetType().Name}");
                }
            }

            if (rule.Ports is AdminPorts ports)
            {
                throw new InvalidOperationException($"the guardrails never render ports ({ports.Items.Count} given)");
            }
        }
    }

    /// <summary>A <c>pods</c> (namespace and pod selector) or <c>namespaces</c> (pod selector {}) entry.</summary>
    private static void PodsPeer(StringBuilder sb, string pad, LabelSelector namespaces, LabelSelector pods, bool writtenAsPods, bool inline = false)
    {
        var first = inline ? string.Empty : pad;
        if (!writtenAsPods && pods.IsEverything)
        {
            sb.Append(first).Append("namespaces:");
            Selector(sb, namespaces, pad.Length + 2);
            return;
        }

        sb.Append(first).Append("pods:\n");
        sb.Append(pad).Append("  namespaceSelector:");
        Selector(sb, namespaces, pad.Length + 4);
        sb.Append(pad).Append("  podSelector:");
        Selector(sb, pods, pad.Length + 4);
    }
}
