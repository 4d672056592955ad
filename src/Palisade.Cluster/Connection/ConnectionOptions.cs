namespace Palisade.Cluster.Connection;

/// <summary>
/// How to reach a cluster, with kubectl's precedence: <see cref="Kubeconfig"/> (<c>--kubeconfig</c>), else the
/// <c>KUBECONFIG</c> list, else <c>~/.kube/config</c>, else the in-cluster service account.
/// </summary>
/// <param name="Kubeconfig">An explicit kubeconfig path, or null.</param>
/// <param name="Context">The context to use, or null for the kubeconfig's current context.</param>
public sealed record ConnectionOptions(string? Kubeconfig = null, string? Context = null)
{
    /// <summary>The value of the <c>KUBECONFIG</c> environment variable (paths joined by the path separator).</summary>
    public string? KubeconfigVariable { get; init; }

    /// <summary>The user's home directory, where <c>.kube/config</c> is looked for.</summary>
    public string? HomeDirectory { get; init; }

    /// <summary>True when the in-cluster service-account configuration may be used as the last resort.</summary>
    public bool AllowInCluster { get; init; } = true;

    /// <summary>The request time-out when <c>--request-timeout</c> is not given (kubectl has none; an API server that never answers would hang Palisade).</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Per-request time-out for API calls (and for an exec credential plugin); <see cref="TimeSpan.Zero"/> means none.</summary>
    public TimeSpan RequestTimeout { get; init; } = DefaultRequestTimeout;

    /// <summary>Options filled from the process environment (KUBECONFIG, HOME), as kubectl reads them.</summary>
    public static ConnectionOptions FromEnvironment(string? kubeconfig, string? context) => new(kubeconfig, context)
    {
        KubeconfigVariable = Environment.GetEnvironmentVariable("KUBECONFIG"),
        HomeDirectory = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
    };
}
