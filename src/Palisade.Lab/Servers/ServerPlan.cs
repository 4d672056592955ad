using Palisade.Lab.Netns;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Lab.Servers;

/// <summary>The kinds of server the lab runs on a port.</summary>
public enum ServerKind
{
    /// <summary>The lab's own responder (answers with the pod's name; speaks minimal HTTP).</summary>
    Responder,

    /// <summary>OpenSSH's sshd.</summary>
    Sshd,

    /// <summary>nginx with the stream module, proxying SSH routes.</summary>
    Nginx,

    /// <summary>PostgreSQL.</summary>
    Postgres,

    /// <summary>dnsmasq answering the cluster's Service names (stands in for CoreDNS).</summary>
    Dnsmasq,
}

/// <summary>What serves one port of one pod.</summary>
public sealed record PlannedServer(LabPod Pod, PortProtocol Port, ServerKind Kind);

/// <summary>An SSH route resolved to the Service address nginx proxies to.</summary>
public sealed record ResolvedSshRoute(SshRoute Route, IpAddr ServiceAddress);

/// <summary>Decides which server runs on each port (pure).</summary>
public static class ServerPlan
{
    /// <summary>
    /// Every declared container port (plus <paramref name="extraPorts"/>) of every pod gets a server: with real
    /// servers, TCP 22 → sshd, TCP 5432 → PostgreSQL, 53 → dnsmasq, an SSH route's listen port → nginx; the rest
    /// (and everything without real servers) → the responder.
    /// </summary>
    public static IReadOnlyList<PlannedServer> Plan(LabTopology topology, bool realServers, IReadOnlyList<SshRoute> routes, IEnumerable<PortProtocol> extraPorts,
        IReadOnlyDictionary<ObjectRef, IReadOnlyList<PortProtocol>>? podPorts = null)
    {
        var extra = extraPorts.ToList();
        var list = new List<PlannedServer>();
        foreach (var pod in topology.Pods)
        {
            var declared = pod.Pod.Ports.Items.Select(p => new PortProtocol(p.Number, p.Protocol)).ToHashSet();
            var own = podPorts is not null && podPorts.TryGetValue(pod.Pod.Ref, out var more) ? more : [];
            var ports = declared.Concat(extra).Concat(own).Distinct().Order();
            foreach (var port in ports)
            {
                // Real servers only on declared ports; a port added for probing gets the lab's responder.
                var kind = !realServers || !declared.Contains(port) ? ServerKind.Responder
                    : port == new PortProtocol(22, Protocol.TCP) ? ServerKind.Sshd
                    : port == new PortProtocol(5432, Protocol.TCP) ? ServerKind.Postgres
                    : port.Port == 53 && port.Protocol != Protocol.SCTP ? ServerKind.Dnsmasq
                    : port.Protocol == Protocol.TCP && routes.Any(r => r.ListenPort == port.Port) && pod.Pod.Ports.Items.Any(c => c.Number == port.Port && c.Protocol == Protocol.TCP) ? ServerKind.Nginx
                    : ServerKind.Responder;
                list.Add(new PlannedServer(pod, port, kind));
            }
        }

        return list;
    }

    /// <summary>
    /// The home-lab convention: a container port named <c>ssh-NAME</c> routes to the Service
    /// <c>dev-container-NAME-svc</c> of the pod's namespace, on its SSH port (22 unless the Service says otherwise).
    /// </summary>
    public static IReadOnlyList<SshRoute> DefaultSshRoutes(ClusterSnapshot cluster)
    {
        var routes = new SortedDictionary<int, SshRoute>();
        foreach (var pod in cluster.Pods)
        {
            foreach (var port in pod.Ports.Items.Where(p => p.Protocol == Protocol.TCP && p.Name is not null && p.Name.StartsWith("ssh-", StringComparison.Ordinal)))
            {
                var name = port.Name!["ssh-".Length..];
                var reference = new ObjectRef(pod.Namespace, $"dev-container-{name}-svc");
                if (cluster.FindService(reference) is not { } svc)
                {
                    continue;
                }

                var sp = svc.Ports.Items.FirstOrDefault(p => p.Name == "ssh" && p.Protocol == Protocol.TCP)
                    ?? svc.Ports.Items.FirstOrDefault(p => p.Port == 22 && p.Protocol == Protocol.TCP)
                    ?? svc.Ports.Items.FirstOrDefault(p => p.Protocol == Protocol.TCP);
                if (sp is not null)
                {
                    routes.TryAdd(port.Number, new SshRoute(port.Number, reference, sp.Port));
                }
            }
        }

        return [.. routes.Values];
    }

    /// <summary>The cluster's DNS records: every Service's name and its ClusterIP.</summary>
    public static IReadOnlyList<(string Name, IpAddr Address)> DnsRecords(LabTopology topology) =>
        [.. topology.Snapshot.Services
            .Where(s => s.ClusterIps.Items.Any(ip => !ip.IsV6))
            .Select(s => (s.DnsName, s.ClusterIps.Items.First(ip => !ip.IsV6)))
            .OrderBy(r => r.DnsName, StringComparer.Ordinal)];

    /// <summary>The address pods use as name server: the kube-dns Service's ClusterIP, else any Service on UDP 53.</summary>
    public static IpAddr? NameServer(LabTopology topology)
    {
        var dns = topology.ServicePorts.Where(s => s.Port == 53 && s.Protocol == Protocol.UDP && s.Backends.Count > 0).ToList();
        var kube = dns.FirstOrDefault(s => s.Service == new ObjectRef("kube-system", "kube-dns"));
        return (kube ?? dns.FirstOrDefault())?.Address;
    }
}
