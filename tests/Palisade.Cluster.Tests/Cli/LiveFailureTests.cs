using System.Diagnostics;
using Palisade.Cli;
using Palisade.Cluster.Tests.Connection;

namespace Palisade.Cluster.Tests.Cli;

/// <summary>
/// Every way of failing to reach or understand the API server ends in one PAL44x/PAL45x line and exit 4, and no
/// secret (token, password, key data, plugin output) appears in any output, with or without --debug.
/// </summary>
public sealed class LiveFailureTests : IDisposable
{
    private const string Token = "tok-SECRET-4b1d9e77c0ffee";
    private const string Password = "pw-SECRET-hunter2x";
    private const string KeyData = "KEYDATA-SECRET-not*base64";
    private const string PluginSecret = "PLUGIN-SECRET-refresh-91f2";

    private static readonly string[] Secrets = [Token, Password, KeyData, PluginSecret];

    private readonly string dir = Path.Combine(Path.GetTempPath(), "palisade-live-failure-tests", Guid.NewGuid().ToString("n"));

    public LiveFailureTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void SilentServer_RequestTimeout_IsPal450WithinTheTimeout()
    {
        using var server = RawServer.Silent();
        var kubeconfig = WithToken(server.Address);

        var watch = Stopwatch.StartNew();
        var r = Snapshot(kubeconfig, "--request-timeout", "1s");

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        AssertEnvironmentError(r, "PAL450", "did not answer within 1 s");
    }

