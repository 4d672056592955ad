namespace Palisade.Manifests.Inputs;

/// <summary>
/// Everything one command reads, as the user named it; <see cref="InputAssembly.LoadAsync"/> reads it all into one
/// <see cref="AssembledInput"/>. Relative paths are resolved against <see cref="LoadOptions.BaseDirectory"/>.
/// </summary>
public sealed record InputRequest
{
    /// <summary>Manifest files or folders, or "-" for <see cref="LoadOptions.Stdin"/>.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>The command reads manifests or the live cluster (false for a profile alone: render, cluster apply).</summary>
    public bool ReadsManifests { get; init; } = true;

    /// <summary>
    /// One folder argument is laid out like examples/home-lab (<see cref="InputLayout"/>): its manifests/ subfolder,
    /// expectations.yaml and profile.yaml stand for the options not given.
    /// </summary>
    public bool FolderLayout { get; init; }

    /// <summary>The expectations file given explicitly (wins over the folder layout).</summary>
    public string? Expectations { get; init; }

    /// <summary>Whether the command needs, may use, or ignores an expectations file.</summary>
    public InputNeed ExpectationsNeed { get; init; } = InputNeed.None;

    /// <summary>The isolation profile given explicitly (wins over the folder layout).</summary>
    public string? Profile { get; init; }

    /// <summary>The profile's rendered policies are added to the snapshot (they replace same-named input policies).</summary>
    public bool ApplyProfile { get; init; } = true;

    /// <summary>Whether the lint configuration is read: <see cref="LintConfigPath"/>, else the one in each input folder.</summary>
    public bool ReadLintConfig { get; init; }

    /// <summary>An explicit lint configuration file (<c>--config</c>).</summary>
    public string? LintConfigPath { get; init; }

    /// <summary>NetworkPolicies (NAMESPACE/NAME) left out of the manifests before the profile is applied.</summary>
    public IReadOnlyList<string> LeftOutPolicies { get; init; } = [];

    /// <summary>The option that named <see cref="LeftOutPolicies"/>, as diagnostics quote it.</summary>
    public string LeftOutOption { get; init; } = "--ignore-policy";

    /// <summary>
    /// Reads the live cluster instead of manifest paths (<c>--cluster</c>); called only once every local input has read
    /// without error, so a typo in a file never costs a round trip to the API server.
    /// </summary>
    public Func<CancellationToken, Task<Model.ClusterSnapshot>>? Live { get; init; }

    /// <summary>How manifests are read (default namespace, standard input, base folder, size limit, strictness).</summary>
    public LoadOptions Load { get; init; } = new();
}

/// <summary>Whether a command reads an optional input.</summary>
public enum InputNeed
{
    /// <summary>Not read, even when the folder layout has it.</summary>
    None,

    /// <summary>Read when given or found in the folder layout.</summary>
    Optional,

    /// <summary>Read; its absence is an input error.</summary>
    Required,
}
