using System.Net;
using System.Text.Json;
using Palisade.Diagnostics;
using Palisade.Expectations;

namespace Palisade.Reports;

/// <summary>
/// Whether lint findings are part of a report: the findings, or why the linter did not run.
/// </summary>
/// <param name="Findings">The findings, or null when the linter did not run.</param>
/// <param name="NotRunReason">Why it did not run (shown instead of findings).</param>
public sealed record LintSection(IReadOnlyList<Diagnostic>? Findings, string? NotRunReason)
{
    /// <summary>A section saying the linter did not run, and why.</summary>
    public static LintSection NotRun(string reason) => new(null, reason);
}

/// <summary>Everything one HTML report shows.</summary>
/// <param name="Title">The report's title (the inputs, as the user named them).</param>
/// <param name="Graph">The connectivity graph.</param>
/// <param name="Check">The expectations' results, or null when none were given.</param>
/// <param name="Lint">The lint section.</param>
public sealed record ReportContent(string Title, ConnectivityGraph Graph, CheckReport? Check, LintSection Lint);

/// <summary>
/// Writes one self-contained HTML file with four views of the connectivity graph (namespaces-first graph, matrix
/// heatmap, focus on one workload, exposure summary) plus the expectations and the lint findings. The graph is laid
/// out in the browser by the vendored dagre library (Assets/dagre.min.js, MIT) and drawn by Assets/report.js from the
/// data embedded as JSON; everything is inline, so no network access is needed to open it. Deterministic: the same
/// input gives the same bytes. Text from the input reaches the page only through the JSON (whose encoder escapes
/// &lt;, &gt; and &amp;) or HTML-encoded, and the script sets it with textContent.
/// </summary>
public static class HtmlReport
{
    private static readonly Lazy<string> Dagre = new(() => Asset("dagre.min.js"));
    private static readonly Lazy<string> ReportScript = new(() => Asset("report.js"));
    private static readonly Lazy<string> Css = new(() => Asset("report.css"));

    /// <summary>The graph, matrix, focus and exposure views, in tab order.</summary>
    private static readonly (string Id, string Title)[] Views =
    [
        ("graph", "Graph"), ("matrix", "Matrix"), ("focus", "Focus"), ("exposure", "Exposure"), ("expectations", "Expectations"), ("lint", "Lint"),
    ];

