using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Palisade.Diagnostics;
using Palisade.Manifests;
using Palisade.Manifests.Wire;
using Palisade.Model;
using Palisade.Rendering;

namespace Palisade.Cluster.Apply;

/// <summary>
/// Turns rendered objects into a <see cref="DesiredState"/>: YAML or JSON files are read by the strict manifest loader
/// into the model, and what is sent is the model written back by the one wire writer (<see cref="KubernetesObjects"/>),
/// so <c>cluster apply -f</c> sends exactly what the strict loader read: a typo is an error, a <c>null</c> is the zero
/// value the API server would decode it as, and nothing the loader did not understand reaches the cluster.
/// </summary>
public static class DesiredStateReader
{
    /// <summary>
    /// Reads one YAML or JSON stream. Every loader diagnostic is returned; objects other than NetworkPolicies, the
    /// cluster-wide policy kinds and Namespaces are PAL190 errors located at their object.
    /// </summary>
    public static Diagnosed<DesiredState> Read(string text, string file, bool strict = false)
    {
        var loaded = ManifestLoader.LoadText(text, file, new LoadOptions { Strict = strict });
        var diagnostics = loaded.Diagnostics.ToList();
        var s = loaded.Snapshot;
        var others = s.Workloads.Select(w => (w.Kind, w.Ref.ToString(), w.Location))
            .Concat(s.Pods.Where(p => !p.FromTemplate).Select(p => ("Pod", p.Ref.ToString(), p.Location)))
            .Concat(s.Services.Select(x => ("Service", x.Ref.ToString(), x.Location)))
            .Concat(s.Nodes.Select(n => ("Node", n.Name, n.Location)))
            .Concat(loaded.Skipped.Select(k => (k.Kind, k.Name, k.Location)))
            .OrderBy(o => o.Location.File, StringComparer.Ordinal).ThenBy(o => o.Location.Line);
        foreach (var (kind, name, location) in others)
        {
            diagnostics.Add(NotApplied(location, kind, name));
        }

        return new Diagnosed<DesiredState>(Of(s.Policies, s.AdminPolicies, s.Namespaces.Where(n => n.Declared)), diagnostics);
    }

    /// <summary>The desired state of a rendered profile: its NetworkPolicies, guardrails (cluster-wide policies) and namespace labels.</summary>
    public static Diagnosed<DesiredState> Read(RenderedIsolation rendered)
    {
        var namespaces = rendered.NamespaceLabels.GroupBy(l => l.Namespace, StringComparer.Ordinal)
            .Select(g => Namespace.Create(g.Key, Labels.From(g.Select(l => new KeyValuePair<string, string>(l.Key, l.Value))), declared: true));
        return new Diagnosed<DesiredState>(Of(rendered.Policies, rendered.AdminPolicies, namespaces), []);
    }

    private static DesiredState Of(IEnumerable<NetworkPolicy> policies, IEnumerable<AdminPolicy> tierPolicies, IEnumerable<Namespace> namespaces)
    {
        // The wire writer's JSON is what KubernetesClient deserializes: one writer, no second mapping to keep in step.
        var sent = policies.Select(p => KubernetesJson.Deserialize<V1NetworkPolicy>(WireJson.ToJson(KubernetesObjects.NetworkPolicy(p)))).ToList();

        // The API server sets kubernetes.io/metadata.name itself; only the other labels are Palisade's to set.
        var labels = namespaces.Select(n => new NamespaceLabels(
            n.Name,
            n.Labels.Pairs.Where(l => !(l.Key == Namespace.NameLabel && l.Value == n.Name)).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal))).ToList();
        var tiers = tierPolicies.Select(a => new TierPolicyObject(
            a.Kind.ToString(),
            a.Kind == AdminPolicyKind.ClusterNetworkPolicy ? "v1alpha2" : "v1alpha1",
            Plural(a.Kind),
            a.Name,
            (JsonObject)JsonNode.Parse(WireJson.ToJson(KubernetesObjects.AdminPolicy(a)))!)).ToList();
        return new DesiredState(sent, labels) { TierPolicies = tiers };
    }

    private static string Plural(AdminPolicyKind kind) => kind switch
    {
        AdminPolicyKind.AdminNetworkPolicy => "adminnetworkpolicies",
        AdminPolicyKind.BaselineAdminNetworkPolicy => "baselineadminnetworkpolicies",
        _ => "clusternetworkpolicies",
    };

    private static Diagnostic NotApplied(SourceLocation location, string kind, string name) =>
        DiagnosticCatalog.ApplyKind.Create(location, $"cluster apply does not take {kind} {name}",
            "pass only NetworkPolicy (networking.k8s.io/v1), AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1), ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2) and Namespace (v1) objects, as 'palisade render' writes");
}
