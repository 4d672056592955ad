namespace Palisade.Diagnostics;

/// <summary>
/// Every diagnostic code Palisade reports, one <see cref="DiagnosticDescriptor"/> each: the only place a
/// <c>PALnnn</c> literal may appear in src/ (a test enforces it, and that docs/diagnostics.md lists the same codes
/// with the same titles and severities). Ranges: PAL1xx input, PAL2xx lint, PAL3xx expectations, PAL4xx environment.
/// One code means one problem: a new problem gets a new code, never an old one with another meaning.
/// </summary>
/// <remarks>
/// To add a code: (1) add a descriptor here, in code order, named for the problem, with the next free code of its
/// range; (2) add its row (or, for lint, its section) and its line in the index of docs/diagnostics.md, with the same
/// title and severity; (3) report it with <c>DiagnosticCatalog.YourName.Create(location, message, help)</c>, or throw
/// <c>new PalisadeException(DiagnosticCatalog.YourName, message, help)</c> for an environment error. A lint code also
/// carries its wording as data: a <c>message</c> format and a <c>fix</c> format (positional placeholders, Roslyn style,
/// over one argument list; the rule passes only the arguments), shown in its section of docs/diagnostics.md.
/// </remarks>
public static class DiagnosticCatalog
{
    // Declared first: the descriptors below register themselves in declaration order.
    private static readonly List<DiagnosticDescriptor> Registered = [];

    /// <summary>Every descriptor, in code order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All => Registered;

    /// <summary>The descriptor of <paramref name="code"/>, or null when no descriptor has it.</summary>
    public static DiagnosticDescriptor? Find(string code) =>
        Registered.Find(d => string.Equals(d.Code, code, StringComparison.Ordinal));

    private static DiagnosticDescriptor Define(string code, Severity severity, string title, string? help, string? message = null, string? fix = null)
    {
        var descriptor = new DiagnosticDescriptor(code, title, severity, help) { MessageFormat = message, HelpFormat = fix };
        Registered.Add(descriptor);
        return descriptor;
    }

    /// <summary>PAL100.</summary>
    public static readonly DiagnosticDescriptor PathNotFound = Define(
        "PAL100",
        Severity.Error,
        "A path does not exist (or `-` without standard input)",
        "Check the path; folders are read recursively for `*.yaml`, `*.yml`, `*.json` (symbolic links to folders inside them are not entered; a link to a file is read).");

    /// <summary>PAL101.</summary>
    public static readonly DiagnosticDescriptor Unreadable = Define(
        "PAL101",
        Severity.Error,
        "A file exists but cannot be read (a dangling symbolic link), or is not a regular file: FIFOs, sockets and devices (`/dev/zero`) are refused without being opened, also behind a symbolic link",
        "Pass regular files, folders, or `-` for standard input.");

    /// <summary>PAL102.</summary>
    public static readonly DiagnosticDescriptor MalformedInput = Define(
        "PAL102",
        Severity.Error,
        "YAML or JSON syntax error, at the parser's position; the rest of that file is not read",
        "Fix the syntax at the reported position.");

    /// <summary>PAL103.</summary>
    public static readonly DiagnosticDescriptor MissingKind = Define(
        "PAL103",
        Severity.Error,
        "A document is not a mapping, or has no `kind`",
        "Add `kind:` (and `apiVersion:`), or remove the document.");

    /// <summary>PAL104.</summary>
    public static readonly DiagnosticDescriptor UnknownField = Define(
        "PAL104",
        Severity.Error,
        "Unknown field in a kind Palisade reads (checked against the Kubernetes schema)",
        "Correct the spelling or remove the field.");

    /// <summary>PAL105.</summary>
    public static readonly DiagnosticDescriptor WrongType = Define(
        "PAL105",
        Severity.Error,
        "Value of the wrong type",
        "Write the type the field takes (string, integer, list, mapping).");

    /// <summary>PAL106.</summary>
    public static readonly DiagnosticDescriptor MissingField = Define(
        "PAL106",
        Severity.Error,
        "A required field is missing",
        "Add the field.");

    /// <summary>PAL107.</summary>
    public static readonly DiagnosticDescriptor UnsupportedApiVersion = Define(
        "PAL107",
        Severity.Error,
        "A kind Palisade reads under an API version it does not read",
        "Use the version the help names (`networking.k8s.io/v1`). Same kind names of other API groups (Calico, Knative) are skipped, not errors.");

    /// <summary>PAL108.</summary>
    public static readonly DiagnosticDescriptor DuplicateObject = Define(
        "PAL108",
        Severity.Error,
        "The same kind, namespace and name twice; the second is ignored and points at the first",
        "Remove or rename one.");

    /// <summary>PAL109.</summary>
    public static readonly DiagnosticDescriptor DuplicateKey = Define(
        "PAL109",
        Severity.Error,
        "The same key twice in one mapping",
        "Keep only one.");

    /// <summary>PAL110.</summary>
    public static readonly DiagnosticDescriptor InvalidCidr = Define(
        "PAL110",
        Severity.Error,
        "An ipBlock `cidr` or `except` entry that is not a CIDR",
        "Write address/prefix. Host bits (`10.244.1.11/4`) are accepted and mean the network, as the API server does.");

    /// <summary>PAL111.</summary>
    public static readonly DiagnosticDescriptor ExceptOutsideCidr = Define(
        "PAL111",
        Severity.Error,
        "An `except` entry that is not a strict subset of its `cidr`",
        "Keep exceptions inside, and smaller than, the cidr.");

    /// <summary>PAL112.</summary>
    public static readonly DiagnosticDescriptor InvalidSelectorOperator = Define(
        "PAL112",
        Severity.Error,
        "Unknown label selector operator",
        "Use `In`, `NotIn`, `Exists` or `DoesNotExist`.");

    /// <summary>PAL113.</summary>
    public static readonly DiagnosticDescriptor InvalidSelectorValues = Define(
        "PAL113",
        Severity.Error,
        "Selector values do not fit the operator",
        "`In`/`NotIn` need at least one value; `Exists`/`DoesNotExist` take none.");

    /// <summary>PAL114.</summary>
    public static readonly DiagnosticDescriptor InvalidLabelKey = Define(
        "PAL114",
        Severity.Error,
        "Invalid label key",
        "Optional DNS-subdomain prefix and `/`, then up to 63 alphanumerics, `-`, `_`, `.` starting and ending alphanumeric.");

    /// <summary>PAL115.</summary>
    public static readonly DiagnosticDescriptor InvalidLabelValue = Define(
        "PAL115",
        Severity.Error,
        "Invalid label value",
        "Up to 63 alphanumerics, `-`, `_`, `.`, starting and ending alphanumeric (or empty).");

    /// <summary>PAL116.</summary>
    public static readonly DiagnosticDescriptor PortOutOfRange = Define(
        "PAL116",
        Severity.Error,
        "Port number outside 1–65535",
        "Use a port from 1 to 65535.");

    /// <summary>PAL117.</summary>
    public static readonly DiagnosticDescriptor EndPortBelowPort = Define(
        "PAL117",
        Severity.Error,
        "`endPort` below `port`",
        "`endPort` must be ≥ `port`.");

    /// <summary>PAL118.</summary>
    public static readonly DiagnosticDescriptor EndPortWithoutNumericPort = Define(
        "PAL118",
        Severity.Error,
        "`endPort` without a numeric `port`",
        "Use a numeric `port` with `endPort`, or drop `endPort`.");

