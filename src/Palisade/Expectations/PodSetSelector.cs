using Palisade.Model;

namespace Palisade.Expectations;

/// <summary>Which namespaces a <see cref="PodSetSelector"/> looks in: one by name, or those a label selector matches.</summary>
public abstract record SelectorNamespaces
{
    private protected SelectorNamespaces()
    {
    }

    /// <summary>True when the namespace is in scope.</summary>
    public abstract bool Contains(Namespace ns);

    /// <summary>One namespace by name (<c>namespace: N</c>).</summary>
    public sealed record Named(string Name) : SelectorNamespaces
    {
        /// <inheritdoc />
        public override bool Contains(Namespace ns) => ns.Name == Name;

        /// <inheritdoc />
        public override string ToString() => $"namespace: {Name}";
    }

    /// <summary>Every namespace whose labels match (<c>namespaceSelector: S</c>).</summary>
    public sealed record Selected(LabelSelector Selector) : SelectorNamespaces
    {
        /// <inheritdoc />
        public override bool Contains(Namespace ns) => Selector.Matches(ns.Labels);

        /// <inheritdoc />
        public override string ToString() => $"namespaceSelector: {Selector}";
    }
}

/// <summary>
/// An expectation end written as a selector: every pod of the input in the namespaces in scope whose labels match
/// <see cref="PodSelector"/>, and with <see cref="Hypothetical"/> also one pod that does not exist yet, per namespace
/// in scope, carrying the smallest label set the selector admits (<see cref="HypotheticalLabels"/>).
/// </summary>
/// <param name="Namespace">The namespaces in scope.</param>
/// <param name="PodSelector">The pods' labels; <c>{}</c> (or absent) selects every pod.</param>
/// <param name="Hypothetical">True to add a pod to come per namespace in scope.</param>
public sealed record PodSetSelector(SelectorNamespaces Namespace, LabelSelector PodSelector, bool Hypothetical)
{
    /// <summary>The name a hypothetical pod takes (no real pod can have it: names may not contain <c>(</c>).</summary>
    public const string HypotheticalName = "(hypothetical)";

    /// <summary>The pods of the input it selects, in snapshot order.</summary>
    public IEnumerable<Pod> Existing(ClusterSnapshot cluster)
    {
        var scope = cluster.Namespaces.Where(Namespace.Contains).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        return cluster.Pods.Where(p => scope.Contains(p.Namespace) && PodSelector.Matches(p.Labels));
    }

    /// <summary>
    /// The pods to come: one per namespace of the input in scope, with exactly <paramref name="labels"/> (the
    /// selector's smallest label set), no IP, no declared container port and no owner. Empty unless
    /// <see cref="Hypothetical"/>.
    /// </summary>
    public IEnumerable<Pod> HypotheticalPods(ClusterSnapshot cluster, Labels labels) => !Hypothetical ? [] :
        cluster.Namespaces.Where(Namespace.Contains).Select(n =>
            new Pod(new ObjectRef(n.Name, HypotheticalName), labels, EquatableArray<Net.IpAddr>.Empty, false, EquatableArray<ContainerPort>.Empty, null));

    /// <inheritdoc />
    public override string ToString() =>
        $"{{{Namespace}, podSelector: {PodSelector}{(Hypothetical ? ", hypothetical" : string.Empty)}}}";
}
