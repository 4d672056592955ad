namespace Palisade.Model;

/// <summary>
/// A pod-owning workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob).
/// Its pods are either real Pod objects owned by it or a single template stand-in.
/// </summary>
/// <param name="Kind">The Kubernetes kind.</param>
/// <param name="Ref">Namespace and name.</param>
/// <param name="TemplateLabels">Labels of the pod template.</param>
/// <param name="Replicas">Declared replicas (1 when not applicable).</param>
public sealed record Workload(string Kind, ObjectRef Ref, Labels TemplateLabels, int Replicas)
{
    /// <summary>Where the object starts.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>A reference to this workload.</summary>
    public WorkloadRef ToWorkloadRef() => new(Kind, Ref);
}