    /// <summary>PAL119.</summary>
    public static readonly DiagnosticDescriptor UnknownProtocol = Define(
        "PAL119",
        Severity.Error,
        "Unknown protocol (the API server takes exact spellings)",
        "Use `TCP`, `UDP` or `SCTP`.");

    /// <summary>PAL120.</summary>
    public static readonly DiagnosticDescriptor InvalidPortName = Define(
        "PAL120",
        Severity.Error,
        "Invalid port name (IANA service name rules), including a quoted number in a `port` or `targetPort` field: `\"80\"` is a string, so a port name, and a name needs a letter (the API server rejects it)",
        "1–15 lowercase letters, digits and `-`, at least one letter, no leading/trailing/double `-`; write a number without quotes.");

    /// <summary>PAL121.</summary>
    public static readonly DiagnosticDescriptor InvalidPolicyType = Define(
        "PAL121",
        Severity.Error,
        "Unknown `policyTypes` entry",
        "Use `Ingress` and/or `Egress`.");

    /// <summary>PAL122.</summary>
    public static readonly DiagnosticDescriptor InvalidPeer = Define(
        "PAL122",
        Severity.Error,
        "A peer selects nothing, or combines `ipBlock` with a selector",
        "Give `podSelector`, `namespaceSelector` or `ipBlock`; split an ipBlock into its own peer.");

    /// <summary>PAL123.</summary>
    public static readonly DiagnosticDescriptor InvalidIp = Define(
        "PAL123",
        Severity.Error,
        "An IP address field is not an IP address",
        "Write a valid IPv4 or IPv6 address.");

    /// <summary>PAL124.</summary>
    public static readonly DiagnosticDescriptor UnknownServiceType = Define(
        "PAL124",
        Severity.Error,
        "Unknown Service type",
        "Use `ClusterIP`, `NodePort`, `LoadBalancer` or `ExternalName`.");

    /// <summary>PAL125.</summary>
    public static readonly DiagnosticDescriptor FieldCase = Define(
        "PAL125",
        Severity.Warning,
        "A field name in the wrong case",
        "Write the field as the help spells it (`containerPort`).");

    /// <summary>PAL126.</summary>
    public static readonly DiagnosticDescriptor InvalidAdminValue = Define(
        "PAL126",
        Severity.Error,
        "A value a cluster-wide policy's schema does not accept: an action its kind does not have, an unknown `tier`, a malformed `domainNames` entry",
        "AdminNetworkPolicy: `Allow`/`Deny`/`Pass`; BaselineAdminNetworkPolicy: `Allow`/`Deny`; ClusterNetworkPolicy: `Accept`/`Deny`/`Pass` and `tier: Admin` or `Baseline`.");

    /// <summary>PAL127.</summary>
    public static readonly DiagnosticDescriptor NamedPortWithAddressPeer = Define(
        "PAL127",
        Severity.Error,
        "A cluster-wide egress rule combines a named port with `nodes`, `networks` or `domainNames` peers (the CRDs' CEL rule)",
        "Use port numbers, or split the rule.");

    /// <summary>PAL128.</summary>
    public static readonly DiagnosticDescriptor SelectorRequired = Define(
        "PAL128",
        Severity.Warning,
        "A `pods` peer or subject of a cluster-wide policy without a selector the API requires (`podSelector`; v1alpha1 also `namespaceSelector`)",
        "Write `podSelector: {}`.");

    /// <summary>PAL130.</summary>
    public static readonly DiagnosticDescriptor InvalidPortArgument = Define(
        "PAL130",
        Severity.Error,
        "A `--port` argument is not `N` or `N/PROTO`",
        "Write 80, 80/TCP, 53/UDP or 9000/SCTP.");

    /// <summary>PAL131.</summary>
    public static readonly DiagnosticDescriptor UnknownEndpointArgument = Define(
        "PAL131",
        Severity.Error,
        "An endpoint argument (`--from`, `--to`, the pod of `lab exec`) names nothing in the input",
        "Name a workload or pod as NAMESPACE/NAME, a Service as svc/NAMESPACE/NAME, or an IP address; the message lists nearby names.");

    /// <summary>PAL132.</summary>
    public static readonly DiagnosticDescriptor ServiceAsSourceArgument = Define(
        "PAL132",
        Severity.Error,
        "A Service given as a source",
        "Services do not open connections: name the workload behind it.");

    /// <summary>PAL133.</summary>
    public static readonly DiagnosticDescriptor ServiceWithoutEndpointArgument = Define(
        "PAL133",
        Severity.Error,
        "A Service destination has no endpoint pod for the port",
        "Check the Service's ports, selector and targetPort.");

    /// <summary>PAL134.</summary>
    public static readonly DiagnosticDescriptor OutputNotWritable = Define(
        "PAL134",
        Severity.Error,
        "An output file cannot be written: its folder does not exist, it is a folder, or writing fails",
        "Create the folder first, name a file inside a folder, or check permissions and free space.");

    /// <summary>PAL135.</summary>
    public static readonly DiagnosticDescriptor UnknownPolicyArgument = Define(
        "PAL135",
        Severity.Error,
        "`--ignore-policy` (check) or `--delete-policy` (diff) names no policy of the input",
        "Name a policy as NAMESPACE/NAME.");

    /// <summary>PAL136.</summary>
    public static readonly DiagnosticDescriptor NoExpectationsFile = Define(
        "PAL136",
        Severity.Error,
        "`check` has no expectations file",
        "Pass `--expect FILE`, or a folder holding `expectations.yaml`.");

    /// <summary>PAL137.</summary>
    public static readonly DiagnosticDescriptor ProfilesOnBothSides = Define(
        "PAL137",
        Severity.Error,
        "`diff` was given an isolation profile on both sides",
        "One side must be manifests: a profile stands for the other side's cluster plus its rendered policies (docs/diff-and-report.md).");

    /// <summary>PAL139.</summary>
    public static readonly DiagnosticDescriptor CommandLine = Define(
        "PAL139",
        Severity.Error,
        "A command-line error (missing argument, bad value, an `-o` that is no output format of the command)",
        "See `palisade COMMAND --help`.");

    /// <summary>PAL140.</summary>
    public static readonly DiagnosticDescriptor ProfileMissingField = Define(
        "PAL140",
        Severity.Error,
        "An isolation profile lacks a required field (name, `spec.isolate.namespace`, `podSelector`, a peer's name or namespace)",
        "Add the field (docs/file-formats.md).");

    /// <summary>PAL141.</summary>
    public static readonly DiagnosticDescriptor ProfileNamespaceLabel = Define(
        "PAL141",
        Severity.Error,
        "`namespaceLabel` is not a label key",
        "Use `kubernetes.io/metadata.name` (the default) or a key such as `name`.");

    /// <summary>PAL142.</summary>
    public static readonly DiagnosticDescriptor ProfileDuplicatePeerName = Define(
        "PAL142",
        Severity.Error,
        "The same peer name twice in a profile's `ingress` or `egress`",
        "Give each entry its own name.");

    /// <summary>PAL143.</summary>
    public static readonly DiagnosticDescriptor ProfilePort = Define(
        "PAL143",
        Severity.Error,
        "A profile port is not `N/PROTO`",
        "Write 22/TCP, 53/UDP or 9000/SCTP.");

