using System.Diagnostics;
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
        var r = CliRunner.Run(["report", HomeLab, "-o", file, .. extra]);
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
            Assert.Contains($"data-id=\"{id}\"", html, StringComparison.Ordinal);
        }

        Assert.Matches("class=\"edge rule\" id=\"e\\d+\" data-from=\"dev/nginx-proxy\" data-to=\"dev/dev-container-belego\"", html);
        // The dev containers cannot SSH to each other: no edge between them.
        Assert.DoesNotContain("data-from=\"dev/dev-container-belego\" data-to=\"dev/dev-container-pilates\"", html, StringComparison.Ordinal);
        Assert.Contains("34 passed, 0 failed", html, StringComparison.Ordinal);
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
        var r = CliRunner.Run(["report", "tests/scenarios/check/nginx-in-ingress", "--no-profile", "-o", file]);
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
    public void Svg_WithoutGraphviz_IsAnEnvironmentError()
    {
        var e = Assert.Throws<PalisadeException>(() => Graphviz.RenderSvg("digraph { a -> b }", pathVariable: string.Empty));
        Assert.Equal("PAL460", e.Code);
        Assert.Contains("apt-get install -y graphviz", e.Help, StringComparison.Ordinal);
    }

    [ToolFact("dot")]
    public void HomeLab_Svg_RendersWithGraphviz()
    {
        var file = Path.Combine(Artifacts("svg"), "report.svg");
        var r = CliRunner.Run(["report", HomeLab, "--output", "svg", "-o", file]);
        Assert.True(r.ExitCode == 0, r.Err);
        var svg = File.ReadAllText(file);
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("dev&#45;container&#45;belego", svg, StringComparison.Ordinal);
    }

    [ToolFact("chromium")]
    public void HomeLab_InHeadlessChromium_DrawsTheGraphAndExplainsAClickedEdge()
    {
        var dir = Artifacts("browser");
        var file = WriteReport(dir);
        var html = File.ReadAllText(file);
        var edge = Regex.Match(html, "id=\"(e\\d+)\" data-from=\"dev/nginx-proxy\" data-to=\"dev/dev-container-belego\"").Groups[1].Value;
        Assert.NotEmpty(edge);
        // #edge=ID makes the page's script dispatch a click on that edge once loaded.
        var url = new Uri(file).AbsoluteUri + "#edge=" + edge;

        var dom = Chromium(dir, "--dump-dom", url);
        Assert.Contains("data-ready=\"true\"", dom, StringComparison.Ordinal);
        foreach (var id in HomeLabWorkloads)
        {
            Assert.Contains($"data-id=\"{id}\"", dom, StringComparison.Ordinal);
        }

        Assert.Matches($"class=\"edge rule selected\" id=\"{edge}\"", dom);
        Assert.Contains("dev/nginx-proxy → dev/dev-container-belego", dom, StringComparison.Ordinal);
        Assert.Contains("22/TCP: allowed", dom, StringComparison.Ordinal);
        Assert.Contains("ingress at dev/dev-container-belego: allowed by dev/", dom, StringComparison.Ordinal);
        Assert.Contains("connection(s) shown", dom, StringComparison.Ordinal);

        var screenshot = Path.Combine(dir, "home-lab.png");
        File.Delete(screenshot);
        Chromium(dir, $"--screenshot={screenshot}", "--window-size=1900,1150", url);
        var bytes = File.ReadAllBytes(screenshot);
        Assert.True(bytes.Length > 20_000, $"screenshot {screenshot} is only {bytes.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }

    /// <summary>Runs headless Chromium once with a fresh profile and returns its standard output.</summary>
    private static string Chromium(string dir, params string[] args)
    {
        var exe = Tools.Find("chromium") ?? throw new InvalidOperationException("chromium is not installed (bash .ci/report-packages.sh)");
        var profile = Directory.CreateTempSubdirectory("palisade-chromium-");
        try
        {
            var start = new ProcessStartInfo(exe)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = dir,
            };
            foreach (var a in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.FullName}",
            }.Concat(args))
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("chromium did not finish within 120 s");
            }

            Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
