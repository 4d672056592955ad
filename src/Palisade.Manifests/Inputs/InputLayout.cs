namespace Palisade.Manifests.Inputs;

/// <summary>
/// The folder layout of examples/home-lab, in one place: one folder argument DIR means DIR/manifests (or DIR itself
/// when it has no such subfolder), DIR/expectations.yaml and DIR/profile.yaml when present.
/// </summary>
public static class InputLayout
{
    /// <summary>The manifests subfolder.</summary>
    public const string ManifestsFolder = "manifests";

    /// <summary>The expectations file.</summary>
    public const string ExpectationsFile = "expectations.yaml";

    /// <summary>The profile file.</summary>
    public const string ProfileFile = "profile.yaml";

    /// <summary>
    /// The manifests a path stands for: DIR/manifests when the path is a folder that has one, else the path. The
    /// answer keeps the path as given (relative stays relative); <paramref name="baseDirectory"/> resolves it.
    /// </summary>
    public static string ManifestsOf(string path, string? baseDirectory)
    {
        if (path == "-")
        {
            return path;
        }

        var full = Path.GetFullPath(path, baseDirectory ?? Directory.GetCurrentDirectory());
        return Directory.Exists(Path.Combine(full, ManifestsFolder)) ? Path.Combine(path, ManifestsFolder) : path;
    }

    /// <summary>A file of the layout inside <paramref name="folder"/>, or null when it does not exist.</summary>
    internal static string? FileIn(string folder, string name, string? baseDirectory)
    {
        var full = Path.GetFullPath(folder, baseDirectory ?? Directory.GetCurrentDirectory());
        return File.Exists(Path.Combine(full, name)) ? Path.Combine(folder, name) : null;
    }
}
