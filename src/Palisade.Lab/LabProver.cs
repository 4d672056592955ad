using System.Globalization;
using Palisade.Engine;
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
        var listeners = Listeners(expectations);
        using var lab = await RunningLab.UpAsync(expectations.Snapshot, new LabOptions
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
        var results = new List<ExpectationResult>();
        foreach (var e in expectations.Items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (e.Expectation.IsQuantified)
            {
                results.Add(ObservationJudge.DecidedStatically(expectations.Predict(e), "lab"));
                continue;
            }

            progress?.Detail($"probing {results.Count + 1}/{total}: {e.Expectation.Name}");
            var (observation, setting) = await ObserveAsync(lab, e, proxy, mode).ConfigureAwait(false);
            results.Add(ObservationJudge.Judge(e, observation, setting, expectations.Predict(e).ActualAllowed));
        }

        progress?.Step("taking the cluster down");
        lab.Dispose(); // before the summary says so; the using's second Dispose does nothing
        progress?.Done($"probed {total} expectations, {results.Count(r => r.Passed)} as expected; the cluster is down");
        return results;
    }

    /// <summary>
    /// What must listen for every probe to prove something: each destination pod on the expected port (a responder
    /// where no container declares it), and each outside address named by an expectation on its ports.
    /// </summary>
    private static (Dictionary<ObjectRef, IReadOnlyList<PortProtocol>> PodPorts, List<IpAddr> OutsideAddresses, List<PortProtocol> OutsidePorts)
        Listeners(ResolvedExpectations expectations)
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

        return (podPorts.ToDictionary(p => p.Key, p => (IReadOnlyList<PortProtocol>)[.. p.Value.Order()]), [.. outside], [.. outsidePorts]);
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
