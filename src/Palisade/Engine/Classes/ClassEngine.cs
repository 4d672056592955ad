using System.Collections.Frozen;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Engine.Classes;

/// <summary>
/// A fast engine with the exact semantics of <see cref="PolicyEngine"/>, built for cluster scale. It indexes a
/// snapshot once: pods are grouped into <see cref="PodClass"/>es, the classes of the snapshot's
/// <see cref="PodPartition"/> (the one grouping of pods no policy can tell apart, shared with the exact engine's
/// matrix); identical rules are
/// evaluated once into a bitset of peer classes; pods selected by the same rules share one group. Verdicts are
/// decided per class and expanded to pods only where output needs them. Immutable and thread-safe after
/// construction.
/// </summary>
internal sealed class ClassEngine
{
    private readonly PodClass[] classes;
    private readonly PodPartition partition;
    private readonly ClassRule[] rules;
    private readonly int[][] groups;
    private readonly int[] egressGroup;
    private readonly int[] ingressGroup;
    private readonly NamedPortRef[] namedRefs;
    private readonly Lazy<PolicyEngine> explainer;
    private readonly EngineOptions options;
    private readonly Lazy<ConnectivityTable> table;
    private readonly AdminTiers? tiers;
    private readonly bool[]? egressSubject;
    private readonly bool[]? ingressSubject;

    /// <summary>Indexes the snapshot.</summary>
    public ClassEngine(ClusterSnapshot cluster)
        : this(cluster, podLevel: false)
    {
    }

    /// <summary>
    /// Indexes the snapshot with the given assumptions about what the input leaves out: with
    /// <see cref="EngineOptions.PodsWithoutIpOutsideCidrs"/> a pod without an IP is outside every ipBlock, so the
    /// input the class engine otherwise refuses has exact verdicts.
    /// </summary>
    public ClassEngine(ClusterSnapshot cluster, EngineOptions options)
        : this(cluster, null, options)
    {
    }

    /// <summary>
    /// A pod without an IP in the input and a NetworkPolicy with ipBlock peers, when the snapshot has both: verdicts may
    /// then be undetermined, which the class engine cannot express (it refuses such input). Null otherwise.
    /// </summary>
    public static (Pod Pod, NetworkPolicy Policy)? UnknownAddressMatch(ClusterSnapshot cluster)
    {
        var pod = cluster.Pods.FirstOrDefault(p => p.Ips.IsEmpty);
        var policy = pod is null ? null : cluster.Policies.FirstOrDefault(p => p.Ingress.Concat(p.Egress).Any(r => r.Peers is Peers ps && ps.Items.Any(x => x is IpBlockPeer)));
        return pod is not null && policy is not null ? (pod, policy) : null;
    }

    /// <summary>
    /// Indexes the snapshot; with <paramref name="podLevel"/> every pod is a class of its own (the dense pod-level
    /// bit matrix, kept for comparison in benchmarks and tests).
    /// </summary>
    public ClassEngine(ClusterSnapshot cluster, bool podLevel)
        : this(cluster, podLevel ? PodPartition.Singletons(cluster) : null)
    {
    }

