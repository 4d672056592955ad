using System.Globalization;
using System.Text.RegularExpressions;
using Palisade.Diagnostics;
using Palisade.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Palisade.Manifests.Yaml;

/// <summary>
/// Splits a YAML (or JSON) text into documents of <see cref="YamlNode"/> trees, keeping every node's position.
/// Works on YamlDotNet's event parser, so there is no cap on the number of documents in a stream.
/// </summary>
internal static partial class YamlReader
{
    /// <summary>
    /// Reads every document; a syntax error or a broken limit (<see cref="InputLimits"/>) is reported and ends the
    /// file, keeping earlier documents. With a <paramref name="sink"/>, the items of each document's top-level
    /// <c>items</c> list go to it as they are read (see <see cref="IListItemSink"/>).
    /// </summary>
    public static List<YamlNode> ReadDocuments(string text, string displayPath, List<Diagnostic> diagnostics, IListItemSink? sink = null)
    {
        var documents = new List<YamlNode>();
        if (LongLine(text) is { } longLine)
        {
            diagnostics.Add(DiagnosticCatalog.ScalarTooLong.Create(new SourceLocation(displayPath, longLine, 1),
                $"the line is longer than the limit of {InputLimits.MaxLineLength.ToString(CultureInfo.InvariantCulture)} characters",
                "no Kubernetes object holds a value this long; check that this is the file you meant; the file was not read"));
            return documents;
        }

        var parser = new GuardedParser(new Parser(new StringReader(text)));
        var reading = new Reading(displayPath, diagnostics) { Sink = sink };
        try
        {
            parser.Consume<StreamStart>();
            while (!parser.Accept<StreamEnd>(out _))
            {
                parser.Consume<DocumentStart>();
                var anchors = new Dictionary<string, Anchored>(StringComparer.Ordinal);
                var root = ReadNode(parser, anchors, reading, depth: 0).Node;
                parser.Consume<DocumentEnd>();

                // Empty and comment-only documents (and a trailing ---) carry nothing.
                if (!root.IsNull)
                {
                    documents.Add(root);
                }
            }
        }
        catch (YamlException e)
        {
            var location = new SourceLocation(displayPath, (int)e.Start.Line, (int)e.Start.Column);
            diagnostics.Add(DiagnosticCatalog.MalformedInput.Create(
                location,
                $"malformed YAML/JSON: {CleanMessage(e.Message)}",
                "fix the syntax at this position; the rest of this file was not read"));
        }
        catch (LimitException e)
        {
            diagnostics.Add(e.Descriptor.Create(new SourceLocation(displayPath, (int)e.At.Line, (int)e.At.Column), e.Message,
                $"{e.Help}; the rest of this file was not read"));
        }

        return documents;
    }

