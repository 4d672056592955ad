using Palisade.Engine;
using Palisade.Expectations;
using Palisade.Lab;
using Palisade.Lab.Probes;
using Palisade.Model;
using Palisade.Net;
using Palisade.Rendering;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade check --lab</c>: brings the lab up for the checked cluster, probes every expectation with real packets
/// (an SSH login for proxied SSH routes, so the container that answers is known), and takes the lab down again.
/// A refused or timed-out probe counts as blocked only when a control probe from the node connects.
/// </summary>
public static class LabCheck
{
    /// <summary>Runs every expectation in the lab and returns results in file order.</summary>
    public static IReadOnlyList<ExpectationResult> Run(CliContext ctx, Cluster cluster, ExpectationSet expectations, ExpectationChecker engineChecker,
        ProxySpec? proxy, DenyMode deny, string stateDir, string defaultNamespace)
    {
        UnevaluatedTiers.Refuse(cluster, "check --lab (the lab's nftables compiler)", "run check without --lab, which evaluates the tiers");
        LabEnvironment.Check(realServers: true);
        var routes = proxy?.Routes.Select(r => new SshRoute(r.ListenPort, r.Service, r.ServicePort)).ToList();
        using var progress = new ProgressLine(ctx, "lab");
        progress.Step($"bringing the cluster up ({deny.ToString().ToLowerInvariant()} mode)...");
        var listeners = Listeners(cluster, expectations, defaultNamespace);
        using var lab = Lab.Lab.UpAsync(cluster, new LabOptions
        {
            DenyMode = deny,
            SshRoutes = routes,
            StateDir = stateDir,
            PodPorts = listeners.PodPorts,
            OutsideAddresses = listeners.OutsideAddresses,
            OutsidePorts = listeners.OutsidePorts,
            Progress = progress.Detail,
        }).GetAwaiter().GetResult();
        var total = expectations.All.Count();
        progress.Step($"up in {lab.UpTime.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} s; probing {total} expectations");
        var lookup = new EndpointLookup(lab.Cluster);
        var results = new List<ExpectationResult>();
        foreach (var criterion in expectations.Criteria)
        {
            foreach (var e in criterion.Expectations)
            {
                progress.Detail($"probing {results.Count + 1}/{total}: {e.Name}");
                var predicted = engineChecker.Check(criterion, e);
                if (e.IsQuantified)
                {
                    // A set is not sampled with packets: the static decision is reported and labelled as such.
                    results.Add(predicted with { Evidence = ["not probeable in the lab: a quantified expectation (port set or address set) is decided statically only, over every interval"] });
                    continue;
                }

                results.Add(Probe(lab, lookup, criterion, e, proxy, predicted.ActualAllowed, defaultNamespace));
            }
        }

        progress.Step("taking the cluster down");
        lab.Dispose(); // before the summary says so; the using's second Dispose does nothing
        progress.Done($"probed {total} expectations, {results.Count(r => r.Passed)} as expected; the cluster is down");
        return results;
    }

    /// <summary>
    /// What must listen for every probe to prove something: each destination pod on the expected port (a responder
    /// where no container declares it), and each outside address named by an expectation on its ports.
    /// </summary>
    private static (Dictionary<ObjectRef, IReadOnlyList<PortProtocol>> PodPorts, List<IpAddr> OutsideAddresses, List<PortProtocol> OutsidePorts)
        Listeners(Cluster cluster, ExpectationSet expectations, string defaultNamespace)
    {
        var lookup = new EndpointLookup(cluster);
        var engine = new PolicyEngine(cluster);
        var podPorts = new Dictionary<ObjectRef, HashSet<PortProtocol>>();
        var outside = new SortedSet<IpAddr>();
        var outsidePorts = new SortedSet<PortProtocol>();
        foreach (var e in expectations.All.Where(x => !x.IsQuantified))
        {
            if (lookup.Resolve(e.From, defaultNamespace, out _) is AddressTarget from && engine.ResolveAddress(from.Address) is ExternalEndpoint
                && ServiceRouting.FindByAddress(cluster, from.Address) is null)
            {
                outside.Add(from.Address);
            }

            switch (lookup.Resolve(e.To, defaultNamespace, out _))
            {
                case WorkloadTarget w:
                    foreach (var pod in w.Workload.Pods)
                    {
                        if (!podPorts.TryGetValue(pod.Ref, out var set))
                        {
                            podPorts[pod.Ref] = set = [];
                        }

                        set.Add(e.Port);
                    }

                    break;
                case AddressTarget a when ServiceRouting.FindByAddress(cluster, a.Address) is null && engine.ResolveAddress(a.Address) is ExternalEndpoint:
                    outside.Add(a.Address);
                    outsidePorts.Add(e.Port);
                    break;
            }
        }

        return (podPorts.ToDictionary(p => p.Key, p => (IReadOnlyList<PortProtocol>)[.. p.Value.Order()]), [.. outside], [.. outsidePorts]);
    }

