using System.Globalization;
using k8s;
using k8s.Models;
using Palisade.Diagnostics;
using Palisade.Manifests.Yaml;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Manifests;

/// <summary>
/// Converts KubernetesClient objects into Palisade's model with Kubernetes' defaulting and validation rules.
/// Used by the manifest loader and by live-cluster mode alike; never throws for bad input, it reports
/// located PAL1xx diagnostics instead. A null value means the object could not be converted at all.
/// </summary>
public static class ModelConverter
{
    /// <summary>Converts a Namespace.</summary>
    public static Diagnosed<Namespace?> ToNamespace(V1Namespace source, ISourceLocator at)
    {
        var c = new Conversion(at);
        var name = c.Name(source.Metadata, dnsLabel: true);
        if (name is null)
        {
            return c.Done<Namespace?>(null);
        }

        var labels = c.ObjectLabels(source.Metadata.Labels, "metadata.labels");
        return c.Done<Namespace?>(Namespace.Create(name, labels, declared: true) with { Location = at.Locate(string.Empty) });
    }

    /// <summary>Converts a Node: its labels and the IP addresses of <c>status.addresses</c> (what <c>nodes</c> peers select).</summary>
    public static Diagnosed<Node?> ToNode(V1Node source, ISourceLocator at)
    {
        var c = new Conversion(at);
        var name = c.Name(source.Metadata);
        if (name is null)
        {
            return c.Done<Node?>(null);
        }

        var ips = new List<IpAddr>();
        for (var i = 0; i < (source.Status?.Addresses?.Count ?? 0); i++)
        {
            // Hostname and DNS entries are names, not addresses.
            if (source.Status!.Addresses![i] is { Type: "InternalIP" or "ExternalIP" } a)
            {
                c.AddIp(ips, a.Address, $"status.addresses[{I(i)}].address");
            }
        }

        var node = new Node(name, c.ObjectLabels(source.Metadata.Labels, "metadata.labels"), ips.ToEquatableArray()) { Location = at.Locate(string.Empty) };
        return c.Done<Node?>(node);
    }

    /// <summary>Converts a Pod; objects with no namespace go to <paramref name="defaultNamespace"/>.</summary>
    public static Diagnosed<Pod?> ToPod(V1Pod source, string defaultNamespace, ISourceLocator at)
    {
        var c = new Conversion(at);
        var name = c.Name(source.Metadata);
        if (name is null)
        {
            return c.Done<Pod?>(null);
        }

        var ns = NamespaceOf(source.Metadata, defaultNamespace);
        var ips = new List<IpAddr>();
        c.AddIp(ips, source.Status?.PodIP, "status.podIP");
        for (var i = 0; i < (source.Status?.PodIPs?.Count ?? 0); i++)
        {
            c.AddIp(ips, source.Status!.PodIPs![i]?.Ip, $"status.podIPs[{I(i)}].ip");
        }

        var pod = new Pod(
            new ObjectRef(ns, name),
            c.ObjectLabels(source.Metadata.Labels, "metadata.labels"),
            ips.ToEquatableArray(),
            source.Spec?.HostNetwork == true,
            c.ContainerPorts(source.Spec, "spec"),
            ControllerOf(source.Metadata, ns))
        {
            Location = at.Locate(string.Empty),
            NodeName = source.Spec?.NodeName ?? string.Empty,
        };
        return c.Done<Pod?>(pod);
    }

    /// <summary>Converts a Deployment.</summary>
    public static Diagnosed<WorkloadObject?> ToWorkload(V1Deployment source, string defaultNamespace, ISourceLocator at) =>
        Workload("Deployment", source.Metadata, source.Spec?.Template, "spec.template", source.Spec?.Replicas ?? 1, defaultNamespace, at);

    /// <summary>Converts a StatefulSet.</summary>
    public static Diagnosed<WorkloadObject?> ToWorkload(V1StatefulSet source, string defaultNamespace, ISourceLocator at) =>
        Workload("StatefulSet", source.Metadata, source.Spec?.Template, "spec.template", source.Spec?.Replicas ?? 1, defaultNamespace, at);

