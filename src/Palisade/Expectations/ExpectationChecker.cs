using Palisade.Diagnostics;
using Palisade.Diffing;
using Palisade.Engine;
using Palisade.Model;
using Palisade.Net;
using Palisade.Rendering;

namespace Palisade.Expectations;

/// <summary>
/// Evaluates expectations statically with the engine. Service destinations are resolved to endpoint pods and
/// target ports as kube-proxy does before any policy applies; a connection to the proxy's load-balancer address on
/// a routed port is followed hop by hop: client → proxy pod, then proxy pod → routed Service → backend pod.
/// </summary>
public sealed partial class ExpectationChecker
{
    private readonly PolicyEngine engine;
    private readonly EndpointLookup lookup;
    private readonly ProxySpec? proxy;
    private readonly string defaultNamespace;
    private readonly Dictionary<Pod, string> workloadOfPod = new(ReferenceEqualityComparer.Instance);
    private readonly Lazy<ProbeSpace> clusterSpace;
    private readonly Lazy<IReadOnlySet<IpAddr>> clusterAddresses;
    private readonly Lazy<ProbeSpace> addressSpace;
    private readonly Lazy<Dictionary<string, List<int>>> podsByNamespace;

    /// <summary>Prepares a checker over a snapshot, with the proxy routes of a profile when one is known.</summary>
    public ExpectationChecker(ClusterSnapshot cluster, ProxySpec? proxy, string defaultNamespace = "default")
    {
        engine = new PolicyEngine(cluster);
        lookup = new EndpointLookup(cluster);
        this.proxy = proxy;
        this.defaultNamespace = defaultNamespace;
        clusterSpace = new(() => ProbeSpace.For([cluster], []));
        clusterAddresses = new(() => AddressSet.ClusterAddresses(cluster));
        addressSpace = new(() => ClusterSpace.WithBlocks([.. ClusterAddresses.Select(a => a.ToCidr())]));
        podsByNamespace = new(() =>
        {
            var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (var i = 0; i < cluster.Pods.Count; i++)
            {
                if (!index.TryGetValue(cluster.Pods[i].Namespace, out var own))
                {
                    index[cluster.Pods[i].Namespace] = own = [];
                }

                own.Add(i);
            }

            return index;
        });
        foreach (var w in lookup.Endpoints)
        {
            foreach (var p in w.Pods)
            {
                workloadOfPod.TryAdd(p, w.Id);
            }
        }
    }

    /// <summary>The engine used (for callers that report more).</summary>
    public PolicyEngine Engine => engine;

    /// <summary>The snapshot's probe space, built on first use: quantified expectations cut their own bounds into it.</summary>
    private ProbeSpace ClusterSpace => clusterSpace.Value;

    /// <summary>The snapshot's probe space with each of the cluster's own addresses cut out, built on first use: address sets cut their ranges into it.</summary>
    private ProbeSpace AddressSpace => addressSpace.Value;

    /// <summary>The indexes into the snapshot's pods of each namespace's pods, ascending, built on first use.</summary>
    private Dictionary<string, List<int>> PodsByNamespace => podsByNamespace.Value;

    /// <summary>The snapshot's own addresses (<see cref="AddressSet.ClusterAddresses"/>), built on first use.</summary>
    private IReadOnlySet<IpAddr> ClusterAddresses => clusterAddresses.Value;

