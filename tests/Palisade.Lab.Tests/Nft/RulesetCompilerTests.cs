using Palisade.Lab.Netns;
using Palisade.Lab.Nft;
using Palisade.Model;

namespace Palisade.Lab.Tests.Nft;

public sealed class RulesetCompilerTests
{
    public static TheoryData<string> PolicySetNames => [.. PolicySets.All.Keys];

    [Theory]
    [MemberData(nameof(PolicySetNames))]
    public void E2EPolicySet_Compiled_MatchesGolden(string name)
    {
        var text = RulesetCompiler.Compile(LabTopology.Build(Models.E2E(PolicySets.All[name])), DenyMode.Reject);
        Golden.Check(Scenarios.File(name, "ruleset.nft"), text);
    }

    public static TheoryData<string> TierSetNames => [.. TierSets.All.Keys];

    [Theory]
    [MemberData(nameof(TierSetNames))]
    public void TierSet_Compiled_MatchesGolden(string name)
    {
        var text = RulesetCompiler.Compile(LabTopology.Build(TierSets.All[name]), DenyMode.Reject);
        Golden.Check(Scenarios.File(name, "ruleset.nft"), text);
    }

    [Fact]
    public void AdminTier_PassAndDecisions_CompileInEngineOrder()
    {
        var text = RulesetCompiler.Compile(LabTopology.Build(TierSets.All["tiers-admin-pass-baseline"]), DenyMode.Reject);

        // x/a (pod0): admin ingress rules in order, then the NetworkPolicy part, where no NetworkPolicy selects it, so the baseline.
        var head = Chain(text, "pod0_in");
        var deny = head.FindIndex(l => l.Contains("no-y-a-on-80 Deny", StringComparison.Ordinal));
        var pass = head.FindIndex(l => l.Contains("y-to-owners Pass", StringComparison.Ordinal));
        var allowZc = head.FindIndex(l => l.Contains("allow-z-c (priority 20)", StringComparison.Ordinal));
        Assert.True(deny > 0 && pass > deny && allowZc > pass, string.Join("\n", head));
        Assert.EndsWith("goto pod0_in_np", head[pass].Split(" comment ")[0], StringComparison.Ordinal);
        Assert.StartsWith("goto pod0_in_np", head[^1], StringComparison.Ordinal);
        var rest = Chain(text, "pod0_in_np");
        Assert.Contains(rest, l => l.Contains("BaselineAdminNetworkPolicy default", StringComparison.Ordinal) && l.Contains(" reject ", StringComparison.Ordinal));
        Assert.StartsWith("accept comment \"not isolated", rest[^1], StringComparison.Ordinal);

        // x/b (pod1) has a NetworkPolicy for ingress: the baseline never decides it.
        var isolated = Chain(text, "pod1_in_np");
        Assert.DoesNotContain(isolated, l => l.Contains("Baseline", StringComparison.Ordinal));
        Assert.StartsWith("reject with icmpx type port-unreachable comment \"isolated by x/b-ingress", isolated[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void NoTiers_Unchanged_NoSecondChain()
    {
        foreach (var name in PolicySets.All.Keys)
        {
            Assert.DoesNotContain("_np {", RulesetCompiler.Compile(LabTopology.Build(Models.E2E(PolicySets.All[name])), DenyMode.Reject), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RandomTiers_CoverEveryTierOutcome()
    {
        // The differential test's random clusters must exercise what the chains encode: admin Allow and Deny, a Pass to
        // NetworkPolicy, and baseline Allow and Deny.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var seed in Enumerable.Range(1, 8))
        {
            var topology = LabTopology.Build(TierSets.Random(seed));
            var engine = new Palisade.Engine.PolicyEngine(topology.Snapshot);
            foreach (var from in topology.Pods)
            {
                foreach (var to in topology.Pods.Where(p => p != from))
                {
                    foreach (var port in Models.E2EPorts)
                    {
                        var v = engine.Evaluate(new Palisade.Model.PodEndpoint(from.Pod), new Palisade.Model.PodEndpoint(to.Pod), port.Port, port.Protocol);
                        foreach (var side in new[] { v.Egress, v.Ingress })
                        {
                            if (side is Palisade.Engine.DecidedByTier t)
                            {
                                seen.Add($"{t.Tier} {t.Match.Rule.Action}");
                            }

                            if (side.Tiers.AdminPass is not null)
                            {
                                seen.Add("Admin Pass");
                            }
                        }
                    }
                }
            }
        }

        Assert.Superset(new HashSet<string>(StringComparer.Ordinal) { "Admin Allow", "Admin Deny", "Admin Pass", "Baseline Allow", "Baseline Deny" }, seen);
    }

    private static List<string> Chain(string text, string name)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).ToList();
        var start = lines.IndexOf($"chain {name} {{");
        Assert.True(start >= 0, $"no chain {name}");
        var end = lines.IndexOf("}", start);
        return lines[(start + 2)..end];
    }

    [Fact]
    public void HomeLab_BothDenyModes_MatchGolden()
    {
        var topology = LabTopology.Build(Models.HomeLab());
        Golden.Check(Scenarios.File("home-lab", "ruleset-reject.nft"), RulesetCompiler.Compile(topology, DenyMode.Reject));
        Golden.Check(Scenarios.File("home-lab", "ruleset-drop.nft"), RulesetCompiler.Compile(topology, DenyMode.Drop));
    }

    [Fact]
    public void Compile_SameInputTwice_SameText()
    {
        var a = RulesetCompiler.Compile(LabTopology.Build(Models.HomeLab()), DenyMode.Reject);
        var b = RulesetCompiler.Compile(LabTopology.Build(Models.HomeLab()), DenyMode.Reject);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Compile_NeverUsesTcpReset()
    {
        foreach (var mode in new[] { DenyMode.Reject, DenyMode.Drop })
        {
            var text = RulesetCompiler.Compile(LabTopology.Build(Models.HomeLab()), mode);
            Assert.DoesNotContain("tcp reset", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DisjointBoxes_OverlappingInput_CoverSamePointsWithoutOverlap()
    {
        var input = new[]
        {
            new Box(0, 100, Palisade.Net.Protocol.TCP, 80, 80),
            new Box(50, 60, Palisade.Net.Protocol.TCP, 70, 90),
            new Box(101, 120, Palisade.Net.Protocol.TCP, 80, 80),
        };
        var output = Box.Disjoint(input);
        bool Covered(IEnumerable<Box> boxes, uint a, int p) => boxes.Any(b => b.First <= a && a <= b.Last && b.PortFirst <= p && p <= b.PortLast);
        for (uint a = 0; a <= 130; a++)
        {
            for (var p = 60; p <= 95; p++)
            {
                Assert.Equal(Covered(input, a, p), Covered(output, a, p));
                Assert.True(output.Count(b => b.First <= a && a <= b.Last && b.PortFirst <= p && p <= b.PortLast) <= 1);
            }
        }
    }

    [Fact]
    public void LongPolicyNames_ManyPoliciesOnOnePod_EveryCommentFitsNftablesLimit()
    {
        // nftables refuses a comment longer than 128 bytes, and the API allows 253-character names: five long-named
        // policies isolating one pod must still give a ruleset the kernel takes.
        var name = new string('p', 240);
        var policies = Enumerable.Range(0, 5).Select(i => Models.Policy("x", $"{name}-{i}", LabelSelector.Everything, PolicyTypes.Ingress | PolicyTypes.Egress,
            ingress: [([Models.NsSel("ns", "y")], null)], egress: [([Models.NsSel("ns", "z")], null)])).ToArray();
        var text = RulesetCompiler.Compile(LabTopology.Build(Models.E2E(policies)), DenyMode.Reject);

        var comments = System.Text.RegularExpressions.Regex.Matches(text, "comment \"([^\"]*)\"");
        Assert.NotEmpty(comments);
        Assert.All(comments, c => Assert.True(System.Text.Encoding.UTF8.GetByteCount(c.Groups[1].Value) <= 128, c.Groups[1].Value));
        Assert.Contains(comments, c => c.Groups[1].Value.Contains("isolated by", StringComparison.Ordinal));
    }
}