    /// <summary>Converts a DaemonSet (one replica stands for all nodes).</summary>
    public static Diagnosed<WorkloadObject?> ToWorkload(V1DaemonSet source, string defaultNamespace, ISourceLocator at) =>
        Workload("DaemonSet", source.Metadata, source.Spec?.Template, "spec.template", 1, defaultNamespace, at);

    /// <summary>Converts a ReplicaSet.</summary>
    public static Diagnosed<WorkloadObject?> ToWorkload(V1ReplicaSet source, string defaultNamespace, ISourceLocator at) =>
        Workload("ReplicaSet", source.Metadata, source.Spec?.Template, "spec.template", source.Spec?.Replicas ?? 1, defaultNamespace, at);

    /// <summary>Converts a ReplicationController.</summary>
    public static Diagnosed<WorkloadObject?> ToWorkload(V1ReplicationController source, string defaultNamespace, ISourceLocator at) =>
        Workload("ReplicationController", source.Metadata, source.Spec?.Template, "spec.template", source.Spec?.Replicas ?? 1, defaultNamespace, at);

    /// <summary>Converts a Job (replicas = parallelism).</summary>
    public static Diagnosed<WorkloadObject?> ToWorkload(V1Job source, string defaultNamespace, ISourceLocator at) =>
        Workload("Job", source.Metadata, source.Spec?.Template, "spec.template", source.Spec?.Parallelism ?? 1, defaultNamespace, at);

    /// <summary>Converts a CronJob (its template is at spec.jobTemplate.spec.template).</summary>
    public static Diagnosed<WorkloadObject?> ToWorkload(V1CronJob source, string defaultNamespace, ISourceLocator at) =>
        Workload("CronJob", source.Metadata, source.Spec?.JobTemplate?.Spec?.Template, "spec.jobTemplate.spec.template", 1, defaultNamespace, at);

    /// <summary>Converts a Service.</summary>
    public static Diagnosed<Service?> ToService(V1Service source, string defaultNamespace, ISourceLocator at)
    {
        var c = new Conversion(at);
        var name = c.Name(source.Metadata, dnsLabel: true);
        if (name is null)
        {
            return c.Done<Service?>(null);
        }

        c.ObjectLabels(source.Metadata.Labels, "metadata.labels");
        var spec = source.Spec;
        var type = ServiceType.ClusterIP;
        if (spec?.Type is { } typeText && !Enum.TryParse(typeText, ignoreCase: false, out type))
        {
            c.Error(DiagnosticCatalog.UnknownServiceType, "spec.type", $"unknown Service type '{typeText}'",
                "use ClusterIP, NodePort, LoadBalancer or ExternalName");
            type = ServiceType.ClusterIP;
        }

        ServiceSelection selection = NoSelector.Instance;
        if (spec?.Selector is { Count: > 0 } selector)
        {
            var requirements = new List<SelectorRequirement>();
            foreach (var (key, value) in selector.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                c.LabelPair(key, value, $"spec.selector.{key}");
                requirements.Add(new SelectorRequirement(key, SelectorOperator.In, new[] { value ?? string.Empty }));
            }

            selection = new SelectorSelection(new LabelSelector(requirements.ToEquatableArray()) { Location = at.Locate("spec.selector") });
        }

        var clusterIps = new List<IpAddr>();
        c.AddIp(clusterIps, spec?.ClusterIP, "spec.clusterIP");
        for (var i = 0; i < (spec?.ClusterIPs?.Count ?? 0); i++)
        {
            c.AddIp(clusterIps, spec!.ClusterIPs![i], $"spec.clusterIPs[{I(i)}]");
        }

        var lbIps = new List<IpAddr>();
        for (var i = 0; i < (source.Status?.LoadBalancer?.Ingress?.Count ?? 0); i++)
        {
            c.AddIp(lbIps, source.Status!.LoadBalancer!.Ingress![i]?.Ip, $"status.loadBalancer.ingress[{I(i)}].ip");
        }

        c.AddIp(lbIps, spec?.LoadBalancerIP, "spec.loadBalancerIP");
        var externalIps = new List<IpAddr>();
        for (var i = 0; i < (spec?.ExternalIPs?.Count ?? 0); i++)
        {
            c.AddIp(externalIps, spec!.ExternalIPs![i], $"spec.externalIPs[{I(i)}]");
        }

        var ports = new List<ServicePort>();
        for (var i = 0; i < (spec?.Ports?.Count ?? 0); i++)
        {
            if (spec!.Ports![i] is { } p && c.ServicePort(p, $"spec.ports[{I(i)}]") is { } port)
            {
                ports.Add(port);
            }
        }

        var service = new Service(
            new ObjectRef(NamespaceOf(source.Metadata, defaultNamespace), name),
            type,
            selection,
            clusterIps.ToEquatableArray(),
            lbIps.ToEquatableArray(),
            externalIps.ToEquatableArray(),
            ports.ToEquatableArray())
        {
            Location = at.Locate(string.Empty),
        };
        return c.Done<Service?>(service);
    }

