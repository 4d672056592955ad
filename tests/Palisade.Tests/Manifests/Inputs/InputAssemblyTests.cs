using Palisade.Manifests;
using Palisade.Manifests.Inputs;
using Palisade.Model;

namespace Palisade.Tests.Manifests.Inputs;

/// <summary>The input assembly step: the folder layout, every diagnostic at once, and no live read after a bad file.</summary>
public sealed class InputAssemblyTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("palisade-inputs-");

    public void Dispose() => dir.Delete(recursive: true);

    private static LoadOptions Options => new() { BaseDirectory = Golden.RepoRoot };

    [Fact]
    public async Task HomeLabFolder_WithLayout_ReadsManifestsProfileAndExpectations()
    {
        var input = await InputAssembly.LoadAsync(new InputRequest
        {
            Paths = ["examples/home-lab"],
            FolderLayout = true,
            ExpectationsNeed = InputNeed.Required,
            ReadLintConfig = true,
            Load = Options,
        });

        Assert.False(input.HasErrors);
        Assert.NotNull(input.Expectations);
        Assert.NotNull(input.Rendered);
        Assert.NotNull(input.LintConfig);
        Assert.Contains(Path.Combine(Golden.RepoRoot, "examples/home-lab/manifests"), input.FilesRead);
        Assert.Contains(Path.Combine(Golden.RepoRoot, "examples/home-lab/expectations.yaml"), input.FilesRead);
        Assert.Contains(Path.Combine(Golden.RepoRoot, "examples/home-lab/profile.yaml"), input.FilesRead);

        // The profile's rendered policies are in the snapshot.
        Assert.All(input.Rendered!.Policies, p => Assert.Contains(input.Snapshot.Policies, q => q.Ref == p.Ref));
    }

    [Fact]
    public async Task HomeLabFolder_WithoutLayout_ReadsOnlyManifests()
    {
        var input = await InputAssembly.LoadAsync(new InputRequest { Paths = ["examples/home-lab"], ExpectationsNeed = InputNeed.Optional, Load = Options });

        Assert.Null(input.Expectations);
        Assert.Null(input.Rendered);
    }

    [Fact]
    public async Task BadExpectations_WithLiveSource_NeverReadsTheCluster()
    {
        var expectations = Path.Combine(dir.FullName, "e.yaml");
        await File.WriteAllTextAsync(expectations, "apiVersion: palisade.dev/v1alpha1\nkind: Expectations\ncriteria: []\n");
        var read = false;
        var input = await InputAssembly.LoadAsync(new InputRequest
        {
            Expectations = expectations,
            ExpectationsNeed = InputNeed.Required,
            Live = _ =>
            {
                read = true;
                return Task.FromResult(ClusterSnapshot.Empty);
            },
            Load = Options,
        });

        Assert.True(input.HasErrors);
        Assert.False(read);
        Assert.Contains(input.Diagnostics, d => d.Code == "PAL330");
    }

    [Fact]
    public async Task PathsAndLiveSource_AreOneError_AndTheClusterIsNotRead()
    {
        var read = false;
        var input = await InputAssembly.LoadAsync(new InputRequest
        {
            Paths = ["examples/home-lab/manifests"],
            Live = _ =>
            {
                read = true;
                return Task.FromResult(ClusterSnapshot.Empty);
            },
            Load = Options,
        });

        Assert.False(read);
        Assert.Equal(["PAL191"], input.Diagnostics.Where(d => d.Severity == Palisade.Diagnostics.Severity.Error).Select(d => d.Code));
    }

    [Fact]
    public async Task MissingManifestsExpectationsAndLintConfig_AllReported()
    {
        var input = await InputAssembly.LoadAsync(new InputRequest
        {
            Paths = ["no/such/folder"],
            ExpectationsNeed = InputNeed.Required,
            ReadLintConfig = true,
            LintConfigPath = "no/such/lint.yaml",
            LeftOutPolicies = ["dev/nope"],
            Load = Options,
        });

        var codes = input.Diagnostics.Select(d => d.Code).ToList();
        Assert.Equal(["PAL100", "PAL100", "PAL135", "PAL136"], codes);
    }

    [Fact]
    public async Task LeftOutPolicy_IsRemovedBeforeTheProfileIsApplied()
    {
        var input = await InputAssembly.LoadAsync(new InputRequest
        {
            Paths = ["examples/home-lab"],
            FolderLayout = true,
            LeftOutPolicies = ["dev/dev-container-isolation"],
            Load = Options,
        });

        Assert.False(input.HasErrors);
        Assert.Equal([new ObjectRef("dev", "dev-container-isolation")], input.LeftOut);
        Assert.DoesNotContain(input.Snapshot.Policies, p => p.Ref.ToString() == "dev/dev-container-isolation");
    }

    [Fact]
    public void Comparison_TwoProfiles_IsPAL137()
    {
        var compared = InputAssembly.LoadComparison("examples/home-lab/profile.yaml", "examples/home-lab/profile.yaml", [], Options);

        Assert.True(compared.HasErrors);
        Assert.Equal("PAL137", Assert.Single(compared.Diagnostics).Code);
    }

    [Fact]
    public void Comparison_ManifestsAgainstProfile_AddsTheProfileToTheNewSide()
    {
        var compared = InputAssembly.LoadComparison("examples/home-lab", "examples/home-lab/profile.yaml", [], Options);

        Assert.False(compared.HasErrors);
        Assert.True(compared.After.Policies.Count >= compared.Before.Policies.Count);
        Assert.Contains(compared.After.Policies, p => p.Ref.Name == "dev-container-isolation-rendered");
    }
}
