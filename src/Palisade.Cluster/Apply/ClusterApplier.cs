using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Palisade.Cluster.Connection;

namespace Palisade.Cluster.Apply;

/// <summary>
/// Server-side apply of Palisade's objects under the <c>palisade</c> field manager. A NetworkPolicy or a cluster-wide
/// policy (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy) is Palisade's when it carries
/// <c>app.kubernetes.io/managed-by: palisade</c> (or does not exist yet); only those are applied with <c>force</c>. Namespaces are never Palisade's: their labels are applied without force, so a label owned
/// by another manager with another value is a conflict, not an overwrite. Nothing is ever deleted.
/// </summary>
public static class ClusterApplier
{
    /// <summary>The field manager name.</summary>
    public const string FieldManager = "palisade";

    /// <summary>The label that marks Palisade's objects.</summary>
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    /// <summary>Reads the current objects and works out what would change.</summary>
    public static async Task<ApplyPlan> PlanAsync(ClusterConnection connection, DesiredState desired, CancellationToken cancellationToken = default)
    {
        var k = connection.Client;
        var changes = new List<PlannedChange>();
        var bodies = new Dictionary<(string Kind, string Name), object>();

        foreach (var policy in desired.Policies.OrderBy(p => p.Metadata.NamespaceProperty, StringComparer.Ordinal).ThenBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            var ns = policy.Metadata.NamespaceProperty ?? "default";
            var name = policy.Metadata.Name;
            var body = Owned(policy, ns);
            var current = await GetOrNull(connection, new ApiCall("get", "networkpolicies.networking.k8s.io", ns), () => k.NetworkingV1.ReadNamespacedNetworkPolicyAsync(name, ns, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var id = $"{ns}/{name}";
            PlannedChange change;
            if (current is null)
            {
                change = new PlannedChange("NetworkPolicy", id, ChangeKind.Create, []);
            }
            else if (current.Metadata?.Labels?.TryGetValue(ManagedByLabel, out var manager) != true || manager != FieldManager)
            {
                var by = current.Metadata?.Labels?.TryGetValue(ManagedByLabel, out var m) == true ? $"{ManagedByLabel}={m}" : $"no {ManagedByLabel} label";
                change = new PlannedChange("NetworkPolicy", id, ChangeKind.NotOwned, [$"exists and is not managed by palisade ({by}); left unchanged"]);
            }
            else
            {
                var details = new List<string>();
                if (KubernetesJson.Serialize(current.Spec) != KubernetesJson.Serialize(body.Spec))
                {
                    details.Add("spec changes");
                }

                details.AddRange(MapDiff("label", current.Metadata?.Labels, body.Metadata.Labels));
                details.AddRange(MapDiff("annotation", current.Metadata?.Annotations, body.Metadata.Annotations));
                change = new PlannedChange("NetworkPolicy", id, details.Count == 0 ? ChangeKind.Unchanged : ChangeKind.Update, details);
            }

            changes.Add(change);
            bodies[("NetworkPolicy", id)] = body;
        }

        foreach (var tier in desired.TierPolicies.OrderBy(t => t.Kind, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal))
        {
            var body = OwnedTier(tier);
            var current = await GetOrNull(connection, new ApiCall("get", $"{tier.Plural}.{TierGroup}"), async () =>
                JsonNode.Parse(((JsonElement)await k.CustomObjects.GetClusterCustomObjectAsync<object>(TierGroup, tier.Version, tier.Plural, tier.Name, cancellationToken).ConfigureAwait(false)).GetRawText())!.AsObject())
                .ConfigureAwait(false);
            PlannedChange change;
            var currentLabels = current?["metadata"]?["labels"] as JsonObject;
            var manager = currentLabels?[ManagedByLabel] is JsonValue v && v.TryGetValue<string>(out var m) ? m : null;
            if (current is null)
            {
                change = new PlannedChange(tier.Kind, tier.Name, ChangeKind.Create, []);
            }
            else if (manager != FieldManager)
            {
                var by = manager is null ? $"no {ManagedByLabel} label" : $"{ManagedByLabel}={manager}";
                change = new PlannedChange(tier.Kind, tier.Name, ChangeKind.NotOwned, [$"exists and is not managed by palisade ({by}); left unchanged"]);
            }
            else
            {
                var details = new List<string>();
                if (!JsonNode.DeepEquals(current["spec"], body["spec"]))
                {
                    details.Add("spec changes");
                }

                details.AddRange(MapDiff("label", Strings(currentLabels), Strings(body["metadata"]?["labels"] as JsonObject)));
                details.AddRange(MapDiff("annotation", Strings(current["metadata"]?["annotations"] as JsonObject), Strings(body["metadata"]?["annotations"] as JsonObject)));
                change = new PlannedChange(tier.Kind, tier.Name, details.Count == 0 ? ChangeKind.Unchanged : ChangeKind.Update, details);
            }

            changes.Add(change);
            bodies[(tier.Kind, tier.Name)] = new TierBody(tier, body);
        }

        foreach (var group in desired.NamespaceLabels.GroupBy(n => n.Namespace, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var wanted = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in group.SelectMany(g => g.Labels))
            {
                wanted[key] = value;
            }

            var current = await GetOrNull(connection, new ApiCall("get", "namespaces"), () => k.CoreV1.ReadNamespaceAsync(group.Key, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (current is null)
            {
                changes.Add(new PlannedChange("Namespace", group.Key, ChangeKind.Missing, ["does not exist; palisade does not create namespaces"]));
                continue;
            }

            var details = MapDiff("label", current.Metadata?.Labels, wanted).ToList();
            changes.Add(new PlannedChange("Namespace", group.Key, details.Count == 0 ? ChangeKind.Unchanged : ChangeKind.Update, details));
            bodies[("Namespace", group.Key)] = new V1Namespace
            {
                ApiVersion = "v1",
                Kind = "Namespace",
                Metadata = new V1ObjectMeta { Name = group.Key, Labels = new Dictionary<string, string>(wanted, StringComparer.Ordinal) },
            };
        }

        return new ApplyPlan([.. changes.OrderBy(c => c.Kind, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal)]) { Bodies = bodies };
    }

    /// <summary>
    /// Sends every create/update of the plan with server-side apply; with <paramref name="dryRun"/> the server
    /// validates and answers (<c>dryRun=All</c>) but stores nothing. Unchanged and skipped objects are not sent.
    /// </summary>
    public static async Task ApplyAsync(ClusterConnection connection, ApplyPlan plan, bool dryRun, CancellationToken cancellationToken = default)
    {
        var k = connection.Client;
        var dry = dryRun ? "All" : null;
        foreach (var change in plan.Changes.Where(c => c.WillApply))
        {
            var body = plan.Bodies[(change.Kind, change.Name)];
            if (body is V1NetworkPolicy p)
            {
                var ns = p.Metadata.NamespaceProperty;
                var patch = ApplyPatch(KubernetesJson.Serialize(p));
                await new ApiCall("patch", "networkpolicies.networking.k8s.io", ns).RunAsync(connection, () =>
                    k.NetworkingV1.PatchNamespacedNetworkPolicyAsync(patch, p.Metadata.Name, ns, dryRun: dry, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            else if (body is TierBody t)
            {
                // Palisade's (or new), like its NetworkPolicies: applied with force.
                var tierPatch = ApplyPatch(t.Body.ToJsonString());
                await new ApiCall("patch", $"{t.Object.Plural}.{TierGroup}").RunAsync(connection, () =>
                    k.CustomObjects.PatchClusterCustomObjectAsync(tierPatch, TierGroup, t.Object.Version, t.Object.Plural, t.Object.Name,
                        dryRun: dry, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            else if (body is V1Namespace n)
            {
                // Not Palisade's object: no force, so another manager's label is a conflict (PAL448), never overwritten.
                var patch = ApplyPatch(KubernetesJson.Serialize(n));
                await new ApiCall("patch", "namespaces").RunAsync(connection, () =>
                    k.CoreV1.PatchNamespaceAsync(patch, n.Metadata.Name, dryRun: dry, fieldManager: FieldManager, force: false, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
        }
    }

    private const string TierGroup = "policy.networking.k8s.io";

    // KubernetesClient.Aot sends only patches given as JSON text (its serializer has no metadata for object).
    private static V1Patch ApplyPatch(string json) => new(json, V1Patch.PatchType.ApplyPatch);

    /// <summary>A cluster-wide policy to send, with the object it came from.</summary>
    private sealed record TierBody(TierPolicyObject Object, JsonObject Body);

    /// <summary>The tier object as sent: its apiVersion, kind, name, labels (with the managed-by label), annotations and spec.</summary>
    private static JsonObject OwnedTier(TierPolicyObject tier)
    {
        var labels = new SortedDictionary<string, string>(Strings(tier.Body["metadata"]?["labels"] as JsonObject) ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [ManagedByLabel] = FieldManager,
        };
        var metadata = new JsonObject
        {
            ["name"] = tier.Name,
            ["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)JsonValue.Create(l.Value)))),
        };
        if (Strings(tier.Body["metadata"]?["annotations"] as JsonObject) is { Count: > 0 } annotations)
        {
            metadata["annotations"] = new JsonObject(annotations.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => KeyValuePair.Create(a.Key, (JsonNode?)JsonValue.Create(a.Value))));
        }

        return new JsonObject
        {
            ["apiVersion"] = $"{TierGroup}/{tier.Version}",
            ["kind"] = tier.Kind,
            ["metadata"] = metadata,
            ["spec"] = tier.Body["spec"]?.DeepClone(),
        };
    }

    private static Dictionary<string, string>? Strings(JsonObject? map) =>
        map?.ToDictionary(p => p.Key, p => p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty, StringComparer.Ordinal);

    private static V1NetworkPolicy Owned(V1NetworkPolicy policy, string ns)
    {
        var labels = new SortedDictionary<string, string>(policy.Metadata?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [ManagedByLabel] = FieldManager,
        };
        return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = new V1ObjectMeta
            {
                Name = policy.Metadata!.Name,
                NamespaceProperty = ns,
                Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal),
                Annotations = policy.Metadata.Annotations is { Count: > 0 } a ? new Dictionary<string, string>(a.OrderBy(x => x.Key, StringComparer.Ordinal), StringComparer.Ordinal) : null,
            },
            Spec = policy.Spec,
        };
    }

    private static IEnumerable<string> MapDiff(string what, IDictionary<string, string>? current, IDictionary<string, string>? wanted)
    {
        foreach (var (key, value) in (wanted ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (current is null || !current.TryGetValue(key, out var old))
            {
                yield return $"{what} +{key}={value}";
            }
            else if (old != value)
            {
                yield return $"{what} {key}: {old} -> {value}";
            }
        }
    }

    private static async Task<T?> GetOrNull<T>(ClusterConnection connection, ApiCall call, Func<Task<T>> get)
        where T : class
    {
        try
        {
            return await call.RunAsync(connection, get).ConfigureAwait(false);
        }
        catch (PalisadeException e) when (e.InnerException is HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound })
        {
            return null;
        }
    }
}
