using System.Runtime.CompilerServices;
using Palisade.Cli;

namespace Palisade.Lab.Tests;

/// <summary>
/// <c>palisade check examples/home-lab --lab</c>: the story's acceptance criteria proved with real packets, in both
/// deny modes, with the story's policy, with the policy rendered from the profile, and with the admin-tier variant.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class CheckLabTests
{
    private static readonly string StateDir = Path.Combine(Path.GetTempPath(), "palisade-lab-test-check");

    private static string RepoRoot([CallerFilePath] string here = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        RunningLab.Down(StateDir);
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run([.. args, "--state-dir", StateDir], new CliContext(new StringReader(string.Empty), output, error, RepoRoot()));
        return (code, output.ToString(), error.ToString());
    }

    [LabTheory(realServers: true)]
    [InlineData("reject", "--no-profile")]
    [InlineData("drop", "--no-profile")]
    [InlineData("reject", "--ignore-policy")]
    [InlineData("drop", "--ignore-policy")]
    public void CheckLab_HomeLab_EveryCriterionProvedWithRealPackets(string deny, string policies)
    {
        string[] which = policies == "--no-profile" ? ["--no-profile"] : ["--ignore-policy", "dev/dev-container-isolation"];
        var (code, output, error) = Run(["check", "examples/home-lab", "--lab", "--deny", deny, "--explain", .. which]);
        Assert.True(code == 0, output + error);
        Assert.Contains("39 passed, 0 failed", output, StringComparison.Ordinal);

        // belego -> pilates SSH: refused in reject mode, timed out in drop mode, while the node's control probe connects.
        var block = output[output.IndexOf("PASS  belego cannot SSH to pilates\n", StringComparison.Ordinal)..];
        block = block[..block.IndexOf("engine predicted", StringComparison.Ordinal)];
        Assert.Contains(deny == "reject" ? "refused in" : "timed out in", block, StringComparison.Ordinal);
        Assert.Contains("control: node ->", block, StringComparison.Ordinal);
        Assert.Contains("SSH-2.0-OpenSSH", block, StringComparison.Ordinal);

        // SSH through the LoadBalancer lands in the right container.
        Assert.Contains("answered by dev/dev-container-belego", output, StringComparison.Ordinal);
        Assert.Contains("answered by dev/dev-container-pilates", output, StringComparison.Ordinal);
    }

    [LabTheory(realServers: true)]
    [InlineData("reject")]
    [InlineData("drop")]
    public void CheckLab_HomeLabAdminTierVariant_EveryCriterionProvedWithRealPackets(string deny)
    {
        // examples/home-lab/profile-admin.yaml: the guardrails live in an AdminNetworkPolicy the lab compiles into the admin chains.
        var (code, output, error) = Run(["check", "examples/home-lab", "--profile", "examples/home-lab/profile-admin.yaml",
            "--ignore-policy", "dev/dev-container-isolation", "--lab", "--deny", deny, "--explain"]);
        Assert.True(code == 0, output + error);
        Assert.Contains("39 passed, 0 failed", output, StringComparison.Ordinal);
        var block = output[output.IndexOf("PASS  belego cannot SSH to pilates\n", StringComparison.Ordinal)..];
        block = block[..block.IndexOf("engine predicted", StringComparison.Ordinal)];
        Assert.Contains(deny == "reject" ? "refused in" : "timed out in", block, StringComparison.Ordinal);
        Assert.Contains("answered by dev/dev-container-belego", output, StringComparison.Ordinal);
    }

    [LabFact(realServers: true)]
    public void CheckLab_NoPolicy_FailsWithRealPackets()
    {
        // Guards against a lab check that passes everything: without any policy the denials do not hold.
        var (code, output, _) = Run("check", "examples/home-lab", "--lab", "--no-profile", "--ignore-policy", "dev/dev-container-isolation");
        Assert.Equal(1, code);
        Assert.Contains("FAIL  belego cannot SSH to pilates", output, StringComparison.Ordinal);
        Assert.Contains("FAIL  belego cannot reach the Internet on 443 (example.com)", output, StringComparison.Ordinal);
    }
}
