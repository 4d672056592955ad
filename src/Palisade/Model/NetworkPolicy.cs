namespace Palisade.Model;

/// <summary>The policy types a policy isolates.</summary>
[Flags]
public enum PolicyTypes
{
    None = 0,
    Ingress = 1,
    Egress = 2,
}

/// <summary>A <c>networking.k8s.io/v1</c> NetworkPolicy, converted to Palisade's model.</summary>
/// <param name="Ref">Namespace and name.</param>
/// <param name="PodSelector">The pods of its namespace it applies to (<c>{}</c> = all).</param>
/// <param name="PolicyTypes">The effective policy types, after Kubernetes' defaulting.</param>
/// <param name="PolicyTypesDeclared">True when <c>policyTypes</c> was written (not defaulted).</param>
/// <param name="Ingress">Ingress rules in source order.</param>
/// <param name="Egress">Egress rules in source order.</param>
public sealed record NetworkPolicy(
    ObjectRef Ref,
    LabelSelector PodSelector,
    PolicyTypes PolicyTypes,
    bool PolicyTypesDeclared,
    EquatableArray<PolicyRule> Ingress,
    EquatableArray<PolicyRule> Egress)
{
    /// <summary>Where the object starts.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>The object's labels.</summary>
    public Labels Labels { get; init; } = Labels.Empty;

    /// <summary>The object's annotations.</summary>
    public Labels Annotations { get; init; } = Labels.Empty;

    /// <summary>True when the policy isolates the given direction for the pods it selects.</summary>
    public bool Isolates(Direction direction) =>
        (PolicyTypes & (direction == Direction.Ingress ? PolicyTypes.Ingress : PolicyTypes.Egress)) != 0;

    /// <summary>The rules of a direction.</summary>
    public EquatableArray<PolicyRule> Rules(Direction direction) => direction == Direction.Ingress ? Ingress : Egress;

    /// <summary>
    /// Kubernetes' defaulting of <c>policyTypes</c>: Ingress always, Egress when there is at least one egress rule.
    /// </summary>
    public static PolicyTypes DefaultPolicyTypes(int egressRuleCount) =>
        PolicyTypes.Ingress | (egressRuleCount > 0 ? PolicyTypes.Egress : PolicyTypes.None);
}
