using Palisade.Reports.Escaping;

namespace Palisade.Reports;

/// <summary>Writes a <see cref="ConnectivityGraph"/> as Graphviz DOT: namespaces as clusters, edges labelled with ports.</summary>
public static class DotWriter
{
    /// <summary>Writes the graph.</summary>
    public static void Write(ConnectivityGraph graph, TextWriter output, string title)
    {
        output.WriteLine("digraph palisade {");
        output.WriteLine($"  label={Q("Palisade: " + title)};");
        output.WriteLine("  labelloc=t; rankdir=LR; fontname=\"DejaVu Sans\"; compound=true;");
        output.WriteLine("  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"DejaVu Sans\", fontsize=11];");
        output.WriteLine("  edge [fontname=\"DejaVu Sans\", fontsize=9];");
        var index = 0;
        foreach (var ns in graph.Namespaces)
        {
            output.WriteLine($"  subgraph cluster_{index++} {{");
            output.WriteLine($"    label={Q(ns)}; style=\"rounded,filled\"; fillcolor=\"#f6f8fa\"; color=\"#d0d7de\";");
            foreach (var n in graph.Nodes.Where(n => n.Namespace == ns))
            {
                WriteNode(output, n, "    ");
            }

            output.WriteLine("  }");
        }

        foreach (var n in graph.Nodes.Where(n => n.Namespace is null))
        {
            WriteNode(output, n, "  ");
        }

        foreach (var e in graph.Edges)
        {
            var style = e.Kind switch
            {
                EdgeKind.Rule => "color=\"#1f6feb\", penwidth=1.6",
                EdgeKind.Open => "color=\"#9aa4b2\", style=dashed",
                _ => "color=\"#bf8700\", style=dotted",
            };
            output.WriteLine($"  {Q(e.From.Id)} -> {Q(e.To.Id)} [label={Q(e.Kind == EdgeKind.Undetermined ? "? " + e.Label : e.Label)}, {style}];");
        }

        output.WriteLine("}");
    }

    private static void WriteNode(TextWriter output, GraphNode n, string indent)
    {
        var attributes = n.IngressIsolated ? ", color=\"#0969da\", penwidth=2.5" : string.Empty;
        attributes += n.EgressIsolated ? ", style=\"rounded,filled,dashed\"" : string.Empty;
        attributes += n.Namespace is null ? ", fillcolor=\"#fff8e5\"" : string.Empty;
        output.WriteLine($"{indent}{Q(n.Id)} [label={Q(n.Name + "\n" + n.Kind)}{attributes}];");
    }

    private static string Q(string s) => DotString.Quote(s);
}
