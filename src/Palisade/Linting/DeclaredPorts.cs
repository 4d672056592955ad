using Palisade.Model;
using Palisade.Net;

namespace Palisade.Linting;

/// <summary>
/// What the containers of a list of pods declare, gathered once per list so that a rule asking "does any of these pods
/// declare port 80/TCP?" or "does any resolve the name 'http'?" for every port entry pays a lookup, not a scan of the
/// pods. Lists come from the <see cref="LintContext"/>'s memoised selections, so each is summarised once.
/// </summary>
internal sealed class DeclaredPorts
{
    private readonly HashSet<(int Number, Protocol Protocol)> numbers = [];
    private readonly Dictionary<(string Name, Protocol Protocol), HashSet<int>> named = [];
    private readonly Dictionary<Pod, int> positions = new(ReferenceEqualityComparer.Instance);

    /// <summary>Summarises the pods.</summary>
    public DeclaredPorts(IReadOnlyList<Pod> pods)
    {
        for (var i = 0; i < pods.Count; i++)
        {
            positions.TryAdd(pods[i], i);
            foreach (var port in pods[i].Ports)
            {
                numbers.Add((port.Number, port.Protocol));
                if (port.Name is { } name && pods[i].ResolveNamedPort(name, port.Protocol) == port.Number)
                {
                    if (!named.TryGetValue((name, port.Protocol), out var resolved))
                    {
                        resolved = [];
                        named[(name, port.Protocol)] = resolved;
                    }

                    resolved.Add(port.Number);
                }
            }
        }
    }

    /// <summary>True when some pod declares the port number for the protocol.</summary>
    public bool Declares(int number, Protocol protocol) => numbers.Contains((number, protocol));

    /// <summary>True when some pod resolves the name for the protocol.</summary>
    public bool Resolves(string name, Protocol protocol) => named.ContainsKey((name, protocol));

    /// <summary>True when some pod resolves the name for the protocol to the number.</summary>
    public bool Resolves(string name, Protocol protocol, int number) => named.TryGetValue((name, protocol), out var r) && r.Contains(number);

    /// <summary>The position of the pod in the list, or -1 when it is not in it.</summary>
    public int PositionOf(Pod pod) => positions.GetValueOrDefault(pod, -1);
}
