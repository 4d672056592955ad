using Palisade.Engine;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Diffing;

/// <summary>
/// Compares two snapshots semantically: every connection between endpoints both share, and between them and the
/// outside, on every probe of the <see cref="ProbeSpace"/>. Two policy sets written differently that allow the same
/// connections give an empty diff. Endpoints present on one side only are listed, not compared.
/// </summary>
public static class ConnectivityDiff
{
    /// <summary>Computes the difference from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static DiffResult Compute(ClusterSnapshot before, ClusterSnapshot after, IEnumerable<PortProtocol> extraPorts) =>
        Compute(before, after, extraPorts, EngineOptions.Default);

    /// <summary>Computes the difference, with the given assumptions about what the inputs leave out.</summary>
    public static DiffResult Compute(ClusterSnapshot before, ClusterSnapshot after, IEnumerable<PortProtocol> extraPorts, EngineOptions options)
    {
        var oldEngine = new PolicyEngine(before, options);
        var newEngine = new PolicyEngine(after, options);
        var oldMatrix = new ConnectivityMatrix(oldEngine, []);
        var newMatrix = new ConnectivityMatrix(newEngine, []);
        // Endpoints are matched by kind and reference: a Deployment and a StatefulSet of one name are two endpoints.
        var oldByRef = oldMatrix.Endpoints.ToDictionary(e => (e.Ref, e.Kind));
        var newByRef = newMatrix.Endpoints.ToDictionary(e => (e.Ref, e.Kind));
        var space = ProbeSpace.For([before, after], extraPorts);

        var common = oldMatrix.Endpoints.Where(e => newByRef.ContainsKey((e.Ref, e.Kind))).Select(e => (e.Ref, e.Kind)).ToList();
        var added = newMatrix.Endpoints.Where(e => !oldByRef.ContainsKey((e.Ref, e.Kind))).Select(e => new EndpointPresence(e.Ref, e.Kind)).ToList();
        var removed = oldMatrix.Endpoints.Where(e => !newByRef.ContainsKey((e.Ref, e.Kind))).Select(e => new EndpointPresence(e.Ref, e.Kind)).ToList();

        var changes = new List<ConnectionChange>();
        foreach (var from in common)
        {
            var fromEndpoint = new WorkloadDiffEndpoint(from.Ref, from.Kind) { Label = newByRef[from].Id };
            foreach (var to in common)
            {
                var (o1, o2, n1, n2) = (oldByRef[from], oldByRef[to], newByRef[from], newByRef[to]);
                changes.AddRange(PairChanges(
                    fromEndpoint,
                    new WorkloadDiffEndpoint(to.Ref, to.Kind) { Label = newByRef[to].Id },
                    space.Ports,
                    p => oldMatrix.Decide(o1, o2, p),
                    p => newMatrix.Decide(n1, n2, p),
                    p => oldMatrix.Explain(o1, o2, p),
                    p => newMatrix.Explain(n1, n2, p)));
            }

            var oldPod = new PodEndpoint(oldByRef[from].Representative);
            var newPod = new PodEndpoint(newByRef[from].Representative);
            changes.AddRange(ExternalChanges(space, fromEndpoint, outbound: true, oldEngine, newEngine, oldPod, newPod));
            changes.AddRange(ExternalChanges(space, fromEndpoint, outbound: false, oldEngine, newEngine, oldPod, newPod));
        }

        var ordered = changes
            .OrderBy(c => c.Kind)
            .ThenBy(c => c.From is AddressDiffEndpoint ? 1 : 0).ThenBy(c => c.From.Id, StringComparer.Ordinal)
            .ThenBy(c => c.To is AddressDiffEndpoint ? 1 : 0).ThenBy(c => c.To.Id, StringComparer.Ordinal)
            .ThenBy(c => c.Ports[0])
            .ToList();
        return new DiffResult(added, removed, ordered, space, common.Count);
    }

    /// <summary>A structural key of a verdict: the same key means the same reasons on both sides.</summary>
    public static string ReasonKey(ConnectionVerdict v) => $"E[{SideKey(v.Egress)}{PassKey(v.Egress)}] I[{SideKey(v.Ingress)}{PassKey(v.Ingress)}]";

    /// <summary>The Pass rules a side went through (they are part of its explanation).</summary>
    private static string PassKey(SideVerdict side) =>
        (side.Tiers.AdminPass is { } a ? " pass:" + TierRuleKey(a) : string.Empty) + (side.Tiers.BaselinePass is { } b ? " pass:" + TierRuleKey(b) : string.Empty);

    private static string SideKey(SideVerdict side) => side switch
    {
        NotIsolated => "open",
        NotEnforced n => "not-enforced:" + n.Reason,
        AllowedByRules a => "allow:" + string.Join(",", a.Matches.Select(m => $"{m.Policy.Ref}#{m.Rule.Direction}{m.Rule.Index}")),
        DeniedByIsolation d => "deny:" + string.Join(",", d.SelectingPolicies.Select(p => p.Ref.ToString())),
        // A cluster-wide rule decided: ports decided by different rules (or tiers) must not share one representative.
        DecidedByTier t => $"tier:{t.Tier}:{TierRuleKey(t.Match)}",
        UndeterminedByTier u => $"undetermined:{u.Tier}:{u.Reason}:" + string.Join(",", u.Rules.Select(TierRuleKey)),
        _ => side.GetType().Name,
    };

