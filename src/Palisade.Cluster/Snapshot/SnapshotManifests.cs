using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using Palisade.Manifests.Wire;

namespace Palisade.Cluster.Snapshot;

/// <summary>One file of a snapshot: its name inside the snapshot folder and its YAML text.</summary>
public sealed record SnapshotFile(string Name, string Text);

/// <summary>
/// Renders trimmed objects as YAML manifests, one file per kind, objects sorted by namespace then name, so the
/// same cluster state always gives the same bytes. Every Palisade command that reads manifests reads them.
/// </summary>
public static partial class SnapshotManifests
{
    /// <summary>The files of a snapshot, in name order; kinds with no objects get no file.</summary>
    public static IReadOnlyList<SnapshotFile> Render(ClusterObjects trimmed)
    {
        var files = new List<SnapshotFile>();
        Add(files, "namespaces.yaml", trimmed.Namespaces);
        Add(files, "pods.yaml", trimmed.Pods);
        Add(files, "deployments.yaml", trimmed.Deployments);
        Add(files, "statefulsets.yaml", trimmed.StatefulSets);
        Add(files, "daemonsets.yaml", trimmed.DaemonSets);
        Add(files, "replicasets.yaml", trimmed.ReplicaSets);
        Add(files, "jobs.yaml", trimmed.Jobs);
        Add(files, "cronjobs.yaml", trimmed.CronJobs);
        Add(files, "services.yaml", trimmed.Services);
        Add(files, "networkpolicies.yaml", trimmed.NetworkPolicies);
        Add(files, "nodes.yaml", trimmed.Nodes);
        AddTier(files, "adminnetworkpolicies.yaml", trimmed.TierPolicies, "AdminNetworkPolicy");
        AddTier(files, "baselineadminnetworkpolicies.yaml", trimmed.TierPolicies, "BaselineAdminNetworkPolicy");
        AddTier(files, "clusternetworkpolicies.yaml", trimmed.TierPolicies, "ClusterNetworkPolicy");
        return [.. files.OrderBy(f => f.Name, StringComparer.Ordinal)];
    }

    /// <summary>Serialises objects as a multi-document YAML stream (no trailing separator).</summary>
    /// <remarks>
    /// Through the model's JSON (KubernetesClient.Aot's source-generated serializer, so NativeAOT keeps it) and the wire
    /// writer: the same keys in the same order as the API server sends them, strings quoted only where YAML would read
    /// them as something else.
    /// </remarks>
    public static string ToYaml<T>(IEnumerable<T> objects) =>
        WireYaml.ToYaml(objects.Select(o => new WireObject((WireMap)ToWire(JsonNode.Parse(KubernetesJson.Serialize(o!)))!)));

    // JSON from the API models has no list directly inside a list and no fractional numbers; null members are left out
    // by the serializer, a null list item is written as the token null.
    private static WireNode ToWire(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var map = new WireMap();
                foreach (var (key, value) in o)
                {
                    if (value is not null)
                    {
                        map.Add(key, ToWire(value));
                    }
                }

                return map;
            case JsonArray a:
                var list = new WireList();
                foreach (var item in a)
                {
                    list.Add(ToWire(item));
                }

                return list;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return WireScalar.Text(v.GetValue<string>());
            case JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return WireScalar.Boolean(v.GetValue<bool>());
            case null:
                return WireScalar.Token("null");
            default:
                return WireScalar.Token(node.ToJsonString());
        }
    }

    /// <summary>
    /// Writes JSON objects as block YAML. Every string is double-quoted with JSON escapes (valid YAML), so no value
    /// changes type on the way back ("80" stays a string, "true" too) and no control character reaches the file.
    /// </summary>
    public static string JsonToYaml(IEnumerable<JsonObject> objects)
    {
        var sb = new StringBuilder();
        foreach (var o in objects)
        {
            if (sb.Length > 0)
            {
                sb.Append("---\n");
            }

            foreach (var line in Lines(o))
            {
                sb.Append(line).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static void AddTier(List<SnapshotFile> files, string name, IReadOnlyList<JsonObject> objects, string kind)
    {
        var ofKind = objects.Where(o => TierReader.Kind(o) == kind).ToList();
        if (ofKind.Count > 0)
        {
            files.Add(new SnapshotFile(name, "# Written by 'palisade cluster snapshot'; read it with any palisade command.\n" + JsonToYaml(ofKind)));
        }
    }

    // The lines of one node at indentation 0; callers indent them.
    private static List<string> Lines(JsonNode? node)
    {
        var lines = new List<string>();
        switch (node)
        {
            case JsonObject o when o.Count > 0:
                foreach (var (key, value) in o)
                {
                    var k = PlainKey().IsMatch(key) ? key : Quoted(key);
                    if (IsInline(value))
                    {
                        lines.Add($"{k}: {Scalar(value)}");
                    }
                    else
                    {
                        lines.Add($"{k}:");
                        lines.AddRange(Lines(value).Select(l => "  " + l));
                    }
                }

                break;
            case JsonArray a when a.Count > 0:
                foreach (var item in a)
                {
                    if (IsInline(item))
                    {
                        lines.Add($"- {Scalar(item)}");
                    }
                    else
                    {
                        var inner = Lines(item);
                        lines.Add("- " + inner[0]);
                        lines.AddRange(inner.Skip(1).Select(l => "  " + l));
                    }
                }

                break;
            default:
                lines.Add(Scalar(node));
                break;
        }

        return lines;
    }

    private static bool IsInline(JsonNode? node) => node is not (JsonObject { Count: > 0 } or JsonArray { Count: > 0 });

    private static string Scalar(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Quoted(v.GetValue<string>()),
        _ => node.ToJsonString(),
    };

    private static string Quoted(string text) => JsonValue.Create(text).ToJsonString();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_./-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainKey();

    private static void Add<T>(List<SnapshotFile> files, string name, IReadOnlyList<T> objects)
    {
        if (objects.Count > 0)
        {
            files.Add(new SnapshotFile(name, "# Written by 'palisade cluster snapshot'; read it with any palisade command.\n" + ToYaml(objects)));
        }
    }
}
