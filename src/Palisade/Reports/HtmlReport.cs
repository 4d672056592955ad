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
/// Writes one self-contained HTML file: inline CSS, an SVG graph laid out by <see cref="GraphLayout"/>, the
/// explanations as embedded JSON and a small inline script for filters and the explanation panel. No network access
/// is needed to open it. Deterministic: the same input gives the same bytes.
/// </summary>
public static class HtmlReport
{
    /// <summary>Writes the report.</summary>
    public static void Write(ReportContent content, TextWriter output)
    {
        var graph = content.Graph;
        var layout = GraphLayout.For(graph);
        var byRule = graph.Edges.Count(e => e.Kind == EdgeKind.Rule);
        output.WriteLine("<!DOCTYPE html>");
        output.WriteLine("<html lang=\"en\">");
        output.WriteLine("<head>");
        output.WriteLine("<meta charset=\"utf-8\">");
        output.WriteLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        output.WriteLine($"<title>Palisade report: {H(content.Title)}</title>");
        output.WriteLine("<style>");
        output.WriteLine(Css);
        output.WriteLine("</style>");
        output.WriteLine("</head>");
        output.WriteLine("<body>");
        output.WriteLine("<header>");
        output.WriteLine($"<h1>Palisade report <span class=\"title\">{H(content.Title)}</span></h1>");
        var workloads = graph.Nodes.Count(n => n.Namespace is not null);
        var summary = $"{workloads} workload(s) in {graph.Namespaces.Count} namespace(s) · {graph.Edges.Count} allowed connection(s): {byRule} through a policy rule, {graph.Edges.Count - byRule} open by default";
        if (content.Check is { } check)
        {
            summary += $" · expectations: {check.PassedCount} passed, {check.FailedCount} failed";
        }

        summary += content.Lint.Findings is { } f ? $" · lint: {f.Count} finding(s)" : " · lint: not run";
        output.WriteLine($"<p id=\"summary\">{H(summary)}</p>");
        output.WriteLine("</header>");

        output.WriteLine("<section id=\"graph-section\">");
        output.WriteLine("<h2>Who talks to whom</h2>");
        output.WriteLine("<div class=\"controls\">");
        output.WriteLine("<label>Namespace <select id=\"ns-filter\"><option value=\"\">all</option>");
        foreach (var ns in graph.Namespaces)
        {
            output.WriteLine($"<option value=\"{H(ns)}\">{H(ns)}</option>");
        }

        output.WriteLine("</select></label>");
        output.WriteLine("<label>Port <input id=\"port-filter\" type=\"text\" placeholder=\"22 or 53/UDP\" size=\"12\"></label>");
        output.WriteLine("<label><input id=\"show-open\" type=\"checkbox\" checked> connections open by default</label>");
        output.WriteLine("<span id=\"edge-count\"></span>");
        output.WriteLine("</div>");
        output.WriteLine("<p class=\"legend\"><span class=\"key rule\"></span> allowed through a policy rule <span class=\"key open\"></span> open by default (no policy isolates either side) · a thick border marks a workload isolated for ingress, a dashed one for egress · click an arrow to see why</p>");
        output.WriteLine("<div class=\"layout\">");
        output.WriteLine("<div class=\"graph-wrap\">");
        WriteSvg(graph, layout, output);
        output.WriteLine("</div>");
        output.WriteLine("<aside id=\"explanation\">");
        output.WriteLine("<h3 id=\"explanation-title\">Explanation</h3>");
        output.WriteLine("<div id=\"explanation-body\"><p class=\"hint\">Click a connection (an arrow or its label) to see which policies allow it, port by port.</p></div>");
        output.WriteLine("</aside>");
        output.WriteLine("</div>");
        output.WriteLine("</section>");

        WriteExpectations(content.Check, output);
        WriteLint(content.Lint, output);

        output.WriteLine("<script type=\"application/json\" id=\"palisade-data\">");
        WriteData(graph, output);
        output.WriteLine("</script>");
        output.WriteLine("<script>");
        output.WriteLine(Script);
        output.WriteLine("</script>");
        output.WriteLine("</body>");
        output.WriteLine("</html>");
    }

