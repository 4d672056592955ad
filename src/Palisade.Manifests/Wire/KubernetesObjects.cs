using Palisade.Model;
using Palisade.Net;

namespace Palisade.Manifests.Wire;

/// <summary>
/// The one writer from Palisade's model to Kubernetes objects: Namespaces, Nodes, workloads, Pods, Services,
/// NetworkPolicies and the cluster-wide policies (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy).
/// It writes exactly what the model holds, in the form the manifest loader reads back to an equal model
/// (<c>load(write(x)) == x</c> up to source locations and comments), so every field here has its reader in
/// <see cref="ModelConverter"/> or <c>AdminPolicyConverter</c>. A model no manifest can express (a peer list
/// whose every peer was invalid) is a bug and throws.
/// </summary>
public static class KubernetesObjects
{
    /// <summary>The container name and image written into pods and templates (the model keeps only their ports).</summary>
    private const string ContainerName = "main";
    private const string ContainerImage = "registry.example/app:1";

    /// <summary>
    /// Every object of a snapshot: declared Namespaces, Nodes, workloads (with their template), real Pods, Services,
    /// NetworkPolicies, cluster-wide policies. Template stand-ins are not Pods: the loader makes them again from the
    /// workload.
    /// </summary>
    public static IEnumerable<WireObject> Of(ClusterSnapshot snapshot)
    {
        foreach (var ns in snapshot.Namespaces.Where(n => n.Declared))
        {
            yield return Namespace(ns.Name, ns.Labels);
        }

        foreach (var node in snapshot.Nodes)
        {
            yield return Node(node);
        }

        // The template a workload is written with: its stand-in, else one of its pods (for the ports).
        var templates = new Dictionary<WorkloadRef, Pod>();
        foreach (var pod in snapshot.Pods)
        {
            if (pod.Owner is { } owner && (pod.FromTemplate || !templates.ContainsKey(owner)))
            {
                templates[owner] = pod;
            }
        }

        foreach (var w in snapshot.Workloads)
        {
            yield return Workload(w, templates.GetValueOrDefault(w.ToWorkloadRef()));
        }

        foreach (var pod in snapshot.Pods.Where(p => !p.FromTemplate))
        {
            yield return Pod(pod);
        }

        foreach (var service in snapshot.Services)
        {
            yield return Service(service);
        }

        foreach (var policy in snapshot.Policies)
        {
            yield return NetworkPolicy(policy);
        }

        foreach (var policy in snapshot.AdminPolicies)
        {
            yield return AdminPolicy(policy);
        }
    }

    /// <summary>
    /// A Namespace with its labels. The API server sets <c>kubernetes.io/metadata.name</c> itself, so that label is
    /// left out when it equals the name.
    /// </summary>
    public static WireObject Namespace(string name, Labels labels, string? comment = null)
    {
        var metadata = new WireMap().Add("name", name)
            .AddPairs("labels", labels.Pairs.Where(p => !(p.Key == Model.Namespace.NameLabel && p.Value == name)));
        return new WireObject(Header("v1", "Namespace").Add("metadata", metadata), comment);
    }

    /// <summary>A Node: labels and <c>status.addresses</c> (InternalIP).</summary>
    public static WireObject Node(Node node)
    {
        var body = Header("v1", "Node").Add("metadata", new WireMap().Add("name", node.Name).AddPairs("labels", node.Labels.Pairs));
        if (!node.Addresses.IsEmpty)
        {
            var addresses = new WireList();
            foreach (var a in node.Addresses)
            {
                addresses.Add(new WireMap().Add("type", WireScalar.Token("InternalIP")).Add("address", Address(a.ToString())));
            }

            body.Add("status", new WireMap().Add("addresses", addresses));
        }

        return new WireObject(body);
    }