    /// <summary>PAL144.</summary>
    public static readonly DiagnosticDescriptor ProfileProxy = Define(
        "PAL144",
        Severity.Error,
        "A bad proxy section: workload or service not NAMESPACE/NAME, address not an IP, route listen port out of range or repeated, route target not NAMESPACE/SERVICE:PORT",
        "Write `to: dev/dev-container-belego-svc:22`.");

    /// <summary>PAL145.</summary>
    public static readonly DiagnosticDescriptor ProfileInvalidName = Define(
        "PAL145",
        Severity.Error,
        "A profile's name or a namespace name in it is not a valid Kubernetes name",
        "Names are lowercase letters, digits and `-` (and `.` in object names), starting and ending with a letter or digit.");

    /// <summary>PAL146.</summary>
    public static readonly DiagnosticDescriptor AdminPriorityOutOfRange = Define(
        "PAL146",
        Severity.Error,
        "A cluster-wide policy's `priority` outside 0–1000",
        "Use 0 (evaluated first) to 1000.");

    /// <summary>PAL147.</summary>
    public static readonly DiagnosticDescriptor NotExactlyOne = Define(
        "PAL147",
        Severity.Error,
        "A subject, peer, port or protocol entry of a cluster-wide policy that must set exactly one field sets none or several",
        "One field per entry; use more list items.");

    /// <summary>PAL148.</summary>
    public static readonly DiagnosticDescriptor BaselineNotDefault = Define(
        "PAL148",
        Severity.Error,
        "A BaselineAdminNetworkPolicy not named `default` (the API's singleton)",
        "Name it `default`; merge the rules into it.");

    /// <summary>PAL149.</summary>
    public static readonly DiagnosticDescriptor TooManyItems = Define(
        "PAL149",
        Severity.Error,
        "A list of a cluster-wide policy longer than its CRD allows, or a rule name over 100 characters",
        "Split over more rules or policies.");

    /// <summary>PAL150.</summary>
    public static readonly DiagnosticDescriptor InputTooLarge = Define(
        "PAL150",
        Severity.Error,
        "A file (or standard input) is larger than the size limit (256 MiB by default)",
        "Pass `--max-file-size` with a larger size (`512M`, `1G`) if the input is meant.");

    /// <summary>PAL151.</summary>
    public static readonly DiagnosticDescriptor NestingTooDeep = Define(
        "PAL151",
        Severity.Error,
        "Mappings and lists nest deeper than 128 levels (an aliased tree counts where it is used)",
        "Fix the runaway brackets; no Kubernetes object nests this deep.");

    /// <summary>PAL152.</summary>
    public static readonly DiagnosticDescriptor AliasExpansion = Define(
        "PAL152",
        Severity.Error,
        "Aliases (`*name`) expand to more than 100,000 nodes in one file (a \"billion laughs\")",
        "Write the values out or use fewer nested aliases.");

    /// <summary>PAL153.</summary>
    public static readonly DiagnosticDescriptor ScalarTooLong = Define(
        "PAL153",
        Severity.Error,
        "A single value is longer than 4 MiB characters, or a YAML line longer than 16 MiB characters",
        "No Kubernetes object holds such a value (etcd's object limit is about 1.5 MiB); check the file.");

    /// <summary>PAL154.</summary>
    public static readonly DiagnosticDescriptor InvalidObjectName = Define(
        "PAL154",
        Severity.Error,
        "An object name or `metadata.namespace` that the API server rejects: Namespaces and Services need a DNS-1123 label, other kinds a DNS-1123 subdomain, a namespace a label",
        "Lowercase letters, digits and `-` (and `.` where a subdomain is allowed), starting and ending with a letter or digit; ≤ 63 characters for a label, ≤ 253 for a subdomain.");

    /// <summary>PAL165.</summary>
    public static readonly DiagnosticDescriptor OutputIsInput = Define(
        "PAL165",
        Severity.Error,
        "An output path (`--output-file` of any command, or a deprecated `render -o`, `check --report`, `diff --report`, `report -o`, `generate -o`) is one of the run's inputs: the same file once symbolic links are resolved, or a manifest file inside an input folder",
        "Write the output to another path; Palisade never replaces the files it reads.");

    /// <summary>PAL166.</summary>
    public static readonly DiagnosticDescriptor UnknownOption = Define(
        "PAL166",
        Severity.Error,
        "An option the command does not have (before `--`), whether the parser left it over or would have taken it for a path",
        "See `palisade COMMAND --help`; a file whose name starts with `-` can be given as `./-name` or after `--`.");

    /// <summary>PAL167.</summary>
    public static readonly DiagnosticDescriptor UnknownCommand = Define(
        "PAL167",
        Severity.Error,
        "An unknown command; the help of the command group follows on standard error",
        "Use one of the commands the help lists; bare `palisade` prints the help and exits 0.");

    /// <summary>PAL168.</summary>
    public static readonly DiagnosticDescriptor DeprecatedOutputOption = Define(
        "PAL168",
        Severity.Warning,
        "An output option spelled as in the last release: `--report FILE`, `--out FILE`, or `-o FILE` where `-o` now names the output format",
        "Write `--output-file FILE`; `-o`/`--output` names the output format on every command, as in kubectl. The old spelling still writes the file and goes in the next release.");

    /// <summary>PAL170.</summary>
    public static readonly DiagnosticDescriptor AmbiguousIpText = Define(
        "PAL170",
        Severity.Warning,
        "An IPv4 address or CIDR written with leading zeros",
        "Write the address without leading zeros (`10.2.0.0/16`).");

    /// <summary>PAL171.</summary>
    public static readonly DiagnosticDescriptor UnevaluatedPolicyKind = Define(
        "PAL171",
        Severity.Warning,
        "An object of a kind that changes connectivity but that Palisade does not evaluate (Cilium, Calico, Antrea, MultiNetworkPolicy); the verdicts ignore it",
        "Check what it allows or denies yourself; see docs/semantics.md, \"Policy kinds Palisade does not evaluate\".");

    /// <summary>PAL172.</summary>
    public static readonly DiagnosticDescriptor NotAManifest = Define(
        "PAL172",
        Severity.Note,
        "A file found in a folder holds no Kubernetes object (no document has `kind` or `metadata`) and was skipped",
        "Nothing to do; name the file on the command line to have it read (and reported).");

    /// <summary>PAL180.</summary>
    public static readonly DiagnosticDescriptor AmbiguousEndpointArgument = Define(
        "PAL180",
        Severity.Error,
        "An endpoint argument (`--from`, `--to`) names several objects of different kinds (a Deployment and a StatefulSet `web`, a bare Pod and a Deployment `db`, a workload and a pod of another workload)",
        "Qualify the name with its kind: `deployment/ns1/web`, `statefulset/ns1/web`, `pod/ns1/db` (docs/file-formats.md, \"Endpoint names\").");

    /// <summary>PAL181.</summary>
    public static readonly DiagnosticDescriptor ProfileIsolatesNothing = Define(
        "PAL181",
        Severity.Error,
        "An isolation profile declares neither `ingress:` nor `egress:`: it would isolate nothing",
        "Add an `ingress:` and/or `egress:` list; an explicit empty list denies all of that direction.");

