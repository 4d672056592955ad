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
    /// <summary>Reads every document; a syntax error is reported and ends the file, keeping earlier documents.</summary>
    public static List<YamlNode> ReadDocuments(string text, string displayPath, List<Diagnostic> diagnostics)
    {
        var documents = new List<YamlNode>();
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            while (!parser.Accept<StreamEnd>(out _))
            {
                parser.Consume<DocumentStart>();
                var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
                var root = ReadNode(parser, anchors, displayPath, diagnostics);
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
            diagnostics.Add(Diagnostic.Error(
                ManifestCodes.MalformedInput,
                location,
                $"malformed YAML/JSON: {CleanMessage(e.Message)}",
                "fix the syntax at this position; the rest of this file was not read"));
        }

        return documents;
    }

    private static YamlNode ReadNode(IParser parser, Dictionary<string, YamlNode> anchors, string path, List<Diagnostic> diagnostics)
    {
        var ev = parser.Current ?? throw new YamlException("unexpected end of input");
        var line = (int)ev.Start.Line;
        var column = (int)ev.Start.Column;
        switch (ev)
        {
            case Scalar s:
            {
                parser.MoveNext();
                var node = YamlNode.Scalar(s.Value, s.Style == ScalarStyle.Plain, line, column);
                Remember(anchors, s.Anchor, node);
                return node;
            }

            case SequenceStart ss:
            {
                parser.MoveNext();
                var node = YamlNode.Sequence(line, column);
                Remember(anchors, ss.Anchor, node);
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    node.Items.Add(ReadNode(parser, anchors, path, diagnostics));
                }

                return node;
            }

            case MappingStart ms:
            {
                parser.MoveNext();
                var node = YamlNode.Mapping(line, column);
                Remember(anchors, ms.Anchor, node);
                var seen = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
                var merged = new List<YamlNode>();
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var key = ReadNode(parser, anchors, path, diagnostics);
                    var value = ReadNode(parser, anchors, path, diagnostics);
                    if (key.Kind == YamlNodeKind.Scalar && key.IsPlain && key.Value == "<<")
                    {
                        merged.Add(value);
                        continue;
                    }

                    if (key.Kind == YamlNodeKind.Scalar)
                    {
                        if (seen.TryGetValue(key.Value, out var first))
                        {
                            diagnostics.Add(Diagnostic.Error(
                                ManifestCodes.DuplicateKey,
                                new SourceLocation(path, key.Line, key.Column),
                                $"duplicate key '{key.Value}'",
                                $"the key is already set at {new SourceLocation(path, first.Line, first.Column)}; keep only one"));
                        }
                        else
                        {
                            seen[key.Value] = key;
                        }
                    }

                    node.Pairs.Add(new(key, value));
                }

                // YAML merge keys (<<: *base) add the pairs the mapping does not set itself.
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

                return node;
            }

            case AnchorAlias alias:
            {
                parser.MoveNext();
                return anchors.TryGetValue(alias.Value.Value, out var target)
                    ? target
                    : throw new YamlException(ev.Start, ev.End, $"the alias *{alias.Value.Value} names no anchor");
            }

            default:
                throw new YamlException(ev.Start, ev.End, $"unexpected {ev.GetType().Name}");
        }
    }

    private static void Remember(Dictionary<string, YamlNode> anchors, AnchorName anchor, YamlNode node)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }
    }

    private static string CleanMessage(string message) => MarkPrefix().Replace(message, string.Empty).Trim();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();
}