    /// <summary>Converts a networking.k8s.io/v1 NetworkPolicy with the API server's defaulting.</summary>
    public static Diagnosed<NetworkPolicy?> ToNetworkPolicy(V1NetworkPolicy source, string defaultNamespace, ISourceLocator at)
    {
        var c = new Conversion(at);
        var name = c.Name(source.Metadata);
        if (name is null)
        {
            return c.Done<NetworkPolicy?>(null);
        }

        var labels = c.ObjectLabels(source.Metadata.Labels, "metadata.labels");
        var spec = source.Spec;

        // The API server defaults an absent spec.podSelector to {}.
        var podSelector = spec?.PodSelector is { } ps ? c.Selector(ps, "spec.podSelector") : LabelSelector.Everything with { Location = at.Locate("spec") };

        var ingress = new List<PolicyRule>();
        for (var i = 0; i < (spec?.Ingress?.Count ?? 0); i++)
        {
            var rule = spec!.Ingress![i];
            if (rule is not null)
            {
                ingress.Add(c.Rule(Direction.Ingress, i, rule.FromProperty, "from", rule.Ports, $"spec.ingress[{I(i)}]"));
            }
        }

        var egress = new List<PolicyRule>();
        for (var i = 0; i < (spec?.Egress?.Count ?? 0); i++)
        {
            var rule = spec!.Egress![i];
            if (rule is not null)
            {
                egress.Add(c.Rule(Direction.Egress, i, rule.To, "to", rule.Ports, $"spec.egress[{I(i)}]"));
            }
        }

        // An empty policyTypes list is defaulted like an absent one.
        var declared = spec?.PolicyTypes is { Count: > 0 };
        var types = declared ? c.PolicyTypes(spec!.PolicyTypes!) : NetworkPolicy.DefaultPolicyTypes(egress.Count);

        var policy = new NetworkPolicy(
            new ObjectRef(NamespaceOf(source.Metadata, defaultNamespace), name),
            podSelector,
            types,
            declared,
            ingress.ToEquatableArray(),
            egress.ToEquatableArray())
        {
            Location = at.Locate(string.Empty),
            Labels = labels,
            Annotations = Labels.From(source.Metadata.Annotations?.Where(p => p.Value is not null)),
        };
        return c.Done<NetworkPolicy?>(policy);
    }

    private static Diagnosed<WorkloadObject?> Workload(
        string kind, V1ObjectMeta? meta, V1PodTemplateSpec? template, string templatePath, int replicas, string defaultNamespace, ISourceLocator at)
    {
        var c = new Conversion(at);
        var name = c.Name(meta);
        if (name is null)
        {
            return c.Done<WorkloadObject?>(null);
        }

        c.ObjectLabels(meta!.Labels, "metadata.labels");
        var ns = NamespaceOf(meta, defaultNamespace);
        var templateLabels = c.ObjectLabels(template?.Metadata?.Labels, $"{templatePath}.metadata.labels");
        var workload = new Workload(kind, new ObjectRef(ns, name), templateLabels, replicas) { Location = at.Locate(string.Empty) };
        var standIn = new Pod(
            workload.Ref,
            templateLabels,
            EquatableArray<IpAddr>.Empty,
            template?.Spec?.HostNetwork == true,
            c.ContainerPorts(template?.Spec, $"{templatePath}.spec"),
            workload.ToWorkloadRef())
        {
            FromTemplate = true,
            Location = at.Locate(templatePath),
        };
        return c.Done<WorkloadObject?>(new WorkloadObject(workload, standIn, ControllerOf(meta, ns)));
    }

