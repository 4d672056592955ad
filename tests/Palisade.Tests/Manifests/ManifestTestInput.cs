using Palisade.Diagnostics;
using Palisade.Manifests;
using Palisade.Manifests.Wire;
using Palisade.Model;

namespace Palisade.Tests.Manifests;

/// <summary>Small helpers for loader tests, and the one comparison of two ways of loading the same input.</summary>
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

    /// <summary>Every manifest file of the conformance cases, the examples and the scenarios, relative to the repository root.</summary>
    public static TheoryData<string> CorpusFiles() => Files(
        Path.Combine(Golden.RepoRoot, "..", "shared", "conformance"),
        Path.Combine(Golden.RepoRoot, "examples"),
        Path.Combine(Golden.RepoRoot, "tests", "scenarios"));

    /// <summary>The hand-written shapes where two ways of loading could part (the edge-shapes folder beside this file).</summary>
    public static TheoryData<string> EdgeShapes() => Files(Path.Combine(Golden.RepoRoot, "tests", "Palisade.Tests", "Manifests", "edge-shapes"));

    /// <summary>A cluster as one JSON List, as <c>kubectl get -o json</c> writes it.</summary>
    public static string JsonList(ClusterSnapshot cluster)
    {
        var writer = new StringWriter();
        WireJson.WriteList(KubernetesObjects.Of(cluster), writer);
        return writer.ToString();
    }

    /// <summary>A cluster as a YAML stream of documents.</summary>
    public static string YamlStream(ClusterSnapshot cluster)
    {
        var writer = new StringWriter();
        WireYaml.Write(KubernetesObjects.Of(cluster), writer);
        return writer.ToString();
    }

    /// <summary>Loads <paramref name="file"/> (relative to the repository root) with <paramref name="reference"/> and with the default options, and asserts both give the same.</summary>
    public static void AssertFileLoadsTheSame(string file, LoadOptions reference)
    {
        var root = Golden.RepoRoot;
        var path = Path.Combine(root, file);
        AssertSame(ManifestLoader.Load([path], reference with { BaseDirectory = root }), ManifestLoader.Load([path], new LoadOptions { BaseDirectory = root }));
    }

    /// <summary>The same for a file of <see cref="EdgeShapes"/>, loaded as text under its own name.</summary>
    public static void AssertShapeLoadsTheSame(string file, LoadOptions reference) =>
        AssertTextLoadsTheSame(File.ReadAllText(Path.Combine(Golden.RepoRoot, file)), Path.GetFileName(file), reference);

    /// <summary>Loads <paramref name="text"/> with <paramref name="reference"/> and with the default options, asserts both give the same and returns the default load.</summary>
    public static LoadResult AssertTextLoadsTheSame(string text, string path, LoadOptions reference)
    {
        var expected = ManifestLoader.LoadText(text, path, reference);
        var actual = ManifestLoader.LoadText(text, path, new LoadOptions());
        AssertSame(expected, actual);
        return actual;
    }

    /// <summary>
    /// Two loads give exactly the same: diagnostics (severity, location, message, help) in order, every kind of
    /// object, rule comments and locations, and skipped objects.
    /// </summary>
    public static void AssertSame(LoadResult expected, LoadResult actual)
    {
        Assert.Equal(RenderWithSeverity(expected), RenderWithSeverity(actual));
        Assert.Equal(expected.Snapshot.Namespaces, actual.Snapshot.Namespaces);
        Assert.Equal(expected.Snapshot.Pods, actual.Snapshot.Pods);
        Assert.Equal(expected.Snapshot.Workloads, actual.Snapshot.Workloads);
        Assert.Equal(expected.Snapshot.Services, actual.Snapshot.Services);
        Assert.Equal(expected.Snapshot.Policies, actual.Snapshot.Policies);
        Assert.Equal(Locations(expected.Snapshot), Locations(actual.Snapshot));
        Assert.Equal(expected.Snapshot.AdminPolicies, actual.Snapshot.AdminPolicies);
        Assert.Equal(expected.Snapshot.Nodes, actual.Snapshot.Nodes);
        Assert.Equal(expected.Skipped, actual.Skipped);
    }

    private static TheoryData<string> Files(params string[] folders)
    {
        var root = Golden.RepoRoot;
        var data = new TheoryData<string>();
        foreach (var folder in folders.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(root, file));
            }
        }

        return data;
    }

    // Rule comments and locations are compared explicitly: record equality may leave init-only members out.
    private static string Locations(ClusterSnapshot s) =>
        string.Join("\n", s.Policies.SelectMany(p => p.Ingress.Concat(p.Egress).Select(r => $"{p.Ref} {r.Location} {r.Comment}"))
            .Concat(s.Pods.Select(p => $"{p.Ref} {p.Location}"))
            .Concat(s.Services.Select(v => $"{v.Ref} {v.Location}")));

    private static string RenderWithSeverity(LoadResult result) =>
        string.Join("\n", result.Diagnostics.Select(d => $"{d.Severity} {d}\n  help: {d.Help}"));
}