    /// <summary>
    /// A workload with its pod template (labels; ports and hostNetwork from <paramref name="template"/>) and the
    /// replica count where its kind has one.
    /// </summary>
    public static WireObject Workload(Workload workload, Pod? template)
    {
        var (apiVersion, replicasField) = workload.Kind switch
        {
            "Deployment" or "StatefulSet" or "ReplicaSet" => ("apps/v1", "replicas"),
            "DaemonSet" => ("apps/v1", null),
            "ReplicationController" => ("v1", "replicas"),
            "Job" => ("batch/v1", "parallelism"),
            "CronJob" => ("batch/v1", null),
            _ => throw new InvalidOperationException($"no wire form for workload kind {workload.Kind}"),
        };
        var podTemplate = new WireMap()
            .Add("metadata", new WireMap().AddPairs("labels", workload.TemplateLabels.Pairs))
            .Add("spec", PodSpec(template, nodeName: null));
        var spec = new WireMap();
        if (replicasField is not null)
        {
            spec.Add(replicasField, workload.Replicas);
        }

        if (apiVersion == "apps/v1" && workload.TemplateLabels.Count > 0)
        {
            spec.Add("selector", new WireMap().AddPairs("matchLabels", workload.TemplateLabels.Pairs));
        }
        else if (workload.Kind == "ReplicationController")
        {
            spec.AddPairs("selector", workload.TemplateLabels.Pairs);
        }

        spec.Add("template", podTemplate);
        if (workload.Kind == "CronJob")
        {
            // A CronJob's pods come from spec.jobTemplate.spec.template.
            spec = new WireMap().Add("schedule", "0 * * * *").Add("jobTemplate", new WireMap().Add("spec", spec));
        }

        return new WireObject(Header(apiVersion, workload.Kind).Add("metadata", Metadata(workload.Ref)).Add("spec", spec));
    }

    /// <summary>A Pod: labels, owner, hostNetwork, node, container ports and <c>status.podIP(s)</c>.</summary>
    public static WireObject Pod(Pod pod)
    {
        var metadata = Metadata(pod.Ref).AddPairs("labels", pod.Labels.Pairs);
        if (pod.Owner is { } owner)
        {
            var reference = new WireMap()
                .Add("apiVersion", WireScalar.Token(OwnerApiVersion(owner.Kind)))
                .Add("kind", owner.Kind)
                .Add("name", owner.Ref.Name)
                .Add("controller", WireScalar.Boolean(true));
            metadata.Add("ownerReferences", new WireList().Add(reference));
        }

        var body = Header("v1", "Pod").Add("metadata", metadata).Add("spec", PodSpec(pod, pod.NodeName));
        if (!pod.Ips.IsEmpty)
        {
            var ips = new WireList();
            foreach (var ip in pod.Ips)
            {
                ips.Add(new WireMap().Add("ip", Address(ip.ToString())));
            }

            body.Add("status", new WireMap().Add("podIP", Address(pod.Ips[0].ToString())).Add("podIPs", ips));
        }

        return new WireObject(body);
    }

    /// <summary>A Service: type, selector, cluster, external and load-balancer addresses, ports.</summary>
    public static WireObject Service(Service service)
    {
        var spec = new WireMap().Add("type", WireScalar.Token(service.Type.ToString()));
        if (service.Selection is SelectorSelection { Selector: var selector })
        {
            var map = new WireMap();
            foreach (var r in selector.Requirements)
            {
                if (r.Operator != SelectorOperator.In || r.Values.Count != 1)
                {
                    throw new InvalidOperationException($"a Service selector holds only key=value pairs, not {r}");
                }

                map.Add(r.Key, r.Values[0]);
            }

            spec.Add("selector", map);
        }

        if (!service.ClusterIps.IsEmpty)
        {
            spec.Add("clusterIP", Address(service.ClusterIps[0].ToString())).Add("clusterIPs", Addresses(service.ClusterIps));
        }

        if (!service.ExternalIps.IsEmpty)
        {
            spec.Add("externalIPs", Addresses(service.ExternalIps));
        }

        if (!service.Ports.IsEmpty)
        {
            var ports = new WireList();
            foreach (var p in service.Ports)
            {
                var port = new WireMap();
                if (p.Name is not null)
                {
                    port.Add("name", p.Name);
                }

                port.Add("protocol", WireScalar.Token(p.Protocol.ToString())).Add("port", p.Port);
                port.Add("targetPort", p.TargetPort switch
                {
                    NumericTargetPort n => WireScalar.Number(n.Number),
                    NamedTargetPort n => WireScalar.Text(n.Name),
                    _ => throw new InvalidOperationException($"unknown target port {p.TargetPort}"),
                });
                if (p.NodePort is { } nodePort)
                {
                    port.Add("nodePort", nodePort);
                }

                ports.Add(port);
            }

            spec.Add("ports", ports);
        }

        var body = Header("v1", "Service").Add("metadata", Metadata(service.Ref)).Add("spec", spec);
        if (!service.LoadBalancerIps.IsEmpty)
        {
            var ingress = new WireList();
            foreach (var ip in service.LoadBalancerIps)
            {
                ingress.Add(new WireMap().Add("ip", Address(ip.ToString())));
            }

            body.Add("status", new WireMap().Add("loadBalancer", new WireMap().Add("ingress", ingress)));
        }

        return new WireObject(body);
    }

