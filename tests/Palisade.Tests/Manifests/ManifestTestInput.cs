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
}
