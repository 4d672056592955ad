using Palisade.Engine;
using Palisade.Manifests;
using Palisade.Manifests.Documents;
using Palisade.Model;
using Palisade.Net;
using Palisade.Rendering;
using Palisade.TestSupport;

namespace Palisade.Tests.Cli;

/// <summary>Profiles with <c>tier: admin|baseline</c>: the guardrails rendered into a cluster-wide tier, golden and round-tripped.</summary>
public sealed class TierRenderTests
{
    private const string AdminProfile = "examples/home-lab/profile-admin.yaml";

    private static string ProfileText(string tier, string api) =>
        File.ReadAllText(Path.Combine(Golden.RepoRoot, AdminProfile))
            .Replace("tier: admin", $"tier: {tier}", StringComparison.Ordinal)
            .Replace("tierApiVersion: v1alpha1", $"tierApiVersion: {api}", StringComparison.Ordinal);

    private static IsolationProfile Read(string tier, string api)
    {
        using var dir = new TempFolder("palisade-tier-render-");
        var path = dir.Write("profile.yaml", ProfileText(tier, api));
        var read = ProfileReader.Read(path, "profile.yaml");
        Assert.Empty(read.Diagnostics);
        return read.Value!;
    }

    [Theory]
    [InlineData("admin", "v1alpha1", "AdminNetworkPolicy")]
    [InlineData("admin", "v1alpha2", "ClusterNetworkPolicy")]
    [InlineData("baseline", "v1alpha1", "BaselineAdminNetworkPolicy")]
    [InlineData("baseline", "v1alpha2", "ClusterNetworkPolicy")]
    public void Render_TierProfile_MatchesGoldenAndLoadsStrictlyToTheSameModel(string tier, string api, string kind)
    {
        using var dir = new TempFolder("palisade-tier-render-");
        var path = dir.Write("profile.yaml", ProfileText(tier, api));
        var r = CliRunner.Run(["render", path]).Succeeds();
        Golden.Check($"tests/scenarios/check/golden/home-lab-rendered-{tier}-{api}.yaml", r.Out.Replace(path, "profile.yaml", StringComparison.Ordinal));

        // Strictly through our own loader: no diagnostics, and the loaded policy is the rendered model.
        var loaded = ManifestLoader.LoadText(r.Out, "rendered.yaml", new LoadOptions());
        Assert.Empty(loaded.Diagnostics);
        var fromYaml = Assert.Single(loaded.Snapshot.AdminPolicies);
        Assert.Equal(kind, fromYaml.Kind.ToString());
        var model = ProfileRenderer.Render(Read(tier, api)).AdminPolicies.Single();
        Assert.Equal(
            (model.Kind, model.Name, model.Tier, model.Priority, model.Subject, string.Join("\n", model.Ingress.Select(Strip)), string.Join("\n", model.Egress.Select(Strip))),
            (fromYaml.Kind, fromYaml.Name, fromYaml.Tier, fromYaml.Priority, fromYaml.Subject, string.Join("\n", fromYaml.Ingress.Select(Strip)), string.Join("\n", fromYaml.Egress.Select(Strip))));
    }

    /// <summary>A rule without source locations (the model's carry the profile's; the loaded ones the YAML's).</summary>
    private static string Strip(AdminRule rule) =>
        $"{rule.Direction} {rule.Index} {rule.Name} {rule.Action} {rule.Ports} [{string.Join("; ", rule.Peers.Select(p => p switch
        {
            AdminPodsPeer pp => $"pods {pp.NamespaceSelector} / {pp.PodSelector}",
            AdminNetworksPeer n => $"networks {string.Join(",", n.Networks)}",
            _ => p.GetType().Name,
        }))}]";

    [Fact]
    public void RenderedGuardrails_V1Alpha1AndV1Alpha2_GiveTheSameMatrix()
    {
        var manifests = ManifestLoader.Load([Path.Combine(Golden.RepoRoot, HomeLab.Manifests)], new LoadOptions()).Snapshot;
        var ports = new[] { new PortProtocol(22, Protocol.TCP), new PortProtocol(53, Protocol.UDP), new PortProtocol(443, Protocol.TCP), new PortProtocol(5432, Protocol.TCP) };
        foreach (var tier in new[] { "admin", "baseline" })
        {
            var a = new ConnectivityMatrix(new PolicyEngine(ProfileRenderer.Render(Read(tier, "v1alpha1")).ApplyTo(manifests)), ports);
            var b = new ConnectivityMatrix(new PolicyEngine(ProfileRenderer.Render(Read(tier, "v1alpha2")).ApplyTo(manifests)), ports);
            Assert.Equal(a.Connections().Select(c => (c.From.Id, c.To.Id, c.Port, c.Allowed)), b.Connections().Select(c => (c.From.Id, c.To.Id, c.Port, c.Allowed)));
        }
    }

    [Fact]
    public void Check_HomeLabAdminVariant_PassesEveryExpectationWithTheAdminTierDeciding()
    {
        var r = CliRunner.Run(["check", HomeLab.Folder, "--profile", AdminProfile, "--output", "json"]).Succeeds();
        foreach (var ac in new[] { "AC1", "AC2", "AC3", "AC4", "AC5" })
        {
            r.OutHas($"\"{ac}\"");
        }

        // The guardrails, not the NetworkPolicy alone, decide container-to-container and Internet traffic.
        var manifests = ManifestLoader.Load([Path.Combine(Golden.RepoRoot, HomeLab.Manifests)], new LoadOptions()).Snapshot;
        var snapshot = ProfileRenderer.Render(Read("admin", "v1alpha1")).ApplyTo(manifests);
        var engine = new PolicyEngine(snapshot);
        var belego = snapshot.Pods.First(p => p.Ref.Name.Contains("belego", StringComparison.Ordinal));
        var pilates = snapshot.Pods.First(p => p.Ref.Name.Contains("pilates", StringComparison.Ordinal));
        var toPilates = engine.Evaluate(new PodEndpoint(belego), new PodEndpoint(pilates), 22, Protocol.TCP);
        Assert.Equal("no-container-to-container", Assert.IsType<DecidedByTier>(toPilates.Egress).Match.Rule.Name);
        var toInternet = engine.Evaluate(new PodEndpoint(belego), new ExternalEndpoint(IpAddr.Parse("1.1.1.1")), 443, Protocol.TCP);
        Assert.Equal("no-internet", Assert.IsType<DecidedByTier>(toInternet.Egress).Match.Rule.Name);
    }

    [Fact]
    public void ProfileTier_UnknownValue_IsPal192AtTheField()
    {
        using var dir = new TempFolder("palisade-tier-render-");
        var path = dir.Write("profile.yaml", ProfileText("cluster", "v1alpha1"));
        CliRunner.Run(["render", path]).Exits(2)
            .ErrHas("error PAL192: tier 'cluster' is not admin, baseline or none").ErrMatches(@"profile\.yaml:\d+:\d+: error PAL192").OutIsEmpty();
    }
}