    /// <summary>
    /// Indexes the snapshot with its classes taken from <paramref name="partition"/> (the exact engine's, built for the
    /// same snapshot), or from a partition of its own when null.
    /// </summary>
    internal ClassEngine(ClusterSnapshot cluster, PodPartition? partition, EngineOptions? options = null)
    {
        // It cannot say "undetermined" for a NetworkPolicy ipBlock and a pod whose IP the input does not give (cells
        // outside the tiers' subjects are decided by NetworkPolicy rules alone), unless told that such pods are outside
        // every block: a pod without an IP is then in no block, which is how its rules read it.
        this.options = options ?? EngineOptions.Default;
        if (!this.options.PodsWithoutIpOutsideCidrs && UnknownAddressMatch(cluster) is { } unknown)
        {
            throw new NotSupportedException($"the class engine cannot express undetermined verdicts: pod {unknown.Pod.Ref} has no IP in the input and {unknown.Policy.Ref} has ipBlock peers");
        }

        Snapshot = cluster;
        explainer = new Lazy<PolicyEngine>(() => new PolicyEngine(cluster, this.options), LazyThreadSafetyMode.ExecutionAndPublication);
        var policiesByNamespace = new Dictionary<string, List<NetworkPolicy>>(StringComparer.Ordinal);
        foreach (var p in cluster.Policies)
        {
            if (!policiesByNamespace.TryGetValue(p.Ref.Namespace, out var list))
            {
                list = [];
                policiesByNamespace[p.Ref.Namespace] = list;
            }

            list.Add(p);
        }

        tiers = cluster.HasAdminPolicies ? new AdminTiers(cluster, cluster.Namespaces.ToFrozenDictionary(n => n.Name, StringComparer.Ordinal), this.options) : null;
        this.partition = partition ?? PodPartition.Build(cluster, tiers);
        namedRefs = [.. this.partition.NamedPorts];
        classes = [.. this.partition.Classes.Select((pods, id) => new PodClass(id, pods))];

        var classesByNamespace = classes.GroupBy(c => c.Namespace, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var builder = new RuleBuilder(cluster, classes, classesByNamespace);
        var groupIds = new Dictionary<int[], int>(SequenceComparer<int>.Instance);
        var groupList = new List<int[]>();
        egressGroup = new int[classes.Length];
        ingressGroup = new int[classes.Length];
        var ruleSet = new HashSet<int>();
        var ruleIdsByPolicy = new Dictionary<NetworkPolicy, int[][]>(ReferenceEqualityComparer.Instance);
        var selectorIndex = policiesByNamespace.ToDictionary(e => e.Key, e => new SelectorIndex<NetworkPolicy>(e.Value, p => p.PodSelector), StringComparer.Ordinal);
        var selecting = new List<NetworkPolicy>();
        foreach (var c in classes)
        {
            egressGroup[c.Id] = -1;
            ingressGroup[c.Id] = -1;
            if (!selectorIndex.TryGetValue(c.Namespace, out var index))
            {
                continue;
            }

            selecting.Clear();
            index.Matching(c.Representative.Labels, selecting);
            foreach (var direction in (ReadOnlySpan<Direction>)[Direction.Ingress, Direction.Egress])
            {
                ruleSet.Clear();
                var isolated = false;
                foreach (var policy in selecting)
                {
                    if (!policy.Isolates(direction))
                    {
                        continue;
                    }

                    isolated = true;
                    if (!ruleIdsByPolicy.TryGetValue(policy, out var ids))
                    {
                        ids = [[.. policy.Ingress.Select(r => builder.RuleId(policy, r))], [.. policy.Egress.Select(r => builder.RuleId(policy, r))]];
                        ruleIdsByPolicy[policy] = ids;
                    }

                    ruleSet.UnionWith(ids[direction == Direction.Ingress ? 0 : 1]);
                }

                if (!isolated)
                {
                    continue;
                }

                var key = ruleSet.ToArray();
                Array.Sort(key);
                if (!groupIds.TryGetValue(key, out var gid))
                {
                    gid = groupList.Count;
                    groupIds[key] = gid;
                    groupList.Add(key);
                }

                (direction == Direction.Ingress ? ingressGroup : egressGroup)[c.Id] = gid;
            }
        }

        groups = [.. groupList];
        rules = [.. builder.Rules];
        Classes = classes;
        if (tiers is not null)
        {
            // A class is a tier subject in a direction when a cluster-wide policy with rules in that direction selects
            // its members (the class key holds everything a subject selector reads, so the representative speaks for all).
            egressSubject = new bool[classes.Length];
            ingressSubject = new bool[classes.Length];
            foreach (var c in classes)
            {
                foreach (var policy in cluster.AdminPolicies)
                {
                    if (tiers.Selects(policy, c.Representative))
                    {
                        egressSubject[c.Id] |= policy.Egress.Count > 0;
                        ingressSubject[c.Id] |= policy.Ingress.Count > 0;
                    }
                }
            }
        }

        Atoms = PortAtoms.Build(this);
        table = new Lazy<ConnectivityTable>(() => new ConnectivityTable(this), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The snapshot this engine answers for.</summary>
    public ClusterSnapshot Snapshot { get; }

    /// <summary>The pod classes, by id.</summary>
    public IReadOnlyList<PodClass> Classes { get; }

    /// <summary>The port atoms covering ports 1–65535 of every protocol.</summary>
    public IReadOnlyList<PortAtom> Atoms { get; }

    /// <summary>
    /// How many workers build the rows of <see cref="Table"/> (one per processor by default). The table is the same,
    /// port set ids included, for any value.
    /// </summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Rows a table worker takes at a time: a table of fewer rows is built on the calling thread. Small values only
    /// in the tests, to have several workers on small clusters.
    /// </summary>
    internal int RowsPerChunk
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "at least one row");
    } = 64;

    /// <summary>
    /// Tests only: the table's workers run one after another on the calling thread, taking chunks of rows in turn, so
    /// that every split of the rows between them is exercised without depending on thread timing.
    /// </summary>
    internal bool InterleavedWorkers { get; init; }

    /// <summary>Connectivity between classes on every port at once, computed on first use.</summary>
    public ConnectivityTable Table => table.Value;

    /// <summary>Number of distinct rules after de-duplication.</summary>
    public int RuleCount => rules.Length;

    /// <summary>Number of distinct selecting-rule groups.</summary>
    public int GroupCount => groups.Length;

    internal IReadOnlyList<ClassRule> Rules => rules;

    internal IReadOnlyList<int[]> Groups => groups;

    internal int EgressGroup(int cls) => egressGroup[cls];

    internal int IngressGroup(int cls) => ingressGroup[cls];

    internal IReadOnlyList<NamedPortRef> NamedRefs => namedRefs;

    /// <summary>True when the snapshot has cluster-wide policies, whose tiers the table's cells then include.</summary>
    public bool HasTiers => tiers is not null;

    /// <summary>True when a cluster-wide policy with rules in the direction has the class's members as subject.</summary>
    internal bool IsTierSubject(int cls, Direction direction) =>
        (direction == Direction.Egress ? egressSubject : ingressSubject) is { } subject && subject[cls];

    /// <summary>The reference engine, built on first use (explanations, and the cells that tiers decide).</summary>
    internal PolicyEngine Reference => explainer.Value;

    /// <summary>The class of a pod of the snapshot (or of a pod equal to one).</summary>
    public PodClass ClassOf(Pod pod)
    {
        if (partition.ClassOf(pod) is var id and >= 0)
        {
            return classes[id];
        }

        if (Snapshot.FindPod(pod.Ref) is { } known && known == pod && partition.ClassOf(known) is var knownId and >= 0)
        {
            return classes[knownId];
        }

        throw new ArgumentException($"pod {pod.Ref} is not part of the snapshot", nameof(pod));
    }

    /// <summary>Decides a pod-to-pod connection, exactly as <see cref="PolicyEngine.IsAllowed"/> does.</summary>
    public bool IsAllowed(Pod source, Pod destination, int port, Protocol protocol) =>
        ReferenceEquals(source, destination) || IsAllowed(ClassOf(source), ClassOf(destination), port, protocol);

    /// <summary>
    /// Decides a connection between two distinct pods, one of each class (a class with itself means two of its
    /// members).
    /// </summary>
    public bool IsAllowed(PodClass from, PodClass to, int port, Protocol protocol)
    {
        if (tiers is not null)
        {
            return Table.IsAllowed(from, to, port, protocol);
        }

        var destination = to.Representative;
        return Side(egressGroup[from.Id], to.Id, destination, port, protocol)
            && Side(ingressGroup[to.Id], from.Id, destination, port, protocol);
    }

    /// <summary>Decides a pod-to-pod connection as allowed, denied or undetermined, exactly as <see cref="PolicyEngine.Decide"/> does.</summary>
    public Reachability Decide(Pod source, Pod destination, int port, Protocol protocol) =>
        ReferenceEquals(source, destination) ? Reachability.Allowed : Table.Decide(ClassOf(source), ClassOf(destination), port, protocol);

    /// <summary>Explains a connection with <see cref="PolicyEngine"/>'s data (the reference engine is built on first use).</summary>
    public ConnectionVerdict Explain(Endpoint source, Endpoint destination, int port, Protocol protocol) =>
        explainer.Value.Evaluate(source, destination, port, protocol);

    /// <summary>The atom that holds a port, or null outside 1–65535.</summary>
    public PortAtom? AtomOf(int port, Protocol protocol) => PortAtoms.Find(Atoms, port, protocol);

    private bool Side(int group, int peer, Pod destination, int port, Protocol protocol)
    {
        if (group < 0)
        {
            return true;
        }

        foreach (var r in groups[group])
        {
            var rule = rules[r];
            if ((rule.Peers is null || Bits.Get(rule.Peers, peer)) && rule.PortMatches(destination, port, protocol))
            {
                return true;
            }
        }

        return false;
    }
}

