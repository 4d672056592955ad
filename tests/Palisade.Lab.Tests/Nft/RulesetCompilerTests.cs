using Palisade.Lab.Netns;
using Palisade.Lab.Nft;

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
}
