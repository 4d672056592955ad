using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Palisade.Model;
using Palisade.Reports.Escaping;

namespace Palisade.Rendering;

/// <summary>
/// Writes rendered objects as kubectl-appliable YAML, each rule preceded by a comment saying what it is for.
/// Output is deterministic: same input, same bytes.
/// </summary>
public static partial class PolicyYamlWriter
{
    /// <summary>Writes namespace labels (as Namespace objects to apply) and policies, separated by <c>---</c>.</summary>
    public static string Write(RenderedIsolation rendered, string? sourceName = null)
    {
        var sb = new StringBuilder();
        // The source name is a file name and the profile name is input: neither may break out of the comment line.
        sb.Append("# Rendered by palisade").Append(sourceName is null ? string.Empty : $" from {YamlComment.Escape(sourceName)}")
          .Append(" (profile '").Append(YamlComment.Escape(rendered.Profile.Name)).Append("'). Apply with: kubectl apply -f <this file>\n");
        var first = true;
        foreach (var group in rendered.NamespaceLabels.GroupBy(l => l.Namespace, StringComparer.Ordinal))
        {
            if (!first)
            {
                sb.Append("---\n");
            }

            first = false;
            sb.Append("# Namespace label the policy's namespaceSelectors match (custom label mode).\n");
            sb.Append("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ").Append(Scalar(group.Key)).Append('\n');
            sb.Append("  labels:\n");
            foreach (var l in group.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                sb.Append("    ").Append(Scalar(l.Key)).Append(": ").Append(Scalar(l.Value)).Append('\n');
            }
        }

        foreach (var policy in rendered.Policies)
        {
            if (!first)
            {
                sb.Append("---\n");
            }

            first = false;
            WritePolicy(sb, policy);
        }

        foreach (var admin in rendered.AdminPolicies)
        {
            sb.Append("---\n");
            WriteAdminPolicy(sb, admin);
        }

        return sb.ToString();
    }

    /// <summary>Writes one NetworkPolicy.</summary>
    public static void WritePolicy(StringBuilder sb, NetworkPolicy policy)
    {
        sb.Append("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n");
        sb.Append("  name: ").Append(Scalar(policy.Ref.Name)).Append('\n');
        sb.Append("  namespace: ").Append(Scalar(policy.Ref.Namespace)).Append('\n');
        if (policy.Labels.Count > 0)
        {
            sb.Append("  labels:\n");
            foreach (var (k, v) in policy.Labels.Pairs)
            {
                sb.Append("    ").Append(Scalar(k)).Append(": ").Append(Scalar(v)).Append('\n');
            }
        }

        sb.Append("spec:\n");
        sb.Append("  podSelector:");
        Selector(sb, policy.PodSelector, 4);
        sb.Append("  policyTypes:\n");
        if (policy.Isolates(Direction.Ingress))
        {
            sb.Append("    - Ingress\n");
        }

        if (policy.Isolates(Direction.Egress))
        {
            sb.Append("    - Egress\n");
        }

        // A direction the policy does not isolate gets no section: "egress: []" next to policyTypes [Ingress] would
        // read as "deny all egress" to a person, though Kubernetes ignores it.
        if (policy.Isolates(Direction.Ingress) || !policy.Ingress.IsEmpty)
        {
            Rules(sb, "ingress", "from", policy.Ingress);
        }

        if (policy.Isolates(Direction.Egress) || !policy.Egress.IsEmpty)
        {
            Rules(sb, "egress", "to", policy.Egress);
        }
    }