    private static string NamespaceOf(V1ObjectMeta? meta, string defaultNamespace) =>
        string.IsNullOrEmpty(meta?.NamespaceProperty) ? defaultNamespace : meta.NamespaceProperty;

    private static WorkloadRef? ControllerOf(V1ObjectMeta? meta, string ns)
    {
        var owners = meta?.OwnerReferences?.Where(o => o is not null && !string.IsNullOrEmpty(o.Kind) && !string.IsNullOrEmpty(o.Name)).ToList();
        if (owners is null || owners.Count == 0)
        {
            return null;
        }

        var owner = owners.FirstOrDefault(o => o.Controller == true) ?? owners[0];
        return new WorkloadRef(owner.Kind, new ObjectRef(ns, owner.Name));
    }

    private static string I(int i) => i.ToString(CultureInfo.InvariantCulture);

    /// <summary>One conversion's diagnostics and the checks shared by all kinds.</summary>
    /// <summary>Converts a label selector found in another Palisade document (profiles), with the same checks.</summary>
    internal static LabelSelector ConvertSelector(V1LabelSelector selector, string path, ISourceLocator at, List<Diagnostic> diagnostics)
    {
        var c = new Conversion(at);
        var result = c.Done(c.Selector(selector, path));
        diagnostics.AddRange(result.Diagnostics);
        return result.Value;
    }

    private sealed class Conversion(ISourceLocator at)
    {
        private readonly List<Diagnostic> diagnostics = [];

        public Diagnosed<T> Done<T>(T value) => new(value, diagnostics);

        public void Error(DiagnosticDescriptor descriptor, string path, string message, string help) =>
            diagnostics.Add(descriptor.Create(at.Locate(path), message, help));

        /// <summary>
        /// The object's name, checked as the API server checks it: a DNS-1123 label for Namespaces and Services
        /// (<paramref name="dnsLabel"/>), a DNS-1123 subdomain for the other kinds; metadata.namespace is a label.
        /// </summary>
        public string? Name(V1ObjectMeta? meta, bool dnsLabel = false)
        {
            if (string.IsNullOrEmpty(meta?.Name))
            {
                Error(DiagnosticCatalog.MissingField, "metadata", "the object has no metadata.name", "give the object a name under metadata.name");
                return null;
            }

            var why = dnsLabel ? LabelSyntax.CheckDnsLabel(meta.Name) : LabelSyntax.CheckDnsSubdomain(meta.Name);
            if (why is not null)
            {
                Error(DiagnosticCatalog.InvalidObjectName, "metadata.name", $"invalid name '{LabelSyntax.Printable(meta.Name)}': {why}",
                    "the API server rejects this name; use lowercase letters, digits and '-'");
                return null;
            }

            if (!string.IsNullOrEmpty(meta.NamespaceProperty) && LabelSyntax.CheckDnsLabel(meta.NamespaceProperty) is { } nsWhy)
            {
                Error(DiagnosticCatalog.InvalidObjectName, "metadata.namespace", $"invalid namespace '{LabelSyntax.Printable(meta.NamespaceProperty)}': {nsWhy}",
                    "namespace names are DNS labels: at most 63 lowercase letters, digits and '-'");
                return null;
            }

            return meta.Name;
        }

        public Labels ObjectLabels(IDictionary<string, string>? labels, string path)
        {
            if (labels is null)
            {
                return Labels.Empty;
            }

            foreach (var (key, value) in labels)
            {
                LabelPair(key, value, $"{path}.{key}");
            }

            return Labels.From(labels.Where(p => p.Value is not null));
        }

