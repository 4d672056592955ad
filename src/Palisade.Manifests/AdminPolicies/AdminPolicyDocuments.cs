using System.Text.Json.Serialization;
using k8s.Models;

namespace Palisade.Manifests.AdminPolicies;

// The wire shapes of policy.networking.k8s.io v1alpha1 (AdminNetworkPolicy, BaselineAdminNetworkPolicy) and v1alpha2
// (ClusterNetworkPolicy), one type per schema object of the CRDs in ../shared/policy-api, so that SchemaWriter reports
// every field a version does not have (an ingress rule's `to`, a v1alpha1 rule's `protocols`) as unknown.
#pragma warning disable CA1812 // instantiated by the JSON deserializer

/// <summary>An AdminNetworkPolicy (v1alpha1).</summary>
internal sealed class AnpDocument
{
    [JsonPropertyName("apiVersion")] public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")] public string? Kind { get; set; }

    [JsonPropertyName("metadata")] public V1ObjectMeta? Metadata { get; set; }

    [JsonPropertyName("spec")] public AnpSpec? Spec { get; set; }
}

/// <summary>AdminNetworkPolicy spec.</summary>
internal sealed class AnpSpec
{
    [JsonPropertyName("priority")] public int? Priority { get; set; }

    [JsonPropertyName("subject")] public SubjectDocument? Subject { get; set; }

    [JsonPropertyName("ingress")] public List<IngressRuleV1>? Ingress { get; set; }

    [JsonPropertyName("egress")] public List<EgressRuleV1>? Egress { get; set; }
}

/// <summary>A BaselineAdminNetworkPolicy (v1alpha1).</summary>
internal sealed class BanpDocument
{
    [JsonPropertyName("apiVersion")] public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")] public string? Kind { get; set; }

    [JsonPropertyName("metadata")] public V1ObjectMeta? Metadata { get; set; }

    [JsonPropertyName("spec")] public BanpSpec? Spec { get; set; }
}

/// <summary>BaselineAdminNetworkPolicy spec (no priority: the tier holds one object).</summary>
internal sealed class BanpSpec
{
    [JsonPropertyName("subject")] public SubjectDocument? Subject { get; set; }

    [JsonPropertyName("ingress")] public List<IngressRuleV1>? Ingress { get; set; }

    [JsonPropertyName("egress")] public List<EgressRuleV1>? Egress { get; set; }
}

/// <summary>A ClusterNetworkPolicy (v1alpha2).</summary>
internal sealed class CnpDocument
{
    [JsonPropertyName("apiVersion")] public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")] public string? Kind { get; set; }

    [JsonPropertyName("metadata")] public V1ObjectMeta? Metadata { get; set; }

    [JsonPropertyName("spec")] public CnpSpec? Spec { get; set; }
}

/// <summary>ClusterNetworkPolicy spec.</summary>
internal sealed class CnpSpec
{
    [JsonPropertyName("tier")] public string? Tier { get; set; }

    [JsonPropertyName("priority")] public int? Priority { get; set; }

    [JsonPropertyName("subject")] public SubjectDocument? Subject { get; set; }

    [JsonPropertyName("ingress")] public List<IngressRuleV2>? Ingress { get; set; }

    [JsonPropertyName("egress")] public List<EgressRuleV2>? Egress { get; set; }
}

/// <summary>subject: exactly one of namespaces or pods.</summary>
internal sealed class SubjectDocument
{
    [JsonPropertyName("namespaces")] public V1LabelSelector? Namespaces { get; set; }

    [JsonPropertyName("pods")] public PodsDocument? Pods { get; set; }
}

/// <summary>A namespace selector AND a pod selector.</summary>
internal sealed class PodsDocument
{
    [JsonPropertyName("namespaceSelector")] public V1LabelSelector? NamespaceSelector { get; set; }

    [JsonPropertyName("podSelector")] public V1LabelSelector? PodSelector { get; set; }
}

/// <summary>An ingress peer: exactly one of namespaces or pods.</summary>
internal sealed class IngressPeerDocument
{
    [JsonPropertyName("namespaces")] public V1LabelSelector? Namespaces { get; set; }

    [JsonPropertyName("pods")] public PodsDocument? Pods { get; set; }
}

/// <summary>An egress peer: exactly one of namespaces, pods, nodes, networks or domainNames.</summary>
internal sealed class EgressPeerDocument
{
    [JsonPropertyName("namespaces")] public V1LabelSelector? Namespaces { get; set; }