    /// <summary>PAL182.</summary>
    public static readonly DiagnosticDescriptor ProfileEgressWithoutDns = Define(
        "PAL182",
        Severity.Warning,
        "A profile's `egress:` isolates the pods and no entry allows DNS (53/UDP), so they cannot resolve names (`egress: []` denies all egress)",
        "Add an entry to the cluster DNS with `ports: [53/UDP, 53/TCP]`, or drop `egress:` to leave egress open.");

    /// <summary>PAL183.</summary>
    public static readonly DiagnosticDescriptor UnknownPodAddresses = Define(
        "PAL183",
        Severity.Error,
        "A command or output that cannot report undetermined verdicts was given NetworkPolicy `ipBlock` peers and pods whose IP the input does not give (no `status.podIP`): whether such a pod is inside a block is unknown, so some verdicts are undetermined",
        "Use `matrix --output json/text/csv/md` (they mark such cells undetermined) or give the pods' `status.podIP`.");

    /// <summary>PAL190.</summary>
    public static readonly DiagnosticDescriptor ApplyKind = Define(
        "PAL190",
        Severity.Error,
        "A `cluster apply -f` file holds a kind other than NetworkPolicy (networking.k8s.io/v1), AdminNetworkPolicy, BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1), ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2) or Namespace (v1)",
        "pass `palisade render` output");

    /// <summary>PAL191.</summary>
    public static readonly DiagnosticDescriptor InputChoice = Define(
        "PAL191",
        Severity.Error,
        "Both manifest paths and `--cluster`, or neither; `cluster apply` with both or neither of PROFILE and `-f`",
        "Give exactly one input.");

    /// <summary>PAL192.</summary>
    public static readonly DiagnosticDescriptor ProfileTierValue = Define(
        "PAL192",
        Severity.Error,
        "An isolation profile's `spec.tier` is not `admin`, `baseline` or `none`, or its `spec.tierApiVersion` is not `v1alpha1` or `v1alpha2`",
        "Write one of the listed values (docs/file-formats.md, \"Rendering rules\").");

    /// <summary>PAL201.</summary>
    public static readonly DiagnosticDescriptor PodSelectorPeerInOtherNamespace = Define(
        "PAL201",
        Severity.Warning,
        "A podSelector-only peer matches no pod in the policy's namespace but matches pods in other namespaces.",
        "A peer with a podSelector and no namespaceSelector only looks in the policy's own namespace. When its labels " +
        "match pods only in other namespaces, the rule admits nothing; add a namespaceSelector to the same peer.",
        message: "{0} in {1} matches no pod in namespace {2}, but matches {3} in namespace {4}; did you mean to add a namespaceSelector?",
        fix: "a podSelector without namespaceSelector only looks in the policy's namespace; add `{5}` to the same peer (same list item, no extra dash)");

    /// <summary>PAL202.</summary>
    public static readonly DiagnosticDescriptor SelectorMatchesNothing = Define(
        "PAL202",
        Severity.Warning,
        "A peer's podSelector or namespaceSelector matches no pod or namespace.",
        "A peer whose selector matches nothing admits nothing: usually a typo in a label key or value, or labels that " +
        "changed. Compare the selector with the labels of the pods or namespaces you meant.",
        message: "{0} {1} in {2} matches no {3}",
        fix: "check the label {4}");

    /// <summary>PAL203.</summary>
    public static readonly DiagnosticDescriptor PolicySelectsNoPods = Define(
        "PAL203",
        Severity.Warning,
        "A policy selects no pod.",
        "A policy applies only to pods of its own namespace that its podSelector matches. When it matches none, it " +
        "isolates nothing and allows nothing: check its namespace and the selector's labels.",
        message: "policy {0} selects no pod: {1}",
        fix: "{2}");

    /// <summary>PAL204.</summary>
    public static readonly DiagnosticDescriptor EgressWithoutDns = Define(
        "PAL204",
        Severity.Warning,
        "Egress isolation without a rule that allows DNS.",
        "Once a policy isolates egress, every destination must be allowed, including the cluster DNS. Without a rule " +
        "for port 53 (UDP and TCP) the pods cannot resolve Service names, and connections fail with name errors.",
        message: "policy {0} isolates egress{1} but no egress rule allows DNS over UDP (port 53, or 5353 on OpenShift){2}",
        fix: "add an egress rule to the cluster DNS: `to: [{{namespaceSelector: {{matchLabels: {{kubernetes.io/metadata.name: kube-system}}}}, podSelector: {{matchLabels: {{k8s-app: kube-dns}}}}}}]` with ports 53/UDP and 53/TCP");

    /// <summary>PAL205.</summary>
    public static readonly DiagnosticDescriptor DnsUdpOnly = Define(
        "PAL205",
        Severity.Warning,
        "DNS is allowed on UDP only.",
        "Resolvers retry over TCP 53 when an answer does not fit in a UDP packet (truncation), and some clients use " +
        "TCP from the start. Allowing only 53/UDP makes large answers fail intermittently; allow 53/TCP too.",
        message: "policy {0} allows DNS over UDP but not over TCP{1}",
        fix: "add a TCP entry for the same port next to the UDP one (`{{protocol: TCP, port: 53}}`): answers too large for UDP are retried over TCP");

    /// <summary>PAL206.</summary>
    public static readonly DiagnosticDescriptor MutableNamespaceLabel = Define(
        "PAL206",
        Severity.Warning,
        "A namespace is selected by a mutable custom label where kubernetes.io/metadata.name would do.",
        "Custom namespace labels such as `name: data` must be applied by hand (a new cluster or a restored namespace " +
        "lacks them) and anyone allowed to label namespaces can put them on another namespace to be admitted. The API " +
        "server sets kubernetes.io/metadata.name on every namespace and it cannot be changed: select by it.",
        message: "namespaceSelector {0} in {1} selects namespace {2} by the custom label '{3}', which must be set by hand and which anyone allowed to label namespaces can add to another namespace",
        fix: "select by the immutable label instead: `{4}`");

    /// <summary>PAL207.</summary>
    public static readonly DiagnosticDescriptor NamespaceLacksLabel = Define(
        "PAL207",
        Severity.Warning,
        "A namespaceSelector requires a label that the namespace it names does not carry.",
        "A selector such as `name: data` only matches namespaces that were labelled by hand. When the namespace " +
        "`data` is declared without that label, the peer matches nothing and the traffic is denied. Select by " +
        "kubernetes.io/metadata.name, which every namespace has, or add the label.",
        message: "namespaceSelector {0} in {1} does not match namespace {2}: the namespace {3}",
        fix: "select it by the label every namespace has, `{4}`, or label it: `kubectl label namespace {2} {5}={2}`");

    /// <summary>PAL208.</summary>
    public static readonly DiagnosticDescriptor OpenRule = Define(
        "PAL208",
        Severity.Note,
        "A rule admits every peer: every pod of every namespace, or every address.",
        "An empty or missing from/to, `namespaceSelector: {}`, or an ipBlock of 0.0.0.0/0 or ::/0 admits far more than " +
        "one application. This is sometimes intended (a public web server); the finding says which pods are exposed on " +
        "which ports so that it can be checked and suppressed when intended.",
        message: "{0} {1} on {2}",
        fix: "if this is not intended, name the peers (podSelector with namespaceSelector, or a narrow ipBlock); if it is, suppress PAL208 for this policy");

