namespace Palisade.TestSupport;

/// <summary>
/// A fresh folder under the system's temporary folder for one test, deleted with everything in it on dispose: the one
/// way tests write input files, so that none is left behind when an assertion fails.
/// </summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates the folder, its name starting with <paramref name="prefix"/> and ending in random characters.</summary>
    public TempFolder(string prefix = "palisade-test-") => FullName = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The folder's absolute path.</summary>
    public string FullName { get; }

    /// <summary>The absolute path of <paramref name="name"/> (a relative path) inside the folder.</summary>
    public string In(string name) => Path.Combine(FullName, name);

    /// <summary>Writes <paramref name="text"/> as is to <paramref name="name"/> (creating its folders) and returns its absolute path.</summary>
    public string Write(string name, string text)
    {
        var path = In(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Deletes the folder and everything in it.</summary>
    public void Dispose() => Directory.Delete(FullName, recursive: true);
}