    [JsonPropertyName("pods")] public PodsDocument? Pods { get; set; }

    [JsonPropertyName("nodes")] public V1LabelSelector? Nodes { get; set; }

    [JsonPropertyName("networks")] public List<string>? Networks { get; set; }

    [JsonPropertyName("domainNames")] public List<string>? DomainNames { get; set; }
}

/// <summary>A v1alpha1 ingress rule.</summary>
internal sealed class IngressRuleV1
{
    [JsonPropertyName("name")] public string? Name { get; set; }

    [JsonPropertyName("action")] public string? Action { get; set; }

    [JsonPropertyName("from")] public List<IngressPeerDocument>? From { get; set; }

    [JsonPropertyName("ports")] public List<PortV1>? Ports { get; set; }
}

/// <summary>A v1alpha1 egress rule.</summary>
internal sealed class EgressRuleV1
{
    [JsonPropertyName("name")] public string? Name { get; set; }

    [JsonPropertyName("action")] public string? Action { get; set; }

    [JsonPropertyName("to")] public List<EgressPeerDocument>? To { get; set; }

    [JsonPropertyName("ports")] public List<PortV1>? Ports { get; set; }
}

/// <summary>A v1alpha1 port: exactly one of portNumber, portRange or namedPort.</summary>
internal sealed class PortV1
{
    [JsonPropertyName("portNumber")] public PortNumberV1? PortNumber { get; set; }

    [JsonPropertyName("portRange")] public PortRangeV1? PortRange { get; set; }

    [JsonPropertyName("namedPort")] public string? NamedPort { get; set; }
}

/// <summary>portNumber.</summary>
internal sealed class PortNumberV1
{
    [JsonPropertyName("port")] public int? Port { get; set; }

    [JsonPropertyName("protocol")] public string? Protocol { get; set; }
}

/// <summary>portRange.</summary>
internal sealed class PortRangeV1
{
    [JsonPropertyName("start")] public int? Start { get; set; }

    [JsonPropertyName("end")] public int? End { get; set; }

    [JsonPropertyName("protocol")] public string? Protocol { get; set; }
}

/// <summary>A v1alpha2 ingress rule.</summary>
internal sealed class IngressRuleV2
{
    [JsonPropertyName("name")] public string? Name { get; set; }

    [JsonPropertyName("action")] public string? Action { get; set; }

    [JsonPropertyName("from")] public List<IngressPeerDocument>? From { get; set; }

    [JsonPropertyName("protocols")] public List<ProtocolV2>? Protocols { get; set; }
}

/// <summary>A v1alpha2 egress rule.</summary>
internal sealed class EgressRuleV2
{
    [JsonPropertyName("name")] public string? Name { get; set; }

    [JsonPropertyName("action")] public string? Action { get; set; }

    [JsonPropertyName("to")] public List<EgressPeerDocument>? To { get; set; }

    [JsonPropertyName("protocols")] public List<ProtocolV2>? Protocols { get; set; }
}

/// <summary>A v1alpha2 protocol entry: exactly one of tcp, udp, sctp or destinationNamedPort.</summary>
internal sealed class ProtocolV2
{
    [JsonPropertyName("tcp")] public ProtocolPortV2? Tcp { get; set; }

    [JsonPropertyName("udp")] public ProtocolPortV2? Udp { get; set; }

    [JsonPropertyName("sctp")] public ProtocolPortV2? Sctp { get; set; }

    [JsonPropertyName("destinationNamedPort")] public string? DestinationNamedPort { get; set; }
}

/// <summary>tcp/udp/sctp: the destination port.</summary>
internal sealed class ProtocolPortV2
{
    [JsonPropertyName("destinationPort")] public DestinationPortV2? DestinationPort { get; set; }
}

/// <summary>destinationPort: exactly one of number or range.</summary>
internal sealed class DestinationPortV2
{
    [JsonPropertyName("number")] public int? Number { get; set; }

    [JsonPropertyName("range")] public PortRangeV2? Range { get; set; }
}

/// <summary>range (start &lt; end).</summary>
internal sealed class PortRangeV2
{
    [JsonPropertyName("start")] public int? Start { get; set; }

    [JsonPropertyName("end")] public int? End { get; set; }
}
#pragma warning restore CA1812
