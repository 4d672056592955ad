using Palisade.Expectations;

namespace Palisade.Proving;

/// <summary>
/// Proves resolved expectations one way: statically with the engine (<see cref="EngineProver"/>), with real packets
/// in the lab, or with probes from pods of a live cluster. Results come back in the order of the expectations.
/// </summary>
public interface IExpectationProver
{
    /// <summary>Proves every expectation.</summary>
    Task<IReadOnlyList<ExpectationResult>> ProveAsync(ResolvedExpectations expectations, CancellationToken cancellationToken = default);
}

/// <summary>Proves statically: the engine's verdict over the snapshot, hop by hop.</summary>
public sealed class EngineProver : IExpectationProver
{
    /// <inheritdoc />
    public Task<IReadOnlyList<ExpectationResult>> ProveAsync(ResolvedExpectations expectations, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ExpectationResult>>([.. expectations.Items.Select(expectations.Predict)]);
}
