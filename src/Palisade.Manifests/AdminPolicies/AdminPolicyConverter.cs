using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;
using Palisade.Diagnostics;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Manifests.AdminPolicies;

/// <summary>
/// Converts the cluster-wide policy kinds into the one normalised <see cref="AdminPolicy"/> with the validation the
/// CRDs' schemas and CEL rules demand (../shared/policy-api): required fields, enums, ranges, "exactly one of" objects,
/// list sizes, the BaselineAdminNetworkPolicy singleton name. Never throws for bad input; a null value means the object
/// could not be converted.
/// </summary>
internal static partial class AdminPolicyConverter
{
    /// <summary>An AdminNetworkPolicy (v1alpha1).</summary>
    public static Diagnosed<AdminPolicy?> Convert(AnpDocument source, ISourceLocator at)
    {
        var c = new Conversion(at, ApiLimits.V1Alpha1);
        var name = c.Name(source.Metadata);
        if (c.Spec(source.Spec, "AdminNetworkPolicy", "add spec: with priority, subject and rules") is not { } spec)
        {
            return c.Done<AdminPolicy?>(null);
        }

        var priority = c.Priority(spec.Priority, "AdminNetworkPolicy");
        var subject = c.Subject(spec.Subject);
        var ingress = c.Rules(spec.Ingress, "spec.ingress", (r, i, p) => c.IngressV1(r, i, p, baseline: false));
        var egress = c.Rules(spec.Egress, "spec.egress", (r, i, p) => c.EgressV1(r, i, p, baseline: false));
        return Finish(c, name, AdminPolicyKind.AdminNetworkPolicy, PolicyTier.Admin, priority, subject, ingress, egress, source.Metadata);
    }

    /// <summary>A BaselineAdminNetworkPolicy (v1alpha1); its name must be <c>default</c>.</summary>
    public static Diagnosed<AdminPolicy?> Convert(BanpDocument source, ISourceLocator at)
    {
        var c = new Conversion(at, ApiLimits.V1Alpha1);
        var name = c.Name(source.Metadata);
        if (name is not null && name != "default")
        {
            c.Error(DiagnosticCatalog.BaselineNotDefault, "metadata.name",
                $"a BaselineAdminNetworkPolicy must be named 'default', not '{name}'",
                "the API admits one BaselineAdminNetworkPolicy per cluster, named default; merge the rules into it");
        }

        if (c.Spec(source.Spec, "BaselineAdminNetworkPolicy", "add spec: with subject and rules") is not { } spec)
        {
            return c.Done<AdminPolicy?>(null);
        }

        var subject = c.Subject(spec.Subject);
        var ingress = c.Rules(spec.Ingress, "spec.ingress", (r, i, p) => c.IngressV1(r, i, p, baseline: true));
        var egress = c.Rules(spec.Egress, "spec.egress", (r, i, p) => c.EgressV1(r, i, p, baseline: true));
        return Finish(c, name, AdminPolicyKind.BaselineAdminNetworkPolicy, PolicyTier.Baseline, 0, subject, ingress, egress, source.Metadata);
    }

    /// <summary>A ClusterNetworkPolicy (v1alpha2).</summary>
    public static Diagnosed<AdminPolicy?> Convert(CnpDocument source, ISourceLocator at)
    {
        var c = new Conversion(at, ApiLimits.V1Alpha2);
        var name = c.Name(source.Metadata);
        if (c.Spec(source.Spec, "ClusterNetworkPolicy", "add spec: with tier, priority, subject and rules") is not { } spec)
        {
            return c.Done<AdminPolicy?>(null);
        }

        PolicyTier tier = PolicyTier.Admin;
        var tierOk = true;
        switch (spec.Tier)
        {
            case "Admin": tier = PolicyTier.Admin; break;
            case "Baseline": tier = PolicyTier.Baseline; break;
            case null:
                c.Error(DiagnosticCatalog.MissingField, "spec", "the ClusterNetworkPolicy has no tier", "add tier: Admin or tier: Baseline");
                tierOk = false;
                break;
            default:
                c.Error(DiagnosticCatalog.InvalidAdminValue, "spec.tier", $"unknown tier '{spec.Tier}'", "use Admin or Baseline");
                tierOk = false;
                break;
        }

        var priority = c.Priority(spec.Priority, "ClusterNetworkPolicy");
        var subject = c.Subject(spec.Subject);
        var ingress = c.Rules(spec.Ingress, "spec.ingress", c.IngressV2);
        var egress = c.Rules(spec.Egress, "spec.egress", c.EgressV2);
        return tierOk
            ? Finish(c, name, AdminPolicyKind.ClusterNetworkPolicy, tier, priority, subject, ingress, egress, source.Metadata)
            : c.Done<AdminPolicy?>(null);
    }