    [Fact]
    public void SilentServer_DefaultTimeout_IsThirtySeconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), Cluster.Connection.ConnectionOptions.DefaultRequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), new Cluster.Connection.ConnectionOptions().RequestTimeout);
    }

    [Fact]
    public void RequestTimeout_NotADuration_IsPal139InputError()
    {
        var r = Run("cluster", "snapshot", "--request-timeout", "soon", "--kubeconfig", WithToken("http://127.0.0.1:1"));

        Assert.Equal(ExitCodes.Input, r.ExitCode);
        Assert.Contains("PAL139", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void HtmlAnswer_IsPal451()
    {
        using var server = RawServer.Answering("text/html", $"<html><body>Sign in {Token}</body></html>");

        var r = RunBoth("matrix", "--cluster", "--kubeconfig", WithToken(server.Address));

        AssertEnvironmentError(r, "PAL451", "is not the Kubernetes API JSON");
    }

    [Fact]
    public void JsonOfTheWrongShape_IsPal451()
    {
        using var server = RawServer.Answering("application/json", "{\"kind\":\"NamespaceList\",\"items\":7}");

        var r = Snapshot(WithToken(server.Address));

        AssertEnvironmentError(r, "PAL451", "'list namespaces'");
    }

    [Fact]
    public void HttpsToAPlainHttpPort_IsPal452Tls()
    {
        using var server = RawServer.Answering("text/html", "<html></html>");
        var https = server.Address.Replace("http://", "https://", StringComparison.Ordinal);

        var r = Snapshot(WithToken(https));

        AssertEnvironmentError(r, "PAL452", "TLS handshake");
    }

    // A refused connection, a name that does not resolve, a password in the URL (redacted in every message).
    [Theory]
    [InlineData("http://127.0.0.1:{port}", "cannot reach the API server")]
    [InlineData("https://palisade-no-such-host.invalid:6443", "palisade-no-such-host.invalid")]
    [InlineData("http://admin:" + Password + "@127.0.0.1:{port}", "http://[redacted]@127.0.0.1:")]
    public void ServerNotReached_IsPal443(string server, string phrase)
    {
        var url = server.Replace("{port}", RawServer.ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        AssertEnvironmentError(Snapshot(WithToken(url), "--request-timeout", "10s"), "PAL443", phrase);
    }

    [Fact]
    public void ControlCharactersInServerUrl_NeverReachTheTerminal()
    {
        var r = Snapshot(WithToken($"\"http://127.0.0.1:{RawServer.ClosedPort()}/\\e[31mred\""));

        AssertEnvironmentError(r, "PAL443", "?[31mred");
        Assert.DoesNotContain('\u001b', r.Plain.Err + r.Debug.Err);
    }

    [Fact]
    public void MissingClientCertificateFile_IsPal442()
    {
        var kubeconfig = Kubeconfig("https://127.0.0.1:1", $"client-certificate: {dir}/absent.crt\n    client-key: {dir}/absent.key");

        var r = Snapshot(kubeconfig);

        AssertEnvironmentError(r, "PAL442", "does not exist");
    }

    [Fact]
    public void ClientKeyDataNotBase64_IsPal442AndNotEchoed()
    {
        var kubeconfig = Kubeconfig("https://127.0.0.1:1", $"client-certificate-data: {KeyData}\n    client-key-data: {KeyData}");

        var r = Snapshot(kubeconfig);

        AssertEnvironmentError(r, "PAL442", "not valid base64");
    }

    [Fact]
    public void KubeconfigNotYaml_IsPal442()
    {
        var path = Path.Combine(dir, "broken");
        File.WriteAllText(path, $"apiVersion: v1\nkind: Config\nusers: [{{name: u, user: {{token: {Token}}}\nclusters: {{\n");

        var r = Snapshot(path);

        AssertEnvironmentError(r, "PAL442", "cannot read kubeconfig");
    }

    [Fact]
    public void KubeconfigEndless_IsPal442NotAnOutOfMemory()
    {
        var r = Snapshot("/dev/zero");

        AssertEnvironmentError(r, "PAL442", "a character device");
    }

    [Fact]
    public void KubeconfigFifo_IsPal442NotAHang()
    {
        // A named pipe with no writer blocks an ordinary open for ever; the bounded reader never opens it.
        var fifo = Path.Combine(dir, "kubeconfig-fifo");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
        }

        AssertEnvironmentError(Snapshot(fifo), "PAL442", "named pipe");
    }

    [Fact]
    public void KubeconfigHuge_IsPal442()
    {
        var big = Path.Combine(dir, "kubeconfig-huge");
        using (var f = File.Create(big))
        {
            f.SetLength((8 * 1024 * 1024) + 1);
        }

        AssertEnvironmentError(Snapshot(big), "PAL442", "larger than");
    }

    [Fact]
    public void FailingExecPlugin_IsPal453AndItsStderrIsWithheld()
    {
        var plugin = Script("failing-plugin", $"#!/bin/sh\necho \"error: refresh token {PluginSecret} was revoked\" >&2\nexit 3\n");

        var r = Snapshot(Kubeconfig("https://127.0.0.1:1", Exec(plugin)));

        AssertEnvironmentError(r, "PAL453", "exited with code 3");
        Assert.Contains("1 line(s)) is not shown", r.Plain.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void ExecPluginPrintingGarbage_IsPal453()
    {
        var plugin = Script("garbage-plugin", $"#!/bin/sh\necho 'not json {PluginSecret}'\n");

        var r = Snapshot(Kubeconfig("https://127.0.0.1:1", Exec(plugin)));

        AssertEnvironmentError(r, "PAL453", "printed no ExecCredential");
    }

    [Fact]
    public async Task WorkingExecPlugin_TokenReachesTheServerAndIsNeverPrinted()
    {
        await using var fake = await FakeCluster.StartAsync();
        fake.Server.Token = PluginSecret;
        var credential = "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"" + PluginSecret + "\"}}";
        var plugin = Script("token-plugin", $"#!/bin/sh\necho 'noise on stderr {Token}' >&2\n[ -n \"$KUBERNETES_EXEC_INFO\" ] || exit 9\necho '{credential}'\n");

        var plain = Run("matrix", "--cluster", "--kubeconfig", Kubeconfig(fake.Server.Address, Exec(plugin)));
        var debug = Run("--debug", "matrix", "--cluster", "--kubeconfig", Kubeconfig(fake.Server.Address, Exec(plugin)));

        Assert.True(plain.ExitCode == 0, plain.Err);
        Assert.Equal(plain.Out, debug.Out);
        Assert.Contains(fake.Server.Requests, q => q.Authorization == $"Bearer {PluginSecret}");
        Assert.Contains("PAL454", plain.Err, StringComparison.Ordinal);
        AssertNoSecret(plain, debug);
    }

    [Fact]
    public async Task TokenOverPlainHttp_WarnsPal454OnStderrOnly()
    {
        await using var fake = await FakeCluster.StartAsync();

        var r = fake.Run("cluster", "snapshot");

        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("warning PAL454", r.Err, StringComparison.Ordinal);
        Assert.Contains("sent unencrypted", r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("PAL454", r.Out, StringComparison.Ordinal);
        fake.AssertTokenNotPrinted(r);
    }

    [Fact]
    public async Task HttpsFake_TrustedCertificate_ReadsWithoutThePlainHttpWarning()
    {
        await using var fake = await FakeCluster.StartAsync(tls: true);

        var r = fake.Run("cluster", "snapshot");

        Assert.True(r.ExitCode == 0, r.Err);
        Assert.StartsWith("https://127.0.0.1:", fake.Server.Address, StringComparison.Ordinal);
        Assert.DoesNotContain("PAL454", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpsFake_UntrustedCertificate_IsPal452()
    {
        await using var fake = await FakeCluster.StartAsync(tls: true);
        await using var other = await FakeApiServer.StartAsync(tls: true);
        var kubeconfig = File.ReadAllText(fake.Kubeconfig).Replace(
            Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(fake.Server.CertificatePem!)),
            Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(other.CertificatePem!)),
            StringComparison.Ordinal).Replace(fake.Server.Token, Token, StringComparison.Ordinal);
        var path = Path.Combine(dir, "untrusted");
        File.WriteAllText(path, kubeconfig);

        var r = Snapshot(path);

        AssertEnvironmentError(r, "PAL452", "TLS handshake");
    }

    private static CliRunner.Result Run(params string[] args) => CliRunner.Run(args);

    private static (CliRunner.Result Plain, CliRunner.Result Debug) RunBoth(params string[] args) =>
        (Run(args), Run(["--debug", .. args]));

    /// <summary><c>cluster snapshot</c> through <paramref name="kubeconfig"/> with more <paramref name="options"/>, with and without --debug.</summary>
    private static (CliRunner.Result Plain, CliRunner.Result Debug) Snapshot(string kubeconfig, params string[] options) =>
        RunBoth(["cluster", "snapshot", .. options, "--kubeconfig", kubeconfig]);

    /// <summary>Exit 4, the code, one error line (plus help), the phrase, and no secret anywhere, with and without --debug.</summary>
    private static void AssertEnvironmentError((CliRunner.Result Plain, CliRunner.Result Debug) r, string code, string phrase)
    {
        foreach (var run in new[] { r.Plain, r.Debug })
        {
            Assert.True(run.ExitCode == ExitCodes.Environment, $"exit {run.ExitCode}: {run.Err}");
            var errors = run.Err.Split('\n').Where(l => l.StartsWith("palisade: error", StringComparison.Ordinal)).ToList();
            Assert.True(errors.Count == 1 && errors[0].StartsWith($"palisade: error {code}: ", StringComparison.Ordinal), run.Err);
            Assert.Contains(phrase, errors[0], StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", run.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", run.Err, StringComparison.Ordinal);
        }

        AssertNoSecret(r.Plain, r.Debug);
    }

    private static void AssertNoSecret(params CliRunner.Result[] runs)
    {
        foreach (var run in runs)
        {
            foreach (var secret in Secrets)
            {
                Assert.DoesNotContain(secret, run.Out + run.Err, StringComparison.Ordinal);
            }
        }
    }

    private static string Exec(string command) => $"exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: {command}\n      interactiveMode: Never";

    private string Script(string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    /// <summary>A kubeconfig for <paramref name="server"/> whose user has the secret token.</summary>
    private string WithToken(string server) => Kubeconfig(server, $"token: {Token}");

    /// <summary>A kubeconfig with one context whose user has the given (indented) credential lines.</summary>
    private string Kubeconfig(string server, string user)
    {
        var path = Path.Combine(dir, $"kubeconfig-{Guid.NewGuid():n}");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster:
                server: {server}
            users:
            - name: u
              user:
                {user}
            contexts:
            - name: x
              context:
                cluster: c
                user: u
            current-context: x
            """);
        return path;
    }
}
