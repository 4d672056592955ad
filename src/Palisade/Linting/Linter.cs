using System.Collections.Concurrent;
using System.Collections.Frozen;
using Palisade.Diagnostics;
using Palisade.Engine;
using Palisade.Linting.Rules;
using Palisade.Model;

namespace Palisade.Linting;

/// <summary>
/// Runs every <see cref="LintRule"/> over a snapshot and applies suppressions (configuration and the
/// <see cref="IgnoreAnnotation"/> policy annotation). Pure and deterministic.
/// </summary>
public sealed class Linter
{
    /// <summary>The policy annotation that lists codes to ignore for that policy, comma- or space-separated ("*" for all).</summary>
    public const string IgnoreAnnotation = "palisade.dev/ignore";

    private static readonly FrozenDictionary<string, LintRule> ByCode;

    static Linter()
    {
        LintRule[] rules =
        [
            new PodSelectorPeerInOtherNamespace(),
            new SelectorMatchesNothing(),
            new PolicySelectsNoPods(),
            new EgressWithoutDns(),
            new DnsUdpOnly(),
            new MutableNamespaceLabel(),
            new NamespaceLacksLabel(),
            new OpenRule(),
            new ServicePortNotTargetPort(),
            new UndeclaredNamedPort(),
            new RulesIgnoredByPolicyTypes(),
            new RedundantRule(),
            new DuplicatePolicy(),
            new IpBlockCoversPods(),
            new HostNetworkPod(),
            new UdpWhereTcpMeant(),
            new ShadowedAdminRule(),
            new SamePriorityOverlap(),
            new PassWithoutNetworkPolicy(),
            new BaselineDenyBlocksAllow(),
            new BaselineMakesPolicyRedundant(),
        ];
        Rules = [.. rules.OrderBy(r => r.Code, StringComparer.Ordinal)];
        ByCode = Rules.ToFrozenDictionary(r => r.Code, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Creates a linter with the given suppressions.</summary>
    public Linter(LintConfig? config = null) => Config = config ?? LintConfig.Empty;

    /// <summary>Every lint rule, by code.</summary>
    public static IReadOnlyList<LintRule> Rules { get; }

    /// <summary>The suppressions applied.</summary>
    public LintConfig Config { get; }

    /// <summary>
    /// How many rules run at once (default: one per processor). Rules share the context's memoised selections, which
    /// are thread-safe; findings are gathered per rule and ordered afterwards, so the result does not depend on it.
    /// </summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Looks up a rule by its code (case-insensitive).</summary>
    public static LintRule? FindRule(string code) => ByCode.GetValueOrDefault(code);

    /// <summary>Lints a snapshot with the given configuration; the engine is built when not given.</summary>
    public static LintResult Lint(ClusterSnapshot cluster, PolicyEngine? engine = null, LintConfig? config = null) =>
        new Linter(config).Run(cluster, engine);

    /// <summary>Runs every enabled rule and applies suppressions.</summary>
    public LintResult Run(ClusterSnapshot cluster, PolicyEngine? engine = null) => Run(new LintContext(cluster, engine));

    /// <summary>Runs every enabled rule over a prepared context and applies suppressions.</summary>
    public LintResult Run(LintContext context)
    {
        var cluster = context.Snapshot;
        var disabled = Config.Disabled.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var annotations = cluster.Policies
            .Where(p => p.Annotations[IgnoreAnnotation] is not null)
            .ToDictionary(p => p.Ref, p => ParseCodes(p.Annotations[IgnoreAnnotation]!));

        var kept = new List<LintFinding>();
        var suppressed = 0;
        var enabled = Rules.Where(r => !disabled.Contains(r.Code)).ToArray();
        var perRule = new List<LintFinding>[enabled.Length];
        if (Parallelism > 1 && enabled.Length > 1)
        {
            // Load-balanced: rules differ in cost by orders of magnitude, so each worker takes the next rule when free.
            Parallel.ForEach(
                Partitioner.Create(Enumerable.Range(0, enabled.Length), EnumerablePartitionerOptions.NoBuffering),
                new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
                i => perRule[i] = [.. enabled[i].Check(context)]);
        }
        else
        {
            for (var i = 0; i < enabled.Length; i++)
            {
                perRule[i] = [.. enabled[i].Check(context)];
            }
        }

        foreach (var findings in perRule)
        {
            foreach (var finding in findings)
            {
                if (IsSuppressed(finding, annotations))
                {
                    suppressed++;
                }
                else
                {
                    kept.Add(finding);
                }
            }
        }

        kept.AddRange(AnnotationProblems(cluster, annotations));
        return new LintResult([.. kept.Distinct().OrderBy(f => f, FindingOrder.Instance)], suppressed);
    }

    private bool IsSuppressed(LintFinding finding, Dictionary<ObjectRef, string[]> annotations) =>
        finding.Policy is { } policy
        && ((annotations.TryGetValue(policy, out var codes) && codes.Any(c => c == "*" || string.Equals(c, finding.Code, StringComparison.OrdinalIgnoreCase)))
            || Config.Ignores.Any(i => i.Covers(policy, finding.Code)));

    /// <summary>Splits an annotation value into codes.</summary>
    internal static string[] ParseCodes(string value) =>
        value.Split([',', ' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>An unknown code in an ignore annotation would silently suppress nothing: say so.</summary>
    private static IEnumerable<LintFinding> AnnotationProblems(ClusterSnapshot cluster, Dictionary<ObjectRef, string[]> annotations)
    {
        foreach (var policy in cluster.Policies)
        {
            if (!annotations.TryGetValue(policy.Ref, out var codes))
            {
                continue;
            }

            foreach (var code in codes.Where(c => c != "*" && FindRule(c) is null))
            {
                yield return new LintFinding(
                    DiagnosticCatalog.UnknownLintCode.Create(
                        Severity.Warning,
                        policy.Location,
                        $"annotation {IgnoreAnnotation} on policy {policy.Ref} names '{code}', which is not a lint code",
                        $"lint codes are {Rules[0].Code}..{Rules[^1].Code} (see docs/diagnostics.md); use '*' to ignore all"),
                    policy.Ref,
                    EquatableArray<RelatedLocation>.Empty);
            }
        }
    }

    /// <summary>File, line, column, code, then message, all ordinal.</summary>
    private sealed class FindingOrder : IComparer<LintFinding>
    {
        public static FindingOrder Instance { get; } = new();

        public int Compare(LintFinding? x, LintFinding? y)
        {
            var a = x!.Diagnostic;
            var b = y!.Diagnostic;
            var c = string.CompareOrdinal(a.Location.File, b.Location.File);
            c = c != 0 ? c : a.Location.Line.CompareTo(b.Location.Line);
            c = c != 0 ? c : a.Location.Column.CompareTo(b.Location.Column);
            c = c != 0 ? c : string.CompareOrdinal(a.Code, b.Code);
            return c != 0 ? c : string.CompareOrdinal(a.Message, b.Message);
        }
    }
}
