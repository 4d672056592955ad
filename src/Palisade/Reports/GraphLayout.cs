using System.Globalization;

namespace Palisade.Reports;

/// <summary>A positioned box (namespace group or node) in SVG user units.</summary>
public readonly record struct Box(double X, double Y, double Width, double Height)
{
    /// <summary>Centre x.</summary>
    public double CenterX => X + (Width / 2);

    /// <summary>Centre y.</summary>
    public double CenterY => Y + (Height / 2);
}

/// <summary>A drawn edge: its SVG path and where its label goes.</summary>
public readonly record struct EdgePath(string D, double LabelX, double LabelY);

/// <summary>
/// A deterministic layout: one column per namespace (sorted; the outside last), nodes stacked in id order inside
/// their column's box; edges are cubic curves between box sides (arcs on the right for edges within a column).
/// </summary>
public sealed class GraphLayout
{
    /// <summary>Node box width.</summary>
    public const double NodeWidth = 180;

    /// <summary>Node box height.</summary>
    public const double NodeHeight = 40;

    private const double ColumnGap = 110;
    private const double RowGap = 28;
    private const double Padding = 16;
    private const double Header = 30;
    private const double Top = 20;
    private const double Left = 20;

    private GraphLayout(Dictionary<string, Box> nodes, Dictionary<string, Box> groups, double width, double height)
    {
        Nodes = nodes;
        Groups = groups;
        Width = width;
        Height = height;
    }

    /// <summary>Node boxes by node id.</summary>
    public IReadOnlyDictionary<string, Box> Nodes { get; }

    /// <summary>Group boxes by namespace ("" for the outside).</summary>
    public IReadOnlyDictionary<string, Box> Groups { get; }

    /// <summary>Total width.</summary>
    public double Width { get; }

    /// <summary>Total height.</summary>
    public double Height { get; }

    /// <summary>Lays out the graph.</summary>
    public static GraphLayout For(ConnectivityGraph graph)
    {
        var nodes = new Dictionary<string, Box>(StringComparer.Ordinal);
        var groups = new Dictionary<string, Box>(StringComparer.Ordinal);
        var columns = graph.Namespaces.Select(ns => (Key: ns, Nodes: graph.Nodes.Where(n => n.Namespace == ns).ToList())).ToList();
        columns.Add((string.Empty, graph.Nodes.Where(n => n.Namespace is null).ToList()));
        var x = Left;
        var maxBottom = 0.0;
        foreach (var (key, members) in columns)
        {
            var y = Top + Header + Padding;
            foreach (var n in members)
            {
                nodes[n.Id] = new Box(x + Padding, y, NodeWidth, NodeHeight);
                y += NodeHeight + RowGap;
            }

            var height = Header + (2 * Padding) + (members.Count * (NodeHeight + RowGap)) - RowGap;
            groups[key] = new Box(x, Top, NodeWidth + (2 * Padding), height);
            maxBottom = Math.Max(maxBottom, Top + height);
            x += NodeWidth + (2 * Padding) + ColumnGap;
        }

        return new GraphLayout(nodes, groups, x - ColumnGap + Left + 60, maxBottom + Top);
    }

    /// <summary>The path of an edge; <paramref name="lane"/> spreads edges that share endpoints.</summary>
    public EdgePath PathOf(GraphEdge edge, int lane)
    {
        var a = Nodes[edge.From.Id];
        var b = Nodes[edge.To.Id];
        var offset = ((lane % 5) - 2) * 4.0;
        if (Math.Abs(a.X - b.X) < 1)
        {
            // Same column: an arc out to the right, wider for nodes further apart.
            var x1 = a.X + a.Width;
            var y1 = a.CenterY + offset;
            var y2 = b.CenterY + offset;
            var bulge = 40 + (Math.Abs(y2 - y1) * 0.35);
            var d = $"M {F(x1)} {F(y1)} C {F(x1 + bulge)} {F(y1)}, {F(x1 + bulge)} {F(y2)}, {F(x1 + 6)} {F(y2)}";
            return new EdgePath(d, x1 + (bulge * 0.75), (y1 + y2) / 2);
        }

        var forward = b.X > a.X;
        var sx = forward ? a.X + a.Width : a.X;
        var tx = forward ? b.X - 6 : b.X + b.Width + 6;
        // The two directions between a pair take different lanes so that they do not draw over each other.
        offset += forward ? -6 : 6;
        var sy = a.CenterY + offset;
        var ty = b.CenterY + offset;
        var pull = Math.Max(60, Math.Abs(tx - sx) * 0.4) * (forward ? 1 : -1);
        var path = $"M {F(sx)} {F(sy)} C {F(sx + pull)} {F(sy)}, {F(tx - pull)} {F(ty)}, {F(tx)} {F(ty)}";
        return new EdgePath(path, (sx + tx) / 2, ((sy + ty) / 2) + (forward ? -4 : 12));
    }

    /// <summary>Formats a coordinate invariantly with one decimal.</summary>
    public static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
