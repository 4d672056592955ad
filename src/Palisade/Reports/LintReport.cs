using System.Globalization;
using System.Text.Json;
using Palisade.Diagnostics;
using Palisade.Linting;
using Palisade.Model;
using Palisade.Reports.Escaping;

namespace Palisade.Reports;

/// <summary>Writes a <see cref="LintResult"/> as text, JSON or SARIF 2.1.0.</summary>
public static class LintReport
{
    /// <summary>Writes the result in the format (Text, Json or Sarif).</summary>
    public static void Write(LintResult result, OutputFormat format, TextWriter output)
    {
        switch (format)
        {
            case OutputFormat.Json:
                WriteJson(result, output);
                break;
            case OutputFormat.Sarif:
                SarifReport.Write(result, output);
                break;
            default:
                WriteText(result, output);
                break;
        }
    }

    /// <summary>
    /// One finding a block: <c>path:line:col: warning PAL206: message</c>, then indented help and related
    /// lines, then a summary line.
    /// </summary>
    public static void WriteText(LintResult result, TextWriter output)
    {
        foreach (var finding in result.Findings)
        {
            output.WriteLine(TerminalText.Escape(finding.Diagnostic.ToString()));
            if (finding.Diagnostic.Help is { } help)
            {
                output.WriteLine($"    help: {TerminalText.Escape(help)}");
            }

            foreach (var related in finding.Related)
            {
                output.WriteLine($"    see: {TerminalText.Escape($"{related.Location}: {related.Message}")}");
            }
        }

        output.WriteLine(Summary(result));
    }

    /// <summary>"1 error, 4 warnings, 0 notes (2 suppressed)" or "no findings".</summary>
    public static string Summary(LintResult result)
    {
        var suppressed = result.Suppressed > 0 ? $" ({result.Suppressed.ToString(CultureInfo.InvariantCulture)} suppressed)" : string.Empty;
        if (result.Findings.Count == 0)
        {
            return $"no findings{suppressed}";
        }

        return $"{Count(result.Count(Severity.Error), "error")}, {Count(result.Count(Severity.Warning), "warning")}, " +
            $"{Count(result.Count(Severity.Note), "note")}{suppressed}";
    }

    /// <summary>Writes <c>{"findings": [...], "summary": {...}}</c>.</summary>
    public static void WriteJson(LintResult result, TextWriter output)
    {
        using var json = new JsonOutput(output, indented: true);
        var w = json.Writer;
        w.WriteStartObject();
        w.WriteStartArray("findings");
        foreach (var finding in result.Findings)
        {
            var d = finding.Diagnostic;
            w.WriteStartObject();
            w.WriteString("code", d.Code);
            w.WriteString("name", Linter.FindRule(d.Code)?.Name ?? "lint-configuration");
            w.WriteString("severity", SeverityName(d.Severity));
            w.WriteString("message", d.Message);
            if (d.Help is { } help)
            {
                w.WriteString("help", help);
            }

            WriteLocation(w, "location", d.Location);
            if (finding.Policy is { } policy)
            {
                w.WriteString("policy", policy.ToString());
            }

            w.WriteStartArray("related");
            foreach (var related in finding.Related)
            {
                w.WriteStartObject();
                WriteLocation(w, "location", related.Location);
                w.WriteString("message", related.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            json.MaybeFlush();
        }

        w.WriteEndArray();
        w.WriteStartObject("summary");
        w.WriteNumber("errors", result.Count(Severity.Error));
        w.WriteNumber("warnings", result.Count(Severity.Warning));
        w.WriteNumber("notes", result.Count(Severity.Note));
        w.WriteNumber("suppressed", result.Suppressed);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>"error", "warning" or "note".</summary>
    public static string SeverityName(Severity severity) => severity.ToString().ToLowerInvariant();

    private static void WriteLocation(Utf8JsonWriter w, string name, SourceLocation location)
    {
        if (!location.IsKnown)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        w.WriteString("file", location.File.Replace('\\', '/'));
        w.WriteNumber("line", location.Line);
        w.WriteNumber("column", Math.Max(location.Column, location.Line > 0 ? 1 : 0));
        w.WriteEndObject();
    }

    private static string Count(int n, string noun) =>
        $"{n.ToString(CultureInfo.InvariantCulture)} {noun}{(n == 1 ? string.Empty : "s")}";
}
