using Palisade.Diagnostics;
using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace Palisade.Cluster.Connection;

/// <summary>
/// An open client to one cluster, with a printable description of where it points (server and context, never
/// credentials) and the secrets to scrub from any message that leaves Palisade.
/// </summary>
public sealed class ClusterConnection : IDisposable
{
    private ClusterConnection(IKubernetes client, string server, string? context, IReadOnlyList<string> secrets, TimeSpan requestTimeout, IReadOnlyList<string> warnings)
    {
        Client = client;
        Server = Printable(server);
        Context = context;
        Secrets = [.. secrets, .. UserInfoSecrets(server)];
        RequestTimeout = requestTimeout;
        Warnings = warnings;
    }

    /// <summary>The client; every operation of live mode goes through this interface.</summary>
    public IKubernetes Client { get; }

    /// <summary>The API server URL as it may be printed: credentials in its user-info part are replaced by [redacted].</summary>
    public string Server { get; }

    /// <summary>The per-request time-out (<see cref="TimeSpan.Zero"/>: none).</summary>
    public TimeSpan RequestTimeout { get; }

    /// <summary>One-sentence warnings about how the connection is made (e.g. a token sent over plain HTTP), to print once.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The kubeconfig context used, or null in-cluster.</summary>
    public string? Context { get; }

    /// <summary>Credential strings (tokens, passwords) that must never be printed.</summary>
    public IReadOnlyList<string> Secrets { get; }

    /// <summary>"context NAME (https://...)" or "in-cluster (https://...)".</summary>
    public string Description => Context is null ? $"in-cluster ({Server})" : $"context {Context} ({Server})";

