using System.Text.Json;

namespace Palisade.Tests.Cli;

/// <summary><c>palisade diff</c>: inputs (folders, profiles), formats, --fail-on and errors.</summary>
public sealed class DiffCommandTests
{
    private const string Moved = "tests/scenarios/check/nginx-in-ingress";
    private const string Golden = "tests/scenarios/diff/story-vs-profile/golden";

    private static readonly string[] StoryVersusProfile =
        ["diff", Moved, Moved + "/profile.yaml", "--delete-policy", "dev/dev-container-isolation"];

    [Theory]
    [InlineData("text", "diff.txt")]
    [InlineData("json", "diff.json")]
    [InlineData("md", "diff.md")]
    public void StoryVersusProfile_EveryFormat_MatchesGolden(string format, string golden)
    {
        var r = CliRunner.Run([.. StoryVersusProfile, "--output", format]).Succeeds();
        Palisade.TestSupport.Golden.Check($"{Golden}/{golden}", r.Out);
    }

    [Fact]
    public void StoryVersusProfile_Json_ListsOpenedAndClosedWithResponsiblePolicies()
    {
        var r = CliRunner.Run([.. StoryVersusProfile, "--output", "json"]);
        using var doc = JsonDocument.Parse(r.Out);
        var changes = doc.RootElement.GetProperty("changes").EnumerateArray().ToList();
        var opened = changes.Where(c => c.GetProperty("change").GetString() == "opened").ToList();
        Assert.Equal(2, opened.Count);
        Assert.All(opened, c =>
        {
            Assert.Equal("ingress/nginx-proxy", c.GetProperty("from").GetProperty("id").GetString());
            Assert.Equal(22, c.GetProperty("ports")[0].GetProperty("port").GetInt32());
            Assert.Equal("no-rule-matched", c.GetProperty("before").GetProperty("ingress").GetProperty("reason").GetString());
            Assert.Equal("dev/dev-container-isolation-rendered",
                c.GetProperty("after").GetProperty("ingress").GetProperty("rules")[0].GetProperty("policy").GetString());
        });
        Assert.Equal(2, doc.RootElement.GetProperty("summary").GetProperty("closed").GetInt32());
    }

    [Fact]
    public void FailOnNewExposure_ChangeOpensSsh_ExitsOne()
    {
        CliRunner.Run([.. StoryVersusProfile, "--fail-on", "new-exposure"]).Exits(1);
    }

    [Fact]
    public void FailOnNewExposure_ChangeOnlyCloses_ExitsZero()
    {
        // Home-lab: the story's policy → the rendered profile only closes DNS to traefik.
        CliRunner.Run(["diff", HomeLab.Folder, HomeLab.Profile, "--delete-policy", "dev/dev-container-isolation", "--fail-on", "new-exposure"]).Succeeds()
            .OutHas("0 change(s) opening connections, 2 closing");
        CliRunner.Run(["diff", HomeLab.Folder, HomeLab.Profile, "--delete-policy", "dev/dev-container-isolation", "--fail-on", "any-change"]).Exits(1);
    }

    [Fact]
    public void SameFolderBothSides_SaysNoDifference()
    {
        CliRunner.Run(["diff", HomeLab.Folder, HomeLab.Manifests, "--fail-on", "any-change"]).Succeeds().OutHas("No difference");
    }

    [Fact]
    public void ProfileOnTheOldSide_IsTheNewSidePlusTheProfile()
    {
        // OLD = the moved cluster (story policy) plus the rendered policy that admits ingress/nginx-proxy; NEW = the
        // cluster alone. Policies add up, so dropping the rendered one closes exactly the SSH it allowed.
        var r = CliRunner.Run(["diff", Moved + "/profile.yaml", Moved, "--output", "json"]).Succeeds();
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal(0, doc.RootElement.GetProperty("summary").GetProperty("opened").GetInt32());
        var closed = doc.RootElement.GetProperty("changes").EnumerateArray()
            .Select(c => $"{c.GetProperty("from").GetProperty("id").GetString()} -> {c.GetProperty("to").GetProperty("id").GetString()}").ToList();
        Assert.Equal(["ingress/nginx-proxy -> dev/dev-container-belego", "ingress/nginx-proxy -> dev/dev-container-pilates"], closed);
    }

    [Fact]
    public void TwoProfiles_IsAnInputError()
    {
        CliRunner.Run(["diff", HomeLab.Profile, Moved + "/profile.yaml"]).Exits(2).ErrHas("PAL137");
    }

    [Fact]
    public void DeletePolicy_Unknown_IsAnInputError()
    {
        CliRunner.Run(["diff", HomeLab.Folder, HomeLab.Folder, "--delete-policy", "dev/nope"]).Exits(2).ErrHas("PAL135");
    }

    [Fact]
    public void Report_WritesTheFileAtomically()
    {
        using var dir = new TempFolder("palisade-diff-");
        var file = dir.In("diff.md");
        CliRunner.Run([.. StoryVersusProfile, "--output", "md", "--output-file", file]).Succeeds();
        Assert.Contains("**2 change(s) open new connections.**", File.ReadAllText(file), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(dir.FullName));
    }
}