    /// <summary>
    /// A NetworkPolicy. <c>policyTypes</c> is written only when it was declared (the API server defaults it the same
    /// way); a direction the policy does not isolate gets no section unless it has rules (<c>egress: []</c> next to
    /// <c>policyTypes: [Ingress]</c> would read as "deny all egress" to a person, though Kubernetes ignores it). A
    /// rule's comment is written above it.
    /// </summary>
    public static WireObject NetworkPolicy(NetworkPolicy policy)
    {
        var metadata = Metadata(policy.Ref).AddPairs("labels", policy.Labels.Pairs).AddPairs("annotations", policy.Annotations.Pairs);
        var spec = new WireMap().Add("podSelector", Selector(policy.PodSelector));
        if (policy.PolicyTypesDeclared)
        {
            var types = new WireList();
            if (policy.Isolates(Direction.Ingress))
            {
                types.Add(WireScalar.Token("Ingress"));
            }

            if (policy.Isolates(Direction.Egress))
            {
                types.Add(WireScalar.Token("Egress"));
            }

            spec.Add("policyTypes", types);
        }

        foreach (var (direction, key, peersKey) in new[] { (Direction.Ingress, "ingress", "from"), (Direction.Egress, "egress", "to") })
        {
            var rules = policy.Rules(direction);
            if (policy.Isolates(direction) || !rules.IsEmpty)
            {
                var list = new WireList();
                foreach (var rule in rules)
                {
                    list.Add(Rule(rule, peersKey), rule.Comment is { Length: > 0 } c ? c : null);
                }

                spec.Add(key, list);
            }
        }

        return new WireObject(Header("networking.k8s.io/v1", "NetworkPolicy").Add("metadata", metadata).Add("spec", spec));
    }

    /// <summary>
    /// An AdminNetworkPolicy or BaselineAdminNetworkPolicy (<c>policy.networking.k8s.io/v1alpha1</c>) or a
    /// ClusterNetworkPolicy (<c>v1alpha2</c>: <c>tier</c>, <c>Accept</c>, <c>protocols</c>).
    /// </summary>
    public static WireObject AdminPolicy(AdminPolicy policy, string? comment = null)
    {
        var v2 = policy.Kind == AdminPolicyKind.ClusterNetworkPolicy;
        var metadata = new WireMap().Add("name", policy.Name).AddPairs("labels", policy.Labels.Pairs).AddPairs("annotations", policy.Annotations.Pairs);
        var spec = new WireMap();
        if (v2)
        {
            spec.Add("tier", WireScalar.Token(policy.Tier.ToString()));
        }

        if (policy.Kind != AdminPolicyKind.BaselineAdminNetworkPolicy)
        {
            spec.Add("priority", policy.Priority);
        }

        spec.Add("subject", PodsPeer(policy.Subject.NamespaceSelector, policy.Subject.PodSelector, policy.Subject.WrittenAsPods));
        foreach (var (direction, key, peersKey) in new[] { (Direction.Ingress, "ingress", "from"), (Direction.Egress, "egress", "to") })
        {
            var rules = policy.Rules(direction);
            if (!rules.IsEmpty)
            {
                var list = new WireList();
                foreach (var rule in rules)
                {
                    list.Add(AdminRule(rule, peersKey, v2));
                }

                spec.Add(key, list);
            }
        }

        var body = Header("policy.networking.k8s.io/" + (v2 ? "v1alpha2" : "v1alpha1"), policy.Kind.ToString()).Add("metadata", metadata).Add("spec", spec);
        return new WireObject(body, comment);
    }

