using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using Palisade.Diagnostics;
using k8s.Autorest;

namespace Palisade.Cluster.Connection;

/// <summary>
/// What one API request does, in RBAC's words (verb, resource, namespace), so that a failure can say what was
/// denied. <see cref="RunAsync{T}"/> turns transport and HTTP failures into <see cref="PalisadeException"/>s.
/// </summary>
/// <param name="Verb">The RBAC verb: get, list, patch, create.</param>
/// <param name="Resource">The resource, with its API group when not core: pods, networkpolicies.networking.k8s.io.</param>
/// <param name="Namespace">The namespace, or null for cluster scope / all namespaces.</param>
public sealed record ApiCall(string Verb, string Resource, string? Namespace = null)
{
    /// <summary>"list pods in namespace dev" / "list pods in all namespaces".</summary>
    public override string ToString() => Namespace is null
        ? $"{Verb} {Resource}{(Resource == "namespaces" ? string.Empty : " in all namespaces")}"
        : $"{Verb} {Resource} in namespace {Namespace}";

    /// <summary>
    /// Runs the request; maps failures the user can act on to PAL44x/PAL45x errors, never printing credentials.
    /// A cancellation is the client's request time-out (PAL450).
    /// </summary>
    public Task<T> RunAsync<T>(ClusterConnection connection, Func<Task<T>> request) => RunCancellableAsync(connection, request, CancellationToken.None);

    /// <summary>
    /// <see cref="RunAsync{T}"/> for a request that the caller may cancel with <paramref name="cancellationToken"/>:
    /// that cancellation is passed on as it is, not reported as the server's time-out.
    /// </summary>
    public async Task<T> RunCancellableAsync<T>(ClusterConnection connection, Func<Task<T>> request, CancellationToken cancellationToken)
    {
        try
        {
            return await request().ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw Map(connection, e.Response?.StatusCode ?? 0, e.Response?.Content, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(connection, e);
        }
        catch (Exception e) when (IsTransport(e))
        {
            throw Unreachable(connection, e);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException)
        {
            // The body of a 2xx answer is not the Kubernetes JSON asked for: a login page, a proxy, another service.
            throw NotUnderstood(e);
        }
    }

    /// <summary>The error for a server that accepted the request but did not answer within the request time-out.</summary>
    internal PalisadeException TimedOut(ClusterConnection connection, Exception e) => new(
        DiagnosticCatalog.TimedOut,
        $"the API server at {connection.Server} did not answer within {Duration(connection.RequestTimeout)} while trying to {this}",
        "check that the server address is the API server and that it is healthy (kubectl get --raw /readyz); give a longer --request-timeout (e.g. 2m, or 0 for none) for a slow server",
        e);

    /// <summary>The error for an answer that is not a Kubernetes API object (the body is never echoed: it is the server's text).</summary>
    internal PalisadeException NotUnderstood(Exception e) => new(
        DiagnosticCatalog.NotUnderstood,
        $"the answer to '{this}' is not the Kubernetes API JSON Palisade asked for (is the server address a proxy, a login page or another service?)",
        "check that the kubeconfig's server URL is the API server itself: kubectl get --raw /version should print the server's version as JSON",
        e);

    /// <summary>Maps an HTTP status and body to the error to show.</summary>
    internal PalisadeException Map(ClusterConnection connection, HttpStatusCode status, string? body, Exception inner)
    {
        var message = connection.Redact(StatusMessage(body) ?? status.ToString());
        return status switch
        {
            HttpStatusCode.Unauthorized => new PalisadeException(
                DiagnosticCatalog.Unauthorized,
                $"the API server at {connection.Server} rejected the credentials of {Who(connection)} (401 Unauthorized) while trying to {this}",
                "the token or client certificate is missing, wrong or expired: refresh it (for example re-run your cloud CLI's get-credentials, or copy a fresh kubeconfig from the server)",
                inner),
            HttpStatusCode.Forbidden => new PalisadeException(
                DiagnosticCatalog.Forbidden,
                $"RBAC denies '{Verb}' on '{Resource}'{(Namespace is null ? string.Empty : $" in namespace {Namespace}")} (403 Forbidden): {message}",
                $"grant the verb, e.g. a Role/ClusterRole rule {{apiGroups: [\"{Group}\"], resources: [\"{ResourceName}\"], verbs: [\"{Verb}\"]}}, or use a context that has it (kubectl auth can-i {Verb} {Resource}{(Namespace is null ? " -A" : $" -n {Namespace}")})",
                inner),
            HttpStatusCode.Conflict => new PalisadeException(
                DiagnosticCatalog.ApplyConflict,
                $"conflict while trying to {this}: {message}",
                "another field manager owns a field Palisade wants to set; Palisade does not force changes onto objects it does not own: change that field with the tool that owns it, or remove it from the profile",
                inner),
            _ => new PalisadeException(
                DiagnosticCatalog.ApiError,
                $"the API server answered {(int)status} {status} while trying to {this}: {message}",
                "check the API server's health and version (kubectl get --raw /readyz)",
                inner),
        };
    }

    /// <summary>The error for an API server that does not answer, or whose TLS handshake fails.</summary>
    internal static PalisadeException Unreachable(ClusterConnection connection, Exception e) => IsTls(e)
        ? new(
            DiagnosticCatalog.TlsFailure,
            $"the TLS handshake with the API server at {connection.Server} ({connection.Description}) failed: {connection.Redact(Innermost(e))}",
            "check the server URL (https to a port that speaks TLS), the cluster's certificate-authority(-data) in the kubeconfig, and that the server certificate names the host",
            e)
        : new(
        DiagnosticCatalog.Unreachable,
        $"cannot reach the API server at {connection.Server} ({connection.Description}): {connection.Redact(Innermost(e))}",
        "check the server address in the kubeconfig, the network path (VPN, firewall) and that the cluster is up (kubectl cluster-info)",
        e);

    /// <summary>True for failures of the transport (connection, name resolution, TLS, time-out).</summary>
    internal static bool IsTransport(Exception e) =>
        e is HttpRequestException or SocketException or AuthenticationException or IOException
        || (e is TaskCanceledException t && t.InnerException is TimeoutException)
        || e is TimeoutException
        || (e is System.Net.WebSockets.WebSocketException && e.InnerException is HttpRequestException);

    private static bool IsTls(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"30 s (--request-timeout)", "5 min (--request-timeout)".</summary>
    private static string Duration(TimeSpan t) => t <= TimeSpan.Zero || t == Timeout.InfiniteTimeSpan
        ? "the time allowed"
        : t.TotalSeconds < 120 ? $"{t.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s (--request-timeout)" : $"{t.TotalMinutes.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} min (--request-timeout)";

    private string Group => Resource.Contains('.', StringComparison.Ordinal) ? Resource[(Resource.IndexOf('.', StringComparison.Ordinal) + 1)..] : string.Empty;

    private string ResourceName => Resource.Contains('.', StringComparison.Ordinal) ? Resource[..Resource.IndexOf('.', StringComparison.Ordinal)] : Resource;

    private static string Who(ClusterConnection connection) => connection.Context is null ? "the service account" : $"context {connection.Context}";

    private static string Innermost(Exception e)
    {
        var messages = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (!string.IsNullOrWhiteSpace(x.Message) && !messages.Contains(x.Message))
            {
                messages.Add(x.Message);
            }
        }

        return messages.Count == 0 ? e.GetType().Name : messages[^1];
    }

    private static string? StatusMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
                ? m.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
