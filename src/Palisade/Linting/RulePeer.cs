using Palisade.Model;

namespace Palisade.Linting;

/// <summary>One peer of a policy rule that lists peers, as <see cref="LintContext.RulePeers{TPeer}"/> walks them.</summary>
/// <typeparam name="TPeer">The kind of peer.</typeparam>
/// <param name="Policy">The policy.</param>
/// <param name="Rule">The rule of the policy.</param>
/// <param name="Peer">The peer, one of the rule's list.</param>
public sealed record RulePeer<TPeer>(NetworkPolicy Policy, PolicyRule Rule, TPeer Peer)
    where TPeer : Peer;
