namespace Palisade.Cluster.Tests.Cli;

/// <summary>
/// Runs a published <c>palisade</c> (the NativeAOT or ReadyToRun single file that scripts/publish.sh builds, named by
/// PALISADE_BINARY) on every command and compares it with the same command run in-process from the JIT build: exit
/// code, standard output, standard error and written files must be equal. A trimmed or AOT-compiled binary that loses
/// a type, a resource or a code path fails here. scripts/publish.sh runs these tests on the binary it built.
/// </summary>
public sealed class PublishedBinaryTests
{
    private static readonly string Root = Golden.RepoRoot;

    /// <summary>Commands on files only; $TMP is a fresh folder for output files.</summary>
    public static TheoryData<string> FileCommands() =>
    [
        "--help",
        "--version",
        "matrix examples/home-lab/manifests",
        "matrix examples/home-lab/manifests --port 22/TCP --output json",
        "matrix examples/home-lab/manifests --output compact",
        "check examples/home-lab",
        "check examples/home-lab -o json",
        "check examples/home-lab -o junit",
        "check examples/home-lab -o md",
        "lint examples/home-lab/manifests",
        "lint examples/home-lab/manifests -o json",
        "explain examples/home-lab/manifests --from ml/ollama --to dev/dev-container-belego --port 22",
        "render examples/home-lab/profile.yaml",
        "render examples/home-lab/profile-admin.yaml",
        "render examples/home-lab/profile.yaml --output-file $TMP/rendered.yaml",
        "diff examples/home-lab/manifests examples/home-lab/profile.yaml",
        "diff examples/home-lab/manifests examples/home-lab/profile.yaml -o json",
        "diff tests/scenarios/diff/tiers/none tests/scenarios/diff/tiers/anp-deny",
        "matrix tests/scenarios/diff/tiers/cnp-nodes",
        "report examples/home-lab --output-file $TMP/report.html",
        "report examples/home-lab -o dot",
        "generate --tier S --seed 3",
        "generate --tier S --seed 3 -o yaml --output-file $TMP/s.yaml",
        "completion bash",
        "completion zsh",
        "completion fish",
        "completion pwsh",
        "lab --help",
        "lab up --help",
        "cluster --help",
        "matrix --no-such-option examples/home-lab/manifests",
        "nosuchcommand",
        "lint tests/scenarios/bad-input/cases/alias-bomb-in-policy.yaml",
        "matrix tests/scenarios/bad-input/cases/depth-flow-list-12000.yaml",
        "matrix tests/scenarios/bad-input/cases/depth-json-object-300.json",
        "check examples/home-lab/manifests --no-profile --expect tests/scenarios/bad-input/cases/alias-expect.yaml",
    ];

    /// <summary>Commands against the fake API server; $KUBECONFIG is its kubeconfig.</summary>
    public static TheoryData<string> ClusterCommands() =>
    [
        "matrix --cluster --kubeconfig $KUBECONFIG",
        "matrix --cluster -n apps --kubeconfig $KUBECONFIG --output json",
        "explain --cluster --kubeconfig $KUBECONFIG --from ml/ollama --to dev/dev-container-belego --port 22",
        "lint --cluster --kubeconfig $KUBECONFIG",
        "diff --cluster examples/home-lab/profile.yaml --kubeconfig $KUBECONFIG",
        "cluster snapshot --output-file $TMP/snap --kubeconfig $KUBECONFIG",
        "cluster apply examples/home-lab/profile.yaml --dry-run --kubeconfig $KUBECONFIG",
        "report --cluster --kubeconfig $KUBECONFIG -o dot",
    ];

    [PublishedBinaryTheory]
    [MemberData(nameof(FileCommands))]
    public void PublishedBinary_FileCommand_MatchesTheJitBuild(string command) => Compare(command, kubeconfig: null);

    [PublishedBinaryTheory]
    [MemberData(nameof(ClusterCommands))]
    public async Task PublishedBinary_ClusterCommand_MatchesTheJitBuild(string command)
    {
        await using var fake = await FakeCluster.StartAsync();
        Compare(command, fake.Kubeconfig);
    }

    private static void Compare(string command, string? kubeconfig)
    {
        var tmp = Directory.CreateTempSubdirectory("palisade-published-");
        try
        {
            var expected = Run(command, kubeconfig, Path.Combine(tmp.FullName, "jit"), inProcess: true);
            var actual = Run(command, kubeconfig, Path.Combine(tmp.FullName, "bin"), inProcess: false);

            Assert.True(expected.ExitCode == actual.ExitCode,
                $"exit {actual.ExitCode}, the JIT build exits {expected.ExitCode}\n--- stderr\n{actual.Err}\n--- JIT stderr\n{expected.Err}");
            Assert.Equal(expected.Out, actual.Out);
            Assert.Equal(expected.Err, actual.Err);
            Assert.Equal(expected.Files, actual.Files);
            Assert.True(expected.ExitCode is 0 or 1 or 2, $"the JIT build exits {expected.ExitCode}: {expected.Err}");
        }
        finally
        {
            tmp.Delete(recursive: true);
        }
    }

    private sealed record Outcome(int ExitCode, string Out, string Err, IReadOnlyList<string> Files);

    // Runs one command with $TMP pointing at its own folder; both runs' outputs then compare with $TMP normalised.
    private static Outcome Run(string command, string? kubeconfig, string tmp, bool inProcess)
    {
        Directory.CreateDirectory(tmp);
        var args = command.Split(' ').Select(a => a.Replace("$TMP", tmp, StringComparison.Ordinal).Replace("$KUBECONFIG", kubeconfig ?? "-", StringComparison.Ordinal)).ToArray();
        var (code, stdout, stderr) = inProcess ? InProcess(args) : Child(args);
        var files = Directory.GetFiles(tmp, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(tmp, f) + "\n" + File.ReadAllText(f)).ToList();
        return new Outcome(code, stdout.Replace(tmp, "$TMP", StringComparison.Ordinal), stderr.Replace(tmp, "$TMP", StringComparison.Ordinal), files);
    }

    // In-process, System.CommandLine names the root command after the test host's executable.
    private static (int, string, string) InProcess(string[] args)
    {
        var r = CliRunner.Run(args);
        return (r.ExitCode, r.Out.Replace("testhost", "palisade", StringComparison.Ordinal), r.Err.Replace("testhost", "palisade", StringComparison.Ordinal));
    }

    private static (int, string, string) Child(string[] args)
    {
        var r = ChildProcess.Run(PublishedBinaryTheoryAttribute.Binary!, args, Root, timeout: TimeSpan.FromMinutes(2));
        return (r.ExitCode, r.Out, r.Err);
    }
}

/// <summary>
/// A theory over a published binary: skipped with the reason when PALISADE_BINARY names none (CI builds no published
/// binary; scripts/publish.sh sets it for the binary it built).
/// </summary>
public sealed class PublishedBinaryTheoryAttribute : TheoryAttribute
{
    /// <summary>Gates the theory on PALISADE_BINARY.</summary>
    public PublishedBinaryTheoryAttribute()
    {
        if (Binary is null)
        {
            Skip = "PALISADE_BINARY names no executable (scripts/publish.sh sets it for the binary it built)";
        }
    }

    /// <summary>The full path of the published binary, or null.</summary>
    public static string? Binary { get; } =
        Environment.GetEnvironmentVariable("PALISADE_BINARY") is { Length: > 0 } b && File.Exists(b) ? Path.GetFullPath(b) : null;
}
