using System.Globalization;
using Palisade.Manifests.Yaml;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Manifests;

/// <summary>
/// Converts a node tree straight to the model for the kinds that make up the volume of a cluster dump (Namespace,
/// Node, Pod, the workload kinds, Service, NetworkPolicy), with no KubernetesClient object and no JSON text in
/// between. It only takes what it fully understands: the caller has checked the tree with
/// <see cref="SchemaWriter.IsClean"/>, and anything <see cref="ModelConverter"/> would report (a bad name, label,
/// address, port, selector) makes it decline (null), so that the one strict path writes every diagnostic. What it
/// returns equals what the strict path returns for the same tree, locations and rule comments included
/// (<c>DirectConversionTests</c>). No reflection: safe for NativeAOT.
/// </summary>
internal sealed class DirectConverter
{
    private readonly string file;
    private readonly IReadOnlyList<string> lines;
    private readonly string defaultNamespace;

    private DirectConverter(string file, IReadOnlyList<string> lines, string defaultNamespace)
    {
        this.file = file;
        this.lines = lines;
        this.defaultNamespace = defaultNamespace;
    }

    /// <summary>True for the kinds this converter reads.</summary>
    public static bool Handles(string kind) => kind is "Namespace" or "Node" or "Pod" or "Service" or "NetworkPolicy"
        or "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "ReplicationController" or "Job" or "CronJob";

    /// <summary>
    /// The model object (a <see cref="Namespace"/>, <see cref="Node"/>, <see cref="Pod"/>, <see cref="WorkloadObject"/>,
    /// <see cref="Service"/> or <see cref="NetworkPolicy"/>) of a schema-clean tree, or null when the strict path must
    /// convert it.
    /// </summary>
    public static object? TryConvert(YamlNode root, string kind, string file, IReadOnlyList<string> lines, string defaultNamespace)
    {
        var c = new DirectConverter(file, lines, defaultNamespace);
        return kind switch
        {
            "Namespace" => c.Namespace(root),
            "Node" => c.Node(root),
            "Pod" => c.Pod(root),
            "Service" => c.Service(root),
            "NetworkPolicy" => c.NetworkPolicy(root),
            "Deployment" or "StatefulSet" or "ReplicaSet" or "ReplicationController" => c.Workload(root, kind, "replicas", "spec", "template"),
            "Job" => c.Workload(root, kind, "parallelism", "spec", "template"),
            "DaemonSet" => c.Workload(root, kind, null, "spec", "template"),
            "CronJob" => c.Workload(root, kind, null, "spec", "jobTemplate", "spec", "template"),
            _ => null,
        };
    }

    private Namespace? Namespace(YamlNode root)
    {
        var meta = Field(root, "metadata");
        if (Name(meta, dnsLabel: true) is not { } name || ObjectLabels(meta) is not { } labels)
        {
            return null;
        }

        return Model.Namespace.Create(name, labels, declared: true) with { Location = At(root) };
    }

    private Node? Node(YamlNode root)
    {
        var meta = Field(root, "metadata");
        if (Name(meta) is not { } name)
        {
            return null;
        }

        var ips = new List<IpAddr>();
        if (Field(Field(root, "status"), "addresses") is { } addresses)
        {
            foreach (var a in addresses.Items)
            {
                // Hostname and DNS entries are names, not addresses.
                if (Text(a, "type") is "InternalIP" or "ExternalIP" && !AddIp(ips, Text(a, "address")))
                {
                    return null;
                }
            }
        }

        return ObjectLabels(meta) is { } labels ? new Node(name, labels, ips.ToEquatableArray()) { Location = At(root) } : null;
    }

