using Palisade.Net;

namespace Palisade.Lab.Probes;

/// <summary>Where a probe starts: a pod, the outside namespace with a source address, or the node.</summary>
/// <param name="Name">"namespace/name" of a pod, "outside" (optionally "outside@ADDRESS") or "node".</param>
/// <param name="Netns">The namespace the socket is created in.</param>
/// <param name="SourceAddress">The address the socket binds to, or null for the namespace's default.</param>
public sealed record ProbeSource(string Name, string Netns, IpAddr? SourceAddress)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}
