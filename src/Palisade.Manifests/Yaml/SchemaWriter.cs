using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s.Models;
using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Manifests.Yaml;

/// <summary>
/// Checks a YAML node tree strictly against a KubernetesClient model type (by its <c>[JsonPropertyName]</c>
/// properties) and writes it as JSON that the model's deserializer accepts. Every unknown field and every
/// value of the wrong type is reported with its position and left out of the JSON, so deserializing never
/// fails on user input.
/// </summary>
internal sealed class SchemaWriter
{
    private static readonly ConcurrentDictionary<Type, TypeShape> Shapes = new();

    private readonly string kind;
    private readonly string file;
    private readonly List<Diagnostic> diagnostics;
    private readonly IReadOnlyCollection<string> ignoredRootFields;
    private readonly bool goZeroValues;

    private SchemaWriter(string kind, string file, List<Diagnostic> diagnostics, IReadOnlyCollection<string> ignoredRootFields, bool goZeroValues)
    {
        this.goZeroValues = goZeroValues;
        this.ignoredRootFields = ignoredRootFields;
        this.kind = kind;
        this.file = file;
        this.diagnostics = diagnostics;
    }

    private enum ShapeKind
    {
        String,
        Integer,
        Number,
        Boolean,
        IntOrString,
        Quantity,
        Object,
        Map,
        List,
        Any,
    }

