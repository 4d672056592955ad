using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace Palisade.Live.Connection;

/// <summary>
/// An open client to one cluster, with a printable description of where it points (server and context, never
/// credentials) and the secrets to scrub from any message that leaves Palisade.
/// </summary>
public sealed class ClusterConnection : IDisposable
{
    private ClusterConnection(IKubernetes client, string server, string? context, IReadOnlyList<string> secrets)
    {
        Client = client;
        Server = server;
        Context = context;
        Secrets = secrets;
    }

    /// <summary>The client; every operation of live mode goes through this interface.</summary>
    public IKubernetes Client { get; }

    /// <summary>The API server URL.</summary>
    public string Server { get; }

    /// <summary>The kubeconfig context used, or null in-cluster.</summary>
    public string? Context { get; }

    /// <summary>Credential strings (tokens, passwords) that must never be printed.</summary>
    public IReadOnlyList<string> Secrets { get; }

    /// <summary>"context NAME (https://...)" or "in-cluster (https://...)".</summary>
    public string Description => Context is null ? $"in-cluster ({Server})" : $"context {Context} ({Server})";

    /// <summary>Wraps an existing client (tests, or callers that build their own).</summary>
    public static ClusterConnection ForClient(IKubernetes client, string server, string? context = null, IReadOnlyList<string>? secrets = null) =>
        new(client, server, context, secrets ?? []);

    /// <summary>Opens a client with kubectl's rules for finding the configuration; throws <see cref="PalisadeException"/>.</summary>
    public static ClusterConnection Open(ConnectionOptions options)
    {
        var files = KubeconfigFiles(options);
        if (files.Count == 0)
        {
            if (options.AllowInCluster && KubernetesClientConfiguration.IsInCluster())
            {
                if (options.Context is not null)
                {
                    throw new PalisadeException(ClusterCodes.UnknownContext, $"context '{options.Context}' was asked for, but no kubeconfig file exists (running in-cluster)", "drop --context, or give --kubeconfig FILE");
                }

                var inCluster = Configure(KubernetesClientConfiguration.InClusterConfig(), options);
                return new ClusterConnection(new Kubernetes(inCluster), inCluster.Host, null, [.. SecretsOf(inCluster)]);
            }

            throw new PalisadeException(
                ClusterCodes.NoKubeconfig,
                "no kubeconfig found: --kubeconfig is not given, KUBECONFIG names no existing file, ~/.kube/config does not exist, and this is not a pod in a cluster",
                "give --kubeconfig FILE, set KUBECONFIG, or copy your cluster's kubeconfig to ~/.kube/config (on K3s: /etc/rancher/k3s/k3s.yaml)");
        }

        K8SConfiguration merged;
        try
        {
            merged = Merge(files.Select(f => KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(f), useRelativePaths: true)));
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException or InvalidOperationException or ArgumentException)
        {
            throw new PalisadeException(ClusterCodes.BadKubeconfig, $"cannot read kubeconfig {string.Join(", ", files)}: {FirstLine(e.Message)}", "check the file is a kubeconfig (kubectl config view --kubeconfig FILE)");
        }

        var contextName = options.Context ?? merged.CurrentContext;
        if (string.IsNullOrEmpty(contextName))
        {
            throw new PalisadeException(ClusterCodes.UnknownContext, $"the kubeconfig ({string.Join(", ", files)}) has no current-context", "give --context NAME (kubectl config get-contexts lists them)");
        }

        var known = (merged.Contexts ?? []).Select(c => c.Name).Where(n => n is not null).Order(StringComparer.Ordinal).ToList();
        if (!known.Contains(contextName, StringComparer.Ordinal))
        {
            var list = known.Count == 0 ? "it defines none" : $"it defines: {string.Join(", ", known)}";
            throw new PalisadeException(ClusterCodes.UnknownContext, $"context '{contextName}' is not in the kubeconfig ({string.Join(", ", files)}); {list}", "give --context with one of those names");
        }

