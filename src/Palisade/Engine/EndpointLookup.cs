using Palisade.Model;
using Palisade.Net;

namespace Palisade.Engine;

/// <summary>What a user-written endpoint name resolved to. Closed hierarchy.</summary>
public abstract record ResolvedEndpoint
{
    private protected ResolvedEndpoint()
    {
    }
}

/// <summary>
/// A workload or bare pod of the snapshot, or one named pod of a workload (then an endpoint of kind "Pod" holding
/// that pod alone).
/// </summary>
public sealed record WorkloadTarget(WorkloadEndpoint Workload) : ResolvedEndpoint;

/// <summary>A Service of the snapshot (traffic is DNAT'd to its endpoint pods and target ports).</summary>
public sealed record ServiceTarget(Service Service) : ResolvedEndpoint;

/// <summary>An IP address: a pod's, a Service's ClusterIP or load-balancer address, or an external one.</summary>
public sealed record AddressTarget(IpAddr Address) : ResolvedEndpoint;

/// <summary>Why a name did not resolve.</summary>
public enum LookupFailure
{
    /// <summary>It resolved.</summary>
    None,

    /// <summary>Malformed, or nothing of that name.</summary>
    NotFound,

    /// <summary>Several objects of different kinds have that name; a kind qualifier is needed.</summary>
    Ambiguous,
}

