namespace Palisade.Tests.Cli;

/// <summary>
/// Every input of one command is read before anything runs, and every error of every input is reported together
/// (issue 13): a bad manifest does not hide a bad expectations file, profile or lint configuration.
/// </summary>
public sealed class InputAssemblyCliTests : IDisposable
{
    private const string BadPolicy = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: p, namespace: a}
        spec:
          podSelector: {}
          ingress:
            - from:
                - ipBlock: {cidr: 10.0.0.0/33}
        """;

    private const string BadExpectations = "apiVersion: palisade.dev/v1alpha1\nkind: Expectations\ncriteria: []\n";

    private const string BadProfile = "apiVersion: palisade.dev/v1alpha1\nkind: IsolationProfile\nmetadata: {name: x}\nspec:\n  isolat: {}\n";

    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("palisade-assembly-");

    public void Dispose() => dir.Delete(recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(dir.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Check_BadManifestAndBadExpectations_ReportsBothAndExits2()
    {
        Write("manifests/p.yaml", BadPolicy);
        Write("expectations.yaml", BadExpectations);
        var r = CliRunner.Run(["check", dir.FullName, "--no-lint"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(string.Empty, r.Out);
        Assert.Contains("p.yaml:8:", r.Err, StringComparison.Ordinal);
        Assert.Contains("error PAL110", r.Err, StringComparison.Ordinal);
        Assert.Contains("expectations.yaml", r.Err, StringComparison.Ordinal);
        Assert.Contains("error PAL310", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_BadManifestProfileExpectationsAndIgnoredPolicy_ReportsEveryOne()
    {
        Write("manifests/p.yaml", BadPolicy);
        Write("expectations.yaml", BadExpectations);
        Write("profile.yaml", BadProfile);
        var r = CliRunner.Run(["check", dir.FullName, "--ignore-policy", "nope/none"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error PAL110", r.Err, StringComparison.Ordinal);
        Assert.Contains("error PAL310", r.Err, StringComparison.Ordinal);
        Assert.Contains("profile.yaml:5:", r.Err, StringComparison.Ordinal);
        Assert.Contains("error PAL135", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_FolderWithoutExpectationsAndBadManifest_ReportsBoth()
    {
        Write("manifests/p.yaml", BadPolicy);
        var r = CliRunner.Run(["check", dir.FullName]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error PAL110", r.Err, StringComparison.Ordinal);
        Assert.Contains("error PAL136", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_BadManifestAndBadLintConfiguration_ReportsBoth()
    {
        Write("p.yaml", BadPolicy);
        Write(".palisade-lint.yaml", "frobnicate: true\n");
        var r = CliRunner.Run(["lint", dir.FullName]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error PAL110", r.Err, StringComparison.Ordinal);
        Assert.Contains(".palisade-lint.yaml:1:1", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_BadManifestAndBadExpectations_ReportsBothAndWritesNothing()
    {
        Write("manifests/p.yaml", BadPolicy);
        Write("expectations.yaml", BadExpectations);
        var output = Path.Combine(dir.FullName, "report.html");
        var r = CliRunner.Run(["report", dir.FullName, "-o", output]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error PAL110", r.Err, StringComparison.Ordinal);
        Assert.Contains("error PAL310", r.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Diff_BadManifestOnBothSidesAndUnknownDeletion_ReportsEveryOne()
    {
        var before = Write("old/p.yaml", BadPolicy);
        var after = Write("new/p.yaml", BadPolicy.Replace("name: p,", "name: q,", StringComparison.Ordinal));
        var r = CliRunner.Run(["diff", before, after, "--delete-policy", "nope/none"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("old/p.yaml:8:", r.Err, StringComparison.Ordinal);
        Assert.Contains("new/p.yaml:8:", r.Err, StringComparison.Ordinal);
        Assert.Contains("error PAL135", r.Err, StringComparison.Ordinal);
    }
}
