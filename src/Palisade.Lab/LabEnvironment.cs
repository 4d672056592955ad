using Palisade.Diagnostics;
using Palisade.Lab.Processes;

namespace Palisade.Lab;

/// <summary>Checks that this machine can run a lab: Linux, root, iproute2 and nftables; real servers when asked.</summary>
public static class LabEnvironment
{
    /// <summary>The install line the docs and errors point to.</summary>
    public const string InstallHelp =
        "run as root on Linux; install the tools with: apt-get install -y --no-install-recommends nftables iproute2 openssh-server openssh-client nginx-light libnginx-mod-stream dnsmasq-base bind9-dnsutils postgresql (see .ci/lab-packages.sh)";

    /// <summary>Throws a <see cref="PalisadeException"/> (PAL401 not root/Linux, PAL402 tool missing) when the lab cannot run.</summary>
    public static void Check(bool realServers = false)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PalisadeException(DiagnosticCatalog.LabPlatform, "the lab needs Linux network namespaces", "run it on a Linux machine or VM");
        }

        if (Native.GetEuid() != 0)
        {
            throw new PalisadeException(DiagnosticCatalog.LabPlatform, "the lab needs root (it creates network namespaces and nftables rules)", "run it with sudo");
        }

        var missing = new List<string>();
        Need(missing, "ip", "iproute2");
        Need(missing, "nft", "nftables");
        if (realServers)
        {
            Need(missing, "sshd", "openssh-server");
            Need(missing, "ssh", "openssh-client");
            Need(missing, "nginx", "nginx-light");
            Need(missing, "dnsmasq", "dnsmasq-base");
            Need(missing, "psql", "postgresql-client");
            if (!File.Exists("/usr/lib/nginx/modules/ngx_stream_module.so"))
            {
                missing.Add("libnginx-mod-stream");
            }

            if (Servers.RealServers.PostgresBin() is null)
            {
                missing.Add("postgresql");
            }
        }

        if (missing.Count > 0)
        {
            throw new PalisadeException(DiagnosticCatalog.LabPackagesMissing, $"the lab needs packages that are missing: {string.Join(", ", missing.Distinct())}",
                $"apt-get install -y --no-install-recommends {string.Join(" ", missing.Distinct())}");
        }
    }

    /// <summary>True when the lab can run here (for test gating).</summary>
    public static bool IsAvailable(bool realServers, out string reason)
    {
        try
        {
            Check(realServers);
            reason = string.Empty;
            return true;
        }
        catch (PalisadeException e)
        {
            reason = e.Message;
            return false;
        }
    }

    private static void Need(List<string> missing, string tool, string package)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin";
        var dirs = path.Split(':').Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"]);
        if (!dirs.Any(d => d.Length > 0 && File.Exists(Path.Combine(d, tool))))
        {
            missing.Add(package);
        }
    }
}
