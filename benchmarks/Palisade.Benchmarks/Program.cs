using BenchmarkDotNet.Running;
using Palisade.Benchmarks;

if (args.Length > 0 && args[0] == "quick")
{
    Quick.Run(args.Skip(1).ToArray());
    return;
}

if (args.Length > 0 && args[0] == "quick-lint")
{
    LintQuick.Run(args.Skip(1).ToArray());
    return;
}

if (args.Length > 0 && args[0] == "quick-load")
{
    LoadQuick.Run(args.Skip(1).ToArray());
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ConnectivityBenchmarks).Assembly).Run(args);
