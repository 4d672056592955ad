using Palisade.Diffing;
using Palisade.Engine;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Expectations;

/// <summary>
/// One cell of a quantified expectation: a source, a destination (one pod, or the smallest address of an address
/// interval) and a port interval, with the engine's verdict, which is the same for every connection in the cell.
/// </summary>
/// <param name="Source">The source endpoint (a pod, or an address).</param>
/// <param name="Destination">The destination endpoint as decided (a pod, a pod's replica for a workload to itself, or an address).</param>
/// <param name="DestinationRange">The destination interval as written in reports (a pod reference or an address range).</param>
/// <param name="Addresses">The address interval the destination stands for, or null for a pod or a single address.</param>
/// <param name="Ports">The port interval; its first port stands for it.</param>
/// <param name="Verdict">The engine's verdict for the cell.</param>
public sealed record QuantifiedCell(Endpoint Source, Endpoint Destination, string DestinationRange, AddressInterval? Addresses, PortInterval Ports, Reachability Verdict);

/// <summary>Every cell of a quantified expectation, with the counts the report states.</summary>
/// <param name="Cells">The cells, destination by destination, then port by port, then source by source.</param>
/// <param name="Sources">How many sources.</param>
/// <param name="Destinations">How many destination intervals.</param>
/// <param name="PortIntervals">The most port intervals any destination has.</param>
/// <param name="Undeclared">A destination pod that does not declare a named port of the set, or null.</param>
public sealed record QuantifiedCells(IReadOnlyList<QuantifiedCell> Cells, int Sources, int Destinations, int PortIntervals, (Endpoint Pod, NamedPortRef Name)? Undeclared)
{
    /// <summary>
    /// The most representatives a probing prover sends for one expectation (docs/file-formats.md, "Quantified
    /// expectations in the lab and in a cluster"); above it the expectation is not probed and is undetermined.
    /// </summary>
    public const int MaxRepresentatives = 4096;

    /// <summary>
    /// One cell per class: cells whose sources are alike, whose destinations are alike, with the same port interval
    /// and the same verdict, are one class, and the first cell of each (the smallest address, in cell order) stands
    /// for it. Pods are alike when namespace, labels, declared ports and host networking are equal: policy cannot tell
    /// them apart, except by an ipBlock on a pod address, which the verdict in the key keeps apart.
    /// </summary>
    public IReadOnlyList<QuantifiedCell> Representatives()
    {
        var seen = new HashSet<(EndpointClass, EndpointClass, PortInterval, Reachability, string?)>();
        var result = new List<QuantifiedCell>();
        foreach (var c in Cells)
        {
            // An address interval is its own class; pods of one class share it only when the cells' ranges are pods.
            var range = c.Addresses is null && c.Destination is not PodEndpoint ? c.DestinationRange : c.Addresses?.ToString();
            if (seen.Add((EndpointClass.Of(c.Source), EndpointClass.Of(c.Destination), c.Ports, c.Verdict, range)))
            {
                result.Add(c);
            }
        }

        return result;
    }

    /// <summary>What makes two endpoints alike to policy: the address of an address, or a pod's namespace, labels, ports and host networking.</summary>
    private readonly record struct EndpointClass(string Key, Labels? Labels, EquatableArray<ContainerPort> Ports, bool Loopback)
    {
        public static EndpointClass Of(Endpoint e) => e switch
        {
            PodEndpoint p => new EndpointClass(p.Pod.Namespace + (p.Pod.HostNetwork ? "|host" : string.Empty) + (p.Pod.Ref.Name == PodSetSelector.HypotheticalName ? "|hypothetical" : string.Empty),
                p.Pod.Labels, p.Pod.Ports, p.Pod.Ref.Name.EndsWith("~replica", StringComparison.Ordinal)),
            _ => new EndpointClass(e.ToString() ?? string.Empty, null, EquatableArray<ContainerPort>.Empty, false),
        };
    }
}
