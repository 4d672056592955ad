using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using Palisade.Diagnostics;
using Palisade.Manifests.Yaml;
using Palisade.Model;
using Palisade.Net;
using Palisade.Rendering;

namespace Palisade.Manifests.Documents;

/// <summary>
/// Reads an isolation profile (<c>kind: IsolationProfile</c>, documented in docs/file-formats.md) strictly: unknown
/// fields, wrong types and bad values are located diagnostics (PAL14x), never exceptions.
/// </summary>
public static class ProfileReader
{
    /// <summary>Reads a profile file; <paramref name="text"/> overrides reading the file (tests, stdin).</summary>
    public static Diagnosed<IsolationProfile?> Read(string path, string display, string? text = null, long maxFileSize = InputLimits.DefaultMaxFileSize) =>
        DocumentText.Read<ProfileDocument, IsolationProfile>(path, display, "IsolationProfile", text, maxFileSize, (doc, _, at, diagnostics) => Convert(doc, at, diagnostics));

    private static IsolationProfile? Convert(ProfileDocument doc, ISourceLocator at, List<Diagnostic> diagnostics)
    {
        void Error(string path, string message, string help) =>
            diagnostics.Add(DiagnosticCatalog.ProfileMissingField.Create(at.Locate(path), message, help));

        var name = doc.Metadata?.Name;
        if (string.IsNullOrEmpty(name))
        {
            Error("metadata", "the profile has no metadata.name", "name the profile; the rendered NetworkPolicy takes its name");
        }

        else if (!DnsName(name, 253))
        {
            diagnostics.Add(DiagnosticCatalog.ProfileInvalidName.Create(at.Locate("metadata.name"), $"'{name}' is not a valid NetworkPolicy name",
                "use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit"));
        }

        var spec = doc.Spec;
        if (spec?.Isolate?.Namespace is not { Length: > 0 } ns)
        {
            Error(spec?.Isolate is null ? "spec" : "spec.isolate", "spec.isolate.namespace is missing", "name the namespace of the isolated workloads");
            return null;
        }

        if (!DnsName(ns, 63) || ns.Contains('.', StringComparison.Ordinal))
        {
            diagnostics.Add(DiagnosticCatalog.ProfileInvalidName.Create(at.Locate("spec.isolate.namespace"), $"'{ns}' is not a valid namespace name",
                "use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit"));
        }

        if (spec.Isolate.PodSelector is null)
        {
            Error("spec.isolate", "spec.isolate.podSelector is missing", "select the isolated pods by label, e.g. matchLabels: {app.kubernetes.io/name: dev-container}; {} selects every pod of the namespace");
        }

        var selector = spec.Isolate.PodSelector is { } ps ? ModelConverter.ConvertSelector(ps, "spec.isolate.podSelector", at, diagnostics) : LabelSelector.Everything;
        var namespaceLabel = spec.NamespaceLabel ?? Namespace.NameLabel;
        if (LabelSyntax.CheckKey(namespaceLabel) is { } keyError)
        {
            diagnostics.Add(DiagnosticCatalog.ProfileNamespaceLabel.Create(at.Locate("spec.namespaceLabel"), $"namespaceLabel '{namespaceLabel}' is not a label key: {keyError}", "use kubernetes.io/metadata.name (the default) or a label key such as name"));
        }

        var ingress = Peers(spec.Ingress, "spec.ingress", "from", p => p.From, at, diagnostics);
        var egress = Peers(spec.Egress, "spec.egress", "to", p => p.To, at, diagnostics);
        ProxySpec? proxy = null;
        if (spec.Proxy is { } px)
        {
            proxy = Proxy(px, at, diagnostics);
        }

        // An absent section leaves its direction open; an explicit list (even empty) isolates it.
        var isolates = (spec.Ingress is null ? PolicyTypes.None : PolicyTypes.Ingress) | (spec.Egress is null ? PolicyTypes.None : PolicyTypes.Egress);
        if (isolates == PolicyTypes.None)
        {
            diagnostics.Add(DiagnosticCatalog.ProfileIsolatesNothing.Create(at.Locate("spec"), "the profile declares neither ingress nor egress, so it would isolate nothing",
                "add an ingress: list (who may reach the pods) and/or an egress: list (what they may reach); an empty list denies all of that direction"));
        }
        else if (spec.Egress is not null && !egress.Any(AllowsDns))
        {
            diagnostics.Add(DiagnosticCatalog.ProfileEgressWithoutDns.Create(at.Locate("spec.egress"), "egress isolates the pods and no entry allows DNS (53/UDP): they cannot resolve names",
                "add an egress entry to the cluster DNS (e.g. namespace kube-system, podSelector k8s-app: kube-dns, ports [53/UDP, 53/TCP]), or drop the egress: section to leave egress open"));
        }

        var tier = spec.Tier switch
        {
            null or "none" => GuardrailTier.None,
            "admin" => GuardrailTier.Admin,
            "baseline" => GuardrailTier.Baseline,
            _ => Invalid(GuardrailTier.None, "spec.tier", $"tier '{spec.Tier}' is not admin, baseline or none",
                "write tier: admin (guardrails no namespace owner can undo), baseline (a fallback) or none (NetworkPolicy only, the default)"),
        };
        var api = spec.TierApiVersion switch
        {
            null or "v1alpha1" => TierApiVersion.V1Alpha1,
            "v1alpha2" => TierApiVersion.V1Alpha2,
            _ => Invalid(TierApiVersion.V1Alpha1, "spec.tierApiVersion", $"tierApiVersion '{spec.TierApiVersion}' is not v1alpha1 or v1alpha2",
                "write v1alpha1 (AdminNetworkPolicy/BaselineAdminNetworkPolicy, the default) or v1alpha2 (ClusterNetworkPolicy)"),
        };

        return new IsolationProfile(name ?? string.Empty, ns, selector, namespaceLabel, ingress, egress, proxy)
        {
            Location = at.Locate(string.Empty),
            Isolates = isolates,
            Tier = tier,
            TierApiVersion = api,
        };

        T Invalid<T>(T fallback, string path, string message, string help)
        {
            diagnostics.Add(DiagnosticCatalog.ProfileTierValue.Create(at.Locate(path), message, help));
            return fallback;
        }
    }

