using CsCheck;
using Palisade.Diffing;
using Palisade.Engine;
using Palisade.Expectations;
using Palisade.Manifests.Documents;
using Palisade.Model;
using Palisade.Net;
using Palisade.TestSupport;

namespace Palisade.Tests.Expectations;

/// <summary>Selector ends (every pod matching, and pods to come) through the library: labels, reader, exactness.</summary>
public sealed class SelectorExpectationTests
{
    private static LabelSelector Selector(params (string Key, SelectorOperator Op, string[] Values)[] requirements) =>
        new(requirements.Select(r => new SelectorRequirement(r.Key, r.Op, r.Values.ToEquatableArray())).ToEquatableArray());

    [Fact]
    public void HypotheticalLabels_MatchLabelsAndExpressions_GivesTheSmallestSet()
    {
        var s = Selector(
            ("app", SelectorOperator.In, ["web"]),
            ("tier", SelectorOperator.In, ["b", "a"]),
            ("tier", SelectorOperator.NotIn, ["a"]),
            ("team", SelectorOperator.Exists, []),
            ("env", SelectorOperator.NotIn, ["prod"]),
            ("legacy", SelectorOperator.DoesNotExist, []));
        Assert.True(HypotheticalLabels.TrySatisfy(s, out var labels, out _));
        Assert.Equal(Labels.Of("app", "web", "team", string.Empty, "tier", "b"), labels);
        Assert.True(s.Matches(labels));
    }

    [Fact]
    public void HypotheticalLabels_ExistsWithTheEmptyValueForbidden_TakesTheFirstFreeValue()
    {
        var s = Selector(("team", SelectorOperator.Exists, []), ("team", SelectorOperator.NotIn, ["", "v0"]));
        Assert.True(HypotheticalLabels.TrySatisfy(s, out var labels, out _));
        Assert.Equal("v1", labels["team"]);
    }

