using Palisade.Manifests;

namespace Palisade.Tests.Manifests;

public class ConformanceInputTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        var root = Path.Combine(Golden.Shared, "conformance", "npguard");
        if (Directory.Exists(root))
        {
            foreach (var dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(dir));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void NpguardInput_Loaded_HasNoErrors(string name)
    {
        var root = Path.Combine(Golden.Shared, "conformance", "npguard", name);
        var result = ManifestLoader.Load([Path.Combine(root, "input")], new LoadOptions { BaseDirectory = root });

        ManifestTestInput.NoErrors(result);
        Assert.NotEmpty(result.Snapshot.Pods);
    }
}
