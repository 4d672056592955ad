using System.Globalization;
using Palisade.Engine;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Lab.Netns;

/// <summary>A pod of the lab: its network namespace, the veth end in the node namespace and its address.</summary>
public sealed record LabPod(Pod Pod, int Index, string Netns, string NodeVeth, IpAddr Address)
{
    /// <summary>"namespace/name" of the pod.</summary>
    public string Id => Pod.Ref.ToString();
}

/// <summary>A Service backend in the lab: a pod and the port kube-proxy rewrites the destination to.</summary>
public sealed record LabBackend(LabPod Pod, int TargetPort);

/// <summary>One Service address and port as kube-proxy programs it: traffic to it is DNAT'd to a backend.</summary>
public sealed record LabServicePort(ObjectRef Service, IpAddr Address, Protocol Protocol, int Port, IReadOnlyList<LabBackend> Backends);

/// <summary>
/// The lab's network plan, computed purely from a <see cref="Model.ClusterSnapshot"/>: one namespace per pod (model IPs when
/// known, else assigned from 10.42.0.0/16), Service addresses (model ClusterIPs, else assigned from 10.43.0.0/16),
/// load-balancer addresses and the "outside" namespace standing for the LAN and the Internet.
/// </summary>
public sealed class LabTopology
{
    /// <summary>Every lab namespace starts with this prefix; cleanup removes namespaces by it.</summary>
    public const string Prefix = "pal-";

    /// <summary>The node namespace (bridge, routing, nftables, kube-proxy's DNAT).</summary>
    public const string NodeNetns = Prefix + "node";

    /// <summary>The namespace standing for the LAN and the Internet.</summary>
    public const string OutsideNetns = Prefix + "out";

    /// <summary>The name <c>lab exec</c> and probes use for the outside namespace.</summary>
    public const string OutsideName = "outside";

    /// <summary>The name probes use for the node namespace.</summary>
    public const string NodeName = "node";

    /// <summary>The node's address on the pod bridge (also the pods' default gateway).</summary>
    public static IpAddr NodeAddress { get; } = IpAddr.Parse("10.42.0.1");

    /// <summary>The node's end of the link to the outside namespace.</summary>
    public static IpAddr NodeOutsideAddress { get; } = IpAddr.Parse("10.45.0.1");

    /// <summary>The outside namespace's end of that link.</summary>
    public static IpAddr OutsideLinkAddress { get; } = IpAddr.Parse("10.45.0.2");

    /// <summary>The LAN client address (the default source of probes from outside).</summary>
    public static IpAddr LanClient { get; } = IpAddr.Parse("192.168.2.50");

    /// <summary>Addresses the outside namespace owns: a LAN client and a few "Internet" hosts. They exist only in the lab.</summary>
    public static IReadOnlyList<IpAddr> DefaultOutsideAddresses { get; } =
        [LanClient, IpAddr.Parse("93.184.216.34"), IpAddr.Parse("1.1.1.1"), IpAddr.Parse("8.8.8.8")];

    private LabTopology(ClusterSnapshot cluster, IReadOnlyList<LabPod> pods, IReadOnlyList<LabServicePort> servicePorts, IReadOnlyList<IpAddr> outside)
    {
        Snapshot = cluster;
        Pods = pods;
        ServicePorts = servicePorts;
        OutsideAddresses = outside;
        PodsByRef = pods.ToDictionary(p => p.Pod.Ref);
    }

    /// <summary>The snapshot with every lab pod's and Service's address filled in: the engine's view of the lab.</summary>
    public ClusterSnapshot Snapshot { get; }

    /// <summary>The pods, in the cluster's order (hostNetwork pods too: the engine treats them as ordinary pods).</summary>
    public IReadOnlyList<LabPod> Pods { get; }

    /// <summary>Pods by reference.</summary>
    public IReadOnlyDictionary<ObjectRef, LabPod> PodsByRef { get; }

    /// <summary>Service addresses and ports with their backends (ClusterIPs, load-balancer and external IPs).</summary>
    public IReadOnlyList<LabServicePort> ServicePorts { get; }

    /// <summary>Addresses of the outside namespace.</summary>
    public IReadOnlyList<IpAddr> OutsideAddresses { get; }

    /// <summary>Addresses that are not ClusterIPs (load-balancer and external IPs): the node routes them to itself.</summary>
    public IReadOnlyList<IpAddr> ServiceAddresses => [.. ServicePorts.Select(s => s.Address).Distinct().Order()];

    /// <summary>Every namespace the lab creates.</summary>
    public IReadOnlyList<string> Namespaces => [NodeNetns, OutsideNetns, .. Pods.Select(p => p.Netns)];

