using Xunit;

namespace Palisade.TestSupport;

/// <summary>
/// Assertions on one CLI run, chained so that a test reads as what it expects:
/// <c>CliRunner.Run([...]).Exits(2).ErrHas("error PAL183:").OutIsEmpty()</c>. Text is compared ordinally; a wrong
/// exit code shows both streams.
/// </summary>
public static class CliAssert
{
    /// <summary>Asserts the exit code.</summary>
    public static CliRunner.Result Exits(this CliRunner.Result r, int code)
    {
        Assert.True(r.ExitCode == code, $"exit code {r.ExitCode}, expected {code}\nstdout:\n{r.Out}\nstderr:\n{r.Err}");
        return r;
    }

    /// <summary>Asserts exit code 0.</summary>
    public static CliRunner.Result Succeeds(this CliRunner.Result r) => r.Exits(0);

    /// <summary>Asserts that standard output contains every one of <paramref name="parts"/>.</summary>
    public static CliRunner.Result OutHas(this CliRunner.Result r, params string[] parts) =>
        Each(r, parts, p => Assert.Contains(p, r.Out, StringComparison.Ordinal));

    /// <summary>Asserts that standard output contains none of <paramref name="parts"/>.</summary>
    public static CliRunner.Result OutLacks(this CliRunner.Result r, params string[] parts) =>
        Each(r, parts, p => Assert.DoesNotContain(p, r.Out, StringComparison.Ordinal));

    /// <summary>Asserts that standard error contains every one of <paramref name="parts"/>.</summary>
    public static CliRunner.Result ErrHas(this CliRunner.Result r, params string[] parts) =>
        Each(r, parts, p => Assert.Contains(p, r.Err, StringComparison.Ordinal));

    /// <summary>Asserts that standard error contains none of <paramref name="parts"/>.</summary>
    public static CliRunner.Result ErrLacks(this CliRunner.Result r, params string[] parts) =>
        Each(r, parts, p => Assert.DoesNotContain(p, r.Err, StringComparison.Ordinal));

    /// <summary>Asserts that standard error matches the regular expression <paramref name="pattern"/>.</summary>
    public static CliRunner.Result ErrMatches(this CliRunner.Result r, string pattern) =>
        Each(r, [pattern], p => Assert.Matches(p, r.Err));

    /// <summary>Asserts that nothing was written to standard output (as for every input error).</summary>
    public static CliRunner.Result OutIsEmpty(this CliRunner.Result r) => Each(r, [r.Out], s => Assert.Empty(s));

    /// <summary>Asserts that nothing was written to standard error.</summary>
    public static CliRunner.Result ErrIsEmpty(this CliRunner.Result r) => Each(r, [r.Err], s => Assert.Empty(s));

    private static CliRunner.Result Each(CliRunner.Result r, string[] items, Action<string> assert)
    {
        foreach (var item in items)
        {
            assert(item);
        }

        return r;
    }
}
