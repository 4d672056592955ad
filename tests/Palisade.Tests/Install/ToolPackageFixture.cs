namespace Palisade.Tests.Install;

/// <summary>
/// Packs the CLI as a .NET tool twice (an older and a newer version) into a private package folder, from the build the
/// tests already run on (<c>--no-build</c>), with a NuGet configuration that knows only that folder: the install
/// tests then need no network, as on CI. Everything lives under one temporary folder removed at the end.
/// </summary>
public sealed class ToolPackageFixture : IDisposable
{
    /// <summary>The version installed first.</summary>
    public const string OldVersion = "0.0.1";

    /// <summary>The version <c>dotnet tool update</c> must move to.</summary>
    public const string NewVersion = "0.0.2";

    /// <summary>Packs both versions.</summary>
    public ToolPackageFixture()
    {
        Root = Directory.CreateTempSubdirectory("palisade-tool-").FullName;
        Directory.CreateDirectory(Feed);
        File.WriteAllText(NuGetConfig,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration><packageSources><clear /></packageSources></configuration>\n");
        foreach (var version in new[] { OldVersion, NewVersion })
        {
            Pack = ChildProcess.Run("dotnet",
                ["pack", "src/Palisade.Cli", "-c", Configuration, "--no-build", "--disable-build-servers", "-nodeReuse:false",
                 "-o", Feed, $"-p:Version={version}"],
                Golden.RepoRoot, Environment, TimeSpan.FromMinutes(20));
            if (Pack.ExitCode != 0)
            {
                return;
            }
        }
    }

    /// <summary>The temporary folder holding the feed, the NuGet configuration and every tool path.</summary>
    public string Root { get; }

    /// <summary>The local package folder the tool is installed from.</summary>
    public string Feed => Path.Combine(Root, "feed");

    /// <summary>A NuGet configuration with no source at all (the feed comes with <c>--add-source</c>).</summary>
    public string NuGetConfig => Path.Combine(Root, "nuget.config");

    /// <summary>The outcome of the last pack (the test asserts on it, so a failure shows dotnet's output).</summary>
    public CliRunner.Result Pack { get; private set; } = new(-1, string.Empty, "not packed");

    /// <summary>Release or Debug, as the test assembly (and so the CLI it references) was built.</summary>
    public static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

    /// <summary>Environment of every child: a private NuGet package cache, so a stale package of the same version
    /// from an earlier run can never be installed instead of this build.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["NUGET_PACKAGES"] = Path.Combine(Root, "packages"),
        ["MSBUILDDISABLENODEREUSE"] = "1",
    };

    /// <summary>Runs <c>dotnet tool ARGS --tool-path PATH --add-source FEED --configfile CONFIG</c>.</summary>
    public CliRunner.Result Tool(string verb, string toolPath, params string[] more) =>
        ChildProcess.Run("dotnet",
            ["tool", verb, "Palisade.Cli", "--tool-path", toolPath, "--add-source", Feed, "--configfile", NuGetConfig, .. more],
            Golden.RepoRoot, Environment);

    /// <summary>Removes the temporary folder.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the run over it is not.
        }
    }
}