    /// <summary>
    /// Reads one node. <paramref name="depth"/> counts the collections around it; every result carries its height
    /// and expanded size so that aliases can be charged for what they copy. Recursion is bounded by
    /// <see cref="InputLimits.MaxDepth"/>, checked before each descent.
    /// </summary>
    private static Anchored ReadNode(IParser parser, Dictionary<string, Anchored> anchors, Reading reading, int depth)
    {
        var ev = parser.Current ?? throw new YamlException("unexpected end of input");
        var line = (int)ev.Start.Line;
        var column = (int)ev.Start.Column;
        var path = reading.Path;
        var diagnostics = reading.Diagnostics;
        if (ev is SequenceStart or MappingStart && depth >= InputLimits.MaxDepth)
        {
            throw TooDeep(ev.Start);
        }

        switch (ev)
        {
            case Scalar s:
            {
                if (s.Value.Length > InputLimits.MaxScalarLength)
                {
                    throw new LimitException(DiagnosticCatalog.ScalarTooLong, ev.Start,
                        $"a value of {s.Value.Length.ToString(CultureInfo.InvariantCulture)} characters is longer than the limit of {InputLimits.MaxScalarLength.ToString(CultureInfo.InvariantCulture)}",
                        "no Kubernetes object holds a value this long; check that this is the file you meant");
                }

                parser.MoveNext();
                var node = YamlNode.Scalar(s.Value, s.Style == ScalarStyle.Plain, line, column);
                return Remember(anchors, s.Anchor, new Anchored(node, 0, 1));
            }

            case SequenceStart ss:
            {
                parser.MoveNext();
                var node = YamlNode.Sequence(line, column);
                int height = 0;
                long size = 1;
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    var item = ReadNode(parser, anchors, reading, depth + 1);
                    node.Items.Add(item.Node);
                    height = Math.Max(height, item.Height);
                    size += item.Size;
                }

                // Remembered only once complete: an alias inside its own anchor ("&a [*a]") names no anchor yet,
                // so the tree never becomes a cycle.
                return Remember(anchors, ss.Anchor, new Anchored(node, height + 1, size));
            }

            case MappingStart ms:
            {
                parser.MoveNext();
                var node = YamlNode.Mapping(line, column);
                var seen = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
                var merged = new List<YamlNode>();
                int height = 0;
                long size = 1;
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var key = ReadNode(parser, anchors, reading, depth + 1);
                    var value = depth == 0 && reading.Sink is { } sink && IsItemsKey(key.Node) && parser.Current is SequenceStart { Anchor.IsEmpty: true }
                        ? ReadStreamedItems(parser, anchors, reading, depth + 1, sink)
                        : ReadNode(parser, anchors, reading, depth + 1);
                    height = Math.Max(height, Math.Max(key.Height, value.Height));
                    size += key.Size + value.Size;
                    if (key.Node.Kind == YamlNodeKind.Scalar && key.Node.IsPlain && key.Node.Value == "<<")
                    {
                        merged.Add(value.Node);
                        continue;
                    }

                    if (key.Node.Kind == YamlNodeKind.Scalar)
                    {
                        if (seen.TryGetValue(key.Node.Value, out var first))
                        {
                            diagnostics.Add(DiagnosticCatalog.DuplicateKey.Create(
                                new SourceLocation(path, key.Node.Line, key.Node.Column),
                                $"duplicate key '{key.Node.Value}'",
                                $"the key is already set at {new SourceLocation(path, first.Line, first.Column)}; keep only one"));
                        }
                        else
                        {
                            seen[key.Node.Value] = key.Node;
                        }
                    }

                    node.Pairs.Add(new(key.Node, value.Node));
                }

                // YAML merge keys (<<: *base) add the pairs the mapping does not set itself. Their size was charged
                // when the merged value was read.
                foreach (var source in merged)
                {
                    var sources = source.Kind == YamlNodeKind.Sequence ? source.Items : [source];
                    foreach (var m in sources.Where(m => m.Kind == YamlNodeKind.Mapping))
                    {
                        foreach (var pair in m.Pairs)
                        {
                            if (pair.Key.Kind == YamlNodeKind.Scalar && seen.TryAdd(pair.Key.Value, pair.Key))
                            {
                                node.Pairs.Add(pair);
                            }
                        }
                    }
                }

                return Remember(anchors, ms.Anchor, new Anchored(node, height + 1, size));
            }

            case AnchorAlias alias:
            {
                parser.MoveNext();
                if (!anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    throw new YamlException(ev.Start, ev.End, $"the alias *{alias.Value.Value} names no anchor before it");
                }

                // The alias puts a copy of the anchored tree here: as deep as the tree is, and as large.
                if (depth + target.Height > InputLimits.MaxDepth)
                {
                    throw TooDeep(ev.Start);
                }

                reading.Expanded += target.Size;
                if (reading.Expanded > InputLimits.MaxAliasExpansion)
                {
                    throw new LimitException(DiagnosticCatalog.AliasExpansion, ev.Start,
                        $"aliases expand to more than {InputLimits.MaxAliasExpansion.ToString(CultureInfo.InvariantCulture)} nodes (this one to {target.Size.ToString(CultureInfo.InvariantCulture)})",
                        "write the values out, or use fewer nested aliases");
                }

                return target;
            }

