using System.Globalization;
using Palisade.Net;

namespace Palisade.Engine.Classes;

/// <summary>A range of ports of one protocol, inclusive.</summary>
internal readonly record struct PortInterval(Protocol Protocol, int From, int To)
{
    /// <summary>True when the port is in the range.</summary>
    public bool Contains(int port, Protocol protocol) => protocol == Protocol && port >= From && port <= To;

    /// <inheritdoc />
    public override string ToString() => From == To
        ? $"{From.ToString(CultureInfo.InvariantCulture)}/{Protocol}"
        : $"{From.ToString(CultureInfo.InvariantCulture)}-{To.ToString(CultureInfo.InvariantCulture)}/{Protocol}";
}

/// <summary>
/// A set of port intervals on which every rule of the snapshot gives the same answer for every destination: the
/// port space is cut at every port/endPort bound and at every named-port resolution, and intervals on which the
/// same rules match are merged.
/// </summary>
/// <param name="Id">Dense index.</param>
/// <param name="Protocol">The protocol of every interval.</param>
/// <param name="Intervals">The intervals, ascending.</param>
internal sealed record PortAtom(int Id, Protocol Protocol, IReadOnlyList<PortInterval> Intervals)
{
    /// <summary>The port evaluated for the whole atom.</summary>
    public int RepresentativePort => Intervals[0].From;

    /// <summary>Number of ports covered.</summary>
    public int PortCount => Intervals.Sum(i => i.To - i.From + 1);

    /// <inheritdoc />
    public override string ToString() => string.Join(",", Intervals.Select(i => i.ToString()));
}
