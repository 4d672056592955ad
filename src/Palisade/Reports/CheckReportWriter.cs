using System.Globalization;
using System.Text.Json;
using System.Xml;
using Palisade.Diagnostics;
using Palisade.Engine;
using Palisade.Expectations;
using Palisade.Reports.Escaping;

namespace Palisade.Reports;

/// <summary>Writes a <see cref="CheckReport"/> as text, JSON, JUnit XML or markdown, grouped by criterion.</summary>
public static class CheckReportWriter
{
    /// <summary>
    /// Writes the report; <paramref name="explainPasses"/> adds the reasons of passing expectations too. With a
    /// <paramref name="scope"/>, the text, markdown and JSON reports start with what was checked and how.
    /// </summary>
    public static void Write(CheckReport report, OutputFormat format, TextWriter output, bool explainPasses, string title = "palisade check", CheckScope? scope = null)
    {
        switch (format)
        {
            case OutputFormat.Json: WriteJson(report, output, scope); break;
            case OutputFormat.Junit: WriteJunit(report, output, title); break;
            case OutputFormat.Md: WriteMarkdown(report, output, explainPasses, title, scope); break;
            default: WriteScopeText(scope, output); WriteText(report, output, explainPasses); break;
        }
    }

    private static void WriteScopeText(CheckScope? scope, TextWriter output)
    {
        if (scope is null)
        {
            return;
        }

        output.WriteLine($"Checked:  {T(string.Join(", ", scope.Inputs))}");
        output.WriteLine($"Policies: {scope.PoliciesText}");
        output.WriteLine($"Method:   {scope.MethodText}");
        output.WriteLine();
    }

    private static string Expected(bool allowed) => allowed ? "allowed" : "denied";

    private static string Line(ExpectationResult r) =>
        $"{r.Expectation.From} -> {r.Expectation.To} {r.Expectation.PortText}: expected {Expected(r.Expectation.Allowed)}, {(r.Passed ? "is" : LandsElsewhere(r) ? "is" : "got")} {Actual(r)}"
        + (LandsElsewhere(r) ? " but lands in the wrong place" : string.Empty)
        + (r.Note is null ? string.Empty : $"; {r.Note}");

    /// <summary>Failed only because the connection does not land in the workload <c>reaches</c> names.</summary>
    private static bool LandsElsewhere(ExpectationResult r) =>
        r.Status == ExpectationStatus.Failed && r.Expectation.Reaches is not null && !r.PartlyAllowed && r.ActualAllowed == r.Expectation.Allowed;

    private static string Actual(ExpectationResult r) => r.Status switch
    {
        ExpectationStatus.Undetermined => "undetermined",
        ExpectationStatus.NotProbeable => "not probeable",
        _ when r.PartlyAllowed => $"partly allowed ({r.Paths.Open} of {r.Paths.Total} source/backend paths open)",
        _ => Expected(r.ActualAllowed),
    };

    /// <summary>The tag of a result in text output.</summary>
    private static string Tag(ExpectationResult r) => r.Status switch
    {
        ExpectationStatus.Passed => "PASS",
        ExpectationStatus.Failed => "FAIL",
        ExpectationStatus.Undetermined => "????",
        _ => "----",
    };

    /// <summary>The mark of a result in markdown.</summary>
    private static string Mark(ExpectationResult r) => r.Status switch
    {
        ExpectationStatus.Passed => "✅",
        ExpectationStatus.Failed => "❌",
        ExpectationStatus.Undetermined => "❔",
        _ => "➖",
    };

    /// <summary>The state of a criterion: "proved", or what kept it from being proved ("1 failed, 2 undetermined").</summary>
    private static string CriterionState(IEnumerable<ExpectationResult> results)
    {
        var list = results.ToList();
        var parts = new List<string>();
        foreach (var (status, word) in new[]
        {
            (ExpectationStatus.Failed, "failed"), (ExpectationStatus.Undetermined, "undetermined"), (ExpectationStatus.NotProbeable, "not probeable"),
        })
        {
            var n = list.Count(r => r.Status == status);
            if (n > 0)
            {
                parts.Add($"{n} {word}");
            }
        }

        return parts.Count == 0 ? "proved" : string.Join(", ", parts);
    }