    /// <summary>
    /// Checks that every endpoint of every expectation resolves; returns located errors (PAL31x) for those that do not.
    /// </summary>
    public IReadOnlyList<Diagnostic> Validate(ExpectationSet set)
    {
        var errors = new List<Diagnostic>();
        foreach (var e in set.All)
        {
            string? fromError = null;
            var fromFailure = LookupFailure.None;
            var from = e.FromSelector is null ? lookup.Resolve(e.From, defaultNamespace, out fromError, out fromFailure) : null;
            if (e.FromSelector is { } fromSelector)
            {
                ValidateSelector(fromSelector, e.FromLocation, "from", errors);
            }
            else if (fromFailure == LookupFailure.Ambiguous)
            {
                errors.Add(Ambiguous(e.FromLocation, "from", fromError));
            }
            else if (from is null)
            {
                errors.Add(DiagnosticCatalog.UnknownEndpoint.Create(e.FromLocation, $"from: {fromError}", "name a workload or pod as NAMESPACE/NAME, or an IP address"));
            }
            else if (from is ServiceTarget)
            {
                errors.Add(DiagnosticCatalog.ServiceAsSource.Create(e.FromLocation, $"from: {e.From} is a Service; a Service cannot open connections", "name the workload behind it"));
            }

            if (e.NamedPorts.Count > 0 && e.ToSelector is null
                && (e.ToSet is not null || (lookup.Resolve(e.To, defaultNamespace, out _) is AddressTarget named && ServiceRouting.FindByAddress(engine.Snapshot, named.Address) is null)))
            {
                errors.Add(DiagnosticCatalog.NamedPortWithoutPod.Create(e.ToLocation, $"to: {e.To} is an address; the named port {e.NamedPorts[0]} can only be resolved on a destination pod",
                    "name a workload, a pod or a selector as the destination, or write the port's number"));
                continue;
            }

            if (e.ToSet is not null)
            {
                continue; // an address set needs no lookup; the reader rejected reaches: beside it
            }

            if (e.ToSelector is { } toSelector)
            {
                ValidateSelector(toSelector, e.ToLocation, "to", errors);
                continue; // the reader rejected reaches: beside a selector
            }

            var to = lookup.Resolve(e.To, defaultNamespace, out var toError, out var toFailure);
            if (e.IsQuantified && (to is ServiceTarget || (to is AddressTarget at && ServiceRouting.FindByAddress(engine.Snapshot, at.Address) is not null)))
            {
                errors.Add(DiagnosticCatalog.PortSetToService.Create(e.ToLocation, $"to: {e.To} is a Service; a port set is checked against workloads, pods and addresses only",
                    "name the workload behind the Service, or list its ports one expectation each"));
                continue;
            }

            if (e.IsQuantified && to is WorkloadTarget)
            {
                continue; // a port set needs no declared port: every port is decided
            }

            if (toFailure == LookupFailure.Ambiguous)
            {
                errors.Add(Ambiguous(e.ToLocation, "to", toError));
            }
            else if (to is null)
            {
                errors.Add(DiagnosticCatalog.UnknownEndpoint.Create(e.ToLocation, $"to: {toError}", "name a workload or pod as NAMESPACE/NAME, a Service as svc/NAMESPACE/NAME, or an IP address"));
            }
            else if (ResolveTo(e) is { Count: 0 })
            {
                errors.Add(DiagnosticCatalog.ServiceWithoutEndpoint.Create(e.ToLocation, $"to: {e.To} has no backend pod serving {e.Port}",
                    "check the Service's port, selector and targetPort, or the proxy route"));
            }

            if (e.Reaches is { } r && lookup.Resolve(r, defaultNamespace, out var reachError, out var reachFailure) is not WorkloadTarget)
            {
                errors.Add(reachFailure == LookupFailure.Ambiguous ? Ambiguous(e.ReachesLocation, "reaches", reachError) : DiagnosticCatalog.UnknownEndpoint.Create(e.ReachesLocation, $"reaches: {reachError ?? $"{r} is not a workload or pod"}", "name the workload the connection must land in"));
            }
        }

        return errors;
    }

    private static Diagnostic Ambiguous(SourceLocation at, string field, string? error) =>
        DiagnosticCatalog.AmbiguousEndpoint.Create(at, $"{field}: {error}", "qualify the name with its kind as KIND/NAMESPACE/NAME, e.g. deployment/NAMESPACE/NAME or pod/NAMESPACE/NAME (docs/file-formats.md)");

    /// <summary>Evaluates every expectation (call <see cref="Validate"/> first).</summary>
    public IReadOnlyList<ExpectationResult> Check(ExpectationSet set) =>
        [.. set.Criteria.SelectMany(c => c.Expectations.Select(e => Check(c, e)))];

