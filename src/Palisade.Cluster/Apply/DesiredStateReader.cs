using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Palisade.Diagnostics;
using Palisade.Manifests;
using Palisade.Model;

namespace Palisade.Cluster.Apply;

/// <summary>
/// Reads rendered YAML (NetworkPolicies, the cluster-wide AdminNetworkPolicy, BaselineAdminNetworkPolicy and
/// ClusterNetworkPolicy, and Namespaces whose labels are to be set) into a <see cref="DesiredState"/>.
/// Callers validate the files with the strict manifest loader first; this picks the objects apart from the same
/// reading (<see cref="ApiServerJson"/>), then writes the nulls the API server would decode as empty values as those
/// values, so what is sent is what the strict loader read.
/// </summary>
public static class DesiredStateReader
{
    /// <summary>Parses one YAML or JSON stream; other kinds are PAL190 errors located at their document.</summary>
    public static Diagnosed<DesiredState> Read(string text, string file)
    {
        var diagnostics = new List<Diagnostic>();
        var policies = new List<V1NetworkPolicy>();
        var labels = new List<NamespaceLabels>();
        var tiers = new List<TierPolicyObject>();
        var read = new List<Diagnostic>();
        var documents = ApiServerJson.Documents(text, file, read);
        diagnostics.AddRange(read.Where(d => d.Severity == Severity.Error));
        foreach (var document in documents)
        {
            var root = JsonNode.Parse(document.Json) as JsonObject;
            var kind = (root?["apiVersion"] as JsonValue)?.ToString() + "/" + (root?["kind"] as JsonValue)?.ToString();
            try
            {
                switch (kind)
                {
                    case "networking.k8s.io/v1/NetworkPolicy":
                        policies.Add(Normalise(KubernetesJson.Deserialize<V1NetworkPolicy>(document.Json)));
                        break;
                    case "v1/Namespace" when KubernetesJson.Deserialize<V1Namespace>(document.Json) is { Metadata.Name: { } name } n:
                        labels.Add(new NamespaceLabels(name, Labels(n.Metadata.Labels) ?? new Dictionary<string, string>(StringComparer.Ordinal)));
                        break;
                    case "policy.networking.k8s.io/v1alpha1/AdminNetworkPolicy":
                    case "policy.networking.k8s.io/v1alpha1/BaselineAdminNetworkPolicy":
                    case "policy.networking.k8s.io/v1alpha2/ClusterNetworkPolicy":
                        var tierKind = kind[(kind.LastIndexOf('/') + 1)..];
                        var version = kind.Split('/')[1];
                        tiers.Add(new TierPolicyObject(tierKind, version, Plural(tierKind),
                            Snapshot.TierReader.Name(root!), root!));
                        break;
                    default:
                        diagnostics.Add(DiagnosticCatalog.ApplyKind.Create(document.Location, $"cluster apply does not take {(kind == "/" ? "a document without apiVersion and kind" : kind)}", "pass only NetworkPolicy (networking.k8s.io/v1), AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1), ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2) and Namespace (v1) objects, as 'palisade render' writes"));
                        break;
                }
            }
            catch (JsonException e)
            {
                diagnostics.Add(DiagnosticCatalog.ApplyKind.Create(document.Location, $"cluster apply cannot read this {kind} object: {e.Message}", "pass the output of 'palisade render'"));
            }
        }

        return new Diagnosed<DesiredState>(new DesiredState(policies, labels) { TierPolicies = tiers }, diagnostics);
    }

    private static string Plural(string kind) => kind switch
    {
        "AdminNetworkPolicy" => "adminnetworkpolicies",
        "BaselineAdminNetworkPolicy" => "baselineadminnetworkpolicies",
        _ => "clusternetworkpolicies",
    };

    /// <summary>
    /// The API server decodes a null list item into the item type's zero value and a null string into "": a null rule
    /// is <c>{}</c> (allow all), a null peer <c>{}</c>, a null port <c>{}</c> (the server defaults its protocol to TCP),
    /// a null label or match-expression value "". Written here as those values, not sent as nulls.
    /// </summary>
    private static V1NetworkPolicy Normalise(V1NetworkPolicy policy)
    {
        if (policy.Metadata is { } meta)
        {
            meta.Labels = Labels(meta.Labels);
            meta.Annotations = Labels(meta.Annotations);
        }

        if (policy.Spec is not { } spec)
        {
            return policy;
        }

        spec.PodSelector = Selector(spec.PodSelector);
        if (spec.Ingress is { } ingress)
        {
            spec.Ingress = [.. ingress.Select(r => r ?? new V1NetworkPolicyIngressRule()).Select(r =>
            {
                r.FromProperty = Peers(r.FromProperty);
                r.Ports = Ports(r.Ports);
                return r;
            })];
        }

        if (spec.Egress is { } egress)
        {
            spec.Egress = [.. egress.Select(r => r ?? new V1NetworkPolicyEgressRule()).Select(r =>
            {
                r.To = Peers(r.To);
                r.Ports = Ports(r.Ports);
                return r;
            })];
        }

        return policy;
    }

    private static List<V1NetworkPolicyPeer>? Peers(IList<V1NetworkPolicyPeer>? peers) =>
        peers is null ? null : [.. peers.Select(p =>
        {
            p ??= new V1NetworkPolicyPeer();
            p.PodSelector = Selector(p.PodSelector);
            p.NamespaceSelector = Selector(p.NamespaceSelector);
            if (p.IpBlock is { Except: { } except } block)
            {
                block.Except = [.. except.Select(e => e ?? string.Empty)];
            }

            return p;
        })];

    private static List<V1NetworkPolicyPort>? Ports(IList<V1NetworkPolicyPort>? ports) =>
        ports is null ? null : [.. ports.Select(p => p ?? new V1NetworkPolicyPort())];

    private static V1LabelSelector? Selector(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return null;
        }

        selector.MatchLabels = Labels(selector.MatchLabels);
        if (selector.MatchExpressions is { } expressions)
        {
            selector.MatchExpressions = [.. expressions.Select(e =>
            {
                e ??= new V1LabelSelectorRequirement();
                e.Values = e.Values is null ? null : [.. e.Values.Select(v => v ?? string.Empty)];
                return e;
            })];
        }

        return selector;
    }

    private static Dictionary<string, string>? Labels(IDictionary<string, string>? labels) =>
        labels is null ? null : labels.ToDictionary(l => l.Key, l => l.Value ?? string.Empty, StringComparer.Ordinal);
}
