using Palisade.Engine;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Cluster.Probing;

/// <summary>
/// Picks control sources with Palisade's own engine over a snapshot: workloads (other than the probe's source)
/// with real pods from which every pod behind the destination is allowed on the port. The destination is
/// resolved as a pod IP, a Service ClusterIP, or a Service name (name.ns[.svc[.cluster.local]]).
/// </summary>
public sealed class EngineControlVantage(Model.ClusterSnapshot cluster) : IControlVantage
{
    private readonly PolicyEngine engine = new(cluster);
    private readonly IReadOnlyList<WorkloadEndpoint> endpoints = WorkloadEndpoint.Group(cluster);

    /// <inheritdoc />
    public IReadOnlyList<ObjectRef> ControlSources(ProbeRequest request)
    {
        var targets = Targets(request.Destination, request.Port, request.Protocol);
        if (targets.Count == 0)
        {
            return [];
        }

        return [.. endpoints
            // Not the source, not the destination itself (a hairpin says little), and with a real pod to run in.
            .Where(e => e.Ref != request.Source && !e.Pods.Any(p => targets.Any(t => t.Pod.Ref == p.Ref)) && e.Pods.Any(p => !p.FromTemplate && !p.HostNetwork))
            .Where(e => targets.All(t => engine.IsAllowed(new PodEndpoint(e.Representative), new PodEndpoint(t.Pod), t.Port, request.Protocol)))
            .Select(e => e.Ref)
            .Take(3)];
    }

    private List<(Pod Pod, int Port)> Targets(string destination, int port, Protocol protocol)
    {
        if (IpAddr.TryParse(destination, out var ip))
        {
            var pod = cluster.Pods.FirstOrDefault(p => p.Ips.Items.Contains(ip));
            if (pod is not null)
            {
                return [(pod, port)];
            }

            var byIp = cluster.Services.FirstOrDefault(s => s.ClusterIps.Items.Contains(ip));
            return byIp is null ? [] : Backends(byIp, port, protocol);
        }

        var parts = destination.TrimEnd('.').Split('.');
        var service = parts.Length >= 2 ? cluster.FindService(new ObjectRef(parts[1], parts[0])) : null;
        return service is null ? [] : Backends(service, port, protocol);
    }

    private List<(Pod Pod, int Port)> Backends(Service service, int port, Protocol protocol) =>
        [.. ServiceRouting.Backends(cluster, service, port, protocol).Select(b => (b.Pod, b.TargetPort))];
}