    private Pod? Pod(YamlNode root)
    {
        var meta = Field(root, "metadata");
        if (Name(meta) is not { } name)
        {
            return null;
        }

        var ns = NamespaceOf(meta);
        var ips = new List<IpAddr>();
        var status = Field(root, "status");
        if (!AddIp(ips, Text(status, "podIP")))
        {
            return null;
        }

        if (Field(status, "podIPs") is { } podIps)
        {
            foreach (var item in podIps.Items)
            {
                if (!AddIp(ips, Text(item, "ip")))
                {
                    return null;
                }
            }
        }

        var spec = Field(root, "spec");
        if (ObjectLabels(meta) is not { } labels || ContainerPorts(spec) is not { } ports)
        {
            return null;
        }

        return new Pod(new ObjectRef(ns, name), labels, ips.ToEquatableArray(), Bool(Field(spec, "hostNetwork")), ports, ControllerOf(meta, ns))
        {
            Location = At(root),
            NodeName = Text(spec, "nodeName") ?? string.Empty,
        };
    }

    private WorkloadObject? Workload(YamlNode root, string kind, string? replicasField, params string[] templatePath)
    {
        var meta = Field(root, "metadata");
        if (Name(meta) is not { } name || ObjectLabels(meta) is null)
        {
            return null;
        }

        var ns = NamespaceOf(meta);
        var template = root;
        foreach (var key in templatePath)
        {
            template = Field(template, key);
        }

        var spec = Field(root, "spec");
        var replicas = 1;
        if (replicasField is not null && Field(spec, replicasField) is { } given)
        {
            if (Int(given) is not { } value)
            {
                return null;
            }

            replicas = value;
        }

        var templateSpec = Field(template, "spec");
        if (ObjectLabels(Field(template, "metadata")) is not { } templateLabels || ContainerPorts(templateSpec) is not { } ports)
        {
            return null;
        }

        var workload = new Workload(kind, new ObjectRef(ns, name), templateLabels, replicas) { Location = At(root) };
        var standIn = new Pod(workload.Ref, templateLabels, EquatableArray<IpAddr>.Empty, Bool(Field(templateSpec, "hostNetwork")), ports, workload.ToWorkloadRef())
        {
            FromTemplate = true,
            Location = At(Nearest(root, templatePath)),
        };
        return new WorkloadObject(workload, standIn, ControllerOf(meta, ns));
    }

    private Service? Service(YamlNode root)
    {
        var meta = Field(root, "metadata");
        if (Name(meta, dnsLabel: true) is not { } name || ObjectLabels(meta) is null)
        {
            return null;
        }

        var spec = Field(root, "spec");
        var type = Text(spec, "type") switch
        {
            null or "ClusterIP" => (ServiceType?)ServiceType.ClusterIP,
            "NodePort" => ServiceType.NodePort,
            "LoadBalancer" => ServiceType.LoadBalancer,
            "ExternalName" => ServiceType.ExternalName,
            _ => null,
        };
        if (type is null)
        {
            return null;
        }

        ServiceSelection selection = NoSelector.Instance;
        if (Field(spec, "selector") is { Pairs.Count: > 0 } selector)
        {
            var requirements = new List<SelectorRequirement>();
            foreach (var (key, value) in selector.Pairs.OrderBy(p => p.Key.Value, StringComparer.Ordinal))
            {
                if (!LabelPair(key.Value, value.Value))
                {
                    return null;
                }

                requirements.Add(new SelectorRequirement(key.Value, SelectorOperator.In, new[] { value.Value }));
            }

            selection = new SelectorSelection(new LabelSelector(requirements.ToEquatableArray()) { Location = At(selector) });
        }

        var clusterIps = new List<IpAddr>();
        var lbIps = new List<IpAddr>();
        var externalIps = new List<IpAddr>();
        if (!AddIp(clusterIps, Text(spec, "clusterIP")) || !AddIps(clusterIps, Field(spec, "clusterIPs")))
        {
            return null;
        }

        if (Field(Field(Field(root, "status"), "loadBalancer"), "ingress") is { } ingress)
        {
            foreach (var item in ingress.Items)
            {
                if (!AddIp(lbIps, Text(item, "ip")))
                {
                    return null;
                }
            }
        }

        if (!AddIp(lbIps, Text(spec, "loadBalancerIP")) || !AddIps(externalIps, Field(spec, "externalIPs")))
        {
            return null;
        }

        var ports = new List<ServicePort>();
        if (Field(spec, "ports") is { } portList)
        {
            foreach (var p in portList.Items)
            {
                if (ServicePort(p) is not { } port)
                {
                    return null;
                }

                ports.Add(port);
            }
        }

        return new Service(
            new ObjectRef(NamespaceOf(meta), name),
            type.Value,
            selection,
            clusterIps.ToEquatableArray(),
            lbIps.ToEquatableArray(),
            externalIps.ToEquatableArray(),
            ports.ToEquatableArray())
        {
            Location = At(root),
        };
    }

