using Palisade.Diagnostics;
using Palisade.Expectations;
using Palisade.Linting;
using Palisade.Model;
using Palisade.Rendering;

namespace Palisade.Manifests.Inputs;

/// <summary>
/// Every input of one command, read: the snapshot the command works on and what came with it. When
/// <see cref="HasErrors"/> is true nothing else may run; <see cref="Diagnostics"/> then holds the errors of every input.
/// </summary>
/// <param name="Snapshot">The manifests (or the live cluster), less the left-out policies, plus the profile's policies.</param>
/// <param name="Rendered">The rendered profile, when one was read (its proxy routes apply even when not added).</param>
/// <param name="Expectations">The expectations, when read.</param>
/// <param name="LintConfig">The lint configuration, when asked for (empty when no file was found).</param>
/// <param name="Diagnostics">Every diagnostic of every input, in input order: manifests, then profile, expectations, lint configuration and left-out policies, then argument errors.</param>
/// <param name="FilesRead">The full paths of every file and folder read (outputs must not replace them).</param>
/// <param name="Skipped">Manifest objects of kinds Palisade does not read.</param>
/// <param name="LeftOut">The policies left out, as asked.</param>
/// <param name="Replaced">Input policies the profile's rendered policies replaced (same name, as kubectl apply would).</param>
/// <param name="Sources">The paths read after the folder layout was applied, as given (for a report's "checked" header).</param>
public sealed record AssembledInput(
    ClusterSnapshot Snapshot,
    RenderedIsolation? Rendered,
    ExpectationSet? Expectations,
    LintConfig? LintConfig,
    IReadOnlyList<Diagnostic> Diagnostics,
    IReadOnlyList<string> FilesRead,
    IReadOnlyList<SkippedObject> Skipped,
    IReadOnlyList<ObjectRef> LeftOut,
    IReadOnlyList<ObjectRef> Replaced,
    InputSources Sources)
{
    /// <summary>True when any diagnostic is an error: the command must stop (exit 2).</summary>
    public bool HasErrors { get; } = Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>The two snapshots of a comparison (<c>diff</c>), read like <see cref="AssembledInput"/>.</summary>
/// <param name="Before">The OLD side.</param>
/// <param name="After">The NEW side.</param>
/// <param name="Diagnostics">Every diagnostic of both sides.</param>
/// <param name="FilesRead">The full paths of every file and folder read.</param>
/// <param name="Skipped">Manifest objects of kinds Palisade does not read, on either side.</param>
public sealed record ComparedInput(
    ClusterSnapshot Before,
    ClusterSnapshot After,
    IReadOnlyList<Diagnostic> Diagnostics,
    IReadOnlyList<string> FilesRead,
    IReadOnlyList<SkippedObject> Skipped)
{
    /// <summary>True when any diagnostic is an error: nothing may be compared (exit 2).</summary>
    public bool HasErrors { get; } = Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>The paths one command read, after the folder layout: manifests (empty for a live read), expectations, profile.</summary>
/// <param name="Manifests">The manifest files or folders, as given.</param>
/// <param name="Expectations">The expectations file, when one was read.</param>
/// <param name="Profile">The isolation profile, when one was read.</param>
public sealed record InputSources(IReadOnlyList<string> Manifests, string? Expectations, string? Profile);