    private static void Rules(StringBuilder sb, string key, string peersKey, EquatableArray<PolicyRule> rules)
    {
        if (rules.IsEmpty)
        {
            sb.Append("  ").Append(key).Append(": []\n");
            return;
        }

        sb.Append("  ").Append(key).Append(":\n");
        foreach (var rule in rules)
        {
            if (rule.Comment is { Length: > 0 } c)
            {
                sb.Append("    # ").Append(YamlComment.Escape(c)).Append('\n');
            }

            var lead = "    - ";
            if (rule.Peers is Peers peers)
            {
                sb.Append(lead).Append(peersKey).Append(":\n");
                lead = "      ";
                foreach (var peer in peers.Items)
                {
                    Peer(sb, peer);
                }
            }

            if (rule.Ports is Ports ports)
            {
                sb.Append(lead).Append("ports:\n");
                lead = "      ";
                foreach (var p in ports.Items)
                {
                    sb.Append("        - protocol: ").Append(p.Protocol).Append('\n');
                    switch (p.Port)
                    {
                        case PortNumberRange r:
                            sb.Append("          port: ").Append(r.Port.ToString(CultureInfo.InvariantCulture)).Append('\n');
                            if (r.EndPort != r.Port)
                            {
                                sb.Append("          endPort: ").Append(r.EndPort.ToString(CultureInfo.InvariantCulture)).Append('\n');
                            }

                            break;
                        case NamedPort n:
                            sb.Append("          port: ").Append(Scalar(n.Name)).Append('\n');
                            break;
                    }
                }
            }

            if (lead == "    - ")
            {
                sb.Append("    - {}\n");
            }
        }
    }

    private static void Peer(StringBuilder sb, Peer peer)
    {
        switch (peer)
        {
            case IpBlockPeer b:
                sb.Append("        - ipBlock:\n            cidr: ").Append(b.Cidr).Append('\n');
                if (!b.Except.IsEmpty)
                {
                    sb.Append("            except:\n");
                    foreach (var e in b.Except)
                    {
                        sb.Append("              - ").Append(e).Append('\n');
                    }
                }

                break;
            case PodPeer p:
                var lead = "        - ";
                if (p.Namespaces is SelectedNamespaces ns)
                {
                    sb.Append(lead).Append("namespaceSelector:");
                    Selector(sb, ns.Selector, 12);
                    lead = "          ";
                }

                if (p.HasPodSelector || p.Namespaces is PolicyNamespace)
                {
                    sb.Append(lead).Append("podSelector:");
                    Selector(sb, p.PodSelector, 12);
                }

                break;
        }
    }

    private static void Selector(StringBuilder sb, LabelSelector selector, int indent)
    {
        if (selector.IsEverything)
        {
            sb.Append(" {}\n");
            return;
        }

        sb.Append('\n');
        var pad = new string(' ', indent);
        // matchLabels holds one value per key: a key required twice (or also by an expression) stays an expression.
        var keyCounts = selector.Requirements.GroupBy(r => r.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var single = selector.Requirements.Where(r => r.Operator == SelectorOperator.In && r.Values.Count == 1 && keyCounts[r.Key] == 1).ToList();
        var expressions = selector.Requirements.Except(single).ToList();
        if (single.Count > 0)
        {
            sb.Append(pad).Append("matchLabels:\n");
            foreach (var r in single)
            {
                sb.Append(pad).Append("  ").Append(Scalar(r.Key)).Append(": ").Append(Scalar(r.Values[0])).Append('\n');
            }
        }

        if (expressions.Count > 0)
        {
            sb.Append(pad).Append("matchExpressions:\n");
            foreach (var r in expressions)
            {
                sb.Append(pad).Append("  - key: ").Append(Scalar(r.Key)).Append('\n');
                sb.Append(pad).Append("    operator: ").Append(r.Operator).Append('\n');
                if (r.Values.Count > 0)
                {
                    sb.Append(pad).Append("    values: [").Append(string.Join(", ", r.Values.Select(Scalar))).Append("]\n");
                }
            }
        }
    }

    /// <summary>A YAML scalar, quoted when a plain scalar would be read as something else.</summary>
    public static string Scalar(string value) =>
        Plain().IsMatch(value) && !Special().IsMatch(value)
            ? value
            : "\"" + YamlComment.Escape(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)) + "\"";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]*$")]
    private static partial Regex Plain();

    // YAML 1.1 readers (kubectl) take words like yes/no as booleans and anything starting with a digit may be a
    // number or a timestamp (0b101, 1E3, 2024-01-01): quote those.
    [GeneratedRegex("^(?i:true|false|yes|no|on|off|y|n|null|~)$|^[0-9.+-]")]
    private static partial Regex Special();
}