    private static Diagnosed<AdminPolicy?> Finish(
        Conversion c, string? name, AdminPolicyKind kind, PolicyTier tier, int? priority, AdminSubject? subject,
        List<AdminRule> ingress, List<AdminRule> egress, V1ObjectMeta? meta)
    {
        // A policy with a broken priority or subject cannot be placed or applied: leave it out rather than guess.
        if (name is null || priority is null || subject is null)
        {
            return c.Done<AdminPolicy?>(null);
        }

        var policy = new AdminPolicy(kind, name, tier, priority.Value, subject, ingress.ToEquatableArray(), egress.ToEquatableArray())
        {
            Location = c.At.Locate(string.Empty),
            Labels = Labels.From(meta?.Labels?.Select(p => new KeyValuePair<string, string>(p.Key, p.Value ?? string.Empty))),
            Annotations = Labels.From(meta?.Annotations?.Where(p => p.Value is not null)),
        };
        return c.Done<AdminPolicy?>(policy);
    }

    [GeneratedRegex(@"^(\*\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DomainName();

    /// <summary>The list sizes of one API version (the CRDs' maxItems).</summary>
    private sealed record ApiLimits(string Version, int MaxRules, int MaxPeers, int MaxPorts)
    {
        public static ApiLimits V1Alpha1 { get; } = new("v1alpha1", 100, 100, 100);

        public static ApiLimits V1Alpha2 { get; } = new("v1alpha2", 25, 25, 25);
    }

    private sealed class Conversion(ISourceLocator at, ApiLimits limits)
    {
        private const int MaxCidrs = 25;
        private const int MaxDomainNames = 25;
        private const int MaxRuleName = 100;

        private readonly List<Diagnostic> diagnostics = [];

        public ISourceLocator At => at;

        public Diagnosed<T> Done<T>(T value) => new(value, diagnostics);

        public void Error(DiagnosticDescriptor descriptor, string path, string message, string help) =>
            diagnostics.Add(descriptor.Create(at.Locate(path), message, help));

        /// <summary>The object's spec; null, with an error, when it has none (the object is left out).</summary>
        public TSpec? Spec<TSpec>(TSpec? spec, string kind, string help)
            where TSpec : class
        {
            if (spec is null)
            {
                Error(DiagnosticCatalog.MissingField, string.Empty, $"the {kind} has no spec", help);
            }

            return spec;
        }

        public string? Name(V1ObjectMeta? meta)
        {
            if (string.IsNullOrEmpty(meta?.Name))
            {
                Error(DiagnosticCatalog.MissingField, "metadata", "the object has no metadata.name", "give the object a name under metadata.name");
                return null;
            }

            return meta.Name;
        }

        public int? Priority(int? priority, string kind)
        {
            if (priority is null)
            {
                Error(DiagnosticCatalog.MissingField, "spec", $"the {kind} has no priority", "add priority: a number from 0 (evaluated first) to 1000");
                return null;
            }

            if (priority is < AdminPolicy.MinPriority or > AdminPolicy.MaxPriority)
            {
                Error(DiagnosticCatalog.AdminPriorityOutOfRange, "spec.priority", $"priority {I(priority.Value)} is outside 0–1000",
                    "use a priority from 0 (evaluated first) to 1000");
                return null;
            }

            return priority;
        }

        public AdminSubject? Subject(SubjectDocument? subject)
        {
            if (subject is null)
            {
                Error(DiagnosticCatalog.MissingField, "spec", "the policy has no subject", "add subject: with namespaces: or pods:");
                return null;
            }

            if (!ExactlyOne("spec.subject", "subject", ("namespaces", subject.Namespaces is not null), ("pods", subject.Pods is not null)))
            {
                return null;
            }

            if (subject.Namespaces is { } ns)
            {
                return new AdminSubject(Selector(ns, "spec.subject.namespaces"), LabelSelector.Everything);
            }

            return Pods(subject.Pods!, "spec.subject.pods") is { } pods ? new AdminSubject(pods.Namespaces, pods.Pods) { WrittenAsPods = true } : null;
        }

        public List<AdminRule> Rules<T>(List<T>? rules, string path, Func<T, int, string, AdminRule?> convert)
            where T : class
        {
            var result = new List<AdminRule>();
            if (rules is null)
            {
                return result;
            }

            MaxItems(rules.Count, limits.MaxRules, path, "rules");
            for (var i = 0; i < rules.Count; i++)
            {
                if (rules[i] is { } r && convert(r, i, $"{path}[{I(i)}]") is { } rule)
                {
                    result.Add(rule);
                }
            }

            return result;
        }

        public AdminRule? IngressV1(IngressRuleV1 r, int index, string path, bool baseline)
        {
            var action = Action(r.Action, path, baseline ? ["Allow", "Deny"] : ["Allow", "Deny", "Pass"]);
            var peers = IngressPeers(r.From, $"{path}.from");
            var ports = PortsV1(r.Ports, $"{path}.ports");
            return RuleOf(Direction.Ingress, index, r.Name, action, peers, ports, path);
        }

        public AdminRule? EgressV1(EgressRuleV1 r, int index, string path, bool baseline)
        {
            var action = Action(r.Action, path, baseline ? ["Allow", "Deny"] : ["Allow", "Deny", "Pass"]);
            var peers = EgressPeers(r.To, $"{path}.to", allowDomainNames: !baseline);
            var ports = PortsV1(r.Ports, $"{path}.ports");
            NamedPortCheck(peers, ports, path, "namedPort");
            return RuleOf(Direction.Egress, index, r.Name, action, peers, ports, path);
        }

        public AdminRule? IngressV2(IngressRuleV2 r, int index, string path)
        {
            var action = Action(r.Action, path, ["Accept", "Deny", "Pass"]);
            var peers = IngressPeers(r.From, $"{path}.from");
            var ports = ProtocolsV2(r.Protocols, $"{path}.protocols");
            return RuleOf(Direction.Ingress, index, r.Name, action, peers, ports, path);
        }

        public AdminRule? EgressV2(EgressRuleV2 r, int index, string path)
        {
            var action = Action(r.Action, path, ["Accept", "Deny", "Pass"]);
            var peers = EgressPeers(r.To, $"{path}.to", allowDomainNames: true);
            var ports = ProtocolsV2(r.Protocols, $"{path}.protocols");
            NamedPortCheck(peers, ports, path, "destinationNamedPort");
            return RuleOf(Direction.Egress, index, r.Name, action, peers, ports, path);
        }

        private AdminRule? RuleOf(Direction direction, int index, string? name, AdminAction? action, List<AdminPeer>? peers, AdminPortList? ports, string path)
        {
            if (name is { Length: > MaxRuleName })
            {
                Error(DiagnosticCatalog.TooManyItems, $"{path}.name", $"the rule name is {I(name.Length)} characters long; at most {I(MaxRuleName)} are allowed",
                    "shorten the rule name");
            }

            // A rule whose action, peers or ports are broken is left out: never widened to "any".
            if (action is null || peers is null || ports is null)
            {
                return null;
            }

            return new AdminRule(direction, index, name ?? string.Empty, action.Value, peers.ToEquatableArray(), ports) { Location = at.Locate(path) };
        }

        private AdminAction? Action(string? text, string path, string[] allowed)
        {
            if (text is null)
            {
                Error(DiagnosticCatalog.MissingField, path, "the rule has no action", $"add action: {string.Join(", ", allowed)}");
                return null;
            }

            if (!allowed.Contains(text))
            {
                var guess = allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase))
                    ?? (text == "Accept" && allowed.Contains("Allow") ? "Allow" : text == "Allow" && allowed.Contains("Accept") ? "Accept" : null);
                Error(DiagnosticCatalog.InvalidAdminValue, $"{path}.action", $"action '{text}' is not allowed here",
                    guess is not null ? $"did you mean '{guess}'? this kind takes {string.Join(", ", allowed)}" : $"use {string.Join(", ", allowed)}");
                return null;
            }

            return text switch
            {
                "Allow" or "Accept" => AdminAction.Allow,
                "Deny" => AdminAction.Deny,
                _ => AdminAction.Pass,
            };
        }

        private List<AdminPeer>? IngressPeers(List<IngressPeerDocument>? peers, string path) =>
            PeerList(peers, path, "an ingress rule needs at least one peer in from", "add from: with namespaces: or pods:",
                (p, pPath) => ExactlyOne(pPath, "peer", ("namespaces", p.Namespaces is not null), ("pods", p.Pods is not null))
                    ? PodsOrNamespaces(p.Namespaces, p.Pods, pPath)
                    : null);

        private List<AdminPeer>? EgressPeers(List<EgressPeerDocument>? peers, string path, bool allowDomainNames) =>
            PeerList(peers, path, "an egress rule needs at least one peer in to", "add to: with namespaces:, pods:, nodes: or networks:",
                (p, pPath) => ExactlyOne(pPath, "peer", ("namespaces", p.Namespaces is not null), ("pods", p.Pods is not null),
                        ("nodes", p.Nodes is not null), ("networks", p.Networks is not null), ("domainNames", p.DomainNames is not null))
                    ? EgressPeer(p, pPath, allowDomainNames)
                    : null);

        /// <summary>A rule's peers; null (the rule is left out) when there are none or any one is broken.</summary>
        private List<AdminPeer>? PeerList<T>(List<T>? peers, string path, string missing, string help, Func<T, string, AdminPeer?> convert)
            where T : class
        {
            if (peers is null || peers.Count == 0)
            {
                Error(DiagnosticCatalog.MissingField, path, missing, help);
                return null;
            }

            MaxItems(peers.Count, limits.MaxPeers, path, "peers");
            var result = new List<AdminPeer>();
            var ok = true;
            for (var i = 0; i < peers.Count; i++)
            {
                var peer = peers[i] is { } p ? convert(p, $"{path}[{I(i)}]") : null;
                ok &= peer is not null;
                if (peer is not null)
                {
                    result.Add(peer);
                }
            }

            return ok ? result : null;
        }

        private AdminPeer? EgressPeer(EgressPeerDocument p, string pPath, bool allowDomainNames)
        {
            if (p.Nodes is { } nodes)
            {
                return new AdminNodesPeer(Selector(nodes, $"{pPath}.nodes")) { Location = at.Locate(pPath) };
            }

            if (p.Networks is { } networks)
            {
                return Networks(networks, $"{pPath}.networks");
            }

            if (p.DomainNames is { } names)
            {
                if (!allowDomainNames)
                {
                    Error(DiagnosticCatalog.UnknownField, $"{pPath}.domainNames", "a BaselineAdminNetworkPolicy peer has no domainNames",
                        "use networks: with the addresses, or move the rule to an AdminNetworkPolicy");
                    return null;
                }

                return DomainNames(names, $"{pPath}.domainNames");
            }

            return PodsOrNamespaces(p.Namespaces, p.Pods, pPath);
        }

        private AdminPeer? PodsOrNamespaces(V1LabelSelector? namespaces, PodsDocument? pods, string path)
        {
            if (namespaces is not null)
            {
                return new AdminPodsPeer(Selector(namespaces, $"{path}.namespaces"), LabelSelector.Everything) { Location = at.Locate(path) };
            }

            return Pods(pods!, $"{path}.pods") is { } p ? new AdminPodsPeer(p.Namespaces, p.Pods) { WrittenAsPods = true, Location = at.Locate(path) } : null;
        }

        private (LabelSelector Namespaces, LabelSelector Pods)? Pods(PodsDocument pods, string path)
        {
            var ns = pods.NamespaceSelector is { } n ? Selector(n, $"{path}.namespaceSelector") : Missing(path, "namespaceSelector", required: limits == ApiLimits.V1Alpha1);
            var pod = pods.PodSelector is { } p ? Selector(p, $"{path}.podSelector") : Missing(path, "podSelector", required: true);
            return (ns, pod);
        }

        /// <summary>
        /// An absent selector of a <c>pods</c> object. The CRDs require podSelector (and, in v1alpha1, namespaceSelector),
        /// so the API server would refuse the object; manifests written for analysers leave them out meaning "all", which
        /// is how netpol-analyzer reads them. Palisade reads them the same way and warns.
        /// </summary>
        private LabelSelector Missing(string path, string field, bool required)
        {
            if (required)
            {
                diagnostics.Add(DiagnosticCatalog.SelectorRequired.Create(at.Locate(path),
                    $"pods has no {field}, which the API requires; read as {field}: {{}} (all)",
                    $"write {field}: {{}} to select all, as the API server would refuse this object"));
            }

            // v1alpha2 makes namespaceSelector optional; its docs: "if empty, it selects all Namespaces".
            return LabelSelector.Everything;
        }

        private AdminNetworksPeer? Networks(List<string> networks, string path)
        {
            if (networks.Count == 0)
            {
                Error(DiagnosticCatalog.MissingField, path, "networks needs at least one CIDR", "add a CIDR such as 10.0.0.0/8");
                return null;
            }

            MaxItems(networks.Count, MaxCidrs, path, "CIDRs");
            var cidrs = new List<IpCidr>();
            var ok = true;
            for (var i = 0; i < networks.Count; i++)
            {
                var text = networks[i] ?? string.Empty;
                if (text.Length > 43 || !IpCidr.TryParse(text, out var cidr, out var why))
                {
                    Error(DiagnosticCatalog.InvalidCidr, $"{path}[{I(i)}]", $"invalid CIDR '{text}'{(text.Length > 43 ? ": longer than 43 characters" : string.Empty)}",
                        "write an address and a prefix length, such as 10.0.0.0/8 or fd00::/8");
                    ok = false;
                    continue;
                }

                cidrs.Add(cidr);
            }

            return ok ? new AdminNetworksPeer(cidrs.ToEquatableArray()) { Location = at.Locate(path) } : null;
        }

        private AdminDomainNamesPeer? DomainNames(List<string> names, string path)
        {
            if (names.Count == 0)
            {
                Error(DiagnosticCatalog.MissingField, path, "domainNames needs at least one name", "add a name such as example.com or *.example.com");
                return null;
            }

            MaxItems(names.Count, MaxDomainNames, path, "domain names");
            var ok = true;
            for (var i = 0; i < names.Count; i++)
            {
                var text = names[i] ?? string.Empty;
                bool valid;
                try
                {
                    valid = text.Length <= 253 && DomainName().IsMatch(text);
                }
                catch (RegexMatchTimeoutException)
                {
                    valid = false;
                }

                if (!valid)
                {
                    Error(DiagnosticCatalog.InvalidAdminValue, $"{path}[{I(i)}]", $"invalid domain name '{text}'",
                        "write a DNS name such as example.com, or *.example.com for its subdomains");
                    ok = false;
                }
            }

            return ok ? new AdminDomainNamesPeer(names.ToEquatableArray()) { Location = at.Locate(path) } : null;
        }

        private AdminPortList? PortsV1(List<PortV1>? ports, string path) => PortList(ports, path, "ports", (p, pPath) =>
        {
            if (p is null || !ExactlyOne(pPath, "port", ("portNumber", p.PortNumber is not null), ("portRange", p.PortRange is not null), ("namedPort", p.NamedPort is not null)))
            {
                return null;
            }

            if (p.PortNumber is { } n)
            {
                var protocol = Protocol(n.Protocol, $"{pPath}.portNumber.protocol");
                if (n.Port is null)
                {
                    Error(DiagnosticCatalog.MissingField, $"{pPath}.portNumber", "portNumber has no port", "add port: with a number from 1 to 65535");
                    return null;
                }

                return protocol is { } proto && PortNumber(n.Port.Value, $"{pPath}.portNumber.port")
                    ? new AdminPortRange(proto, n.Port.Value, n.Port.Value) { Location = at.Locate(pPath) }
                    : null;
            }

            if (p.PortRange is { } r)
            {
                var protocol = Protocol(r.Protocol, $"{pPath}.portRange.protocol");
                return protocol is { } proto ? Range(proto, r.Start, r.End, $"{pPath}.portRange", strict: false) : null;
            }

            return NamedPort(p.NamedPort!, $"{pPath}.namedPort");
        });

        private AdminPortList? ProtocolsV2(List<ProtocolV2>? protocols, string path) => PortList(protocols, path, "protocols", (p, pPath) =>
        {
            if (p is null || !ExactlyOne(pPath, "protocol entry", ("tcp", p.Tcp is not null), ("udp", p.Udp is not null), ("sctp", p.Sctp is not null),
                    ("destinationNamedPort", p.DestinationNamedPort is not null)))
            {
                return null;
            }

            if (p.DestinationNamedPort is { } named)
            {
                return NamedPort(named, $"{pPath}.destinationNamedPort");
            }

            var (protocol, entry, field) = p.Tcp is not null ? (Net.Protocol.TCP, p.Tcp, "tcp") : p.Udp is not null ? (Net.Protocol.UDP, p.Udp, "udp") : (Net.Protocol.SCTP, p.Sctp!, "sctp");
            return ProtocolPort(protocol, entry, $"{pPath}.{field}");
        });

        /// <summary>
        /// The ports of a rule in either version's shape: absent matches every port, an empty list is an error, and
        /// every entry is read (all its errors reported) before the list is refused for any one of them.
        /// </summary>
        private AdminPortList? PortList<T>(List<T>? entries, string path, string field, Func<T, string, AdminPort?> entry)
        {
            if (entries is null)
            {
                return AnyAdminPort.Instance;
            }

            if (entries.Count == 0)
            {
                Error(DiagnosticCatalog.MissingField, path, $"{field} is empty", $"remove {field}: to match every port, or list at least one");
                return null;
            }

            MaxItems(entries.Count, limits.MaxPorts, path, field);
            var result = new List<AdminPort>();
            var ok = true;
            for (var i = 0; i < entries.Count; i++)
            {
                var port = entry(entries[i], $"{path}[{I(i)}]");
                ok &= port is not null;
                if (port is not null)
                {
                    result.Add(port);
                }
            }

            return ok ? new AdminPorts(result.ToEquatableArray()) : null;
        }

        private AdminPort? ProtocolPort(Protocol protocol, ProtocolPortV2 entry, string path)
        {
            if (entry.DestinationPort is not { } d)
            {
                Error(DiagnosticCatalog.MissingField, path, "the protocol entry has no destinationPort", "add destinationPort: with number: or range:");
                return null;
            }

            var dPath = $"{path}.destinationPort";
            if (!ExactlyOne(dPath, "destinationPort", ("number", d.Number is not null), ("range", d.Range is not null)))
            {
                return null;
            }

            if (d.Number is { } n)
            {
                return PortNumber(n, $"{dPath}.number") ? new AdminPortRange(protocol, n, n) { Location = at.Locate(path) } : null;
            }

            return Range(protocol, d.Range!.Start, d.Range.End, $"{dPath}.range", strict: true);
        }

        private AdminPortRange? Range(Protocol protocol, int? start, int? end, string path, bool strict)
        {
            if (start is null || end is null)
            {
                Error(DiagnosticCatalog.MissingField, path, "a port range needs start and end", "add start: and end: (port numbers)");
                return null;
            }

            if (!PortNumber(start.Value, $"{path}.start") | !PortNumber(end.Value, $"{path}.end"))
            {
                return null;
            }

            // v1alpha2's CEL rule is start < end; v1alpha1 states "End must be greater than Start" without a rule, and
            // a single-port range is harmless there, so only an inverted one is refused.
            if (strict ? end <= start : end < start)
            {
                Error(DiagnosticCatalog.EndPortBelowPort, $"{path}.end", $"the range ends at {I(end.Value)}, {(end == start ? "not after" : "before")} its start {I(start.Value)}",
                    strict ? "end must be greater than start; use number: for a single port" : "end must be greater than start");
                return null;
            }

            return new AdminPortRange(protocol, start.Value, end.Value) { Location = at.Locate(path) };
        }

        private AdminNamedPort? NamedPort(string name, string path)
        {
            if (LabelSyntax.CheckPortName(name) is { } why)
            {
                Error(DiagnosticCatalog.InvalidPortName, path, $"invalid port name '{name}': {why}",
                    "use the name of a container port (up to 15 lowercase letters, digits and '-')");
                return null;
            }

            return new AdminNamedPort(name) { Location = at.Locate(path) };
        }

        private void NamedPortCheck(List<AdminPeer>? peers, AdminPortList? ports, string path, string field)
        {
            if (peers is not null && ports is AdminPorts list && list.Items.Any(p => p is AdminNamedPort)
                && peers.Any(p => p is AdminNodesPeer or AdminNetworksPeer or AdminDomainNamesPeer))
            {
                Error(DiagnosticCatalog.NamedPortWithAddressPeer, path, $"a rule with nodes, networks or domainNames peers cannot use {field}",
                    "nodes, networks and domain names have no named ports: use port numbers, or split the rule");
            }
        }

        private Protocol? Protocol(string? text, string path)
        {
            if (text is null)
            {
                return Net.Protocol.TCP; // the CRD's default
            }

            if (text is "TCP" or "UDP" or "SCTP" && Protocols.TryParse(text, out var p))
            {
                return p;
            }

            Error(DiagnosticCatalog.UnknownProtocol, path, $"unknown protocol '{text}'",
                Protocols.TryParse(text, out var guess) ? $"did you mean '{guess}'? protocols are upper case" : "use TCP, UDP or SCTP");
            return null;
        }

        private bool PortNumber(int number, string path)
        {
            if (number is < 1 or > 65535)
            {
                Error(DiagnosticCatalog.PortOutOfRange, path, $"port {I(number)} is out of range", "ports are numbers from 1 to 65535");
                return false;
            }

            return true;
        }

        private bool ExactlyOne(string path, string what, params (string Field, bool Set)[] fields)
        {
            var set = fields.Where(f => f.Set).Select(f => f.Field).ToList();
            if (set.Count == 1)
            {
                return true;
            }

            var names = string.Join(", ", fields.Select(f => f.Field));
            Error(DiagnosticCatalog.NotExactlyOne, path,
                set.Count == 0 ? $"the {what} sets none of {names}" : $"the {what} sets {string.Join(" and ", set)}; exactly one is allowed",
                $"write exactly one of {names} in each {what} (use separate list items for more)");
            return false;
        }

        private void MaxItems(int count, int max, string path, string what)
        {
            if (count > max)
            {
                Error(DiagnosticCatalog.TooManyItems, path, $"{I(count)} {what}; {limits.Version} allows at most {I(max)}", $"split them over more rules or policies");
            }
        }

        private LabelSelector Selector(V1LabelSelector selector, string path) =>
            ModelConverter.ConvertSelector(selector, path, at, diagnostics);

        private static string I(int i) => i.ToString(CultureInfo.InvariantCulture);
    }
}
