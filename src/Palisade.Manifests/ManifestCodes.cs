namespace Palisade.Manifests;

/// <summary>
/// The stable PAL1xx codes of input diagnostics. Each has an entry in <c>docs/diagnostics.md</c>; never renumber.
/// </summary>
public static class ManifestCodes
{
    /// <summary>A path given on the command line does not exist.</summary>
    public const string PathNotFound = "PAL100";

    /// <summary>A file exists but cannot be read.</summary>
    public const string Unreadable = "PAL101";

    /// <summary>YAML or JSON syntax error.</summary>
    public const string MalformedInput = "PAL102";

    /// <summary>A document is not an object or has no <c>kind</c>.</summary>
    public const string MissingKind = "PAL103";

    /// <summary>A field that the kind's schema does not have.</summary>
    public const string UnknownField = "PAL104";

    /// <summary>A value of the wrong type (a mapping where a string is expected, text where a number is).</summary>
    public const string WrongType = "PAL105";

    /// <summary>A required field is missing.</summary>
    public const string MissingField = "PAL106";

    /// <summary>A kind Palisade reads, under an apiVersion it does not read.</summary>
    public const string UnsupportedApiVersion = "PAL107";

    /// <summary>The same kind, namespace and name twice.</summary>
    public const string DuplicateObject = "PAL108";

    /// <summary>The same key twice in one mapping.</summary>
    public const string DuplicateKey = "PAL109";

    /// <summary>An ipBlock <c>cidr</c> or <c>except</c> entry that is not a CIDR.</summary>
    public const string InvalidCidr = "PAL110";

    /// <summary>An ipBlock <c>except</c> entry that is not a strict subset of its <c>cidr</c>.</summary>
    public const string ExceptOutsideCidr = "PAL111";

    /// <summary>A selector requirement with an unknown operator.</summary>
    public const string InvalidSelectorOperator = "PAL112";

    /// <summary>A selector requirement whose values do not fit its operator.</summary>
    public const string InvalidSelectorValues = "PAL113";

    /// <summary>A label key that breaks Kubernetes' syntax rules.</summary>
    public const string InvalidLabelKey = "PAL114";

    /// <summary>A label value that breaks Kubernetes' syntax rules.</summary>
    public const string InvalidLabelValue = "PAL115";

    /// <summary>A port number outside 1–65535.</summary>
    public const string PortOutOfRange = "PAL116";

    /// <summary>An <c>endPort</c> below its <c>port</c>.</summary>
    public const string EndPortBelowPort = "PAL117";

    /// <summary>An <c>endPort</c> without a numeric <c>port</c>.</summary>
    public const string EndPortWithoutNumericPort = "PAL118";

    /// <summary>A protocol other than TCP, UDP or SCTP.</summary>
    public const string UnknownProtocol = "PAL119";

    /// <summary>A named port that is not a valid port name.</summary>
    public const string InvalidPortName = "PAL120";

    /// <summary>A <c>policyTypes</c> entry other than Ingress or Egress, or a repeated one.</summary>
    public const string InvalidPolicyType = "PAL121";

    /// <summary>A peer with nothing in it, or an ipBlock combined with a selector.</summary>
    public const string InvalidPeer = "PAL122";

    /// <summary>An IP address field (pod IP, cluster IP, external IP) that is not an IP address.</summary>
    public const string InvalidIp = "PAL123";

    /// <summary>A Service type Kubernetes does not have.</summary>
    public const string UnknownServiceType = "PAL124";

    /// <summary>A field name written in another case (<c>containerport</c>); a warning, as Kubernetes' lenient decoding accepts it.</summary>
    public const string FieldCase = "PAL125";

    /// <summary>A file (or standard input) larger than the size limit.</summary>
    public const string InputTooLarge = "PAL150";

    /// <summary>Mappings and lists nested deeper than <see cref="InputLimits.MaxDepth"/>.</summary>
    public const string NestingTooDeep = "PAL151";

    /// <summary>Aliases that expand to more nodes than <see cref="InputLimits.MaxAliasExpansion"/>.</summary>
    public const string AliasExpansion = "PAL152";

    /// <summary>A value (or a line) longer than <see cref="InputLimits.MaxScalarLength"/>.</summary>
    public const string ScalarTooLong = "PAL153";

    /// <summary>An object or namespace name that the API server rejects (not a DNS-1123 label or subdomain).</summary>
    public const string InvalidObjectName = "PAL154";

    /// <summary>A value a cluster-wide policy's schema does not accept: an action or tier its kind does not have, a malformed domain name.</summary>
    public const string InvalidAdminValue = "PAL126";

    /// <summary>A cluster-wide egress rule combining a named port with nodes, networks or domainNames peers.</summary>
    public const string NamedPortWithAddressPeer = "PAL127";

    /// <summary>A warning: a <c>pods</c> object of a cluster-wide policy without a selector the API requires, read as <c>{}</c>.</summary>
    public const string SelectorRequired = "PAL128";

    /// <summary>A command or output that cannot evaluate the cluster-wide tiers was given input with cluster-wide policies.</summary>
    public const string TiersNotEvaluated = "PAL129";

    /// <summary>A command or output that cannot say "undetermined" was given ipBlock peers and pods whose IP the input does not give.</summary>
    public const string UnknownPodAddresses = "PAL183";

    /// <summary>A cluster-wide policy's priority outside 0–1000.</summary>
    public const string AdminPriorityOutOfRange = "PAL146";

    /// <summary>A subject, peer, port or protocol entry that must set exactly one field sets none or several.</summary>
    public const string NotExactlyOne = "PAL147";

    /// <summary>A BaselineAdminNetworkPolicy not named <c>default</c> (the API's singleton).</summary>
    public const string BaselineNotDefault = "PAL148";

    /// <summary>A list of a cluster-wide policy longer than its CRD allows (maxItems, maxLength).</summary>
    public const string TooManyItems = "PAL149";

    /// <summary>An IPv4 address or CIDR written with leading zeros; a warning, read as decimal as Kubernetes does.</summary>
    public const string AmbiguousIpText = "PAL170";

    /// <summary>An object of a kind that changes connectivity but that Palisade does not evaluate; an error under --strict.</summary>
    public const string UnevaluatedPolicyKind = "PAL171";

    /// <summary>A note: a file found in a folder walk that holds no Kubernetes object, skipped.</summary>
    public const string NotAManifest = "PAL172";
}