    private static ExpectationResult Probe(Lab.Lab lab, EndpointLookup lookup, Criterion criterion, Expectation e, ProxySpec? proxy, bool predicted, string defaultNamespace)
    {
        var evidence = new List<string>();
        var source = SourceName(lab, lookup, e.From, defaultNamespace);
        var address = Address(lab, lookup, e.To, defaultNamespace);
        if (source is null || address is null)
        {
            evidence.Add($"lab: cannot place {(source is null ? e.From : e.To)} in the lab");
            return new ExpectationResult(e, criterion, false, [], null) { Passed = false, Evidence = evidence };
        }

        var proxied = proxy is not null && e.Port.Protocol == Protocol.TCP && proxy.Routes.Items.Any(r => r.ListenPort == e.Port.Port)
            && (proxy.Address == address || lab.Cluster.FindService(proxy.LoadBalancerService ?? default)?.ClusterIps.Items.Contains(address.Value) == true);
        var probe = proxied
            ? lab.SshAsync(source, address.Value, e.Port.Port).GetAwaiter().GetResult()
            : lab.ProbeAsync(source, address.Value, e.Port).GetAwaiter().GetResult();
        evidence.Add($"probe ({lab.DenyMode.ToString().ToLowerInvariant()} mode{(proxied ? ", SSH login" : string.Empty)}): {probe.Probe}");
        if (probe.Control is { } control)
        {
            evidence.Add($"control from the node: {control}");
        }

        evidence.Add($"verdict: {probe.Explanation}");
        evidence.Add($"engine predicted: {(predicted ? "allowed" : "denied")}");
        var actual = probe.Verdict == LabVerdict.Allowed;
        var passed = probe.Verdict != LabVerdict.Unproven && actual == e.Allowed;
        string? note = probe.Verdict == LabVerdict.Unproven ? "the probe proves nothing" : null;
        if (passed && e.Allowed && e.Reaches is { } want && lookup.Resolve(want, defaultNamespace, out _) is WorkloadTarget target)
        {
            var answer = probe.Probe.Answer ?? string.Empty;
            var lands = target.Workload.Pods.Items.Any(p => answer.Contains(p.Ref.Name, StringComparison.Ordinal));
            note = lands ? $"answered by {answer}" : $"answered by {(answer.Length == 0 ? "nobody" : answer)}, expected {target.Workload.Id}";
            passed = lands;
        }

        return new ExpectationResult(e, criterion, actual, [], note) { Passed = passed, Evidence = evidence };
    }

    private static string? SourceName(Lab.Lab lab, EndpointLookup lookup, string from, string defaultNamespace) =>
        lookup.Resolve(from, defaultNamespace, out _) switch
        {
            WorkloadTarget w => w.Workload.Id,
            AddressTarget a when lab.Cluster.Pods.FirstOrDefault(p => p.Ips.Items.Contains(a.Address)) is { } pod => pod.Ref.ToString(),
            AddressTarget a => $"outside@{a.Address}",
            _ => null,
        };

    private static IpAddr? Address(Lab.Lab lab, EndpointLookup lookup, string to, string defaultNamespace) =>
        lookup.Resolve(to, defaultNamespace, out _) switch
        {
            WorkloadTarget w when lab.Cluster.FindPod(w.Workload.Representative.Ref) is { Ips.Count: > 0 } pod => pod.Ips[0],
            ServiceTarget s when s.Service.ClusterIps.Count > 0 => s.Service.ClusterIps[0],
            AddressTarget a => a.Address,
            _ => null,
        };
}
