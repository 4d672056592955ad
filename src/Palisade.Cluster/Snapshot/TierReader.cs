using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Palisade.Cluster.Connection;

namespace Palisade.Cluster.Snapshot;

/// <summary>
/// Reads the cluster-wide tiers (policy.networking.k8s.io: AdminNetworkPolicy and BaselineAdminNetworkPolicy in
/// v1alpha1, ClusterNetworkPolicy in v1alpha2). They are CRDs a cluster may not have, so discovery (<c>/apis</c>)
/// says first whether each group version is served; a version that is not gets a notice instead of a silent empty tier.
/// </summary>
internal static class TierReader
{
    /// <summary>The API group of the tier kinds.</summary>
    public const string Group = "policy.networking.k8s.io";

    private static readonly (string Version, string Kind, string Plural)[] Kinds =
    [
        ("v1alpha1", "AdminNetworkPolicy", "adminnetworkpolicies"),
        ("v1alpha1", "BaselineAdminNetworkPolicy", "baselineadminnetworkpolicies"),
        ("v1alpha2", "ClusterNetworkPolicy", "clusternetworkpolicies"),
    ];

    /// <summary>Lists every served tier kind page by page; returns the objects and one notice per version not served.</summary>
    public static async Task<(List<JsonObject> Policies, List<string> NotServed)> ReadAsync(ClusterConnection connection, int limit, CancellationToken cancellationToken)
    {
        var k = connection.Client;
        var groups = await new ApiCall("get", "/apis").RunCancellableAsync(connection,
            () => k.Apis.GetAPIVersionsAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        var served = new HashSet<string>(
            (groups?.Groups ?? []).Where(g => g.Name == Group).SelectMany(g => g.Versions ?? []).Select(v => v.Version ?? string.Empty),
            StringComparer.Ordinal);

        var policies = new List<JsonObject>();
        var notServed = new List<string>();
        foreach (var version in Kinds.Select(x => x.Version).Distinct(StringComparer.Ordinal))
        {
            var kinds = Kinds.Where(x => x.Version == version).ToList();
            if (!served.Contains(version))
            {
                notServed.Add($"the cluster does not serve {Group}/{version}, so it has no {string.Join(" or ", kinds.Select(x => x.Kind))} objects (that tier is empty, not unread)");
                continue;
            }

            foreach (var (_, kind, plural) in kinds)
            {
                var items = await ClusterReader.Pages<JsonObject>(connection, new ApiCall("list", $"{plural}.{Group}"), async c =>
                {
                    // KubernetesClient.Aot's source-generated serializer knows object (read as a JsonElement), not JsonElement.
                    var list = (JsonElement)await k.CustomObjects.ListClusterCustomObjectAsync<object>(Group, version, plural,
                        continueParameter: c, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false);
                    return ((IList<JsonObject>)Items(list, $"{Group}/{version}", kind), Continue(list));
                }).ConfigureAwait(false);
                policies.AddRange(items);
            }
        }

        return ([.. policies.OrderBy(p => Kind(p), StringComparer.Ordinal).ThenBy(Name, StringComparer.Ordinal)], notServed);
    }

    /// <summary>Whether any egress rule of a tier object has a <c>nodes</c> peer (which needs the Node objects).</summary>
    public static bool HasNodesPeer(JsonObject o) =>
        o["spec"]?["egress"] is JsonArray rules
        && rules.Any(r => r?["to"] is JsonArray peers && peers.Any(p => p is JsonObject peer && peer.ContainsKey("nodes")));

    /// <summary>The name of a tier object, or empty.</summary>
    public static string Name(JsonObject o) => o["metadata"] is JsonObject m && m["name"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty;

    /// <summary>The kind of a tier object, or empty.</summary>
    public static string Kind(JsonObject o) => o["kind"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty;

    // List items carry no apiVersion and kind of their own on some servers: set them from the list asked for.
    private static List<JsonObject> Items(JsonElement list, string apiVersion, string kind)
    {
        var items = new List<JsonObject>();
        if (list.ValueKind == JsonValueKind.Object && list.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in array.EnumerateArray())
            {
                if (JsonNode.Parse(item.GetRawText()) is JsonObject o)
                {
                    o["apiVersion"] = apiVersion;
                    o["kind"] = kind;
                    items.Add(o);
                }
            }
        }

        return items;
    }

    private static string? Continue(JsonElement list) =>
        list.ValueKind == JsonValueKind.Object && list.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
        && m.TryGetProperty("continue", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
}
