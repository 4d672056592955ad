using System.Text.Json;
using Palisade.Reports;

namespace Palisade.Manifests.Wire;

/// <summary>Writes wire objects as JSON through <see cref="Utf8JsonWriter"/> (no reflection); comments are dropped.</summary>
public static class WireJson
{
    /// <summary>
    /// Writes the objects as one <c>v1 List</c>, the way <c>kubectl get -o json</c> does, streaming: the buffer is
    /// flushed to <paramref name="output"/> as it fills.
    /// </summary>
    public static void WriteList(IEnumerable<WireObject> objects, TextWriter output)
    {
        using var json = new JsonOutput(output, indented: false);
        var w = json.Writer;
        w.WriteStartObject();
        w.WriteString("apiVersion", "v1");
        w.WriteString("kind", "List");
        w.WriteStartArray("items");
        foreach (var o in objects)
        {
            Write(o.Body, w);
            json.MaybeFlush();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes one object as compact JSON text.</summary>
    public static string ToJson(WireObject value)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            Write(value.Body, w);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes one node.</summary>
    public static void Write(WireNode node, Utf8JsonWriter w)
    {
        switch (node)
        {
            case WireMap map:
                w.WriteStartObject();
                foreach (var (key, value, _) in map.Entries)
                {
                    w.WritePropertyName(key);
                    Write(value, w);
                }

                w.WriteEndObject();
                break;
            case WireList list:
                w.WriteStartArray();
                foreach (var (item, _) in list.Items)
                {
                    Write(item, w);
                }

                w.WriteEndArray();
                break;
            case WireScalar { Kind: WireScalarKind.Number } n:
                w.WriteRawValue(n.Value);
                break;
            case WireScalar { Kind: WireScalarKind.Boolean } b:
                w.WriteBooleanValue(b.Value == "true");
                break;
            case WireScalar s:
                w.WriteStringValue(s.Value);
                break;
            default:
                throw new InvalidOperationException($"unknown wire node {node.GetType().Name}");
        }
    }
}
