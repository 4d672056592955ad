using Palisade.Expectations;
using Palisade.Manifests.Wire;
using Palisade.Reports.Escaping;

namespace Palisade.Manifests.Documents;

/// <summary>
/// Writes an <see cref="ExpectationSet"/> as an expectations file (<c>kind: Expectations</c>, docs/file-formats.md)
/// that <see cref="ExpectationsReader"/> reads back to the same expectations; used by <c>palisade expect snapshot</c>.
/// </summary>
public static class ExpectationsWriter
{
    /// <summary>The file as one wire object.</summary>
    public static WireObject ToWire(ExpectationSet set)
    {
        var criteria = new WireList();
        foreach (var c in set.Criteria)
        {
            var expect = new WireList();
            foreach (var e in c.Expectations)
            {
                var item = new WireMap().Add("name", e.Name).Add("from", End(e.From, e.FromSelector)).Add("to", End(e.To, e.ToSelector));
                item.Add("port", WireScalar.Text(e.PortSet.Items.SequenceEqual(PortSet.Any) && e.NamedPorts.Count == 0 ? "any" : e.PortText));
                item.Add("allowed", WireScalar.Boolean(e.Allowed));
                if (e.Reaches is { } reaches)
                {
                    item.Add("reaches", reaches);
                }

                expect.Add(item);
            }

            criteria.Add(new WireMap().Add("id", c.Id).Add("title", c.Title).Add("expect", expect));
        }

        return new WireObject(new WireMap()
            .Add("apiVersion", WireScalar.Token("palisade.dev/v1alpha1"))
            .Add("kind", WireScalar.Token("Expectations"))
            .Add("criteria", criteria));
    }

    /// <summary>Writes the file as YAML, after comment lines (each escaped for a YAML comment).</summary>
    public static void WriteYaml(ExpectationSet set, IEnumerable<string> comments, TextWriter output)
    {
        foreach (var line in comments)
        {
            output.Write("# ");
            output.Write(YamlComment.Escape(line));
            output.Write('\n');
        }

        WireYaml.Write([ToWire(set)], output);
    }

    /// <summary>Writes the file as JSON (comments cannot be written in JSON).</summary>
    public static void WriteJson(ExpectationSet set, TextWriter output)
    {
        output.Write(WireJson.ToJson(ToWire(set)));
        output.Write('\n');
    }

    private static WireNode End(string text, PodSetSelector? selector)
    {
        if (selector is null)
        {
            return WireScalar.Text(text);
        }

        var map = new WireMap();
        _ = selector.Namespace switch
        {
            SelectorNamespaces.Named n => map.Add("namespace", n.Name),
            SelectorNamespaces.Selected s => map.Add("namespaceSelector", KubernetesObjects.Selector(s.Selector)),
            _ => throw new InvalidOperationException($"unknown namespace scope {selector.Namespace}"),
        };
        if (!selector.PodSelector.IsEverything)
        {
            map.Add("podSelector", KubernetesObjects.Selector(selector.PodSelector));
        }

        if (selector.Hypothetical)
        {
            map.Add("hypothetical", WireScalar.Boolean(true));
        }

        return map;
    }
}
