using System.Text.Json;
using Palisade.Expectations;
using Palisade.Net;
using Palisade.Proving;

namespace Palisade.TestSupport;

/// <summary>
/// A prover that replays recorded observations (a lab run, probes of a live cluster) through the real pipeline:
/// the same control-probe rule, the same <see cref="ObservationJudge"/> and the same report writers as the lab and
/// cluster provers, with no root and no cluster. The recording names each expectation it observed:
/// <c>{"setting": "lab, reject mode", "observations": [{"expectation": NAME, "setting"?: ..., "probe": OBS, "control"?: OBS}]}</c>
/// with OBS <c>{"source", "destination", "port": "22/TCP", "outcome": "Refused", "answer"?, "detail"?, "where"?, "elapsedMs"?}</c>.
/// </summary>
public sealed class RecordedProver : IExpectationProver
{
    private readonly Dictionary<string, (CheckedObservation Observation, string Setting)> recorded = new(StringComparer.Ordinal);

    /// <summary>Parses a recording (JSON text).</summary>
    public RecordedProver(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var setting = root.GetProperty("setting").GetString()!;
        foreach (var o in root.GetProperty("observations").EnumerateArray())
        {
            var probe = Read(o.GetProperty("probe"));
            var control = o.TryGetProperty("control", out var c) && c.ValueKind == JsonValueKind.Object ? Read(c) : null;
            var own = o.TryGetProperty("setting", out var s) ? s.GetString()! : setting;
            recorded.Add(o.GetProperty("expectation").GetString()!, (CheckedObservation.Decide(probe, control), own));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ExpectationResult>> ProveAsync(ResolvedExpectations expectations, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ExpectationResult>>([.. expectations.Items.Select(e =>
        {
            var (observation, setting) = recorded.TryGetValue(e.Expectation.Name, out var r)
                ? r
                : throw new InvalidOperationException($"the recording has no observation for '{e.Expectation.Name}'");
            return ObservationJudge.Judge(e, observation, setting, expectations.Predict(e).ActualAllowed);
        })]);

    private static Observation Read(JsonElement o)
    {
        if (!PortProtocol.TryParse(o.GetProperty("port").GetString()!, out var port, out var error))
        {
            throw new InvalidOperationException($"recording: {error}");
        }

        return new Observation(o.GetProperty("source").GetString()!, o.GetProperty("destination").GetString()!, port,
            Enum.Parse<ProbeOutcome>(o.GetProperty("outcome").GetString()!))
        {
            Answer = Optional(o, "answer"),
            Detail = Optional(o, "detail"),
            Where = Optional(o, "where"),
            Elapsed = o.TryGetProperty("elapsedMs", out var ms) ? TimeSpan.FromMilliseconds(ms.GetInt32()) : null,
        };
    }

    private static string? Optional(JsonElement o, string name) => o.TryGetProperty(name, out var v) ? v.GetString() : null;
}
