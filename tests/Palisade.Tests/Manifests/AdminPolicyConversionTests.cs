using Palisade.Diagnostics;
using Palisade.Manifests;
using Palisade.Model;
using static Palisade.Tests.Manifests.ManifestTestInput;
using static Palisade.TestSupport.Manifest;

namespace Palisade.Tests.Manifests;

/// <summary>The CRDs' schema and CEL rules for the cluster-wide kinds, as located diagnostics.</summary>
public sealed class AdminPolicyConversionTests
{
    // The egress rule is on line 8, the priority on line 5.
    private static string AnpWith(int priority = 10, string subject = AllNamespaces, string action = "Deny", string peer = AllNamespaces, string port = "{portNumber: {port: 80, protocol: TCP}}") =>
        AdminNetworkPolicy("p", priority, subject, egress: [To(action, peer, $"ports: [{port}]")]);

    [Fact]
    public void ValidAnp_Loads_WithRuleAndLocation()
    {
        var r = Load(AnpWith());
        NoErrors(r);
        var p = Assert.Single(r.Snapshot.AdminPolicies);
        Assert.Equal(PolicyTier.Admin, p.Tier);
        Assert.Equal(10, p.Priority);
        var rule = Assert.Single(p.Egress);
        Assert.Equal(AdminAction.Deny, rule.Action);
        Assert.Equal("80/TCP", Assert.Single(Assert.IsType<AdminPorts>(rule.Ports).Items).ToString());
        Assert.Equal(8, rule.Location.Line);
    }

    [Fact]
    public void Priority_OutOfRange_IsPal146()
    {
        var d = Single(Load(AnpWith(priority: 1001)), DiagnosticCatalog.AdminPriorityOutOfRange.Code);
        Assert.Equal(5, d.Location.Line);
        Assert.Empty(Load(AnpWith(priority: 1001)).Snapshot.AdminPolicies);
    }

    [Fact]
    public void Subject_WithBothForms_IsPal147()
    {
        var r = Load(AnpWith(subject: "{namespaces: {}, pods: {namespaceSelector: {}, podSelector: {}}}"));
        Assert.Contains("exactly one", Single(r, DiagnosticCatalog.NotExactlyOne.Code).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Peer_WithTwoFields_IsPal147() =>
        Single(Load(AnpWith(peer: "{namespaces: {}, networks: [10.0.0.0/8]}")), DiagnosticCatalog.NotExactlyOne.Code);

    [Fact]
    public void Action_AcceptInV1Alpha1_IsPal126WithGuess()
    {
        var d = Single(Load(AnpWith(action: "Accept")), DiagnosticCatalog.InvalidAdminValue.Code);
        Assert.Contains("'Allow'", d.Help, StringComparison.Ordinal);
    }

    [Fact]
    public void NamedPort_WithNetworksPeer_IsPal127() =>
        Single(Load(AnpWith(peer: "{networks: [10.0.0.0/8]}", port: "{namedPort: http}")), DiagnosticCatalog.NamedPortWithAddressPeer.Code);

    [Fact]
    public void Networks_InvalidCidr_IsPal110() =>
        Single(Load(AnpWith(peer: "{networks: [10.0.0.0/33]}")), DiagnosticCatalog.InvalidCidr.Code);

    [Fact]
    public void Pods_WithoutPodSelector_IsWarningPal128_ReadAsAll()
    {
        var r = Load(AnpWith(peer: "{pods: {namespaceSelector: {}}}"));
        NoErrors(r);
        Assert.Equal(Palisade.Diagnostics.Severity.Warning, Single(r, DiagnosticCatalog.SelectorRequired.Code).Severity);
        var peer = Assert.IsType<AdminPodsPeer>(Assert.Single(Assert.Single(r.Snapshot.AdminPolicies).Egress[0].Peers));
        Assert.True(peer.PodSelector.IsEverything);
    }

    [Fact]
    public void TooManyPeers_IsPal149()
    {
        var peers = string.Join(", ", Enumerable.Repeat("{namespaces: {}}", 101));
        Single(Load(AnpWith(peer: peers)), DiagnosticCatalog.TooManyItems.Code);
    }

    [Fact]
    public void Banp_NotNamedDefault_IsPal148()
    {
        var banp = BaselineAdminNetworkPolicy(AllNamespaces, name: "baseline");
        Assert.Equal(3, Single(Load(banp), DiagnosticCatalog.BaselineNotDefault.Code).Location.Line);
    }

    [Fact]
    public void Banp_PassAction_IsPal126()
    {
        var banp = BaselineAdminNetworkPolicy(AllNamespaces, ingress: [From("Pass", AllNamespaces)]);
        Single(Load(banp), DiagnosticCatalog.InvalidAdminValue.Code);
    }

    [Fact]
    public void Cnp_RangeStartNotBelowEnd_IsPal117()
    {
        var cnp = ClusterNetworkPolicy("c", "Admin", 1, AllNamespaces, ingress: [From("Deny", AllNamespaces, "protocols: [{tcp: {destinationPort: {range: {start: 90, end: 90}}}}]")]);
        Single(Load(cnp), DiagnosticCatalog.EndPortBelowPort.Code);
    }

    [Fact]
    public void Cnp_UnknownTierAndMissingPriority_AreReported()
    {
        var cnp = ClusterNetworkPolicy("c", "admin", 0, AllNamespaces).Replace("\n  priority: 0", string.Empty, StringComparison.Ordinal);
        var r = Load(cnp);
        Single(r, DiagnosticCatalog.InvalidAdminValue.Code);
        Single(r, DiagnosticCatalog.MissingField.Code);
    }

    [Fact]
    public void IngressRule_WithTo_IsUnknownField()
    {
        var anp = AdminNetworkPolicy("p", 1, AllNamespaces, ingress: [From("Deny", AllNamespaces, "to: [{namespaces: {}}]")]);
        Single(Load(anp), DiagnosticCatalog.UnknownField.Code);
    }

    [Fact]
    public void V1Alpha2Field_InV1Alpha1_IsUnknownField()
    {
        var r = Load(AnpWith().Replace("ports: [{portNumber: {port: 80, protocol: TCP}}]", "protocols: [{tcp: {destinationPort: {number: 80}}}]", StringComparison.Ordinal));
        Single(r, DiagnosticCatalog.UnknownField.Code);
    }
}
