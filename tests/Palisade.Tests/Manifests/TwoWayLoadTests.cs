using Palisade.Manifests;

namespace Palisade.Tests.Manifests;

/// <summary>
/// A differential test of one way of loading against another: every corpus file and every edge shape
/// (tests/Palisade.Tests/Manifests/edge-shapes) loads with the reference options exactly as with the default ones
/// (<see cref="ManifestTestInput.AssertSame"/>). A derived class names the reference and adds its own cases.
/// </summary>
public abstract class TwoWayLoadTests(LoadOptions reference)
{
    /// <summary>The options the default load is compared with.</summary>
    protected LoadOptions Reference { get; } = reference;

    public static TheoryData<string> CorpusFiles() => ManifestTestInput.CorpusFiles();

    public static TheoryData<string> EdgeShapes() => ManifestTestInput.EdgeShapes();

    [Theory]
    [MemberData(nameof(CorpusFiles), MemberType = typeof(TwoWayLoadTests))]
    public void CorpusFile_BothWays_LoadTheSame(string file) => ManifestTestInput.AssertFileLoadsTheSame(file, Reference);

    [Theory]
    [MemberData(nameof(EdgeShapes), MemberType = typeof(TwoWayLoadTests))]
    public void EdgeShape_BothWays_LoadTheSame(string file) => ManifestTestInput.AssertShapeLoadsTheSame(file, Reference);
}