    /// <summary>Wraps an existing client (tests, or callers that build their own).</summary>
    public static ClusterConnection ForClient(IKubernetes client, string server, string? context = null, IReadOnlyList<string>? secrets = null) =>
        new(client, server, context, secrets ?? [], ConnectionOptions.DefaultRequestTimeout, []);

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
                    throw new PalisadeException(DiagnosticCatalog.UnknownContext, $"context '{options.Context}' was asked for, but no kubeconfig file exists (running in-cluster)", "drop --context, or give --kubeconfig FILE");
                }

                var inCluster = Configure(KubernetesClientConfiguration.InClusterConfig(), options);
                return Create(inCluster, null, [.. SecretsOf(inCluster)], options);
            }

            throw new PalisadeException(
                DiagnosticCatalog.NoKubeconfig,
                "no kubeconfig found: --kubeconfig is not given, KUBECONFIG names no existing file, ~/.kube/config does not exist, and this is not a pod in a cluster",
                "give --kubeconfig FILE, set KUBECONFIG, or copy your cluster's kubeconfig to ~/.kube/config (on K3s: /etc/rancher/k3s/k3s.yaml)");
        }

        foreach (var f in files)
        {
            EnsureBounded(f);
        }

        K8SConfiguration merged;
        try
        {
            merged = Merge(files.Select(f => KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(f), useRelativePaths: true)));
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException or InvalidOperationException or ArgumentException)
        {
            throw new PalisadeException(DiagnosticCatalog.BadKubeconfig, $"cannot read kubeconfig {string.Join(", ", files)}: {FirstLine(e.Message)}", "check the file is a kubeconfig (kubectl config view --kubeconfig FILE)");
        }

        var contextName = options.Context ?? merged.CurrentContext;
        if (string.IsNullOrEmpty(contextName))
        {
            throw new PalisadeException(DiagnosticCatalog.UnknownContext, $"the kubeconfig ({string.Join(", ", files)}) has no current-context", "give --context NAME (kubectl config get-contexts lists them)");
        }

        var known = (merged.Contexts ?? []).Select(c => c.Name).Where(n => n is not null).Order(StringComparer.Ordinal).ToList();
        if (!known.Contains(contextName, StringComparer.Ordinal))
        {
            var list = known.Count == 0 ? "it defines none" : $"it defines: {string.Join(", ", known)}";
            throw new PalisadeException(DiagnosticCatalog.UnknownContext, $"context '{contextName}' is not in the kubeconfig ({string.Join(", ", files)}); {list}", "give --context with one of those names");
        }

        // Exec credential plugins are run here, not by the client library, which lets their stderr through verbatim.
        var pluginSecrets = CredentialPlugin.Resolve(merged, contextName, options.RequestTimeout);

        KubernetesClientConfiguration config;
        try
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigObject(merged, contextName);
        }
        catch (Exception e) when (e is KubeConfigException or IOException or FormatException or InvalidOperationException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            throw new PalisadeException(DiagnosticCatalog.BadKubeconfig, $"cannot use context '{contextName}': {Redact(FirstLine(e.Message), [.. SecretsOf(merged), .. pluginSecrets, .. UserInfoSecrets(merged)])}", "check the context's cluster and user entries (kubectl config view --minify)");
        }

        if (string.IsNullOrEmpty(config.Host))
        {
            throw new PalisadeException(DiagnosticCatalog.BadKubeconfig, $"context '{contextName}' names no API server", "set clusters[].cluster.server in the kubeconfig");
        }

        if (!Uri.TryCreate(config.Host, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new PalisadeException(DiagnosticCatalog.BadKubeconfig, $"context '{contextName}' names a server that is not an http:// or https:// URL: {Printable(config.Host)}", "set clusters[].cluster.server to the API server's URL, e.g. https://10.0.0.1:6443");
        }

        config = Configure(config, options);
        return Create(config, contextName, [.. SecretsOf(config).Concat(SecretsOf(merged)).Concat(pluginSecrets).Distinct()], options);
    }

    /// <summary>
    /// Builds the client. The library reads client certificate and key files and decodes their base64 here, so a
    /// missing file or bad key data fails now: that is the kubeconfig's fault (PAL442), and never echoes key data.
    /// </summary>
    private static ClusterConnection Create(KubernetesClientConfiguration config, string? context, IReadOnlyList<string> secrets, ConnectionOptions options)
    {
        var where = context is null ? "the in-cluster configuration" : $"context '{context}'";
        Kubernetes client;
        try
        {
            client = new Kubernetes(config);
        }
        catch (FileNotFoundException e)
        {
            throw new PalisadeException(DiagnosticCatalog.BadKubeconfig, $"{where} names a client certificate or key file that does not exist: {e.FileName ?? "(unnamed)"}", "fix users[].user.client-certificate / client-key in the kubeconfig (relative paths are relative to the kubeconfig's folder)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PalisadeException(DiagnosticCatalog.BadKubeconfig, $"{where} names a client certificate or key file Palisade cannot read ({e.GetType().Name})", "check the file's path and permissions (users[].user.client-certificate / client-key)");
        }
        catch (FormatException)
        {
            throw new PalisadeException(DiagnosticCatalog.BadKubeconfig, $"{where} has client-certificate-data, client-key-data or certificate-authority-data that is not valid base64", "copy the values again from a working kubeconfig (kubectl config view --raw --minify)");
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            throw new PalisadeException(DiagnosticCatalog.BadKubeconfig, $"{where} has a client certificate, key or certificate authority that is not a usable PEM certificate or key", "check that the certificate and the key belong together and are PEM (kubectl config view --raw --minify)");
        }

        var warnings = new List<string>();
        if (config.Host.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            && (!string.IsNullOrEmpty(config.AccessToken) || !string.IsNullOrEmpty(config.Password) || config.TokenProvider is not null))
        {
            warnings.Add($"{DiagnosticCatalog.PlainHttp.Code}: the API server {Printable(config.Host)} is plain HTTP, so the credentials of {where} are sent unencrypted and anyone on the network path can read and reuse them; use an https:// server URL");
        }

        return new ClusterConnection(client, config.Host, context, secrets, options.RequestTimeout, warnings);
    }

    /// <summary>
    /// The URL as it may be printed: any user-info (user:password@) replaced by [redacted] (without a scheme the text
    /// is taken to start with the authority), and control characters from the kubeconfig replaced by '?'.
    /// </summary>
    internal static string Printable(string server)
    {
        var scheme = server.IndexOf("://", StringComparison.Ordinal);
        var hostStart = scheme < 0 ? 0 : scheme + 3;
        var end = server.IndexOfAny(['/', '?', '#'], hostStart);
        var authority = end < 0 ? server[hostStart..] : server[hostStart..end];
        var at = authority.LastIndexOf('@');
        var shown = at < 0 ? server : $"{server[..hostStart]}[redacted]@{server[(hostStart + at + 1)..]}";
        return string.Create(shown.Length, shown, (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                span[i] = char.IsControl(text[i]) ? '?' : text[i];
            }
        });
    }

    /// <summary>The user-info of a server URL and its parts, as secrets.</summary>
    private static IEnumerable<string> UserInfoSecrets(string server)
    {
        var scheme = server.IndexOf("://", StringComparison.Ordinal);
        var hostStart = scheme < 0 ? 0 : scheme + 3;
        var end = server.IndexOfAny(['/', '?', '#'], hostStart);
        var authority = end < 0 ? server[hostStart..] : server[hostStart..end];
        var at = authority.LastIndexOf('@');
        if (at <= 0)
        {
            yield break;
        }

        var info = authority[..at];
        yield return info;
        yield return Uri.UnescapeDataString(info);
        var colon = info.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            yield return info[(colon + 1)..];
            yield return Uri.UnescapeDataString(info[(colon + 1)..]);
        }
    }

    private static IEnumerable<string> UserInfoSecrets(K8SConfiguration c) =>
        (c.Clusters ?? []).SelectMany(x => x.ClusterEndpoint?.Server is { } s ? UserInfoSecrets(s) : []);

    /// <summary>Removes every known secret from a message.</summary>
    public string Redact(string message) => Redact(message, Secrets);

    /// <inheritdoc />
    public void Dispose() => Client.Dispose();

    private static string Redact(string message, IEnumerable<string> secrets)
    {
        // Longest first, so that a secret containing another is removed whole.
        foreach (var s in secrets.Distinct(StringComparer.Ordinal).OrderByDescending(x => x.Length))
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
        config.HttpClientTimeout = options.RequestTimeout <= TimeSpan.Zero ? Timeout.InfiniteTimeSpan : options.RequestTimeout;
        return config;
    }

    /// <summary>
    /// Refuses a kubeconfig that is not a regular file (a FIFO would block, a device such as /dev/zero never ends) or is
    /// larger than <see cref="MaxKubeconfigBytes"/>, before the library opens and reads it whole. The bounded reader of
    /// manifest inputs decides both, without ever reading past the limit.
    /// </summary>
    private static void EnsureBounded(string file)
    {
        var diagnostics = new List<Palisade.Diagnostics.Diagnostic>();
        if (Palisade.Manifests.InputFile.Read(file, file, MaxKubeconfigBytes, diagnostics) is null)
        {
            var why = diagnostics.Count > 0 ? diagnostics[0].Message : "it cannot be read";
            throw new PalisadeException(DiagnosticCatalog.BadKubeconfig, $"cannot read kubeconfig {file}: {FirstLine(why)}", "check the --kubeconfig path or KUBECONFIG");
        }
    }

    /// <summary>The largest kubeconfig read: real ones are kilobytes, even with many embedded certificates.</summary>
    private const long MaxKubeconfigBytes = 8 * 1024 * 1024;

    private static List<string> KubeconfigFiles(ConnectionOptions options)
    {
        if (!string.IsNullOrEmpty(options.Kubeconfig))
        {
            if (!File.Exists(options.Kubeconfig))
            {
                throw new PalisadeException(DiagnosticCatalog.NoKubeconfig, $"kubeconfig '{options.Kubeconfig}' does not exist", "check the --kubeconfig path");
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
