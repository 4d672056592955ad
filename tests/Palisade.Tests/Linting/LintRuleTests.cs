using Palisade.Diagnostics;
using static Palisade.Tests.Linting.LintInput;

namespace Palisade.Tests.Linting;

/// <summary>Each lint code firing on the mistake, and staying quiet on the corrected manifest.</summary>
public class LintRuleTests
{
    private static string Policy(string ns, string name, string spec, string annotations = "") => $"""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: {name}
          namespace: {ns}
        {(annotations.Length > 0 ? $"  annotations: {{{annotations}}}" : string.Empty)}
        spec:
        {spec}
        ---

        """;

    // PAL201 ------------------------------------------------------------------------------------------------

    private const string NginxElsewhere = """
          podSelector: {matchLabels: {app: dev}}
          policyTypes: [Ingress]
          ingress:
          - from:
            - podSelector: {matchLabels: {app: nginx}}
            ports: [{port: 22}]
        """;

    [Fact]
    public void PodSelectorOnlyPeer_PodsInOtherNamespace_ReportsPal201WithNamespaceFix()
    {
        var yaml = Pod("dev", "box", "app: dev", ports: "22") + Pod("proxy", "nginx", "app: nginx") + Policy("dev", "p", NginxElsewhere);
        var result = Lint(yaml);

        var f = Single(result, "PAL201");
        Assert.Equal(Severity.Warning, f.Diagnostic.Severity);
        Assert.Contains("proxy/nginx", f.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("kubernetes.io/metadata.name: proxy", f.Diagnostic.Help, StringComparison.Ordinal);
        var peerLine = yaml.ReplaceLineEndings("\n").Split('\n').ToList().FindIndex(l => l.Contains("- podSelector: {matchLabels: {app: nginx}}", StringComparison.Ordinal)) + 1;
        Assert.Equal(("test.yaml", peerLine), (f.Diagnostic.Location.File, f.Diagnostic.Location.Line));
        None(result, "PAL202");
    }

    [Fact]
    public void PodSelectorOnlyPeer_PodsInPolicyNamespace_NoPal201()
    {
        var result = Lint(Pod("dev", "box", "app: dev", ports: "22") + Pod("dev", "nginx", "app: nginx") + Policy("dev", "p", NginxElsewhere));
        None(result, "PAL201");
        Assert.Empty(result.Findings);
    }

    // PAL202 ------------------------------------------------------------------------------------------------

    [Fact]
    public void PodSelector_MatchesNoPodAnywhere_ReportsPal202()
    {
        var spec = NginxElsewhere.Replace("app: nginx", "app: ngnix", StringComparison.Ordinal);
        var result = Lint(Pod("dev", "box", "app: dev", ports: "22") + Pod("dev", "nginx", "app: nginx") + Policy("dev", "p", spec));
        Assert.Contains("app=ngnix", Single(result, "PAL202").Diagnostic.Message, StringComparison.Ordinal);
        None(result, "PAL201");
    }

    [Fact]
    public void NamespaceSelector_MatchesNoDeclaredNamespace_ReportsPal202()
    {
        const string spec = """
              podSelector: {}
              policyTypes: [Ingress]
              ingress:
              - from:
                - namespaceSelector: {matchLabels: {team: payments}}
            """;
        var fires = Lint(Ns("dev") + Ns("shop", "team: shop") + Pod("dev", "a", "app: a") + Policy("dev", "p", spec));
        Assert.Contains("team=payments", Single(fires, "PAL202").Diagnostic.Message, StringComparison.Ordinal);

        var quiet = Lint(Ns("dev") + Ns("shop", "team: payments") + Pod("dev", "a", "app: a") + Policy("dev", "p", spec));
        None(quiet, "PAL202");
    }

    [Fact]
    public void NamespaceSelector_NoNamespaceObjectsInInput_NoPal202()
    {
        const string spec = """
              podSelector: {}
              policyTypes: [Ingress]
              ingress:
              - from:
                - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: elsewhere}}
            """;
        None(Lint(Pod("dev", "a", "app: a") + Policy("dev", "p", spec)), "PAL202");
    }

    // PAL203 ------------------------------------------------------------------------------------------------

    [Fact]
    public void Policy_SelectsNoPod_ReportsPal203AndNamesPodsElsewhere()
    {
        const string spec = """
              podSelector: {matchLabels: {app: web}}
              policyTypes: [Ingress]
            """;
        var fires = Lint(Pod("dev", "a", "app: a") + Pod("prod", "web", "app: web") + Policy("dev", "p", spec));
        var f = Single(fires, "PAL203");
        Assert.Contains("prod/web", f.Diagnostic.Help, StringComparison.Ordinal);

        None(Lint(Pod("dev", "web", "app: web") + Policy("dev", "p", spec)), "PAL203");
    }

    [Fact]
    public void Policy_NoPodsInInput_NoPal203()
    {
        None(Lint(Policy("dev", "p", "  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]")), "PAL203");
    }

    // PAL204 / PAL205 ---------------------------------------------------------------------------------------

    private const string EgressToDb = """
          podSelector: {matchLabels: {app: a}}
          policyTypes: [Egress]
          egress:
          - to: [{podSelector: {matchLabels: {app: db}}}]
            ports: [{port: 5432}]
        """;

    [Fact]
    public void EgressIsolation_WithoutDns_ReportsPal204()
    {
        var result = Lint(Pod("dev", "a", "app: a") + Pod("dev", "db", "app: db", ports: "5432") + Policy("dev", "p", EgressToDb));
        Assert.Contains("dev/a", Single(result, "PAL204").Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EgressIsolation_DnsInAnotherPolicySelectingThePods_NoPal204()
    {
        const string dns = """
              podSelector: {}
              policyTypes: [Egress]
              egress:
              - ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
            """;
        var result = Lint(Pod("dev", "a", "app: a") + Pod("dev", "db", "app: db", ports: "5432") + Policy("dev", "p", EgressToDb) + Policy("dev", "dns", dns));
        None(result, "PAL204");
        None(result, "PAL205");
    }

    [Fact]
    public void EgressIsolation_DnsOnUdpOnly_ReportsPal205AtTheDnsRule()
    {
        const string dns = """
              podSelector: {}
              policyTypes: [Egress]
              egress:
              - ports: [{port: 53, protocol: UDP}]
            """;
        var result = Lint(Pod("dev", "a", "app: a") + Policy("dev", "dns", dns));
        var f = Single(result, "PAL205");
        Assert.Equal("dev/dns", f.Policy.ToString());
        None(result, "PAL204");
    }

    [Fact]
    public void EgressIsolation_NoPodsInInput_CoveringPolicyCounts()
    {
        const string dns = """
              podSelector: {}
              policyTypes: [Egress]
              egress:
              - ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
            """;
        None(Lint(Policy("dev", "p", EgressToDb) + Policy("dev", "dns", dns)), "PAL204");
        Single(Lint(Policy("dev", "p", EgressToDb)), "PAL204");
    }

    // PAL206 / PAL207 ---------------------------------------------------------------------------------------

    private const string ToData = """
          podSelector: {}
          policyTypes: [Egress]
          egress:
          - to: [{namespaceSelector: {matchLabels: {name: data}}}]
          - ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
        """;

    [Fact]
    public void NamespaceSelector_CustomNameLabel_ReportsPal206WithImmutableFix()
    {
        var result = Lint(Ns("dev") + Ns("data", "name: data") + Policy("dev", "p", ToData));
        var f = Single(result, "PAL206");
        Assert.Contains("kubernetes.io/metadata.name: data", f.Diagnostic.Help, StringComparison.Ordinal);
        None(result, "PAL207");
    }

    [Fact]
    public void NamespaceSelector_ImmutableNameLabel_NoPal206()
    {
        var spec = ToData.Replace("name: data", "kubernetes.io/metadata.name: data", StringComparison.Ordinal);
        var result = Lint(Ns("dev") + Ns("data", "name: data") + Policy("dev", "p", spec));

        // Only the exposure note for DNS to anywhere remains.
        Assert.Equal(["PAL208"], result.Findings.Select(f => f.Code));
    }

    [Fact]
    public void NamespaceSelector_LabelMissingOnNamespace_ReportsPal207NotPal202()
    {
        var result = Lint(Ns("dev") + Ns("data") + Policy("dev", "p", ToData));
        var f = Single(result, "PAL207");
        Assert.Contains("has no label 'name'", f.Diagnostic.Message, StringComparison.Ordinal);
        None(result, "PAL202");
        None(result, "PAL206");
    }

    // PAL208 ------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("  - {}", "every source")]
    [InlineData("  - from: [{namespaceSelector: {}}]", "every pod of every namespace")]
    [InlineData("  - from: [{ipBlock: {cidr: 0.0.0.0/0}}]", "every IPv4 address")]
    [InlineData("  - from: [{ipBlock: {cidr: '::/0'}}]", "every IPv6 address")]
    public void IngressRule_OpenToEveryone_ReportsPal208WithExposedPodsAndPorts(string rule, string what)
    {
        var spec = $"  podSelector: {{matchLabels: {{app: web}}}}\n  policyTypes: [Ingress]\n  ingress:\n{rule}";
        var result = Lint(Pod("dev", "web", "app: web", ports: "8080") + Policy("dev", "p", spec));
        var f = Single(result, "PAL208");
        Assert.Equal(Severity.Note, f.Diagnostic.Severity);
        Assert.Contains(what, f.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("dev/web", f.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IngressRule_NamedPeers_NoPal208()
    {
        const string spec = "  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: dev}}}]";
        None(Lint(Pod("dev", "web", "app: web") + Policy("dev", "p", spec)), "PAL208");
    }

    // PAL209 ------------------------------------------------------------------------------------------------

    private static string Service(string port, string target) => $$"""
        apiVersion: v1
        kind: Service
        metadata: {name: api, namespace: dev}
        spec:
          selector: {app: api}
          ports: [{port: {{port}}, targetPort: {{target}}}]
        ---

        """;

    [Fact]
    public void IngressPort_IsServicePortNotTargetPort_ReportsPal209()
    {
        const string spec = "  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Ingress]\n  ingress:\n  - ports: [{port: 80}]";
        var result = Lint(Pod("dev", "api", "app: api", ports: "http:8080") + Service("80", "http") + Policy("dev", "p", spec));
        var f = Single(result, "PAL209");
        Assert.Contains("targetPort 8080", f.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("port: 8080", f.Diagnostic.Help, StringComparison.Ordinal);
    }

    [Fact]
    public void EgressPort_ToServiceBackends_IsServicePort_ReportsPal209()
    {
        const string spec = """
              podSelector: {matchLabels: {app: web}}
              policyTypes: [Egress]
              egress:
              - to: [{podSelector: {matchLabels: {app: api}}}]
                ports: [{port: 80}]
              - ports: [{port: 53, protocol: UDP}, {port: 53}]
            """;
        var result = Lint(Pod("dev", "web", "app: web") + Pod("dev", "api", "app: api", ports: "http:8080") + Service("80", "8080") + Policy("dev", "p", spec));
        Assert.Contains("dev/api", Single(result, "PAL209").Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IngressPort_IsTargetPort_NoPal209()
    {
        const string spec = "  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Ingress]\n  ingress:\n  - ports: [{port: 8080}]";
        None(Lint(Pod("dev", "api", "app: api", ports: "http:8080") + Service("80", "http") + Policy("dev", "p", spec)), "PAL209");
    }

    // PAL210 / PAL216: one ingress port entry against what the selected pod declares ----------------------------

    private static string PortEntrySpec(string entry) =>
        $"  podSelector: {{matchLabels: {{app: db}}}}\n  policyTypes: [Ingress]\n  ingress:\n  - ports: [{entry}]";

    [Theory]
    [InlineData("PAL210", "metrics:9090", "{port: metrics, protocol: UDP}", Severity.Error)]
    [InlineData("PAL216", "5432/TCP", "{port: 5432, protocol: UDP}", Severity.Warning)]
    public void PortEntry_PodDeclaresItOverTcp_ReportsCodeWithProtocolFix(string code, string podPorts, string entry, Severity severity)
    {
        var f = Single(Lint(Pod("dev", "db", "app: db", ports: podPorts) + Policy("dev", "p", PortEntrySpec(entry))), code);
        Assert.Equal(severity, f.Diagnostic.Severity);
        Assert.Contains("protocol: TCP", f.Diagnostic.Help, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PAL210", "metrics:9090", "{port: metrics}")]
    [InlineData("PAL216", "5432/UDP 5432/TCP", "{port: 5432, protocol: UDP}")]
    public void PortEntry_PodDeclaresItWithTheEntrysProtocol_NoCode(string code, string podPorts, string entry)
    {
        None(Lint(Pod("dev", "db", "app: db", ports: podPorts) + Policy("dev", "p", PortEntrySpec(entry))), code);
    }

    // PAL211 ------------------------------------------------------------------------------------------------

    [Fact]
    public void EgressRules_PolicyTypesIngressOnly_ReportsPal211Error()
    {
        const string spec = "  podSelector: {}\n  policyTypes: [Ingress]\n  egress:\n  - ports: [{port: 443}]";
        var f = Single(Lint(Policy("dev", "p", spec)), "PAL211");
        Assert.Equal(Severity.Error, f.Diagnostic.Severity);
        Assert.Contains("ignored", f.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EgressRules_PolicyTypesOmitted_NoPal211()
    {
        // Without policyTypes, Kubernetes adds Egress because egress rules exist.
        None(Lint(Policy("dev", "p", "  podSelector: {}\n  egress:\n  - ports: [{port: 443}]\n  - ports: [{port: 53, protocol: UDP}, {port: 53}]")), "PAL211");
    }

    // PAL212 / PAL213 ---------------------------------------------------------------------------------------

    [Fact]
    public void Rule_SubsetOfAnotherRule_ReportsPal212NamingTheCoveringRule()
    {
        const string spec = """
              podSelector: {matchLabels: {app: db}}
              policyTypes: [Ingress]
              ingress:
              - from: [{podSelector: {matchLabels: {app: api}}}, {podSelector: {matchLabels: {app: jobs}}}]
                ports: [{port: 5432}, {port: 9187}]
              - from: [{podSelector: {matchLabels: {app: api, tier: backend}}}]
                ports: [{port: 5432}]
            """;
        var f = Single(Lint(Policy("dev", "p", spec)), "PAL212");
        Assert.Contains("ingress rule 2 of dev/p is redundant", f.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("ingress rule 1 of the same policy", f.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Single(f.Related);
    }

    [Fact]
    public void Rules_Overlapping_NotSubset_NoPal212()
    {
        const string spec = """
              podSelector: {matchLabels: {app: db}}
              policyTypes: [Ingress]
              ingress:
              - from: [{podSelector: {matchLabels: {app: api}}}]
                ports: [{port: 5432}]
              - from: [{podSelector: {matchLabels: {app: api}}}]
                ports: [{port: 5432, protocol: UDP}]
              - from: [{podSelector: {matchLabels: {app: jobs}}}]
                ports: [{port: 5432}]
            """;
        None(Lint(Policy("dev", "p", spec)), "PAL212");
    }

    [Fact]
    public void Policy_DuplicateOfAnother_ReportsPal213OnceNotPal212()
    {
        const string spec = """
              podSelector: {matchLabels: {app: db}}
              policyTypes: [Ingress]
              ingress:
              - from: [{podSelector: {matchLabels: {app: api}}}]
                ports: [{port: 5432}]
            """;
        var result = Lint(Policy("dev", "a-old", spec) + Policy("dev", "b-new", spec));
        var f = Single(result, "PAL213");
        Assert.Equal("dev/b-new", f.Policy.ToString());
        None(result, "PAL212");
    }

    [Fact]
    public void Policy_SameRulesOtherPods_NoPal213()
    {
        const string spec = "  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Ingress]";
        None(Lint(Policy("dev", "a", spec) + Policy("dev", "b", spec.Replace("app: db", "app: cache", StringComparison.Ordinal))), "PAL213");
    }

    // PAL214 ------------------------------------------------------------------------------------------------

    [Fact]
    public void IpBlock_CoversPodIps_ReportsPal214()
    {
        const string spec = "  podSelector: {matchLabels: {app: a}}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{ipBlock: {cidr: 10.42.0.0/16}}]";
        var result = Lint(Pod("dev", "a", "app: a") + Pod("dev", "b", "app: b", ip: "10.42.0.7") + Policy("dev", "p", spec));
        Assert.Contains("dev/b", Single(result, "PAL214").Diagnostic.Message, StringComparison.Ordinal);

        var excepted = spec.Replace("cidr: 10.42.0.0/16", "cidr: 10.0.0.0/8, except: [10.42.0.0/16]", StringComparison.Ordinal);
        None(Lint(Pod("dev", "a", "app: a") + Pod("dev", "b", "app: b", ip: "10.42.0.7") + Policy("dev", "p", excepted)), "PAL214");
    }

    // PAL215 ------------------------------------------------------------------------------------------------

    [Fact]
    public void HostNetworkPod_SelectedAndPeer_ReportsPal215Twice()
    {
        const string spec = "  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: agent}}}]";
        var result = Lint(Pod("dev", "a", "app: a") + Pod("dev", "agent", "app: agent", ip: "192.168.2.10", hostNetwork: true) + Policy("dev", "p", spec));
        Assert.Equal(2, Only(result, "PAL215").Count);

        var narrowed = spec.Replace("podSelector: {}", "podSelector: {matchLabels: {app: a}}", StringComparison.Ordinal).Replace("app: agent", "app: a", StringComparison.Ordinal);
        None(Lint(Pod("dev", "a", "app: a") + Pod("dev", "agent", "app: agent", ip: "192.168.2.10", hostNetwork: true) + Policy("dev", "p", narrowed)), "PAL215");
    }

    // Suppression -------------------------------------------------------------------------------------------

    [Fact]
    public void Annotation_NamesCode_SuppressesOnlyThatCodeForThatPolicy()
    {
        var ns = Ns("dev") + Ns("data", "name: data");
        var annotated = Lint(ns + Policy("dev", "p", ToData, annotations: "palisade.dev/ignore: 'PAL206, PAL208'") + Policy("dev", "q", ToData));
        Assert.Equal("dev/q", Single(annotated, "PAL206").Policy.ToString());
        Assert.True(annotated.Suppressed >= 1);
    }

    [Fact]
    public void Annotation_UnknownCode_ReportsPal291()
    {
        var result = Lint(Policy("dev", "p", "  podSelector: {}\n  policyTypes: [Ingress]", annotations: "palisade.dev/ignore: PAL999"));
        Assert.Contains("PAL999", Single(result, "PAL291").Diagnostic.Message, StringComparison.Ordinal);
    }
}
