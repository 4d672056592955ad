using System.Xml.Linq;
using Palisade.Engine;
using Palisade.Manifests;
using LoadOptions = Palisade.Manifests.LoadOptions;
using Palisade.Manifests.Documents;
using Palisade.Model;
using Palisade.Net;
using Palisade.Rendering;

namespace Palisade.Tests.Cli;

/// <summary>The home-lab story end to end: profile → policies, expectations → check, in every report format.</summary>
public sealed class CheckTests
{
    private const string Moved = "tests/scenarios/check/nginx-in-ingress";

    [Fact]
    public void StoryPolicy_HomeLab_PassesEveryCriterion()
    {
        var r = CliRunner.Run(["check", HomeLab.Folder, "--no-profile"]).Succeeds().OutHas("39 passed, 0 failed");
        foreach (var ac in new[] { "AC1", "AC2", "AC3", "AC4", "AC5" })
        {
            r.OutHas($"{ac}  ");
        }
    }

    [Fact]
    public void StoryPolicy_NginxInAnotherNamespace_FailsAc5AndSaysWhy()
    {
        var r = CliRunner.Run(["check", Moved, "--no-profile"]).Exits(1);
        var ac5 = r.Out[r.Out.IndexOf("AC5", StringComparison.Ordinal)..];
        Assert.Contains("FAIL  a LAN client reaches belego through 192.168.2.101:2222", ac5, StringComparison.Ordinal);
        Assert.Contains("FAIL  a LAN client reaches pilates through 192.168.2.101:2223", ac5, StringComparison.Ordinal);
        Assert.Contains("only matches pods in namespace 'dev'; ingress/nginx-proxy is in another namespace", ac5, StringComparison.Ordinal);
        r.OutHas("26 passed, 4 failed");
    }

    [Theory]
    [InlineData(HomeLab.Folder, 39)]
    [InlineData(Moved, 30)]
    public void RenderedPolicyAlone_NginxInEitherNamespace_PassesEveryCriterion(string folder, int count)
    {
        CliRunner.Run(["check", folder, "--ignore-policy", "dev/dev-container-isolation"]).Succeeds().OutHas($"{count} passed, 0 failed");
    }

    [Fact]
    public void NoPolicyAtAll_HomeLab_FailsTheDenyExpectations()
    {
        // Guards against a checker that passes everything: without any policy, every "denied" expectation fails.
        CliRunner.Run(["check", HomeLab.Folder, "--no-profile", "--ignore-policy", "dev/dev-container-isolation"]).Exits(1)
            .OutHas("FAIL  belego cannot SSH to pilates", "FAIL  belego cannot reach the Internet on 443 (example.com)", "PASS  belego reaches PostgreSQL");
    }

    [Theory]
    [InlineData("text", "check.txt")]
    [InlineData("json", "check.json")]
    [InlineData("junit", "check.junit.xml")]
    [InlineData("md", "check.md")]
    public void Reports_MovedNginx_MatchGolden(string format, string golden)
    {
        var r = CliRunner.Run(["check", Moved, "--no-profile", "--output", format]).Exits(1);
        Golden.Check($"{Moved}/golden/{golden}", r.Out);
    }

    [Fact]
    public void JunitReport_IsWellFormedJunitXml()
    {
        var r = CliRunner.Run(["check", Moved, "--no-profile", "--output", "junit"]);
        var doc = XDocument.Parse(r.Out);
        var root = doc.Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        Assert.Equal("30", root.Attribute("tests")!.Value); // expectations; lint findings are reported in their own suite
        Assert.Equal("4", root.Attribute("failures")!.Value);
        var suites = root.Elements("testsuite").ToList();
        Assert.Equal(["AC1", "AC2", "AC3", "AC4", "AC5", "lint"], suites.Select(s => s.Attribute("name")!.Value.Split(' ')[0]));
        Assert.All(suites, s => Assert.Equal(s.Elements("testcase").Count().ToString(System.Globalization.CultureInfo.InvariantCulture), s.Attribute("tests")!.Value));
        Assert.Equal(4, root.Descendants("failure").Count());
        Assert.All(root.Descendants("testcase"), t => Assert.NotNull(t.Attribute("name")));
    }

    [Fact]
    public void ReportFile_IsWrittenAtomically()
    {
        using var dir = new TempFolder("palisade-check-");
        var file = dir.In("report.xml");
        CliRunner.Run(["check", HomeLab.Folder, "--output", "junit", "--output-file", file]).Succeeds();
        Assert.Equal("testsuites", XDocument.Load(file).Root!.Name.LocalName);
        Assert.Single(Directory.GetFiles(dir.FullName)); // no temp file left behind
    }

    [Fact]
    public void BadExpectations_LocatedErrorsAndExit2()
    {
        var r = CliRunner.Run(["check", HomeLab.Manifests, "--expect", "tests/scenarios/check/bad-inputs/expectations.yaml"]).Exits(2).OutIsEmpty();
        Golden.Check("tests/scenarios/check/bad-inputs/golden/expectations.stderr.txt", r.Err);
    }