    /// <summary>
    /// A label selector. The leading requirements that are single-value <c>In</c> with keys in ascending order become
    /// <c>matchLabels</c>, the rest <c>matchExpressions</c> in order: the loader reads <c>matchLabels</c> sorted by key,
    /// then the expressions, so the same requirements come back in the same order.
    /// </summary>
    public static WireMap Selector(LabelSelector selector)
    {
        var map = new WireMap();
        var requirements = selector.Requirements;
        var labels = 0;
        while (labels < requirements.Count
            && requirements[labels] is { Operator: SelectorOperator.In, Values.Count: 1 } r
            && (labels == 0 || string.CompareOrdinal(requirements[labels - 1].Key, r.Key) < 0))
        {
            labels++;
        }

        if (labels > 0)
        {
            var matchLabels = new WireMap();
            for (var i = 0; i < labels; i++)
            {
                matchLabels.Add(requirements[i].Key, requirements[i].Values[0]);
            }

            map.Add("matchLabels", matchLabels);
        }

        if (labels < requirements.Count)
        {
            var expressions = new WireList();
            for (var i = labels; i < requirements.Count; i++)
            {
                var r = requirements[i];
                var e = new WireMap().Add("key", r.Key).Add("operator", WireScalar.Token(r.Operator.ToString()));
                if (!r.Values.IsEmpty)
                {
                    var values = new WireList(flow: true);
                    foreach (var v in r.Values)
                    {
                        values.Add(WireScalar.Text(v));
                    }

                    e.Add("values", values);
                }

                expressions.Add(e);
            }

            map.Add("matchExpressions", expressions);
        }

        return map;
    }

    private static WireMap Rule(PolicyRule rule, string peersKey)
    {
        var map = new WireMap();
        if (rule.Peers is Peers peers)
        {
            if (peers.Items.IsEmpty)
            {
                // Written as from: [] it would read back as "every peer": never widen what a rule allows.
                throw new InvalidOperationException($"rule {rule.Index} lists no valid peer and has no manifest form");
            }

            var list = new WireList();
            foreach (var peer in peers.Items)
            {
                list.Add(Peer(peer));
            }

            map.Add(peersKey, list);
        }

        if (rule.Ports is Ports ports)
        {
            if (ports.Items.IsEmpty)
            {
                throw new InvalidOperationException($"rule {rule.Index} lists no valid port and has no manifest form");
            }

            var list = new WireList();
            foreach (var p in ports.Items)
            {
                var port = new WireMap().Add("protocol", WireScalar.Token(p.Protocol.ToString()));
                switch (p.Port)
                {
                    case PortNumberRange r:
                        port.Add("port", r.Port);
                        if (r.EndPort != r.Port)
                        {
                            port.Add("endPort", r.EndPort);
                        }

                        break;
                    case NamedPort n:
                        port.Add("port", n.Name);
                        break;
                }

                list.Add(port);
            }

            map.Add("ports", list);
        }

        return map;
    }

    private static WireMap Peer(Peer peer)
    {
        var map = new WireMap();
        switch (peer)
        {
            case IpBlockPeer b:
                var block = new WireMap().Add("cidr", Address(b.Cidr.ToString()));
                if (!b.Except.IsEmpty)
                {
                    var except = new WireList();
                    foreach (var e in b.Except)
                    {
                        except.Add(Address(e.ToString()));
                    }

                    block.Add("except", except);
                }

                map.Add("ipBlock", block);
                break;
            case PodPeer p:
                if (p.Namespaces is SelectedNamespaces ns)
                {
                    map.Add("namespaceSelector", Selector(ns.Selector));
                }

                if (p.HasPodSelector || p.Namespaces is PolicyNamespace)
                {
                    map.Add("podSelector", Selector(p.PodSelector));
                }

                break;
        }

        return map;
    }

    private static WireMap AdminRule(AdminRule rule, string peersKey, bool v2)
    {
        var map = new WireMap();
        if (rule.Name.Length > 0)
        {
            map.Add("name", rule.Name);
        }

        map.Add("action", WireScalar.Token(rule.Action switch
        {
            AdminAction.Allow => v2 ? "Accept" : "Allow",
            AdminAction.Deny => "Deny",
            _ => "Pass",
        }));
        var peers = new WireList();
        foreach (var peer in rule.Peers)
        {
            peers.Add(peer switch
            {
                AdminPodsPeer p => PodsPeer(p.NamespaceSelector, p.PodSelector, p.WrittenAsPods),
                AdminNodesPeer n => new WireMap().Add("nodes", Selector(n.Selector)),
                AdminNetworksPeer n => new WireMap().Add("networks", FlowTexts(n.Networks.Select(c => c.ToString()))),
                AdminDomainNamesPeer d => new WireMap().Add("domainNames", FlowTexts(d.DomainNames)),
                _ => throw new InvalidOperationException($"unknown admin peer {peer.GetType().Name}"),
            });
        }

        map.Add(peersKey, peers);
        if (rule.Ports is AdminPorts ports)
        {
            var list = new WireList();
            foreach (var port in ports.Items)
            {
                list.Add(v2 ? ProtocolV2(port) : PortV1(port));
            }

            map.Add(v2 ? "protocols" : "ports", list);
        }

        return map;
    }