    private static bool AllowsDns(ProfilePeer peer) =>
        peer.Ports.IsEmpty || peer.Ports.Any(p => p.Port == 53 && p.Protocol == Protocol.UDP);

    /// <summary>Kubernetes' DNS-1123 subdomain rule (names), at most <paramref name="max"/> characters.</summary>
    private static bool DnsName(string text, int max) =>
        text.Length <= max && System.Text.RegularExpressions.Regex.IsMatch(text, "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\\z");

    private static EquatableArray<ProfilePeer> Peers(IList<PeerDocument?>? list, string path, string side, Func<PeerDocument, PeerTarget?> target, ISourceLocator at, List<Diagnostic> diagnostics)
    {
        var result = new List<ProfilePeer>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            var p = list![i];
            var pPath = $"{path}[{i}]";
            if (p is null)
            {
                continue;
            }

            if (string.IsNullOrEmpty(p.Name))
            {
                diagnostics.Add(DiagnosticCatalog.ProfileMissingField.Create(at.Locate(pPath), $"{path}[{i}] has no name", "name each entry (it becomes the rule's comment and the report's label)"));
            }
            else if (!names.Add(p.Name))
            {
                diagnostics.Add(DiagnosticCatalog.ProfileDuplicatePeerName.Create(at.Locate($"{pPath}.name"), $"the name '{p.Name}' is used twice in {path}", "give each entry its own name"));
            }

            var t = target(p);
            if (t?.Namespace is not { Length: > 0 } ns)
            {
                diagnostics.Add(DiagnosticCatalog.ProfileMissingField.Create(at.Locate(t is null ? pPath : $"{pPath}.{side}"), $"{pPath}.{side}.namespace is missing",
                    "name the namespace, or \"*\" for any namespace"));
                continue;
            }

            var selector = t.PodSelector is { } ps ? ModelConverter.ConvertSelector(ps, $"{pPath}.{side}.podSelector", at, diagnostics) : null;
            var ports = new List<PortProtocol>();
            for (var k = 0; k < (p.Ports?.Count ?? 0); k++)
            {
                var text = p.Ports![k];
                if (!PortProtocol.TryParse(text, out var pp, out var error))
                {
                    diagnostics.Add(DiagnosticCatalog.ProfilePort.Create(at.Locate($"{pPath}.ports[{k}]"), $"port '{text}': {error}", "write ports as 22/TCP, 53/UDP or 9000/SCTP"));
                    continue;
                }

                ports.Add(pp);
            }

            if (ns != "*" && (!DnsName(ns, 63) || ns.Contains('.', StringComparison.Ordinal)))
            {
                diagnostics.Add(DiagnosticCatalog.ProfileInvalidName.Create(at.Locate($"{pPath}.{side}.namespace"), $"'{ns}' is not a valid namespace name",
                    "write a namespace name, or \"*\" for any namespace"));
            }

            result.Add(new ProfilePeer(p.Name ?? string.Empty, ns == "*" ? AnyNamespace.Instance : new NamedNamespace(ns), selector, ports.ToEquatableArray())
            {
                Location = at.Locate(pPath),
            });
        }

