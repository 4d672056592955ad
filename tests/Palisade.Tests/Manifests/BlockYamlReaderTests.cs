using System.Text;
using CsCheck;
using Palisade.Diagnostics;
using Palisade.Generation;
using Palisade.Manifests;
using Palisade.Manifests.Wire;
using Palisade.Manifests.Yaml;
using Palisade.TestSupport;

namespace Palisade.Tests.Manifests;

/// <summary>
/// The block YAML fast path either builds exactly the tree YamlDotNet's path builds (values, styles, lines, columns,
/// order, duplicates) on a text YamlDotNet reads without a diagnostic, or declines: on every YAML file of the
/// repository, on generated clusters and tiers, on hostile shapes and on random mutations of all of them.
/// </summary>
public sealed class BlockYamlReaderTests
{
    private static readonly string[] Insertions =
        [":", ": ", "#", " #", "'", "\"", "-", "- ", "&a ", "*a", "!tag ", "|", ">", "{", "}", "[", "]", ",", ", ", "\\", "? ",
            "---", "...", "\t", "\r", "%", "<<: ", "  ", " ", "\"\\u00e9\"", "''", "x: y", "@", "`", "~", "\\x41"];

    private static readonly Lazy<string[]> Corpus = new(() =>
        [.. new[] { Golden.RepoRoot, Golden.Shared }
            .Where(Directory.Exists)
            .SelectMany(root => Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/.git/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)]);

    [Fact]
    public void EveryYamlFileOfTheRepository_FastReader_EqualsYamlDotNetOrDeclines()
    {
        var files = Corpus.Value;
        var accepted = files.Count(f => SameOrDeclined(File.ReadAllText(f), f));

        // Without this the test could pass with a reader that declines everything.
        Assert.True(files.Length > 100, $"only {files.Length} YAML files found");
        Assert.True(accepted * 10 >= files.Length * 7, $"the fast reader took only {accepted} of {files.Length} files");
    }

    [Fact]
    public void GeneratedClustersOfEveryKind_WrittenAsYaml_TakeTheFastPathWithTheSameTree() =>
        SmallClusterGen.WireClusterGen.Sample(
            cluster =>
            {
                var objects = KubernetesObjects.Of(cluster).ToList();
                Assert.True(SameOrDeclined(WireYaml.ToYaml(objects, header: "generated: a cluster"), "w.yaml"), "the fast reader declined a wire-written cluster");
                Assert.True(SameOrDeclined(AsList(objects), "l.yaml"), "the fast reader declined a wire-written List");
            },
            iter: 300);

    [Theory]
    [InlineData(Tier.S)]
    [InlineData(Tier.M)]
    public void GeneratedTier_WrittenAsYaml_TakesTheFastPathWithTheSameTree(Tier tier)
    {
        var objects = KubernetesObjects.Of(SyntheticCluster.Generate(tier, 1)).ToList();
        Assert.True(SameOrDeclined(WireYaml.ToYaml(objects), "t.yaml"), "the fast reader declined the tier's documents");
        Assert.True(SameOrDeclined(AsList(objects), "t.yaml"), "the fast reader declined the tier as one List");
    }

    [Fact]
    public void MutatedFiles_FastReader_EqualsYamlDotNetOrDeclines()
    {
        var bases = Corpus.Value.Select(File.ReadAllText).Where(t => t.Length < 20_000)
            .Append(WireYaml.ToYaml(KubernetesObjects.Of(SyntheticCluster.Generate(Tier.S, 3))).Split("\n---\n")[5])
            .Concat(Shapes.Select(s => (string)s[1]))
            .ToArray();
        var mutation = Gen.Select(Gen.Int[0, bases.Length - 1], Gen.Int[0, 6], Gen.Int[0, 10_000], Gen.Int[0, 10_000], Gen.Int[0, Insertions.Length - 1]);
        mutation.Sample(
            (b, op, at, col, ins) =>
            {
                var text = Mutate(bases[b], op, at, col, Insertions[ins]);
                SameOrDeclined(text, "m.yaml");
            },
            iter: 4000);
    }