            default:
                throw new YamlException(ev.Start, ev.End, $"unexpected {ev.GetType().Name}");
        }
    }

    /// <summary>
    /// Reads a top-level <c>items</c> list as <see cref="ReadNode"/> reads a sequence (same limits, same charges), but
    /// hands each item to the sink instead of keeping it. A list with an anchor is read whole: an alias may copy it.
    /// </summary>
    private static Anchored ReadStreamedItems(IParser parser, Dictionary<string, Anchored> anchors, Reading reading, int depth, IListItemSink sink)
    {
        var ev = parser.Current!;
        if (depth >= InputLimits.MaxDepth)
        {
            throw TooDeep(ev.Start);
        }

        parser.MoveNext();
        var node = YamlNode.Sequence((int)ev.Start.Line, (int)ev.Start.Column);
        sink.BeginItems(node);
        int height = 0;
        long size = 1;
        while (!parser.TryConsume<SequenceEnd>(out _))
        {
            var item = ReadNode(parser, anchors, reading, depth + 1);
            sink.Item(item.Node);
            height = Math.Max(height, item.Height);
            size += item.Size;
        }

        return new Anchored(node, height + 1, size);
    }

    private static bool IsItemsKey(YamlNode key) => key.Kind == YamlNodeKind.Scalar && key.Value == "items";

    /// <summary>The 1-based number of the first line longer than <see cref="InputLimits.MaxLineLength"/>, or null.</summary>
    private static int? LongLine(string text)
    {
        if (text.Length <= InputLimits.MaxLineLength)
        {
            return null;
        }

        var span = text.AsSpan();
        var line = 1;
        while (true)
        {
            var end = span.IndexOf('\n');
            if ((end < 0 ? span.Length : end) > InputLimits.MaxLineLength)
            {
                return line;
            }

            if (end < 0)
            {
                return null;
            }

            span = span[(end + 1)..];
            line++;
        }
    }

    private static LimitException TooDeep(Mark at) => new(DiagnosticCatalog.NestingTooDeep, at,
        $"the nesting is deeper than {InputLimits.MaxDepth.ToString(CultureInfo.InvariantCulture)} levels",
        "no Kubernetes object nests this deep; check for a runaway '[' or '{', or an alias that nests a tree in itself");

    private static Anchored Remember(Dictionary<string, Anchored> anchors, AnchorName anchor, Anchored node)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }

        return node;
    }

    private static string CleanMessage(string message) => MarkPrefix().Replace(message, string.Empty).Trim();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();

    /// <summary>A node with its height (0 for a scalar) and its size once aliases are expanded.</summary>
    private readonly record struct Anchored(YamlNode Node, int Height, long Size);

    /// <summary>What one file's read has used so far.</summary>
    private sealed class Reading(string path, List<Diagnostic> diagnostics)
    {
        public string Path { get; } = path;

        public List<Diagnostic> Diagnostics { get; } = diagnostics;

        public IListItemSink? Sink { get; init; }

        public long Expanded { get; set; }
    }

    /// <summary>A limit of <see cref="InputLimits"/> was passed at a position.</summary>
    private sealed class LimitException(DiagnosticDescriptor descriptor, Mark at, string message, string help) : Exception(message)
    {
        public DiagnosticDescriptor Descriptor { get; } = descriptor;

        public Mark At { get; } = at;

        public string Help { get; } = help;
    }

    /// <summary>
    /// YamlDotNet's scanner throws InvalidOperationException (and others) on some truncated inputs such as
    /// "a: {\nb: c" instead of a YamlException; this turns them into a syntax error at the last position read.
    /// </summary>
    private sealed class GuardedParser(IParser inner) : IParser
    {
        private Mark last = Mark.Empty;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (inner.Current is { } current)
            {
                last = current.End;
            }

            try
            {
                return inner.MoveNext();
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException or IndexOutOfRangeException)
            {
                throw new YamlException(last, last, "the text breaks off or is not valid YAML after this position", e);
            }
        }
    }
}
