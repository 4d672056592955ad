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

/// <summary>A workload or pod of the snapshot.</summary>
public sealed record WorkloadTarget(WorkloadEndpoint Workload) : ResolvedEndpoint;

/// <summary>A Service of the snapshot (traffic is DNAT'd to its endpoint pods and target ports).</summary>
public sealed record ServiceTarget(Service Service) : ResolvedEndpoint;

/// <summary>An IP address: a pod's, a Service's ClusterIP or load-balancer address, or an external one.</summary>
public sealed record AddressTarget(IpAddr Address) : ResolvedEndpoint;

/// <summary>Resolves "ns/name", "name" (default namespace), "svc/ns/name" or an IP address against a snapshot.</summary>
public sealed class EndpointLookup
{
    private readonly Dictionary<ObjectRef, WorkloadEndpoint> workloads = [];
    private readonly Dictionary<ObjectRef, WorkloadEndpoint> pods = [];
    private readonly Cluster cluster;

    /// <summary>Indexes the snapshot's endpoints.</summary>
    public EndpointLookup(Cluster cluster)
    {
        this.cluster = cluster;
        Endpoints = WorkloadEndpoint.Group(cluster);
        foreach (var e in Endpoints)
        {
            workloads[e.Ref] = e;
            foreach (var p in e.Pods)
            {
                pods.TryAdd(p.Ref, e);
            }
        }
    }

    /// <summary>All endpoints.</summary>
    public IReadOnlyList<WorkloadEndpoint> Endpoints { get; }

    /// <summary>
    /// Resolves a name. Workloads win over pods and pods over Services of the same name; prefix "svc/" to name a
    /// Service explicitly. Returns null with an error message when nothing matches.
    /// </summary>
    public ResolvedEndpoint? Resolve(string text, string defaultNamespace, out string? error)
    {
        error = null;
        if (IpAddr.TryParse(text, out var ip))
        {
            return new AddressTarget(ip);
        }

        var serviceOnly = text.StartsWith("svc/", StringComparison.Ordinal) || text.StartsWith("service/", StringComparison.Ordinal);
        var rest = serviceOnly ? text[(text.IndexOf('/', StringComparison.Ordinal) + 1)..] : text;
        if (!ObjectRef.TryParse(rest, out var reference))
        {
            if (rest.Length == 0 || rest.Contains('/'))
            {
                error = $"'{text}' is not NAMESPACE/NAME, NAME, svc/NAMESPACE/NAME or an IP address";
                return null;
            }

            reference = new ObjectRef(defaultNamespace, rest);
        }

        if (!serviceOnly)
        {
            if (workloads.TryGetValue(reference, out var w))
            {
                return new WorkloadTarget(w);
            }

            if (pods.TryGetValue(reference, out var p))
            {
                return new WorkloadTarget(p);
            }
        }

        if (cluster.FindService(reference) is { } svc)
        {
            return new ServiceTarget(svc);
        }

        var near = Endpoints.Where(e => e.Ref.Name == reference.Name || e.Ref.Namespace == reference.Namespace)
            .Select(e => e.Id).Take(5).ToList();
        error = $"no workload, pod or Service '{reference}' in the input"
            + (near.Count > 0 ? $" (known nearby: {string.Join(", ", near)})" : string.Empty);
        return null;
    }
}
