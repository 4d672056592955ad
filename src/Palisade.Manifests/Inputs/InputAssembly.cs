using System.Text.RegularExpressions;
using Palisade.Diagnostics;
using Palisade.Expectations;
using Palisade.Linting;
using Palisade.Manifests.Documents;
using Palisade.Model;
using Palisade.Rendering;

namespace Palisade.Manifests.Inputs;

/// <summary>
/// The one input assembly step of every command: manifests (files, folders, standard input) or the live cluster, the
/// profile, the expectations, the lint configuration and the left-out policies are read into one snapshot, and every
/// diagnostic of every input is returned before anything runs. Bad input never throws; a broken environment (the
/// live read) does, as <see cref="PalisadeException"/>.
/// </summary>
public static partial class InputAssembly
{
    /// <summary>Reads every input of <paramref name="request"/>.</summary>
    public static async Task<AssembledInput> LoadAsync(InputRequest request, CancellationToken cancellationToken = default)
    {
        var reader = new Reader(request.Load);
        var paths = request.Paths;
        var expectationsPath = request.ExpectationsNeed == InputNeed.None ? null : request.Expectations;
        var profilePath = request.Profile;
        if (request.FolderLayout && paths.Count == 1 && paths[0] != "-" && Directory.Exists(reader.Full(paths[0])))
        {
            var folder = paths[0];
            paths = [InputLayout.ManifestsOf(folder, reader.BaseDirectory)];
            if (request.ExpectationsNeed != InputNeed.None)
            {
                expectationsPath ??= InputLayout.FileIn(folder, InputLayout.ExpectationsFile, reader.BaseDirectory);
            }

            profilePath ??= InputLayout.FileIn(folder, InputLayout.ProfileFile, reader.BaseDirectory);
        }

        // Local files first, so that a live read happens only when they are all good.
        var choice = new List<Diagnostic>();
        var rendered = profilePath is null ? null : reader.Profile(profilePath);
        ExpectationSet? expectations = null;
        if (expectationsPath is not null)
        {
            expectations = reader.Expectations(expectationsPath);
        }
        else if (request.ExpectationsNeed == InputNeed.Required)
        {
            choice.Add(DiagnosticCatalog.NoExpectationsFile.Create(SourceLocation.None, "no expectations file: pass --expect FILE, or a folder holding expectations.yaml",
                "see docs/file-formats.md for the expectations format"));
        }

        var lintConfig = request.ReadLintConfig ? reader.LintConfig(paths, request.LintConfigPath) : null;

        var snapshot = ClusterSnapshot.Empty;
        IReadOnlyList<SkippedObject> skipped = [];
        if (request.Live is not null)
        {
            if (paths.Count > 0)
            {
                choice.Add(DiagnosticCatalog.InputChoice.Create(SourceLocation.None, "give either manifest paths or --cluster, not both", "drop the paths to read the live cluster, or drop --cluster"));
            }
            else if (!reader.HasErrors && !choice.Any(d => d.Severity == Severity.Error))
            {
                snapshot = await request.Live(cancellationToken).ConfigureAwait(false);
            }
        }
        else if (request.ReadsManifests && paths.Count == 0)
        {
            choice.Add(DiagnosticCatalog.InputChoice.Create(SourceLocation.None, "no input: give manifest files or folders, or --cluster to read the live cluster",
                "for example: palisade matrix examples/home-lab/manifests"));
        }
        else if (request.ReadsManifests)
        {
            (snapshot, skipped) = reader.Manifests(paths);
        }

        snapshot = reader.LeaveOut(snapshot, request.LeftOutPolicies, request.LeftOutOption, "the input", out var leftOut);
        IReadOnlyList<ObjectRef> replaced = [];
        if (rendered is not null && request.ApplyProfile)
        {
            replaced = rendered.Replaces(snapshot);
            snapshot = rendered.ApplyTo(snapshot);
        }

        return new AssembledInput(snapshot, rendered, expectations, lintConfig, [.. reader.All, .. choice], reader.Files, skipped, leftOut, replaced,
            new InputSources(request.Live is null ? paths : [], expectationsPath, profilePath));
    }

