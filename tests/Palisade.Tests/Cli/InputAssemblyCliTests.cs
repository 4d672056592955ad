namespace Palisade.Tests.Cli;

/// <summary>
/// Every input of one command is read before anything runs, and every error of every input is reported together
/// (issue 13): a bad manifest does not hide a bad expectations file, profile, lint configuration or policy name.
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

    /// <summary>The files of each case (path=content; the content names one of the bad inputs above).</summary>
    private static readonly Dictionary<string, string> Contents = new(StringComparer.Ordinal)
    {
        ["policy"] = BadPolicy,
        ["policy-q"] = BadPolicy.Replace("name: p,", "name: q,", StringComparison.Ordinal),
        ["expectations"] = BadExpectations,
        ["profile"] = BadProfile,
        ["lint"] = "frobnicate: true\n",
    };

    private readonly TempFolder dir = new("palisade-assembly-");

    public void Dispose() => dir.Dispose();

    /// <summary>
    /// Writes the case's files, runs the command ("{dir}" in an argument is the case folder) and checks exit 2, no
    /// output, no file written, and every expected piece of standard error.
    /// </summary>
    [Theory]
    [InlineData("check bad manifest and bad expectations", "manifests/p.yaml=policy;expectations.yaml=expectations", "check {dir} --no-lint", "p.yaml:8:|error PAL110|expectations.yaml|error PAL330")]
    [InlineData("check bad manifest, profile, expectations and ignored policy", "manifests/p.yaml=policy;expectations.yaml=expectations;profile.yaml=profile",
        "check {dir} --ignore-policy nope/none", "error PAL110|error PAL330|profile.yaml:5:|error PAL135")]
    [InlineData("check without expectations and a bad manifest", "manifests/p.yaml=policy", "check {dir}", "error PAL110|error PAL136")]
    [InlineData("lint bad manifest and bad lint configuration", "p.yaml=policy;.palisade-lint.yaml=lint", "lint {dir}", "error PAL110|.palisade-lint.yaml:1:1")]
    [InlineData("report bad manifest and bad expectations", "manifests/p.yaml=policy;expectations.yaml=expectations", "report {dir} -o {dir}/report.html", "error PAL110|error PAL330")]
    [InlineData("diff bad manifests on both sides and an unknown deletion", "old/p.yaml=policy;new/p.yaml=policy-q",
        "diff {dir}/old {dir}/new --delete-policy nope/none", "old/p.yaml:8:|new/p.yaml:8:|error PAL135")]
    public void Command_SeveralBadInputs_ReportsEveryErrorAndExits2(string name, string files, string command, string expected)
    {
        Assert.NotEmpty(name);
        foreach (var file in files.Split(';'))
        {
            var (relative, content) = (file.Split('=')[0], Contents[file.Split('=')[1]]);
            var path = Path.Combine(dir.FullName, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }

        var before = Directory.GetFiles(dir.FullName, "*", SearchOption.AllDirectories).Length;
        var r = CliRunner.Run([.. command.Split(' ').Select(a => a.Replace("{dir}", dir.FullName, StringComparison.Ordinal))]);

        r.Exits(2).OutIsEmpty();
        Assert.Equal(before, Directory.GetFiles(dir.FullName, "*", SearchOption.AllDirectories).Length);
        Assert.All(expected.Split('|'), e => Assert.Contains(e, r.Err, StringComparison.Ordinal));
    }
}
