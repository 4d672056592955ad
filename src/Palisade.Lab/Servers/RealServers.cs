using System.Globalization;
using System.Text;
using Palisade.Diagnostics;
using Palisade.Lab.Netns;
using Palisade.Lab.Processes;
using Palisade.Net;

namespace Palisade.Lab.Servers;

/// <summary>Configures and starts the real servers (sshd, nginx, PostgreSQL, dnsmasq) as children of the lab.</summary>
internal static class RealServers
{
    /// <summary>Where the cached initdb template lives (kept between labs: it costs seconds to make).</summary>
    public const string TemplateCache = "/var/cache/palisade-lab";

    public static async Task<Daemon> StartSshdAsync(LabPod pod, string dir, string authorizedKeys)
    {
        Directory.CreateDirectory("/run/sshd");
        var key = Path.Combine(dir, "ssh_host_ed25519_key");
        await RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", pod.Id, "-f", key);
        var conf = Path.Combine(dir, "sshd_config");
        File.WriteAllText(conf, $"""
            ListenAddress {pod.Address}
            Port 22
            HostKey {key}
            PidFile {Path.Combine(dir, "sshd.pid")}
            AuthorizedKeysFile {authorizedKeys}
            PermitRootLogin prohibit-password
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            StrictModes no
            UseDNS no
            SetEnv PALISADE_POD={pod.Id}

            """);
        return Daemon.Start($"sshd {pod.Id}", pod.Netns, ["/usr/sbin/sshd", "-D", "-e", "-f", conf], Path.Combine(dir, "sshd.log"));
    }

    public static Daemon StartNginx(LabPod pod, string dir, IEnumerable<ResolvedSshRoute> routes)
    {
        var sb = new StringBuilder();
        sb.Append("load_module /usr/lib/nginx/modules/ngx_stream_module.so;\n");
        sb.Append("daemon off;\nworker_processes 1;\n");
        sb.Append("pid ").Append(Path.Combine(dir, "nginx.pid")).Append(";\n");
        sb.Append("error_log ").Append(Path.Combine(dir, "error.log")).Append(";\n");
        sb.Append("events { worker_connections 256; }\n");
        sb.Append("stream {\n");
        foreach (var r in routes.OrderBy(r => r.Route.ListenPort))
        {
            sb.Append("  # ").Append(r.Route.Service.ToString()).Append('\n');
            sb.Append("  server { listen ").Append(pod.Address.ToString()).Append(':').Append(r.Route.ListenPort.ToString(CultureInfo.InvariantCulture))
                .Append("; proxy_pass ").Append(r.ServiceAddress.ToString()).Append(':').Append(r.Route.ServicePort.ToString(CultureInfo.InvariantCulture))
                .Append("; proxy_connect_timeout 5s; }\n");
        }

        sb.Append("}\n");
        var conf = Path.Combine(dir, "nginx.conf");
        File.WriteAllText(conf, sb.ToString());
        return Daemon.Start($"nginx {pod.Id}", pod.Netns, ["/usr/sbin/nginx", "-e", Path.Combine(dir, "error.log"), "-p", dir, "-c", conf], Path.Combine(dir, "nginx.log"));
    }

    public static Daemon StartDnsmasq(LabPod pod, string dir, IEnumerable<(string Name, IpAddr Address)> records)
    {
        var args = new List<string>
        {
            "/usr/sbin/dnsmasq", "-k", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--bind-interfaces",
            $"--listen-address={pod.Address}", "--local=/cluster.local/", $"--pid-file={Path.Combine(dir, "dnsmasq.pid")}",
            "--user=root", "--group=root",
        };
        args.AddRange(records.Select(r => $"--host-record={r.Name},{r.Address}"));
        return Daemon.Start($"dnsmasq {pod.Id}", pod.Netns, args, Path.Combine(dir, "dnsmasq.log"));
    }

    public static async Task<Daemon> StartPostgresAsync(LabPod pod, string dir)
    {
        var bin = PostgresBin() ?? throw new PalisadeException(DiagnosticCatalog.LabPackagesMissing, "PostgreSQL is not installed", "apt-get install -y --no-install-recommends postgresql");
        var template = await EnsureTemplateAsync(bin);
        var data = Path.Combine(dir, "data");
        var sockets = Path.Combine(dir, "socket");
        await RunAsync("cp", "-a", template, data);
        Directory.CreateDirectory(sockets);
        await RunAsync("chown", "postgres:postgres", dir, sockets);
        return Daemon.Start($"postgres {pod.Id}", pod.Netns,
            ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", Path.Combine(bin, "postgres"), "-D", data,
                "-c", $"listen_addresses={pod.Address}", "-c", $"unix_socket_directories={sockets}", "-c", "port=5432", "-c", "fsync=off"],
            Path.Combine(dir, "postgres.log"), Native.SIGINT);
    }

    /// <summary>The newest PostgreSQL server binary directory, or null.</summary>
    public static string? PostgresBin()
    {
        if (!Directory.Exists("/usr/lib/postgresql"))
        {
            return null;
        }

        return Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "postgres")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0)
            .FirstOrDefault();
    }

    private static async Task<string> EnsureTemplateAsync(string bin)
    {
        var version = Path.GetFileName(Path.GetDirectoryName(bin))!;
        var template = Path.Combine(TemplateCache, $"pg{version}-template");
        if (File.Exists(Path.Combine(template, "PG_VERSION")) && File.Exists(Path.Combine(template, ".palisade-ready")))
        {
            return template;
        }

        var building = template + ".building";
        await RunAsync("rm", "-rf", building);
        Directory.CreateDirectory(TemplateCache);
        await RunAsync("install", "-d", "-o", "postgres", "-g", "postgres", "-m", "0700", building);
        await RunAsync("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", Path.Combine(bin, "initdb"), "-D", building, "-A", "trust", "-U", "postgres", "--no-sync");
        File.AppendAllText(Path.Combine(building, "pg_hba.conf"), "host all all 0.0.0.0/0 trust\n");
        File.WriteAllText(Path.Combine(building, ".palisade-ready"), "");
        await RunAsync("chown", "postgres:postgres", Path.Combine(building, ".palisade-ready"));
        await RunAsync("rm", "-rf", template);
        Directory.Move(building, template);
        return template;
    }

    private static Task RunAsync(string file, params string[] args) => CommandRunner.RunCheckedAsync(file, args);
}