    /// <summary>
    /// Reads both sides of a comparison. Each side is manifests (files or a folder; a folder holding manifests/ means
    /// that subfolder) or an isolation profile, which stands for the other side plus the profile's rendered policies.
    /// The <paramref name="deleted"/> policies leave the NEW side's manifests before a profile's policies are added,
    /// so a rendered policy is never deleted.
    /// </summary>
    public static ComparedInput LoadComparison(string oldPath, string newPath, IReadOnlyList<string> deleted, LoadOptions options)
    {
        var reader = new Reader(options);
        var oldIsProfile = IsProfile(reader.Full(oldPath));
        var newIsProfile = IsProfile(reader.Full(newPath));
        var choice = new List<Diagnostic>();
        ClusterSnapshot before, after;
        var skipped = new List<SkippedObject>();
        if (oldIsProfile && newIsProfile)
        {
            choice.Add(DiagnosticCatalog.ProfilesOnBothSides.Create(SourceLocation.None, "diff: both sides are isolation profiles; at least one side must be manifests",
                "compare manifests with a profile (palisade diff MANIFESTS PROFILE), or render both profiles and compare the results"));
            (before, after) = (ClusterSnapshot.Empty, ClusterSnapshot.Empty);
        }
        else if (newIsProfile)
        {
            (before, var s) = reader.Manifests([InputLayout.ManifestsOf(oldPath, reader.BaseDirectory)]);
            skipped.AddRange(s);
            var rendered = reader.Profile(newPath);
            after = reader.LeaveOut(before, deleted, "--delete-policy", "the NEW side's manifests", out _);
            after = rendered?.ApplyTo(after) ?? after;
        }
        else if (oldIsProfile)
        {
            var rendered = reader.Profile(oldPath);
            (after, var s) = reader.Manifests([InputLayout.ManifestsOf(newPath, reader.BaseDirectory)]);
            skipped.AddRange(s);
            before = rendered?.ApplyTo(after) ?? after;
            after = reader.LeaveOut(after, deleted, "--delete-policy", "the NEW side's manifests", out _);
        }
        else
        {
            (before, var s1) = reader.Manifests([InputLayout.ManifestsOf(oldPath, reader.BaseDirectory)]);
            (after, var s2) = reader.Manifests([InputLayout.ManifestsOf(newPath, reader.BaseDirectory)]);
            skipped.AddRange(s1);
            skipped.AddRange(s2);
            after = reader.LeaveOut(after, deleted, "--delete-policy", "the NEW side's manifests", out _);
        }

        return new ComparedInput(before, after, [.. choice, .. reader.All], reader.Files, skipped);
    }

    /// <summary>
    /// Reads a comparison whose OLD side is the live cluster (<c>diff --cluster NEW</c>): NEW is a change applied over
    /// it, either an isolation profile's rendered policies or manifests replacing the live objects of the same kind,
    /// namespace and name, as <c>kubectl apply</c> would (<see cref="LiveChange"/>). The local files are read first;
    /// the cluster is read only when they are good. The <paramref name="deleted"/> policies leave the NEW side before
    /// a profile's policies are added.
    /// </summary>
    public static async Task<ComparedInput> LoadLiveComparisonAsync(
        Func<CancellationToken, Task<ClusterSnapshot>> live, string newPath, IReadOnlyList<string> deleted, LoadOptions options, CancellationToken cancellationToken = default)
    {
        var reader = new Reader(options);
        var skipped = new List<SkippedObject>();
        RenderedIsolation? rendered = null;
        var change = ClusterSnapshot.Empty;
        var newIsProfile = IsProfile(reader.Full(newPath));
        if (newIsProfile)
        {
            rendered = reader.Profile(newPath);
        }
        else
        {
            (change, var s) = reader.Manifests([InputLayout.ManifestsOf(newPath, reader.BaseDirectory)]);
            skipped.AddRange(s);
        }

        if (reader.HasErrors)
        {
            return new ComparedInput(ClusterSnapshot.Empty, ClusterSnapshot.Empty, reader.All, reader.Files, skipped);
        }

        var before = await live(cancellationToken).ConfigureAwait(false);
        var after = newIsProfile ? before : LiveChange.Apply(before, change);
        after = reader.LeaveOut(after, deleted, "--delete-policy", "the NEW side", out _);
        after = rendered?.ApplyTo(after) ?? after;
        return new ComparedInput(before, after, reader.All, reader.Files, skipped);
    }

    /// <summary>True when the path is a file whose (first) document is <c>kind: IsolationProfile</c>.</summary>
    public static bool IsProfile(string fullPath)
    {
        if (fullPath == "-" || !File.Exists(fullPath))
        {
            return false;
        }

        using var reader = new StreamReader(fullPath);
        for (var i = 0; i < 200 && reader.ReadLine() is { } line; i++)
        {
            if (KindLine().Match(line) is { Success: true } m)
            {
                return m.Groups[1].Value == "IsolationProfile";
            }
        }

        return false;
    }

    [GeneratedRegex(@"^kind:\s*[""']?([A-Za-z]+)[""']?\s*(#.*)?$")]
    private static partial Regex KindLine();

    /// <summary>Reads the inputs of one run, collecting their diagnostics and the files read.</summary>
    private sealed class Reader(LoadOptions options)
    {
        public string BaseDirectory { get; } = options.BaseDirectory ?? Directory.GetCurrentDirectory();

        public List<Diagnostic> Diagnostics { get; } = [];

        /// <summary>The manifests' diagnostics, kept apart so that they come first, as the manifests are the main input.</summary>
        public List<Diagnostic> ManifestDiagnostics { get; } = [];

        /// <summary>Every diagnostic in input order: manifests, then the other files and the left-out policies as read.</summary>
        public IReadOnlyList<Diagnostic> All => [.. ManifestDiagnostics, .. Diagnostics];