    private static string TierRuleKey(AdminRuleMatch m) =>
        $"{m.Policy.Kind}/{m.Policy.Name}#{m.Rule.Direction}{m.Rule.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{m.Rule.Action}";

    /// <summary>The changes of one ordered pair over every port interval, grouped by kind and reasons.</summary>
    private static List<ConnectionChange> PairChanges(
        DiffEndpoint from,
        DiffEndpoint to,
        IReadOnlyList<PortInterval> ports,
        Func<PortProtocol, Reachability> oldDecide,
        Func<PortProtocol, Reachability> newDecide,
        Func<PortProtocol, ConnectionVerdict> oldExplain,
        Func<PortProtocol, ConnectionVerdict> newExplain)
    {
        var groups = new Dictionary<string, (ChangeKind Kind, List<PortInterval> Ports, ConnectionVerdict Before, ConnectionVerdict After)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var interval in ports)
        {
            var probe = new PortProtocol(interval.First, interval.Protocol);
            var o = oldDecide(probe);
            var n = newDecide(probe);
            if (o == n)
            {
                continue;
            }

            var before = oldExplain(probe);
            var after = newExplain(probe);
            var kind = KindOf(o, n);
            // The verdicts are part of the key: two ports with the same reasons but different outcomes (a tier's
            // allow and deny) must not be grouped under one representative.
            var key = $"{kind} {o}->{n} {ReasonKey(before)} -> {ReasonKey(after)}";
            if (!groups.TryGetValue(key, out var g))
            {
                g = (kind, [], before, after);
                groups[key] = g;
                order.Add(key);
            }

            g.Ports.Add(interval);
        }

        return [.. order.Select(k => groups[k]).Select(g => new ConnectionChange(g.Kind, from, to, PortInterval.Compress(g.Ports), g.Before, g.After))];
    }

    private static ChangeKind KindOf(Reachability before, Reachability after) => (before, after) switch
    {
        (_, Reachability.Undetermined) => ChangeKind.BecameUndetermined,
        (Reachability.Undetermined, _) => ChangeKind.WasUndetermined,
        (Reachability.Allowed, _) => ChangeKind.Closed,
        _ => ChangeKind.Opened,
    };

    /// <summary>
    /// Changes between a workload and the outside. Address intervals next to each other that change identically
    /// are reported as one range.
    /// </summary>
    private static List<ConnectionChange> ExternalChanges(
        ProbeSpace space, WorkloadDiffEndpoint workload, bool outbound, PolicyEngine oldEngine, PolicyEngine newEngine, PodEndpoint oldPod, PodEndpoint newPod)
    {
        var result = new List<ConnectionChange>();
        List<ConnectionChange>? run = null;
        string? runKey = null;
        AddressInterval runRange = default;

        void Flush()
        {
            if (run is { Count: > 0 })
            {
                var endpoint = new AddressDiffEndpoint(runRange);
                result.AddRange(run.Select(c => outbound ? c with { To = endpoint } : c with { From = endpoint }));
            }
        }

        foreach (var range in space.Addresses)
        {
            var address = new ExternalEndpoint(range.Representative);
            Endpoint Src(Endpoint pod) => outbound ? pod : address;
            Endpoint Dst(Endpoint pod) => outbound ? address : pod;
            var placeholder = new AddressDiffEndpoint(range);
            var changes = PairChanges(
                outbound ? workload : placeholder,
                outbound ? placeholder : workload,
                space.Ports,
                p => oldEngine.Decide(Src(oldPod), Dst(oldPod), p.Port, p.Protocol),
                p => newEngine.Decide(Src(newPod), Dst(newPod), p.Port, p.Protocol),
                p => oldEngine.Evaluate(Src(oldPod), Dst(oldPod), p.Port, p.Protocol),
                p => newEngine.Evaluate(Src(newPod), Dst(newPod), p.Port, p.Protocol));
            var key = string.Join(";", changes.Select(c => $"{c.Kind} {string.Join(",", c.Ports)} {ReasonKey(c.Before)} -> {ReasonKey(c.After)}"));
            var adjacent = run is not null && runRange.Last.IsV6 == range.First.IsV6 && runRange.Last.Value + 1 == range.First.Value;
            if (adjacent && key == runKey)
            {
                // Keep the Internet stand-in as the representative when the merged run holds it.
                var internetHere = range.Representative != range.First;
                runRange = new AddressInterval(runRange.First, range.Last, internetHere ? range.Representative : runRange.Representative);
                if (internetHere)
                {
                    run = changes;
                }

                continue;
            }

            Flush();
            run = changes;
            runKey = key;
            runRange = range;
        }

        Flush();
        return result;
    }
}