        public void LabelPair(string key, string? value, string path)
        {
            if (LabelSyntax.CheckKey(key) is { } keyError)
            {
                Error(DiagnosticCatalog.InvalidLabelKey, path, $"invalid label key '{LabelSyntax.Printable(key)}': {keyError}",
                    "label keys are an optional DNS-subdomain prefix and '/', then a name of up to 63 characters");
            }

            if (value is not null && LabelSyntax.CheckValue(value) is { } valueError)
            {
                Error(DiagnosticCatalog.InvalidLabelValue, path, $"invalid label value '{LabelSyntax.Printable(value)}': {valueError}",
                    "label values are up to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
            }
        }

        public void AddIp(List<IpAddr> into, string? text, string path)
        {
            if (string.IsNullOrEmpty(text) || text == "None")
            {
                return;
            }

            if (!IpAddr.TryParse(text, out var ip))
            {
                Error(DiagnosticCatalog.InvalidIp, path, $"'{text}' is not an IP address", "write an IPv4 address such as 10.0.0.1 or an IPv6 address");
                return;
            }

            LeadingZeros(text, ip.ToString(), path);

            if (!into.Contains(ip))
            {
                into.Add(ip);
            }
        }

        /// <summary>Warns that an address written with leading zeros was read as decimal (docs/semantics.md).</summary>
        public void LeadingZeros(string text, string reading, string path)
        {
            if (IpAddr.HasLeadingZeros(text))
            {
                diagnostics.Add(DiagnosticCatalog.AmbiguousIpText.Create(at.Locate(path),
                    $"'{text}' has leading zeros: read as the decimal {reading}, as Kubernetes reads it",
                    $"write {reading}: other software reads a leading 0 as octal, and Kubernetes' strict IP validation rejects this form"));
            }
        }

        public Protocol Protocol(string? text, string path)
        {
            if (text is null)
            {
                return Net.Protocol.TCP;
            }

            // The API server takes the exact spelling only.
            if (text is "TCP" or "UDP" or "SCTP" && Protocols.TryParse(text, out var p))
            {
                return p;
            }

            var help = Protocols.TryParse(text, out var guess)
                ? $"did you mean '{guess}'? protocols are upper case"
                : "use TCP, UDP or SCTP";
            Error(DiagnosticCatalog.UnknownProtocol, path, $"unknown protocol '{text}'", help);
            return Net.Protocol.TCP;
        }

        public bool PortNumber(int number, string path)
        {
            if (number is < 1 or > 65535)
            {
                Error(DiagnosticCatalog.PortOutOfRange, path, $"port {I(number)} is out of range", "ports are numbers from 1 to 65535");
                return false;
            }

            return true;
        }

        public bool PortName(string name, string path)
        {
            // A number too large for an int is an out-of-range port, not a badly formed name.
            if (name.Length > 0 && name.TrimStart('-', '+').All(char.IsAsciiDigit))
            {
                Error(DiagnosticCatalog.PortOutOfRange, path, $"port {name} is out of range", "ports are numbers from 1 to 65535");
                return false;
            }

            if (LabelSyntax.CheckPortName(name) is { } why)
            {
                Error(DiagnosticCatalog.InvalidPortName, path, $"invalid port name '{name}': {why}",
                    "use a number from 1 to 65535 or the name of a container port (up to 15 lowercase letters, digits and '-')");
                return false;
            }

            return true;
        }

        public EquatableArray<ContainerPort> ContainerPorts(V1PodSpec? spec, string path)
        {
            var ports = new List<ContainerPort>();
            AddContainerPorts(ports, spec?.Containers, $"{path}.containers");
            AddContainerPorts(ports, spec?.InitContainers, $"{path}.initContainers");
            return ports.ToEquatableArray();
        }

        private void AddContainerPorts(List<ContainerPort> into, IList<V1Container>? containers, string path)
        {
            for (var i = 0; i < (containers?.Count ?? 0); i++)
            {
                var container = containers![i];
                for (var j = 0; j < (container?.Ports?.Count ?? 0); j++)
                {
                    var p = container!.Ports![j];
                    if (p is null)
                    {
                        continue;
                    }

                    var portPath = $"{path}[{I(i)}].ports[{I(j)}]";
                    var protocol = Protocol(p.Protocol, $"{portPath}.protocol");
                    bool ok;
                    if (p.ContainerPort == 0)
                    {
                        Error(DiagnosticCatalog.MissingField, portPath, "the container port has no containerPort", "add containerPort: with the port number");
                        ok = false;
                    }
                    else
                    {
                        ok = PortNumber(p.ContainerPort, $"{portPath}.containerPort");
                    }

                    if (p.Name is not null)
                    {
                        ok &= PortName(p.Name, $"{portPath}.name");
                    }

                    if (ok)
                    {
                        into.Add(new ContainerPort(string.IsNullOrEmpty(p.Name) ? null : p.Name, p.ContainerPort, protocol));
                    }
                }
            }
        }

        public ServicePort? ServicePort(V1ServicePort p, string path)
        {
            var protocol = Protocol(p.Protocol, $"{path}.protocol");
            if (!PortNumber(p.Port, $"{path}.port"))
            {
                return null;
            }

            TargetPort target = new NumericTargetPort(p.Port);
            if (p.TargetPort?.Value is { Length: > 0 } text)
            {
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    if (PortNumber(n, $"{path}.targetPort"))
                    {
                        target = new NumericTargetPort(n);
                    }
                }
                else if (PortName(text, $"{path}.targetPort"))
                {
                    target = new NamedTargetPort(text);
                }
            }

            int? nodePort = null;
            if (p.NodePort is { } np && np != 0 && PortNumber(np, $"{path}.nodePort"))
            {
                nodePort = np;
            }

            return new ServicePort(string.IsNullOrEmpty(p.Name) ? null : p.Name, protocol, p.Port, target, nodePort);
        }