    /// <summary>"3 passed, 1 failed", with the undecided counts when there are any.</summary>
    public static string Counts(CheckReport report) =>
        $"{report.PassedCount} passed, {report.FailedCount} failed"
        + (report.UndeterminedCount > 0 ? $", {report.UndeterminedCount} undetermined" : string.Empty)
        + (report.NotProbeableCount > 0 ? $", {report.NotProbeableCount} not probeable" : string.Empty);

    /// <summary>The reasons of one result, as lines without indentation.</summary>
    public static IEnumerable<string> Reasons(ExpectationResult r)
    {
        foreach (var e in r.Evidence)
        {
            yield return e;
        }

        if (r.Hops.Count == 0 && r.Evidence.Count == 0 && !r.Expectation.IsQuantified)
        {
            yield return "no pod serves this destination and port, so no connection can be made";
        }

        // Identical hops (replicas) are reported once.
        foreach (var hop in r.Hops.DistinctBy(h => h.Title))
        {
            yield return $"hop {hop.Title}: {(hop.Verdict.Allowed ? "allowed" : "DENIED")}";
            foreach (var (title, side, subject, peer) in new[]
            {
                ("egress", hop.Verdict.Egress, hop.Verdict.Source, hop.Verdict.Destination),
                ("ingress", hop.Verdict.Ingress, hop.Verdict.Destination, hop.Verdict.Source),
            })
            {
                yield return $"  {title}: {VerdictText.Summary(side, subject)}";
                foreach (var d in VerdictText.Details(side, peer))
                {
                    yield return $"    {d}";
                }
            }
        }
    }

    /// <summary>Plain text for terminals and logs.</summary>
    public static void WriteText(CheckReport report, TextWriter output, bool explainPasses)
    {
        foreach (var group in report.ByCriterion)
        {
            var c = group.Key;
            output.WriteLine($"{T(c.Id)}  {T(c.Title)}  [{CriterionState(group)}]");
            foreach (var r in group)
            {
                output.WriteLine($"  {Tag(r)}  {T(r.Expectation.Name)}");
                output.WriteLine($"        {T(Line(r))}");
                if (!r.Passed || explainPasses)
                {
                    foreach (var reason in Reasons(r))
                    {
                        output.WriteLine($"        {T(reason)}");
                    }
                }
            }

            output.WriteLine();
        }

        WriteFindingsText(report.Findings, output);
        output.WriteLine($"{Counts(report)} ({report.Results.Count} expectations in {report.ByCriterion.Count()} criteria)");
    }

    private static void WriteFindingsText(IReadOnlyList<Diagnostic> findings, TextWriter output)
    {
        if (findings.Count == 0)
        {
            return;
        }

        output.WriteLine($"Lint ({findings.Count}):");
        foreach (var f in findings)
        {
            output.WriteLine($"  {T(f.ToString())}");
            if (f.Help is { Length: > 0 } h)
            {
                output.WriteLine($"      help: {T(h)}");
            }
        }

        output.WriteLine();
    }

