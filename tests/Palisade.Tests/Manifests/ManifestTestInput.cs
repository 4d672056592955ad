using Palisade.Diagnostics;
using Palisade.Manifests;

namespace Palisade.Tests.Manifests;

/// <summary>Small helpers for loader tests.</summary>
internal static class ManifestTestInput
{
    public static LoadResult Load(string yaml, string ns = "default") =>
        ManifestLoader.LoadText(yaml.ReplaceLineEndings("\n"), "test.yaml", new LoadOptions(ns));

    public static string Render(IEnumerable<Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Select(d => $"{d}\n  help: {d.Help}"));

    public static Diagnostic Single(LoadResult result, string code)
    {
        var matching = result.Diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matching.Count == 1, $"expected one {code}, got:\n{Render(result.Diagnostics)}");
        return matching[0];
    }

    public static void NoErrors(LoadResult result) =>
        Assert.False(result.HasErrors, Render(result.Diagnostics));

    /// <summary>The repository root (the folder holding Palisade.slnx).</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Palisade.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