        return result.ToEquatableArray();
    }

    private static ProxySpec? Proxy(ProxyDocument px, ISourceLocator at, List<Diagnostic> diagnostics)
    {
        var ok = true;
        void Error(string path, string message, string help)
        {
            ok = false;
            diagnostics.Add(DiagnosticCatalog.ProfileProxy.Create(at.Locate(path), message, help));
        }

        if (!ObjectRef.TryParse(px.Workload, out var workload))
        {
            Error("spec.proxy.workload", $"proxy workload '{px.Workload}' is not NAMESPACE/NAME", "name the proxy's workload, e.g. dev/nginx-proxy");
        }

        ObjectRef? service = null;
        if (px.Service is not null)
        {
            if (ObjectRef.TryParse(px.Service, out var s))
            {
                service = s;
            }
            else
            {
                Error("spec.proxy.service", $"proxy service '{px.Service}' is not NAMESPACE/NAME", "name the LoadBalancer Service, e.g. dev/nginx-proxy-ssh");
            }
        }

        IpAddr? address = null;
        if (px.Address is not null)
        {
            if (IpAddr.TryParse(px.Address, out var a))
            {
                address = a;
            }
            else
            {
                Error("spec.proxy.address", $"'{px.Address}' is not an IP address", "write the LoadBalancer address, e.g. 192.168.2.101");
            }
        }

        var routes = new List<ProxyRoute>();
        var listens = new HashSet<int>();
        for (var i = 0; i < (px.Routes?.Count ?? 0); i++)
        {
            var r = px.Routes![i];
            var path = $"spec.proxy.routes[{i}]";
            if (r is null)
            {
                continue;
            }

            if (r.Listen is not (>= 1 and <= 65535))
            {
                Error($"{path}.listen", $"listen port {r.Listen?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(missing)"} is not between 1 and 65535", "write the port the proxy listens on, e.g. 2222");
                continue;
            }

            if (!listens.Add(r.Listen.Value))
            {
                Error($"{path}.listen", $"listen port {r.Listen} is routed twice", "each listen port routes to one Service");
            }

            var to = r.To ?? string.Empty;
            var colon = to.LastIndexOf(':');
            if (colon < 0 || !ObjectRef.TryParse(to[..colon], out var svc)
                || !int.TryParse(to[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
                || port is < 1 or > 65535)
            {
                Error($"{path}.to", $"route target '{to}' is not NAMESPACE/SERVICE:PORT", "write e.g. dev/dev-container-belego-svc:22");
                continue;
            }

            routes.Add(new ProxyRoute(r.Listen.Value, svc, port) { Location = at.Locate(path) });
        }

        return ok ? new ProxySpec(workload, service, address, routes.ToEquatableArray()) { Location = at.Locate("spec.proxy") } : null;
    }

#pragma warning disable CA1812 // instantiated by the JSON deserializer
    internal sealed class ProfileDocument
    {
        [JsonPropertyName("apiVersion")] public string? ApiVersion { get; set; }
        [JsonPropertyName("kind")] public string? Kind { get; set; }
        [JsonPropertyName("metadata")] public MetadataDocument? Metadata { get; set; }
        [JsonPropertyName("spec")] public SpecDocument? Spec { get; set; }
    }

    internal sealed class MetadataDocument
    {
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("description")] public string? Description { get; set; }
    }

    internal sealed class SpecDocument
    {
        [JsonPropertyName("isolate")] public PeerTarget? Isolate { get; set; }
        [JsonPropertyName("namespaceLabel")] public string? NamespaceLabel { get; set; }
        [JsonPropertyName("tier")] public string? Tier { get; set; }
        [JsonPropertyName("tierApiVersion")] public string? TierApiVersion { get; set; }
        [JsonPropertyName("ingress")] public IList<PeerDocument?>? Ingress { get; set; }
        [JsonPropertyName("egress")] public IList<PeerDocument?>? Egress { get; set; }
        [JsonPropertyName("proxy")] public ProxyDocument? Proxy { get; set; }
    }

    internal sealed class PeerTarget
    {
        [JsonPropertyName("namespace")] public string? Namespace { get; set; }
        [JsonPropertyName("podSelector")] public V1LabelSelector? PodSelector { get; set; }
    }

    internal sealed class PeerDocument
    {
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("from")] public PeerTarget? From { get; set; }
        [JsonPropertyName("to")] public PeerTarget? To { get; set; }
        [JsonPropertyName("ports")] public IList<string>? Ports { get; set; }
    }

    internal sealed class ProxyDocument
    {
        [JsonPropertyName("workload")] public string? Workload { get; set; }
        [JsonPropertyName("service")] public string? Service { get; set; }
        [JsonPropertyName("address")] public string? Address { get; set; }
        [JsonPropertyName("routes")] public IList<RouteDocument?>? Routes { get; set; }
    }

    internal sealed class RouteDocument
    {
        [JsonPropertyName("listen")] public int? Listen { get; set; }
        [JsonPropertyName("to")] public string? To { get; set; }
    }
#pragma warning restore CA1812
}