/// <summary>
/// Resolves "ns/name", "name" (default namespace), "KIND/ns/name" (kind qualifier: pod, deployment, statefulset,
/// daemonset, replicaset, replicationcontroller, job, cronjob, svc/service, or kubectl's short names) or an IP
/// address against a snapshot.
/// </summary>
public sealed class EndpointLookup
{
    private static readonly Dictionary<string, string> KindNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pod"] = "Pod", ["pods"] = "Pod", ["po"] = "Pod",
        ["deployment"] = "Deployment", ["deployments"] = "Deployment", ["deploy"] = "Deployment",
        ["statefulset"] = "StatefulSet", ["statefulsets"] = "StatefulSet", ["sts"] = "StatefulSet",
        ["daemonset"] = "DaemonSet", ["daemonsets"] = "DaemonSet", ["ds"] = "DaemonSet",
        ["replicaset"] = "ReplicaSet", ["replicasets"] = "ReplicaSet", ["rs"] = "ReplicaSet",
        ["replicationcontroller"] = "ReplicationController", ["replicationcontrollers"] = "ReplicationController", ["rc"] = "ReplicationController",
        ["job"] = "Job", ["jobs"] = "Job",
        ["cronjob"] = "CronJob", ["cronjobs"] = "CronJob", ["cj"] = "CronJob",
        ["svc"] = "Service", ["service"] = "Service", ["services"] = "Service",
    };

    private readonly Dictionary<ObjectRef, List<WorkloadEndpoint>> byRef = [];
    private readonly Dictionary<ObjectRef, List<(Pod Pod, WorkloadEndpoint Owner)>> podsOfWorkloads = [];
    private readonly ClusterSnapshot cluster;

    /// <summary>Indexes the snapshot's endpoints.</summary>
    public EndpointLookup(ClusterSnapshot cluster)
    {
        this.cluster = cluster;
        Endpoints = WorkloadEndpoint.Group(cluster);
        foreach (var e in Endpoints)
        {
            Add(byRef, e.Ref, e);
            if (e.Kind == "Pod")
            {
                continue;
            }

            // A real pod of a workload can be named on its own; a template stand-in is the workload itself.
            foreach (var p in e.Pods)
            {
                if (!p.FromTemplate)
                {
                    Add(podsOfWorkloads, p.Ref, (p, e));
                }
            }
        }
    }

    /// <summary>All endpoints.</summary>
    public IReadOnlyList<WorkloadEndpoint> Endpoints { get; }

    /// <summary>
    /// Resolves a name. A pod name stands for that pod alone. When a workload, a bare pod or a pod of another workload
    /// share the name, the name is ambiguous and an error lists the kind-qualified candidates. Pods and workloads win
    /// over Services of the same name; prefix "svc/" to name a Service. Returns null with an error message when
    /// nothing (or more than one thing) matches.
    /// </summary>
    public ResolvedEndpoint? Resolve(string text, string defaultNamespace, out string? error) =>
        Resolve(text, defaultNamespace, out error, out _);

    /// <summary>Resolves a name as <see cref="Resolve(string, string, out string?)"/> and says why it failed.</summary>
    public ResolvedEndpoint? Resolve(string text, string defaultNamespace, out string? error, out LookupFailure failure)
    {
        error = null;
        failure = LookupFailure.None;
        if (IpAddr.TryParse(text, out var ip))
        {
            return new AddressTarget(ip);
        }

        string? kind = null;
        var rest = text;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && text.Count(c => c == '/') == 2)
        {
            if (!KindNames.TryGetValue(text[..slash], out kind))
            {
                failure = LookupFailure.NotFound;
                error = $"'{text[..slash]}' in '{text}' is not a kind Palisade knows (pod, deployment, statefulset, daemonset, replicaset, replicationcontroller, job, cronjob, svc)";
                return null;
            }

            rest = text[(slash + 1)..];
        }

        if (!ObjectRef.TryParse(rest, out var reference))
        {
            if (rest.Length == 0 || rest.Contains('/'))
            {
                failure = LookupFailure.NotFound;
                error = $"'{text}' is not NAMESPACE/NAME, NAME, KIND/NAMESPACE/NAME or an IP address";
                return null;
            }

            reference = new ObjectRef(defaultNamespace, rest);
        }

        if (kind == "Service")
        {
            if (cluster.FindService(reference) is { } only)
            {
                return new ServiceTarget(only);
            }

            failure = LookupFailure.NotFound;
            error = $"no Service '{reference}' in the input";
            return null;
        }

        var candidates = new List<(string Qualified, WorkloadEndpoint Endpoint)>();
        foreach (var e in byRef.GetValueOrDefault(reference) ?? [])
        {
            if (kind is null || kind == e.Kind)
            {
                candidates.Add((e.QualifiedId, e));
            }
        }

        if (kind is null or "Pod")
        {
            foreach (var (pod, owner) in podsOfWorkloads.GetValueOrDefault(reference) ?? [])
            {
                var alone = PodAlone(pod, owner);
                if (!candidates.Any(c => ReferenceEquals(c.Endpoint, alone)))
                {
                    candidates.Add((WorkloadEndpoint.Qualify("Pod", pod.Ref), alone));
                }
            }
        }

        if (candidates.Count == 1)
        {
            return new WorkloadTarget(candidates[0].Endpoint);
        }

        if (candidates.Count > 1)
        {
            failure = LookupFailure.Ambiguous;
            error = $"'{text}' is ambiguous: it names {string.Join(", ", candidates.Select(c => c.Qualified).Order(StringComparer.Ordinal))}";
            return null;
        }

        if (kind is null && cluster.FindService(reference) is { } svc)
        {
            return new ServiceTarget(svc);
        }

        var near = Endpoints.Where(e => e.Ref.Name == reference.Name || e.Ref.Namespace == reference.Namespace)
            .Select(e => e.Id).Take(5).ToList();
        failure = LookupFailure.NotFound;
        error = (kind is null ? $"no workload, pod or Service '{reference}'" : $"no {kind} '{reference}'") + " in the input"
            + (near.Count > 0 ? $" (known nearby: {string.Join(", ", near)})" : string.Empty);
        return null;
    }

    /// <summary>One pod of a workload as an endpoint of its own; its id names the pod.</summary>
    private static WorkloadEndpoint PodAlone(Pod pod, WorkloadEndpoint owner) =>
        owner.Pods.Count == 1 && owner.Ref == pod.Ref ? owner : new WorkloadEndpoint(pod.Ref, "Pod", new[] { pod }.ToEquatableArray());

    private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> map, TKey key, TValue value)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }

        list.Add(value);
    }
}