    [Fact]
    public void UnknownWorkloadInExpectations_LocatedErrorAndExit2()
    {
        var text = File.ReadAllText(Path.Combine(Golden.RepoRoot, "tests/scenarios/check/bad-inputs/expectations.yaml"))
            .Replace("22/TCPX", "22/TCP", StringComparison.Ordinal).Replace("alowed", "allowed", StringComparison.Ordinal);
        using var dir = new TempFolder("palisade-check-");
        var file = dir.Write("expectations.yaml", text);
        CliRunner.Run(["check", HomeLab.Manifests, "--expect", file]).Exits(2)
            .ErrHas("expectations.yaml:8:15: error PAL311: from: no workload, pod or Service 'dev/dev-container-nobody'");
    }

    [Fact]
    public void BadProfile_LocatedErrorsAndExit2()
    {
        var r = CliRunner.Run(["render", "tests/scenarios/check/bad-inputs/profile.yaml"]).Exits(2).OutIsEmpty();
        Golden.Check("tests/scenarios/check/bad-inputs/golden/profile.stderr.txt", r.Err);
    }

    [Fact]
    public void Render_HomeLabProfile_MatchesGoldenAndLoadsBackToTheSamePolicy()
    {
        // Round trip: the YAML loads without diagnostics and means exactly what the rendered model means.
        var loaded = RenderedMatchingGolden(HomeLab.Profile, "tests/scenarios/check/golden/home-lab-rendered.yaml");
        var profile = ProfileReader.Read(Path.Combine(Golden.RepoRoot, HomeLab.Profile), "profile.yaml").Value!;
        var model = ProfileRenderer.Render(profile).Policies[0];
        var fromYaml = Assert.Single(loaded.Policies);
        Assert.Equal(model.PodSelector, fromYaml.PodSelector);
        Assert.Equal(model.PolicyTypes, fromYaml.PolicyTypes);

        var manifests = ManifestLoader.Load([Path.Combine(Golden.RepoRoot, HomeLab.Manifests)], new LoadOptions()).Snapshot;
        var bare = new ClusterSnapshot(manifests.Namespaces, manifests.Pods, manifests.Workloads, manifests.Services, []);
        var a = new ConnectivityMatrix(new PolicyEngine(bare.WithPolicies([model])), [new PortProtocol(22, Protocol.TCP), new PortProtocol(5432, Protocol.TCP)]);
        var b = new ConnectivityMatrix(new PolicyEngine(bare.WithPolicies([fromYaml])), [new PortProtocol(22, Protocol.TCP), new PortProtocol(5432, Protocol.TCP)]);
        Assert.Equal(a.Connections().Select(c => (c.From.Id, c.To.Id, c.Port, c.Allowed)), b.Connections().Select(c => (c.From.Id, c.To.Id, c.Port, c.Allowed)));
    }

    [Fact]
    public void Render_CustomNamespaceLabel_EmitsTheNamespaceLabels()
    {
        var loaded = RenderedMatchingGolden("tests/scenarios/check/custom-label-profile.yaml", "tests/scenarios/check/golden/custom-label-rendered.yaml");
        Assert.Equal("data", loaded.FindNamespace("data")!.Labels["name"]);
        Assert.Equal("kube-system", loaded.FindNamespace("kube-system")!.Labels["name"]);
    }

    /// <summary>Renders <paramref name="profile"/>, checks the YAML against <paramref name="golden"/> and loads it back, with no diagnostic.</summary>
    private static ClusterSnapshot RenderedMatchingGolden(string profile, string golden)
    {
        var r = CliRunner.Run(["render", profile]).Succeeds();
        Golden.Check(golden, r.Out);
        var loaded = ManifestLoader.LoadText(r.Out, "rendered.yaml", new LoadOptions());
        Assert.Empty(loaded.Diagnostics);
        return loaded.Snapshot;
    }

    [Fact]
    public void Render_ToFolder_WritesProfileNamedFile()
    {
        using var dir = new TempFolder("palisade-render-");
        CliRunner.Run(["render", HomeLab.Profile, "--output-file", dir.FullName]).Succeeds();
        var file = Assert.Single(Directory.GetFiles(dir.FullName));
        Assert.Equal("dev-container-isolation-rendered.yaml", Path.GetFileName(file));
    }

    [Fact]
    public void Check_ProxyExpectationWithoutProfile_CannotFollowTheRouteAndFails()
    {
        // Without the profile's routes, 192.168.2.101:2222 ends at the nginx pod, so "reaches belego" is unproven.
        CliRunner.Run(["check", HomeLab.Manifests, "--expect", HomeLab.Expectations]).Exits(1)
            .OutHas("reaches dev/nginx-proxy");
    }
}
