using System.Text.Json.Nodes;
using k8s.Models;

namespace Palisade.Cluster.Snapshot;

/// <summary>
/// Keeps only the fields Palisade reads, so that a snapshot is small, stable across reads of an unchanged cluster
/// (no resourceVersion, uid, managedFields, timestamps or conditions) and free of secrets (no env, no volumes,
/// no annotations but the policy's own). Labels are sorted by key.
/// </summary>
public static class SnapshotTrim
{
    /// <summary>Trims every object.</summary>
    public static ClusterObjects Trim(ClusterObjects o) => new(
        [.. o.Namespaces.Select(Namespace)],
        [.. o.Pods.Select(Pod)],
        [.. o.Deployments.Select(d => new V1Deployment
        {
            ApiVersion = "apps/v1", Kind = "Deployment", Metadata = Meta(d.Metadata),
            Spec = new V1DeploymentSpec { Replicas = d.Spec?.Replicas, Selector = Selector(d.Spec?.Selector), Template = Template(d.Spec?.Template) },
        })],
        [.. o.StatefulSets.Select(d => new V1StatefulSet
        {
            ApiVersion = "apps/v1", Kind = "StatefulSet", Metadata = Meta(d.Metadata),
            Spec = new V1StatefulSetSpec { Replicas = d.Spec?.Replicas, Selector = Selector(d.Spec?.Selector), Template = Template(d.Spec?.Template) },
        })],
        [.. o.DaemonSets.Select(d => new V1DaemonSet
        {
            ApiVersion = "apps/v1", Kind = "DaemonSet", Metadata = Meta(d.Metadata),
            Spec = new V1DaemonSetSpec { Selector = Selector(d.Spec?.Selector), Template = Template(d.Spec?.Template) },
        })],
        [.. o.ReplicaSets.Select(d => new V1ReplicaSet
        {
            ApiVersion = "apps/v1", Kind = "ReplicaSet", Metadata = Meta(d.Metadata),
            Spec = new V1ReplicaSetSpec { Replicas = d.Spec?.Replicas, Selector = Selector(d.Spec?.Selector), Template = Template(d.Spec?.Template) },
        })],
        [.. o.Jobs.Select(d => new V1Job
        {
            ApiVersion = "batch/v1", Kind = "Job", Metadata = Meta(d.Metadata),
            Spec = new V1JobSpec { Parallelism = d.Spec?.Parallelism, Template = Template(d.Spec?.Template) },
        })],
        [.. o.CronJobs.Select(d => new V1CronJob
        {
            ApiVersion = "batch/v1", Kind = "CronJob", Metadata = Meta(d.Metadata),
            Spec = new V1CronJobSpec
            {
                Schedule = d.Spec?.Schedule,
                JobTemplate = new V1JobTemplateSpec { Spec = new V1JobSpec { Template = Template(d.Spec?.JobTemplate?.Spec?.Template) } },
            },
        })],
        [.. o.Services.Select(Service)],
        [.. o.NetworkPolicies.Select(Policy)],
        [.. o.Nodes.Select(n => new V1Node
        {
            ApiVersion = "v1", Kind = "Node", Metadata = new V1ObjectMeta { Name = n.Metadata?.Name, Labels = Sorted(n.Metadata?.Labels) },
            Status = n.Status?.Addresses is { Count: > 0 } addresses
                ? new V1NodeStatus { Addresses = [.. addresses.Select(a => new V1NodeAddress { Type = a.Type, Address = a.Address })] }
                : null,
        })],
        [.. o.TierPolicies.Select(TierPolicy)],
        o.NotServed);

    // A cluster-wide policy keeps its apiVersion, kind, name, labels and spec; the status and volatile metadata go.
    private static JsonObject TierPolicy(JsonObject p)
    {
        var meta = new JsonObject { ["name"] = TierReader.Name(p) };
        if (p["metadata"]?["labels"] is JsonObject labels && labels.Count > 0)
        {
            meta["labels"] = new JsonObject([.. labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => KeyValuePair.Create(l.Key, l.Value?.DeepClone()))]);
        }

        var trimmed = new JsonObject { ["apiVersion"] = p["apiVersion"]?.DeepClone(), ["kind"] = p["kind"]?.DeepClone(), ["metadata"] = meta };
        if (p["spec"] is { } spec)
        {
            trimmed["spec"] = spec.DeepClone();
        }

