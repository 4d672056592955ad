using Palisade.Net;

namespace Palisade.Model;

/// <summary>The Service types Palisade distinguishes.</summary>
public enum ServiceType
{
    ClusterIP,
    NodePort,
    LoadBalancer,
    ExternalName,
}

/// <summary>A Service's target port: a number, or a name resolved on each endpoint pod. Closed hierarchy.</summary>
public abstract record TargetPort
{
    private protected TargetPort()
    {
    }
}

/// <summary>A numeric target port.</summary>
public sealed record NumericTargetPort(int Number) : TargetPort;

/// <summary>A named target port, resolved per endpoint pod from its container ports.</summary>
public sealed record NamedTargetPort(string Name) : TargetPort;

/// <summary>One port of a Service.</summary>
public sealed record ServicePort(string? Name, Protocol Protocol, int Port, TargetPort TargetPort, int? NodePort);

/// <summary>A Service's pod selection. Closed hierarchy: a selector, or none (manual endpoints).</summary>
public abstract record ServiceSelection
{
    private protected ServiceSelection()
    {
    }
}

/// <summary>The Service has no selector; its endpoints are managed outside (Palisade sees none).</summary>
public sealed record NoSelector : ServiceSelection
{
    /// <summary>The single instance.</summary>
    public static NoSelector Instance { get; } = new();

    private NoSelector()
    {
    }
}

/// <summary>The Service selects the pods of its namespace whose labels match (equality only).</summary>
public sealed record SelectorSelection(LabelSelector Selector) : ServiceSelection;

/// <summary>A Kubernetes Service.</summary>
public sealed record Service(
    ObjectRef Ref,
    ServiceType Type,
    ServiceSelection Selection,
    EquatableArray<IpAddr> ClusterIps,
    EquatableArray<IpAddr> LoadBalancerIps,
    EquatableArray<IpAddr> ExternalIps,
    EquatableArray<ServicePort> Ports)
{
    /// <summary>Where the object starts.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>The DNS name inside the cluster.</summary>
    public string DnsName => $"{Ref.Name}.{Ref.Namespace}.svc.cluster.local";
}
