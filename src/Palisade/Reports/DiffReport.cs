using System.Globalization;
using Palisade.Diffing;
using Palisade.Engine;
using Palisade.Model;
using Palisade.Reports.Escaping;

namespace Palisade.Reports;

/// <summary>Writes a <see cref="DiffResult"/> as text, JSON or markdown (for a pull-request comment).</summary>
public static class DiffReport
{
    /// <summary>Writes the diff in the given format; <paramref name="oldName"/> and <paramref name="newName"/> name the inputs.</summary>
    public static void Write(DiffResult diff, OutputFormat format, TextWriter output, string oldName, string newName)
    {
        switch (format)
        {
            case OutputFormat.Json: WriteJson(diff, output, oldName, newName); break;
            case OutputFormat.Md: WriteMarkdown(diff, output, oldName, newName); break;
            default: WriteText(diff, output, oldName, newName); break;
        }
    }

    /// <summary>One line: how much changed.</summary>
    public static string Headline(DiffResult diff) =>
        $"{diff.Opened.Count()} change(s) opening connections, {diff.Closed.Count()} closing"
        + UndeterminedCounts(diff)
        + $"; {diff.AddedEndpoints.Count} endpoint(s) added, {diff.RemovedEndpoints.Count} removed";

    /// <summary>", N becoming undetermined, M no longer undetermined", or nothing when there are none.</summary>
    private static string UndeterminedCounts(DiffResult diff)
    {
        var (became, was) = (diff.BecameUndetermined.Count(), diff.WasUndetermined.Count());
        return became + was == 0 ? string.Empty : $", {became} becoming undetermined, {was} no longer undetermined";
    }

    /// <summary>The sections of a report, in order: kind, title, the mark of its lines.</summary>
    private static readonly (ChangeKind Kind, string Title, string Markdown, string Mark)[] Sections =
    [
        (ChangeKind.Opened, "Opened (new exposure):", "Opened", "+"),
        (ChangeKind.Closed, "Closed:", "Closed", "-"),
        (ChangeKind.BecameUndetermined, "Became undetermined (the input cannot decide them now; from denied, the connection may be open):", "Became undetermined", "?"),
        (ChangeKind.WasUndetermined, "Was undetermined (decided now; to allowed, the connection may be newly open):", "Was undetermined", "?"),
    ];

    /// <summary>How a verdict reads: allowed, denied or undetermined.</summary>
    public static string Word(ConnectionVerdict v) => v.Reachability switch
    {
        Reachability.Allowed => "allowed",
        Reachability.Denied => "denied",
        _ => "undetermined",
    };

    private static string ChangeName(ChangeKind kind) => kind switch
    {
        ChangeKind.Opened => "opened",
        ChangeKind.Closed => "closed",
        ChangeKind.BecameUndetermined => "became-undetermined",
        _ => "was-undetermined",
    };

    /// <summary>What was compared, for the reader to know what "semantic" covered.</summary>
    public static string Coverage(DiffResult diff) =>
        $"compared {diff.ComparedEndpoints} endpoint(s) present in both, {diff.Space.Ports.Count} port interval(s) over TCP, UDP and SCTP, "
        + $"{diff.Space.Addresses.Count} outside address range(s)";

    /// <summary>Plain text for terminals and CI logs.</summary>
    public static void WriteText(DiffResult diff, TextWriter output, string oldName, string newName)
    {
        output.WriteLine($"palisade diff {TerminalText.Escape(oldName)} -> {TerminalText.Escape(newName)}");
        output.WriteLine(Headline(diff));
        output.WriteLine(Coverage(diff));
        if (diff.IsEmpty)
        {
            output.WriteLine();
            output.WriteLine("No difference: both sides allow exactly the same connections.");
            return;
        }

        WriteEndpoints(output, "Endpoints added (not compared; present only in the new side):", "+", diff.AddedEndpoints);
        WriteEndpoints(output, "Endpoints removed (present only in the old side):", "-", diff.RemovedEndpoints);
        foreach (var (kind, title, _, mark) in Sections)
        {
            var list = diff.Changes.Where(c => c.Kind == kind).ToList();
            if (list.Count == 0)
            {
                continue;
            }

            output.WriteLine();
            output.WriteLine(title);
            foreach (var c in list)
            {
                output.WriteLine($"  {mark} {c.From.Id} -> {c.To.Id} on {PortsText(c.Ports)}{(c.Kind >= ChangeKind.BecameUndetermined && c.MayExpose ? " (may expose)" : string.Empty)}");
                WriteVerdict(output, "before", c.Before);
                WriteVerdict(output, "after", c.After);
            }
        }
    }

