namespace Palisade.Cluster;

/// <summary>
/// The stable PAL44x–PAL45x codes of live-cluster mode (environment problems the user can fix). Each has an
/// entry in docs/diagnostics.md.
/// </summary>
public static class ClusterCodes
{
    /// <summary>No kubeconfig file was found and Palisade is not running inside a cluster.</summary>
    public const string NoKubeconfig = "PAL440";

    /// <summary>The requested (or current) context is not in the kubeconfig.</summary>
    public const string UnknownContext = "PAL441";

    /// <summary>The kubeconfig could not be read or names no server.</summary>
    public const string BadKubeconfig = "PAL442";

    /// <summary>The API server did not answer (connection refused, name not resolved, TLS failure, time-out).</summary>
    public const string Unreachable = "PAL443";

    /// <summary>The API server answered 401: the credentials are missing, wrong or expired.</summary>
    public const string Unauthorized = "PAL444";

    /// <summary>The API server answered 403: RBAC denies the verb on the resource.</summary>
    public const string Forbidden = "PAL445";

    /// <summary>The API server answered with an error Palisade does not expect.</summary>
    public const string ApiError = "PAL446";

    /// <summary>A workload named as a probe source has no running pod to probe from.</summary>
    public const string NoRunningPod = "PAL447";

    /// <summary>Server-side apply met a field that another field manager owns (HTTP 409).</summary>
    public const string ApplyConflict = "PAL448";

    /// <summary>An object Palisade would apply exists and is not Palisade's; nothing was applied.</summary>
    public const string NotOwned = "PAL449";

    /// <summary>The API server accepted the request but did not answer within the request time-out.</summary>
    public const string TimedOut = "PAL450";

    /// <summary>The API server's answer is not the Kubernetes JSON asked for (HTML, garbage, another service).</summary>
    public const string NotUnderstood = "PAL451";

    /// <summary>The TLS handshake with the API server failed (untrusted certificate, wrong name, not TLS).</summary>
    public const string TlsFailure = "PAL452";

    /// <summary>The kubeconfig's exec credential plugin could not be run or gave no credential.</summary>
    public const string CredentialPlugin = "PAL453";

    /// <summary>Warning: credentials are sent to a plain-HTTP API server, readable by anyone on the path.</summary>
    public const string PlainHttp = "PAL454";

    /// <summary>An input file for <c>cluster apply</c> holds an object of a kind apply does not take (input error).</summary>
    public const string ApplyKind = "PAL190";
}
