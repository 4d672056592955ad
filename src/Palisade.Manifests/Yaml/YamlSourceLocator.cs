using System.Globalization;
using Palisade.Model;

namespace Palisade.Manifests.Yaml;

/// <summary>Locates fields of one object by walking its YAML node tree.</summary>
internal sealed class YamlSourceLocator(YamlNode root, string file, IReadOnlyList<string> lines) : ISourceLocator
{
    /// <inheritdoc />
    public SourceLocation Locate(string fieldPath)
    {
        var node = Find(fieldPath);
        return new SourceLocation(file, node.Line, node.Column);
    }

    /// <inheritdoc />
    public string? CommentAbove(string fieldPath)
    {
        var node = Find(fieldPath, exact: true);
        if (node is null || node.Line < 2 || node.Line - 2 >= lines.Count)
        {
            return null;
        }

        var above = lines[node.Line - 2].Trim();
        return above.StartsWith('#') ? above.TrimStart('#').Trim() : null;
    }

    private YamlNode Find(string fieldPath) => Find(fieldPath, exact: false)!;

    private YamlNode? Find(string fieldPath, bool exact)
    {
        var node = root;
        foreach (var segment in Segments(fieldPath))
        {
            YamlNode? next = segment switch
            {
                int i when node.Kind == YamlNodeKind.Sequence && i < node.Items.Count => node.Items[i],
                string key when node.Kind == YamlNodeKind.Mapping => node.Get(key),
                _ => null,
            };
            if (next is null || next.IsNull && next.Line == 0)
            {
                return exact ? null : node;
            }

            node = next;
        }

        return node;
    }

    private static IEnumerable<object> Segments(string path)
    {
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            yield return bracket < 0 ? part : part[..bracket];
            while (bracket >= 0)
            {
                var close = part.IndexOf(']', bracket);
                yield return int.Parse(part[(bracket + 1)..close], CultureInfo.InvariantCulture);
                bracket = part.IndexOf('[', close);
            }
        }
    }
}