    private NetworkPolicy? NetworkPolicy(YamlNode root)
    {
        var meta = Field(root, "metadata");
        if (Name(meta) is not { } name || ObjectLabels(meta) is not { } labels)
        {
            return null;
        }

        var spec = Field(root, "spec");

        // The API server defaults an absent spec.podSelector to {}, located at spec (or the nearest existing field).
        var podSelector = Field(spec, "podSelector") is { } ps
            ? Selector(ps)
            : LabelSelector.Everything with { Location = At(Nearest(root, "spec")) };
        if (podSelector is null)
        {
            return null;
        }

        var ingress = Rules(Field(spec, "ingress"), Direction.Ingress, "from");
        var egress = Rules(Field(spec, "egress"), Direction.Egress, "to");
        if (ingress is null || egress is null)
        {
            return null;
        }

        // An empty policyTypes list is defaulted like an absent one.
        var declared = Field(spec, "policyTypes") is { Items.Count: > 0 };
        var types = Model.PolicyTypes.None;
        if (declared)
        {
            foreach (var t in Field(spec, "policyTypes")!.Items)
            {
                switch (t.Value)
                {
                    case "Ingress": types |= Model.PolicyTypes.Ingress; break;
                    case "Egress": types |= Model.PolicyTypes.Egress; break;
                    default: return null;
                }
            }
        }
        else
        {
            types = Model.NetworkPolicy.DefaultPolicyTypes(egress.Count);
        }

        return new NetworkPolicy(new ObjectRef(NamespaceOf(meta), name), podSelector, types, declared, ingress.ToEquatableArray(), egress.ToEquatableArray())
        {
            Location = At(root),
            Labels = labels,
            Annotations = Field(meta, "annotations") is { } annotations
                ? Labels.From(annotations.Pairs.Select(p => KeyValuePair.Create(p.Key.Value, p.Value.Value)))
                : Labels.Empty,
        };
    }

    private List<PolicyRule>? Rules(YamlNode? list, Direction direction, string peersField)
    {
        var rules = new List<PolicyRule>();
        if (list is null)
        {
            return rules;
        }

        for (var i = 0; i < list.Items.Count; i++)
        {
            var rule = list.Items[i];
            PeerList peerList = AnyPeer.Instance;
            if (Field(rule, peersField) is { Items.Count: > 0 } peers)
            {
                var items = new List<Peer>();
                foreach (var p in peers.Items)
                {
                    if (Peer(p) is not { } peer)
                    {
                        return null;
                    }

                    items.Add(peer);
                }

                peerList = new Peers(items.ToEquatableArray());
            }

            PortList portList = AnyPort.Instance;
            if (Field(rule, "ports") is { Items.Count: > 0 } ports)
            {
                var items = new List<PolicyPort>();
                foreach (var p in ports.Items)
                {
                    if (PolicyPort(p) is not { } port)
                    {
                        return null;
                    }

                    items.Add(port);
                }

                portList = new Ports(items.ToEquatableArray());
            }

            rules.Add(new PolicyRule(direction, i, peerList, portList) { Location = At(rule), Comment = CommentAbove(rule) });
        }

        return rules;
    }

