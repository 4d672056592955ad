using Palisade.Engine;
using Palisade.Model;

namespace Palisade.Reports;

/// <summary>
/// The endpoints an explained verdict stands for when they are workloads: the verdict shown is the deciding pod pair
/// among <paramref name="Pairs"/> evaluated, of which <paramref name="AllowedPairs"/> are allowed.
/// </summary>
public sealed record ExplainedCell(string From, string To, int AllowedPairs, int Pairs);

/// <summary>Writes the explanation of one connection as text or JSON.</summary>
public static class ExplainReport
{
    /// <summary>Writes the verdict.</summary>
    public static void Write(ConnectionVerdict verdict, OutputFormat format, TextWriter output) => Write(verdict, format, output, null);

    /// <summary>Writes the verdict, with the workload cell it decides when there is one.</summary>
    public static void Write(ConnectionVerdict verdict, OutputFormat format, TextWriter output, ExplainedCell? cell)
    {
        if (format == OutputFormat.Json)
        {
            WriteJson(verdict, output, cell);
            return;
        }

        if (cell is not null)
        {
            output.WriteLine($"{cell.From} -> {cell.To}: {(verdict.Undetermined ? "UNDETERMINED" : verdict.Allowed ? "ALLOWED" : "DENIED")} ({cell.AllowedPairs} of {cell.Pairs} pod pairs allowed); deciding pair:");
        }

        output.WriteLine($"{verdict.Source} -> {verdict.Destination} on {verdict.Port}/{verdict.Protocol}: {(verdict.Undetermined ? "UNDETERMINED" : verdict.Allowed ? "ALLOWED" : "DENIED")}");
        WriteSide(output, "egress at " + verdict.Source, verdict.Egress, verdict.Source, verdict.Destination, "  ");
        WriteSide(output, "ingress at " + verdict.Destination, verdict.Ingress, verdict.Destination, verdict.Source, "  ");
    }

    /// <summary>Writes one side's summary and details with the given indent.</summary>
    public static void WriteSide(TextWriter output, string title, SideVerdict side, Endpoint subject, Endpoint peer, string indent)
    {
        output.WriteLine($"{indent}{title}: {VerdictText.Summary(side, subject)}");
        foreach (var line in VerdictText.Details(side, peer))
        {
            output.WriteLine($"{indent}  {line}");
        }
    }

    /// <summary>Writes the verdict as JSON: allowed, and per side a kind, the policies and the rules.</summary>
    public static void WriteJson(ConnectionVerdict verdict, TextWriter output) => WriteJson(verdict, output, null);

    /// <summary>Writes the verdict as JSON, with a <c>cell</c> object naming the workloads it decides for.</summary>
    public static void WriteJson(ConnectionVerdict verdict, TextWriter output, ExplainedCell? cell)
    {
        using var json = new JsonOutput(output, indented: true);
        var w = json.Writer;
        w.WriteStartObject();
        if (cell is not null)
        {
            w.WriteStartObject("cell");
            w.WriteString("from", cell.From);
            w.WriteString("to", cell.To);
            w.WriteNumber("allowedPairs", cell.AllowedPairs);
            w.WriteNumber("pairs", cell.Pairs);
            w.WriteEndObject();
        }

        w.WriteString("from", verdict.Source.ToString());
        w.WriteString("to", verdict.Destination.ToString());
        w.WriteNumber("port", verdict.Port);
        w.WriteString("protocol", verdict.Protocol.ToString());
        if (verdict.Undetermined)
        {
            w.WriteNull("allowed");
            w.WriteBoolean("undetermined", true);
        }
        else
        {
            w.WriteBoolean("allowed", verdict.Allowed);
        }

        WriteSideJson(w, "egress", verdict.Egress, verdict.Source, verdict.Destination);
        WriteSideJson(w, "ingress", verdict.Ingress, verdict.Destination, verdict.Source);
        w.WriteEndObject();
    }

