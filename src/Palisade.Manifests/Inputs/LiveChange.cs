using Palisade.Model;

namespace Palisade.Manifests.Inputs;

/// <summary>
/// A change (manifests) applied over a live snapshot as <c>kubectl apply</c> would: every object of the change replaces
/// the live object of the same kind, namespace and name, or is added; live objects the change does not name stay.
/// Used by <c>diff --cluster NEW</c> (docs/diff-and-report.md).
/// </summary>
public static class LiveChange
{
    /// <summary>The live snapshot with the change's objects applied over it.</summary>
    public static ClusterSnapshot Apply(ClusterSnapshot live, ClusterSnapshot change)
    {
        // A namespace the change only refers to (not declared) keeps its live labels.
        var namespaces = Replace(live.Namespaces, change.Namespaces.Where(n => n.Declared), n => n.Name);
        var policies = Replace(live.Policies, change.Policies, p => p.Ref.ToString());
        var admin = Replace(live.AdminPolicies, change.AdminPolicies, p => $"{p.Kind}/{p.Name}");
        var services = Replace(live.Services, change.Services, s => s.Ref.ToString());
        var workloads = Replace(live.Workloads, change.Workloads, w => $"{w.Kind}/{w.Ref}");

        // The pods of a workload the change replaces are the change's (its template stand-ins): the live pods of the
        // old template would not survive a rollout.
        var replacedOwners = change.Workloads.Select(w => new WorkloadRef(w.Kind, w.Ref)).ToHashSet();
        var livePods = live.Pods.Where(p => p.Owner is not { } owner || !replacedOwners.Contains(owner));
        var pods = Replace(livePods, change.Pods, p => p.Ref.ToString());
        var nodes = Replace(live.Nodes, change.Nodes, n => n.Name);
        return new ClusterSnapshot(namespaces, pods, workloads, services, policies, admin, nodes);
    }

    private static List<T> Replace<T>(IEnumerable<T> live, IEnumerable<T> change, Func<T, string> key)
    {
        var changed = change.ToList();
        var names = changed.Select(key).ToHashSet(StringComparer.Ordinal);
        return [.. live.Where(x => !names.Contains(key(x))), .. changed];
    }
}
