using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using k8s;
using Palisade.Manifests.AdminPolicies;
using Palisade.Manifests.Documents;

namespace Palisade.Manifests;

/// <summary>
/// JSON metadata without reflection, so a NativeAOT build reads every input: Palisade's own document types (profiles,
/// expectations, the policy.networking.k8s.io tiers) come from <see cref="ManifestJsonContext"/>, the Kubernetes models
/// from KubernetesClient.Aot's source-generated context.
/// </summary>
internal static class ManifestJson
{
    /// <summary>The contract of <paramref name="type"/>, or null when neither context knows it.</summary>
    public static JsonTypeInfo? TypeInfo(Type type) =>
        ManifestJsonContext.Default.GetTypeInfo(type) ?? SourceGenerationContext.Default.GetTypeInfo(type);

    /// <summary>Reads JSON that <see cref="Yaml.SchemaWriter"/> wrote for <typeparamref name="T"/> (always an object).</summary>
    public static T Deserialize<T>(string json) =>
        (ManifestJsonContext.Default.GetTypeInfo(typeof(T)) is JsonTypeInfo<T> own
            ? JsonSerializer.Deserialize(json, own)
            : KubernetesJson.Deserialize<T>(json))
        ?? throw new InvalidOperationException($"the schema writer wrote null for {typeof(T).Name}");
}

/// <summary>Source-generated JSON metadata for Palisade's own document types (the options KubernetesJson uses).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ExpectationsReader.ExpectationsDocument))]
[JsonSerializable(typeof(ExpectationsReader.SelectorDocument))]
[JsonSerializable(typeof(ProfileReader.ProfileDocument))]
[JsonSerializable(typeof(AnpDocument))]
[JsonSerializable(typeof(BanpDocument))]
[JsonSerializable(typeof(CnpDocument))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
