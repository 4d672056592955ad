using System.Runtime.Versioning;

namespace Palisade.Tests.Install;

/// <summary>
/// The README's first command, <c>./palisade check examples/home-lab</c>: the launcher says it is building, builds
/// once, runs; a later run does not build; a build input newer than the last build makes it build again.
/// </summary>
[Collection(BuildCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class LauncherTests : IDisposable
{
    private readonly string cache = Directory.CreateTempSubdirectory("palisade-launcher-").FullName;

    [Fact]
    public void Launcher_FirstThenLaterRuns_BuildsOnceAndRebuildsOnlyWhenInputsChange()
    {
        Run().Succeeds().ErrHas("building palisade (first run").OutHas("39 passed, 0 failed");

        Run().Succeeds().ErrLacks("building").OutHas("39 passed, 0 failed");

        // As if a source file had been edited after the last build (without touching the repository).
        File.SetLastWriteTimeUtc(Path.Combine(cache, "stamp"), new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Run().Succeeds().ErrHas("building palisade (sources changed").OutHas("39 passed, 0 failed");
    }

    [Fact]
    public void Launcher_StampFromOtherInputs_Rebuilds()
    {
        Directory.CreateDirectory(Path.Combine(cache, "bin"));
        File.WriteAllText(Path.Combine(cache, "bin", "palisade"), "#!/bin/sh\necho stale build\n");
        File.SetUnixFileMode(Path.Combine(cache, "bin", "palisade"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(cache, "stamp"), "an older list of inputs\n");

        Run("--help").Succeeds().ErrHas("building palisade (sources changed").OutLacks("stale build").OutHas("check");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(cache, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private CliRunner.Result Run(params string[] args) =>
        ChildProcess.Run("bash", [Path.Combine(Golden.RepoRoot, "palisade"), .. args.Length == 0 ? ["check", HomeLab.Folder] : args],
            Golden.RepoRoot, new Dictionary<string, string> { ["PALISADE_LAUNCHER_CACHE"] = cache, ["MSBUILDDISABLENODEREUSE"] = "1" },
            BuildTimeout);

    /// <summary>A build of the whole CLI on a 2-core machine shared with other builds has taken over 5 minutes.</summary>
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(20);
}

/// <summary>Tests that run MSBuild on src/Palisade.Cli (pack, the launcher's build) run one at a time: they share its obj/ folder.</summary>
[CollectionDefinition(Name)]
public sealed class BuildCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "MSBuild on the CLI project";
}
