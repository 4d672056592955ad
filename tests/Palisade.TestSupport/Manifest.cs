namespace Palisade.TestSupport;

/// <summary>
/// Kubernetes manifests as YAML text, one builder a kind, so that a test states only what its case is about.
/// Selectors, peers and rules are flow YAML; a document's layout is fixed (apiVersion, kind, metadata, spec, then the
/// spec's fields in the order below), so the line numbers diagnostics point at are stable: in a cluster-wide policy
/// the first rule of its only direction is on line 8 (9 in a ClusterNetworkPolicy, which has a tier line).
/// </summary>
public static class Manifest
{
    /// <summary>Namespaces matched by a cluster-wide policy: every one.</summary>
    public const string AllNamespaces = "{namespaces: {}}";

    /// <summary>Documents as one YAML stream.</summary>
    public static string Join(params IEnumerable<string> documents) => string.Join("\n---\n", documents);

    /// <summary>A Namespace with <paramref name="labels"/> (a flow YAML map).</summary>
    public static string Namespace(string name, string labels = "{}") => $"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {name}, labels: {labels}}}";

    /// <summary>A Pod <paramref name="reference"/> (namespace/name) with the given <c>spec</c> and <c>status</c> (flow YAML), where given.</summary>
    public static string Pod(string reference, string? spec = null, string? status = null)
    {
        var (ns, name) = Split(reference);
        return $"apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}, namespace: {ns}}}"
            + (spec is null ? string.Empty : $"\nspec: {spec}") + (status is null ? string.Empty : $"\nstatus: {status}");
    }

    /// <summary>A Deployment <paramref name="reference"/> (namespace/name) selecting and labelling its pods with <paramref name="labels"/>; <paramref name="templateLabels"/> when they differ.</summary>
    public static string Deployment(string reference, string labels, string? templateLabels = null)
    {
        var (ns, name) = Split(reference);
        return $"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  selector: {{matchLabels: {labels}}}\n"
            + $"  template:\n    metadata: {{labels: {templateLabels ?? labels}}}\n    spec: {{containers: [{{name: c}}]}}";
    }

    /// <summary>A <c>kind: List</c> of <paramref name="items"/> (documents as the builders write them).</summary>
    public static string List(params IEnumerable<string> items) =>
        "apiVersion: v1\nkind: List\nitems:" + string.Concat(items.Select(item => "\n- " + item.ReplaceLineEndings("\n  ")));

    /// <summary>A namespace subject or peer selecting by <paramref name="matchLabels"/> (flow YAML map entries, e.g. <c>team: a</c>).</summary>
    public static string Namespaces(string matchLabels) => "{namespaces: {matchLabels: {" + matchLabels + "}}}";

    /// <summary>An ingress rule of a cluster-wide policy: <paramref name="action"/> from <paramref name="peers"/>, then <paramref name="more"/> fields (e.g. <c>ports: [...]</c>).</summary>
    public static string From(string action, string peers, string? more = null, string? name = null) => Rule(name, action, "from", peers, more);

    /// <summary>An egress rule of a cluster-wide policy: <paramref name="action"/> to <paramref name="peers"/>, then <paramref name="more"/> fields.</summary>
    public static string To(string action, string peers, string? more = null, string? name = null) => Rule(name, action, "to", peers, more);

    /// <summary>An AdminNetworkPolicy (v1alpha1).</summary>
    public static string AdminNetworkPolicy(string name, int priority, string subject, IEnumerable<string>? ingress = null, IEnumerable<string>? egress = null) =>
        ClusterWide("v1alpha1", "AdminNetworkPolicy", name, [$"priority: {priority}"], subject, ingress, egress);

    /// <summary>A BaselineAdminNetworkPolicy (v1alpha1), named <c>default</c> unless said otherwise.</summary>
    public static string BaselineAdminNetworkPolicy(string subject, IEnumerable<string>? ingress = null, IEnumerable<string>? egress = null, string name = "default") =>
        ClusterWide("v1alpha1", "BaselineAdminNetworkPolicy", name, [], subject, ingress, egress);

    /// <summary>A ClusterNetworkPolicy (v1alpha2) in <paramref name="tier"/> (Admin or Baseline).</summary>
    public static string ClusterNetworkPolicy(string name, string tier, int priority, string subject, IEnumerable<string>? ingress = null, IEnumerable<string>? egress = null) =>
        ClusterWide("v1alpha2", "ClusterNetworkPolicy", name, [$"tier: {tier}", $"priority: {priority}"], subject, ingress, egress);

    /// <summary>A NetworkPolicy; <paramref name="spec"/> holds the spec's fields after <c>podSelector</c>, one a line, unindented.</summary>
    public static string NetworkPolicy(string reference, string podSelector, params IEnumerable<string> spec)
    {
        var (ns, name) = Split(reference);
        return $"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  podSelector: {podSelector}"
            + string.Concat(spec.Select(line => "\n  " + line));
    }

    private static string Rule(string? name, string action, string peerField, string peers, string? more) =>
        "{" + (name is null ? string.Empty : $"name: {name}, ") + $"action: {action}, {peerField}: [{peers}]" + (more is null ? string.Empty : ", " + more) + "}";

    private static string ClusterWide(string version, string kind, string name, string[] head, string subject, IEnumerable<string>? ingress, IEnumerable<string>? egress)
    {
        IEnumerable<string> lines =
        [
            $"apiVersion: policy.networking.k8s.io/{version}",
            $"kind: {kind}",
            $"metadata: {{name: {name}}}",
            "spec:",
            .. head.Select(h => "  " + h),
            $"  subject: {subject}",
            .. Direction("ingress", ingress),
            .. Direction("egress", egress),
        ];
        return string.Join("\n", lines);
    }

    private static IEnumerable<string> Direction(string field, IEnumerable<string>? rules) =>
        rules is null ? [] : [$"  {field}:", .. rules.Select(r => "  - " + r)];

    private static (string Namespace, string Name) Split(string reference)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        return (reference[..slash], reference[(slash + 1)..]);
    }
}