    private static WireMap PortV1(AdminPort port) => port switch
    {
        AdminPortRange r when r.Start == r.End => new WireMap().Add("portNumber",
            new WireMap().Add("protocol", WireScalar.Token(r.Protocol.ToString())).Add("port", r.Start)),
        AdminPortRange r => new WireMap().Add("portRange",
            new WireMap().Add("protocol", WireScalar.Token(r.Protocol.ToString())).Add("start", r.Start).Add("end", r.End)),
        AdminNamedPort n => new WireMap().Add("namedPort", n.Name),
        _ => throw new InvalidOperationException($"unknown admin port {port.GetType().Name}"),
    };

    private static WireMap ProtocolV2(AdminPort port)
    {
        if (port is AdminNamedPort n)
        {
            return new WireMap().Add("destinationNamedPort", n.Name);
        }

        var r = (AdminPortRange)port;
        var destination = r.Start == r.End
            ? new WireMap().Add("number", r.Start)
            : new WireMap().Add("range", new WireMap().Add("start", r.Start).Add("end", r.End));
        var protocol = r.Protocol switch
        {
            Protocol.TCP => "tcp",
            Protocol.UDP => "udp",
            _ => "sctp",
        };
        return new WireMap().Add(protocol, new WireMap().Add("destinationPort", destination));
    }

    /// <summary>A <c>pods</c> entry (namespace and pod selector), or <c>namespaces</c> when the pod selector is <c>{}</c> and it was not written as pods.</summary>
    private static WireMap PodsPeer(LabelSelector namespaces, LabelSelector pods, bool writtenAsPods) =>
        !writtenAsPods && pods.IsEverything
            ? new WireMap().Add("namespaces", Selector(namespaces))
            : new WireMap().Add("pods", new WireMap().Add("namespaceSelector", Selector(namespaces)).Add("podSelector", Selector(pods)));

    private static WireMap PodSpec(Pod? pod, string? nodeName)
    {
        var spec = new WireMap();
        if (pod?.HostNetwork == true)
        {
            spec.Add("hostNetwork", WireScalar.Boolean(true));
        }

        if (!string.IsNullOrEmpty(nodeName))
        {
            spec.Add("nodeName", nodeName);
        }

        var container = new WireMap().Add("name", ContainerName).Add("image", ContainerImage);
        if (pod is not null && !pod.Ports.IsEmpty)
        {
            var ports = new WireList();
            foreach (var p in pod.Ports)
            {
                var port = new WireMap();
                if (p.Name is not null)
                {
                    port.Add("name", p.Name);
                }

                ports.Add(port.Add("containerPort", p.Number).Add("protocol", WireScalar.Token(p.Protocol.ToString())));
            }

            container.Add("ports", ports);
        }

        return spec.Add("containers", new WireList().Add(container));
    }

    private static string OwnerApiVersion(string kind) => kind switch
    {
        "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" => "apps/v1",
        "Job" or "CronJob" => "batch/v1",
        _ => "v1",
    };

    private static WireMap Header(string apiVersion, string kind) =>
        new WireMap().Add("apiVersion", WireScalar.Token(apiVersion)).Add("kind", WireScalar.Token(kind));

    private static WireMap Metadata(ObjectRef reference) => new WireMap().Add("name", reference.Name).Add("namespace", reference.Namespace);

    private static WireList Addresses(EquatableArray<IpAddr> addresses)
    {
        var list = new WireList();
        foreach (var a in addresses)
        {
            list.Add(Address(a.ToString()));
        }

        return list;
    }

    private static WireList FlowTexts(IEnumerable<string> values)
    {
        var list = new WireList(flow: true);
        foreach (var v in values)
        {
            list.Add(WireScalar.Text(v));
        }

        return list;
    }

    /// <summary>
    /// An IP address or CIDR: plain in YAML when it is IPv4 (digits, dots and a slash read as nothing but a string),
    /// quoted otherwise (an IPv6 text may start with a colon).
    /// </summary>
    private static WireScalar Address(string text) =>
        text.All(c => char.IsAsciiDigit(c) || c is '.' or '/') && text.Contains('/', StringComparison.Ordinal)
            ? WireScalar.Token(text)
            : WireScalar.Text(text);
}