    /// <summary>
    /// Validates <paramref name="root"/> against <paramref name="type"/> and returns JSON text.
    /// <paramref name="ignoredRootFields"/> are top-level fields that older API versions had and that are dropped.
    /// With <paramref name="goZeroValues"/> (Kubernetes objects), a <c>null</c> list item or map value becomes the zero
    /// value of its Go type, as the API server's JSON decoding makes it: <c>tier: null</c> is <c>""</c>,
    /// <c>ingress: [null]</c> is <c>[{}]</c>.
    /// </summary>
    public static string Write(
        YamlNode root, Type type, string kind, string file, List<Diagnostic> diagnostics, IReadOnlyCollection<string> ignoredRootFields, bool goZeroValues = false)
    {
        var writer = new SchemaWriter(kind, file, diagnostics, ignoredRootFields, goZeroValues);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            if (writer.Accepts(root, type, string.Empty))
            {
                writer.WriteValue(root, type, string.Empty, json);
            }
            else
            {
                json.WriteStartObject();
                json.WriteEndObject();
            }
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// True when <see cref="Write"/> (with Go zero values) would report nothing for this tree and its JSON would
    /// deserialize without an error, and the tree holds no duplicate key, null list item or null map value (whose
    /// meaning the direct converter leaves to the strict path). False means "take the strict path", never "invalid".
    /// Stops at the first doubt and allocates nothing.
    /// </summary>
    public static bool IsClean(YamlNode root, Type type, IReadOnlyCollection<string> ignoredRootFields)
    {
        var shape = ShapeOf(type);
        return shape.Kind == ShapeKind.Object && root.Kind == YamlNodeKind.Mapping && IsCleanObject(root, shape, ignoredRootFields);
    }

    /// <summary>The field names a model type accepts (for messages and tests).</summary>
    public static IReadOnlyCollection<string> FieldsOf(Type type) => [.. ShapeOf(type).Fields.Keys];

    private bool Accepts(YamlNode node, Type type, string path)
    {
        if (node.IsNull)
        {
            return true;
        }

        var shape = ShapeOf(type);
        switch (shape.Kind)
        {
            case ShapeKind.Object or ShapeKind.Map:
                return node.Kind == YamlNodeKind.Mapping || Fail(node, path, "a mapping (key: value pairs)");
            case ShapeKind.List:
                return node.Kind == YamlNodeKind.Sequence || Fail(node, path, "a list");
            case ShapeKind.Any:
                return true;
            default:
                break;
        }

        if (node.Kind != YamlNodeKind.Scalar)
        {
            return Fail(node, path, shape.Kind switch
            {
                ShapeKind.Integer => "an integer",
                ShapeKind.Number => "a number",
                ShapeKind.Boolean => "true or false",
                ShapeKind.IntOrString => "a number or a string",
                _ => "a string",
            });
        }

        switch (shape.Kind)
        {
            case ShapeKind.IntOrString when IsQuotedPortNumber(node, path):
                // The API server reads a quoted "80" as a string, so as a port name, and rejects it: a name needs a letter.
                diagnostics.Add(DiagnosticCatalog.InvalidPortName.Create(
                    new SourceLocation(file, node.Line, node.Column),
                    $"{kind} {path} is the string '{node.Value}': a quoted port is a port name, and a port name needs a letter",
                    $"remove the quotes: {path[(path.LastIndexOf('.') + 1)..]}: {node.Value}"));
                return false;
            case ShapeKind.Integer when !node.IsPlain || !TryInteger(node.Value, shape.Clr, out _):
                return Fail(node, path, shape.Clr == typeof(int) ? "a 32-bit integer" : "an integer",
                    node.IsPlain ? null : "remove the quotes: this field is a number");
            case ShapeKind.Number when !node.IsPlain || !double.TryParse(node.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _):
                return Fail(node, path, "a number", node.IsPlain ? null : "remove the quotes: this field is a number");
            case ShapeKind.Boolean when !node.IsPlain || ParseBool(node.Value) is null:
                return Fail(node, path, "true or false", node.IsPlain ? null : "remove the quotes: this field is a boolean");
            case ShapeKind.IntOrString when node.IsPlain && PlainScalar.Resolve(node.Value).Type is PlainScalarType.Boolean or PlainScalarType.Float
                && !PlainScalar.TryWholeNumber(node.Value, out _):
                return Fail(node, path, "a whole number or a string",
                    $"YAML reads '{node.Value}' as a {(PlainScalar.Resolve(node.Value).Type == PlainScalarType.Boolean ? "boolean" : "fraction")}; write a port number, or quote a name");
            default:
                return true;
        }
    }

    private static bool IsCleanObject(YamlNode node, TypeShape shape, IReadOnlyCollection<string>? ignoredFields)
    {
        if (HasDuplicateKeys(node))
        {
            return false;
        }

        foreach (var (key, value) in node.Pairs)
        {
            if (key.Kind != YamlNodeKind.Scalar)
            {
                return false;
            }

            if (!shape.Fields.TryGetValue(key.Value, out var fieldType))
            {
                // A field spelt in another case is warned about (PAL1xx) by the strict path.
                if (ignoredFields is not null && ignoredFields.Contains(key.Value))
                {
                    continue;
                }

                return false;
            }

            if (!IsCleanValue(value, fieldType, key.Value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsCleanValue(YamlNode node, Type type, string field)
    {
        var shape = ShapeOf(type);
        if (node.IsNull)
        {
            // JSON null: fine for a pointer, a deserialization error for a Go/C# value type such as containerPort.
            return !shape.NullIsError;
        }

        switch (shape.Kind)
        {
            case ShapeKind.Object:
                return node.Kind == YamlNodeKind.Mapping && IsCleanObject(node, shape, null);
            case ShapeKind.Map:
                if (node.Kind != YamlNodeKind.Mapping || HasDuplicateKeys(node))
                {
                    return false;
                }

                foreach (var (key, value) in node.Pairs)
                {
                    if (key.Kind != YamlNodeKind.Scalar || value.IsNull || !IsCleanValue(value, shape.Element!, key.Value))
                    {
                        return false;
                    }
                }

                return true;
            case ShapeKind.List:
                if (node.Kind != YamlNodeKind.Sequence)
                {
                    return false;
                }

                foreach (var item in node.Items)
                {
                    if (item.IsNull || !IsCleanValue(item, shape.Element!, string.Empty))
                    {
                        return false;
                    }
                }

                return true;
            case ShapeKind.Any:
                return true;
            default:
                break;
        }

        if (node.Kind != YamlNodeKind.Scalar)
        {
            return false;
        }

        return shape.Kind switch
        {
            ShapeKind.Integer => node.IsPlain && TryInteger(node.Value, shape.Clr, out _),
            ShapeKind.Number => node.IsPlain && double.TryParse(node.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            ShapeKind.Boolean => node.IsPlain && ParseBool(node.Value) is not null,
            ShapeKind.IntOrString => node.IsPlain
                ? PlainScalar.Resolve(node.Value).Type is not (PlainScalarType.Boolean or PlainScalarType.Float) || PlainScalar.TryWholeNumber(node.Value, out _)
                : !(field is "port" or "targetPort" && node.Value.Length > 0 && node.Value.All(char.IsAsciiDigit)),
            ShapeKind.Quantity => IsPlainQuantity(node.Value),
            _ => shape.Clr == typeof(string) || (shape.Clr == typeof(DateTime) && IsRfc3339Seconds(node.Value)),
        };
    }

    private static bool HasDuplicateKeys(YamlNode mapping)
    {
        var pairs = mapping.Pairs;
        if (pairs.Count <= 16)
        {
            for (var i = 1; i < pairs.Count; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (pairs[i].Key.Value == pairs[j].Key.Value)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, _) in pairs)
        {
            if (!seen.Add(key.Value))
            {
                return true;
            }
        }

        return false;
    }

    // A quantity the deserializer surely takes: digits, an optional fraction, an optional SI or binary suffix.
    private static bool IsPlainQuantity(string text)
    {
        var i = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i == 0)
        {
            return false;
        }

        if (i < text.Length && text[i] == '.')
        {
            var start = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        return text[i..] is "" or "m" or "k" or "M" or "G" or "T" or "P" or "E" or "Ki" or "Mi" or "Gi" or "Ti" or "Pi" or "Ei";
    }

    // The form Kubernetes writes timestamps in (creationTimestamp), which KubernetesClient's converter reads.
    private static bool IsRfc3339Seconds(string text) =>
        text.Length == 20 && DateTime.TryParseExact(text, "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _);

    private void WriteValue(YamlNode node, Type type, string path, Utf8JsonWriter json)
    {
        if (node.IsNull)
        {
            json.WriteNullValue();
            return;
        }

        var shape = ShapeOf(type);
        switch (shape.Kind)
        {
            case ShapeKind.String or ShapeKind.Quantity:
                json.WriteStringValue(node.Value);
                break;
            case ShapeKind.Integer:
                TryInteger(node.Value, shape.Clr, out var integer);
                json.WriteNumberValue(integer);
                break;
            case ShapeKind.Number:
                json.WriteNumberValue(double.Parse(node.Value, NumberStyles.Float, CultureInfo.InvariantCulture));
                break;
            case ShapeKind.Boolean:
                json.WriteBooleanValue(ParseBool(node.Value) == true);
                break;
            case ShapeKind.IntOrString:
                if (node.IsPlain && TryInteger(node.Value, typeof(int), out var number))
                {
                    json.WriteNumberValue(number);
                }
                else if (node.IsPlain && PlainScalar.TryWholeNumber(node.Value, out var large))
                {
                    // Too large for a port: its decimal text is reported as out of range, not as a bad name.
                    json.WriteStringValue(large.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    json.WriteStringValue(node.Value);
                }

                break;
            case ShapeKind.Object:
                WriteObject(node, shape, path, json);
                break;
            case ShapeKind.Map:
                json.WriteStartObject();
                foreach (var (key, value) in node.Pairs)
                {
                    var keyText = key.Kind == YamlNodeKind.Scalar ? key.Value : null;
                    if (keyText is null)
                    {
                        Fail(key, path, "a string key");
                        continue;
                    }

                    var childPath = Join(path, keyText);
                    if (goZeroValues && value.IsNull && WriteZero(keyText, shape.Element!, json))
                    {
                        continue;
                    }

                    if (Accepts(value, shape.Element!, childPath))
                    {
                        json.WritePropertyName(keyText);
                        WriteValue(value, shape.Element!, childPath, json);
                    }
                }

                json.WriteEndObject();
                break;
            case ShapeKind.List:
                json.WriteStartArray();
                for (var i = 0; i < node.Items.Count; i++)
                {
                    var childPath = $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]";
                    // A rejected item becomes null so that indices still match the source.
                    if (goZeroValues && node.Items[i].IsNull && WriteZero(null, shape.Element!, json))
                    {
                        continue;
                    }

                    if (Accepts(node.Items[i], shape.Element!, childPath))
                    {
                        WriteValue(node.Items[i], shape.Element!, childPath, json);
                    }
                    else
                    {
                        json.WriteNullValue();
                    }
                }

                json.WriteEndArray();
                break;
            default:
                WriteUntyped(node, json);
                break;
        }
    }

    private void WriteObject(YamlNode node, TypeShape shape, string path, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        foreach (var (key, value) in node.Pairs)
        {
            if (key.Kind != YamlNodeKind.Scalar)
            {
                Fail(key, path, "a field name");
                continue;
            }

            var fieldName = key.Value;
            if (!shape.Fields.TryGetValue(fieldName, out var fieldType))
            {
                if (path.Length == 0 && ignoredRootFields.Contains(fieldName))
                {
                    continue;
                }

                // Go's JSON decoding matches field names ignoring case, so such manifests do load
                // (only strict server-side validation rejects them): accept, but warn.
                var sameIgnoringCase = shape.Fields.Keys.FirstOrDefault(f => string.Equals(f, fieldName, StringComparison.OrdinalIgnoreCase));
                if (sameIgnoringCase is null)
                {
                    ReportUnknown(key, shape, path);
                    continue;
                }

                diagnostics.Add(DiagnosticCatalog.FieldCase.Create(
                    new SourceLocation(file, key.Line, key.Column),
                    $"field '{fieldName}' in {(path.Length == 0 ? kind : $"{kind} {path}")} is spelt '{sameIgnoringCase}'",
                    $"write '{sameIgnoringCase}': Kubernetes' strict field validation rejects other cases"));
                fieldName = sameIgnoringCase;
                fieldType = shape.Fields[fieldName];
            }

            var childPath = Join(path, fieldName);
            if (Accepts(value, fieldType, childPath))
            {
                json.WritePropertyName(fieldName);
                WriteValue(value, fieldType, childPath, json);
            }
        }

        json.WriteEndObject();
    }

    private static void WriteUntyped(YamlNode node, Utf8JsonWriter json)
    {
        switch (node.Kind)
        {
            case YamlNodeKind.Mapping:
                json.WriteStartObject();
                foreach (var (key, value) in node.Pairs)
                {
                    json.WritePropertyName(key.Value);
                    WriteUntyped(value, json);
                }

                json.WriteEndObject();
                break;
            case YamlNodeKind.Sequence:
                json.WriteStartArray();
                foreach (var item in node.Items)
                {
                    WriteUntyped(item, json);
                }

                json.WriteEndArray();
                break;
            default:
                if (node.IsNull)
                {
                    json.WriteNullValue();
                }
                else if (node.IsPlain && ParseBool(node.Value) is { } b && node.Value.Length > 3)
                {
                    json.WriteBooleanValue(b);
                }
                else if (node.IsPlain && long.TryParse(node.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    json.WriteNumberValue(l);
                }
                else
                {
                    json.WriteStringValue(node.Value);
                }

                break;
        }
    }

    private void ReportUnknown(YamlNode key, TypeShape shape, string path)
    {
        var where = path.Length == 0 ? kind : $"{kind} {path}";
        var suggestion = Spelling.Closest(key.Value, shape.Fields.Keys);
        var help = suggestion is not null
            ? $"did you mean '{suggestion}'?"
            : $"the fields here are: {string.Join(", ", shape.Fields.Keys.Order(StringComparer.Ordinal))}";
        diagnostics.Add(DiagnosticCatalog.UnknownField.Create(
            new SourceLocation(file, key.Line, key.Column),
            $"unknown field '{key.Value}' in {where}",
            help));
    }

    private bool Fail(YamlNode node, string path, string expected, string? help = null)
    {
        var found = node.Kind switch
        {
            YamlNodeKind.Mapping => "a mapping",
            YamlNodeKind.Sequence => "a list",
            _ => $"'{node.Value}'",
        };
        var field = path.Length == 0 ? kind : $"{kind} {path}";
        diagnostics.Add(DiagnosticCatalog.WrongType.Create(
            new SourceLocation(file, node.Line, node.Column),
            $"{field} must be {expected}, found {found}",
            help ?? "see the Kubernetes API reference for this field's type"));
        return false;
    }

    private static bool IsQuotedPortNumber(YamlNode node, string path) =>
        !node.IsPlain && node.Value.Length > 0 && node.Value.All(char.IsAsciiDigit)
        && (path.EndsWith(".port", StringComparison.Ordinal) || path.EndsWith(".targetPort", StringComparison.Ordinal));

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    // A plain scalar as YAML 1.1 integer (0120 is 80, 0x51 is 81), or a float without a fraction (80.0).
    private static bool TryInteger(string text, Type clr, out long value)
    {
        if (!PlainScalar.TryWholeNumber(text, out value))
        {
            return false;
        }

        return clr != typeof(int) || value is >= int.MinValue and <= int.MaxValue;
    }

    /// <summary>
    /// Writes the Go zero value of a list item or map value written <c>null</c> (Go's JSON decoding leaves the zero
    /// value there); false for types whose zero value is itself null (pointers, maps, lists) or that are not ours.
    /// </summary>
    private static bool WriteZero(string? property, Type type, Utf8JsonWriter json)
    {
        var shape = ShapeOf(type);
        if (shape.Kind is not (ShapeKind.String or ShapeKind.Object or ShapeKind.Integer or ShapeKind.Boolean))
        {
            return false;
        }

        if (property is not null)
        {
            json.WritePropertyName(property);
        }

        switch (shape.Kind)
        {
            case ShapeKind.String:
                json.WriteStringValue(string.Empty);
                break;
            case ShapeKind.Integer:
                json.WriteNumberValue(0);
                break;
            case ShapeKind.Boolean:
                json.WriteBooleanValue(false);
                break;
            default:
                json.WriteStartObject();
                json.WriteEndObject();
                break;
        }

        return true;
    }

    // YAML 1.1 booleans, as Kubernetes' YAML reader accepts them.
    internal static bool? ParseBool(string text) => text switch
    {
        "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y" => true,
        "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "n" or "N" => false,
        _ => null,
    };

    private static TypeShape ShapeOf(Type type) => Shapes.GetOrAdd(type, Describe);

    private static TypeShape Describe(Type type) =>
        DescribeUnderlying(type) with { NullIsError = type.IsValueType && Nullable.GetUnderlyingType(type) is null };

    private static TypeShape DescribeUnderlying(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string) || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(byte[]))
        {
            return new TypeShape(ShapeKind.String, t);
        }

        if (t == typeof(int) || t == typeof(long) || t == typeof(short))
        {
            return new TypeShape(ShapeKind.Integer, t);
        }

        if (t == typeof(double) || t == typeof(float) || t == typeof(decimal))
        {
            return new TypeShape(ShapeKind.Number, t);
        }

        if (t == typeof(bool))
        {
            return new TypeShape(ShapeKind.Boolean, t);
        }

        if (t == typeof(IntOrString))
        {
            return new TypeShape(ShapeKind.IntOrString, t);
        }

        if (t == typeof(ResourceQuantity))
        {
            return new TypeShape(ShapeKind.Quantity, t);
        }

        if (t.IsGenericType)
        {
            var def = t.GetGenericTypeDefinition();
            var args = t.GetGenericArguments();
            if (def == typeof(IDictionary<,>) || def == typeof(Dictionary<,>) || def == typeof(IReadOnlyDictionary<,>))
            {
                return new TypeShape(ShapeKind.Map, t) { Element = args[1] };
            }

            if (def == typeof(IList<>) || def == typeof(List<>) || def == typeof(IEnumerable<>) || def == typeof(ICollection<>) || def == typeof(IReadOnlyList<>))
            {
                return new TypeShape(ShapeKind.List, t) { Element = args[0] };
            }
        }

        // The fields come from the JSON contract (source-generated, no reflection): the names the deserializer reads.
        var fields = new Dictionary<string, Type>(StringComparer.Ordinal);
        if (ManifestJson.TypeInfo(t) is { Kind: JsonTypeInfoKind.Object } info)
        {
            foreach (var p in info.Properties)
            {
                fields[p.Name] = p.PropertyType;
            }
        }

        // Kubernetes models and Palisade's own document types (profiles, expectations) are checked field by field.
        return fields.Count > 0 && (t.Namespace == typeof(V1Pod).Namespace || t.Namespace?.StartsWith("Palisade.", StringComparison.Ordinal) == true)
            ? new TypeShape(ShapeKind.Object, t) { Fields = fields }
            : new TypeShape(ShapeKind.Any, t);
    }

    private sealed record TypeShape(ShapeKind Kind, Type Clr)
    {
        public Type? Element { get; init; }

        /// <summary>A JSON null is a deserialization error: a non-nullable value type (an <c>int</c> containerPort).</summary>
        public bool NullIsError { get; init; }

        public IReadOnlyDictionary<string, Type> Fields { get; init; } = new Dictionary<string, Type>();
    }
}
