using Palisade.Model;

namespace Palisade.Manifests;

/// <summary>A converted workload with its pod-template stand-in and the workload that controls it, if any.</summary>
/// <param name="Workload">The workload.</param>
/// <param name="Template">The stand-in pod made from its template (<see cref="Pod.FromTemplate"/>), used when no real pod of it is loaded.</param>
/// <param name="Controller">The controlling owner from <c>metadata.ownerReferences</c> (a ReplicaSet's Deployment), if any.</param>
public sealed record WorkloadObject(Workload Workload, Pod Template, WorkloadRef? Controller);
