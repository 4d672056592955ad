namespace Palisade.Proving;

/// <summary>Where a slow prover says what it is doing (a terminal status line, or nothing).</summary>
public interface IProofProgress
{
    /// <summary>A new stage ("bringing the cluster up").</summary>
    void Step(string message);

    /// <summary>Progress within the stage ("probing 3/30: ...").</summary>
    void Detail(string message);

    /// <summary>The last line.</summary>
    void Done(string message);
}
