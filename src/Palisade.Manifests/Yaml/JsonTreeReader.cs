using System.Text;
using System.Text.Json;

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
    /// null when the text needs the YAML reader.
    /// </summary>
    public static List<YamlNode>? TryRead(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Disallow,
            MaxDepth = 256,
            AllowMultipleValues = true,
        });
        var cursor = new Cursor(bytes);
        var documents = new List<YamlNode>();
        try
        {
            while (reader.Read())
            {
                var root = ReadValue(ref reader, ref cursor);
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
    }

    private static YamlNode? ReadValue(ref Utf8JsonReader reader, ref Cursor cursor)
    {
        var (line, column) = cursor.Position((int)reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var node = YamlNode.Mapping(line, column);
                HashSet<string>? seen = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var (kl, kc) = cursor.Position((int)reader.TokenStartIndex);
                    var name = reader.GetString()!;
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

                    var value = ReadValue(ref reader, ref cursor);
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
                    var item = ReadValue(ref reader, ref cursor);
                    if (item is null)
                    {
                        return null;
                    }

                    node.Items.Add(item);
                }

                return node;
            }

            case JsonTokenType.String:
                return YamlNode.Scalar(reader.GetString()!, plain: false, line, column);

            case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null:
                // YAML reads these plain scalars with the same meaning as JSON.
                return YamlNode.Scalar(Encoding.UTF8.GetString(reader.ValueSpan), plain: true, line, column);

            default:
                return null;
        }
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
