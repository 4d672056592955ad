using Palisade.Cluster.Connection;

namespace Palisade.Cluster.Tests.Fake;

/// <summary>A fake API server fed with the home-lab manifests plus the live objects, and a kubeconfig for it.</summary>
public sealed class FakeCluster : IAsyncDisposable
{
    private FakeCluster(FakeApiServer server, string directory)
    {
        Server = server;
        Directory = directory;
        Kubeconfig = server.WriteKubeconfig(directory);
    }

    /// <summary>The fake API server.</summary>
    public FakeApiServer Server { get; }

    /// <summary>A temporary folder for this test.</summary>
    public string Directory { get; }

    /// <summary>The kubeconfig file pointing at the server.</summary>
    public string Kubeconfig { get; }

    /// <summary>The repository root (holds Palisade.slnx).</summary>
    public static string RepoRoot => Golden.RepoRoot;

    /// <summary>The scenario folder of these tests.</summary>
    public static string Scenario => Path.Combine(RepoRoot, "tests", "Palisade.Cluster.Tests", "scenarios", "home-lab-live");

    /// <summary>Starts a server with the home-lab objects, over HTTPS when <paramref name="tls"/>.</summary>
    public static async Task<FakeCluster> StartAsync(bool homeLab = true, bool tls = false)
    {
        var server = await FakeApiServer.StartAsync(tls);
        if (homeLab)
        {
            foreach (var f in System.IO.Directory.GetFiles(Path.Combine(RepoRoot, "examples", "home-lab", "manifests"), "*.yaml").Order(StringComparer.Ordinal))
            {
                server.Load(File.ReadAllText(f));
            }

            server.Load(File.ReadAllText(Path.Combine(Scenario, "live.yaml")));
        }

        var dir = Path.Combine(Path.GetTempPath(), "palisade-cluster-tests", Guid.NewGuid().ToString("n"));
        System.IO.Directory.CreateDirectory(dir);
        return new FakeCluster(server, dir);
    }

    /// <summary>Runs <c>palisade args... --kubeconfig</c> with this cluster's kubeconfig, in-process (<see cref="CliRunner"/>).</summary>
    public CliRunner.Result Run(params string[] args) => CliRunner.Run([.. args, "--kubeconfig", Kubeconfig]);

    /// <summary>The server's bearer token appears nowhere in what <paramref name="run"/> printed.</summary>
    public void AssertTokenNotPrinted(CliRunner.Result run) =>
        Assert.DoesNotContain(Server.Token, run.Out + run.Err, StringComparison.Ordinal);

    /// <summary>What <c>palisade args...</c> prints against a fresh home-lab cluster, once it has exited 0.</summary>
    public static async Task<string> OutputOfAsync(params string[] args)
    {
        await using var fake = await StartAsync();
        var r = fake.Run(args);
        Assert.True(r.ExitCode == 0, r.Err);
        return r.Out;
    }

    /// <summary>
    /// The pods were listed across namespaces in <paramref name="pages"/> requests of at most <paramref name="limit"/>
    /// items, every one after the first with the continue token of the one before.
    /// </summary>
    public void AssertPodsListedInPages(int limit, int pages)
    {
        var lists = Server.Requests.Where(q => q.Path == "/api/v1/pods").ToList();
        Assert.Equal(pages, lists.Count);
        Assert.All(lists, q => Assert.Contains($"limit={limit}", q.Query, StringComparison.Ordinal));
        Assert.Equal(pages - 1, lists.Count(q => q.Query.Contains("continue=", StringComparison.Ordinal)));
    }

    /// <summary>Opens a connection through the generated kubeconfig, as the CLI would.</summary>
    public ClusterConnection Connect(string? context = null) =>
        ClusterConnection.Open(new ConnectionOptions(Kubeconfig, context) { AllowInCluster = false, RequestTimeout = TimeSpan.FromSeconds(10) });

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
