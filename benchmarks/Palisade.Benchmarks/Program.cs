using BenchmarkDotNet.Running;
using Palisade.Benchmarks;

if (args.Length > 0 && args[0] == "quick")
{
    if (Environment.GetEnvironmentVariable("PALISADE_TRACE") == "1") { System.Diagnostics.Trace.Listeners.Add(new System.Diagnostics.ConsoleTraceListener(true)); }
    Quick.Run(args.Skip(1).ToArray());
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ConnectivityBenchmarks).Assembly).Run(args);
