using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Validators;
using Palisade.Benchmarks;

namespace Palisade.Perf.Tests.Benchmarks;

/// <summary>
/// Every BenchmarkDotNet class of benchmarks/Palisade.Benchmarks passes the checks BenchmarkDotNet makes before it runs
/// anything (a sealed or non-public class is refused there, and the run then measures nothing). Nothing is timed.
/// </summary>
public class BenchmarkClassTests
{
    public static TheoryData<string> BenchmarkClasses()
    {
        var data = new TheoryData<string>();
        foreach (var type in BenchmarkTypes())
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [Fact]
    public void BenchmarkProject_HasTheLoadingAndLintClasses()
    {
        var names = BenchmarkTypes().Select(t => t.Name).ToList();
        Assert.Contains("JsonLoadingBenchmarks", names);
        Assert.Contains("YamlLoadingBenchmarks", names);
        Assert.Contains("StreamingBenchmarks", names);
        Assert.Contains("LintBenchmarks", names);
        Assert.Contains("ConnectivityBenchmarks", names);
    }

    [Theory]
    [MemberData(nameof(BenchmarkClasses))]
    public void BenchmarkClass_PassesBenchmarkDotNetsCompilationChecks(string name)
    {
        var type = BenchmarkTypes().Single(t => t.FullName == name);
        var run = BenchmarkConverter.TypeToBenchmarks(type);
        Assert.NotEmpty(run.BenchmarksCases);
        var errors = CompilationValidator.FailOnError.Validate(new ValidationParameters(run.BenchmarksCases, run.Config)).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => e.Message)));

        // Each class states its baseline, so that one run gives ratios.
        Assert.Contains(run.BenchmarksCases, c => c.Descriptor.Baseline);
    }

    private static IEnumerable<Type> BenchmarkTypes() =>
        typeof(TierBenchmarks).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
}
