using Palisade.Model;

namespace Palisade.Rendering;

/// <summary>A namespace label that rendering asks to set (custom namespace-label mode).</summary>
public sealed record NamespaceLabel(string Namespace, string Key, string Value);

/// <summary>What a profile renders to: NetworkPolicies, the namespace labels they rely on, and the guardrails' cluster-wide policies.</summary>
public sealed record RenderedIsolation(IsolationProfile Profile, EquatableArray<NetworkPolicy> Policies, EquatableArray<NamespaceLabel> NamespaceLabels)
{
    /// <summary>The cluster-wide policies of the guardrails (none unless the profile names a tier).</summary>
    public EquatableArray<AdminPolicy> AdminPolicies { get; init; } = EquatableArray<AdminPolicy>.Empty;

    /// <summary>Applies the rendered policies and labels to a snapshot, as kubectl apply would.</summary>
    public ClusterSnapshot ApplyTo(ClusterSnapshot cluster)
    {
        var relabelled = NamespaceLabels
            .GroupBy(l => l.Namespace, StringComparer.Ordinal)
            .Select(g =>
            {
                var existing = cluster.FindNamespace(g.Key);
                var labels = existing?.Labels ?? Labels.Empty;
                foreach (var l in g)
                {
                    labels = labels.With(l.Key, l.Value);
                }

                return existing is null ? Namespace.Create(g.Key, labels, declared: true) : existing with { Labels = labels };
            });
        // As kubectl apply would: a rendered policy replaces an input policy of the same namespace and name.
        var rendered = Policies.Select(p => p.Ref).ToHashSet();
        var kept = cluster.Policies.Where(p => !rendered.Contains(p.Ref));
        var relabelledCluster = cluster.WithNamespaces(relabelled);
        // A rendered cluster-wide policy replaces an input one of the same kind and name, as kubectl apply would.
        var admin = cluster.AdminPolicies.Where(a => !AdminPolicies.Any(r => r.Kind == a.Kind && r.Name == a.Name)).Concat(AdminPolicies);
        return new ClusterSnapshot(relabelledCluster.Namespaces, cluster.Pods, cluster.Workloads, cluster.Services, kept.Concat(Policies), admin, cluster.Nodes);
    }

    /// <summary>The input policies that <see cref="ApplyTo"/> replaces (same namespace and name as a rendered one).</summary>
    public IReadOnlyList<ObjectRef> Replaces(ClusterSnapshot cluster)
    {
        var rendered = Policies.Select(p => p.Ref).ToHashSet();
        return [.. cluster.Policies.Where(p => rendered.Contains(p.Ref)).Select(p => p.Ref)];
    }
}