    /// <summary>PAL209.</summary>
    public static readonly DiagnosticDescriptor ServicePortNotTargetPort = Define(
        "PAL209",
        Severity.Warning,
        "A rule's port is a Service's port, but policies see the pod's port (the targetPort).",
        "Traffic to a Service is translated to the pod's address and targetPort before NetworkPolicy sees it. A rule " +
        "that names the Service's port, when the Service forwards to a different targetPort, does not match that traffic.",
        message: "port {0} in {1} is the port of Service {2}, which forwards to targetPort {3}; policies see the pod's port, so this entry does not match traffic through the Service",
        fix: "write `port: {3}` (or the container port's name) instead of the Service port");

    /// <summary>PAL210.</summary>
    public static readonly DiagnosticDescriptor UndeclaredNamedPort = Define(
        "PAL210",
        Severity.Error,
        "A named port is declared by no container of the pods it applies to, for that protocol.",
        "A named port in a policy resolves on the destination pod: the container port with that name and protocol. " +
        "When no destination pod declares it, the entry matches no traffic at all. Check the spelling, the protocol " +
        "(a named port declared as UDP does not match a TCP entry), or write the number.",
        message: "named port {0} in {1} is declared by no container of {2}: the entry matches no traffic",
        fix: "{3}");

    /// <summary>PAL211.</summary>
    public static readonly DiagnosticDescriptor RulesIgnoredByPolicyTypes = Define(
        "PAL211",
        Severity.Error,
        "Rules are written for a direction that policyTypes omits, so they are ignored.",
        "When policyTypes is written, it alone decides which directions the policy governs. Egress rules in a policy " +
        "with `policyTypes: [Ingress]` (or ingress rules without Ingress) are accepted by the API server and ignored.",
        message: "policy {0} has {1} {2} rule(s) but policyTypes [{3}] omits {4}: the rules are ignored",
        fix: "add {4} to policyTypes, or remove the {2} rules");

    /// <summary>PAL212.</summary>
    public static readonly DiagnosticDescriptor RedundantRule = Define(
        "PAL212",
        Severity.Warning,
        "A rule allows nothing that another rule does not already allow.",
        "Rules add up: a rule whose peers and ports are all covered by another rule of the same policy, or of a policy " +
        "that selects at least the same pods, changes nothing. It is often a leftover or a copy whose edit was meant " +
        "elsewhere. Only provable coverage is reported (same or wider selectors and subsets of peers and ports).",
        message: "{0} is redundant: {1} already allows every peer and port it allows",
        fix: "remove it, or change it if it was meant to allow something else");

    /// <summary>PAL213.</summary>
    public static readonly DiagnosticDescriptor DuplicatePolicy = Define(
        "PAL213",
        Severity.Warning,
        "A policy selects the same pods, isolates the same directions and allows the same as another one.",
        "Two policies with the same podSelector, the same policyTypes and rules that cover each other are one policy " +
        "written twice, often under an old and a new name. Editing one later leaves the other allowing the old traffic.",
        message: "policy {0} duplicates policy {1}: same podSelector {2}, same policyTypes and equivalent rules",
        fix: "delete one of them (keep {1} or {0}, not both)");

    /// <summary>PAL214.</summary>
    public static readonly DiagnosticDescriptor IpBlockCoversPods = Define(
        "PAL214",
        Severity.Warning,
        "An ipBlock covers pod IPs; whether it matches pod traffic depends on the network plugin.",
        "ipBlock is meant for addresses outside the cluster. Kubernetes leaves it to the network plugin whether an " +
        "ipBlock matches pod-to-pod traffic by pod IP, and pod IPs change on every restart. Select pods with " +
        "podSelector/namespaceSelector, and keep the pod CIDR out of ipBlocks with except.",
        message: "{0} in {1} covers the IPs of pods {2}: whether it matches their traffic depends on the network plugin",
        fix: "select pods with podSelector/namespaceSelector, and add the pod CIDR to `except` if the block is meant for outside addresses");

    /// <summary>PAL215.</summary>
    public static readonly DiagnosticDescriptor HostNetworkPod = Define(
        "PAL215",
        Severity.Warning,
        "A policy selects, or a peer matches, hostNetwork pods; what happens is undefined across plugins.",
        "Pods with hostNetwork: true share the node's address. NetworkPolicy does not define how they are treated: " +
        "most plugins neither isolate them nor recognise their traffic as coming from a pod (it looks like the node). " +
        "Do not rely on selecting them; use an ipBlock with the node addresses for traffic from them.",
        message: "{0} hostNetwork pods {1}: {2}",
        fix: "{3}");

    /// <summary>PAL216.</summary>
    public static readonly DiagnosticDescriptor UdpWhereTcpMeant = Define(
        "PAL216",
        Severity.Warning,
        "A port is allowed only over UDP or SCTP, but the containers declare it as TCP.",
        "A policy port matches one protocol. When a rule allows a port over UDP or SCTP only and the destination " +
        "containers declare that port as TCP and not as the rule's protocol, the TCP connections are denied; " +
        "protocol defaults to TCP when omitted, so the UDP was probably copied from a DNS entry.",
        message: "port {0} in {1} allows {2} only, but {3} declare port {4} as TCP",
        fix: "set `protocol: TCP` (the default when omitted), or list both protocols if both are used");

    /// <summary>PAL218.</summary>
    public static readonly DiagnosticDescriptor ShadowedAdminRule = Define(
        "PAL218",
        Severity.Warning,
        "A cluster-wide policy rule never decides: an earlier rule of higher precedence matches all its traffic.",
        "In the admin and baseline tiers the first matching rule decides: rules in order within a policy, policies by " +
        "ascending priority. A rule whose subjects, peers and ports are all matched by a rule evaluated before it (an earlier " +
        "rule of the same policy, or a rule of a policy with a lower priority value that selects at least the same pods) " +
        "never decides anything, whatever either rule's action. Only provable coverage is reported.",
        message: "{0} never decides: {1} and matches every peer and port it matches ({2} there, {3} here)",
        fix: "remove the rule, or move it before the rule that shadows it (a lower priority value, or earlier in the list)");

    /// <summary>PAL219.</summary>
    public static readonly DiagnosticDescriptor SamePriorityOverlap = Define(
        "PAL219",
        Severity.Warning,
        "Two cluster-wide policies of the same tier and priority may match the same traffic; the API leaves their order undefined.",
        "AdminNetworkPolicy and ClusterNetworkPolicy evaluate policies by ascending priority, but the order of two policies " +
        "with the same priority that match the same connection is undefined: implementations may differ, and may change " +
        "with a restart. Palisade reports such a connection as undetermined when the two policies' rules have different " +
        "actions. Subjects overlap when some pod in the input is selected by both (or, without pods, when the selectors " +
        "could both match); traffic overlaps when a rule of each, in one direction, could match a common peer and port.",
        message: "{0} and {1} both have priority {2} in the {3} tier and may match the same traffic ({4}; {5} and {6}, {7}); the API leaves their order undefined",
        fix: "give one of them a different priority, or make their subjects or peers disjoint");

