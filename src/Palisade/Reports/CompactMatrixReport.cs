using System.Globalization;
using System.Text;
using Palisade.Engine;
using Palisade.Engine.Classes;

namespace Palisade.Reports;

/// <summary>
/// Writes <see cref="ConnectivityTable"/> as compact text (<c>palisade matrix --output compact</c>), row by row as
/// it goes: one <c>class</c> line per pod class with the pods it stands for (as "namespace/name": a class may span
/// namespaces that no policy tells apart), then one <c>allow</c> line per
/// (source class, port set) with the destination classes as ranges, and likewise one <c>undetermined</c> line per
/// (source class, port set) that cluster-wide tiers leave undetermined (never counted as allowed). Cell (c, c) means between two distinct members
/// of c; a pod always reaches itself and is not listed. Deterministic: classes in id order, groups by first
/// destination.
/// </summary>
public static class CompactMatrixReport
{
    /// <summary>The format's first line; bumped when the format changes.</summary>
    public const string Header = "palisade-compact-matrix 3";

    /// <summary>Writes the report of the engine's snapshot (computed on its class index).</summary>
    public static void Write(PolicyEngine engine, TextWriter output) => Write(engine.ClassIndex, output);

    /// <summary>Writes the report from a class index (the benchmarks time it without the engine's own index).</summary>
    internal static void Write(ClassEngine engine, TextWriter output)
    {
        var table = engine.Table;
        var classes = engine.Classes;
        var pods = classes.Sum(c => c.Pods.Count);
        output.WriteLine(Header);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# {classes.Count} classes over {pods} pods; {engine.Atoms.Count} port atoms; ports are destination ports"));
        var line = new StringBuilder();
        foreach (var c in classes)
        {
            line.Clear();
            line.Append("class ").Append(c.Id.ToString(CultureInfo.InvariantCulture))
                .Append(" pods ").Append(c.Pods.Count.ToString(CultureInfo.InvariantCulture)).Append(':');
            foreach (var p in c.Pods)
            {
                line.Append(' ').Append(p.Ref.Namespace).Append('/').Append(p.Ref.Name);
            }

            output.WriteLine(line);
        }

        var portText = new Dictionary<int, string>();
        var byPorts = new Dictionary<int, List<int>>();
        var order = new List<int>();
        for (var s = 0; s < table.ClassCount; s++)
        {
            WriteGroups(s, "allow ", table.RowCells(s));
            WriteGroups(s, "undetermined ", table.UndeterminedRowCells(s));
        }

        void WriteGroups(int s, string verb, IEnumerable<(int To, int PortSet)> cells)
        {
            byPorts.Clear();
            order.Clear();
            foreach (var (d, set) in cells)
            {
                if (!byPorts.TryGetValue(set, out var list))
                {
                    list = [];
                    byPorts[set] = list;
                    order.Add(set);
                }

                list.Add(d);
            }

            foreach (var set in order)
            {
                if (!portText.TryGetValue(set, out var text))
                {
                    text = set == PortSets.All ? "all" : string.Join(",", table.PortSets.Intervals(set).Select(i => i.ToString()));
                    portText[set] = text;
                }

                line.Clear();
                line.Append(verb).Append(s.ToString(CultureInfo.InvariantCulture)).Append(" -> ");
                AppendRanges(line, byPorts[set]);
                line.Append(" ports ").Append(text);
                output.WriteLine(line);
            }
        }
    }

    /// <summary>Ascending ids as "1,4,7-9".</summary>
    private static void AppendRanges(StringBuilder sb, List<int> ids)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            var start = ids[i];
            while (i + 1 < ids.Count && ids[i + 1] == ids[i] + 1)
            {
                i++;
            }

            if (sb[^1] != ' ')
            {
                sb.Append(',');
            }

            sb.Append(start.ToString(CultureInfo.InvariantCulture));
            if (ids[i] != start)
            {
                sb.Append('-').Append(ids[i].ToString(CultureInfo.InvariantCulture));
            }
        }
    }
}
