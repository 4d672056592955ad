using Palisade.Diagnostics;
using Palisade.Manifests.Yaml;
using Palisade.Model;

namespace Palisade.Manifests.Documents;

/// <summary>Reads a single-document Palisade file (profile, expectations) into a located YAML tree.</summary>
internal static class DocumentText
{
    /// <summary>
    /// Reads a Palisade file of <paramref name="expectedKind"/> into its document type, then converts it with
    /// <paramref name="convert"/>: the value is null when anything on the way was an error, and every diagnostic is kept.
    /// </summary>
    public static Diagnosed<T?> Read<TDocument, T>(string path, string display, string expectedKind, string? text, long maxFileSize,
        Func<TDocument, YamlNode, YamlSourceLocator, List<Diagnostic>, T?> convert)
        where T : class
    {
        var diagnostics = new List<Diagnostic>();
        var value = ReadDocument<TDocument>(path, display, expectedKind, diagnostics, text, maxFileSize) is (var doc, var root, var at)
            ? convert(doc, root, at, diagnostics)
            : null;
        return new(diagnostics.Any(d => d.Severity == Severity.Error) ? null : value, diagnostics);
    }

    /// <summary>
    /// Reads the file and checks it strictly against its document type <typeparamref name="T"/> (unknown fields, wrong
    /// types: located diagnostics); null when it cannot be read or is not one mapping of <paramref name="expectedKind"/>.
    /// </summary>
    private static (T Document, YamlNode Root, YamlSourceLocator At)? ReadDocument<T>(string path, string display, string expectedKind, List<Diagnostic> diagnostics, string? text, long maxFileSize)
    {
        var (root, lines) = Read(path, display, expectedKind, diagnostics, text, maxFileSize);
        if (root is null)
        {
            return null;
        }

        var json = SchemaWriter.Write(root, typeof(T), expectedKind, display, diagnostics, []);
        return (ManifestJson.Deserialize<T>(json), root, new YamlSourceLocator(root, display, lines));
    }

    /// <summary>Reads the file; null with diagnostics when it cannot be read or is not one mapping.</summary>
    public static (YamlNode? Root, string[] Lines) Read(string path, string display, string expectedKind, List<Diagnostic> diagnostics, string? text = null, long maxFileSize = InputLimits.DefaultMaxFileSize)
    {
        text ??= InputFile.Read(path, display, maxFileSize, diagnostics);
        if (text is null)
        {
            return (null, []);
        }

        var lines = text.Split('\n');
        var docs = YamlReader.ReadDocuments(text, display, diagnostics);
        if (docs.Count != 1 || docs[0].Kind != YamlNodeKind.Mapping)
        {
            if (!diagnostics.Any(d => d.Severity == Severity.Error))
            {
                diagnostics.Add(DiagnosticCatalog.MissingKind.Create(new SourceLocation(display, docs.Count > 1 ? docs[1].Line : 1, 1),
                    $"a {expectedKind} file holds exactly one YAML mapping", $"start the file with kind: {expectedKind}"));
            }

            return (null, lines);
        }

        var root = docs[0];
        var kind = root.GetString("kind");
        if (kind != expectedKind)
        {
            var at = root.Get("kind") ?? root;
            diagnostics.Add(DiagnosticCatalog.MissingKind.Create(new SourceLocation(display, at.Line, at.Column),
                kind is null ? $"the file has no kind (expected {expectedKind})" : $"kind {kind} is not {expectedKind}",
                $"write kind: {expectedKind} and apiVersion: palisade.dev/v1alpha1"));
            return (null, lines);
        }

        return (root, lines);
    }
}
