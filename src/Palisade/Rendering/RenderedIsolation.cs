using Palisade.Model;

namespace Palisade.Rendering;

/// <summary>A namespace label that rendering asks to set (custom namespace-label mode).</summary>
public sealed record NamespaceLabel(string Namespace, string Key, string Value);

/// <summary>What a profile renders to: NetworkPolicies and the namespace labels they rely on.</summary>
public sealed record RenderedIsolation(IsolationProfile Profile, EquatableArray<NetworkPolicy> Policies, EquatableArray<NamespaceLabel> NamespaceLabels)
{
    /// <summary>Applies the rendered policies and labels to a snapshot, as kubectl apply would.</summary>
    public Cluster ApplyTo(Cluster cluster)
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
        return cluster.WithNamespaces(relabelled).WithPolicies(Policies);
    }
}
