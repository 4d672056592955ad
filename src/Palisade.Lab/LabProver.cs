using System.Globalization;
using Palisade.Engine;
using Palisade.Lab.Netns;
using Palisade.Expectations;
using Palisade.Model;
using Palisade.Net;
using Palisade.Proving;

namespace Palisade.Lab;

/// <summary>
/// Proves expectations with real packets (<c>palisade check --lab</c>): brings a lab up for the snapshot with a
/// listener behind every probed destination, probes each expectation (an SSH login for proxied SSH routes, so the
/// container that answers is known), and takes the lab down again. The control-probe rule decides refusals.
/// </summary>
public sealed class LabProver(DenyMode denyMode, string stateDir, IProofProgress? progress = null) : IExpectationProver
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<ExpectationResult>> ProveAsync(ResolvedExpectations expectations, CancellationToken cancellationToken = default)
    {
        LabEnvironment.Check(realServers: true);
        var proxy = expectations.Proxy;
        var mode = denyMode.ToString().ToLowerInvariant();
        progress?.Step($"bringing the cluster up ({mode} mode)...");
        var quantified = PlanQuantified(expectations, LabTopology.Build(expectations.Snapshot));
        var listeners = Listeners(expectations, quantified);
        await using var lab = await RunningLab.UpAsync(expectations.Snapshot, new LabOptions
        {
            DenyMode = denyMode,
            SshRoutes = proxy?.Routes.Select(r => new SshRoute(r.ListenPort, r.Service, r.ServicePort)).ToList(),
            StateDir = stateDir,
            PodPorts = listeners.PodPorts,
            OutsideAddresses = listeners.OutsideAddresses,
            OutsidePorts = listeners.OutsidePorts,
            Progress = progress is null ? null : progress.Detail,
        }).ConfigureAwait(false);
        var total = expectations.Items.Count;
        progress?.Step($"up in {lab.UpTime.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s; probing {total} expectations");
        var results = await ProbeEveryAsync(lab, expectations, quantified, progress, cancellationToken).ConfigureAwait(false);
        progress?.Step("taking the cluster down");
        await lab.DisposeAsync().ConfigureAwait(false); // before the summary says so; the second dispose does nothing
        progress?.Done($"probed {total} expectations, {results.Count(r => r.Passed)} as expected; the cluster is down");
        return results;
    }

    /// <summary>
    /// Proves every expectation on a lab that is already up (built from <see cref="ResolvedExpectations.Snapshot"/>,
    /// with listeners where probes need them), without taking it down. The expectations are probed concurrently;
    /// the lab bounds how many probes are in flight (<see cref="LabOptions.Parallelism"/>,
    /// <see cref="LabOptions.CommandParallelism"/>). Results come back in the order of the expectations.
    /// </summary>
    public static Task<IReadOnlyList<ExpectationResult>> ProveOnAsync(RunningLab lab, ResolvedExpectations expectations, IProofProgress? progress = null,
        CancellationToken cancellationToken = default) =>
        ProbeEveryAsync(lab, expectations, PlanQuantified(expectations, lab.Topology), progress, cancellationToken);

    private static async Task<IReadOnlyList<ExpectationResult>> ProbeEveryAsync(RunningLab lab, ResolvedExpectations expectations,
        IReadOnlyDictionary<ResolvedExpectation, QuantifiedPlan> quantified, IProofProgress? progress, CancellationToken cancellationToken)
    {
        var mode = lab.DenyMode.ToString().ToLowerInvariant();
        var total = expectations.Items.Count;
        var done = 0;
        var progressGate = new Lock();

        // Independent expectations go out together: in drop mode each blocked one waits out a timeout, and waiting
        // those out one after another is what made drop mode slow. The lab's gates bound what is in flight. Only the
        // probing is concurrent: each expectation is judged afterwards, in order, from what its probes saw.
        async Task<Func<ExpectationResult>> ProbeOne(ResolvedExpectation e)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Func<ExpectationResult> judge;
            if (e.Expectation.IsQuantified)
            {
                judge = await ProbeQuantifiedAsync(lab, expectations, quantified[e], $"lab, {mode} mode").ConfigureAwait(false);
            }
            else
            {
                var (observation, setting) = await ObserveAsync(lab, e, expectations.Proxy, mode).ConfigureAwait(false);
                judge = () => ObservationJudge.Judge(e, observation, setting, expectations.Predict(e).ActualAllowed);
            }

            lock (progressGate)
            {
                progress?.Detail($"probed {++done}/{total}: {e.Expectation.Name}");
            }

            return judge;
        }

        var judges = await Task.WhenAll(expectations.Items.Select(ProbeOne)).ConfigureAwait(false);
        return [.. judges.Select(j => j())];
    }

    /// <summary>
    /// What must listen for every probe to prove something: each destination pod on the expected port (a responder
    /// where no container declares it), and each outside address named by an expectation on its ports.
    /// </summary>
    private static (Dictionary<ObjectRef, IReadOnlyList<PortProtocol>> PodPorts, List<IpAddr> OutsideAddresses, List<PortProtocol> OutsidePorts)
        Listeners(ResolvedExpectations expectations, IReadOnlyDictionary<ResolvedExpectation, QuantifiedPlan> quantified)
    {
        var cluster = expectations.Snapshot;
        var engine = expectations.Checker.Engine;
        var podPorts = new Dictionary<ObjectRef, HashSet<PortProtocol>>();
        var outside = new SortedSet<IpAddr>();
        var outsidePorts = new SortedSet<PortProtocol>();
        bool IsOutside(IpAddr a) => ServiceRouting.FindByAddress(cluster, a) is null && engine.ResolveAddress(a) is ExternalEndpoint;
        foreach (var e in expectations.Items.Where(x => !x.Expectation.IsQuantified))
        {
            if (e.From is AddressTarget from && IsOutside(from.Address))
            {
                outside.Add(from.Address);
            }

            switch (e.To)
            {
                case WorkloadTarget w:
                    foreach (var pod in w.Workload.Pods)
                    {
                        if (!podPorts.TryGetValue(pod.Ref, out var set))
                        {
                            podPorts[pod.Ref] = set = [];
                        }

                        set.Add(e.Expectation.Port);
                    }

                    break;
                case AddressTarget a when IsOutside(a.Address):
                    outside.Add(a.Address);
                    outsidePorts.Add(e.Expectation.Port);
                    break;
            }
        }

        // Every representative's destination listens on its port, and every outside address it names exists.
        foreach (var probe in quantified.Values.SelectMany(q => q.Probes))
        {
            if (probe.Request is not { } r)
            {
                continue;
            }

            if (probe.DestinationPod is { } pod)
            {
                if (!podPorts.TryGetValue(pod, out var set))
                {
                    podPorts[pod] = set = [];
                }

                set.Add(r.Port);
            }
            else
            {
                outside.Add(r.Address);
                outsidePorts.Add(r.Port);
            }

            if (r.From.StartsWith(LabTopology.OutsideName + "@", StringComparison.Ordinal))
            {
                outside.Add(IpAddr.Parse(r.From[(LabTopology.OutsideName.Length + 1)..]));
            }
        }

        return (podPorts.ToDictionary(p => p.Key, p => (IReadOnlyList<PortProtocol>)[.. p.Value.Order()]), [.. outside], [.. outsidePorts]);
    }

    /// <summary>A representative placed in the lab: the probe to send (null when it cannot be made, with why).</summary>
    private sealed record PlacedProbe(QuantifiedCell Cell, LabProbeRequest? Request, ObjectRef? DestinationPod, string? NotProbeable);

    /// <summary>A quantified expectation's representatives placed in the lab, or the result when there are too many.</summary>
    private sealed record QuantifiedPlan(ResolvedExpectation Expectation, IReadOnlyList<PlacedProbe> Probes, ExpectationResult? OverLimit);

    /// <summary>
    /// Addresses the lab itself uses (the node's, its link to the outside) or cannot own (special-purpose): no outside
    /// host stands there. Pod and Service addresses are checked one by one; an outside address elsewhere in the pod or
    /// Service range gets its own /32 route from the node, which wins over the range's.
    /// </summary>
    private static readonly IpCidr[] LabOwnRanges =
        [.. new[] { "10.42.0.1/32", "10.45.0.0/30", "0.0.0.0/8", "127.0.0.0/8", "224.0.0.0/4", "240.0.0.0/4" }.Select(IpCidr.Parse)];

    /// <summary>
    /// Places every representative of every quantified expectation (<see cref="RepresentativeProbes.Plan"/>, the cut
    /// the static check uses) in the lab planned for the snapshot.
    /// </summary>
    private static Dictionary<ResolvedExpectation, QuantifiedPlan> PlanQuantified(ResolvedExpectations expectations, LabTopology topology)
    {
        var plans = new Dictionary<ResolvedExpectation, QuantifiedPlan>(ReferenceEqualityComparer.Instance);
        foreach (var e in expectations.Items.Where(x => x.Expectation.IsQuantified))
        {
            var representatives = RepresentativeProbes.Plan(expectations, e, "lab", out var overLimit);
            plans[e] = new QuantifiedPlan(e, representatives is null ? [] : [.. representatives.Select(c => Place(c, topology))], overLimit);
        }

        return plans;
    }

    private static PlacedProbe Place(QuantifiedCell cell, LabTopology topology)
    {
        string? from = null, why = null;
        switch (cell.Source)
        {
            case PodEndpoint { Pod.Ref.Name: PodSetSelector.HypotheticalName }:
                why = "a pod to come (hypothetical: true) is not started in the lab";
                break;
            case PodEndpoint p when topology.PodsByRef.ContainsKey(p.Pod.Ref):
                from = p.Pod.Ref.ToString();
                break;
            case ExternalEndpoint x when OutsideAddress(x.Address, x.Address, topology) == x.Address:
                from = $"{LabTopology.OutsideName}@{x.Address}";
                break;
            default:
                why = $"the source {cell.Source} has no place in the lab";
                break;
        }

        IpAddr? address = null;
        ObjectRef? pod = null;
        switch (cell.Destination)
        {
            case PodEndpoint { Pod.Ref.Name: PodSetSelector.HypotheticalName }:
                why ??= "a pod to come (hypothetical: true) is not started in the lab";
                break;
            case PodEndpoint p when p.Pod.Ref.Name.EndsWith("~replica", StringComparison.Ordinal):
                // A workload to itself: a second pod of the same owner stands for the replica.
                var twin = cell.Source is PodEndpoint s
                    ? topology.Pods.FirstOrDefault(lp => lp.Pod.Ref != s.Pod.Ref && lp.Pod.Owner is { } o && s.Pod.Owner is { } so && o.Ref == so.Ref)
                    : null;
                (address, pod) = twin is null ? ((IpAddr?)null, (ObjectRef?)null) : (twin.Address, twin.Pod.Ref);
                why ??= twin is null ? "the workload has one pod in the lab; a pod is not probed against itself" : null;
                break;
            case PodEndpoint p when topology.PodsByRef.TryGetValue(p.Pod.Ref, out var lp):
                (address, pod) = (lp.Address, lp.Pod.Ref);
                break;
            case ExternalEndpoint x:
                address = OutsideAddress(cell.Addresses?.First ?? x.Address, cell.Addresses?.Last ?? x.Address, topology);
                why ??= address is not null ? null
                    : x.Address.IsV6 ? "IPv6 (the lab is IPv4 only)" : "no address of the interval can stand outside in the lab (the lab's own or special-purpose ranges)";
                break;
            default:
                why ??= $"the destination {cell.Destination} has no place in the lab";
                break;
        }

        return why is null && from is not null && address is { } a
            ? new PlacedProbe(cell, new LabProbeRequest(from, a, new PortProtocol(cell.Ports.First, cell.Ports.Protocol)), pod, null)
            : new PlacedProbe(cell, null, null, why);
    }

    /// <summary>The smallest IPv4 address of [first, last] the outside namespace can own, or null.</summary>
    private static IpAddr? OutsideAddress(IpAddr first, IpAddr last, LabTopology topology)
    {
        if (first.IsV6)
        {
            return null;
        }

        var candidate = first;
        // Each step skips a whole range, so this ends after at most one step per range and address used.
        for (var step = 0; step < LabOwnRanges.Length + topology.Pods.Count + topology.ServiceAddresses.Count + 1; step++)
        {
            if (candidate.Value > last.Value)
            {
                return null;
            }

            var own = LabOwnRanges.FirstOrDefault(r => r.Contains(candidate));
            if (own != default)
            {
                candidate = new IpAddr(own.Last.Value + 1, false);
                continue;
            }

            if (topology.PodAt(candidate) is not null || topology.ServiceAddresses.Contains(candidate))
            {
                candidate = new IpAddr(candidate.Value + 1, false);
                continue;
            }

            return candidate;
        }

        return null;
    }

    private static async Task<Func<ExpectationResult>> ProbeQuantifiedAsync(RunningLab lab, ResolvedExpectations expectations, QuantifiedPlan plan, string setting)
    {
        if (plan.OverLimit is { } over)
        {
            return () => over;
        }

        var requests = plan.Probes.Where(p => p.Request is not null).Select(p => p.Request!).ToList();
        var observed = await lab.ProbeAllAsync(requests).ConfigureAwait(false);
        var next = 0;
        var probes = plan.Probes.Select(p => p.Request is null
            ? new RepresentativeProbe(p.Cell, null, p.NotProbeable)
            : new RepresentativeProbe(p.Cell, observed[next++], null)).ToList();
        return () => RepresentativeProbes.Judge(expectations, plan.Expectation, probes, setting);
    }

    private static async Task<(CheckedObservation Observation, string Setting)> ObserveAsync(RunningLab lab, ResolvedExpectation e, Rendering.ProxySpec? proxy, string mode)
    {
        var port = e.Expectation.Port;
        var source = SourceName(lab, e.From);
        var address = Address(lab, e.To);
        if (source is null || address is null)
        {
            var missing = source is null ? e.Expectation.From : e.Expectation.To;
            var notRun = new Observation(source ?? e.Expectation.From, e.Expectation.To, port, ProbeOutcome.NotRun) { Detail = $"cannot place {missing} in the lab" };
            return (CheckedObservation.Decide(notRun, null), $"lab, {mode} mode");
        }

        var proxied = proxy is not null && port.Protocol == Protocol.TCP && proxy.Routes.Items.Any(r => r.ListenPort == port.Port)
            && (proxy.Address == address || lab.Snapshot.FindService(proxy.LoadBalancerService ?? default)?.ClusterIps.Items.Contains(address.Value) == true);
        var observation = proxied
            ? await lab.SshAsync(source, address.Value, port.Port).ConfigureAwait(false)
            : await lab.ProbeAsync(source, address.Value, port).ConfigureAwait(false);
        return (observation, proxied ? $"lab, {mode} mode, SSH login" : $"lab, {mode} mode");
    }

    private static string? SourceName(RunningLab lab, ResolvedEndpoint from) => from switch
    {
        WorkloadTarget w => w.Workload.Id,
        AddressTarget a when lab.Snapshot.Pods.FirstOrDefault(p => p.Ips.Items.Contains(a.Address)) is { } pod => pod.Ref.ToString(),
        AddressTarget a => $"outside@{a.Address}",
        _ => null,
    };

    private static IpAddr? Address(RunningLab lab, ResolvedEndpoint to) => to switch
    {
        WorkloadTarget w when lab.Snapshot.FindPod(w.Workload.Representative.Ref) is { Ips.Count: > 0 } pod => pod.Ips[0],
        ServiceTarget s when lab.Snapshot.FindService(s.Service.Ref) is { ClusterIps.Count: > 0 } service => service.ClusterIps[0],
        AddressTarget a => a.Address,
        _ => null,
    };
}