    /// <summary>The lab pod holding an address, or null.</summary>
    public LabPod? PodAt(IpAddr address) => Pods.FirstOrDefault(p => p.Address == address);

    /// <summary>Plans the lab for a cluster. Pure and deterministic.</summary>
    public static LabTopology Build(ClusterSnapshot cluster, IEnumerable<IpAddr>? extraOutsideAddresses = null)
    {
        var podRange = IpCidr.Parse("10.42.0.0/16");
        var used = new HashSet<IpAddr> { NodeAddress, NodeOutsideAddress, OutsideLinkAddress };
        var labPods = new List<LabPod>();
        var pending = new List<(Pod Pod, int Index)>();
        var index = 0;
        foreach (var pod in cluster.Pods)
        {
            var known = pod.Ips.Items.FirstOrDefault(ip => !ip.IsV6 && !used.Contains(ip));
            if (known != default)
            {
                used.Add(known);
                labPods.Add(Make(pod, index, known));
            }
            else
            {
                pending.Add((pod, index));
            }

            index++;
        }

        var next = podRange.Network.Value + 256 + 1; // 10.42.1.1 onwards; 10.42.0.x is the node's.
        foreach (var (pod, i) in pending)
        {
            IpAddr candidate;
            do
            {
                candidate = new IpAddr(next++, false);
            }
            while (used.Contains(candidate));

            used.Add(candidate);
            labPods.Add(Make(pod, i, candidate));
        }

        labPods.Sort((a, b) => a.Index.CompareTo(b.Index));
        var byRef = labPods.ToDictionary(p => p.Pod.Ref);

        // Services: model ClusterIPs when given, else assigned from 10.43.1.1 onwards.
        var serviceIps = new HashSet<IpAddr>(cluster.Services.SelectMany(s => s.ClusterIps.Items.Concat(s.LoadBalancerIps.Items).Concat(s.ExternalIps.Items)));
        UInt128 nextService = IpAddr.Parse("10.43.1.1").Value;
        var services = new List<Service>();
        var servicePorts = new List<LabServicePort>();
        foreach (var svc in cluster.Services)
        {
            if (svc.Type == ServiceType.ExternalName)
            {
                services.Add(svc);
                continue;
            }

            var clusterIp = svc.ClusterIps.Items.FirstOrDefault(ip => !ip.IsV6);
            var filled = svc;
            if (clusterIp == default)
            {
                do
                {
                    clusterIp = new IpAddr(nextService++, false);
                }
                while (serviceIps.Contains(clusterIp) || used.Contains(clusterIp));

                serviceIps.Add(clusterIp);
                filled = svc with { ClusterIps = new[] { clusterIp } };
            }

            services.Add(filled);
            var addresses = new List<IpAddr> { clusterIp };
            addresses.AddRange(svc.LoadBalancerIps.Items.Concat(svc.ExternalIps.Items).Where(ip => !ip.IsV6));
            foreach (var sp in svc.Ports)
            {
                var backends = ServiceRouting.Backends(cluster, svc, sp.Port, sp.Protocol)
                    .Where(b => byRef.ContainsKey(b.Pod.Ref))
                    .Select(b => new LabBackend(byRef[b.Pod.Ref], b.TargetPort))
                    .ToList();
                foreach (var address in addresses.Distinct())
                {
                    servicePorts.Add(new LabServicePort(svc.Ref, address, sp.Protocol, sp.Port, backends));
                }
            }
        }

        var outside = DefaultOutsideAddresses.Concat(extraOutsideAddresses ?? []).Where(a => !a.IsV6).Distinct().ToList();
        var podsWithIps = cluster.Pods.Select(p => byRef.TryGetValue(p.Ref, out var lp) ? p with { Ips = new[] { lp.Address } } : p);
        var labCluster = new ClusterSnapshot(cluster.Namespaces, podsWithIps, cluster.Workloads, services, cluster.Policies, cluster.AdminPolicies, cluster.Nodes);

        // Re-point the lab pods at the pods of the filled-in snapshot so engine lookups by reference agree.
        var finalPods = labPods.Select(lp => lp with { Pod = labCluster.FindPod(lp.Pod.Ref)! }).ToList();
        var finalByRef = finalPods.ToDictionary(p => p.Pod.Ref);
        var finalServicePorts = servicePorts
            .Select(s => s with { Backends = [.. s.Backends.Select(b => b with { Pod = finalByRef[b.Pod.Pod.Ref] })] })
            .ToList();
        return new LabTopology(labCluster, finalPods, finalServicePorts, outside);
    }

    private static LabPod Make(Pod pod, int index, IpAddr address) =>
        new(pod, index, Prefix + "p" + index.ToString(CultureInfo.InvariantCulture), "v" + index.ToString(CultureInfo.InvariantCulture), address);
}
