using Palisade.Net;

namespace Palisade.Model;

/// <summary>A port a container declares; <see cref="Name"/> is what named policy ports resolve against.</summary>
public sealed record ContainerPort(string? Name, int Number, Protocol Protocol);

/// <summary>The workload that owns a pod, by kind and name in the pod's namespace.</summary>
public readonly record struct WorkloadRef(string Kind, ObjectRef Ref)
{
    /// <inheritdoc />
    public override string ToString() => $"{Ref}[{Kind}]";
}

/// <summary>
/// A pod: either read from a Pod object, or stood in for by a workload's pod template
/// (<see cref="FromTemplate"/>), in which case its IP is unknown.
/// </summary>
/// <param name="Ref">Namespace and name (a template stand-in takes the workload's name).</param>
/// <param name="Labels">Pod labels.</param>
/// <param name="Ips">Pod IPs, empty when unknown.</param>
/// <param name="HostNetwork">True for a hostNetwork pod (its behaviour under policies is plugin-dependent; see docs/semantics.md).</param>
/// <param name="Ports">Declared container ports of all containers.</param>
/// <param name="Owner">The owning workload, when known.</param>
public sealed record Pod(
    ObjectRef Ref,
    Labels Labels,
    EquatableArray<IpAddr> Ips,
    bool HostNetwork,
    EquatableArray<ContainerPort> Ports,
    WorkloadRef? Owner)
{
    /// <summary>True for a stand-in made from a workload's pod template.</summary>
    public bool FromTemplate { get; init; }

    /// <summary>Where the object (or the template) was written.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>The node it runs on (<c>spec.nodeName</c>); empty when not known.</summary>
    public string NodeName { get; init; } = string.Empty;

    /// <summary>The namespace name.</summary>
    public string Namespace => Ref.Namespace;

    /// <summary>Resolves a named port for a protocol to its number, or null when no container declares it.</summary>
    public int? ResolveNamedPort(string name, Protocol protocol)
    {
        foreach (var p in Ports)
        {
            if (p.Name == name && p.Protocol == protocol)
            {
                return p.Number;
            }
        }

        return null;
    }
}
