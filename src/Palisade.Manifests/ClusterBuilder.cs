using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Manifests;

/// <summary>
/// Collects converted objects and assembles a <see cref="ClusterSnapshot"/>: drops duplicates (reporting them),
/// attaches pods to the top-most loaded workload of their owner chain, hides workloads controlled by a loaded
/// workload (a Deployment's ReplicaSet), and gives each workload without loaded pods one template stand-in.
/// </summary>
public sealed class ClusterBuilder
{
    private readonly List<Diagnostic> diagnostics = [];
    private readonly Dictionary<(string Kind, string Namespace, string Name), SourceLocation> seen = [];
    private readonly List<Namespace> namespaces = [];
    private readonly List<Pod> pods = [];
    private readonly List<WorkloadObject> workloads = [];
    private readonly List<Service> services = [];
    private readonly List<NetworkPolicy> policies = [];
    private readonly List<AdminPolicy> adminPolicies = [];
    private readonly List<Node> nodes = [];

    /// <summary>Adds a namespace.</summary>
    public void Add(Namespace value)
    {
        if (IsNew("Namespace", string.Empty, value.Name, value.Location))
        {
            namespaces.Add(value);
        }
    }

    /// <summary>Adds a real pod.</summary>
    public void Add(Pod value)
    {
        if (IsNew("Pod", value.Ref.Namespace, value.Ref.Name, value.Location))
        {
            pods.Add(value);
        }
    }

    /// <summary>Adds a workload with its template stand-in.</summary>
    public void Add(WorkloadObject value)
    {
        var w = value.Workload;
        if (IsNew(w.Kind, w.Ref.Namespace, w.Ref.Name, w.Location))
        {
            workloads.Add(value);
        }
    }

    /// <summary>Adds a Service.</summary>
    public void Add(Service value)
    {
        if (IsNew("Service", value.Ref.Namespace, value.Ref.Name, value.Location))
        {
            services.Add(value);
        }
    }

    /// <summary>Adds a NetworkPolicy.</summary>
    public void Add(NetworkPolicy value)
    {
        if (IsNew("NetworkPolicy", value.Ref.Namespace, value.Ref.Name, value.Location))
        {
            policies.Add(value);
        }
    }

    /// <summary>Adds a cluster-wide policy (names are unique per kind; the kinds are cluster-scoped).</summary>
    public void Add(AdminPolicy value)
    {
        if (IsNew(value.Kind.ToString(), string.Empty, value.Name, value.Location))
        {
            adminPolicies.Add(value);
        }
    }

    /// <summary>Adds a Node.</summary>
    public void Add(Node value)
    {
        if (IsNew("Node", string.Empty, value.Name, value.Location))
        {
            nodes.Add(value);
        }
    }

    /// <summary>Builds the snapshot; the diagnostics are the duplicates met while adding.</summary>
    public Diagnosed<ClusterSnapshot> Build()
    {
        var byRef = workloads.ToDictionary(w => w.Workload.ToWorkloadRef());

        // A workload controlled (directly or further up) by a loaded workload is not a separate workload.
        var separate = workloads.Where(w => w.Controller is not { } c || TopLoaded(c, byRef) is null).ToList();
        var withPods = new HashSet<WorkloadRef>();
        var finalPods = new List<Pod>(pods.Count + separate.Count);
        foreach (var pod in pods)
        {
            if (pod.Owner is { } owner && TopLoaded(owner, byRef) is { } top)
            {
                var topRef = top.Workload.ToWorkloadRef();
                withPods.Add(topRef);
                finalPods.Add(pod.Owner == topRef ? pod : pod with { Owner = topRef });
            }
            else
            {
                finalPods.Add(pod);
            }
        }

        foreach (var w in separate)
        {
            if (!withPods.Contains(w.Workload.ToWorkloadRef()))
            {
                finalPods.Add(w.Template);
            }
        }

        var cluster = new ClusterSnapshot(namespaces, finalPods, separate.Select(w => w.Workload), services, policies, adminPolicies, nodes);
        return new Diagnosed<ClusterSnapshot>(cluster, [.. diagnostics]);
    }

    private static WorkloadObject? TopLoaded(WorkloadRef start, Dictionary<WorkloadRef, WorkloadObject> byRef)
    {
        WorkloadObject? top = null;
        var visited = new HashSet<WorkloadRef>();
        var cursor = start;
        while (visited.Add(cursor) && byRef.TryGetValue(cursor, out var w))
        {
            top = w;
            if (w.Controller is not { } next)
            {
                break;
            }

            cursor = next;
        }

        return top;
    }

    private bool IsNew(string kind, string ns, string name, SourceLocation location)
    {
        if (seen.TryGetValue((kind, ns, name), out var first))
        {
            var what = ns.Length == 0 ? $"{kind} {name}" : $"{kind} {ns}/{name}";
            diagnostics.Add(DiagnosticCatalog.DuplicateObject.Create(
                location,
                $"duplicate object: {what} is defined twice",
                $"first defined at {first}; remove one of them (this one was ignored)"));
            return false;
        }

        seen[(kind, ns, name)] = location;
        return true;
    }
}
