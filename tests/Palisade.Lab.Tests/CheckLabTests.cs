namespace Palisade.Lab.Tests;

/// <summary>
/// <c>palisade check examples/home-lab --lab</c>: the story's acceptance criteria proved with real packets, in both
/// deny modes, with the story's policy and with the policy rendered from the profile.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class CheckLabTests
{
    private static readonly string StateDir = Path.Combine(Path.GetTempPath(), "palisade-lab-test-check");

    private static CliRunner.Result Run(params string[] args)
    {
        RunningLab.Down(StateDir);
        return CliRunner.Run([.. args, "--state-dir", StateDir]);
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