    /// <summary>Edge shapes: a name, the text, and whether the fast reader must take it, must decline it, or may do either.</summary>
    public static readonly TheoryData<string, string, string> Shapes = new()
    {
        { "compact list at the key's indentation", "a:\n- x\n- y: 1\n  z: 2\nb: c\n", Takes },
        { "indented list", "a:\n  - x\n  -  y\n  -\n  - - p\n    - q\n", Takes },
        { "empty values everywhere", "a:\nb: \nc:   # note\nd:\n-\n", Either },
        { "empty values", "a:\nb: \nc:   # note\nd:\n- \n-\n", Takes },
        { "empty entries", "- \n-\n- # c\n- a\n", Takes },
        { "list of empty entries under a key", "a:\n  -\n  -\nb:\n", Takes },
        { "quoted keys and values", "'a b': \"c d\"\n\"e\": 'it''s'\nf: \"tab\\there \\\"q\\\" \\\\ \\u00e9 \\x41 \\/\"\n'g' : h\n", Takes },
        { "plain scalars with indicators inside", "a: b:c\nd: e#f\ng: h # comment\ni: j, k\nl: m]n\no: p{q}\nr: -1\ns: x - y\nt: 'u' # v\nw: a  b  \n", Either },
        { "flow collections", "a: {}\nb: []\nc: {app: web, tier: \"db\"}\nd: [TCP, UDP, 'SCTP']\ne: [{port: 80}, {port: 81, protocol: TCP}]\nf: [ a , b ]\ng: {a: [1, 2], b: {}}\n", Takes },
        { "flow collections with odd content", "a: [a b, c]\nb: {a b: c d}\nc: [x]y\nd: [-1, -a]\ne: {a: }\nf: [a, ]\n", Either },
        { "documents and markers", "# head\n---\na: 1\n...\n---\n# only a comment\n---\n- b\n--- # c\nc: d\n...\n", Takes },
        { "document end then content", "a: 1\n...\nb: 2\n", Either },
        { "explicit first document", "--- \na: 1\n---\n---\n", Takes },
        { "root indented", "  a: 1\n  b:\n    c: 2\n", Either },
        { "comments at odd indentation", "a:\n# x\n      # y\n  b: 1\n #z\n  c: 2\n", Either },
        { "deeper indentation", "a:\n    b: 1\n    c:\n          - 2\n", Takes },
        { "bad dedent", "a:\n    b: 1\n  c: 2\n", Declines },
        { "continuation lines", "a: b\n  c\nd: 'e\n  f'\n", Declines },
        { "value on the next line", "a:\n  b\n", Declines },
        { "sequence then key at its indentation", "a:\n  - x\n  b: y\n", Declines },
        { "key after a list item's mapping", "- a: 1\n  b: 2\n- c: 3\n   d: 4\n", Declines },
        { "anchors, aliases, tags, blocks", "a: &x 1\nb: *x\nc: !t 2\nd: |\n  e\nf: >\n  g\n", Declines },
        { "anchor", "a: &x 1\nb: *x\n", Declines },
        { "tag", "a: !t 2\n", Declines },
        { "block scalar", "a: |\n  b\n", Declines },
        { "multi-line quoted", "a: 'b\n  c'\n", Declines },
        { "merge key", "a: {b: 1}\nc:\n  <<: {d: 2}\n", Declines },
        { "duplicate keys", "a: 1\nb: 2\na: 3\n", Declines },
        { "complex keys", "? a\n: b\n[c]: d\n{e: f}: g\n", Declines },
        { "directive", "%YAML 1.1\n---\na: 1\n", Declines },
        { "null words", "a: null\nb: ~\nc: Null\nd: NULL\ne: 'null'\n", Takes },
        { "scalar documents", "a\n---\n'b'\n---\n[c]\n", Declines },
        { "carriage returns before line feeds", "a: 1\r\nb:\r\n- c\r\n", Takes },
        { "lone carriage return", "a: 1\rb: 2\n", Declines },
        { "tabs", "a:\t1\nb:\n\t- c\n", Declines },
        { "byte-order mark", "\ufeffa: 1\n", Declines },
        { "unknown escape", "a: \"\\q\"\n", Declines },
        { "colon forms", "a:b: c\na :b\n'x':y\n", Either },
        { "dash forms", "-a\n- -b\n--- a\n", Declines },
        { "nested sequence in sequence", "- - - a\n    - b\n  - c\n- d\n", Takes },
        { "list item mapping with compact list", "- a:\n  - b\n  c: d\n- e:\n    - f\n", Takes },
        { "unicode", "café: naïve\n'ключ': \"значение\"\n", Takes },
    };

    private const string Takes = "takes";
    private const string Declines = "declines";
    private const string Either = "either";

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EdgeShape_FastReader_EqualsYamlDotNetOrDeclines(string what, string yaml, string fastPath)
    {
        var taken = SameOrDeclined(yaml, "e.yaml");
        Assert.True(fastPath == Either || taken == (fastPath == Takes), $"{what}: the fast reader {(taken ? "took" : "declined")} it");
        for (var cut = 0; cut < yaml.Length; cut++)
        {
            SameOrDeclined(yaml[..cut], "e.yaml");
        }
    }