        public List<string> Files { get; } = [];

        public bool HasErrors => All.Any(d => d.Severity == Severity.Error);

        public string Full(string path) => path == "-" ? path : Path.GetFullPath(path, BaseDirectory);

        /// <summary>A path as diagnostics show it: relative to the base folder when under it.</summary>
        public string Display(string full)
        {
            var relative = Path.GetRelativePath(BaseDirectory, full);
            return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative.Replace('\\', '/');
        }

        public RenderedIsolation? Profile(string path)
        {
            var full = Full(path);
            Files.Add(full);
            var read = ProfileReader.Read(full, Display(full), maxFileSize: options.MaxFileSize);
            Diagnostics.AddRange(read.Diagnostics);
            return read.Value is null || read.Diagnostics.Any(d => d.Severity == Severity.Error) ? null : ProfileRenderer.Render(read.Value);
        }

        public ExpectationSet? Expectations(string path)
        {
            var full = Full(path);
            Files.Add(full);
            var read = ExpectationsReader.Read(full, Display(full), maxFileSize: options.MaxFileSize);
            Diagnostics.AddRange(read.Diagnostics);
            return read.Diagnostics.Any(d => d.Severity == Severity.Error) ? null : read.Value;
        }

        public (ClusterSnapshot Snapshot, IReadOnlyList<SkippedObject> Skipped) Manifests(IReadOnlyList<string> paths)
        {
            string[] full = [.. paths.Select(Full)];
            Files.AddRange(full.Where(f => f != "-"));
            var load = ManifestLoader.Load(full, options with { BaseDirectory = BaseDirectory });
            ManifestDiagnostics.AddRange(load.Diagnostics);
            return (load.Snapshot, load.Skipped);
        }

        /// <summary>
        /// The configuration: the explicit file, else every <see cref="LintConfigReader.DefaultFileName"/> in the input
        /// folders (a file's folder for a file input), merged.
        /// </summary>
        public LintConfig LintConfig(IReadOnlyList<string> inputs, string? explicitPath)
        {
            var files = new List<string>();
            if (explicitPath is not null)
            {
                var full = Full(explicitPath);
                if (!File.Exists(full))
                {
                    Diagnostics.Add(DiagnosticCatalog.PathNotFound.Create(new SourceLocation(explicitPath, 0, 0), $"the lint configuration '{explicitPath}' does not exist", "check the --config path"));
                }
                else
                {
                    files.Add(full);
                }
            }
            else
            {
                foreach (var input in inputs.Where(p => p != "-"))
                {
                    var full = Full(input);
                    var folder = Directory.Exists(full) ? full : Path.GetDirectoryName(full);
                    var candidate = folder is null ? null : Path.Combine(folder, LintConfigReader.DefaultFileName);
                    if (candidate is not null && File.Exists(candidate) && !files.Contains(candidate))
                    {
                        files.Add(candidate);
                    }
                }
            }

            var disabled = new List<string>();
            var ignores = new List<LintIgnore>();
            foreach (var file in files)
            {
                Files.Add(file);
                var display = Display(file);
                if (InputFile.Read(file, display, options.MaxFileSize, Diagnostics) is not { } text)
                {
                    continue;
                }

                var parsed = LintConfigReader.Parse(text, display);
                Diagnostics.AddRange(parsed.Diagnostics);
                disabled.AddRange(parsed.Value.Disabled);
                ignores.AddRange(parsed.Value.Ignores);
            }

            return new LintConfig(disabled.Distinct(StringComparer.Ordinal).ToEquatableArray(), ignores.ToEquatableArray());
        }

        /// <summary>The snapshot without the named NetworkPolicies; a name that is not there is an error (PAL135).</summary>
        public ClusterSnapshot LeaveOut(ClusterSnapshot snapshot, IReadOnlyList<string> names, string option, string where, out IReadOnlyList<ObjectRef> leftOut)
        {
            var refs = new SortedSet<ObjectRef>();
            foreach (var text in names)
            {
                if (!ObjectRef.TryParse(text, out var reference) || snapshot.Policies.All(p => p.Ref != reference))
                {
                    Diagnostics.Add(DiagnosticCatalog.UnknownPolicyArgument.Create(SourceLocation.None, $"{option} {text}: no such NetworkPolicy in {where}",
                        "name a policy as NAMESPACE/NAME; known: " + string.Join(", ", snapshot.Policies.Select(p => p.Ref.ToString()).Take(8))));
                    continue;
                }

                refs.Add(reference);
            }

            leftOut = [.. refs];
            return refs.Count == 0
                ? snapshot
                : new ClusterSnapshot(snapshot.Namespaces, snapshot.Pods, snapshot.Workloads, snapshot.Services, snapshot.Policies.Where(p => !refs.Contains(p.Ref)), snapshot.AdminPolicies, snapshot.Nodes);
        }
    }
}
