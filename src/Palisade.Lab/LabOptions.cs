using Palisade.Model;
using Palisade.Net;

namespace Palisade.Lab;

/// <summary>What a denied packet gets: the two behaviours real CNIs show users.</summary>
public enum DenyMode
{
    /// <summary>K3s / kube-router: ICMP port-unreachable, so a denied connect fails at once with "Connection refused".</summary>
    Reject,

    /// <summary>Calico / Cilium: the packet is dropped, so a denied connect times out.</summary>
    Drop,
}

/// <summary>An SSH stream route of the nginx proxy: connections to <paramref name="ListenPort"/> go to a Service port.</summary>
public sealed record SshRoute(int ListenPort, ObjectRef Service, int ServicePort);

/// <summary>How to bring a lab up.</summary>
public sealed record LabOptions
{
    /// <summary>Reject (K3s) or drop (Calico, Cilium).</summary>
    public DenyMode DenyMode { get; init; } = DenyMode.Reject;

    /// <summary>
    /// SSH routes of the nginx proxy. Null derives them from container ports named <c>ssh-NAME</c> pointing at a
    /// Service <c>dev-container-NAME-svc</c> in the same namespace (the home-lab convention).
    /// </summary>
    public IReadOnlyList<SshRoute>? SshRoutes { get; init; }

    /// <summary>Where the state file, keys and server files live; one lab per directory.</summary>
    public string StateDir { get; init; } = LabState.DefaultDir;

    /// <summary>
    /// Start real servers (sshd, nginx, PostgreSQL, dnsmasq) where the model suggests them. When false every port
    /// gets the lab's own probe responder, which is faster and enough for policy matrices.
    /// </summary>
    public bool RealServers { get; init; } = true;

    /// <summary>Ports every pod serves in addition to its declared container ports (matrix ports).</summary>
    public IReadOnlyList<PortProtocol> ExtraPorts { get; init; } = [];

    /// <summary>
    /// Ports served by the lab's responder on specific pods (by pod reference), beyond their declared ports: so that a
    /// probe of a port nothing declares can still prove a block (a refused probe proves nothing when nothing listens).
    /// </summary>
    public IReadOnlyDictionary<ObjectRef, IReadOnlyList<PortProtocol>> PodPorts { get; init; } = new Dictionary<ObjectRef, IReadOnlyList<PortProtocol>>();

    /// <summary>More addresses the outside namespace owns (Internet or LAN hosts that expectations name).</summary>
    public IReadOnlyList<IpAddr> OutsideAddresses { get; init; } = [];

    /// <summary>Ports the responder serves on every outside address (so egress blocks to the Internet can be proven).</summary>
    public IReadOnlyList<PortProtocol> OutsidePorts { get; init; } = [];

    /// <summary>
    /// The default <see cref="ProbeTimeout"/>: 250 ms, 250 to 2,500 times a round trip inside the lab on a quiet machine
    /// (0.1-1 ms). Above it the timeout follows the round trips measured (20 × the slowest recent one but one), so a
    /// loaded machine's probes wait longer; a probe that times out is probed again with twice the time before it counts.
    /// </summary>
    public static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The shortest time a probe waits for a connection or an answer: the floor of the timeout the lab derives from
    /// the round trips it measures (<see cref="Probes.ProbeTiming"/>).
    /// </summary>
    public TimeSpan ProbeTimeout { get; init; } = DefaultProbeTimeout;

    /// <summary>
    /// How many socket probes of the lab (controls included) are in flight at once, over every caller. A socket probe
    /// costs a descriptor and a connection-tracking entry, not a process; the home lab's quantified expectations send
    /// about 2,300 probes, which in drop mode each wait out a timeout and its re-probe while holding their place, so the
    /// bound lets them all wait at once: with 1,024 they waited in three waves, one after another.
    /// </summary>
    public int Parallelism { get; init; } = 4096;

    /// <summary>
    /// How many client programs (ssh, psql: each a process with its own handshake) run at once: one per core, at
    /// least 2 and at most 8, so that logins do not crowd each other past their limit on a loaded machine.
    /// </summary>
    public int CommandParallelism { get; init; } = Math.Clamp(Environment.ProcessorCount, 2, 8);

    /// <summary>Progress lines (namespaces, servers); null for silence.</summary>
    public Action<string>? Progress { get; init; }
}