    [Fact]
    public void DeepNesting_PastTheLimit_DeclinesAndYamlDotNetReportsIt()
    {
        var shallow = Nested(InputLimits.MaxDepth - 2);
        Assert.True(SameOrDeclined(shallow, "d.yaml"), "declined a nesting under the limit");

        var deep = Nested(InputLimits.MaxDepth + 50);
        Assert.Null(BlockYamlReader.TryRead(deep));
        var diagnostics = new List<Diagnostic>();
        YamlReader.ReadDocuments(deep, "d.yaml", diagnostics);
        Assert.Equal(DiagnosticCatalog.NestingTooDeep.Code, Assert.Single(diagnostics).Code);

        var flow = "a: " + new string('[', 5000) + new string(']', 5000) + "\n";
        Assert.Null(BlockYamlReader.TryRead(flow));
    }

    [Fact]
    public void HugeLineAndValue_PastTheLimits_Decline()
    {
        Assert.Null(BlockYamlReader.TryRead("a: " + new string('x', InputLimits.MaxLineLength) + "\n"));
        Assert.Null(BlockYamlReader.TryRead("a: " + new string('x', InputLimits.MaxScalarLength + 1) + "\n"));
        Assert.Null(BlockYamlReader.TryRead("a: '" + new string('x', InputLimits.MaxScalarLength + 1) + "'\n"));
        Assert.Null(BlockYamlReader.TryRead(new string('k', 2000) + ": v\n"));
    }