        return trimmed;
    }

    private static V1Namespace Namespace(V1Namespace n) => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        Metadata = new V1ObjectMeta { Name = n.Metadata?.Name, Labels = Sorted(n.Metadata?.Labels) },
    };

    private static V1Pod Pod(V1Pod p) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = Meta(p.Metadata),
        Spec = PodSpec(p.Spec),
        Status = new V1PodStatus
        {
            Phase = p.Status?.Phase,
            PodIP = p.Status?.PodIP,
            PodIPs = p.Status?.PodIPs is { Count: > 0 } ips ? [.. ips.Select(i => new V1PodIP { Ip = i.Ip })] : null,
        },
    };

    private static V1Service Service(V1Service s) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = Meta(s.Metadata),
        Spec = new V1ServiceSpec
        {
            Type = s.Spec?.Type,
            Selector = Sorted(s.Spec?.Selector),
            ClusterIP = s.Spec?.ClusterIP,
            ClusterIPs = s.Spec?.ClusterIPs is { Count: > 0 } c ? [.. c] : null,
            ExternalIPs = s.Spec?.ExternalIPs is { Count: > 0 } e ? [.. e] : null,
            ExternalName = s.Spec?.ExternalName,
            LoadBalancerIP = s.Spec?.LoadBalancerIP,
            Ports = s.Spec?.Ports is { Count: > 0 } ports
                ? [.. ports.Select(p => new V1ServicePort { Name = p.Name, Protocol = p.Protocol, Port = p.Port, TargetPort = p.TargetPort, NodePort = p.NodePort })]
                : null,
        },
        Status = s.Status?.LoadBalancer?.Ingress is { Count: > 0 } ingress
            ? new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = [.. ingress.Select(i => new V1LoadBalancerIngress { Ip = i.Ip, Hostname = i.Hostname })] } }
            : null,
    };

    private static V1NetworkPolicy Policy(V1NetworkPolicy p)
    {
        var meta = Meta(p.Metadata);
        meta.Annotations = Sorted(p.Metadata?.Annotations?.Where(a => a.Key != "kubectl.kubernetes.io/last-applied-configuration"));
        return new V1NetworkPolicy { ApiVersion = "networking.k8s.io/v1", Kind = "NetworkPolicy", Metadata = meta, Spec = p.Spec };
    }

    private static V1ObjectMeta Meta(V1ObjectMeta? m) => new()
    {
        Name = m?.Name,
        NamespaceProperty = m?.NamespaceProperty,
        Labels = Sorted(m?.Labels),
        OwnerReferences = m?.OwnerReferences is { Count: > 0 } owners
            ? [.. owners.Select(o => new V1OwnerReference { ApiVersion = o.ApiVersion, Kind = o.Kind, Name = o.Name, Uid = o.Uid, Controller = o.Controller })]
            : null,
    };

    private static V1PodTemplateSpec Template(V1PodTemplateSpec? t) => new()
    {
        Metadata = new V1ObjectMeta { Labels = Sorted(t?.Metadata?.Labels) },
        Spec = PodSpec(t?.Spec),
    };

    private static V1PodSpec PodSpec(V1PodSpec? s) => new()
    {
        HostNetwork = s?.HostNetwork == true ? true : null,
        Containers = [.. (s?.Containers ?? []).Select(c => new V1Container
        {
            Name = c.Name,
            Ports = c.Ports is { Count: > 0 } ports ? [.. ports.Select(p => new V1ContainerPort { Name = p.Name, ContainerPort = p.ContainerPort, Protocol = p.Protocol })] : null,
        })],
    };

    private static V1LabelSelector Selector(V1LabelSelector? s) => new()
    {
        MatchLabels = Sorted(s?.MatchLabels),
        MatchExpressions = s?.MatchExpressions is { Count: > 0 } e ? [.. e] : null,
    };

    private static Dictionary<string, string>? Sorted(IEnumerable<KeyValuePair<string, string>>? pairs)
    {
        if (pairs is null)
        {
            return null;
        }

        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in pairs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            d[k] = v;
        }

        return d.Count == 0 ? null : d;
    }
}
