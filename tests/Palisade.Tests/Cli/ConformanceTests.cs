using System.Text.Json;

namespace Palisade.Tests.Cli;

/// <summary>
/// The shared conformance cases (reference verdicts from np-guard/netpol-analyzer), run through the CLI's
/// <c>matrix --output json</c> contract exactly as ../shared/conformance/score.py runs them.
/// </summary>
public sealed class ConformanceTests
{
    private static string Root(string corpus) => Path.Combine(Golden.Shared, "conformance", corpus);

    public static TheoryData<string> Cases() => CasesOf("npguard");

    /// <summary>The AdminNetworkPolicy / BaselineAdminNetworkPolicy cases (network-policy-api's suite and netpol-analyzer's).</summary>
    public static TheoryData<string> AnpCases() => CasesOf("anp");

    private static TheoryData<string> CasesOf(string corpus)
    {
        var data = new TheoryData<string>();
        if (Directory.Exists(Root(corpus)))
        {
            foreach (var d in Directory.GetDirectories(Root(corpus)).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(d));
            }
        }
        else
        {
            data.Add("<missing>");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ConformanceCase_MatrixJson_MatchesEveryExpectedVerdict(string name) => Score("npguard", name);

    [Theory]
    [MemberData(nameof(AnpCases))]
    public void AnpConformanceCase_MatrixJson_MatchesEveryExpectedVerdict(string name) => Score("anp", name);

    private static void Score(string corpus, string name)
    {
        var root = Root(corpus);
        Assert.True(Directory.Exists(root), $"conformance cases not found at {root}: ../shared must sit beside the repository");
        var dir = Path.Combine(root, name);
        using var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "case.json")));
        var inputs = meta.RootElement.GetProperty("inputs").EnumerateArray().Select(i => Path.Combine(dir, i.GetString()!)).ToList();
        using var expectedDoc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "expected.json")));
        var expected = expectedDoc.RootElement.EnumerateArray()
            .Select(e => (From: e.GetProperty("from").GetString()!, To: e.GetProperty("to").GetString()!, Port: e.GetProperty("port").GetInt32(),
                Protocol: e.GetProperty("protocol").GetString()!, Allowed: e.GetProperty("allowed").GetBoolean()))
            .ToList();
        Assert.NotEmpty(expected);

        var args = new List<string> { "matrix" };
        args.AddRange(inputs);
        foreach (var (port, protocol) in expected.Select(e => (e.Port, e.Protocol)).Distinct())
        {
            args.Add("--port");
            args.Add($"{port}/{protocol}");
        }

        // The corpus's tools read a pod without an IP as outside every ipBlock and networks peer; Palisade says
        // undetermined unless told to assume the same (docs/semantics.md, "Pods whose IP the input does not give").
        args.AddRange(["--output", "json", "--pods-without-ip-outside-cidrs"]);
        var result = CliRunner.Run([.. args]).Succeeds();

        using var output = JsonDocument.Parse(result.Out);
        var got = new Dictionary<(string, string, int, string), bool>();
        foreach (var c in output.RootElement.GetProperty("connections").EnumerateArray())
        {
            var key = (c.GetProperty("from").GetString()!, c.GetProperty("to").GetString()!, c.GetProperty("port").GetInt32(), c.GetProperty("protocol").GetString()!);
            Assert.True(c.GetProperty("allowed").ValueKind != JsonValueKind.Null, $"{key} is undetermined");
            got[key] = c.GetProperty("allowed").GetBoolean();
        }

        var wrong = expected
            .Where(e => !got.TryGetValue((e.From, e.To, e.Port, e.Protocol), out var v) || v != e.Allowed)
            .Select(e => $"{e.From} -> {e.To} {e.Port}/{e.Protocol}: expected {(e.Allowed ? "allow" : "deny")}, got "
                + (got.TryGetValue((e.From, e.To, e.Port, e.Protocol), out var v) ? (v ? "allow" : "deny") : "nothing"))
            .ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {expected.Count} verdicts wrong:\n" + string.Join("\n", wrong.Take(10)));
    }
}
