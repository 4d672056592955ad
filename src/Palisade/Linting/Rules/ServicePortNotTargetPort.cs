using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting.Rules;

/// <summary>PAL209: a rule port equal to a Service's port but not to its targetPort.</summary>
public sealed class ServicePortNotTargetPort() : LintRule(DiagnosticCatalog.ServicePortNotTargetPort, "service-port-not-target-port")
{
    /// <inheritdoc />
    protected override IEnumerable<LintFinding> Find(LintContext context)
    {
        foreach (var (policy, rule, ports, entry, pods, declared) in context.RulePortEntries())
        {
            if (entry.Port is not PortNumberRange { Port: var port } range || range.EndPort != port
                || declared.Declares(port, entry.Protocol))
            {
                continue;
            }

            foreach (var (service, target) in Targets(context, pods, declared, entry))
            {
                if (target == port || ports.Items.Any(e => Admits(e, target, entry.Protocol, declared)))
                {
                    continue;
                }

                yield return Finding(Wording.At(policy, rule, entry), policy, entry, Wording.Rule(policy, rule), service.Ref, target);
                break;
            }
        }
    }

    /// <summary>True when the entry certainly admits the pod port on some destination pod.</summary>
    private static bool Admits(PolicyPort entry, int number, Net.Protocol protocol, DeclaredPorts pods) =>
        entry.Protocol == protocol && entry.Port switch
        {
            AnyPortNumber => true,
            PortNumberRange r => r.Contains(number),
            NamedPort n => pods.Resolves(n.Name, protocol, number),
            _ => false,
        };

    /// <summary>
    /// Services that back the pods with a port equal to the entry's, and the pod port each forwards to: only the
    /// Services with that port are looked at, and each one's backends come from the namespace's label index, kept to
    /// the pods (in the pods' order).
    /// </summary>
    private static IEnumerable<(Service Service, int Target)> Targets(LintContext context, IReadOnlyList<Pod> pods, DeclaredPorts declared, PolicyPort entry)
    {
        var number = ((PortNumberRange)entry.Port).Port;
        foreach (var service in context.ServicesWithPort(number, entry.Protocol))
        {
            if (service.Selection is not SelectorSelection { Selector: var selector })
            {
                continue;
            }

            var backends = context.PodsMatching(service.Ref.Namespace, selector).Where(p => declared.PositionOf(p) >= 0)
                .OrderBy(declared.PositionOf).ToList();
            if (backends.Count == 0)
            {
                continue;
            }

            foreach (var sp in service.Ports.Where(sp => sp.Port == number && sp.Protocol == entry.Protocol))
            {
                int? target = sp.TargetPort switch
                {
                    NumericTargetPort n => n.Number,
                    NamedTargetPort n => backends.Select(b => b.ResolveNamedPort(n.Name, sp.Protocol)).FirstOrDefault(t => t is not null),
                    _ => null,
                };
                if (target is { } t)
                {
                    yield return (service, t);
                }
            }
        }
    }
}
