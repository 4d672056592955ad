using System.Text.Json;
using Palisade.Model;
using Palisade.Reports;

namespace Palisade.Generation;

/// <summary>
/// Writes a snapshot as one Kubernetes <c>v1 List</c> in JSON, the way <c>kubectl get -o json</c> writes it:
/// Namespaces, Deployments, Pods (owned through a ReplicaSet) and NetworkPolicies. The manifest loader reads it back.
/// </summary>
public static class ManifestJson
{
    /// <summary>
    /// Writes the same objects as YAML, one document per item (<c>---</c> between them). Scalars are written as JSON
    /// strings, numbers and booleans, which YAML reads unchanged.
    /// </summary>
    public static void WriteYaml(ClusterSnapshot cluster, TextWriter output)
    {
        var sw = new StringWriter();
        Write(cluster, sw);
        using var doc = JsonDocument.Parse(sw.ToString());
        var first = true;
        foreach (var item in doc.RootElement.GetProperty("items").EnumerateArray())
        {
            if (!first)
            {
                output.WriteLine("---");
            }

            first = false;
            YamlMapping(item, output, 0);
        }
    }

    /// <summary>Writes a mapping; its first key line starts with <paramref name="firstPrefix"/> ("- " inside a sequence).</summary>
    private static void YamlMapping(JsonElement obj, TextWriter output, int indent, string? firstPrefix = null)
    {
        var pad = new string(' ', indent);
        foreach (var p in obj.EnumerateObject())
        {
            output.Write(firstPrefix ?? pad);
            firstPrefix = null;
            output.Write(YamlKey(p.Name));
            output.Write(':');
            YamlValue(p.Value, output, indent);
        }
    }

    private static void YamlValue(JsonElement value, TextWriter output, int indent)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when value.EnumerateObject().Any():
                output.WriteLine();
                YamlMapping(value, output, indent + 2);
                break;
            case JsonValueKind.Array when value.GetArrayLength() > 0:
                output.WriteLine();
                var dash = new string(' ', indent) + "- ";
                foreach (var e in value.EnumerateArray())
                {
                    if (e.ValueKind == JsonValueKind.Object && e.EnumerateObject().Any())
                    {
                        YamlMapping(e, output, indent + 2, dash);
                    }
                    else
                    {
                        output.Write(dash);
                        output.WriteLine(Scalar(e));
                    }
                }

