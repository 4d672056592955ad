using System.Diagnostics;
using System.Globalization;
using Palisade.Generation;
using Palisade.Linting;

namespace Palisade.Benchmarks;

/// <summary>
/// `quick-lint TIER...`: the time of each lint rule on a generated tier, each with a fresh context (so a rule is not
/// credited with selections another one computed), then the whole linter with one worker and with one per processor (the parallel speed-up); single shots in one process.
/// </summary>
internal static class LintQuick
{
    public static void Run(string[] tiers)
    {
        TierNames.Each(tiers, (name, tier) =>
        {
            var snapshot = SyntheticCluster.Generate(tier, seed: 1);
            var sw = Stopwatch.StartNew();
            var engine = new Engine.PolicyEngine(snapshot);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: pods {snapshot.Pods.Count}, policies {snapshot.Policies.Count}; policy engine {sw.Elapsed.TotalMilliseconds:F0} ms"));
            foreach (var rule in Linter.Rules)
            {
                var context = new LintContext(snapshot, engine);
                var cpu = Cpu();
                sw.Restart();
                var findings = rule.Check(context).Count();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}:   {rule.Code} {rule.Name,-36} {sw.Elapsed.TotalMilliseconds,9:F1} ms wall {Cpu() - cpu,9:F1} ms CPU  {findings} findings"));
            }

            // The whole linter with one worker and with one per processor, twice in turn so that neither is credited with
            // the other's JIT warm-up (fresh contexts: no selection carried over).
            foreach (var parallelism in new[] { 1, Environment.ProcessorCount, 1, Environment.ProcessorCount })
            {
                var context = new LintContext(snapshot, engine);
                var cpu = Cpu();
                sw.Restart();
                var all = new Linter { Parallelism = parallelism }.Run(context).Findings.Count;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: whole linter (shared context), {parallelism} worker(s): {sw.Elapsed.TotalMilliseconds:F0} ms wall, {Cpu() - cpu:F0} ms CPU, {all} findings; {context.Counters.SelectorTests} selector tests, {context.Counters.CoverageTests} coverage tests; load {Load()}"));
            }
        });
    }

    /// <summary>The process's CPU time so far, in milliseconds (all threads): on a shared machine wall time mostly measures the run queue.</summary>
    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;

    /// <summary>The one-minute load average, or "?" where /proc is missing.</summary>
    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