    /// <summary>PAL220.</summary>
    public static readonly DiagnosticDescriptor PassWithoutNetworkPolicy = Define(
        "PAL220",
        Severity.Warning,
        "An admin Pass rule delegates to NetworkPolicy, but no NetworkPolicy selects some of its subject pods in that direction.",
        "Pass skips the rest of the admin tier and leaves the decision to the namespace's NetworkPolicies. For a pod that no " +
        "NetworkPolicy selects in that direction there is no NetworkPolicy decision: the baseline tier decides, and without " +
        "a matching baseline rule the traffic is allowed by default. Reported only when the input holds pods.",
        message: "{0} passes traffic to NetworkPolicy, but no NetworkPolicy selects {1} for {2}: {3}",
        fix: "add a NetworkPolicy selecting these pods with policyTypes [{4}], or use Allow or Deny if the admin tier should decide");

    /// <summary>PAL221.</summary>
    public static readonly DiagnosticDescriptor BaselineDenyBlocksAllow = Define(
        "PAL221",
        Severity.Warning,
        "A NetworkPolicy rule allows traffic that a baseline Deny blocks at the other end.",
        "A connection needs both its egress and its ingress allowed. When a NetworkPolicy allows egress to pods that no " +
        "NetworkPolicy selects for ingress (or ingress from pods that none selects for egress), the baseline tier " +
        "(BaselineAdminNetworkPolicy, ClusterNetworkPolicy tier Baseline) decides that other side, and a baseline Deny " +
        "there makes the NetworkPolicy's allowance ineffective. Give the other namespace a NetworkPolicy that allows the " +
        "traffic (NetworkPolicy decides before the baseline), or narrow the baseline rule. Reported only when the input " +
        "holds pods; each pair is checked with the engine on the rule's ports.",
        message: "{0} allows {1}, but no NetworkPolicy selects the {2} for {3}, so the baseline tier decides that side and {4} denies it: the allowance has no effect",
        fix: "add a NetworkPolicy in the other namespace that allows this {3} (NetworkPolicy decides before the baseline tier), or narrow the baseline Deny");

    /// <summary>PAL222.</summary>
    public static readonly DiagnosticDescriptor BaselineMakesPolicyRedundant = Define(
        "PAL222",
        Severity.Note,
        "A deny-all egress NetworkPolicy repeats what the baseline tier already decides for its pods.",
        "A NetworkPolicy that isolates pods for egress and allows nothing denies all their egress. The baseline tier decides " +
        "for pods that no NetworkPolicy selects; when the first baseline rule for each of these pods is a Deny of every " +
        "address (networks 0.0.0.0/0 and ::/0) on every port, removing the NetworkPolicy changes no verdict. Keep it if the " +
        "namespace must stay closed when the baseline changes; otherwise it is redundant. Ingress is never reported: " +
        "baseline ingress peers are pods and namespaces only, so a deny-all ingress NetworkPolicy also denies external " +
        "clients that the baseline would let through.",
        message: "NetworkPolicy {0} denies all egress of {1}, which the baseline tier already does: without it {2} would deny every destination and port of these pods first",
        fix: "remove the NetworkPolicy if the baseline is meant to close these pods, or keep it (and disable this lint code for it) to stay closed should the baseline change");

    /// <summary>PAL223.</summary>
    public static readonly DiagnosticDescriptor LabDomainNamesPeer = Define(
        "PAL223",
        Severity.Error,
        "The lab was given a cluster-wide egress rule with `domainNames` peers, whose verdict cannot be decided from manifests",
        "Which addresses a domain name stands for is decided by DNS at run time, so Palisade reports such connections as " +
        "undetermined and the lab cannot compile a rule for them without guessing. Prove these expectations without " +
        "`--lab`, or replace the domain names with `networks`.");

    /// <summary>PAL224.</summary>
    public static readonly DiagnosticDescriptor LabNodesPeer = Define(
        "PAL224",
        Severity.Error,
        "The lab was given a cluster-wide egress rule with `nodes` peers; the lab does not model Node objects",
        "The lab has one node namespace whose address is not a Node of the input, so it cannot reproduce a `nodes` peer. " +
        "Prove these expectations without `--lab`, or write the nodes' addresses as `networks`.");

    /// <summary>PAL225.</summary>
    public static readonly DiagnosticDescriptor LabSamePriorityConflict = Define(
        "PAL225",
        Severity.Error,
        "The lab was given two cluster-wide policies of one tier and priority with a common subject pod whose rules in one direction have different actions",
        "The API leaves the order of such policies undefined, so Palisade may report their traffic as undetermined (PAL219), " +
        "and an nftables chain has to pick an order. Give one of them another priority, or make their subjects disjoint.");

    /// <summary>PAL290.</summary>
    public static readonly DiagnosticDescriptor LintConfigMalformed = Define(
        "PAL290",
        Severity.Error,
        "The lint configuration is not YAML, or a value has the wrong shape or an unknown key",
        "Write `disable: [PAL208]`; the keys are `disable` and `ignore` (each entry: `policy`, `codes`).");

    /// <summary>PAL291.</summary>
    public static readonly DiagnosticDescriptor UnknownLintCode = Define(
        "PAL291",
        Severity.Error,
        "A code that is not a lint code, in the lint configuration or a `palisade.dev/ignore` annotation",
        "Use a lint code (PAL2xx); `*` means all in `ignore` and in the annotation.");

    /// <summary>PAL292.</summary>
    public static readonly DiagnosticDescriptor LintConfigPolicyReference = Define(
        "PAL292",
        Severity.Error,
        "A lint configuration `ignore` entry's `policy` is not `NAMESPACE/NAME` or `NAMESPACE/*`",
        "Write `policy: dev/web` or `policy: dev/*`.");

    /// <summary>PAL301.</summary>
    public static readonly DiagnosticDescriptor ExpectationFailed = Define(
        "PAL301",
        Severity.Error,
        "An expectation failed (exit 1); the report shows each hop and the rules on both sides",
        "Fix the policy, or the expectation if the requirement changed.");

    /// <summary>PAL310.</summary>
    public static readonly DiagnosticDescriptor ExpectationMissingField = Define(
        "PAL310",
        Severity.Error,
        "An expectation lacks a required field (`name`, `from`, `to`, `port` or `allowed`)",
        "Add the field (docs/file-formats.md).");

    /// <summary>PAL311.</summary>
    public static readonly DiagnosticDescriptor UnknownEndpoint = Define(
        "PAL311",
        Severity.Error,
        "An expectation's `from`, `to` or `reaches` names nothing in the cluster",
        "Name a workload or pod as NAMESPACE/NAME, a Service as svc/NAMESPACE/NAME, or an IP address.");

    /// <summary>PAL312.</summary>
    public static readonly DiagnosticDescriptor ServiceAsSource = Define(
        "PAL312",
        Severity.Error,
        "A Service as the source of an expectation",
        "Name the workload behind it.");

    /// <summary>PAL313.</summary>
    public static readonly DiagnosticDescriptor ServiceWithoutEndpoint = Define(
        "PAL313",
        Severity.Error,
        "A Service destination (or a proxy route) with no endpoint pod for the port",
        "Check the Service's ports, selector and targetPort, or the proxy route.");

    /// <summary>PAL314.</summary>
    public static readonly DiagnosticDescriptor ExpectationPort = Define(
        "PAL314",
        Severity.Error,
        "An expectation's port is not `N/PROTO`",
        "Write 22/TCP, 53/UDP or 9000/SCTP.");

    /// <summary>PAL320.</summary>
    public static readonly DiagnosticDescriptor AmbiguousEndpoint = Define(
        "PAL320",
        Severity.Error,
        "An expectation's `from`, `to` or `reaches` names several objects of different kinds; the message lists the candidates",
        "Qualify the name with its kind: `to: statefulset/ns1/web` (docs/file-formats.md, \"Endpoint names\").");

