using System.Globalization;
using Palisade.Engine;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Reports;

/// <summary>Writes a <see cref="ConnectivityMatrix"/> as JSON (the scored contract), text grids, CSV or markdown.</summary>
public static class MatrixReport
{
    /// <summary>Writes the matrix in the given format.</summary>
    public static void Write(ConnectivityMatrix matrix, OutputFormat format, TextWriter output)
    {
        switch (format)
        {
            case OutputFormat.Json: WriteJson(matrix, output); break;
            case OutputFormat.Csv: WriteCsv(matrix, output); break;
            case OutputFormat.Md: WriteGrids(matrix, output, markdown: true); break;
            default: WriteGrids(matrix, output, markdown: false); break;
        }
    }

    /// <summary>
    /// The contract: <c>{"endpoints":[{"id","namespace","name","kind"}],"connections":[{"from","to","port","protocol","allowed"}]}</c>.
    /// </summary>
    public static void WriteJson(ConnectivityMatrix matrix, TextWriter output)
    {
        using var json = new JsonOutput(output);
        var w = json.Writer;
        w.WriteStartObject();
        JsonOutput.WriteObjects(w, "endpoints", matrix.Endpoints, e =>
        {
            w.WriteString("id", e.Id);
            w.WriteString("namespace", e.Ref.Namespace);
            w.WriteString("name", e.Ref.Name);
            w.WriteString("kind", e.Kind);
        });
        w.WriteStartArray("connections");
        foreach (var c in matrix.Connections())
        {
            w.WriteStartObject();
            w.WriteString("from", c.From.Id);
            w.WriteString("to", c.To.Id);
            w.WriteNumber("port", c.Port.Port);
            w.WriteString("protocol", c.Port.Protocol.ToString());
            if (c.Undetermined)
            {
                // Never a guess: an undetermined cell has allowed null and says why it is there (docs/file-formats.md).
                w.WriteNull("allowed");
                w.WriteBoolean("undetermined", true);
            }
            else
            {
                w.WriteBoolean("allowed", c.Allowed);
            }

            w.WriteEndObject();
            json.MaybeFlush();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>One line per cell: from,to,port,protocol,allowed.</summary>
    public static void WriteCsv(ConnectivityMatrix matrix, TextWriter output)
    {
        output.WriteLine("from,to,port,protocol,allowed");
        foreach (var c in matrix.Connections())
        {
            output.WriteLine(string.Join(",", Csv(c.From.Id), Csv(c.To.Id), c.Port.Port.ToString(CultureInfo.InvariantCulture),
                c.Port.Protocol.ToString(), c.Undetermined ? "undetermined" : c.Allowed ? "true" : "false"));
        }
    }

    /// <summary>One grid per port: rows are sources, columns destinations; "allow" or "deny", "n/a" where the port is not probed.</summary>
    public static void WriteGrids(ConnectivityMatrix matrix, TextWriter output, bool markdown)
    {
        var endpoints = matrix.Endpoints;
        var portsByDestination = endpoints.ToDictionary(e => e, e => matrix.PortsFor(e).ToHashSet());
        if (!markdown)
        {
            output.WriteLine("Endpoints:");
            for (var i = 0; i < endpoints.Count; i++)
            {
                output.WriteLine($"  [{i + 1}] {endpoints[i].Id} ({endpoints[i].Kind})");
            }
        }

        foreach (var port in matrix.AllPorts)
        {
            output.WriteLine();
            if (markdown)
            {
                output.WriteLine($"### {port}");
                output.WriteLine();
                output.WriteLine("| from \\ to | " + string.Join(" | ", endpoints.Select(e => e.Id)) + " |");
                output.WriteLine("|---|" + string.Concat(endpoints.Select(_ => "---|")));
                foreach (var from in endpoints)
                {
                    var cells = endpoints.Select(to => Cell(matrix, portsByDestination, from, to, port));
                    output.WriteLine($"| {from.Id} | " + string.Join(" | ", cells) + " |");
                }

                continue;
            }

            output.WriteLine($"{port}   (rows: from, columns: to; A = allowed, . = denied, {(matrix.MayBeUndetermined ? "? = undetermined, " : string.Empty)}blank = port not on destination)");
            var width = endpoints.Max(e => e.Id.Length) + 6;
            output.WriteLine(new string(' ', width) + string.Concat(Enumerable.Range(1, endpoints.Count).Select(i => i.ToString(CultureInfo.InvariantCulture).PadLeft(4))));
            for (var i = 0; i < endpoints.Count; i++)
            {
                var from = endpoints[i];
                var cells = endpoints.Select(to => Cell(matrix, portsByDestination, from, to, port) switch
                {
                    "allow" => "A",
                    "deny" => ".",
                    "undetermined" => "?",
                    _ => " ",
                });
                output.WriteLine($"[{i + 1}] {from.Id}".PadRight(width) + string.Concat(cells.Select(c => c.PadLeft(4))));
            }
        }
    }

    private static string Cell(ConnectivityMatrix matrix, Dictionary<WorkloadEndpoint, HashSet<PortProtocol>> ports, WorkloadEndpoint from, WorkloadEndpoint to, PortProtocol port) =>
        !ports[to].Contains(port) ? "n/a" : matrix.Decide(from, to, port) switch
        {
            Reachability.Allowed => "allow",
            Reachability.Undetermined => "undetermined",
            _ => "deny",
        };

    private static string Csv(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
