using Palisade.Lab.Nft;
using Palisade.Model;
using Palisade.Net;
using static Palisade.Lab.Tests.Models;
using static Palisade.Lab.Tests.TierSets;

namespace Palisade.Lab.Tests.Nft;

/// <summary>What of the tiers the lab refuses, located, instead of compiling a guess.</summary>
public sealed class TierLimitsTests
{
    private static readonly SourceLocation At = new("tiers.yaml", 12, 7);

    private static ClusterSnapshot With(params AdminPolicy[] policies) => E2E().WithAdminPolicies(policies);

    [Fact]
    public void DomainNamesPeer_IsRefusedWithPal223AtThePeer()
    {
        var peer = new AdminDomainNamesPeer(new[] { "example.com" }.ToEquatableArray()) { Location = At };
        var found = TierLimits.Diagnose(With(Admin(AdminPolicyKind.ClusterNetworkPolicy, "names", PolicyTier.Admin, 1, Namespaces(LabelSelector.Everything),
            [], [Rule(Direction.Egress, 0, AdminAction.Deny, [peer])])));
        var d = Assert.Single(found);
        Assert.Equal("PAL223", d.Code);
        Assert.Equal(At, d.Location);
        Assert.Throws<NotSupportedException>(() => RulesetCompiler.Compile(Netns.LabTopology.Build(With(Admin(AdminPolicyKind.ClusterNetworkPolicy, "names", PolicyTier.Admin, 1,
            Namespaces(LabelSelector.Everything), [], [Rule(Direction.Egress, 0, AdminAction.Deny, [peer])]))), DenyMode.Reject));
    }

    [Fact]
    public void NodesPeer_IsRefusedWithPal224()
    {
        var peer = new AdminNodesPeer(LabelSelector.Everything) { Location = At };
        var found = TierLimits.Diagnose(With(Admin(AdminPolicyKind.AdminNetworkPolicy, "nodes", PolicyTier.Admin, 1, Namespaces(LabelSelector.Everything),
            [], [Rule(Direction.Egress, 0, AdminAction.Deny, [peer])])));
        Assert.Equal("PAL224", Assert.Single(found).Code);
    }

    [Fact]
    public void SamePriorityMixedActions_CommonSubject_IsRefusedWithPal225()
    {
        var deny = Admin(AdminPolicyKind.AdminNetworkPolicy, "deny-y", PolicyTier.Admin, 10, Namespaces(Sel("ns", "x")),
            [Rule(Direction.Ingress, 0, AdminAction.Deny, [PodsIn(Sel("ns", "y"), LabelSelector.Everything)])], []) with { Location = At };
        var pass = Admin(AdminPolicyKind.AdminNetworkPolicy, "pass-y", PolicyTier.Admin, 10, Namespaces(LabelSelector.Everything),
            [Rule(Direction.Ingress, 0, AdminAction.Pass, [PodsIn(Sel("ns", "y"), LabelSelector.Everything)])], []) with { Location = At };
        var d = Assert.Single(TierLimits.Diagnose(With(deny, pass)));
        Assert.Equal("PAL225", d.Code);
        Assert.Contains("deny-y", d.Message, StringComparison.Ordinal);
        Assert.Contains("pass-y", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SamePriority_OneActionOrDisjointSubjects_Compiles()
    {
        var denyX = Admin(AdminPolicyKind.AdminNetworkPolicy, "deny-x", PolicyTier.Admin, 10, Namespaces(Sel("ns", "x")),
            [Rule(Direction.Ingress, 0, AdminAction.Deny, [PodsIn(Sel("ns", "y"), LabelSelector.Everything)])], []);
        var denyAll = Admin(AdminPolicyKind.AdminNetworkPolicy, "deny-all", PolicyTier.Admin, 10, Namespaces(LabelSelector.Everything),
            [Rule(Direction.Ingress, 0, AdminAction.Deny, [PodsIn(Sel("ns", "z"), LabelSelector.Everything)])], []);
        var passY = Admin(AdminPolicyKind.AdminNetworkPolicy, "pass-y", PolicyTier.Admin, 10, Namespaces(Sel("ns", "y")),
            [Rule(Direction.Ingress, 0, AdminAction.Pass, [PodsIn(Sel("ns", "y"), LabelSelector.Everything)])], []);
        Assert.Empty(TierLimits.Diagnose(With(denyX, denyAll)));
        Assert.Empty(TierLimits.Diagnose(With(denyX, passY)));
    }

    [Fact]
    public void NetworkPolicyOnly_NothingRefused()
    {
        Assert.Empty(TierLimits.Diagnose(E2E(PolicySets.All["e2e-mixed"])));
        Assert.Empty(TierLimits.Diagnose(TierSets.All["tiers-admin-pass-baseline"]));
    }
}