    /// <summary>Writes one side as a JSON property.</summary>
    public static void WriteSideJson(System.Text.Json.Utf8JsonWriter w, string name, SideVerdict side, Endpoint subject, Endpoint peer)
    {
        w.WriteStartObject(name);
        if (side.Undetermined)
        {
            w.WriteNull("allowed");
        }
        else
        {
            w.WriteBoolean("allowed", side.Allowed);
        }

        w.WriteString("reason", side switch
        {
            DecidedByTier { Tier: PolicyTier.Admin } => "admin-tier",
            DecidedByTier => "baseline-tier",
            UndeterminedByTier { Reason: UndeterminedReason.SamePriorityConflict } => "undetermined-same-priority",
            UndeterminedByTier { Reason: UndeterminedReason.UnknownPodAddress } => "undetermined-pod-address",
            UndeterminedByTier => "undetermined-domain-names",
            UndeterminedByAddress => "undetermined-pod-address",
            NotIsolated => "not-isolated",
            NotEnforced n => n.Reason switch
            {
                NotEnforcedReason.External => "external",
                _ => "same-pod",
            },
            AllowedByRules => "allowed-by-rule",
            _ => "no-rule-matched",
        });
        w.WriteString("summary", VerdictText.Summary(side, subject));
        var policies = side switch
        {
            AllowedByRules a => a.SelectingPolicies,
            DeniedByIsolation d => d.SelectingPolicies,
            UndeterminedByAddress u => u.SelectingPolicies,
            _ => [],
        };
        w.WriteStartArray("selectingPolicies");
        foreach (var p in policies)
        {
            w.WriteStringValue(p.Ref.ToString());
        }

        w.WriteEndArray();
        w.WriteStartArray("rules");
        if (side is AllowedByRules ab)
        {
            foreach (var m in ab.Matches)
            {
                WriteRule(w, m.Policy, m.Rule, matched: true);
            }
        }
        else if (side is DeniedByIsolation db)
        {
            foreach (var m in db.Misses)
            {
                WriteRule(w, m.Policy, m.Rule, matched: false);
            }
        }

        w.WriteEndArray();
        if (side.Tiers.Present)
        {
            // The tier chain as data: the deciding or passing cluster-wide rules, in evaluation order.
            w.WriteStartArray("tierRules");
            var chain = new List<(string Role, AdminRuleMatch Match)>();
            if (side.Tiers.AdminPass is { } ap)
            {
                chain.Add(("admin-pass", ap));
            }

            if (side.Tiers.BaselinePass is { } bp)
            {
                chain.Add(("baseline-pass", bp));
            }

            if (side is DecidedByTier d)
            {
                chain.AddRange(d.SamePriority.Select(m => ("decided", m)));
            }
            else if (side is UndeterminedByTier u)
            {
                chain.AddRange(u.Rules.Select(m => ("undetermined", m)));
            }

            foreach (var (role, m) in chain)
            {
                w.WriteStartObject();
                w.WriteString("role", role);
                w.WriteString("kind", m.Policy.Kind.ToString());
                w.WriteString("policy", m.Policy.Name);
                w.WriteString("tier", m.Policy.Tier.ToString());
                w.WriteNumber("priority", m.Policy.Priority);
                w.WriteString("direction", m.Rule.Direction == Direction.Ingress ? "ingress" : "egress");
                w.WriteNumber("rule", m.Rule.Index + 1);
                w.WriteString("action", m.Rule.Action.ToString());
                if (m.Rule.Location.IsKnown)
                {
                    w.WriteString("location", m.Rule.Location.ToString());
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteStartArray("details");
        foreach (var line in VerdictText.Details(side, peer))
        {
            w.WriteStringValue(line);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRule(System.Text.Json.Utf8JsonWriter w, NetworkPolicy policy, PolicyRule rule, bool matched)
    {
        w.WriteStartObject();
        w.WriteString("policy", policy.Ref.ToString());
        w.WriteString("direction", rule.Direction == Direction.Ingress ? "ingress" : "egress");
        w.WriteNumber("rule", rule.Index + 1);
        w.WriteBoolean("matched", matched);
        if (rule.Location.IsKnown)
        {
            w.WriteString("location", rule.Location.ToString());
        }

        w.WriteEndObject();
    }
}
