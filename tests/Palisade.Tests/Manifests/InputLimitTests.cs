using Palisade.Diagnostics;
using Palisade.Manifests;
using static Palisade.Tests.Manifests.ManifestTestInput;

namespace Palisade.Tests.Manifests;

/// <summary>
/// The other side of the bad-input corpus: inputs just inside each limit, and legitimate uses of what the limits
/// guard (anchors, links to files), still load.
/// </summary>
public sealed class InputLimitTests
{
    private const string Namespace = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n";

    [Theory]
    [InlineData(InputLimits.MaxDepth, true)]
    [InlineData(InputLimits.MaxDepth + 1, false)]
    public void Nesting_AtAndPastTheLimit_LoadsOrIsLocatedPal151(int levels, bool loads)
    {
        // The document's own mapping is one level; the flow list under its key makes up the rest.
        var inner = levels - 1;
        var result = Load($"{Namespace}---\napiVersion: x/v1\nkind: Widget\nspec: {new string('[', inner)}{new string(']', inner)}\n");

        if (loads)
        {
            NoErrors(result);
            Assert.Equal(["dev"], result.Snapshot.Namespaces.Where(n => n.Declared).Select(n => n.Name));
        }
        else
        {
            var d = Assert.Single(result.Diagnostics);
            Assert.Equal(DiagnosticCatalog.NestingTooDeep.Code, d.Code);
            Assert.Equal(8, d.Location.Line);
            Assert.Equal(7 + InputLimits.MaxDepth - 1, d.Location.Column);
        }
    }

    [Fact]
    public void Anchors_SharedLabels_LoadUnderTheBudget()
    {
        // Anchors live within one YAML document, so both objects sit in one List.
        var result = Load("""
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Namespace
              metadata:
                name: a
                labels: &common {team: core, tier: web}
            - apiVersion: v1
              kind: Namespace
              metadata:
                name: b
                labels:
                  <<: *common
                  tier: db
            """);

        NoErrors(result);
        Assert.Equal("web", result.Snapshot.Namespaces.Single(n => n.Name == "a").Labels["tier"]);
        Assert.Equal("db", result.Snapshot.Namespaces.Single(n => n.Name == "b").Labels["tier"]);
        Assert.Equal("core", result.Snapshot.Namespaces.Single(n => n.Name == "b").Labels["team"]);
    }

    [Fact]
    public void FolderWalk_LinkToFileAndFolderLoop_ReadsEachFileOnce()
    {
        // The layout of a mounted ConfigMap: files are links into a folder that a "..data" link also names.
        var root = Directory.CreateTempSubdirectory("palisade-walk-");
        try
        {
            var real = Directory.CreateDirectory(Path.Combine(root.FullName, "..2026_11_30"));
            File.WriteAllText(Path.Combine(real.FullName, "ns.yaml"), Namespace);
            Directory.CreateSymbolicLink(Path.Combine(root.FullName, "..data"), real.Name);
            File.CreateSymbolicLink(Path.Combine(root.FullName, "ns.yaml"), "..data/ns.yaml");
            Directory.CreateSymbolicLink(Path.Combine(root.FullName, "loop"), ".");
            var outside = Directory.CreateTempSubdirectory("palisade-walk-target-");
            try
            {
                File.WriteAllText(Path.Combine(outside.FullName, "other.yaml"), Namespace.Replace("dev", "other", StringComparison.Ordinal));
                File.CreateSymbolicLink(Path.Combine(root.FullName, "other.yaml"), Path.Combine(outside.FullName, "other.yaml"));

                var result = ManifestLoader.Load([root.FullName], new LoadOptions());

                NoErrors(result);
                Assert.Equal(["dev", "other"], result.Snapshot.Namespaces.Where(n => n.Declared).Select(n => n.Name).Order(StringComparer.Ordinal));
            }
            finally
            {
                outside.Delete(recursive: true);
            }
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void FileSize_AtTheLimit_LoadsAndOneBytePast_IsPal150()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, Namespace);
            var size = new FileInfo(file).Length;

            NoErrors(ManifestLoader.Load([file], new LoadOptions { MaxFileSize = size }));
            var refused = ManifestLoader.Load([file], new LoadOptions { MaxFileSize = size - 1 });
            Assert.Equal(DiagnosticCatalog.InputTooLarge.Code, Assert.Single(refused.Diagnostics).Code);
            Assert.DoesNotContain(refused.Snapshot.Namespaces, n => n.Declared);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void FileSize_LimitOfLongMaxValue_LoadsInsteadOfOverflowing()
    {
        // "--max-file-size 9223372036854775807" means "no limit of mine": the reader must not add one to it and wrap.
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, Namespace);
            var loaded = ManifestLoader.Load([file], new LoadOptions { MaxFileSize = long.MaxValue });
            NoErrors(loaded);
            Assert.Contains(loaded.Snapshot.Namespaces, n => n.Declared);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