    /// <summary>PAL330.</summary>
    public static readonly DiagnosticDescriptor NoCriteria = Define(
        "PAL330",
        Severity.Error,
        "An expectations file has no criteria",
        "List criteria with an id, a title and `expect:` entries.");

    /// <summary>PAL331.</summary>
    public static readonly DiagnosticDescriptor EmptyCriterion = Define(
        "PAL331",
        Severity.Error,
        "A criterion is empty",
        "Give it an id, a title and `expect:` entries.");

    /// <summary>PAL332.</summary>
    public static readonly DiagnosticDescriptor CriterionWithoutExpectations = Define(
        "PAL332",
        Severity.Error,
        "A criterion has no expectations",
        "List what it requires under `expect:`.");

    /// <summary>PAL333.</summary>
    public static readonly DiagnosticDescriptor CriterionWithoutId = Define(
        "PAL333",
        Severity.Error,
        "A criterion has no id",
        "Give it an id such as AC1.");

    /// <summary>PAL334.</summary>
    public static readonly DiagnosticDescriptor DuplicateCriterionId = Define(
        "PAL334",
        Severity.Error,
        "The same criterion id twice in an expectations file",
        "Give each criterion its own id.");

    /// <summary>PAL335.</summary>
    public static readonly DiagnosticDescriptor EmptyExpectation = Define(
        "PAL335",
        Severity.Error,
        "An expectation is empty",
        "Write `name`, `from`, `to`, `port` and `allowed`.");

    /// <summary>PAL336.</summary>
    public static readonly DiagnosticDescriptor DuplicateExpectationName = Define(
        "PAL336",
        Severity.Error,
        "The same expectation name twice in an expectations file",
        "Names identify results in reports; make them unique.");

    /// <summary>PAL337.</summary>
    public static readonly DiagnosticDescriptor SnapshotTooLarge = Define(
        "PAL337",
        Severity.Error,
        "A connectivity snapshot would hold more expectations than the bound (200,000)",
        "Snapshot part of the input at a time (fewer manifest files, or --cluster -n NAMESPACE), or add policies that close whole namespaces.");

    /// <summary>PAL338.</summary>
    public static readonly DiagnosticDescriptor SnapshotLeavesOut = Define(
        "PAL338",
        Severity.Warning,
        "A connectivity snapshot leaves cells out: undetermined, or over a bound",
        "The snapshot's header comment lists them; decide the cluster-wide rules, or pin those cells by hand.");

    /// <summary>PAL350.</summary>
    public static readonly DiagnosticDescriptor InvalidAddressSet = Define(
        "PAL350",
        Severity.Error,
        "An expectation's `to:` looks like a CIDR but is not a valid one",
        "Write a CIDR such as 0.0.0.0/0, or internet, private or any-external (docs/file-formats.md, \"Port and address sets\").");

    /// <summary>PAL351.</summary>
    public static readonly DiagnosticDescriptor InvalidPortSet = Define(
        "PAL351",
        Severity.Error,
        "An expectation's port set is not `any` or a list of `N/PROTO` and `FIRST-LAST/PROTO` items",
        "Write `any`, or a list such as 80/TCP,443/TCP,1000-2000/TCP.");

    /// <summary>PAL352.</summary>
    public static readonly DiagnosticDescriptor ReachesWithSet = Define(
        "PAL352",
        Severity.Error,
        "`reaches:` beside a selector, a port set or an address set",
        "Write `reaches:` on an expectation with one port and one destination.");

    /// <summary>PAL353.</summary>
    public static readonly DiagnosticDescriptor PortSetToService = Define(
        "PAL353",
        Severity.Error,
        "A port set to a Service (or a Service's address)",
        "Name the workload behind the Service, or list its ports one expectation each.");

    /// <summary>PAL354.</summary>
    public static readonly DiagnosticDescriptor SelectorMatchesNoPod = Define(
        "PAL354",
        Severity.Error,
        "A selector end (without `hypothetical: true`) matches no pod of the input",
        "Check the namespace and labels, or add `hypothetical: true` to claim about a pod to come.");

    /// <summary>PAL355.</summary>
    public static readonly DiagnosticDescriptor UnsatisfiableSelector = Define(
        "PAL355",
        Severity.Error,
        "A selector end's `podSelector` can match no pod: its requirements contradict each other",
        "Remove the contradicting requirements.");

    /// <summary>PAL356.</summary>
    public static readonly DiagnosticDescriptor HypotheticalWithoutNamespace = Define(
        "PAL356",
        Severity.Error,
        "A `hypothetical: true` end with no namespace of the input in scope",
        "Add the Namespace object (with its labels) to the input, or name a namespace the input has.");

    /// <summary>PAL357.</summary>
    public static readonly DiagnosticDescriptor InvalidSelectorEnd = Define(
        "PAL357",
        Severity.Error,
        "A selector end is malformed",
        "Write exactly one of `namespace: NAME` or `namespaceSelector: {...}` (`{}` for every namespace), and an optional `podSelector` and `hypothetical`.");

    /// <summary>PAL358.</summary>
    public static readonly DiagnosticDescriptor NamedPortWithoutPod = Define(
        "PAL358",
        Severity.Error,
        "A named port in an expectation whose destination is an address or an address set",
        "Name a workload, pod or selector as the destination, or write the port's number.");

    /// <summary>PAL359.</summary>
    public static readonly DiagnosticDescriptor TooManyRepresentatives = Define(
        "PAL359",
        Severity.Warning,
        "A quantified expectation has more representatives than a lab or cluster run probes (4096); it is reported undetermined, not probed",
        "Narrow the selector, the address set or the port set, or check the expectation statically.");

    /// <summary>PAL400.</summary>
    public static readonly DiagnosticDescriptor Environment = Define(
        "PAL400",
        Severity.Error,
        "An environment error raised without a more specific code",
        "Read the message; Palisade's own checks use the specific PAL4xx codes.");

    /// <summary>PAL401.</summary>
    public static readonly DiagnosticDescriptor LabPlatform = Define(
        "PAL401",
        Severity.Error,
        "The lab runs on a non-Linux system or not as root",
        "run on Linux with `sudo`");

    /// <summary>PAL402.</summary>
    public static readonly DiagnosticDescriptor LabPackagesMissing = Define(
        "PAL402",
        Severity.Error,
        "A tool or package the lab needs is missing (`nft`, `ip`; with real servers also sshd, ssh, nginx + stream module, dnsmasq, psql, PostgreSQL)",
        "the help line gives the `apt-get install` line; `.ci/lab-packages.sh` installs everything");

    /// <summary>PAL405.</summary>
    public static readonly DiagnosticDescriptor LabStateDamaged = Define(
        "PAL405",
        Severity.Error,
        "The lab's state file is damaged",
        "remove `pal-*` namespaces (`ip netns list`) and the state file");

    /// <summary>PAL410.</summary>
    public static readonly DiagnosticDescriptor LabRunning = Define(
        "PAL410",
        Severity.Error,
        "A lab is already running (its owner process lives, or `pal-*` namespaces exist)",
        "`palisade lab down`");

    /// <summary>PAL411.</summary>
    public static readonly DiagnosticDescriptor LabLeftBehind = Define(
        "PAL411",
        Severity.Error,
        "A previous lab was not taken down (its owner died, e.g. killed with SIGKILL)",
        "`palisade lab down`");