    private static void WriteSvg(ConnectivityGraph graph, GraphLayout layout, TextWriter output)
    {
        output.WriteLine($"<svg id=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{GraphLayout.F(layout.Width)}\" height=\"{GraphLayout.F(layout.Height)}\" viewBox=\"0 0 {GraphLayout.F(layout.Width)} {GraphLayout.F(layout.Height)}\" role=\"img\" aria-label=\"connectivity graph\">");
        output.WriteLine("<defs>");
        output.WriteLine("<marker id=\"arrow-rule\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#1f6feb\"/></marker>");
        output.WriteLine("<marker id=\"arrow-open\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#9aa4b2\"/></marker>");
        output.WriteLine("<marker id=\"arrow-selected\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#d9480f\"/></marker>");
        output.WriteLine("</defs>");
        foreach (var (key, box) in layout.Groups.OrderBy(g => g.Value.X))
        {
            var name = key.Length == 0 ? "outside the cluster" : key;
            output.WriteLine($"<g class=\"ns\" data-ns=\"{H(key)}\"><rect x=\"{GraphLayout.F(box.X)}\" y=\"{GraphLayout.F(box.Y)}\" width=\"{GraphLayout.F(box.Width)}\" height=\"{GraphLayout.F(box.Height)}\" rx=\"10\"/><text x=\"{GraphLayout.F(box.X + 12)}\" y=\"{GraphLayout.F(box.Y + 21)}\">{H(name)}</text></g>");
        }

        // Edges are drawn in two passes (open ones first) so that rule edges stay on top.
        var lanes = new Dictionary<string, int>(StringComparer.Ordinal);
        var paths = new Dictionary<string, EdgePath>(StringComparer.Ordinal);
        foreach (var e in graph.Edges)
        {
            var lane = lanes.GetValueOrDefault(e.From.Id + "|" + e.To.Id);
            lanes[e.From.Id + "|" + e.To.Id] = lane + 1;
            paths[e.Id] = layout.PathOf(e, lane);
        }

        output.WriteLine("<g id=\"edges\">");
        foreach (var e in graph.Edges.OrderBy(e => e.Kind == EdgeKind.Rule ? 1 : 0))
        {
            var p = paths[e.Id];
            var kind = e.Kind == EdgeKind.Rule ? "rule" : "open";
            var ports = string.Join(" ", e.AllowedPorts.Select(x => $"{x.Protocol}:{x.First}-{x.Last}"));
            output.WriteLine($"<g class=\"edge {kind}\" id=\"{e.Id}\" data-from=\"{H(e.From.Id)}\" data-to=\"{H(e.To.Id)}\" data-from-ns=\"{H(e.From.Namespace ?? string.Empty)}\" data-to-ns=\"{H(e.To.Namespace ?? string.Empty)}\" data-ports=\"{H(ports)}\" tabindex=\"0\">");
            output.WriteLine($"<title>{H(e.From.Id)} → {H(e.To.Id)}: {H(e.Label)}</title>");
            output.WriteLine($"<path class=\"hit\" d=\"{p.D}\"/>");
            output.WriteLine($"<path class=\"line\" d=\"{p.D}\" marker-end=\"url(#arrow-{kind})\"/>");
            output.WriteLine($"<text class=\"label\" x=\"{GraphLayout.F(p.LabelX)}\" y=\"{GraphLayout.F(p.LabelY)}\" text-anchor=\"middle\">{H(ShortLabel(e))}</text>");
            output.WriteLine("</g>");
        }

        output.WriteLine("</g>");
        foreach (var n in graph.Nodes)
        {
            var box = layout.Nodes[n.Id];
            var classes = "node" + (n.IngressIsolated ? " isolated-ingress" : string.Empty) + (n.EgressIsolated ? " isolated-egress" : string.Empty) + (n.Namespace is null ? " outside" : string.Empty);
            var detail = n.Namespace is null ? "any address outside"
                : n.Kind + (n.IngressIsolated || n.EgressIsolated
                    ? " · isolated: " + string.Join("+", new[] { n.IngressIsolated ? "in" : null, n.EgressIsolated ? "out" : null }.Where(s => s is not null))
                    : " · not isolated");
            output.WriteLine($"<g class=\"{classes}\" data-id=\"{H(n.Id)}\" data-ns=\"{H(n.Namespace ?? string.Empty)}\"><title>{H(n.Id)}</title><rect x=\"{GraphLayout.F(box.X)}\" y=\"{GraphLayout.F(box.Y)}\" width=\"{GraphLayout.F(box.Width)}\" height=\"{GraphLayout.F(box.Height)}\" rx=\"6\"/>"
                + $"<text class=\"name\" x=\"{GraphLayout.F(box.X + 10)}\" y=\"{GraphLayout.F(box.Y + 17)}\">{H(Clip(n.Name, 23))}</text><text class=\"kind\" x=\"{GraphLayout.F(box.X + 10)}\" y=\"{GraphLayout.F(box.Y + 32)}\">{H(detail)}</text></g>");
        }

        output.WriteLine("</svg>");
    }

