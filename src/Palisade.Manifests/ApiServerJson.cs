using System.Text;
using System.Text.Json;
using Palisade.Diagnostics;
using Palisade.Manifests.Yaml;
using Palisade.Model;

namespace Palisade.Manifests;

/// <summary>One manifest document as JSON, and where it starts in its file.</summary>
/// <param name="Json">The document as the API server would decode it from YAML (sigs.k8s.io/yaml).</param>
/// <param name="Location">The document's first line and column.</param>
public sealed record JsonDocumentText(string Json, SourceLocation Location);

/// <summary>
/// Manifest documents converted to JSON with exactly the scalar reading of the strict loader: plain scalars resolved
/// as YAML 1.1 through go-yaml v2 (what kubectl and the API server's YAML decoder do): <c>0120</c> is the number 80,
/// <c>0x51</c> is 81, <c>yes</c> is true, <c>null</c> and <c>~</c> are null, quoted scalars are strings. What a client
/// sends from this text is what the strict loader read, not a second, different reading of the YAML.
/// </summary>
public static class ApiServerJson
{
    /// <summary>
    /// Reads the text (YAML, JSON, or concatenated JSON values) as the strict loader splits it, and writes each
    /// document as JSON. Read errors are added to <paramref name="diagnostics"/>.
    /// </summary>
    public static IReadOnlyList<JsonDocumentText> Documents(string text, string displayPath, List<Diagnostic> diagnostics)
    {
        var documents = (JsonTreeReader.LooksLikeJson(text) ? JsonTreeReader.TryRead(text, displayPath, diagnostics) : null)
            ?? YamlReader.ReadDocuments(text, displayPath, diagnostics);
        var result = new List<JsonDocumentText>(documents.Count);
        foreach (var document in documents)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                Write(writer, document);
            }

            result.Add(new JsonDocumentText(Encoding.UTF8.GetString(stream.ToArray()), new SourceLocation(displayPath, document.Line, document.Column)));
        }

        return result;
    }

    private static void Write(Utf8JsonWriter w, YamlNode node)
    {
        // The reader bounds depth (InputLimits.MaxDepth), so this recursion is bounded too.
        switch (node.Kind)
        {
            case YamlNodeKind.Mapping:
                w.WriteStartObject();
                // A key given twice: the last one wins, as in go-yaml (the strict loader reports the duplicate).
                var last = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < node.Pairs.Count; i++)
                {
                    last[node.Pairs[i].Key.Value] = i;
                }

                for (var i = 0; i < node.Pairs.Count; i++)
                {
                    var (key, value) = (node.Pairs[i].Key, node.Pairs[i].Value);
                    if (last[key.Value] != i)
                    {
                        continue;
                    }

                    w.WritePropertyName(key.Value);
                    Write(w, value);
                }

                w.WriteEndObject();
                break;

            case YamlNodeKind.Sequence:
                w.WriteStartArray();
                foreach (var item in node.Items)
                {
                    Write(w, item);
                }

                w.WriteEndArray();
                break;

            default:
                WriteScalar(w, node);
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter w, YamlNode node)
    {
        if (!node.IsPlain)
        {
            w.WriteStringValue(node.Value);
            return;
        }

        var (type, integer, number) = PlainScalar.Resolve(node.Value);
        switch (type)
        {
            case PlainScalarType.Null:
                w.WriteNullValue();
                break;
            case PlainScalarType.Boolean:
                w.WriteBooleanValue(node.Value is "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON");
                break;
            case PlainScalarType.Integer:
                w.WriteNumberValue(integer);
                break;
            case PlainScalarType.Float when double.IsFinite(number):
                // A whole float is written as an integer, as sigs.k8s.io/yaml's JSON writes 80.0 (an int field takes it).
                if (Math.Floor(number) == number && Math.Abs(number) < 9.2e18)
                {
                    w.WriteNumberValue((long)number);
                }
                else
                {
                    w.WriteNumberValue(number);
                }

                break;
            default:
                // Strings, and the non-finite floats JSON cannot hold (kubectl refuses those; no field Palisade sends
                // takes a float, so the server rejects the text just as well).
                w.WriteStringValue(node.Value);
                break;
        }
    }
}