        public LabelSelector Selector(V1LabelSelector selector, string path)
        {
            var requirements = new List<SelectorRequirement>();
            foreach (var (key, value) in (selector.MatchLabels ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                LabelPair(key, value, $"{path}.matchLabels.{key}");
                requirements.Add(new SelectorRequirement(key, SelectorOperator.In, new[] { value ?? string.Empty }));
            }

            for (var i = 0; i < (selector.MatchExpressions?.Count ?? 0); i++)
            {
                var e = selector.MatchExpressions![i];
                var ePath = $"{path}.matchExpressions[{I(i)}]";
                if (e is not null && Requirement(e, ePath) is { } r)
                {
                    requirements.Add(r);
                }
            }

            return new LabelSelector(requirements.ToEquatableArray()) { Location = at.Locate(path) };
        }

        private SelectorRequirement? Requirement(V1LabelSelectorRequirement e, string path)
        {
            if (string.IsNullOrEmpty(e.Key))
            {
                Error(DiagnosticCatalog.MissingField, path, "a matchExpressions entry has no key", "add the label key the expression tests");
                return null;
            }

            LabelPair(e.Key, null, $"{path}.key");
            if (e.OperatorProperty is null)
            {
                Error(DiagnosticCatalog.MissingField, path, "a matchExpressions entry has no operator", "add operator: In, NotIn, Exists or DoesNotExist");
                return null;
            }

            if (!Enum.TryParse<SelectorOperator>(e.OperatorProperty, ignoreCase: false, out var op) || !Enum.IsDefined(op))
            {
                var guess = Enum.GetNames<SelectorOperator>().FirstOrDefault(n => string.Equals(n, e.OperatorProperty, StringComparison.OrdinalIgnoreCase));
                Error(DiagnosticCatalog.InvalidSelectorOperator, $"{path}.operator", $"unknown selector operator '{e.OperatorProperty}'",
                    guess is not null ? $"did you mean '{guess}'?" : "use In, NotIn, Exists or DoesNotExist");
                return null;
            }

            var values = (e.Values ?? []).Where(v => v is not null).ToList();
            if (op is SelectorOperator.In or SelectorOperator.NotIn && values.Count == 0)
            {
                Error(DiagnosticCatalog.InvalidSelectorValues, path, $"operator {op} needs at least one value",
                    "add values: [...], or use Exists / DoesNotExist to test only the key");
                return null;
            }

            if (op is SelectorOperator.Exists or SelectorOperator.DoesNotExist && values.Count > 0)
            {
                Error(DiagnosticCatalog.InvalidSelectorValues, $"{path}.values", $"operator {op} takes no values",
                    "remove values, or use In / NotIn to compare values");
                return null;
            }

            for (var i = 0; i < values.Count; i++)
            {
                if (LabelSyntax.CheckValue(values[i]) is { } why)
                {
                    Error(DiagnosticCatalog.InvalidLabelValue, $"{path}.values[{I(i)}]", $"invalid label value '{LabelSyntax.Printable(values[i])}': {why}",
                        "label values are up to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
                }
            }

            return new SelectorRequirement(e.Key, op, values.ToEquatableArray());
        }

        public PolicyTypes PolicyTypes(IList<string> types)
        {
            var result = Model.PolicyTypes.None;
            for (var i = 0; i < types.Count; i++)
            {
                switch (types[i])
                {
                    case "Ingress": result |= Model.PolicyTypes.Ingress; break;
                    case "Egress": result |= Model.PolicyTypes.Egress; break;
                    default:
                        var guess = Spelling.Closest(types[i] ?? string.Empty, ["Ingress", "Egress"]);
                        Error(DiagnosticCatalog.InvalidPolicyType, $"spec.policyTypes[{I(i)}]", $"unknown policy type '{types[i]}'",
                            guess is not null ? $"did you mean '{guess}'?" : "use Ingress and/or Egress");
                        break;
                }
            }

            return result;
        }

        public PolicyRule Rule(Direction direction, int index, IList<V1NetworkPolicyPeer>? peers, string peersField, IList<V1NetworkPolicyPort>? ports, string path)
        {
            // A list whose every item was invalid stays a (non-matching) list: never widen to "any".
            PeerList peerList = peers is { Count: > 0 } ? new Peers(Valid(peers, $"{path}.{peersField}", Peer)) : AnyPeer.Instance;
            PortList portList = ports is { Count: > 0 } ? new Ports(Valid(ports, $"{path}.ports", PolicyPort)) : AnyPort.Instance;
            return new PolicyRule(direction, index, peerList, portList)
            {
                Location = at.Locate(path),
                Comment = at.CommentAbove(path),
            };
        }

        /// <summary>The items of a list that convert (null items and invalid ones are left out, with their diagnostics).</summary>
        private EquatableArray<T> Valid<TSource, T>(IList<TSource> items, string path, Func<TSource, string, T?> convert)
            where TSource : class
            where T : class
        {
            var valid = new List<T>();
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is { } item && convert(item, $"{path}[{I(i)}]") is { } converted)
                {
                    valid.Add(converted);
                }
            }

            return valid.ToEquatableArray();
        }