        KubernetesClientConfiguration config;
        try
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigObject(merged, contextName);
        }
        catch (Exception e) when (e is KubeConfigException or IOException or FormatException or InvalidOperationException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            throw new PalisadeException(ClusterCodes.BadKubeconfig, $"cannot use context '{contextName}': {Redact(FirstLine(e.Message), SecretsOf(merged))}", "check the context's cluster and user entries (kubectl config view --minify)");
        }

        if (string.IsNullOrEmpty(config.Host))
        {
            throw new PalisadeException(ClusterCodes.BadKubeconfig, $"context '{contextName}' names no API server", "set clusters[].cluster.server in the kubeconfig");
        }

        config = Configure(config, options);
        return new ClusterConnection(new Kubernetes(config), config.Host, contextName, SecretsOf(config).Concat(SecretsOf(merged)).Distinct().ToList());
    }

    /// <summary>Removes every known secret from a message.</summary>
    public string Redact(string message) => Redact(message, Secrets);

    /// <inheritdoc />
    public void Dispose() => Client.Dispose();

    private static string Redact(string message, IEnumerable<string> secrets)
    {
        foreach (var s in secrets)
        {
            if (s.Length >= 4)
            {
                message = message.Replace(s, "[redacted]", StringComparison.Ordinal);
            }
        }

        return message;
    }

    private static KubernetesClientConfiguration Configure(KubernetesClientConfiguration config, ConnectionOptions options)
    {
        config.HttpClientTimeout = options.RequestTimeout;
        return config;
    }

    private static List<string> KubeconfigFiles(ConnectionOptions options)
    {
        if (!string.IsNullOrEmpty(options.Kubeconfig))
        {
            if (!File.Exists(options.Kubeconfig))
            {
                throw new PalisadeException(ClusterCodes.NoKubeconfig, $"kubeconfig '{options.Kubeconfig}' does not exist", "check the --kubeconfig path");
            }

            return [options.Kubeconfig];
        }

        if (!string.IsNullOrEmpty(options.KubeconfigVariable))
        {
            // kubectl merges every listed file that exists, the first one's values winning.
            var listed = options.KubeconfigVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
            var existing = listed.Where(File.Exists).Distinct(StringComparer.Ordinal).ToList();
            if (existing.Count > 0)
            {
                return existing;
            }
        }

        if (!string.IsNullOrEmpty(options.HomeDirectory))
        {
            var home = Path.Combine(options.HomeDirectory, ".kube", "config");
            if (File.Exists(home))
            {
                return [home];
            }
        }

        return [];
    }

    private static IEnumerable<string> SecretsOf(KubernetesClientConfiguration c) =>
        new[] { c.AccessToken, c.Password, c.ClientCertificateKeyData }
            .Where(s => !string.IsNullOrEmpty(s)).Select(s => s!);

    private static IEnumerable<string> SecretsOf(K8SConfiguration c) =>
        (c.Users ?? []).SelectMany(u => new[] { u.UserCredentials?.Token, u.UserCredentials?.Password, u.UserCredentials?.ClientKeyData })
            .Where(s => !string.IsNullOrEmpty(s)).Select(s => s!);

    /// <summary>kubectl's merge of several kubeconfig files: the first file to set a value (or name an entry) wins.</summary>
    private static K8SConfiguration Merge(IEnumerable<K8SConfiguration> configs)
    {
        K8SConfiguration? merged = null;
        foreach (var c in configs)
        {
            if (merged is null)
            {
                merged = c;
                merged.Contexts = [.. c.Contexts ?? []];
                merged.Clusters = [.. c.Clusters ?? []];
                merged.Users = [.. c.Users ?? []];
                continue;
            }

            merged.CurrentContext = string.IsNullOrEmpty(merged.CurrentContext) ? c.CurrentContext : merged.CurrentContext;
            merged.Contexts = [.. merged.Contexts, .. (c.Contexts ?? []).Where(x => merged.Contexts.All(y => y.Name != x.Name))];
            merged.Clusters = [.. merged.Clusters, .. (c.Clusters ?? []).Where(x => merged.Clusters.All(y => y.Name != x.Name))];
            merged.Users = [.. merged.Users, .. (c.Users ?? []).Where(x => merged.Users.All(y => y.Name != x.Name))];
        }

        return merged ?? new K8SConfiguration();
    }

    private static string FirstLine(string text)
    {
        var i = text.IndexOf('\n', StringComparison.Ordinal);
        return i < 0 ? text : text[..i].TrimEnd();
    }
}
