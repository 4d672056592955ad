using Palisade.Diagnostics;
using Palisade.Expectations;
using Palisade.Linting;
using Palisade.Manifests;
using Palisade.Manifests.Documents;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Cli;

/// <summary>
/// The input files and values commands share (the folder layout of examples/home-lab, expectations, ports, lint
/// configuration), so that no command calls another. Each turns bad input into a <see cref="UserInputException"/>.
/// </summary>
public static class InputFiles
{
    /// <summary>The expectations file of a folder laid out like examples/home-lab.</summary>
    public const string ExpectationsFile = "expectations.yaml";

    /// <summary>The profile file of such a folder.</summary>
    public const string ProfileFile = "profile.yaml";

    /// <summary>
    /// The folder layout shared by check and report: one folder argument means DIR/manifests (or DIR itself),
    /// DIR/expectations.yaml and DIR/profile.yaml when present; explicit options win.
    /// </summary>
    public static (IReadOnlyList<string> Manifests, string? Expectations, string? Profile) Layout(CliContext ctx, string[] paths, string? expect, string? profile)
    {
        var manifests = paths.ToList();
        if (paths.Length == 1 && Directory.Exists(ctx.Resolve(paths[0])))
        {
            var dir = paths[0];
            var full = ctx.Resolve(dir);
            if (Directory.Exists(Path.Combine(full, "manifests")))
            {
                manifests = [Path.Combine(dir, "manifests")];
            }

            expect ??= File.Exists(Path.Combine(full, ExpectationsFile)) ? Path.Combine(dir, ExpectationsFile) : null;
            profile ??= File.Exists(Path.Combine(full, ProfileFile)) ? Path.Combine(dir, ProfileFile) : null;
        }

        return (manifests, expect, profile);
    }

    /// <summary>The expectations file found by <see cref="Layout"/>, or a user-input error when there is none.</summary>
    public static string RequireExpectations(string? expectations) =>
        expectations ?? throw new UserInputException(DiagnosticCatalog.NoExpectationsFile, "no expectations file: pass --expect FILE, or a folder holding expectations.yaml",
            "see docs/file-formats.md for the expectations format");

    /// <summary>Reads the expectations file or throws a user-input error.</summary>
    public static ExpectationSet ReadExpectations(CliContext ctx, string path)
    {
        var full = ctx.Resolve(path);
        ctx.NoteInput(full);
        var result = ExpectationsReader.Read(full, Commands.ProfileRendering.Display(ctx, full), maxFileSize: ctx.MaxFileSize);
        if (result.Value is null)
        {
            throw new UserInputException(result.Diagnostics);
        }

        DiagnosticPrinter.Print(ctx.Err, result.Diagnostics);
        return result.Value;
    }

    /// <summary>Parses --port values or throws a user-input error.</summary>
    public static IReadOnlyList<PortProtocol> ParsePorts(IEnumerable<string> values)
    {
        var list = new List<PortProtocol>();
        foreach (var v in values)
        {
            if (!PortProtocol.TryParse(v, out var pp, out var error))
            {
                throw new UserInputException(DiagnosticCatalog.InvalidPortArgument, $"--port {v}: {error}", "write a port as 80, 80/TCP, 53/UDP or 9000/SCTP");
            }

            list.Add(pp);
        }

        return list;
    }

    /// <summary>
    /// The configuration: the --config file, else every <see cref="LintConfigReader.DefaultFileName"/> found in the
    /// input folders (a file's folder for a file input), merged. Errors in it are bad input (exit 2).
    /// </summary>
    public static LintConfig ReadLintConfig(CliContext ctx, IReadOnlyList<string> inputs, string? explicitPath)
    {
        var files = new List<string>();
        if (explicitPath is not null)
        {
            var full = ctx.Resolve(explicitPath);
            if (!File.Exists(full))
            {
                throw new UserInputException([DiagnosticCatalog.PathNotFound.Create(new SourceLocation(explicitPath, 0, 0), $"the lint configuration '{explicitPath}' does not exist", "check the --config path")]);
            }

            files.Add(full);
            ctx.NoteInput(full);
        }
        else
        {
            foreach (var input in inputs.Where(p => p != "-"))
            {
                var full = ctx.Resolve(input);
                var folder = Directory.Exists(full) ? full : Path.GetDirectoryName(full);
                var candidate = folder is null ? null : Path.Combine(folder, LintConfigReader.DefaultFileName);
                if (candidate is not null && File.Exists(candidate) && !files.Contains(candidate))
                {
                    files.Add(candidate);
                    ctx.NoteInput(candidate);
                }
            }
        }

        var disabled = new List<string>();
        var ignores = new List<LintIgnore>();
        var diagnostics = new List<Diagnostic>();
        foreach (var file in files)
        {
            var display = Path.GetRelativePath(ctx.WorkingDirectory, file).Replace('\\', '/');
            if (InputFile.Read(file, display, ctx.MaxFileSize, diagnostics) is not { } text)
            {
                continue;
            }

            var parsed = LintConfigReader.Parse(text, display);
            diagnostics.AddRange(parsed.Diagnostics);
            disabled.AddRange(parsed.Value.Disabled);
            ignores.AddRange(parsed.Value.Ignores);
        }

        if (diagnostics.Any(d => d.Severity == Severity.Error))
        {
            throw new UserInputException(diagnostics);
        }

        return new LintConfig(disabled.Distinct(StringComparer.Ordinal).ToEquatableArray(), ignores.ToEquatableArray());
    }
}