    /// <summary>PAL412.</summary>
    public static readonly DiagnosticDescriptor NoLab = Define(
        "PAL412",
        Severity.Error,
        "`lab status/exec/matrix` without a running lab",
        "`palisade lab up DIR`");

    /// <summary>PAL413.</summary>
    public static readonly DiagnosticDescriptor LabRouteService = Define(
        "PAL413",
        Severity.Error,
        "An SSH route names a Service that is not in the input",
        "fix the route or add the Service");

    /// <summary>PAL414.</summary>
    public static readonly DiagnosticDescriptor LabProbeSource = Define(
        "PAL414",
        Severity.Error,
        "A probe source is not a lab pod, `outside`, `outside@ADDRESS` or `node`",
        "use one of the names `palisade lab status` lists");

    /// <summary>PAL420.</summary>
    public static readonly DiagnosticDescriptor LabCommandFailed = Define(
        "PAL420",
        Severity.Error,
        "An `ip`/`nft`/helper command the lab runs failed (its stderr is shown)",
        "`palisade lab down`, then retry");

    /// <summary>PAL421.</summary>
    public static readonly DiagnosticDescriptor LabSetns = Define(
        "PAL421",
        Severity.Error,
        "The lab cannot enter a namespace (`setns`)",
        "run as root; check that `/run/netns` is intact");

    /// <summary>PAL422.</summary>
    public static readonly DiagnosticDescriptor LabServerNotListening = Define(
        "PAL422",
        Severity.Error,
        "A server did not start listening (its log tail is shown)",
        "read the server logs under the state directory's `servers/`");

    /// <summary>PAL440.</summary>
    public static readonly DiagnosticDescriptor NoKubeconfig = Define(
        "PAL440",
        Severity.Error,
        "No kubeconfig: `--kubeconfig` names a missing file, or neither `KUBECONFIG`, `~/.kube/config` nor the in-cluster service account exists",
        "give `--kubeconfig FILE` or set `KUBECONFIG` (K3s: `/etc/rancher/k3s/k3s.yaml`)");

    /// <summary>PAL441.</summary>
    public static readonly DiagnosticDescriptor UnknownContext = Define(
        "PAL441",
        Severity.Error,
        "The context (`--context` or the current one) is not in the kubeconfig; the message lists the ones it has",
        "`--context NAME` with one of them");

    /// <summary>PAL442.</summary>
    public static readonly DiagnosticDescriptor BadKubeconfig = Define(
        "PAL442",
        Severity.Error,
        "The kubeconfig cannot be read, or its context names no server or unusable credentials: a client-certificate/key file that does not exist or cannot be read, `*-data` that is not base64, a certificate or key that is not usable PEM (the data is never echoed)",
        "`kubectl config view --minify`");

    /// <summary>PAL443.</summary>
    public static readonly DiagnosticDescriptor Unreachable = Define(
        "PAL443",
        Severity.Error,
        "The API server cannot be reached (connection refused, name not resolved, network unreachable)",
        "check the server URL, VPN/firewall, `kubectl cluster-info`");

    /// <summary>PAL444.</summary>
    public static readonly DiagnosticDescriptor Unauthorized = Define(
        "PAL444",
        Severity.Error,
        "401 Unauthorized: credentials missing, wrong or expired",
        "refresh the token or certificate (cloud CLI `get-credentials`, a fresh kubeconfig)");

    /// <summary>PAL445.</summary>
    public static readonly DiagnosticDescriptor Forbidden = Define(
        "PAL445",
        Severity.Error,
        "403 Forbidden: RBAC denies the verb on the resource; the message names both",
        "grant it in a Role/ClusterRole, or use another context; the help line gives the `kubectl auth can-i` check");

    /// <summary>PAL446.</summary>
    public static readonly DiagnosticDescriptor ApiError = Define(
        "PAL446",
        Severity.Error,
        "Another API error (5xx, unexpected status)",
        "`kubectl get --raw /readyz`");

    /// <summary>PAL447.</summary>
    public static readonly DiagnosticDescriptor NoRunningPod = Define(
        "PAL447",
        Severity.Error,
        "`cluster probe`: a source workload has no running pod; the message lists every such workload",
        "start it, or drop those expectations");

    /// <summary>PAL448.</summary>
    public static readonly DiagnosticDescriptor ApplyConflict = Define(
        "PAL448",
        Severity.Error,
        "`cluster apply`: 409 Conflict, a field (typically a namespace label) is owned by another field manager with another value; Palisade does not force objects it does not own",
        "change that label with the tool that owns it, or change the profile");

    /// <summary>PAL449.</summary>
    public static readonly DiagnosticDescriptor NotOwned = Define(
        "PAL449",
        Severity.Error,
        "Reserved: an object Palisade would apply exists and is not Palisade's",
        "—");

    /// <summary>PAL450.</summary>
    public static readonly DiagnosticDescriptor TimedOut = Define(
        "PAL450",
        Severity.Error,
        "The API server accepted the connection but did not answer within `--request-timeout` (default 30s; `0` = no limit)",
        "check the address is the API server and it is healthy (`kubectl get --raw /readyz`); give a longer `--request-timeout`");

    /// <summary>PAL451.</summary>
    public static readonly DiagnosticDescriptor NotUnderstood = Define(
        "PAL451",
        Severity.Error,
        "The answer is not the Kubernetes API JSON asked for (an HTML login page, a proxy, another service, JSON of the wrong shape); the body is never echoed",
        "point the kubeconfig at the API server itself: `kubectl get --raw /version` prints JSON");

    /// <summary>PAL452.</summary>
    public static readonly DiagnosticDescriptor TlsFailure = Define(
        "PAL452",
        Severity.Error,
        "The TLS handshake failed: the server certificate is not signed by the kubeconfig's `certificate-authority(-data)`, does not name the host, or the port does not speak TLS",
        "fix the server URL or the CA in the kubeconfig");

    /// <summary>PAL453.</summary>
    public static readonly DiagnosticDescriptor CredentialPlugin = Define(
        "PAL453",
        Severity.Error,
        "The kubeconfig user's exec credential plugin (`users[].user.exec`) cannot be started, exits non-zero, runs past `--request-timeout`, or prints no `ExecCredential` with a token or client certificate",
        "run the plugin's command yourself (often: log in again with the cloud CLI)");

    /// <summary>PAL454.</summary>
    public static readonly DiagnosticDescriptor PlainHttp = Define(
        "PAL454",
        Severity.Warning,
        "The server URL is `http://` and the context has a token, password or plugin credential, which is sent unencrypted; the run goes on",
        "use an `https://` server URL");

    /// <summary>PAL460.</summary>
    public static readonly DiagnosticDescriptor GraphvizMissing = Define(
        "PAL460",
        Severity.Error,
        "`palisade report --output svg` needs Graphviz's `dot`, and it is not on PATH",
        "`apt-get install -y graphviz` (`.ci/report-packages.sh` does it), or use `--output dot` / `--output html`");

    /// <summary>PAL461.</summary>
    public static readonly DiagnosticDescriptor GraphvizFailed = Define(
        "PAL461",
        Severity.Error,
        "`dot -Tsvg` could not start, failed or took longer than 120 s (its stderr is shown)",
        "check the installation with `dot -V`");
}
