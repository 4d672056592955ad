using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Palisade.Reports;

/// <summary>
/// Writes JSON to a <see cref="TextWriter"/> through a <see cref="Utf8JsonWriter"/>, flushing in chunks so that
/// large reports stream instead of being held in memory.
/// </summary>
public sealed class JsonOutput : IDisposable
{
    private readonly TextWriter output;
    private readonly ArrayBufferWriter<byte> buffer = new(64 * 1024);

    /// <summary>Creates a writer; <paramref name="indented"/> for human-friendly output.</summary>
    public JsonOutput(TextWriter output, bool indented = false)
    {
        this.output = output;
        Writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
    }

    /// <summary>The underlying writer.</summary>
    public Utf8JsonWriter Writer { get; }

    /// <summary>Moves buffered bytes to the output when the buffer is large.</summary>
    public void MaybeFlush()
    {
        if (Writer.BytesPending + buffer.WrittenCount > 48 * 1024)
        {
            Flush();
        }
    }

    /// <summary>Moves all buffered bytes to the output.</summary>
    public void Flush()
    {
        Writer.Flush();
        output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        buffer.Clear();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Flush();
        output.WriteLine();
        Writer.Dispose();
    }

    /// <summary>Writes the property <paramref name="name"/>: an array with one object per item, whose fields <paramref name="fields"/> writes.</summary>
    public static void WriteObjects<T>(Utf8JsonWriter writer, string name, IEnumerable<T> items, Action<T> fields)
    {
        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            writer.WriteStartObject();
            fields(item);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