        private Peer? Peer(V1NetworkPolicyPeer p, string path)
        {
            if (p.IpBlock is { } block)
            {
                if (p.PodSelector is not null || p.NamespaceSelector is not null)
                {
                    Error(DiagnosticCatalog.InvalidPeer, path, "a peer cannot combine ipBlock with podSelector or namespaceSelector",
                        "split it into two peers (two list items)");
                    return null;
                }

                return IpBlock(block, path);
            }

            if (p.PodSelector is null && p.NamespaceSelector is null)
            {
                Error(DiagnosticCatalog.InvalidPeer, path, "a peer must have podSelector, namespaceSelector or ipBlock",
                    "write podSelector: {} for all pods of the namespace; drop the from/to list to allow every peer");
                return null;
            }

            if (p.NamespaceSelector is null)
            {
                return new PodPeer(Selector(p.PodSelector!, $"{path}.podSelector"), PolicyNamespace.Instance) { Location = at.Locate(path) };
            }

            var namespaces = new SelectedNamespaces(Selector(p.NamespaceSelector, $"{path}.namespaceSelector"));
            return p.PodSelector is null
                ? new PodPeer(LabelSelector.Everything, namespaces) { HasPodSelector = false, Location = at.Locate(path) }
                : new PodPeer(Selector(p.PodSelector, $"{path}.podSelector"), namespaces) { Location = at.Locate(path) };
        }

