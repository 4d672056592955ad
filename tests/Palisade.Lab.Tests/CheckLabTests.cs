namespace Palisade.Lab.Tests;

/// <summary>
/// <c>palisade check examples/home-lab --lab</c>: the story's acceptance criteria proved with real packets, in both
/// deny modes, with the story's policy, with the policy rendered from the profile, and with the admin-tier variant.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class CheckLabTests
{
    private static CliRunner.Result Run(params string[] args)
    {
        RunningLab.DownAsync(LabCollection.StateDir).GetAwaiter().GetResult();
        return CliRunner.Run([.. args, "--state-dir", LabCollection.StateDir]);
    }

    /// <summary>The lines proving "belego cannot SSH to pilates": refused in reject mode, timed out in drop mode.</summary>
    private static string SshBlockedBlock(string output, string deny)
    {
        var block = output[output.IndexOf("PASS  belego cannot SSH to pilates\n", StringComparison.Ordinal)..];
        block = block[..block.IndexOf("engine predicted", StringComparison.Ordinal)];
        Assert.Contains(deny == "reject" ? "refused in" : "timed out in", block, StringComparison.Ordinal);
        return block;
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
        var block = SshBlockedBlock(output, deny);
        Assert.Contains("control: node ->", block, StringComparison.Ordinal);
        Assert.Contains("SSH-2.0-OpenSSH", block, StringComparison.Ordinal);

        // SSH through the LoadBalancer lands in the right container.
        Assert.Contains("answered by dev/dev-container-belego", output, StringComparison.Ordinal);
        Assert.Contains("answered by dev/dev-container-pilates", output, StringComparison.Ordinal);

        // The quantified claims are probed with real packets, one representative per interval: belego reaches no
        // Internet address on any port (every TCP and UDP representative blocked while the node's control connects).
        var internet = output[output.IndexOf("PASS  belego reaches nothing on the Internet, on any port\n", StringComparison.Ordinal)..];
        internet = internet[..internet.IndexOf("engine predicted", StringComparison.Ordinal)];
        Assert.Matches(@"\d+ representatives probed \(one per interval\) \(lab, (reject|drop) mode\): 0 reachable, \d+ blocked\n", internet);
        Assert.Contains("PASS  the nginx proxy pods reach every dev container, present and to come, on 22/TCP", output, StringComparison.Ordinal);
        Assert.Contains("a pod to come (hypothetical: true) is not started in the lab", output, StringComparison.Ordinal);
    }

    [LabFact(realServers: true)]
    public void CheckLab_StoryPolicyPlusEgressTo0000On8443_FailsWithARealPacketOn8443()
    {
        // The hole the sampled expectations miss: one extra egress rule to 0.0.0.0/0 on 8443. A representative probe of
        // the interval holding 8443 connects to an outside address, and the report names it.
        var dir = Directory.CreateTempSubdirectory("palisade-lab-hole-");
        try
        {
            var home = Path.Combine(Golden.RepoRoot, "examples", "home-lab");
            foreach (var f in Directory.GetFiles(home, "*", SearchOption.AllDirectories))
            {
                var to = Path.Combine(dir.FullName, Path.GetRelativePath(home, f));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(f, to);
            }

            var policy = Path.Combine(dir.FullName, "manifests", "networkpolicy.yaml");
            var text = File.ReadAllText(policy);
            var at = text.IndexOf("  egress:\n", StringComparison.Ordinal) + "  egress:\n".Length;
            File.WriteAllText(policy, text[..at] + "  - to:\n    - ipBlock:\n        cidr: 0.0.0.0/0\n    ports:\n    - protocol: TCP\n      port: 8443\n" + text[at..]);

            var (code, output, error) = Run("check", dir.FullName, "--lab", "--no-profile", "--no-lint", "--explain");

            Assert.True(code == 1, output + error);
            Assert.Contains("FAIL  belego reaches nothing on the Internet, on any port", output, StringComparison.Ordinal);
            Assert.Matches(@"counterexample: dev/dev-container-belego\S* -> 1\.0\.0\.0 port 8443/TCP is reachable", output);
            Assert.Contains("counterexample probe: dev/dev-container-belego -> 1.0.0.0:8443/TCP connected", output, StringComparison.Ordinal);
            Assert.Contains("PASS  belego cannot reach the Internet on 443 (example.com)", output, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
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
        SshBlockedBlock(output, deny);
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