    /// <summary>Writes the report.</summary>
    public static void Write(ReportContent content, TextWriter output)
    {
        var graph = content.Graph;
        var byRule = graph.Edges.Count(e => e.Kind == EdgeKind.Rule);
        var open = graph.Edges.Count(e => e.Kind == EdgeKind.Open);
        var undetermined = graph.Edges.Count(e => e.Kind == EdgeKind.Undetermined);
        output.WriteLine("<!DOCTYPE html>");
        output.WriteLine("<html lang=\"en\">");
        output.WriteLine("<head>");
        output.WriteLine("<meta charset=\"utf-8\">");
        output.WriteLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        output.WriteLine($"<title>Palisade report: {H(content.Title)}</title>");
        output.WriteLine("<style>");
        output.WriteLine(Css.Value);
        output.WriteLine("</style>");
        output.WriteLine("</head>");
        output.WriteLine("<body>");
        output.WriteLine("<header>");
        output.WriteLine($"<h1>Palisade report <span class=\"title\">{H(content.Title)}</span></h1>");
        var workloads = graph.Nodes.Count(n => n.Namespace is not null);
        var summary = $"{workloads} workload(s) in {graph.Namespaces.Count} namespace(s) · {byRule + open} allowed connection(s): {byRule} through a policy rule, {open} open by default"
            + (undetermined > 0 ? $" · {undetermined} undetermined (the input does not decide them)" : string.Empty);
        if (content.Check is { } check)
        {
            summary += $" · expectations: {check.PassedCount} passed, {check.FailedCount} failed";
        }

        summary += content.Lint.Findings is { } f ? $" · lint: {f.Count} finding(s)" : " · lint: not run";
        output.WriteLine($"<p id=\"summary\">{H(summary)}</p>");
        output.WriteLine("<nav id=\"tabs\" role=\"tablist\">");
        foreach (var (id, title) in Views)
        {
            output.WriteLine($"<button type=\"button\" role=\"tab\" id=\"tab-{id}\" data-view=\"{id}\">{title}</button>");
        }

        output.WriteLine("</nav>");
        output.WriteLine("</header>");
        output.WriteLine("<main>");
        output.WriteLine("""
            <section id="view-graph" class="view">
            <div class="toolbar"><span class="hint">Namespaces and the outside world; an arrow sums the allowed connections between two of them (count · ports). Click a namespace to expand it into its workloads, its header to fold it, a workload to focus on it, an arrow for why. Wheel to zoom, drag to pan.</span>
            <span class="buttons"><label class="hint"><input type="checkbox" id="graph-open-labels"> label open-by-default arrows</label><button type="button" id="graph-expand-all">expand all</button><button type="button" id="graph-fold-all">fold all</button><button type="button" id="zoom-in" aria-label="zoom in">+</button><button type="button" id="zoom-out" aria-label="zoom out">&#8722;</button><button type="button" id="zoom-fit">fit</button></span></div>
            <p class="legend">allowed, decided by: <span class="key admin"></span> admin tier <span class="key rule"></span> NetworkPolicy rule <span class="key baseline"></span> baseline tier <span class="key open"></span> default (open: no policy of any tier applies) <span class="key has-undetermined"></span> some connections undetermined <span class="key undetermined"></span> undetermined (the input does not decide: not allowed for certain, not denied) · a thick border: isolated for ingress, dashed: for egress</p>
            <div class="panes"><div id="graph-wrap"><svg id="graph" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="connectivity graph"></svg></div>
            <aside id="graph-explanation" class="explanation"><h3>Explanation</h3><p class="hint">Click an arrow to see which connections it sums and why each is allowed, port by port.</p></aside></div>
            </section>
            <section id="view-matrix" class="view">
            <div class="toolbar"><span class="buttons" role="group" aria-label="matrix level"><button type="button" id="matrix-namespaces">namespaces</button><button type="button" id="matrix-workloads">workloads</button></span>
            <span class="hint">Rows reach columns. Hover a cell for its ports, click it for the explanation.</span></div>
            <p class="legend">allowed, decided by: <span class="cell admin"></span> admin tier <span class="cell rule"></span> NetworkPolicy rule <span class="cell baseline"></span> baseline tier <span class="cell open"></span> default (open) <span class="cell undetermined"></span> undetermined (not allowed for certain, not denied) <span class="cell denied"></span> denied <span class="cell self"></span> not probed (same workload, outside to outside) · paler: only some of the pairs allowed</p>
            <div class="panes"><div id="matrix-wrap"><canvas id="matrix"></canvas><div id="matrix-tip" role="tooltip" hidden></div></div>
            <aside id="matrix-explanation" class="explanation"><h3>Explanation</h3><p class="hint">Click a cell.</p></aside></div>
            </section>
            <section id="view-focus" class="view">
            <div class="toolbar"><label>Workload <input id="focus-search" type="search" list="focus-names" size="40" placeholder="namespace/name, then Enter" autocomplete="off"></label><datalist id="focus-names"></datalist><span id="focus-status" class="hint"></span></div>
            <div id="focus-result" class="columns"><div class="column"><h3>Who can reach it</h3><div id="focus-in"></div></div><div class="column"><h3>Whom it can reach</h3><div id="focus-out"></div></div></div>
            </section>
            <section id="view-exposure" class="view"><div id="exposure"></div></section>
            """);
        output.WriteLine("<section id=\"view-expectations\" class=\"view\">");
        WriteExpectations(content.Check, output);
        output.WriteLine("</section>");
        output.WriteLine("<section id=\"view-lint\" class=\"view\">");
        WriteLint(content.Lint, output);
        output.WriteLine("</section>");
        output.WriteLine("</main>");

        output.WriteLine("<script type=\"application/json\" id=\"palisade-data\">");
        WriteData(content, output);
        output.WriteLine("</script>");
        output.WriteLine("<script>");
        output.WriteLine(Dagre.Value);
        output.WriteLine("</script>");
        output.WriteLine("<script>");
        output.WriteLine(ReportScript.Value);
        output.WriteLine("</script>");
        output.WriteLine("</body>");
        output.WriteLine("</html>");
    }

    /// <summary>An inline asset (embedded resource of this assembly).</summary>
    private static string Asset(string name)
    {
        using var stream = typeof(HtmlReport).Assembly.GetManifestResourceStream("Palisade.Reports.Assets." + name)
            ?? throw new InvalidOperationException($"report asset {name} is missing from the assembly");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        // An inline script or style ends at the first "</": the assets must never hold one.
        return text.Contains("</", StringComparison.Ordinal) ? throw new InvalidOperationException($"report asset {name} holds '</'") : text;
    }

    private static void WriteExpectations(CheckReport? check, TextWriter output)
    {
        output.WriteLine("<h2 id=\"expectations\">Expectations</h2>");
        if (check is null)
        {
            output.WriteLine("<p class=\"hint\">No expectations given: pass a folder holding expectations.yaml (like examples/home-lab), or --expect FILE.</p>");
            return;
        }

        output.WriteLine($"<p class=\"{(check.FailedCount == 0 ? "pass" : "fail")}-summary\">{check.PassedCount} passed, {check.FailedCount} failed</p>");
        foreach (var group in check.ByCriterion)
        {
            output.WriteLine($"<h3>{H(group.Key.Id)} <span class=\"criterion\">{H(group.Key.Title)}</span></h3>");
            output.WriteLine("<table class=\"results\"><thead><tr><th>result</th><th>expectation</th><th>connection</th></tr></thead><tbody>");
            foreach (var r in group)
            {
                var e = r.Expectation;
                var verdict = $"{e.From} → {e.To} {e.PortText}: expected {(e.Allowed ? "allowed" : "denied")}, {(r.Passed ? "is" : "got")} {(r.ActualAllowed ? "allowed" : "denied")}";
                output.WriteLine($"<tr class=\"{(r.Passed ? "pass" : "fail")}\"><td class=\"result\">{(r.Passed ? "PASS" : "FAIL")}</td><td>{H(e.Name)}</td><td>{H(verdict)}"
                    + $"<details{(r.Passed ? string.Empty : " open")}><summary>why</summary><pre>{H(string.Join("\n", CheckReportWriter.Reasons(r)))}</pre></details></td></tr>");
            }

            output.WriteLine("</tbody></table>");
        }
    }