    private Peer? Peer(YamlNode p)
    {
        var podSelector = Field(p, "podSelector");
        var namespaceSelector = Field(p, "namespaceSelector");
        if (Field(p, "ipBlock") is { } block)
        {
            return podSelector is null && namespaceSelector is null ? IpBlock(block, p) : null;
        }

        if (namespaceSelector is null)
        {
            return podSelector is not null && Selector(podSelector) is { } pods ? new PodPeer(pods, PolicyNamespace.Instance) { Location = At(p) } : null;
        }

        if (Selector(namespaceSelector) is not { } namespaces)
        {
            return null;
        }

        if (podSelector is null)
        {
            return new PodPeer(LabelSelector.Everything, new SelectedNamespaces(namespaces)) { HasPodSelector = false, Location = At(p) };
        }

        return Selector(podSelector) is { } selected ? new PodPeer(selected, new SelectedNamespaces(namespaces)) { Location = At(p) } : null;
    }

    private IpBlockPeer? IpBlock(YamlNode block, YamlNode peer)
    {
        var text = Text(block, "cidr");
        if (string.IsNullOrEmpty(text) || !IpCidr.TryParse(text, out var cidr, out _) || IpAddr.HasLeadingZeros(text))
        {
            return null;
        }

        var except = new List<IpCidr>();
        if (Field(block, "except") is { } list)
        {
            foreach (var item in list.Items)
            {
                if (!IpCidr.TryParse(item.Value, out var e, out _) || !cidr.Contains(e) || e.PrefixLength <= cidr.PrefixLength || IpAddr.HasLeadingZeros(item.Value))
                {
                    return null;
                }

                except.Add(e);
            }
        }

        return new IpBlockPeer(cidr, except.ToEquatableArray()) { Location = At(peer) };
    }

    private PolicyPort? PolicyPort(YamlNode p)
    {
        if (Protocol(Text(p, "protocol")) is not { } protocol)
        {
            return null;
        }

        var text = IntOrStringText(Field(p, "port"));
        var endNode = Field(p, "endPort");
        int? endPort = null;
        if (endNode is not null)
        {
            if (Int(endNode) is not { } e)
            {
                return null;
            }

            endPort = e;
        }

        PortSpec spec;
        if (string.IsNullOrEmpty(text))
        {
            if (endPort is not null)
            {
                return null;
            }

            spec = AnyPortNumber.Instance;
        }
        else if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            var end = endPort ?? number;
            if (!IsPortNumber(number) || !IsPortNumber(end) || end < number)
            {
                return null;
            }

            spec = new PortNumberRange(number, end);
        }
        else
        {
            if (endPort is not null || !IsPortName(text))
            {
                return null;
            }

            spec = new NamedPort(text);
        }

