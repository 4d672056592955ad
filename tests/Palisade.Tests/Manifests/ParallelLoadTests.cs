using System.Globalization;
using Palisade.Generation;
using Palisade.Manifests;
using Palisade.Manifests.Wire;
using Palisade.TestSupport;

namespace Palisade.Tests.Manifests;

/// <summary>
/// Folders and path lists loaded with files read on several threads against the same load one file at a time: the
/// snapshot, the diagnostics (text and order), the skipped objects and the direct-conversion counts must be equal.
/// </summary>
public sealed class ParallelLoadTests
{
    public static TheoryData<string> CorpusFolders() =>
    [
        Path.Combine("..", "shared", "conformance"),
        "examples",
        Path.Combine("tests", "scenarios"),
        Path.Combine("tests", "Palisade.Tests", "Manifests", "edge-shapes"),
    ];

    [Theory]
    [MemberData(nameof(CorpusFolders))]
    public void CorpusFolder_OnSeveralThreads_LoadsAsOneAtATime(string folder)
    {
        var path = Path.Combine(Golden.RepoRoot, folder);
        Assert.True(Directory.Exists(path), path);
        var options = new LoadOptions { BaseDirectory = Golden.RepoRoot };
        var expected = ManifestLoader.Load([path], options with { Parallelism = 1 });
        Assert.True(expected.Snapshot.Pods.Count + expected.Snapshot.Policies.Count + expected.Diagnostics.Count > 0, "nothing loaded");
        foreach (var workers in new[] { 2, 3, 8 })
        {
            AssertSame(expected, ManifestLoader.Load([path], options with { Parallelism = workers }));
        }
    }

    [Fact]
    public void CorpusFilesAsPaths_OnSeveralThreads_LoadAsOneAtATime()
    {
        // Every corpus file named on the command line (errors included: a named file that is not a manifest is one),
        // with a missing path in the middle.
        var files = ManifestTestInput.CorpusFiles().Cast<object[]>().Select(row => Path.Combine(Golden.RepoRoot, (string)row[0])).ToList();
        Assert.True(files.Count > 20, $"only {files.Count} corpus files");
        files.Insert(files.Count / 2, Path.Combine(Golden.RepoRoot, "no-such-file.yaml"));
        var options = new LoadOptions { BaseDirectory = Golden.RepoRoot };
        var expected = ManifestLoader.Load(files, options with { Parallelism = 1 });
        Assert.Contains(expected.Diagnostics, d => d.Code == "PAL101" || d.Message.Contains("no-such-file", StringComparison.Ordinal));
        AssertSame(expected, ManifestLoader.Load(files, options with { Parallelism = 2 }));
        AssertSame(expected, ManifestLoader.Load(files, options with { Parallelism = 5 }));
    }

    [Fact]
    public void GeneratedFolderOfManyFiles_WithErrorsAndOtherFiles_LoadsAsOneAtATime()
    {
        using var folder = new TempFolder();
        WriteGeneratedFolder(folder);
        var options = new LoadOptions { BaseDirectory = folder.FullName };
        var expected = ManifestLoader.Load([folder.FullName], options with { Parallelism = 1 });

        // The folder must exercise what could differ: errors in several files, objects defined twice across files
        // (reported by the builder in apply order), skipped objects and files that are not manifests.
        Assert.True(expected.Snapshot.Pods.Count > 100);
        Assert.True(expected.Diagnostics.Count >= 8, ManifestTestInput.Render(expected.Diagnostics));
        Assert.True(expected.Diagnostics.Select(d => d.Location.File).Distinct().Count() >= 6, ManifestTestInput.Render(expected.Diagnostics));
        Assert.NotEmpty(expected.Skipped);
        Assert.True(expected.DirectlyConverted.Converted > 100);
        foreach (var workers in new[] { 2, 3, 4, 16 })
        {
            for (var run = 0; run < 3; run++)
            {
                AssertSame(expected, ManifestLoader.Load([folder.FullName], options with { Parallelism = workers }));
            }
        }

        // The folder and a second path holding some of the same objects.
        var twice = new[] { folder.FullName, Path.Combine(folder.FullName, "part-003.yaml") };
        AssertSame(ManifestLoader.Load(twice, options with { Parallelism = 1 }), ManifestLoader.Load(twice, options with { Parallelism = 2 }));
    }

    [Fact]
    public void StdinBetweenFolders_OnSeveralThreads_LoadsAsOneAtATime()
    {
        using var folder = new TempFolder();
        WriteGeneratedFolder(folder);
        var stdin = ManifestTestInput.YamlStream(SyntheticCluster.Small(3));
        LoadResult Load(int workers) => ManifestLoader.Load(
            [Path.Combine(folder.FullName, "a"), "-", folder.FullName],
            new LoadOptions { BaseDirectory = folder.FullName, Stdin = new StringReader(stdin), Parallelism = workers });
        var expected = Load(1);
        Assert.Contains(expected.Diagnostics, d => d.Location.File == "<stdin>");
        AssertSame(expected, Load(2));
    }