                break;
            default:
                output.Write(' ');
                output.WriteLine(Scalar(value));
                break;
        }
    }

    private static string Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "{}",
        JsonValueKind.Array => "[]",
        _ => e.GetRawText(),
    };

    private static string YamlKey(string key) =>
        key.Length > 0 && char.IsAsciiLetterOrDigit(key[0]) && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '/' or '-' or '_')
            ? key
            : "\"" + JsonEncodedText.Encode(key).ToString() + "\"";

    /// <summary>Writes the list.</summary>
    public static void Write(ClusterSnapshot cluster, TextWriter output)
    {
        using var json = new JsonOutput(output, indented: false);
        var w = json.Writer;
        w.WriteStartObject();
        w.WriteString("apiVersion", "v1");
        w.WriteString("kind", "List");
        w.WriteStartArray("items");
        foreach (var ns in cluster.Namespaces.Where(n => n.Declared))
        {
            w.WriteStartObject();
            w.WriteString("apiVersion", "v1");
            w.WriteString("kind", "Namespace");
            w.WriteStartObject("metadata");
            w.WriteString("name", ns.Name);
            Labels(w, "labels", ns.Labels);
            w.WriteEndObject();
            w.WriteEndObject();
            json.MaybeFlush();
        }

        var templates = cluster.Pods.Where(p => p.Owner is not null).GroupBy(p => p.Owner!.Value).ToDictionary(g => g.Key, g => g.First());
        foreach (var wl in cluster.Workloads)
        {
            w.WriteStartObject();
            w.WriteString("apiVersion", "apps/v1");
            w.WriteString("kind", wl.Kind);
            Metadata(w, wl.Ref, null);
            w.WriteStartObject("spec");
            w.WriteNumber("replicas", wl.Replicas);
            w.WriteStartObject("selector");
            Labels(w, "matchLabels", wl.TemplateLabels);
            w.WriteEndObject();
            w.WriteStartObject("template");
            w.WriteStartObject("metadata");
            Labels(w, "labels", wl.TemplateLabels);
            w.WriteEndObject();
            PodSpec(w, templates.TryGetValue(wl.ToWorkloadRef(), out var t) ? t : null);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            json.MaybeFlush();
        }

        var replicas = cluster.Workloads.GroupBy(x => x.ToWorkloadRef()).ToDictionary(g => g.Key, g => g.First().Replicas);

        // The ReplicaSets between Deployments and their pods, as kubectl lists them: the loader follows the chain.
        foreach (var (owner, pod) in templates.OrderBy(e => e.Key.Ref.Namespace, StringComparer.Ordinal).ThenBy(e => e.Key.Ref.Name, StringComparer.Ordinal))
        {
            if (owner.Kind != "Deployment" || pod.Labels["pod-template-hash"] is not { } hash)
            {
                continue;
            }

            w.WriteStartObject();
            w.WriteString("apiVersion", "apps/v1");
            w.WriteString("kind", "ReplicaSet");
            w.WriteStartObject("metadata");
            w.WriteString("name", $"{owner.Ref.Name}-{hash}");
            w.WriteString("namespace", owner.Ref.Namespace);
            Labels(w, "labels", pod.Labels);
            w.WriteStartArray("ownerReferences");
            w.WriteStartObject();
            w.WriteString("apiVersion", "apps/v1");
            w.WriteString("kind", "Deployment");
            w.WriteString("name", owner.Ref.Name);
            w.WriteBoolean("controller", true);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("spec");
            w.WriteNumber("replicas", replicas.TryGetValue(owner, out var n) ? n : 1);
            w.WriteStartObject("selector");
            Labels(w, "matchLabels", pod.Labels);
            w.WriteEndObject();
            w.WriteStartObject("template");
            w.WriteStartObject("metadata");
            Labels(w, "labels", pod.Labels);
            w.WriteEndObject();
            PodSpec(w, pod);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            json.MaybeFlush();
        }

        foreach (var pod in cluster.Pods)
        {
            w.WriteStartObject();
            w.WriteString("apiVersion", "v1");
            w.WriteString("kind", "Pod");
            w.WriteStartObject("metadata");
            w.WriteString("name", pod.Ref.Name);
            w.WriteString("namespace", pod.Ref.Namespace);
            Labels(w, "labels", pod.Labels);
            if (pod.Owner is { } owner)
            {
                w.WriteStartArray("ownerReferences");
                w.WriteStartObject();
                var hash = pod.Labels["pod-template-hash"];
                var viaReplicaSet = owner.Kind == "Deployment" && hash is not null;
                w.WriteString("apiVersion", "apps/v1");
                w.WriteString("kind", viaReplicaSet ? "ReplicaSet" : owner.Kind);
                w.WriteString("name", viaReplicaSet ? $"{owner.Ref.Name}-{hash}" : owner.Ref.Name);
                w.WriteBoolean("controller", true);
                w.WriteEndObject();
                w.WriteEndArray();
            }

            w.WriteEndObject();
            PodSpec(w, pod);
            w.WriteStartObject("status");
            if (pod.Ips.Count > 0)
            {
                w.WriteString("podIP", pod.Ips[0].ToString());
                w.WriteStartArray("podIPs");
                foreach (var ip in pod.Ips)
                {
                    w.WriteStartObject();
                    w.WriteString("ip", ip.ToString());
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteEndObject();
            json.MaybeFlush();
        }

        foreach (var p in cluster.Policies)
        {
            Policy(w, p);
            json.MaybeFlush();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Metadata(Utf8JsonWriter w, ObjectRef reference, Labels? labels)
    {
        w.WriteStartObject("metadata");
        w.WriteString("name", reference.Name);
        w.WriteString("namespace", reference.Namespace);
        if (labels is not null)
        {
            Labels(w, "labels", labels);
        }

        w.WriteEndObject();
    }

    private static void PodSpec(Utf8JsonWriter w, Pod? pod)
    {
        w.WriteStartObject("spec");
        if (pod?.HostNetwork == true)
        {
            w.WriteBoolean("hostNetwork", true);
        }

        w.WriteStartArray("containers");
        w.WriteStartObject();
        w.WriteString("name", "main");
        w.WriteString("image", "registry.example/app:1");
        if (pod is not null && pod.Ports.Count > 0)
        {
            w.WriteStartArray("ports");
            foreach (var port in pod.Ports)
            {
                w.WriteStartObject();
                if (port.Name is not null)
                {
                    w.WriteString("name", port.Name);
                }

                w.WriteNumber("containerPort", port.Number);
                w.WriteString("protocol", port.Protocol.ToString());
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Policy(Utf8JsonWriter w, NetworkPolicy p)
    {
        w.WriteStartObject();
        w.WriteString("apiVersion", "networking.k8s.io/v1");
        w.WriteString("kind", "NetworkPolicy");
        Metadata(w, p.Ref, null);
        w.WriteStartObject("spec");
        w.WritePropertyName("podSelector");
        Selector(w, p.PodSelector);
        w.WriteStartArray("policyTypes");
        if ((p.PolicyTypes & PolicyTypes.Ingress) != 0)
        {
            w.WriteStringValue("Ingress");
        }

        if ((p.PolicyTypes & PolicyTypes.Egress) != 0)
        {
            w.WriteStringValue("Egress");
        }

        w.WriteEndArray();
        Rules(w, "ingress", "from", p.Ingress);
        Rules(w, "egress", "to", p.Egress);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Rules(Utf8JsonWriter w, string name, string peersName, EquatableArray<PolicyRule> rules)
    {
        if (rules.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var rule in rules)
        {
            w.WriteStartObject();
            if (rule.Peers is Peers peers)
            {
                w.WriteStartArray(peersName);
                foreach (var peer in peers.Items)
                {
                    w.WriteStartObject();
                    switch (peer)
                    {
                        case PodPeer pp:
                            if (pp.HasPodSelector || pp.Namespaces is PolicyNamespace)
                            {
                                w.WritePropertyName("podSelector");
                                Selector(w, pp.PodSelector);
                            }

                            if (pp.Namespaces is SelectedNamespaces sn)
                            {
                                w.WritePropertyName("namespaceSelector");
                                Selector(w, sn.Selector);
                            }

                            break;
                        case IpBlockPeer block:
                            w.WriteStartObject("ipBlock");
                            w.WriteString("cidr", block.Cidr.ToString());
                            if (block.Except.Count > 0)
                            {
                                w.WriteStartArray("except");
                                foreach (var e in block.Except)
                                {
                                    w.WriteStringValue(e.ToString());
                                }

                                w.WriteEndArray();
                            }

                            w.WriteEndObject();
                            break;
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            if (rule.Ports is Ports ports)
            {
                w.WriteStartArray("ports");
                foreach (var port in ports.Items)
                {
                    w.WriteStartObject();
                    w.WriteString("protocol", port.Protocol.ToString());
                    switch (port.Port)
                    {
                        case PortNumberRange r:
                            w.WriteNumber("port", r.Port);
                            if (r.EndPort != r.Port)
                            {
                                w.WriteNumber("endPort", r.EndPort);
                            }

                            break;
                        case NamedPort n:
                            w.WriteString("port", n.Name);
                            break;
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Selector(Utf8JsonWriter w, LabelSelector selector)
    {
        w.WriteStartObject();
        var exprs = selector.Requirements.Where(r => !(r.Operator == SelectorOperator.In && r.Values.Count == 1)).ToList();
        var labels = selector.Requirements.Where(r => r.Operator == SelectorOperator.In && r.Values.Count == 1).ToList();
        if (labels.Count > 0)
        {
            w.WriteStartObject("matchLabels");
            foreach (var r in labels)
            {
                w.WriteString(r.Key, r.Values[0]);
            }

            w.WriteEndObject();
        }

        if (exprs.Count > 0)
        {
            w.WriteStartArray("matchExpressions");
            foreach (var r in exprs)
            {
                w.WriteStartObject();
                w.WriteString("key", r.Key);
                w.WriteString("operator", r.Operator.ToString());
                if (r.Values.Count > 0)
                {
                    w.WriteStartArray("values");
                    foreach (var v in r.Values)
                    {
                        w.WriteStringValue(v);
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void Labels(Utf8JsonWriter w, string name, Labels labels)
    {
        if (labels.Count == 0)
        {
            return;
        }

        w.WriteStartObject(name);
        foreach (var (k, v) in labels.Pairs)
        {
            w.WriteString(k, v);
        }

        w.WriteEndObject();
    }
}