    /// <summary>Evaluates one expectation.</summary>
    public ExpectationResult Check(Criterion criterion, Expectation e)
    {
        if (e.IsQuantified)
        {
            return CheckQuantified(criterion, e);
        }

        var sources = Sources(e);
        var paths = ResolveTo(e) ?? [];
        var selfIsReplica = lookup.Resolve(e.From, defaultNamespace, out _) is WorkloadTarget { Workload.Kind: not "Pod" } f
            && lookup.Resolve(e.To, defaultNamespace, out _) is WorkloadTarget t && t.Workload == f.Workload;
        var hops = new List<Hop>();
        int total = 0, open = 0, unknown = 0;
        var reached = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            foreach (var path in paths)
            {
                var from = source;
                var ok = true;
                var closed = false;
                var undetermined = false;
                foreach (var original in path)
                {
                    // A workload to itself means replica to replica, as the matrix decides it: a pod paired with
                    // itself stands for two of its replicas (a pod cannot block itself; two replicas can).
                    var step = selfIsReplica && from is PodEndpoint fp && original.Target is PodEndpoint tp && ReferenceEquals(fp.Pod, tp.Pod)
                        ? original with { Target = new PodEndpoint(ConnectivityMatrix.ReplicaOf(tp.Pod)) }
                        : original;
                    var v = engine.Evaluate(from, step.Target, step.Port, e.Port.Protocol);
                    hops.Add(new Hop($"{Describe(from)} -> {step.Via}{Describe(step.Target)}:{step.Port}/{e.Port.Protocol}", v));
                    ok &= v.Allowed;
                    closed |= v is { Allowed: false, Undetermined: false };
                    undetermined |= v.Undetermined;
                    from = step.Target;
                }

                total++;
                unknown += undetermined && !closed ? 1 : 0;
                open += ok ? 1 : 0;
                if (ok && path.Count > 0 && path[^1].Target is PodEndpoint last)
                {
                    reached.Add(WorkloadOf(last.Pod));
                }
            }
        }

        // An allowed expectation needs every path open; a denied one needs every path closed. A mix fails either way:
        // some replica or backend behaves differently from the rest.
        var allowed = total > 0 && open == total;
        var passed = e.Allowed ? allowed : open == 0;
        string? note = null;
        if (e.Reaches is { } want && lookup.Resolve(want, defaultNamespace, out _) is WorkloadTarget target)
        {
            var lands = reached.Count == 1 && reached.Contains(target.Workload.Id);
            var where = reached.Count == 0 ? "reaches nothing" : $"reaches {string.Join(", ", reached)}";
            note = lands ? where : $"{where}, expected to reach {target.Workload.Id}" + WhyElsewhere(e, reached);
            if (e.Allowed && !lands)
            {
                passed = false;
            }
        }

        if (unknown > 0)
        {
            // A path the cluster-wide tiers leave undetermined proves neither verdict: the expectation cannot pass.
            passed = false;
            note = $"undetermined: {unknown} of {total} path(s) depend on cluster-wide rules the input cannot decide (see explain)"
                + (note is null ? string.Empty : $"; {note}");
        }

