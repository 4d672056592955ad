using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Palisade.Diagnostics;
using k8s.KubeConfigModels;

namespace Palisade.Cluster.Connection;

/// <summary>
/// Runs a kubeconfig user's exec credential plugin (<c>users[].user.exec</c>) the way client-go does
/// (<c>KUBERNETES_EXEC_INFO</c>, an <c>ExecCredential</c> on stdout), but never lets the plugin's stderr reach
/// Palisade's output: plugins print refresh tokens, device codes and request dumps there. A failure is summarised
/// (command name, exit code, how many lines of stderr were withheld). The credential replaces the exec entry, so the
/// client library never runs the plugin itself. The credential is fetched once per run (no refresh on expiry).
/// </summary>
internal static class CredentialPlugin
{
    // A credential is a few KB; more than this is not an ExecCredential.
    private const int MaxOutput = 1 << 20;

    /// <summary>Runs the plugin of the context's user, if it has one; returns the secrets it produced.</summary>
    public static IReadOnlyList<string> Resolve(K8SConfiguration config, string contextName, TimeSpan limit)
    {
        var userName = (config.Contexts ?? []).FirstOrDefault(c => c.Name == contextName)?.ContextDetails?.User;
        var user = (config.Users ?? []).FirstOrDefault(u => u.Name == userName);
        if (user?.UserCredentials?.ExternalExecution is not { } exec)
        {
            return [];
        }

        var credential = Run(user.Name ?? "(unnamed)", exec, limit);
        user.UserCredentials.ExternalExecution = null;
        var secrets = new List<string>();
        if (credential.Token is { Length: > 0 } token)
        {
            user.UserCredentials.Token = token;
            secrets.Add(token);
        }

        if (credential.Certificate is { Length: > 0 } cert && credential.Key is { Length: > 0 } key)
        {
            user.UserCredentials.ClientCertificateData = Convert.ToBase64String(Encoding.UTF8.GetBytes(cert));
            user.UserCredentials.ClientKeyData = Convert.ToBase64String(Encoding.UTF8.GetBytes(key));
            secrets.Add(key);
            secrets.Add(user.UserCredentials.ClientKeyData);
        }

        return secrets;
    }

    private static (string? Token, string? Certificate, string? Key) Run(string userName, ExternalExecution exec, TimeSpan limit)
    {
        var command = exec.Command;
        var shown = string.IsNullOrEmpty(command) ? "(none)" : Path.GetFileName(command);
        PalisadeException Fail(string what, string help) => new(
            DiagnosticCatalog.CredentialPlugin,
            $"the credential plugin '{shown}' of kubeconfig user '{userName}' {what}",
            help);

        if (string.IsNullOrEmpty(command))
        {
            throw Fail("names no command", "set users[].user.exec.command in the kubeconfig");
        }

        var start = new ProcessStartInfo(command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in exec.Arguments ?? [])
        {
            start.ArgumentList.Add(a);
        }

        foreach (var pair in exec.EnvironmentVariables ?? [])
        {
            if (pair.TryGetValue("name", out var name) && !string.IsNullOrEmpty(name))
            {
                start.Environment[name] = pair.TryGetValue("value", out var value) ? value : string.Empty;
            }
        }

        var apiVersion = string.IsNullOrEmpty(exec.ApiVersion) ? "client.authentication.k8s.io/v1beta1" : exec.ApiVersion;
        start.Environment["KUBERNETES_EXEC_INFO"] = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = "ExecCredential",
            ["spec"] = new Dictionary<string, bool> { ["interactive"] = false },
        });

        Process process;
        try
        {
            process = Process.Start(start) ?? throw Fail("could not be started", "check users[].user.exec.command");
        }
        catch (Exception e) when (e is Win32Exception or IOException or UnauthorizedAccessException)
        {
            throw Fail("could not be started (not found or not executable)", "install the plugin (for example your cloud's CLI) or fix users[].user.exec.command; kubectl needs the same command");
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = ReadBounded(process.StandardOutput);
            var stderr = ReadBounded(process.StandardError);
            var finished = limit <= TimeSpan.Zero ? process.WaitForExit(Timeout.Infinite) : process.WaitForExit(limit);
            if (!finished)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It ended between the wait and the kill.
                }

                throw Fail($"did not finish within {limit.TotalSeconds:0} s (--request-timeout); Palisade stopped it", "run the plugin's command yourself (an interactive login cannot run inside Palisade), then try again");
            }

            // Both readers end once the process has closed its pipes.
            Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(5));
            var withheld = stderr.IsCompletedSuccessfully ? stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length : 0;
            var note = withheld == 0 ? string.Empty : $"; its error output ({withheld} line(s)) is not shown because plugins print credentials there";
            if (process.ExitCode != 0)
            {
                throw Fail($"exited with code {process.ExitCode}{note}", "run the plugin's command yourself to see why (often an expired login: log in again with your cloud's CLI)");
            }

            var text = stdout.IsCompletedSuccessfully ? stdout.Result : string.Empty;
            return Parse(text) ?? throw Fail($"printed no ExecCredential with a token or a client certificate and key{note}", "check the plugin and its apiVersion (client.authentication.k8s.io/v1 or v1beta1)");
        }
    }

    /// <summary>status.token, or status.clientCertificateData + clientKeyData; null when the output is not that.</summary>
    private static (string? Token, string? Certificate, string? Key)? Parse(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("status", out var status)
                || status.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            string? Text(string name) => status.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var token = Text("token");
            var cert = Text("clientCertificateData");
            var key = Text("clientKeyData");
            return !string.IsNullOrEmpty(token) || (!string.IsNullOrEmpty(cert) && !string.IsNullOrEmpty(key)) ? (token, cert, key) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads a stream to its end, keeping at most <see cref="MaxOutput"/> characters (the rest is drained).</summary>
    private static async Task<string> ReadBounded(StreamReader reader)
    {
        var kept = new StringBuilder();
        var buffer = new char[8192];
        int n;
        while ((n = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (kept.Length < MaxOutput)
            {
                kept.Append(buffer, 0, Math.Min(n, MaxOutput - kept.Length));
            }
        }

        return kept.ToString();
    }
}
