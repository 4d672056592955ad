using Palisade.Model;
using Palisade.Net;

namespace Palisade.Engine;

/// <summary>A Service backend: an endpoint pod and the port kube-proxy rewrites the destination to.</summary>
public readonly record struct ServiceBackend(Pod Pod, int TargetPort);

/// <summary>
/// kube-proxy's view of Services: traffic to a Service address and port is DNAT'd to an endpoint pod and its
/// <c>targetPort</c> before any NetworkPolicy sees it, so policies must be evaluated on the backend.
/// </summary>
public static class ServiceRouting
{
    /// <summary>The Service port entry for a port and protocol, or null.</summary>
    public static ServicePort? FindPort(Service service, int port, Protocol protocol) =>
        service.Ports.Items.FirstOrDefault(p => p.Port == port && p.Protocol == protocol);

    /// <summary>The pods a Service selects (same namespace, selector matches).</summary>
    public static IEnumerable<Pod> EndpointPods(ClusterSnapshot cluster, Service service) =>
        service.Selection is SelectorSelection s
            ? cluster.Pods.Where(p => p.Namespace == service.Ref.Namespace && s.Selector.Matches(p.Labels))
            : [];

    /// <summary>
    /// The backends of a Service port: each endpoint pod with the target port resolved on it (a named target port
    /// that a pod does not declare leaves that pod out, as the EndpointSlice controller does).
    /// </summary>
    public static IReadOnlyList<ServiceBackend> Backends(ClusterSnapshot cluster, Service service, int port, Protocol protocol)
    {
        if (FindPort(service, port, protocol) is not { } sp)
        {
            return [];
        }

        var list = new List<ServiceBackend>();
        foreach (var pod in EndpointPods(cluster, service))
        {
            int? target = sp.TargetPort switch
            {
                NumericTargetPort n => n.Number,
                NamedTargetPort n => pod.ResolveNamedPort(n.Name, protocol),
                _ => null,
            };
            if (target is { } t)
            {
                list.Add(new ServiceBackend(pod, t));
            }
        }

        return list;
    }

    /// <summary>The Service that owns an address as ClusterIP, load-balancer or external IP, or null.</summary>
    public static Service? FindByAddress(ClusterSnapshot cluster, IpAddr address) =>
        cluster.Services.FirstOrDefault(s =>
            s.ClusterIps.Items.Contains(address) || s.LoadBalancerIps.Items.Contains(address) || s.ExternalIps.Items.Contains(address));
}