    [Fact]
    public void TwoDashes_OnSeveralThreads_StandardInputIsReadOnceOnTheCallingThread()
    {
        // Two "-" among many files: standard input is one stream, so it must be read in path order by one thread (the
        // first "-" takes it all, the second finds nothing), never by two workers at once.
        using var folder = new TempFolder();
        WriteGeneratedFolder(folder);
        var text = ManifestTestInput.YamlStream(SyntheticCluster.Small(5));
        string[] paths = ["-", folder.FullName, "-"];
        var sequential = ManifestLoader.Load(paths, new LoadOptions { BaseDirectory = folder.FullName, Stdin = new StringReader(text), Parallelism = 1 });
        var stdin = new ThreadRecordingReader(text);
        var parallel = ManifestLoader.Load(paths, new LoadOptions { BaseDirectory = folder.FullName, Stdin = stdin, Parallelism = 2 });
        AssertSame(sequential, parallel);
        Assert.Equal([Environment.CurrentManagedThreadId], stdin.Threads.Distinct());
        Assert.Equal(SyntheticCluster.Small(5).Pods.Count, parallel.Snapshot.Pods.Count(p => p.Location.File == "<stdin>"));
    }

    private static void AssertSame(LoadResult expected, LoadResult actual)
    {
        ManifestTestInput.AssertSame(expected, actual);
        Assert.Equal(expected.DirectlyConverted, actual.DirectlyConverted);
    }

    /// <summary>
    /// Tier S in 40 files (YAML streams and JSON lists, some in sub-folders), a few objects twice, and files with
    /// errors, kinds Palisade skips, a kustomization, an empty file and files that are not manifests at all.
    /// </summary>
    private static void WriteGeneratedFolder(TempFolder folder)
    {
        var objects = KubernetesObjects.Of(SyntheticCluster.Generate(Tier.S, 4)).ToList();
        var parts = 40;
        for (var p = 0; p < parts; p++)
        {
            var part = objects.Where((_, i) => i % parts == p).ToList();
            if (p % 7 == 3)
            {
                part.AddRange(objects.Take(3));
            }

            var name = string.Create(CultureInfo.InvariantCulture, $"{(p % 5 == 0 ? "a/" : p % 5 == 1 ? "b/c/" : string.Empty)}part-{p:000}");
            if (p % 3 == 0)
            {
                var writer = new StringWriter();
                WireJson.WriteList(part, writer);
                folder.Write(name + ".json", writer.ToString());
            }
            else
            {
                folder.Write(name + ".yaml", WireYaml.ToYaml(part));
            }
        }

        folder.Write("broken-yaml.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: [\n");
        folder.Write("a/unknown-field.yaml", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np\n  namespace: ns-0\nspec:\n  podSelecter: {}\n");
        folder.Write("b/old-api.yaml", "apiVersion: networking.k8s.io/v1beta1\nkind: NetworkPolicy\nmetadata:\n  name: np-old\nspec: {}\n");
        folder.Write("b/calico.yaml", "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: calico\n  namespace: ns-0\nspec: {}\n");
        folder.Write("configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: b\n");
        folder.Write("kustomization.yaml", "resources:\n- part-000.json\n");
        folder.Write("empty.yaml", string.Empty);
        folder.Write("bad.json", "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": 3}}");
        folder.Write("truncated.json", "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [{\"apiVersion\": \"v1\"");
        folder.Write("no-kind.yml", "apiVersion: v1\nmetadata:\n  name: nothing\n");
        folder.Write("notes.txt", "not read\n");
        folder.Write(".palisade-lint.yaml", "rules: {}\n");
    }

    /// <summary>A reader of a fixed text that records the thread of every read.</summary>
    private sealed class ThreadRecordingReader(string text) : TextReader
    {
        private readonly StringReader inner = new(text);

        public System.Collections.Concurrent.ConcurrentQueue<int> Threads { get; } = new();

        public override int Read(char[] buffer, int index, int count)
        {
            Threads.Enqueue(Environment.CurrentManagedThreadId);
            return inner.Read(buffer, index, count);
        }

        public override int Read(Span<char> buffer)
        {
            Threads.Enqueue(Environment.CurrentManagedThreadId);
            return inner.Read(buffer);
        }

        public override int Read()
        {
            Threads.Enqueue(Environment.CurrentManagedThreadId);
            return inner.Read();
        }

        public override int Peek() => inner.Peek();

        protected override void Dispose(bool disposing)
        {
            inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