    [Theory]
    [InlineData("In:a", "NotIn:a")]
    [InlineData("In:a", "In:b")]
    [InlineData("Exists", "DoesNotExist")]
    [InlineData("In:a", "DoesNotExist")]
    public void HypotheticalLabels_ContradictingRequirements_AreUnsatisfiable(string first, string second)
    {
        static SelectorRequirement Parse(string t)
        {
            var parts = t.Split(':');
            return new SelectorRequirement("k", Enum.Parse<SelectorOperator>(parts[0]), parts.Skip(1).ToEquatableArray());
        }

        var s = new LabelSelector(new[] { Parse(first), Parse(second) }.ToEquatableArray());
        Assert.False(HypotheticalLabels.TrySatisfy(s, out _, out var reason));
        Assert.Contains("'k'", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void HypotheticalLabels_OnGeneratedSelectors_SatisfiesExactlyWhenSomeLabelSetDoesAndIsMinimal()
    {
        string[] values = ["", "a", "b", "c", "x", "y", "z"];
        SmallClusterGen.SelectorGen.Sample(selector =>
        {
            var keys = selector.Keys.Distinct(StringComparer.Ordinal).ToArray();
            // Every label set over the selector's keys: absent or one of the values it can name (any other value
            // behaves as the empty one). A search over them decides satisfiability.
            var someMatch = false;
            var options = values.Length + 1;
            var total = (int)Math.Pow(options, keys.Length);
            for (var n = 0; n < total && !someMatch; n++)
            {
                var pairs = new List<KeyValuePair<string, string>>();
                var rest = n;
                foreach (var key in keys)
                {
                    var pick = rest % options;
                    rest /= options;
                    if (pick > 0)
                    {
                        pairs.Add(new(key, values[pick - 1]));
                    }
                }

                someMatch = selector.Matches(Labels.From(pairs));
            }

            var found = HypotheticalLabels.TrySatisfy(selector, out var labels, out _);
            if (found != someMatch || (found && !selector.Matches(labels)))
            {
                return false;
            }

            // Minimal: every label is one an In or Exists requirement demands.
            return !found || labels.SortedKeys.All(k => selector.Requirements.Any(r => r.Key == k && r.Operator is SelectorOperator.In or SelectorOperator.Exists));
        }, iter: 2000, seed: null);
    }

    private static Palisade.Diagnostics.Diagnosed<ExpectationSet?> Read(string from, string to, string port = "any", string extra = "")
    {
        var text = "apiVersion: palisade.dev/v1alpha1\nkind: Expectations\ncriteria:\n  - id: S1\n    title: t\n    expect:\n"
            + $"      - name: e\n        from: {from}\n        to: {to}\n        port: \"{port}\"\n        allowed: false\n{extra}";
        return ExpectationsReader.Read("e.yaml", "e.yaml", text);
    }

    [Fact]
    public void Reader_SelectorEnds_AreReadAsSelectorsAndQuantified()
    {
        var r = Read("{namespaceSelector: {}, podSelector: {matchExpressions: [{key: app, operator: NotIn, values: [nginx]}]}, hypothetical: true}",
            "{namespace: dev, podSelector: {matchLabels: {app: dev}}}", "22/TCP");
        Assert.True(r.Value is not null, string.Join("\n", r.Diagnostics));
        var e = r.Value!.All.Single();
        Assert.True(e.IsQuantified);
        Assert.Equal(new PodSetSelector(new SelectorNamespaces.Selected(LabelSelector.Everything),
            Selector(("app", SelectorOperator.NotIn, ["nginx"])), Hypothetical: true), e.FromSelector);
        Assert.Equal(new SelectorNamespaces.Named("dev"), e.ToSelector!.Namespace);
        Assert.False(e.ToSelector.Hypothetical);
        Assert.Equal("{namespace: dev, podSelector: app=dev}", e.To);
    }

    [Theory]
    [InlineData("{podSelector: {}}", "PAL357", 8)]
    [InlineData("{namespace: dev, namespaceSelector: {}}", "PAL357", 8)]
    [InlineData("{namespace: Dev_1}", "PAL357", 8)]
    [InlineData("[dev]", "PAL357", 8)]
    [InlineData("{namespace: dev, podSelecter: {}}", "PAL104", 8)]
    [InlineData("{namespace: dev, hypothetical: maybe}", "PAL105", 8)]
    public void Reader_BadSelector_IsALocatedError(string from, string code, int line)
    {
        var r = Read(from, "internet");
        Assert.Null(r.Value);
        var d = Assert.Single(r.Diagnostics, d => d.Code == code);
        Assert.Equal(line, d.Location.Line);
        Assert.DoesNotContain(r.Diagnostics, x => x.Message.Contains("has no from", StringComparison.Ordinal));
    }

    [Fact]
    public void Reader_ReachesBesideASelector_IsPAL352()
    {
        var r = Read("dev/a", "{namespace: dev}", "22/TCP", "        reaches: dev/b\n");
        Assert.Contains(r.Diagnostics, d => d.Code == "PAL352");
    }

    private static readonly PortInterval[] SmallPorts = [new(Protocol.TCP, 78, 82), new(Protocol.UDP, 52, 54), new(Protocol.SCTP, 79, 81)];
    private static readonly NamedPortRef[] Named = [new("http", Protocol.TCP), new("dns", Protocol.UDP)];

    [Theory]
    [InlineData("ssh", "", "ssh/TCP")]
    [InlineData("dns-tcp/TCP, 53/UDP, ssh/UDP", "53/UDP", "dns-tcp/TCP,ssh/UDP")]
    public void PortSet_NamedPorts_AreReadApartFromNumbers(string text, string numbers, string names)
    {
        Assert.True(PortSet.TryParse(text, out var intervals, out var named, out var error), error);
        Assert.Equal(numbers, string.Join(",", intervals));
        Assert.Equal(names, string.Join(",", named));
    }

    [Theory]
    [InlineData("Ssh")]
    [InlineData("-ssh")]
    [InlineData("a-very-long-port-name")]
    [InlineData("ssh/ICMP")]
    public void PortSet_BadNamedPort_IsRejected(string text)
    {
        Assert.False(PortSet.TryParse(text, out _, out _, out var error));
        Assert.NotNull(error);
    }

    /// <summary>The pods a selector end stands for, built by hand: the matching pods and the pods to come.</summary>
    private static List<Pod> Expand(ClusterSnapshot cluster, PodSetSelector s)
    {
        var pods = cluster.Pods.Where(p => cluster.Namespaces.Any(n => n.Name == p.Namespace && s.Namespace.Contains(n)) && s.PodSelector.Matches(p.Labels)).ToList();
        if (s.Hypothetical && HypotheticalLabels.TrySatisfy(s.PodSelector, out var labels, out _))
        {
            pods.AddRange(cluster.Namespaces.Where(s.Namespace.Contains)
                .Select(n => new Pod(new ObjectRef(n.Name, "(hypothetical)"), labels, EquatableArray<IpAddr>.Empty, false, EquatableArray<ContainerPort>.Empty, null)));
        }

        return pods;
    }

    private static bool SelectorVerdictEqualsExpansion(ClusterSnapshot cluster, LabelSelector fromPods, LabelSelector toNamespaces, bool hypothetical)
    {
        var engine = new PolicyEngine(cluster);
        var from = new PodSetSelector(new SelectorNamespaces.Selected(LabelSelector.Everything), fromPods, hypothetical);
        var to = new PodSetSelector(new SelectorNamespaces.Selected(toNamespaces), LabelSelector.Everything, hypothetical);
        foreach (var allowed in new[] { true, false })
        {
            var e = new Expectation("q", from.ToString(), to.ToString(), new PortProtocol(78, Protocol.TCP), allowed, null)
            {
                PortSet = SmallPorts.ToEquatableArray(),
                NamedPorts = Named.ToEquatableArray(),
                FromSelector = from,
                ToSelector = to,
            };
            var checker = new ExpectationChecker(cluster, null);
            var set = new ExpectationSet(new[] { new Criterion("P", "p", new[] { e }.ToEquatableArray()) }.ToEquatableArray());
            var sources = Expand(cluster, from);
            var destinations = Expand(cluster, to);
            if (checker.Validate(set).Count > 0)
            {
                // Only an empty end (or a pod to come without a namespace) is refused.
                if (sources.Count > 0 && destinations.Count > 0)
                {
                    return false;
                }

                continue;
            }

            int cells = 0, against = 0, unknown = 0;
            var undeclared = false;
            foreach (var s in sources)
            {
                foreach (var d in destinations)
                {
                    var target = d;
                    if (ReferenceEquals(s, d))
                    {
                        // Loopback: a workload's pod stands for two replicas; a bare pod's pair is left out.
                        if (s.Owner is null && !s.FromTemplate)
                        {
                            continue;
                        }

                        target = ConnectivityMatrix.ReplicaOf(d);
                    }

                    var ports = SmallPorts.ToList();
                    foreach (var n in Named)
                    {
                        // Resolved on the destination pod (a replica declares what its pod declares).
                        if (target.ResolveNamedPort(n.Name, n.Protocol) is { } number)
                        {
                            ports.Add(new PortInterval(n.Protocol, number, number));
                        }
                        else
                        {
                            undeclared = true;
                        }
                    }

                    foreach (var p in ports)
                    {
                        for (var port = p.First; port <= p.Last; port++)
                        {
                            cells++;
                            var r = engine.Decide(new PodEndpoint(s), new PodEndpoint(target), port, p.Protocol);
                            against += (allowed ? r == Reachability.Denied : r == Reachability.Allowed) ? 1 : 0;
                            unknown += r == Reachability.Undetermined ? 1 : 0;
                        }
                    }
                }
            }

            var result = checker.Check(set.Criteria[0], e);
            var failsOnName = allowed && undeclared;
            var expectedPass = cells > 0 && against == 0 && unknown == 0 && !failsOnName;
            var expectedUndetermined = against == 0 && !failsOnName && unknown > 0;
            if (result.Passed != expectedPass || (result.Status == ExpectationStatus.Undetermined) != expectedUndetermined)
            {
                return false;
            }
        }

        return true;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SelectorVerdict_OnSmallClusters_EqualsTheConjunctionOfItsExpandedCells(bool hypothetical)
    {
        Gen.Select(SmallClusterGen.ClusterGen, SmallClusterGen.SelectorGen, SmallClusterGen.SelectorGen)
            .Sample((c, f, t) => SelectorVerdictEqualsExpansion(c, f, t, hypothetical), iter: 300, seed: null);
    }

    [Fact]
    public void SelectorVerdict_OnClustersWithTiers_EqualsTheConjunctionOfItsExpandedCells()
    {
        Gen.Select(SmallClusterGen.TierClusterGen, SmallClusterGen.SelectorGen, SmallClusterGen.SelectorGen)
            .Sample((c, f, t) => SelectorVerdictEqualsExpansion(c, f, t, hypothetical: true), iter: 300, seed: null);
    }
}