        return new PolicyPort(protocol, spec) { Location = At(p) };
    }

    private ServicePort? ServicePort(YamlNode p)
    {
        if (Protocol(Text(p, "protocol")) is not { } protocol || Field(p, "port") is not { } portNode || Int(portNode) is not { } port || !IsPortNumber(port))
        {
            return null;
        }

        TargetPort target = new NumericTargetPort(port);
        if (IntOrStringText(Field(p, "targetPort")) is { Length: > 0 } text)
        {
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                if (!IsPortNumber(n))
                {
                    return null;
                }

                target = new NumericTargetPort(n);
            }
            else if (IsPortName(text))
            {
                target = new NamedTargetPort(text);
            }
            else
            {
                return null;
            }
        }

        int? nodePort = null;
        if (Field(p, "nodePort") is { } nodePortNode)
        {
            if (Int(nodePortNode) is not { } np || (np != 0 && !IsPortNumber(np)))
            {
                return null;
            }

            nodePort = np == 0 ? null : np;
        }

        var name = Text(p, "name");
        return new ServicePort(string.IsNullOrEmpty(name) ? null : name, protocol, port, target, nodePort);
    }

    private EquatableArray<ContainerPort>? ContainerPorts(YamlNode? spec)
    {
        var ports = new List<ContainerPort>();
        foreach (var field in (ReadOnlySpan<string>)["containers", "initContainers"])
        {
            if (Field(spec, field) is not { } containers)
            {
                continue;
            }

            foreach (var container in containers.Items)
            {
                if (Field(container, "ports") is not { } list)
                {
                    continue;
                }

                foreach (var p in list.Items)
                {
                    var name = Text(p, "name");
                    if (Protocol(Text(p, "protocol")) is not { } protocol
                        || Field(p, "containerPort") is not { } numberNode || Int(numberNode) is not { } number
                        || number == 0 || !IsPortNumber(number)
                        || (name is not null && !IsPortName(name)))
                    {
                        return null;
                    }

                    ports.Add(new ContainerPort(string.IsNullOrEmpty(name) ? null : name, number, protocol));
                }
            }
        }

        return ports.ToEquatableArray();
    }

    private LabelSelector? Selector(YamlNode selector)
    {
        var requirements = new List<SelectorRequirement>();
        if (Field(selector, "matchLabels") is { } matchLabels)
        {
            foreach (var (key, value) in matchLabels.Pairs.OrderBy(p => p.Key.Value, StringComparer.Ordinal))
            {
                if (!LabelPair(key.Value, value.Value))
                {
                    return null;
                }

                requirements.Add(new SelectorRequirement(key.Value, SelectorOperator.In, new[] { value.Value }));
            }
        }

        if (Field(selector, "matchExpressions") is { } expressions)
        {
            foreach (var e in expressions.Items)
            {
                var key = Text(e, "key");
                SelectorOperator? op = Text(e, "operator") switch
                {
                    "In" => SelectorOperator.In,
                    "NotIn" => SelectorOperator.NotIn,
                    "Exists" => SelectorOperator.Exists,
                    "DoesNotExist" => SelectorOperator.DoesNotExist,
                    _ => null,
                };
                if (string.IsNullOrEmpty(key) || LabelSyntax.CheckKey(key) is not null || op is null)
                {
                    return null;
                }

                var values = new List<string>();
                if (Field(e, "values") is { } valueList)
                {
                    foreach (var v in valueList.Items)
                    {
                        if (LabelSyntax.CheckValue(v.Value) is not null)
                        {
                            return null;
                        }

                        values.Add(v.Value);
                    }
                }

                if ((op is SelectorOperator.In or SelectorOperator.NotIn) != (values.Count > 0))
                {
                    return null;
                }

                requirements.Add(new SelectorRequirement(key, op.Value, values.ToEquatableArray()));
            }
        }

        return new LabelSelector(requirements.ToEquatableArray()) { Location = At(selector) };
    }

    /// <summary>The object's name when it is one the strict path takes without a word, else null.</summary>
    private static string? Name(YamlNode? meta, bool dnsLabel = false)
    {
        var name = Text(meta, "name");
        if (string.IsNullOrEmpty(name) || (dnsLabel ? LabelSyntax.CheckDnsLabel(name) : LabelSyntax.CheckDnsSubdomain(name)) is not null)
        {
            return null;
        }

        var ns = Text(meta, "namespace");
        return string.IsNullOrEmpty(ns) || LabelSyntax.CheckDnsLabel(ns) is null ? name : null;
    }

    private string NamespaceOf(YamlNode? meta) => Text(meta, "namespace") is { Length: > 0 } ns ? ns : defaultNamespace;

    private static Labels? ObjectLabels(YamlNode? meta)
    {
        if (Field(meta, "labels") is not { } labels)
        {
            return Labels.Empty;
        }

        foreach (var (key, value) in labels.Pairs)
        {
            if (!LabelPair(key.Value, value.Value))
            {
                return null;
            }
        }

        return Labels.From(labels.Pairs.Select(p => KeyValuePair.Create(p.Key.Value, p.Value.Value)));
    }

    private static bool LabelPair(string key, string value) => LabelSyntax.CheckKey(key) is null && LabelSyntax.CheckValue(value) is null;

    private static WorkloadRef? ControllerOf(YamlNode? meta, string ns)
    {
        if (Field(meta, "ownerReferences") is not { } owners)
        {
            return null;
        }

        YamlNode? first = null;
        foreach (var o in owners.Items)
        {
            if (string.IsNullOrEmpty(Text(o, "kind")) || string.IsNullOrEmpty(Text(o, "name")))
            {
                continue;
            }

            if (Bool(Field(o, "controller")))
            {
                first = o;
                break;
            }

            first ??= o;
        }

        return first is null ? null : new WorkloadRef(Text(first, "kind")!, new ObjectRef(ns, Text(first, "name")!));
    }

    /// <summary>Adds an address as the strict path does; false when it would report it (bad, or leading zeros).</summary>
    private static bool AddIp(List<IpAddr> into, string? text)
    {
        if (string.IsNullOrEmpty(text) || text == "None")
        {
            return true;
        }

        if (!IpAddr.TryParse(text, out var ip) || IpAddr.HasLeadingZeros(text))
        {
            return false;
        }

        if (!into.Contains(ip))
        {
            into.Add(ip);
        }

        return true;
    }

    private static bool AddIps(List<IpAddr> into, YamlNode? list)
    {
        if (list is not null)
        {
            foreach (var item in list.Items)
            {
                if (!AddIp(into, item.Value))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static Protocol? Protocol(string? text) => text switch
    {
        null => Net.Protocol.TCP,
        "TCP" or "UDP" or "SCTP" when Protocols.TryParse(text, out var p) => p,
        _ => null,
    };

    private static bool IsPortNumber(int number) => number is >= 1 and <= 65535;

    // A number too large for an int is an out-of-range port for the strict path, not a name.
    private static bool IsPortName(string name) =>
        !(name.Length > 0 && name.TrimStart('-', '+').All(char.IsAsciiDigit)) && LabelSyntax.CheckPortName(name) is null;

    /// <summary>What the strict path's IntOrString holds for a schema-clean scalar (SchemaWriter writes the JSON).</summary>
    private static string? IntOrStringText(YamlNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node.IsPlain && PlainScalar.TryWholeNumber(node.Value, out var number))
        {
            return number.ToString(CultureInfo.InvariantCulture);
        }

        return node.Value;
    }

    // A schema-clean integer field: a plain YAML 1.1 whole number within int.
    private static int? Int(YamlNode node) =>
        PlainScalar.TryWholeNumber(node.Value, out var value) && value is >= int.MinValue and <= int.MaxValue ? (int)value : null;

    private static bool Bool(YamlNode? node) => node is not null && SchemaWriter.ParseBool(node.Value) == true;

    /// <summary>A field's value, or null when absent or written null (which the strict path reads as absent).</summary>
    private static YamlNode? Field(YamlNode? node, string key) =>
        node is { Kind: YamlNodeKind.Mapping } && node.Get(key) is { IsNull: false } value ? value : null;

    private static string? Text(YamlNode? node, string key) => Field(node, key) is { Kind: YamlNodeKind.Scalar } value ? value.Value : null;

    /// <summary>Where the strict path's locator puts a field path: the field, or the nearest enclosing field that exists.</summary>
    private static YamlNode Nearest(YamlNode root, params ReadOnlySpan<string> path)
    {
        var node = root;
        foreach (var key in path)
        {
            if (node.Kind != YamlNodeKind.Mapping || node.Get(key) is not { } next)
            {
                return node;
            }

            node = next;
        }

        return node;
    }

    private SourceLocation At(YamlNode node) => new(file, node.Line, node.Column);

    private string? CommentAbove(YamlNode node)
    {
        if (node.Line < 2 || node.Line - 2 >= lines.Count)
        {
            return null;
        }

        var above = lines[node.Line - 2].Trim();
        return above.StartsWith('#') ? above.TrimStart('#').Trim() : null;
    }
}
