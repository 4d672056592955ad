using Palisade.Diagnostics;
using static Palisade.Tests.Linting.LintInput;

namespace Palisade.Tests.Linting;

/// <summary>The lint rules for the cluster-wide tiers (PAL218–PAL222): each firing on the mistake and quiet on the fix.</summary>
public class TierLintRuleTests
{
    private static string Anp(string name, int priority, string subject, string rules) => $"""
        apiVersion: policy.networking.k8s.io/v1alpha1
        kind: AdminNetworkPolicy
        metadata:
          name: {name}
        spec:
          priority: {priority}
          subject: {subject}
        {rules}
        ---

        """;

    private static string Banp(string rules) => $$$"""
        apiVersion: policy.networking.k8s.io/v1alpha1
        kind: BaselineAdminNetworkPolicy
        metadata:
          name: default
        spec:
          subject: {namespaces: {}}
        {{{rules}}}
        ---

        """;

    private static string NetPol(string ns, string name, string spec) => $"""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: {name}
          namespace: {ns}
        spec:
        {spec}
        ---

        """;

    private static readonly string Inventory =
        Ns("a", "team: a") + Ns("b", "team: b")
        + Pod("a", "web", "app: web", ip: "10.0.1.1", ports: "80")
        + Pod("b", "client", "app: client", ip: "10.0.2.1");

    private static int LineOf(string yaml, string text) =>
        yaml.ReplaceLineEndings("\n").Split('\n').ToList().FindIndex(l => l.Contains(text, StringComparison.Ordinal)) + 1;

    // PAL218 shadowed-admin-rule ----------------------------------------------------------------------------

    [Fact]
    public void AdminRule_CoveredByEarlierRuleOfSamePolicy_ReportsPal218AtTheLaterRule()
    {
        var yaml = Anp("guard", 10, "{namespaces: {matchLabels: {team: a}}}", """
              ingress:
              - {name: deny-all-b, action: Deny, from: [{namespaces: {matchLabels: {team: b}}}]}
              - {name: allow-client, action: Allow, from: [{pods: {namespaceSelector: {matchLabels: {team: b}}, podSelector: {matchLabels: {app: client}}}}], ports: [{portNumber: {port: 80, protocol: TCP}}]}
            """);
        var f = Single(Lint(yaml), "PAL218");
        Assert.Equal(Severity.Warning, f.Diagnostic.Severity);
        Assert.Equal(LineOf(yaml, "allow-client"), f.Diagnostic.Location.Line);
        Assert.Contains("ingress rule 2 (\"allow-client\") of AdminNetworkPolicy guard never decides", f.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(yaml, "deny-all-b"), Assert.Single(f.Related).Location.Line);
    }