    private static string ShortLabel(GraphEdge e)
    {
        var ports = e.AllowedPorts.Select(p => p.ToString()).ToList();
        return ports.Count <= 3 ? string.Join(", ", ports) : string.Join(", ", ports.Take(2)) + $" +{ports.Count - 2}";
    }

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private static void WriteExpectations(CheckReport? check, TextWriter output)
    {
        output.WriteLine("<section id=\"expectations\">");
        output.WriteLine("<h2>Expectations</h2>");
        if (check is null)
        {
            output.WriteLine("<p class=\"hint\">No expectations given: pass a folder holding expectations.yaml (like examples/home-lab), or --expect FILE.</p>");
            output.WriteLine("</section>");
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

        output.WriteLine("</section>");
    }

    private static void WriteLint(LintSection lint, TextWriter output)
    {
        output.WriteLine("<section id=\"lint\">");
        output.WriteLine("<h2>Lint findings</h2>");
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

        output.WriteLine("</section>");
    }

    private static void WriteData(ConnectivityGraph graph, TextWriter output)
    {
        // The default encoder escapes <, > and & so that the JSON cannot close the script element.
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartObject("edges");
            foreach (var e in graph.Edges)
            {
                w.WriteStartObject(e.Id);
                w.WriteString("from", e.From.Id);
                w.WriteString("to", e.To.Id);
                w.WriteString("kind", e.Kind == EdgeKind.Rule ? "rule" : "open");
                w.WriteString("ports", e.Label);
                w.WriteStartArray("explanations");
                foreach (var x in e.Explanations)
                {
                    w.WriteStartObject();
                    w.WriteString("port", x.Port.ToString());
                    w.WriteBoolean("allowed", x.Allowed);
                    w.WriteString("text", x.Text);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static string H(string s) => WebUtility.HtmlEncode(s);

    private const string Css = """
        :root { --ink: #1f2328; --muted: #59636e; --rule: #1f6feb; --open: #9aa4b2; --sel: #d9480f; --pass: #1a7f37; --fail: #cf222e; }
        * { box-sizing: border-box; }
        body { font-family: "DejaVu Sans", system-ui, sans-serif; color: var(--ink); margin: 0; padding: 16px 24px; background: #fff; font-size: 14px; }
        h1 { font-size: 22px; margin: 0 0 4px; } h1 .title { font-weight: normal; color: var(--muted); font-size: 16px; margin-left: 8px; }
        h2 { font-size: 18px; margin: 24px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
        h3 { font-size: 15px; margin: 16px 0 6px; } .criterion { font-weight: normal; color: var(--muted); }
        #summary { color: var(--muted); margin: 0; }
        .controls { display: flex; gap: 18px; align-items: center; flex-wrap: wrap; margin-bottom: 6px; }
        .controls select, .controls input[type=text] { font: inherit; padding: 2px 4px; }
        #edge-count { color: var(--muted); }
        .legend { color: var(--muted); font-size: 12px; margin: 4px 0 8px; }
        .key { display: inline-block; width: 26px; height: 0; vertical-align: middle; margin: 0 4px 0 10px; border-top: 3px solid var(--rule); }
        .key.open { border-top: 2px dashed var(--open); }
        .layout { display: flex; gap: 16px; align-items: flex-start; }
        .graph-wrap { overflow: auto; border: 1px solid #d0d7de; border-radius: 8px; flex: 1 1 auto; max-height: 80vh; }
        #explanation { flex: 0 0 360px; border: 1px solid #d0d7de; border-radius: 8px; padding: 8px 12px; max-height: 80vh; overflow: auto; position: sticky; top: 8px; }
        #explanation h3 { margin-top: 4px; }
        #explanation pre { white-space: pre-wrap; font-size: 12px; background: #f6f8fa; padding: 6px; border-radius: 4px; margin: 4px 0 10px; }
        .port-verdict.allowed h4 { color: var(--pass); } .port-verdict.denied h4 { color: var(--fail); }
        .port-verdict h4 { margin: 6px 0 2px; font-size: 13px; }
        .hint { color: var(--muted); }
        svg text { font-family: "DejaVu Sans", system-ui, sans-serif; }
        .ns rect { fill: #f6f8fa; stroke: #d0d7de; } .ns text { font-size: 14px; font-weight: bold; fill: #424a53; }
        .node rect { fill: #fff; stroke: #57606a; stroke-width: 1.2; } .node .name { font-size: 13px; font-weight: bold; } .node .kind { font-size: 11px; fill: var(--muted); }
        .node.isolated-ingress rect { stroke: #0969da; stroke-width: 3; } .node.isolated-egress rect { stroke-dasharray: 6 3; }
        .node.outside rect { fill: #fff8e5; }
        .edge { cursor: pointer; } .edge .hit { stroke: transparent; stroke-width: 12; fill: none; }
        .edge .line { fill: none; }
        .edge.rule .line { stroke: var(--rule); stroke-width: 2.2; } .edge.open .line { stroke: var(--open); stroke-width: 1.2; stroke-dasharray: 5 4; }
        .edge .label { font-size: 11px; paint-order: stroke; stroke: #fff; stroke-width: 4px; fill: #0b3d91; }
        .edge.open .label { display: none; fill: var(--muted); }
        .edge:hover .line, .edge:focus .line { stroke-width: 3.5; } .edge.open:hover .label { display: inline; }
        .edge.selected .line { stroke: var(--sel); stroke-width: 3.5; stroke-dasharray: none; } .edge.selected .label { display: inline; fill: var(--sel); }
        .edge.hidden, .node.hidden { display: none; } .node.dim, .ns.dim { opacity: 0.35; }
        table.results { border-collapse: collapse; width: 100%; } table.results td, table.results th { border-bottom: 1px solid #eaeef2; padding: 4px 8px; text-align: left; vertical-align: top; }
        tr.pass .result { color: var(--pass); font-weight: bold; } tr.fail .result { color: var(--fail); font-weight: bold; } tr.fail { background: #fff5f5; }
        details pre { white-space: pre-wrap; font-size: 12px; margin: 4px 0; } .pass-summary { color: var(--pass); font-weight: bold; } .fail-summary { color: var(--fail); font-weight: bold; }
        .help { color: var(--muted); }
        """;

    private const string Script = """
        (function () {
          'use strict';
          var data = JSON.parse(document.getElementById('palisade-data').textContent);
          var edges = Array.prototype.slice.call(document.querySelectorAll('#graph .edge'));
          var nodes = Array.prototype.slice.call(document.querySelectorAll('#graph .node'));
          var groups = Array.prototype.slice.call(document.querySelectorAll('#graph .ns'));
          var nsFilter = document.getElementById('ns-filter');
          var portFilter = document.getElementById('port-filter');
          var showOpen = document.getElementById('show-open');
          var count = document.getElementById('edge-count');

          function parsePort(text) {
            var m = /^\s*(\d+)\s*(?:\/\s*(tcp|udp|sctp))?\s*$/i.exec(text);
            return m ? { port: parseInt(m[1], 10), protocol: m[2] ? m[2].toUpperCase() : null } : null;
          }

          function hasPort(edge, wanted) {
            return edge.getAttribute('data-ports').split(' ').some(function (item) {
              var parts = item.split(':'), range = parts[1].split('-');
              return (!wanted.protocol || wanted.protocol === parts[0]) &&
                wanted.port >= parseInt(range[0], 10) && wanted.port <= parseInt(range[1], 10);
            });
          }

          function apply() {
            var ns = nsFilter.value, wanted = parsePort(portFilter.value), open = showOpen.checked, shown = 0;
            var touched = {};
            edges.forEach(function (e) {
              var visible = (!ns || e.getAttribute('data-from-ns') === ns || e.getAttribute('data-to-ns') === ns) &&
                (!wanted || hasPort(e, wanted)) && (open || !e.classList.contains('open'));
              e.classList.toggle('hidden', !visible);
              if (visible) {
                shown++;
                touched[e.getAttribute('data-from')] = true;
                touched[e.getAttribute('data-to')] = true;
              }
            });
            nodes.forEach(function (n) {
              var filtered = ns || wanted;
              n.classList.toggle('dim', !!filtered && !touched[n.getAttribute('data-id')] && n.getAttribute('data-ns') !== ns);
            });
            groups.forEach(function (g) { g.classList.toggle('dim', !!ns && g.getAttribute('data-ns') !== ns); });
            count.textContent = shown + ' of ' + edges.length + ' connection(s) shown';
          }

          function text(tag, content, cls) {
            var el = document.createElement(tag);
            el.textContent = content;
            if (cls) { el.className = cls; }
            return el;
          }

          function show(edge) {
            var info = data.edges[edge.id];
            edges.forEach(function (e) { e.classList.toggle('selected', e === edge); });
            edge.querySelector('.line').setAttribute('marker-end', 'url(#arrow-selected)');
            edges.forEach(function (e) {
              if (e !== edge) {
                e.querySelector('.line').setAttribute('marker-end', 'url(#arrow-' + (e.classList.contains('rule') ? 'rule' : 'open') + ')');
              }
            });
            document.getElementById('explanation-title').textContent = info.from + ' \u2192 ' + info.to;
            var body = document.getElementById('explanation-body');
            body.textContent = '';
            body.appendChild(text('p', 'Allowed on ' + info.ports + (info.kind === 'open'
              ? ' (open by default: no policy isolates either side).' : ' (through a policy rule).'), 'allowed-ports'));
            info.explanations.forEach(function (x) {
              var div = document.createElement('div');
              div.className = 'port-verdict ' + (x.allowed ? 'allowed' : 'denied');
              div.appendChild(text('h4', x.port + ': ' + (x.allowed ? 'allowed' : 'denied')));
              div.appendChild(text('pre', x.text));
              body.appendChild(div);
            });
          }

          edges.forEach(function (e) {
            e.addEventListener('click', function () { show(e); });
            e.addEventListener('keydown', function (ev) { if (ev.key === 'Enter' || ev.key === ' ') { show(e); ev.preventDefault(); } });
          });
          nsFilter.addEventListener('change', apply);
          portFilter.addEventListener('input', apply);
          showOpen.addEventListener('change', apply);
          var initial = /[#&]edge=([\w-]+)/.exec(location.hash);
          // #edge=ID clicks that edge once loaded (a link to one explanation; the browser test uses it too).
          if (initial && document.getElementById(initial[1])) {
            document.getElementById(initial[1]).dispatchEvent(new MouseEvent('click', { bubbles: true }));
          }
          var nsHash = /[#&]ns=([^&]+)/.exec(location.hash);
          if (nsHash) { nsFilter.value = decodeURIComponent(nsHash[1]); }
          apply();
          document.body.setAttribute('data-ready', 'true');
        })();
        """;
}