    [Fact]
    public void ManyDocumentsAndKeys_AreReadWhole()
    {
        var documents = string.Concat(Enumerable.Range(0, 50_000).Select(i => $"---\nkind: K\nmetadata: {{name: n{i}}}\n"));
        Assert.Equal(50_000, BlockYamlReader.TryRead(documents)!.Count);
        Assert.True(SameOrDeclined(documents, "n.yaml"), "declined many documents");

        var keys = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"k{i}: v\n"));
        Assert.Single(BlockYamlReader.TryRead(keys)!);
        Assert.Null(BlockYamlReader.TryRead(keys + "k7: again\n"));
    }

    [Fact]
    public void StreamedList_SinkGetsWhatYamlDotNetsPathGives()
    {
        var yaml = AsList(KubernetesObjects.Of(SyntheticCluster.Generate(Tier.S, 2))) + "---\nitems: [a, {b: c}]\n---\nitems: {}\n";
        var fast = new RecordingSink();
        var slow = new RecordingSink();
        var fastDocuments = BlockYamlReader.TryRead(yaml, fast);
        var slowDocuments = YamlReader.ReadDocuments(yaml, "s.yaml", [], slow);
        Assert.NotNull(fastDocuments);
        AssertSameTrees(slowDocuments, fastDocuments);
        Assert.Equal(slow.Calls.Count, fast.Calls.Count);
        Assert.True(fast.Calls.Count > 100);
        for (var i = 0; i < slow.Calls.Count; i++)
        {
            Assert.Equal(slow.Calls[i].Begin, fast.Calls[i].Begin);
            AssertSameTree(slow.Calls[i].Node, fast.Calls[i].Node, $"call {i}");
        }
    }

    [Fact]
    public void TakenDocuments_AreHandedOverInOrder_AndLeftOutOfTheResult()
    {
        var yaml = WireYaml.ToYaml(KubernetesObjects.Of(SyntheticCluster.Generate(Tier.S, 3))) + "---\n# a comment only\n---\nitems:\n- a\n- b: c\n";
        var all = BlockYamlReader.TryRead(yaml);
        Assert.NotNull(all);

        // A sink that does not take documents gets each one offered and the reader keeps it.
        var declining = new RecordingSink();
        var kept = BlockYamlReader.TryRead(yaml, declining);
        Assert.NotNull(kept);
        Assert.Equal(declining.Documents, kept);
        Assert.Equal(all.Count, kept.Count);

        // One that takes them gets the same documents, in order, and the reader keeps none.
        var taking = new RecordingSink { TakesDocuments = true };
        var rest = BlockYamlReader.TryRead(yaml, taking);
        Assert.NotNull(rest);
        Assert.Empty(rest);
        AssertSameTrees(kept, taking.Documents);
        Assert.Equal(declining.Calls.Count, taking.Calls.Count);
    }

    [Fact]
    public void LoadText_YamlTakingTheFastPath_LoadsAsTheDocumentsSay()
    {
        var cluster = SyntheticCluster.Generate(Tier.S, 4);
        var r = ManifestLoader.LoadText(WireYaml.ToYaml(KubernetesObjects.Of(cluster)), "g.yaml", new LoadOptions());
        Assert.Empty(r.Diagnostics);
        Assert.Equal(cluster.Pods.Count, r.Snapshot.Pods.Count);
        Assert.Equal(cluster.Policies.Count, r.Snapshot.Policies.Count);

        var duplicate = ManifestLoader.LoadText("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  name: b\n", "d.yaml", new LoadOptions("default"));
        var d = Assert.Single(duplicate.Diagnostics, x => x.Severity == Severity.Error);
        Assert.Equal(DiagnosticCatalog.DuplicateKey.Code, d.Code);
        Assert.Equal((5, 3), (d.Location.Line, d.Location.Column));
    }

    /// <summary>
    /// Reads <paramref name="text"/> both ways; when the fast reader accepts it, YamlDotNet's path must have read it
    /// without a diagnostic into an equal tree. Returns whether the fast reader accepted it.
    /// </summary>
    private static bool SameOrDeclined(string text, string path)
    {
        var fast = BlockYamlReader.TryRead(text);
        if (fast is null)
        {
            return false;
        }

        var diagnostics = new List<Diagnostic>();
        var expected = YamlReader.ReadDocuments(text, path, diagnostics);
        Assert.True(diagnostics.Count == 0, $"the fast reader accepted what YamlDotNet reports ({diagnostics.FirstOrDefault()}) in {path}:\n{Head(text)}");
        AssertSameTrees(expected, fast, text);
        return true;
    }

    private static void AssertSameTrees(List<YamlNode> expected, List<YamlNode> actual, string? text = null)
    {
        Assert.True(expected.Count == actual.Count, $"{expected.Count} documents, the fast reader read {actual.Count}:\n{Head(text)}");
        for (var i = 0; i < expected.Count; i++)
        {
            AssertSameTree(expected[i], actual[i], $"document {i}", text);
        }
    }

    private static void AssertSameTree(YamlNode? expected, YamlNode? actual, string where, string? text = null)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{where}: one side is missing");
            return;
        }

        var e = $"{expected.Kind} {expected.Line}:{expected.Column} {(expected.IsPlain ? "plain" : "quoted")} '{expected.Value}' {expected.Items.Count} items {expected.Pairs.Count} pairs";
        var a = $"{actual.Kind} {actual.Line}:{actual.Column} {(actual.IsPlain ? "plain" : "quoted")} '{actual.Value}' {actual.Items.Count} items {actual.Pairs.Count} pairs";
        Assert.True(e == a, $"{where}: YamlDotNet read {e}, the fast reader {a}\n{Head(text)}");
        for (var i = 0; i < expected.Items.Count; i++)
        {
            AssertSameTree(expected.Items[i], actual.Items[i], $"{where}/{i}", text);
        }

        for (var i = 0; i < expected.Pairs.Count; i++)
        {
            AssertSameTree(expected.Pairs[i].Key, actual.Pairs[i].Key, $"{where}/key {i}", text);
            AssertSameTree(expected.Pairs[i].Value, actual.Pairs[i].Value, $"{where}/{expected.Pairs[i].Key.Value}", text);
        }
    }

    private static string Head(string? text) => text is null ? string.Empty : text.Length <= 600 ? text : text[..600] + "...";

    private static string Mutate(string text, int op, int at, int col, string insertion)
    {
        var lines = text.Split('\n').ToList();
        var i = at % lines.Count;
        switch (op)
        {
            case 0:
                lines.RemoveAt(i);
                break;
            case 1:
                lines.Insert(i, lines[i]);
                break;
            case 2:
                lines[i] = new string(' ', 1 + (col % 3)) + lines[i];
                break;
            case 3:
                lines[i] = lines[i].StartsWith(' ') ? lines[i][1..] : lines[i];
                break;
            case 4:
                return text[..(int)((long)at * text.Length / 10_001)];
            default:
                var c = col % (lines[i].Length + 1);
                lines[i] = lines[i][..c] + insertion + lines[i][c..];
                break;
        }

        return string.Join('\n', lines);
    }

    private static string Nested(int depth)
    {
        var sb = new StringBuilder();
        for (var d = 0; d < depth; d++)
        {
            sb.Append(' ', d).Append('k').Append(d).Append(":\n");
        }

        sb.Append(' ', depth).Append("leaf: 1\n");
        return sb.ToString();
    }

    /// <summary>The objects as items of one <c>v1 List</c>, written by the wire writer.</summary>
    private static string AsList(IEnumerable<WireObject> objects)
    {
        var items = new WireList();
        foreach (var o in objects)
        {
            items.Add(o.Body, o.Comment);
        }

        return WireYaml.ToYaml([new WireObject(new WireMap().Add("apiVersion", "v1").Add("kind", "List").Add("items", items))]);
    }

    private sealed class RecordingSink : IListItemSink
    {
        public List<(bool Begin, YamlNode Node)> Calls { get; } = [];

        public bool TakesDocuments { get; init; }

        public List<YamlNode> Documents { get; } = [];

        public bool TakeDocument(YamlNode document)
        {
            Documents.Add(document);
            return TakesDocuments;
        }

        public void BeginItems(YamlNode items) => Calls.Add((true, items));

        public void Item(YamlNode item) => Calls.Add((false, item));
    }
}
