using System.Globalization;
using System.Text;
using Palisade.Lab.Processes;
using Palisade.Net;

namespace Palisade.Lab.Netns;

/// <summary>
/// Creates and removes the lab's namespaces with iproute2. Every link is created inside a lab namespace; nothing
/// is added to the host's root namespace and no namespace has a route out of the lab.
/// </summary>
internal static class NamespaceBuilder
{
    /// <summary>
    /// The ICMP types the node rate-limits: the kernel's default (source-quench, time-exceeded, parameter-problem and
    /// destination-unreachable, 6168) without destination-unreachable (type 3), the one a reject sends.
    /// </summary>
    internal const int IcmpRateMask = (1 << 4) | (1 << 11) | (1 << 12);

    /// <summary>Lab namespaces currently present (by the lab's prefix).</summary>
    public static async Task<IReadOnlyList<string>> ListAsync()
    {
        var r = await CommandRunner.RunAsync("ip", ["netns", "list"]);
        return [.. r.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')[0])
            .Where(n => n.StartsWith(LabTopology.Prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];
    }

    public static async Task CreateAsync(LabTopology t)
    {
        await CommandRunner.RunCheckedAsync("ip", ["-b", "-"], string.Concat(t.Namespaces.Select(n => $"netns add {n}\n")));

        // Before any interface exists, so new interfaces inherit "no redirects" (pods all route via the node).
        // icmp_ratemask: the node's reject sends ICMP destination-unreachable, which the kernel rate-limits by default
        // (after a burst of six, one a second to each pod, and 1,000 a second in all). A workload opening one
        // connection never meets that limit; the lab's probes, up to a thousand at once from one pod, do, and every
        // refusal over it was a silent drop that made reject mode wait out timeouts like drop mode. The mask is
        // per network namespace: only the node's own ICMP is exempted; the host's setting is not touched.
        await CommandRunner.RunCheckedAsync("ip", ["netns", "exec", LabTopology.NodeNetns, "sysctl", "-q", "-w",
            "net.ipv4.ip_forward=1", "net.bridge.bridge-nf-call-iptables=1",
            "net.ipv4.conf.all.send_redirects=0", "net.ipv4.conf.default.send_redirects=0",
            $"net.ipv4.icmp_ratemask={IcmpRateMask.ToString(CultureInfo.InvariantCulture)}"]);

        var node = new StringBuilder();
        node.Append("link set lo up\n");
        node.Append("link add br0 type bridge\n");
        node.Append(CultureInfo.InvariantCulture, $"addr add {LabTopology.NodeAddress}/16 dev br0\n");
        node.Append("link set br0 up\n");
        var podNet = IpCidr.Parse("10.42.0.0/16");
        foreach (var p in t.Pods)
        {
            node.Append(CultureInfo.InvariantCulture, $"link add {p.NodeVeth} type veth peer name eth0 netns {p.Netns}\n");
            node.Append(CultureInfo.InvariantCulture, $"link set {p.NodeVeth} master br0 up\n");
            if (!podNet.Contains(p.Address))
            {
                node.Append(CultureInfo.InvariantCulture, $"route add {p.Address}/32 dev br0\n");
            }
        }

        node.Append(CultureInfo.InvariantCulture, $"link add o0 type veth peer name eth0 netns {LabTopology.OutsideNetns}\n");
        node.Append(CultureInfo.InvariantCulture, $"addr add {LabTopology.NodeOutsideAddress}/30 dev o0\n");
        node.Append("link set o0 up\n");
        foreach (var a in t.OutsideAddresses)
        {
            node.Append(CultureInfo.InvariantCulture, $"route add {a}/32 via {LabTopology.OutsideLinkAddress} dev o0\n");
        }

        // Service addresses only need some route so the node's own (control) connects reach the DNAT in output.
        node.Append("route add 10.43.0.0/16 dev br0\n");
        foreach (var a in t.ServiceAddresses.Where(a => !IpCidr.Parse("10.43.0.0/16").Contains(a) && !podNet.Contains(a)))
        {
            node.Append(CultureInfo.InvariantCulture, $"route add {a}/32 dev br0\n");
        }

        await CommandRunner.RunCheckedAsync("ip", ["-n", LabTopology.NodeNetns, "-b", "-"], node.ToString());

        var jobs = t.Pods.Select(p => CommandRunner.RunCheckedAsync("ip", ["-n", p.Netns, "-b", "-"],
            $"link set lo up\naddr add {p.Address}/32 dev eth0\nlink set eth0 up\n"
            + $"route add {LabTopology.NodeAddress} dev eth0 scope link\nroute add default via {LabTopology.NodeAddress} dev eth0\n")).ToList();
        var outside = new StringBuilder("link set lo up\n");
        outside.Append(CultureInfo.InvariantCulture, $"addr add {LabTopology.OutsideLinkAddress}/30 dev eth0\n");
        foreach (var a in t.OutsideAddresses)
        {
            outside.Append(CultureInfo.InvariantCulture, $"addr add {a}/32 dev eth0\n");
        }

        outside.Append("link set eth0 up\n");
        outside.Append(CultureInfo.InvariantCulture, $"route add default via {LabTopology.NodeOutsideAddress} dev eth0 src {LabTopology.LanClient}\n");
        jobs.Add(CommandRunner.RunCheckedAsync("ip", ["-n", LabTopology.OutsideNetns, "-b", "-"], outside.ToString()));
        await Task.WhenAll(jobs);
    }

    /// <summary>Loads a ruleset into the node namespace in one transaction.</summary>
    public static Task LoadRulesetAsync(string ruleset) =>
        CommandRunner.RunCheckedAsync("ip", ["netns", "exec", LabTopology.NodeNetns, "nft", "-f", "-"], ruleset);

    /// <summary>Deletes namespaces (missing ones are fine) and their /etc/netns entries.</summary>
    public static async Task DeleteAsync(IEnumerable<string> names)
    {
        var list = names.Where(n => n.StartsWith(LabTopology.Prefix, StringComparison.Ordinal)).Distinct().ToList();
        var present = await ListAsync();
        var doomed = list.Concat(present).Distinct().ToList();
        if (doomed.Count > 0)
        {
            await CommandRunner.RunAsync("ip", ["-force", "-b", "-"], string.Concat(doomed.Select(n => $"netns delete {n}\n")));
        }

        if (Directory.Exists("/etc/netns"))
        {
            foreach (var dir in Directory.GetDirectories("/etc/netns", LabTopology.Prefix + "*"))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
