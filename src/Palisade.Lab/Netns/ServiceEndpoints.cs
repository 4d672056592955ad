using Palisade.Model;
using Palisade.Net;

namespace Palisade.Lab.Netns;

/// <summary>A Service backend: an endpoint pod and its resolved target port.</summary>
internal readonly record struct ServiceEndpoint(Pod Pod, int TargetPort);

/// <summary>
/// kube-proxy's backend selection (selector match in the Service's namespace, target port resolved per pod).
/// Mirrors <c>Palisade.Engine.ServiceRouting.Backends</c> until that lands on this branch.
/// </summary>
internal static class ServiceEndpoints
{
    public static IReadOnlyList<ServiceEndpoint> Backends(Cluster cluster, Service service, int port, Protocol protocol)
    {
        var sp = service.Ports.Items.FirstOrDefault(p => p.Port == port && p.Protocol == protocol);
        if (sp is null || service.Selection is not SelectorSelection s)
        {
            return [];
        }

        var list = new List<ServiceEndpoint>();
        foreach (var pod in cluster.Pods.Where(p => p.Namespace == service.Ref.Namespace && s.Selector.Matches(p.Labels)))
        {
            int? target = sp.TargetPort switch
            {
                NumericTargetPort n => n.Number,
                NamedTargetPort n => pod.ResolveNamedPort(n.Name, protocol),
                _ => null,
            };
            if (target is { } t)
            {
                list.Add(new ServiceEndpoint(pod, t));
            }
        }

        return list;
    }
}
