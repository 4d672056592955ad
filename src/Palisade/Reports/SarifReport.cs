using System.Text.Json;
using Palisade.Diagnostics;
using Palisade.Linting;
using Palisade.Model;

namespace Palisade.Reports;

/// <summary>
/// Writes lint results as SARIF 2.1.0: one run whose driver lists every lint rule with its metadata, and one
/// result per finding with a physical location relative to the input (uriBaseId <c>%SRCROOT%</c>).
/// </summary>
public static class SarifReport
{
    /// <summary>The schema the output declares.</summary>
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json";

    /// <summary>Where the diagnostics reference lives; rule help links are this plus <c>#pal2xx</c>.</summary>
    public const string DefaultDocsUri = "https://palisade.dev/docs/diagnostics.md";

    /// <summary>Writes the log.</summary>
    public static void Write(LintResult result, TextWriter output, string docsUri = DefaultDocsUri)
    {
        var rules = Linter.Rules;
        var index = rules.Select((r, i) => (r.Code, i)).ToDictionary(p => p.Code, p => p.i, StringComparer.Ordinal);

        using var json = new JsonOutput(output, indented: true);
        var w = json.Writer;
        w.WriteStartObject();
        w.WriteString("$schema", SchemaUri);
        w.WriteString("version", "2.1.0");
        w.WriteStartArray("runs");
        w.WriteStartObject();

        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", "palisade");
        w.WriteString("informationUri", docsUri);
        w.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            w.WriteStartObject();
            w.WriteString("id", rule.Code);
            w.WriteString("name", rule.Name);
            Message(w, "shortDescription", rule.ShortDescription);
            Message(w, "fullDescription", rule.FullDescription);
            w.WriteStartObject("help");
            w.WriteString("text", $"{rule.FullDescription} See {docsUri}#{rule.DocsAnchor}.");
            w.WriteEndObject();
            w.WriteString("helpUri", $"{docsUri}#{rule.DocsAnchor}");
            w.WriteStartObject("defaultConfiguration");
            w.WriteString("level", Level(rule.Severity));
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartObject("originalUriBaseIds");
        w.WriteStartObject("%SRCROOT%");
        Message(w, "description", "The folder the input paths are relative to.");
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteString("columnKind", "unicodeCodePoints");
        w.WriteStartArray("results");
        foreach (var finding in result.Findings)
        {
            var d = finding.Diagnostic;
            w.WriteStartObject();
            w.WriteString("ruleId", d.Code);
            if (index.TryGetValue(d.Code, out var i))
            {
                w.WriteNumber("ruleIndex", i);
            }

            w.WriteString("level", Level(d.Severity));
            w.WriteStartObject("message");
            w.WriteString("text", d.Help is null ? d.Message : $"{d.Message}{(d.Message.EndsWith('?') || d.Message.EndsWith('.') ? string.Empty : ".")} Fix: {d.Help}");
            w.WriteEndObject();
            w.WriteStartArray("locations");
            w.WriteStartObject();
            Physical(w, d.Location);
            if (finding.Policy is { } policy)
            {
                w.WriteStartArray("logicalLocations");
                w.WriteStartObject();
                w.WriteString("fullyQualifiedName", policy.ToString());
                w.WriteString("kind", "object");
                w.WriteEndObject();
                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteEndArray();
            if (!finding.Related.IsEmpty)
            {
                w.WriteStartArray("relatedLocations");
                var id = 1;
                foreach (var related in finding.Related)
                {
                    w.WriteStartObject();
                    w.WriteNumber("id", id++);
                    Physical(w, related.Location);
                    Message(w, "message", related.Message);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            json.MaybeFlush();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>SARIF's level for a severity.</summary>
    public static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };

    /// <summary>A relative path as a URI reference: forward slashes, each segment percent-encoded.</summary>
    public static string RelativeUri(string path) =>
        string.Join("/", path.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));

    private static void Physical(Utf8JsonWriter w, SourceLocation location)
    {
        if (!location.IsKnown)
        {
            return;
        }

        w.WriteStartObject("physicalLocation");
        w.WriteStartObject("artifactLocation");
        w.WriteString("uri", RelativeUri(location.File));
        w.WriteString("uriBaseId", "%SRCROOT%");
        w.WriteEndObject();
        if (location.Line > 0)
        {
            w.WriteStartObject("region");
            w.WriteNumber("startLine", location.Line);
            w.WriteNumber("startColumn", Math.Max(location.Column, 1));
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void Message(Utf8JsonWriter w, string name, string text)
    {
        w.WriteStartObject(name);
        w.WriteString("text", text);
        w.WriteEndObject();
    }
}