        private IpBlockPeer? IpBlock(V1IPBlock block, string peerPath)
        {
            var path = $"{peerPath}.ipBlock";
            if (string.IsNullOrEmpty(block.Cidr))
            {
                Error(DiagnosticCatalog.MissingField, path, "ipBlock has no cidr", "add cidr: such as 10.0.0.0/8 or 0.0.0.0/0");
                return null;
            }

            if (!IpCidr.TryParse(block.Cidr, out var cidr, out var why))
            {
                Error(DiagnosticCatalog.InvalidCidr, $"{path}.cidr", $"invalid CIDR '{block.Cidr}': {why}", "write an address and a prefix length, such as 10.0.0.0/8");
                return null;
            }

            LeadingZeros(block.Cidr, cidr.ToString(), $"{path}.cidr");

            var except = new List<IpCidr>();
            var ok = true;
            for (var i = 0; i < (block.Except?.Count ?? 0); i++)
            {
                var text = block.Except![i];
                var ePath = $"{path}.except[{I(i)}]";
                if (!IpCidr.TryParse(text, out var e, out var whyExcept))
                {
                    Error(DiagnosticCatalog.InvalidCidr, ePath, $"invalid CIDR '{text}' in except: {whyExcept}", "write an address and a prefix length, such as 10.1.0.0/16");
                    ok = false;
                }
                else if (!cidr.Contains(e) || e.PrefixLength <= cidr.PrefixLength)
                {
                    Error(DiagnosticCatalog.ExceptOutsideCidr, ePath, $"except '{text}' is not a strict subset of cidr '{block.Cidr}'",
                        "each except block must lie inside the cidr and be smaller than it; remove or correct it");
                    ok = false;
                }
                else
                {
                    LeadingZeros(text, e.ToString(), ePath);
                    except.Add(e);
                }
            }

            return ok ? new IpBlockPeer(cidr, except.ToEquatableArray()) { Location = at.Locate(peerPath) } : null;
        }

        private PolicyPort? PolicyPort(V1NetworkPolicyPort p, string path)
        {
            var protocol = Protocol(p.Protocol, $"{path}.protocol");
            var text = p.Port?.Value;
            PortSpec spec;
            if (string.IsNullOrEmpty(text))
            {
                if (p.EndPort is not null)
                {
                    Error(DiagnosticCatalog.EndPortWithoutNumericPort, $"{path}.endPort", "endPort is set without port",
                        "set port to the first number of the range, or remove endPort");
                    return null;
                }

                spec = AnyPortNumber.Instance;
            }
            else if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                if (!PortNumber(number, $"{path}.port"))
                {
                    return null;
                }

                var end = p.EndPort ?? number;
                if (p.EndPort is { } e)
                {
                    if (!PortNumber(e, $"{path}.endPort"))
                    {
                        return null;
                    }

                    if (e < number)
                    {
                        Error(DiagnosticCatalog.EndPortBelowPort, $"{path}.endPort", $"endPort {I(e)} is below port {I(number)}",
                            "endPort must be greater than or equal to port");
                        return null;
                    }
                }

                spec = new PortNumberRange(number, end);
            }
            else
            {
                if (p.EndPort is not null)
                {
                    Error(DiagnosticCatalog.EndPortWithoutNumericPort, $"{path}.endPort", $"endPort cannot be used with the named port '{text}'",
                        "use a numeric port with endPort, or remove endPort");
                    return null;
                }

                if (!PortName(text, $"{path}.port"))
                {
                    return null;
                }

                spec = new NamedPort(text);
            }

            return new PolicyPort(protocol, spec) { Location = at.Locate(path) };
        }
    }
}