    [Fact]
    public void AdminRule_CoveredByRuleOfLowerPriorityValuePolicy_ReportsPal218()
    {
        var yaml = Anp("first", 5, "{namespaces: {}}", """
              egress:
              - {name: deny-internet, action: Deny, to: [{networks: [0.0.0.0/0]}]}
            """) + Anp("second", 20, "{namespaces: {matchLabels: {team: a}}}", """
              egress:
              - {name: allow-dns, action: Allow, to: [{networks: [10.96.0.10/32]}], ports: [{portNumber: {port: 53, protocol: UDP}}]}
            """);
        var f = Single(Lint(yaml), "PAL218");
        Assert.Contains("AdminNetworkPolicy second never decides", f.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("priority 5", f.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AdminRule_EarlierPolicyHasNarrowerSubjectOrSamePriority_NoPal218()
    {
        // The earlier policy selects fewer pods; the same-priority one has no defined order (PAL219's business).
        var yaml = Anp("first", 5, "{namespaces: {matchLabels: {team: a}}}", """
              egress:
              - {name: deny-internet, action: Deny, to: [{networks: [0.0.0.0/0]}]}
            """) + Anp("second", 20, "{namespaces: {}}", """
              egress:
              - {name: allow-dns, action: Allow, to: [{networks: [10.96.0.10/32]}]}
            """) + Anp("third", 20, "{namespaces: {}}", """
              egress:
              - {name: deny-dns, action: Deny, to: [{networks: [10.96.0.10/32]}]}
            """);
        None(Lint(yaml), "PAL218");
    }

    [Fact]
    public void AdminRule_EarlierRuleCoversOnlySomePorts_NoPal218()
    {
        var yaml = Anp("guard", 10, "{namespaces: {}}", """
              ingress:
              - {action: Deny, from: [{namespaces: {}}], ports: [{portNumber: {port: 80, protocol: TCP}}]}
              - {action: Allow, from: [{namespaces: {}}], ports: [{portRange: {start: 80, end: 90, protocol: TCP}}]}
            """);
        None(Lint(yaml), "PAL218");
    }

    // PAL219 same-priority-overlap --------------------------------------------------------------------------

    private static readonly string TwoAtTen =
        Anp("deny-b", 10, "{namespaces: {matchLabels: {team: a}}}", """
              ingress:
              - {name: deny-from-b, action: Deny, from: [{namespaces: {matchLabels: {team: b}}}]}
            """) + Anp("pass-b", 10, "{namespaces: {matchLabels: {team: a}}}", """
              ingress:
              - {name: pass-from-b, action: Pass, from: [{namespaces: {matchLabels: {team: b}}}], ports: [{portNumber: {port: 80, protocol: TCP}}]}
            """);

    [Fact]
    public void TwoAdminPolicies_SamePriorityOverlappingTraffic_ReportsPal219()
    {
        var f = Single(Lint(Inventory + TwoAtTen), "PAL219");
        Assert.Contains("AdminNetworkPolicy deny-b and AdminNetworkPolicy pass-b both have priority 10", f.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("both select a/web", f.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("undetermined", f.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoAdminPolicies_SamePriorityWithoutPods_ReportsPal219FromTheSelectors()
    {
        Assert.Contains("subject selectors", Single(Lint(TwoAtTen), "PAL219").Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoAdminPolicies_SamePriorityDisjointSubjectsOrPorts_NoPal219()
    {
        var disjointSubjects = TwoAtTen.Replace("name: pass-b\nspec:\n  priority: 10\n  subject: {namespaces: {matchLabels: {team: a}}}", "name: pass-b\nspec:\n  priority: 10\n  subject: {namespaces: {matchLabels: {team: b}}}", StringComparison.Ordinal);
        Assert.NotEqual(TwoAtTen, disjointSubjects);
        None(Lint(Inventory + disjointSubjects), "PAL219");

        var disjointPorts = Anp("x", 10, "{namespaces: {}}", """
              ingress:
              - {action: Deny, from: [{namespaces: {}}], ports: [{portNumber: {port: 80, protocol: TCP}}]}
            """) + Anp("y", 10, "{namespaces: {}}", """
              ingress:
              - {action: Allow, from: [{namespaces: {}}], ports: [{portRange: {start: 81, end: 90, protocol: TCP}}]}
            """);
        None(Lint(Inventory + disjointPorts), "PAL219");

        var otherPriority = TwoAtTen.Replace("name: pass-b\nspec:\n  priority: 10", "name: pass-b\nspec:\n  priority: 11", StringComparison.Ordinal);
        None(Lint(Inventory + otherPriority), "PAL219");
    }

    [Fact]
    public void TwoAdminPolicies_SamePriorityButNoPodSelectedByBoth_NoPal219()
    {
        // Selectors could overlap (different keys), but no pod in the input is selected by both.
        var yaml = Inventory + Anp("x", 10, "{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}", """
              ingress:
              - {action: Deny, from: [{namespaces: {}}]}
            """) + Anp("y", 10, "{pods: {namespaceSelector: {}, podSelector: {matchLabels: {tier: db}}}}", """
              ingress:
              - {action: Allow, from: [{namespaces: {}}]}
            """);
        None(Lint(yaml), "PAL219");
        Single(Lint(Pod("a", "both", "app: web, tier: db") + yaml), "PAL219"); // a pod both select
    }

    // PAL220 pass-without-networkpolicy ---------------------------------------------------------------------

    private static readonly string PassToOwners = Anp("delegate", 10, "{namespaces: {matchLabels: {team: a}}}", """
          ingress:
          - {name: to-owners, action: Pass, from: [{namespaces: {}}]}
        """);

    [Fact]
    public void AdminPass_SubjectWithoutNetworkPolicy_ReportsPal220()
    {
        var yaml = Inventory + PassToOwners + Banp("""
              ingress:
              - {action: Deny, from: [{namespaces: {}}]}
            """);
        var f = Single(Lint(yaml), "PAL220");
        Assert.Equal(LineOf(yaml, "to-owners"), f.Diagnostic.Location.Line);
        Assert.Contains("no NetworkPolicy selects a/web for ingress", f.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("BaselineAdminNetworkPolicy default", f.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AdminPass_SubjectHasIngressNetworkPolicy_NoPal220()
    {
        var yaml = Inventory + PassToOwners + NetPol("a", "web-in", """
              podSelector: {}
              policyTypes: [Ingress]
              ingress: [{from: [{namespaceSelector: {}}]}]
            """);
        None(Lint(yaml), "PAL220");

        // An egress NetworkPolicy does not count for an ingress Pass.
        var egressOnly = Inventory + PassToOwners + NetPol("a", "web-out", """
              podSelector: {}
              policyTypes: [Egress]
            """);
        Assert.Contains("allowed by default", Single(Lint(egressOnly), "PAL220").Diagnostic.Message, StringComparison.Ordinal);
    }

    // PAL221 baseline-deny-blocks-allow ---------------------------------------------------------------------

    private static readonly string BaselineDeniesIngress = Banp("""
          ingress:
          - {name: closed, action: Deny, from: [{namespaces: {}}]}
        """);

    private static readonly string ClientMayCallWeb = NetPol("b", "client-out", """
          podSelector: {matchLabels: {app: client}}
          policyTypes: [Egress]
          egress:
          - to: [{namespaceSelector: {matchLabels: {team: a}}, podSelector: {matchLabels: {app: web}}}]
            ports: [{port: 80}]
        """);

    [Fact]
    public void NetworkPolicyEgressAllow_DestinationDecidedByBaselineDeny_ReportsPal221()
    {
        var yaml = Inventory + BaselineDeniesIngress + ClientMayCallWeb;
        var f = Single(Lint(yaml), "PAL221");
        Assert.Equal(LineOf(yaml, "- to: [{namespaceSelector"), f.Diagnostic.Location.Line);
        Assert.Contains("egress rule 1 of b/client-out allows b/client -> a/web 80/TCP", f.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("ingress rule 1 (\"closed\") of BaselineAdminNetworkPolicy default denies it", f.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(yaml, "name: closed"), Assert.Single(f.Related).Location.Line);
    }

    [Fact]
    public void NetworkPolicyEgressAllow_DestinationHasItsOwnIngressPolicy_NoPal221()
    {
        var yaml = Inventory + BaselineDeniesIngress + ClientMayCallWeb + NetPol("a", "web-in", """
              podSelector: {matchLabels: {app: web}}
              policyTypes: [Ingress]
              ingress: [{from: [{namespaceSelector: {matchLabels: {team: b}}}], ports: [{port: 80}]}]
            """);
        None(Lint(yaml), "PAL221");
    }

    [Fact]
    public void NetworkPolicyIngressAllow_SourceEgressDecidedByBaselineDeny_ReportsPal221()
    {
        var yaml = Inventory + Banp("""
              egress:
              - {action: Deny, to: [{namespaces: {matchLabels: {team: a}}}]}
            """) + NetPol("a", "web-in", """
              podSelector: {matchLabels: {app: web}}
              policyTypes: [Ingress]
              ingress: [{from: [{namespaceSelector: {matchLabels: {team: b}}}], ports: [{port: 80}]}]
            """);
        Assert.Contains("selects the source for egress", Single(Lint(yaml), "PAL221").Diagnostic.Message, StringComparison.Ordinal);
    }

    // PAL222 baseline-makes-policy-redundant ----------------------------------------------------------------

    private static readonly string DenyAllEgress = NetPol("a", "no-egress", """
          podSelector: {}
          policyTypes: [Egress]
        """);

    [Fact]
    public void DenyAllEgressPolicy_BaselineDeniesEverythingFirst_ReportsPal222()
    {
        var yaml = Inventory + Banp("""
              egress:
              - {name: closed, action: Deny, to: [{networks: [0.0.0.0/0, "::/0"]}]}
            """) + DenyAllEgress;
        var f = Single(Lint(yaml), "PAL222");
        Assert.Equal(Severity.Note, f.Diagnostic.Severity);
        Assert.Contains("NetworkPolicy a/no-egress denies all egress of a/web", f.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DenyAllEgressPolicy_BaselineAllowsSomethingFirstOrIpv4Only_NoPal222()
    {
        var allowFirst = Inventory + Banp("""
              egress:
              - {action: Allow, to: [{networks: [10.96.0.10/32]}]}
              - {action: Deny, to: [{networks: [0.0.0.0/0, "::/0"]}]}
            """) + DenyAllEgress;
        None(Lint(allowFirst), "PAL222");

        var ipv4Only = Inventory + Banp("""
              egress:
              - {action: Deny, to: [{networks: [0.0.0.0/0]}]}
            """) + DenyAllEgress;
        None(Lint(ipv4Only), "PAL222");
    }

    [Fact]
    public void TierLintRules_AreRegisteredAndPal217IsGone()
    {
        Assert.Null(Palisade.Linting.Linter.FindRule("PAL217"));
        foreach (var code in new[] { "PAL218", "PAL219", "PAL220", "PAL221", "PAL222" })
        {
            Assert.NotNull(Palisade.Linting.Linter.FindRule(code));
        }
    }
}