    /// <summary>JSON for machines.</summary>
    public static void WriteJson(CheckReport report, TextWriter output, CheckScope? scope = null)
    {
        using var json = new JsonOutput(output, indented: true);
        var w = json.Writer;
        w.WriteStartObject();
        if (scope is not null)
        {
            w.WriteStartObject("checked");
            w.WriteStartArray("inputs");
            foreach (var input in scope.Inputs)
            {
                w.WriteStringValue(input);
            }

            w.WriteEndArray();
            w.WriteNumber("networkPolicies", scope.NetworkPolicies);
            w.WriteNumber("renderedFromProfile", scope.RenderedPolicies);
            w.WriteNumber("clusterWidePolicies", scope.TierPolicies);
            w.WriteString("method", scope.MethodText);
            w.WriteEndObject();
        }

        w.WriteNumber("passed", report.PassedCount);
        w.WriteNumber("failed", report.FailedCount);
        if (report.UndeterminedCount > 0)
        {
            w.WriteNumber("undetermined", report.UndeterminedCount);
        }

        if (report.NotProbeableCount > 0)
        {
            w.WriteNumber("notProbeable", report.NotProbeableCount);
        }

        w.WriteStartArray("criteria");
        foreach (var group in report.ByCriterion)
        {
            w.WriteStartObject();
            w.WriteString("id", group.Key.Id);
            w.WriteString("title", group.Key.Title);
            w.WriteBoolean("proved", group.All(r => r.Passed));
            w.WriteStartArray("expectations");
            foreach (var r in group)
            {
                w.WriteStartObject();
                w.WriteString("name", r.Expectation.Name);
                w.WriteString("from", r.Expectation.From);
                w.WriteString("to", r.Expectation.To);
                w.WriteNumber("port", r.Expectation.Port.Port);
                w.WriteString("protocol", r.Expectation.Port.Protocol.ToString());
                if (r.Expectation.IsQuantified)
                {
                    w.WriteString("ports", r.Expectation.PortText);
                }
                w.WriteBoolean("expectedAllowed", r.Expectation.Allowed);
                w.WriteBoolean("actualAllowed", r.ActualAllowed);
                if (r.PartlyAllowed)
                {
                    w.WriteString("partly", $"{r.Paths.Open} of {r.Paths.Total} paths open");
                }
                w.WriteBoolean("passed", r.Passed);
                if (r.Status is ExpectationStatus.Undetermined or ExpectationStatus.NotProbeable)
                {
                    w.WriteString("status", r.Status == ExpectationStatus.Undetermined ? "undetermined" : "not probeable");
                }

                if (r.Note is not null)
                {
                    w.WriteString("note", r.Note);
                }

                if (r.Expectation.Location.IsKnown)
                {
                    w.WriteString("location", r.Expectation.Location.ToString());
                }

                w.WriteStartArray("hops");
                foreach (var hop in r.Hops.DistinctBy(h => h.Title))
                {
                    w.WriteStartObject();
                    w.WriteString("hop", hop.Title);
                    w.WriteBoolean("allowed", hop.Verdict.Allowed);
                    ExplainReport.WriteSideJson(w, "egress", hop.Verdict.Egress, hop.Verdict.Source, hop.Verdict.Destination);
                    ExplainReport.WriteSideJson(w, "ingress", hop.Verdict.Ingress, hop.Verdict.Destination, hop.Verdict.Source);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (r.Evidence.Count > 0)
                {
                    w.WriteStartArray("evidence");
                    foreach (var line in r.Evidence)
                    {
                        w.WriteStringValue(line);
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("lint");
        foreach (var f in report.Findings)
        {
            WriteDiagnostic(w, f);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteDiagnostic(Utf8JsonWriter w, Diagnostic f)
    {
        w.WriteStartObject();
        w.WriteString("code", f.Code);
        w.WriteString("severity", f.Severity.ToString().ToLowerInvariant());
        w.WriteString("location", f.Location.ToString());
        w.WriteString("message", f.Message);
        if (f.Help is not null)
        {
            w.WriteString("help", f.Help);
        }

        w.WriteEndObject();
    }

    /// <summary>JUnit XML (one testsuite per criterion, one testcase per expectation), as CI systems read it.</summary>
    public static void WriteJunit(CheckReport report, TextWriter output, string title)
    {
        var settings = new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = new System.Text.UTF8Encoding(false) };
        using var sw = new StringWriter(CultureInfo.InvariantCulture);
        using (var x = XmlWriter.Create(sw, settings))
        {
            x.WriteStartDocument();
            x.WriteStartElement("testsuites");
            x.WriteAttributeString("name", X(title));
            x.WriteAttributeString("tests", I(report.Results.Count));
            x.WriteAttributeString("failures", I(report.FailedCount));
            x.WriteAttributeString("errors", "0");
            x.WriteAttributeString("time", "0");
            foreach (var group in report.ByCriterion)
            {
                x.WriteStartElement("testsuite");
                x.WriteAttributeString("name", X($"{group.Key.Id} {group.Key.Title}".Trim()));
                x.WriteAttributeString("tests", I(group.Count()));
                x.WriteAttributeString("failures", I(group.Count(r => r.Status == ExpectationStatus.Failed)));
                x.WriteAttributeString("errors", "0");
                x.WriteAttributeString("skipped", I(group.Count(r => r.Status is ExpectationStatus.Undetermined or ExpectationStatus.NotProbeable)));
                x.WriteAttributeString("time", "0");
                foreach (var r in group)
                {
                    x.WriteStartElement("testcase");
                    x.WriteAttributeString("classname", X(group.Key.Id));
                    x.WriteAttributeString("name", X(r.Expectation.Name));
                    x.WriteAttributeString("time", "0");
                    if (r.Expectation.Location.IsKnown)
                    {
                        x.WriteAttributeString("file", X(r.Expectation.Location.File));
                        x.WriteAttributeString("line", I(r.Expectation.Location.Line));
                    }

                    if (r.Status is ExpectationStatus.Undetermined or ExpectationStatus.NotProbeable)
                    {
                        x.WriteStartElement("skipped");
                        x.WriteAttributeString("message", X(Line(r)));
                        x.WriteEndElement();
                        x.WriteElementString("system-out", X(string.Join("\n", Reasons(r))));
                    }
                    else if (!r.Passed)
                    {
                        x.WriteStartElement("failure");
                        x.WriteAttributeString("message", X(Line(r)));
                        x.WriteAttributeString("type", "ExpectationFailed");
                        x.WriteString(X(string.Join("\n", Reasons(r))));
                        x.WriteEndElement();
                    }
                    else
                    {
                        x.WriteElementString("system-out", X(string.Join("\n", Reasons(r))));
                    }

                    x.WriteEndElement();
                }

                x.WriteEndElement();
            }

            if (report.Findings.Count > 0)
            {
                x.WriteStartElement("testsuite");
                x.WriteAttributeString("name", "lint");
                x.WriteAttributeString("tests", I(report.Findings.Count));
                x.WriteAttributeString("failures", "0");
                x.WriteAttributeString("errors", "0");
                x.WriteAttributeString("skipped", "0");
                x.WriteAttributeString("time", "0");
                foreach (var f in report.Findings)
                {
                    x.WriteStartElement("testcase");
                    x.WriteAttributeString("classname", "lint");
                    x.WriteAttributeString("name", X($"{f.Code} {f.Location}"));
                    x.WriteAttributeString("time", "0");
                    x.WriteElementString("system-out", X(f.ToString()));
                    x.WriteEndElement();
                }

                x.WriteEndElement();
            }

            x.WriteEndElement();
            x.WriteEndDocument();
        }

        output.WriteLine(sw.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal));
    }

    /// <summary>Markdown for pull-request comments and docs.</summary>
    public static void WriteMarkdown(CheckReport report, TextWriter output, bool explainPasses, string title, CheckScope? scope = null)
    {
        output.WriteLine($"## {Md(title)}: {Counts(report)}");
        if (scope is not null)
        {
            output.WriteLine();
            output.WriteLine($"Checked {string.Join(", ", scope.Inputs.Select(MarkdownCell.Code))}: {Md(scope.PoliciesText)}; **{Md(scope.MethodText)}**.");
        }

        foreach (var group in report.ByCriterion)
        {
            output.WriteLine();
            output.WriteLine($"### {(group.All(r => r.Passed) ? "✅" : group.Any(r => r.Status == ExpectationStatus.Failed) ? "❌" : "❔")} {Md(group.Key.Id)} {Md(group.Key.Title)}");
            output.WriteLine();
            output.WriteLine("| | expectation | from | to | port | expected | actual |");
            output.WriteLine("|---|---|---|---|---|---|---|");
            foreach (var r in group)
            {
                output.WriteLine($"| {Mark(r)} | {Md(r.Expectation.Name)} | {MarkdownCell.Code(r.Expectation.From)} | {MarkdownCell.Code(r.Expectation.To)} | {r.Expectation.PortText} | {Expected(r.Expectation.Allowed)} | {Actual(r)}{(r.Note is null ? string.Empty : $" ({Md(r.Note)})")} |");
            }

            foreach (var r in group.Where(r => !r.Passed || explainPasses))
            {
                output.WriteLine();
                output.WriteLine($"<details><summary>{(r.Passed ? "Why" : r.Status == ExpectationStatus.Failed ? "Why it failed" : "Why it is not decided")}: {Md(r.Expectation.Name)}</summary>");
                output.WriteLine();
                output.WriteLine("```text");
                foreach (var reason in Reasons(r))
                {
                    // A reason quoting input must not close the code fence.
                    output.WriteLine(T(reason).Replace("```", "'''", StringComparison.Ordinal));
                }

                output.WriteLine("```");
                output.WriteLine("</details>");
            }
        }

        if (report.Findings.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("### Lint");
            output.WriteLine();
            foreach (var f in report.Findings)
            {
                output.WriteLine($"- {MarkdownCell.Code(f.Code)} {Md(f.Location.ToString())}: {Md(f.Message)}");
            }
        }
    }

    private static string Md(string s) => MarkdownCell.Escape(s);

    private static string T(string s) => TerminalText.Escape(s);

    private static string X(string s) => XmlCharacters.Escape(s);

    private static string I(int i) => i.ToString(CultureInfo.InvariantCulture);
}
