using BenchmarkDotNet.Running;
using Palisade.Benchmarks;

// Single-shot harnesses by name; anything else goes to BenchmarkDotNet.
var quick = new Dictionary<string, Action<string[]>>(StringComparer.Ordinal)
{
    ["quick"] = Quick.Run,
    ["quick-check"] = CheckQuick.Run,
    ["quick-lint"] = LintQuick.Run,
    ["quick-cores"] = CoresQuick.Run,
    ["quick-load"] = LoadQuick.Run,
    ["quick-yaml"] = YamlQuick.Run,
};
if (args.Length > 0 && quick.TryGetValue(args[0], out var harness))
{
    harness([.. args.Skip(1)]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ConnectivityBenchmarks).Assembly).Run(args);
