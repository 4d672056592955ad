using System.Globalization;
using System.Text;
using System.Text.Json;
using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Manifests.Yaml;

/// <summary>
/// The fast path for JSON input: reads a JSON text with <see cref="Utf8JsonReader"/> into the same
/// <see cref="YamlNode"/> tree (and the same 1-based line:column positions) that <see cref="YamlReader"/> builds
/// through YamlDotNet, several times faster. Positions come from byte offsets, turned into line:column by one
/// forward scan as tokens advance. Anything unusual (malformed JSON, a duplicate key, a comment) makes it give up
/// and return null, so that the YAML reader reads the text and reports exactly what it always reported.
/// </summary>
internal static class JsonTreeReader
{
    /// <summary>True when the text starts (after white space) like a JSON object or array.</summary>
    public static bool LooksLikeJson(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                return c is '{' or '[';
            }
        }

        return false;
    }

    /// <summary>
    /// The documents: one JSON value, or several written one after another (what <c>jq '.items[]'</c> writes), or
    /// null when the text needs the YAML reader. A value past a limit of <see cref="InputLimits"/> is reported here,
    /// located, and gives no document. With a <paramref name="sink"/>, the items of each document's top-level
    /// <c>items</c> array go to it as they are read (see <see cref="IListItemSink"/>); when the result is null, what
    /// the sink received is to be forgotten.
    /// </summary>
    public static List<YamlNode>? TryRead(string text, string displayPath, List<Diagnostic> diagnostics, IListItemSink? sink = null)
    {
        var bytes = Encoding.UTF8.GetBytes(text);

        // The reader's own depth limit sits above ours so that ours, which knows the position, speaks first.
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Disallow,
            MaxDepth = InputLimits.MaxDepth + 2,
            AllowMultipleValues = true,
        });
        var cursor = new Cursor(bytes);
        var documents = new List<YamlNode>();
        try
        {
            while (reader.Read())
            {
                var root = ReadValue(ref reader, ref cursor, depth: 0, sink);
                if (root is null)
                {
                    return null;
                }

                documents.Add(root);
            }

            return documents.Count > 0 ? documents : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (LimitException e)
        {
            diagnostics.Add(e.Descriptor.Create(new SourceLocation(displayPath, e.Line, e.Column), e.Message,
                $"{e.Help}; the rest of this file was not read"));
            return [];
        }
    }

    private static YamlNode? ReadValue(ref Utf8JsonReader reader, ref Cursor cursor, int depth, IListItemSink? sink = null)
    {
        var (line, column) = cursor.Position((int)reader.TokenStartIndex);
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && depth >= InputLimits.MaxDepth)
        {
            throw new LimitException(DiagnosticCatalog.NestingTooDeep, line, column,
                $"the nesting is deeper than {InputLimits.MaxDepth.ToString(CultureInfo.InvariantCulture)} levels",
                "no Kubernetes object nests this deep; check for a runaway '[' or '{'");
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var node = YamlNode.Mapping(line, column);
                HashSet<string>? seen = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var (kl, kc) = cursor.Position((int)reader.TokenStartIndex);
                    var name = StringOf(ref reader, kl, kc);
                    seen ??= new HashSet<string>(StringComparer.Ordinal);
                    if (!seen.Add(name))
                    {
                        return null; // the YAML reader reports duplicate keys
                    }

                    var key = YamlNode.Scalar(name, plain: false, kl, kc);
                    if (!reader.Read())
                    {
                        return null;
                    }

                    var value = sink is not null && name == "items" && reader.TokenType == JsonTokenType.StartArray
                        ? ReadStreamedItems(ref reader, ref cursor, depth + 1, sink)
                        : ReadValue(ref reader, ref cursor, depth + 1);
                    if (value is null)
                    {
                        return null;
                    }

                    node.Pairs.Add(new(key, value));
                }

                return node;
            }

            case JsonTokenType.StartArray:
            {
                var node = YamlNode.Sequence(line, column);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var item = ReadValue(ref reader, ref cursor, depth + 1);
                    if (item is null)
                    {
                        return null;
                    }

                    node.Items.Add(item);
                }

                return node;
            }

            case JsonTokenType.String:
                return YamlNode.Scalar(StringOf(ref reader, line, column), plain: false, line, column);

            case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null:
                // YAML reads these plain scalars with the same meaning as JSON.
                return YamlNode.Scalar(Encoding.UTF8.GetString(reader.ValueSpan), plain: true, line, column);

            default:
                return null;
        }
    }

    /// <summary>Reads a top-level <c>items</c> array as a sequence is read, handing each item to the sink instead of keeping it.</summary>
    private static YamlNode? ReadStreamedItems(ref Utf8JsonReader reader, ref Cursor cursor, int depth, IListItemSink sink)
    {
        var (line, column) = cursor.Position((int)reader.TokenStartIndex);
        if (depth >= InputLimits.MaxDepth)
        {
            throw new LimitException(DiagnosticCatalog.NestingTooDeep, line, column,
                $"the nesting is deeper than {InputLimits.MaxDepth.ToString(CultureInfo.InvariantCulture)} levels",
                "no Kubernetes object nests this deep; check for a runaway '[' or '{'");
        }

        var node = YamlNode.Sequence(line, column);
        sink.BeginItems(node);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var item = ReadValue(ref reader, ref cursor, depth + 1);
            if (item is null)
            {
                return null;
            }

            sink.Item(item);
        }

        return node;
    }

    /// <summary>A string token's text, refused past <see cref="InputLimits.MaxScalarLength"/> before it is copied when the bytes tell.</summary>
    private static string StringOf(ref Utf8JsonReader reader, int line, int column)
    {
        // UTF-8 never takes fewer bytes than UTF-16 takes characters, and escapes at most 6 bytes a character.
        var bytes = reader.ValueSpan.Length;
        var text = bytes > 6L * InputLimits.MaxScalarLength ? null : reader.GetString()!;
        if (text is null || text.Length > InputLimits.MaxScalarLength)
        {
            throw new LimitException(DiagnosticCatalog.ScalarTooLong, line, column,
                $"a value is longer than the limit of {InputLimits.MaxScalarLength.ToString(CultureInfo.InvariantCulture)} characters",
                "no Kubernetes object holds a value this long; check that this is the file you meant");
        }

        return text;
    }

    /// <summary>A limit of <see cref="InputLimits"/> passed at a position.</summary>
    private sealed class LimitException(DiagnosticDescriptor descriptor, int line, int column, string message, string help) : Exception(message)
    {
        public DiagnosticDescriptor Descriptor { get; } = descriptor;

        public int Line { get; } = line;

        public int Column { get; } = column;

        public string Help { get; } = help;
    }

    /// <summary>
    /// Turns increasing byte offsets into 1-based line and column (in UTF-16 characters), scanning each byte once:
    /// a compact JSON file is one long line, so the column is carried forward rather than recounted.
    /// </summary>
    private struct Cursor(byte[] bytes)
    {
        private int offset;
        private int line = 1;
        private int column;

        public (int Line, int Column) Position(int target)
        {
            var segment = bytes.AsSpan(offset, target - offset);
            var newline = segment.LastIndexOf((byte)'\n');
            if (newline >= 0)
            {
                line += segment.Count((byte)'\n');
                column = 0;
                segment = segment[(newline + 1)..];
            }

            column += segment.ContainsAnyExceptInRange((byte)0, (byte)0x7F) ? Encoding.UTF8.GetCharCount(segment) : segment.Length;
            offset = target;
            return (line, column + 1);
        }
    }
}
