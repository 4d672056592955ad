using System.Text.RegularExpressions;
using Palisade.Cli;

namespace Palisade.Tests.Cli;

/// <summary><c>palisade report</c>: the HTML file (also opened in headless Chromium), DOT and SVG.</summary>
public sealed class ReportCommandTests
{
    private const string HomeLab = "examples/home-lab";

    private static readonly string[] HomeLabWorkloads =
    [
        "apps/n8n", "data/postgres-postgresql", "dev/dev-container-belego", "dev/dev-container-pilates", "dev/nginx-proxy",
        "kube-system/coredns", "kube-system/traefik", "ml/ollama",
    ];

    private static string Artifacts(string name)
    {
        // Under the test's output folder (bin/, git-ignored).
        var dir = Path.Combine(AppContext.BaseDirectory, "artifacts", name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string WriteReport(string dir, params string[] extra)
    {
        var file = Path.Combine(dir, "report.html");
        var r = CliRunner.Run(["report", HomeLab, "--output-file", file, .. extra]);
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        return file;
    }

    [Fact]
    public void HomeLab_Html_IsSelfContainedAndHasGraphExpectationsAndLintFindings()
    {
        var html = File.ReadAllText(WriteReport(Artifacts("html")));
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex("(src|href)=\"(https?:)?//"), html);
        // The only URL is the SVG namespace name, which is never fetched.
        Assert.Equal(["http://www.w3.org/2000/svg"], Regex.Matches(html, "https?://[^\"' <]+").Select(m => m.Value).Distinct());
        foreach (var id in HomeLabWorkloads)
        {
            Assert.Contains($"{{\"id\":\"{id}\",", html, StringComparison.Ordinal);
        }

        Assert.Matches("\"id\":\"e\\d+\",\"from\":\"dev/nginx-proxy\",\"to\":\"dev/dev-container-belego\",\"kind\":\"rule\",\"ports\":\"22/TCP\"", html);
        // The dev containers cannot SSH to each other: no edge between them.
        Assert.DoesNotContain("\"from\":\"dev/dev-container-belego\",\"to\":\"dev/dev-container-pilates\"", html, StringComparison.Ordinal);
        // The outside world: the Internet and the LAN / private ranges.
        Assert.Contains("{\"id\":\"outside\",\"ns\":null,\"name\":\"Internet (203.0.113.10)\"", html, StringComparison.Ordinal);
        Assert.Contains("{\"id\":\"lan\",\"ns\":null,\"name\":\"LAN / private ranges\"", html, StringComparison.Ordinal);
        // LoadBalancer addresses are outside nodes of their own, with the connections they lead to (the backends' ports).
        Assert.Contains("{\"id\":\"lb:dev/nginx-proxy-ssh\",\"ns\":null,\"name\":\"LoadBalancer 192.168.2.101 (dev/nginx-proxy-ssh)\"", html, StringComparison.Ordinal);
        Assert.Contains("{\"id\":\"lb:kube-system/traefik\",\"ns\":null,\"name\":\"LoadBalancer 192.168.2.100 (kube-system/traefik)\"", html, StringComparison.Ordinal);
        Assert.Matches("\"from\":\"lb:dev/nginx-proxy-ssh\",\"to\":\"dev/nginx-proxy\",\"kind\":\"open\",\"ports\":\"2222-2223/TCP\"", html);
        Assert.Contains("39 passed, 0 failed", html, StringComparison.Ordinal);
        // The linter's findings for the story's policy: the hand-applied `name` namespace labels (PAL206).
        Assert.Contains("lint: 4 finding(s)", html, StringComparison.Ordinal);
        Assert.Contains("<td>PAL206</td><td>examples/home-lab/manifests/networkpolicy.yaml:29:9</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void HomeLab_Html_IsDeterministic()
    {
        var a = File.ReadAllText(WriteReport(Artifacts("det-a")));
        var b = File.ReadAllText(WriteReport(Artifacts("det-b")));
        Assert.Equal(a, b);
    }

    [Fact]
    public void MovedNginx_Html_ShowsTheFailedExpectations()
    {
        var file = Path.Combine(Artifacts("moved"), "report.html");
        var r = CliRunner.Run(["report", "tests/scenarios/check/nginx-in-ingress", "--no-profile", "--output-file", file]);
        Assert.True(r.ExitCode == 0, r.Err);
        var html = File.ReadAllText(file);
        Assert.Contains("26 passed, 4 failed", html, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"fail\"><td class=\"result\">FAIL</td><td>a LAN client reaches belego through 192.168.2.101:2222</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void HomeLab_Dot_MatchesGolden()
    {
        var r = CliRunner.Run(["report", HomeLab, "--output", "dot"]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("\"dev/nginx-proxy\" -> \"dev/dev-container-belego\" [label=\"22/TCP\", color=\"#1f6feb\"", r.Out, StringComparison.Ordinal);
        Golden.Check("tests/scenarios/report/home-lab/golden/report.dot", r.Out);
    }

    [Fact]
    public async Task Svg_WithoutGraphviz_IsAnEnvironmentError()
    {
        var e = await Assert.ThrowsAsync<PalisadeException>(() => Graphviz.RenderSvgAsync("digraph { a -> b }", pathVariable: string.Empty));
        Assert.Equal("PAL460", e.Code);
        Assert.Contains("apt-get install -y graphviz", e.Help, StringComparison.Ordinal);
    }

    [ToolFact("dot")]
    public void HomeLab_Svg_RendersWithGraphviz()
    {
        var file = Path.Combine(Artifacts("svg"), "report.svg");
        var r = CliRunner.Run(["report", HomeLab, "--output", "svg", "--output-file", file]);
        Assert.True(r.ExitCode == 0, r.Err);
        var svg = File.ReadAllText(file);
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("dev&#45;container&#45;belego", svg, StringComparison.Ordinal);
    }

    [ToolFact("chromium")]
    public void UnknownPodAddress_InHeadlessChromium_ShowsUndeterminedNotDenied()
    {
        // b/client has no IP and a/web admits 10.0.0.0/8 on 80: that connection is undetermined.
        var dir = Artifacts("browser-undetermined");
        var manifests = Path.Combine(dir, "m.yaml");
        File.WriteAllText(manifests, WebAndClient.UnknownClientAddress);
        var file = Path.Combine(dir, "report.html");
        var r = CliRunner.Run(["report", manifests, "--no-profile", "-o", file]);
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        using var browser = HeadlessBrowser.Open(new Uri(file).AbsoluteUri, 1280, 800);

        // The graph: the namespace arrow b → a is drawn as undetermined, not left out as if denied.
        Assert.True(browser.Evaluate("document.querySelector(\"#graph .edge.undetermined[data-from='ns:b'][data-to='ns:a']\") !== null").GetBoolean(),
            browser.Text("Array.from(document.querySelectorAll('#graph .edge')).map(function (e) { return e.getAttribute('class') + ' ' + e.getAttribute('data-from') + '>' + e.getAttribute('data-to'); }).join('; ')"));
        browser.Screenshot(Path.Combine(dir, "graph.png"));

        // The matrix: the cell's tip and explanation say undetermined.
        browser.Click("#tab-matrix");
        browser.Click("#matrix-workloads");
        browser.WaitFor("document.getElementById('matrix').getAttribute('data-level') === 'workloads'");
        var cell = browser.Evaluate("palisade.matrixCell('b/client', 'a/web')");
        var (x, y) = (cell.GetProperty("x").GetDouble(), cell.GetProperty("y").GetDouble());
        browser.MoveTo(x, y);
        browser.WaitFor("!document.getElementById('matrix-tip').hidden");
        var tip = browser.Text("document.getElementById('matrix-tip').textContent");
        Assert.Contains("undetermined on 80/TCP", tip, StringComparison.Ordinal);
        Assert.DoesNotContain("denied", tip, StringComparison.Ordinal);
        browser.Click(x, y);
        var explained = browser.Text("document.getElementById('matrix-explanation').textContent");
        Assert.Contains("80/TCP: undetermined", explained, StringComparison.Ordinal);
        browser.Screenshot(Path.Combine(dir, "matrix.png"));
    }

    [ToolFact("chromium")]
    public void HomeLab_InHeadlessChromium_FitsTheWindowAndAnswersRealInput()
    {
        var dir = Artifacts("browser-home-lab");
        var file = WriteReport(dir);
        using var browser = HeadlessBrowser.Open(new Uri(file).AbsoluteUri, 1280, 800);

        // Namespaces first: five namespaces and the outside nodes (Internet, LAN, two LoadBalancer addresses), all inside
        // the window, no label over another.
        AssertGraphFits(browser, "home lab, namespaces");
        Assert.Equal(9, browser.Evaluate("document.querySelectorAll('#graph .node').length").GetInt32());
        Assert.Equal("LoadBalancer 192.168.2.101", browser.Text("document.querySelector(\"#graph [data-id='lb:dev/nginx-proxy-ssh'] .name\").textContent"));
        Assert.Equal("Service dev/nginx-proxy-ssh", browser.Text("document.querySelector(\"#graph [data-id='lb:dev/nginx-proxy-ssh'] .sub\").textContent"));

        // The LoadBalancer's arrow into dev: clicking it explains the SSH ports its clients reach (the proxy is not
        // isolated for ingress: open by default).
        browser.Click("#graph .edge[data-from='lb:dev/nginx-proxy-ssh'][data-to='ns:dev'] .line");
        var lbWhy = browser.Text("document.getElementById('graph-explanation').textContent");
        Assert.Contains("lb:dev/nginx-proxy-ssh", browser.Text("document.querySelector(\"#graph .edge.selected\").getAttribute('data-from')"), StringComparison.Ordinal);
        Assert.Contains("2222/TCP: allowed", lbWhy, StringComparison.Ordinal);
        Assert.Contains("2223/TCP: allowed", lbWhy, StringComparison.Ordinal);
        Assert.Contains("open by default", lbWhy, StringComparison.Ordinal);
        browser.Screenshot(Path.Combine(dir, "graph-namespaces.png"));

        // Click a namespace: it opens into its workloads; click its header: it folds again.
        browser.Click("#graph [data-id='ns:dev']");
        browser.WaitFor("document.querySelector(\"#graph [data-id='dev/nginx-proxy']\") !== null");
        Assert.Equal(0, browser.Evaluate("document.querySelectorAll(\"#graph [data-id='ns:dev']\").length").GetInt32());
        AssertGraphFits(browser, "home lab, dev expanded");
        browser.Screenshot(Path.Combine(dir, "graph-dev-expanded.png"));

        // An arrow explains the connections it sums: nginx-proxy → belego is SSH through a policy rule.
        browser.Click("#graph .edge[data-from='dev/nginx-proxy'][data-to='dev/dev-container-belego'] .label");
        var why = browser.Text("document.getElementById('graph-explanation').textContent");
        Assert.Contains("22/TCP: allowed", why, StringComparison.Ordinal);
        Assert.Contains("ingress at dev/dev-container-belego: allowed by dev/", why, StringComparison.Ordinal);
        Assert.Contains("through a NetworkPolicy rule", why, StringComparison.Ordinal); // the deciding tier, in words and colour
        Assert.True(browser.Evaluate("document.querySelector(\"#graph .edge[data-from='dev/nginx-proxy'][data-to='dev/dev-container-belego']\").classList.contains('tier-networkpolicy')").GetBoolean());
        browser.Click("#graph [data-id='header:dev']");
        browser.WaitFor("document.querySelector(\"#graph [data-id='ns:dev']\") !== null");
        Assert.Equal(0, browser.Evaluate("document.querySelectorAll(\"#graph [data-id='dev/nginx-proxy']\").length").GetInt32());

        // Focus: type into the search box and press Enter.
        browser.Click("#tab-focus");
        browser.Click("#focus-search");
        browser.TypeAndEnter("belego");
        browser.WaitFor("document.getElementById('view-focus').getAttribute('data-focus') === 'dev/dev-container-belego'");
        var incoming = browser.Text("document.getElementById('focus-in').textContent");
        Assert.Contains("dev/nginx-proxy", incoming, StringComparison.Ordinal);
        Assert.Contains("22/TCP", incoming, StringComparison.Ordinal);
        Assert.Contains("allowed by dev/", incoming, StringComparison.Ordinal);
        browser.Screenshot(Path.Combine(dir, "focus.png"));

        // Matrix at workload level: hover a cell for its ports, click it for the explanation.
        browser.Click("#tab-matrix");
        browser.Screenshot(Path.Combine(dir, "matrix.png"));
        browser.Click("#matrix-workloads");
        browser.WaitFor("document.getElementById('matrix').getAttribute('data-level') === 'workloads'");
        var cell = browser.Evaluate("palisade.matrixCell('dev/nginx-proxy', 'dev/dev-container-belego')");
        var (x, y) = (cell.GetProperty("x").GetDouble(), cell.GetProperty("y").GetDouble());
        Assert.True(x is > 0 and < 1280 && y is > 0 and < 800, $"cell at {HeadlessBrowser.N(x)},{HeadlessBrowser.N(y)} is outside the window");
        browser.MoveTo(x, y);
        browser.WaitFor("!document.getElementById('matrix-tip').hidden");
        var tip = browser.Text("document.getElementById('matrix-tip').textContent");
        Assert.Contains("dev/nginx-proxy → dev/dev-container-belego", tip, StringComparison.Ordinal);
        Assert.Contains("allowed on 22/TCP", tip, StringComparison.Ordinal);
        browser.Screenshot(Path.Combine(dir, "matrix-workloads-hover.png"));
        browser.Click(x, y);
        var explained = browser.Text("document.getElementById('matrix-explanation').textContent");
        Assert.Contains("22/TCP: allowed", explained, StringComparison.Ordinal);
        Assert.Contains("allowed by dev/", explained, StringComparison.Ordinal);

        // Exposure links to focus views.
        browser.Click("#tab-exposure");
        var exposure = browser.Text("document.getElementById('exposure').textContent");
        Assert.Contains("Reachable from outside the cluster", exposure, StringComparison.Ordinal);
        Assert.Contains("Egress open to the Internet", exposure, StringComparison.Ordinal);
        browser.Screenshot(Path.Combine(dir, "exposure.png"));
        browser.Click("#exposure a.focus");
        browser.WaitFor("document.getElementById('view-focus').classList.contains('active')");

        browser.Click("#tab-expectations");
        browser.Screenshot(Path.Combine(dir, "expectations.png"));
        browser.Click("#tab-lint");
        browser.Screenshot(Path.Combine(dir, "lint.png"));
    }

    [ToolFact("chromium")]
    public void TierS_InHeadlessChromium_NamespaceGraphFitsAndAnExpandedNamespaceToo()
    {
        var dir = Artifacts("browser-tier-s");
        var cluster = Path.Combine(dir, "tier-s.json");
        var gen = CliRunner.Run(["generate", "--tier", "S", "--seed", "1", "--output-file", cluster]);
        Assert.True(gen.ExitCode == 0, gen.Err);
        var file = Path.Combine(dir, "report.html");
        var r = CliRunner.Run(["report", cluster, "--output-file", file]);
        Assert.True(r.ExitCode == 0, r.Err);
        using var browser = HeadlessBrowser.Open(new Uri(file).AbsoluteUri, 1280, 800);

        AssertGraphFits(browser, "tier S, namespaces");
        // 23 namespaces and the two outside nodes: readable by default, not one box per workload.
        Assert.Equal(25, browser.Evaluate("document.querySelectorAll('#graph .node').length").GetInt32());
        browser.Screenshot(Path.Combine(dir, "graph-namespaces.png"));

        var ns = browser.Text("document.querySelector('#graph .node.namespace').getAttribute('data-ns')");
        browser.Click($"#graph [data-id='ns:{ns}']");
        browser.WaitFor($"document.querySelector(\"#graph [data-id='header:{ns}']\") !== null");
        AssertGraphFits(browser, $"tier S, {ns} expanded");
        browser.Screenshot(Path.Combine(dir, "graph-expanded.png"));

        browser.Click("#tab-matrix");
        Assert.Equal(25, browser.Evaluate("+document.getElementById('matrix').getAttribute('data-size')").GetInt32());
        browser.Screenshot(Path.Combine(dir, "matrix.png"));
    }

    /// <summary>
    /// Every graph element lies inside the window and inside the graph panel, and no two texts of the graph overlap
    /// (bounding boxes from the DOM, half a pixel of tolerance).
    /// </summary>
    private static void AssertGraphFits(HeadlessBrowser browser, string what)
    {
        const string Script = """
            (function () {
              var panel = document.getElementById('graph').getBoundingClientRect(), w = window.innerWidth, h = window.innerHeight, t = 0.5;
              var outside = [];
              document.querySelectorAll('#graph .node, #graph .cluster, #graph .edge .line, #graph text').forEach(function (e) {
                var r = e.getBoundingClientRect();
                if (r.left < Math.max(0, panel.left) - t || r.top < Math.max(0, panel.top) - t || r.right > Math.min(w, panel.right) + t || r.bottom > Math.min(h, panel.bottom) + t) {
                  outside.push((e.getAttribute('data-id') || e.textContent) + ' at ' + [r.left, r.top, r.right, r.bottom].map(Math.round).join(','));
                }
              });
              var texts = Array.prototype.map.call(document.querySelectorAll('#graph text'), function (e) { return { t: e.textContent, r: e.getBoundingClientRect() }; });
              var overlaps = [];
              for (var i = 0; i < texts.length; i++) {
                for (var j = i + 1; j < texts.length; j++) {
                  var a = texts[i].r, b = texts[j].r;
                  if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > t && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > t) {
                    overlaps.push(texts[i].t + ' / ' + texts[j].t);
                  }
                }
              }
              return JSON.stringify({ texts: texts.length, outside: outside.slice(0, 10), outsideCount: outside.length, overlaps: overlaps.slice(0, 10), overlapCount: overlaps.length });
            })()
            """;
        var json = browser.Text(Script);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("texts").GetInt32() > 0, $"{what}: no text drawn");
        Assert.True(root.GetProperty("outsideCount").GetInt32() == 0, $"{what}: elements outside the window: {json}");
        Assert.True(root.GetProperty("overlapCount").GetInt32() == 0, $"{what}: overlapping labels: {json}");
    }
}