    private static void WriteEndpoints(TextWriter output, string title, string mark, IReadOnlyList<EndpointPresence> list)
    {
        if (list.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine(title);
        foreach (var e in list)
        {
            output.WriteLine($"  {mark} {e.Ref} ({e.Kind})");
        }
    }

    private static void WriteVerdict(TextWriter output, string when, ConnectionVerdict v)
    {
        output.WriteLine($"      {when}: {Word(v)}");
        output.WriteLine($"        egress at {v.Source}: {VerdictText.Summary(v.Egress, v.Source)}");
        output.WriteLine($"        ingress at {v.Destination}: {VerdictText.Summary(v.Ingress, v.Destination)}");
    }

    /// <summary>"22/TCP, 53/UDP, 1000-2000/TCP" in protocol then port order.</summary>
    public static string PortsText(IReadOnlyList<PortInterval> ports) => string.Join(", ", ports);

    /// <summary>A short phrase for one side: who allowed or denied it.</summary>
    public static string Short(SideVerdict side) => side switch
    {
        NotIsolated => "not isolated",
        NotEnforced { Reason: NotEnforcedReason.External } => "outside the cluster",
        NotEnforced => "same pod",
        AllowedByRules a => string.Join(", ", a.Matches.Select(m => VerdictText.RuleName(m.Policy, m.Rule))),
        DeniedByIsolation d => $"isolated by {string.Join(", ", d.SelectingPolicies.Select(p => p.Ref.ToString()))}; no rule matches",
        UndeterminedByAddress u => $"undetermined: {string.Join(", ", u.Candidates.Select(m => VerdictText.RuleName(m.Policy, m.Rule)))} may match by ipBlock; the pod's IP is not given",
        UndeterminedByTier u => $"undetermined: {string.Join(", ", u.Rules.Select(VerdictText.AdminRuleName))}",
        DecidedByTier d => $"{(d.Allowed ? "allowed" : "denied")} by {VerdictText.AdminRuleName(d.Match)}",
        _ => side.ToString(),
    };

    /// <summary>Markdown suited to a pull-request comment: a summary line and one table per kind of change.</summary>
    public static void WriteMarkdown(DiffResult diff, TextWriter output, string oldName, string newName)
    {
        output.WriteLine($"### NetworkPolicy diff: {MarkdownCell.Code(oldName)} → {MarkdownCell.Code(newName)}");
        output.WriteLine();
        var opened = diff.Opened.Count();
        var mayExpose = diff.MayExpose.Count() - opened;
        var undetermined = UndeterminedCounts(diff);
        output.WriteLine(opened > 0
            ? $"**{opened} change(s) open new connections.**{(mayExpose > 0 ? $" **{mayExpose} more may open them (undetermined).**" : string.Empty)} {diff.Closed.Count()} close connections{undetermined}; {diff.AddedEndpoints.Count} endpoint(s) added, {diff.RemovedEndpoints.Count} removed."
            : mayExpose > 0
                ? $"**{mayExpose} change(s) may open connections (the verdict is undetermined).** {diff.Closed.Count()} change(s) close connections{undetermined}; {diff.AddedEndpoints.Count} endpoint(s) added, {diff.RemovedEndpoints.Count} removed."
                : $"No new exposure. {diff.Closed.Count()} change(s) close connections{undetermined}; {diff.AddedEndpoints.Count} endpoint(s) added, {diff.RemovedEndpoints.Count} removed.");
        output.WriteLine();
        output.WriteLine($"<sub>{Md(Coverage(diff))}</sub>");
        foreach (var (kind, _, title, _) in Sections)
        {
            var list = diff.Changes.Where(c => c.Kind == kind).ToList();
            if (list.Count == 0)
            {
                continue;
            }

            output.WriteLine();
            output.WriteLine($"#### {title} ({list.Count})");
            output.WriteLine();
            output.WriteLine("| from | to | ports | before | after |");
            output.WriteLine("|---|---|---|---|---|");
            foreach (var c in list)
            {
                output.WriteLine($"| {MarkdownCell.Code(c.From.Id)} | {MarkdownCell.Code(c.To.Id)} | {Md(PortsText(c.Ports))} | {Cell(c.Before)} | {Cell(c.After)} |");
            }
        }

        foreach (var (title, list) in new[] { ("Endpoints added", diff.AddedEndpoints), ("Endpoints removed", diff.RemovedEndpoints) })
        {
            if (list.Count == 0)
            {
                continue;
            }

            output.WriteLine();
            output.WriteLine($"#### {title} ({list.Count})");
            output.WriteLine();
            foreach (var e in list)
            {
                output.WriteLine($"- {MarkdownCell.Code(e.Ref.ToString())} ({e.Kind})");
            }
        }
    }

    private static string Cell(ConnectionVerdict v) =>
        $"{(v.Reachability == Reachability.Allowed ? "allowed" : $"**{Word(v)}**")}<br>egress: {Md(Short(v.Egress))}<br>ingress: {Md(Short(v.Ingress))}";

    private static string Md(string s) => MarkdownCell.Escape(s);

    /// <summary>JSON: summary, endpoints added and removed, and every change with both verdicts explained.</summary>
    public static void WriteJson(DiffResult diff, TextWriter output, string oldName, string newName)
    {
        using var json = new JsonOutput(output, indented: true);
        var w = json.Writer;
        w.WriteStartObject();
        w.WriteString("old", oldName);
        w.WriteString("new", newName);
        w.WriteStartObject("summary");
        w.WriteNumber("opened", diff.Opened.Count());
        w.WriteNumber("closed", diff.Closed.Count());
        w.WriteNumber("becameUndetermined", diff.BecameUndetermined.Count());
        w.WriteNumber("wasUndetermined", diff.WasUndetermined.Count());
        w.WriteNumber("mayExpose", diff.MayExpose.Count());
        w.WriteNumber("endpointsAdded", diff.AddedEndpoints.Count);
        w.WriteNumber("endpointsRemoved", diff.RemovedEndpoints.Count);
        w.WriteEndObject();
        w.WriteStartObject("compared");
        w.WriteNumber("endpoints", diff.ComparedEndpoints);
        w.WriteNumber("portIntervals", diff.Space.Ports.Count);
        w.WriteStartArray("addressRanges");
        foreach (var a in diff.Space.Addresses)
        {
            w.WriteStringValue(a.ToString());
        }

        w.WriteEndArray();
        w.WriteEndObject();
        foreach (var (name, list) in new[] { ("endpointsAdded", diff.AddedEndpoints), ("endpointsRemoved", diff.RemovedEndpoints) })
        {
            JsonOutput.WriteObjects(w, name, list, e =>
            {
                w.WriteString("id", e.Ref.ToString());
                w.WriteString("kind", e.Kind);
            });
        }

        w.WriteStartArray("changes");
        foreach (var c in diff.Changes)
        {
            w.WriteStartObject();
            w.WriteString("change", ChangeName(c.Kind));
            w.WriteBoolean("mayExpose", c.MayExpose);
            WriteEndpoint(w, "from", c.From);
            WriteEndpoint(w, "to", c.To);
            w.WriteStartArray("ports");
            foreach (var p in c.Ports)
            {
                w.WriteStartObject();
                w.WriteString("protocol", p.Protocol.ToString());
                w.WriteNumber("port", p.First);
                w.WriteNumber("endPort", p.Last);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            foreach (var (name, v) in new[] { ("before", c.Before), ("after", c.After) })
            {
                w.WriteStartObject(name);
                if (v.Undetermined)
                {
                    w.WriteNull("allowed");
                }
                else
                {
                    w.WriteBoolean("allowed", v.Allowed);
                }

                w.WriteString("verdict", Word(v));
                w.WriteString("probe", $"{v.Source} -> {v.Destination} {v.Port.ToString(CultureInfo.InvariantCulture)}/{v.Protocol}");
                ExplainReport.WriteSideJson(w, "egress", v.Egress, v.Source, v.Destination);
                ExplainReport.WriteSideJson(w, "ingress", v.Ingress, v.Destination, v.Source);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteEndpoint(System.Text.Json.Utf8JsonWriter w, string name, DiffEndpoint e)
    {
        w.WriteStartObject(name);
        w.WriteString("id", e.Id);
        switch (e)
        {
            case WorkloadDiffEndpoint wl:
                w.WriteString("kind", wl.Kind);
                w.WriteString("namespace", wl.Ref.Namespace);
                w.WriteString("name", wl.Ref.Name);
                break;
            case AddressDiffEndpoint a:
                w.WriteString("kind", "External");
                w.WriteString("first", a.Range.First.ToString());
                w.WriteString("last", a.Range.Last.ToString());
                w.WriteString("representative", a.Range.Representative.ToString());
                break;
        }

        w.WriteEndObject();
    }
}