    private static void WriteLint(LintSection lint, TextWriter output)
    {
        output.WriteLine("<h2 id=\"lint\">Lint findings</h2>");
        if (lint.Findings is null)
        {
            output.WriteLine($"<p class=\"hint\">Not run: {H(lint.NotRunReason ?? "the linter is not available")}</p>");
        }
        else if (lint.Findings.Count == 0)
        {
            output.WriteLine("<p class=\"pass-summary\">No findings.</p>");
        }
        else
        {
            output.WriteLine("<table class=\"results\"><thead><tr><th>severity</th><th>code</th><th>where</th><th>finding</th></tr></thead><tbody>");
            foreach (var d in lint.Findings)
            {
                output.WriteLine($"<tr class=\"{d.Severity.ToString().ToLowerInvariant()}\"><td>{H(d.Severity.ToString().ToLowerInvariant())}</td><td>{H(d.Code)}</td><td>{H(d.Location.IsKnown ? d.Location.ToString() : string.Empty)}</td><td>{H(d.Message)}{(d.Help is null ? string.Empty : $"<br><span class=\"help\">help: {H(d.Help)}</span>")}</td></tr>");
            }

            output.WriteLine("</tbody></table>");
        }
    }

    private static void WriteData(ReportContent content, TextWriter output)
    {
        // The default encoder escapes <, > and & (and non-ASCII) so that the JSON cannot close the script element.
        var graph = content.Graph;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            JsonOutput.WriteObjects(w, "nodes", graph.Nodes, n =>
            {
                w.WriteString("id", n.Id);
                if (n.Namespace is null)
                {
                    w.WriteNull("ns");
                }
                else
                {
                    w.WriteString("ns", n.Namespace);
                }

                w.WriteString("name", n.Name);
                w.WriteString("kind", n.Kind);
                w.WriteBoolean("in", n.IngressIsolated);
                w.WriteBoolean("out", n.EgressIsolated);
            });
            JsonOutput.WriteObjects(w, "edges", graph.Edges, e =>
            {
                w.WriteString("id", e.Id);
                w.WriteString("from", e.From.Id);
                w.WriteString("to", e.To.Id);
                w.WriteString("kind", e.Kind switch { EdgeKind.Rule => "rule", EdgeKind.Open => "open", _ => "undetermined" });
                w.WriteString("ports", e.Label);
                if (e.Kind != EdgeKind.Undetermined)
                {
                    w.WriteString("tier", TierName(e.Tier));
                }

                w.WriteStartArray("rules");
                foreach (var line in e.Rules)
                {
                    w.WriteStringValue(line);
                }

                w.WriteEndArray();
                if (e.Explanations.Count > 0)
                {
                    // Absent at cluster scale beyond each arrow's first edges (ConnectivityGraph.MaxExplainedEdges).
                    JsonOutput.WriteObjects(w, "why", e.Explanations, x =>
                    {
                        w.WriteString("port", x.Port.ToString());
                        w.WriteBoolean("allowed", x.Allowed);
                        w.WriteString("verdict", x.Allowed ? "allowed" : x.Undetermined ? "undetermined" : "denied");
                        w.WriteString("text", x.Text);
                    });
                }
            });
            w.WriteStartArray("failed");
            foreach (var r in content.Check?.Results.Where(r => !r.Passed) ?? [])
            {
                var e = r.Expectation;
                w.WriteStartObject();
                w.WriteString("name", e.Name);
                w.WriteString("from", e.From);
                w.WriteString("to", e.To);
                w.WriteString("port", e.Port.ToString());
                w.WriteString("expected", e.Allowed ? "allowed" : "denied");
                w.WriteString("got", r.ActualAllowed ? "allowed" : "denied");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("lintErrors");
            foreach (var d in content.Lint.Findings?.Where(d => d.Severity == Severity.Error) ?? [])
            {
                w.WriteStartObject();
                w.WriteString("code", d.Code);
                w.WriteString("where", d.Location.IsKnown ? d.Location.ToString() : string.Empty);
                w.WriteString("message", d.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static string H(string s) => WebUtility.HtmlEncode(s);

    /// <summary>The tier's name in the page's data (and its CSS class).</summary>
    private static string TierName(DecidingTier tier) => tier switch
    {
        DecidingTier.Admin => "admin",
        DecidingTier.NetworkPolicy => "networkpolicy",
        DecidingTier.Baseline => "baseline",
        _ => "default",
    };
}