        return new ExpectationResult(e, criterion, allowed, hops, note)
        {
            Passed = passed,
            Paths = (open, total),
            Status = unknown > 0 ? ExpectationStatus.Undetermined : passed ? ExpectationStatus.Passed : ExpectationStatus.Failed,
        };
    }

    /// <summary>Why a connection lands where it does instead of in the <c>reaches</c> workload.</summary>
    private string WhyElsewhere(Expectation e, SortedSet<string> reached)
    {
        if (reached.Count == 0)
        {
            return string.Empty; // "got denied" already says why
        }

        var service = lookup.Resolve(e.To, defaultNamespace, out _) switch
        {
            ServiceTarget s => s.Service,
            AddressTarget a => ServiceRouting.FindByAddress(engine.Snapshot, a.Address),
            _ => null,
        };
        if (service is null)
        {
            return $" ({e.To} is itself {string.Join(", ", reached)})";
        }

        var why = $" ({string.Join(", ", reached)} serve{(reached.Count == 1 ? "s" : string.Empty)} svc/{service.Ref} on {e.Port}";
        return proxy is null && e.Port.Protocol == Protocol.TCP
            ? why + "; if that is a proxy, Palisade does not know its routes: pass --profile with the proxy's routes to follow the connection further)"
            : why + ")";
    }

    private string WorkloadOf(Pod pod) => workloadOfPod.TryGetValue(pod, out var id) ? id : pod.Ref.ToString();

    private static string Describe(Endpoint e) => e switch
    {
        PodEndpoint { Pod.Ref.Name: PodSetSelector.HypotheticalName } p => $"{p.Pod.Ref} (a pod to come, labels {{{string.Join(",", p.Pod.Labels.Pairs.Select(l => $"{l.Key}={l.Value}"))}}})",
        PodEndpoint p => p.Pod.Ref.ToString(),
        ExternalEndpoint x => x.Address.ToString(),
        _ => e.ToString() ?? string.Empty,
    };

    private List<Endpoint> Sources(Expectation e) => e.FromSelector is { } selector ? [.. SelectorPods(selector).Select(p => (Endpoint)new PodEndpoint(p))] : lookup.Resolve(e.From, defaultNamespace, out _) switch
    {
        WorkloadTarget w => [.. w.Workload.Pods.Items.Select(p => (Endpoint)new PodEndpoint(p))],
        AddressTarget a => [engine.ResolveAddress(a.Address)],
        _ => [],
    };

    /// <summary>One step of a path: the endpoint and port reached, and how ("LoadBalancer 1.2.3.4:2222 -> ").</summary>
    private readonly record struct Step(string Via, Endpoint Target, int Port)
    {
        public Step(string via, ServiceBackend backend) : this(via, new PodEndpoint(backend.Pod), backend.TargetPort)
        {
        }
    }

    /// <summary>Every path to the destination: a list of steps, each evaluated as one hop. Null when unresolved.</summary>
    private List<List<Step>>? ResolveTo(Expectation e)
    {
        var cluster = engine.Snapshot;
        var resolved = lookup.Resolve(e.To, defaultNamespace, out _);
        Service? service = resolved switch
        {
            ServiceTarget s => s.Service,
            AddressTarget a => ServiceRouting.FindByAddress(cluster, a.Address),
            _ => null,
        };

        switch (resolved)
        {
            case null:
                return null;
            case WorkloadTarget w:
                return [.. w.Workload.Pods.Items.Select(p => new List<Step> { new(string.Empty, new ServiceBackend(p, e.Port.Port)) })];
            case AddressTarget a when service is null:
                return [[new Step(string.Empty, engine.ResolveAddress(a.Address), e.Port.Port)]];
        }

        if (service is null)
        {
            return null;
        }

        var via = resolved is AddressTarget addr ? $"{ServiceKind(service, addr.Address)} {addr.Address}:{e.Port.Port} -> " : $"svc/{service.Ref}:{e.Port.Port} -> ";
        var first = ServiceRouting.Backends(cluster, service, e.Port.Port, e.Port.Protocol);
        // Proxy routes are TCP stream routes (SSH); other protocols end at the proxy pod.
        var route = e.Port.Protocol == Protocol.TCP ? proxy?.Routes.Items.FirstOrDefault(r => r.ListenPort == e.Port.Port) : null;
        var isProxy = proxy is not null && route is not null && (proxy.LoadBalancerService == service.Ref
            || first.Any(b => b.Pod.Namespace == proxy.Workload.Namespace && WorkloadOf(b.Pod) == proxy.Workload.ToString()));
        if (!isProxy)
        {
            return [.. first.Select(b => new List<Step> { new(via, b) })];
        }

        var routed = cluster.FindService(route!.Service);
        var second = routed is null ? [] : ServiceRouting.Backends(cluster, routed, route.ServicePort, e.Port.Protocol);
        var paths = new List<List<Step>>();
        foreach (var b1 in first)
        {
            foreach (var b2 in second)
            {
                paths.Add([new Step(via, b1), new Step($"proxy route {route.ListenPort} -> svc/{route.Service}:{route.ServicePort} -> ", b2)]);
            }
        }

        return paths;
    }

    private static string ServiceKind(Service service, IpAddr address) =>
        service.LoadBalancerIps.Items.Contains(address) ? "LoadBalancer" : service.ExternalIps.Items.Contains(address) ? "externalIP" : "ClusterIP";
}
