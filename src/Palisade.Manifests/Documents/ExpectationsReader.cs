using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using Palisade.Diagnostics;
using Palisade.Diffing;
using Palisade.Expectations;
using Palisade.Manifests.Yaml;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Manifests.Documents;

/// <summary>
/// Reads an expectations file (<c>kind: Expectations</c>, documented in docs/file-formats.md) strictly, with located
/// diagnostics (PAL31x).
/// </summary>
public static class ExpectationsReader
{
    /// <summary>Reads the file; <paramref name="text"/> overrides reading it.</summary>
    public static Diagnosed<ExpectationSet?> Read(string path, string display, string? text = null, long maxFileSize = InputLimits.DefaultMaxFileSize) =>
        DocumentText.Read<ExpectationsDocument, ExpectationSet>(path, display, "Expectations", text, maxFileSize, (doc, root, at, diagnostics) => Convert(doc, root, at, display, diagnostics));

    private static ExpectationSet Convert(ExpectationsDocument doc, YamlNode root, YamlSourceLocator at, string display, List<Diagnostic> diagnostics)
    {
        void Error(DiagnosticDescriptor descriptor, string p, string message, string help) => diagnostics.Add(descriptor.Create(at.Locate(p), message, help));

        var criteria = new List<Criterion>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (doc.Criteria is null || doc.Criteria.Count == 0)
        {
            Error(DiagnosticCatalog.NoCriteria, string.Empty, "the file has no criteria", "list criteria with an id, a title and expect: entries");
        }

        for (var i = 0; i < (doc.Criteria?.Count ?? 0); i++)
        {
            var c = doc.Criteria![i];
            var cPath = $"criteria[{i}]";
            if (c is null)
            {
                Error(DiagnosticCatalog.EmptyCriterion, cPath, $"criterion {i + 1} is empty", "give it an id, a title and expect: entries");
                continue;
            }

            if (c.Expect is null || c.Expect.Count == 0)
            {
                Error(DiagnosticCatalog.CriterionWithoutExpectations, cPath, $"criterion {c.Id ?? (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)} has no expectations", "list what it requires under expect:");
            }

            if (string.IsNullOrEmpty(c.Id))
            {
                Error(DiagnosticCatalog.CriterionWithoutId, cPath, $"criterion {i + 1} has no id", "give it an id such as AC1");
            }
            else if (!ids.Add(c.Id))
            {
                Error(DiagnosticCatalog.DuplicateCriterionId, $"{cPath}.id", $"criterion id '{c.Id}' is used twice", "ids must be unique");
            }

            var list = new List<Expectation>();
            for (var k = 0; k < (c.Expect?.Count ?? 0); k++)
            {
                var e = c.Expect![k];
                var ePath = $"{cPath}.expect[{k}]";
                if (e is null)
                {
                    Error(DiagnosticCatalog.EmptyExpectation, ePath, "the expectation is empty", "write name, from, to, port and allowed");
                    continue;
                }

                var ok = true;
                void Missing(string field, string help)
                {
                    ok = false;
                    Error(DiagnosticCatalog.ExpectationMissingField, ePath, $"the expectation has no {field}", help);
                }

                if (string.IsNullOrEmpty(e.Name))
                {
                    Missing("name", "say what it checks, e.g. \"belego resolves DNS over UDP\"");
                }
                else if (!names.Add(e.Name))
                {
                    Error(DiagnosticCatalog.DuplicateExpectationName, $"{ePath}.name", $"the expectation name '{e.Name}' is used twice", "names identify results in reports; make them unique");
                }

                var expectNode = root.Get("criteria")?.Items.ElementAtOrDefault(i)?.Get("expect")?.Items.ElementAtOrDefault(k);
                bool fromBad = false, toBad = false;
                var (fromText, fromSelector) = End(expectNode, e.From, ePath, "from", at, display, diagnostics, ref fromBad);
                var (toText, toSelector) = End(expectNode, e.To, ePath, "to", at, display, diagnostics, ref toBad);
                ok &= !fromBad && !toBad;
                if (string.IsNullOrEmpty(fromText) && !fromBad)
                {
                    Missing("from", "name the source: NAMESPACE/NAME, an IP address, or a selector {namespace: N, podSelector: {...}}");
                }

                if (string.IsNullOrEmpty(toText) && !toBad)
                {
                    Missing("to", "name the destination: NAMESPACE/NAME, svc/NAMESPACE/NAME, an IP address, an address set, or a selector {namespace: N, podSelector: {...}}");
                }

                if (e.Allowed is null)
                {
                    Missing("allowed", "write allowed: true or allowed: false");
                }

                AddressSet? toSet = null;
                if (!string.IsNullOrEmpty(toText) && toSelector is null)
                {
                    toSet = AddressSet.TryParse(toText, out var cidrError);
                    if (cidrError is not null)
                    {
                        ok = false;
                        Error(DiagnosticCatalog.InvalidAddressSet, $"{ePath}.to", $"to: {cidrError}", "write an address set as a CIDR such as 0.0.0.0/0, or internet, private or any-external");
                    }
                }

                var port = default(PortProtocol);
                IReadOnlyList<PortInterval> portSet = [];
                IReadOnlyList<NamedPortRef> namedPorts = [];
                if (string.IsNullOrEmpty(e.Port))
                {
                    Missing("port", "write port: 22/TCP");
                }
                else if (PortSet.IsSet(e.Port) || PortSet.IsNamed(e.Port) || toSet is not null || fromSelector is not null || toSelector is not null)
                {
                    if (!PortSet.TryParse(e.Port, out portSet, out var portNames, out var setError))
                    {
                        ok = false;
                        Error(DiagnosticCatalog.InvalidPortSet, $"{ePath}.port", $"port '{e.Port}': {setError}", "write a port set as any, or a list such as 80/TCP,443/TCP,1000-2000/TCP,ssh/TCP");
                    }
                    else
                    {
                        // A set of named ports only keeps its first name's protocol; the number is resolved per pod.
                        port = portSet.Count > 0 ? new PortProtocol(portSet[0].First, portSet[0].Protocol) : new PortProtocol(1, portNames[0].Protocol);
                        namedPorts = portNames;
                    }
                }
                else if (!PortProtocol.TryParse(e.Port, out port, out var portError))
                {
                    ok = false;
                    Error(DiagnosticCatalog.ExpectationPort, $"{ePath}.port", $"port '{e.Port}': {portError}", "write ports as 22/TCP, 53/UDP or 9000/SCTP");
                }

                if (ok && e.Reaches is not null && (toSet is not null || portSet.Count > 0 || namedPorts.Count > 0 || fromSelector is not null || toSelector is not null))
                {
                    ok = false;
                    Error(DiagnosticCatalog.ReachesWithSet, $"{ePath}.reaches", "reaches: a quantified expectation (a selector, a port set or an address set) cannot name the workload it reaches", "write reaches: on an expectation with one port and one destination");
                }

                if (ok)
                {
                    list.Add(new Expectation(e.Name!, fromText!, toText!, port, e.Allowed!.Value, e.Reaches)
                    {
                        Location = at.Locate(ePath),
                        FromLocation = at.Locate($"{ePath}.from"),
                        ToLocation = at.Locate($"{ePath}.to"),
                        ReachesLocation = at.Locate($"{ePath}.reaches"),
                        PortSet = portSet.ToEquatableArray(),
                        NamedPorts = namedPorts.ToEquatableArray(),
                        ToSet = toSet,
                        FromSelector = fromSelector,
                        ToSelector = toSelector,
                    });
                }
            }

            criteria.Add(new Criterion(c.Id ?? string.Empty, c.Title ?? string.Empty, list.ToEquatableArray()));
        }

        return new ExpectationSet(criteria.ToEquatableArray()) { Location = new SourceLocation(display, 1, 1) };
    }

    /// <summary>
    /// Reads <c>from</c> or <c>to</c>: a scalar is a name or an address (its text), a mapping is a selector
    /// (docs/file-formats.md, "Selectors"), checked strictly like the rest of the file.
    /// </summary>
    private static (string? Text, PodSetSelector? Selector) End(
        YamlNode? expectNode, JsonElement? value, string ePath, string field, YamlSourceLocator at, string display, List<Diagnostic> diagnostics, ref bool failed)
    {
        var node = expectNode?.Get(field);
        if (value is not { } v || v.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (node is null || node.Kind == YamlNodeKind.Scalar)
        {
            return (node?.Value ?? v.ToString(), null);
        }

        var path = $"{ePath}.{field}";
        if (node.Kind != YamlNodeKind.Mapping)
        {
            failed = true;
            diagnostics.Add(DiagnosticCatalog.InvalidSelectorEnd.Create(at.Locate(path), $"{field}: a list is not an endpoint",
                "write a name (NAMESPACE/NAME), an address, or one selector {namespace: N, podSelector: {...}}"));
            return (null, null);
        }

        var errorsBefore = diagnostics.Count(d => d.Severity == Severity.Error);
        var json = SchemaWriter.Write(node, typeof(SelectorDocument), $"Expectations {path}", display, diagnostics, []);
        var doc = ManifestJson.Deserialize<SelectorDocument>(json);
        void Error(string p, string message, string help)
        {
            diagnostics.Add(DiagnosticCatalog.InvalidSelectorEnd.Create(at.Locate(p), message, help));
        }

        SelectorNamespaces? scope = null;
        if ((doc.Namespace is null) == (doc.NamespaceSelector is null))
        {
            Error(path, $"{field}: a selector names its namespaces with exactly one of namespace or namespaceSelector",
                "write namespace: NAME for one namespace, or namespaceSelector: {matchLabels: {...}} ({} for every namespace)");
        }
        else if (doc.Namespace is { } name)
        {
            if (LabelSyntax.CheckDnsLabel(name) is { } why)
            {
                Error($"{path}.namespace", $"{field}: '{LabelSyntax.Printable(name)}' is not a namespace name: {why}",
                    "namespace names are DNS labels; use namespaceSelector: {} for every namespace");
            }
            else
            {
                scope = new SelectorNamespaces.Named(name);
            }
        }
        else
        {
            scope = new SelectorNamespaces.Selected(ModelConverter.ConvertSelector(doc.NamespaceSelector!, $"{path}.namespaceSelector", at, diagnostics));
        }

        var pods = doc.PodSelector is { } ps ? ModelConverter.ConvertSelector(ps, $"{path}.podSelector", at, diagnostics) : LabelSelector.Everything;
        if (scope is null || diagnostics.Count(d => d.Severity == Severity.Error) > errorsBefore)
        {
            failed = true;
            return (null, null);
        }

        var selector = new PodSetSelector(scope, pods, doc.Hypothetical == true);
        return (selector.ToString(), selector);
    }

#pragma warning disable CA1812 // instantiated by the JSON deserializer
    internal sealed class ExpectationsDocument
    {
        [JsonPropertyName("apiVersion")] public string? ApiVersion { get; set; }
        [JsonPropertyName("kind")] public string? Kind { get; set; }
        [JsonPropertyName("metadata")] public Dictionary<string, string>? Metadata { get; set; }
        [JsonPropertyName("criteria")] public IList<CriterionDocument?>? Criteria { get; set; }
    }

    internal sealed class CriterionDocument
    {
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("title")] public string? Title { get; set; }
        [JsonPropertyName("expect")] public IList<ExpectationDocument?>? Expect { get; set; }
    }

    internal sealed class ExpectationDocument
    {
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("from")] public JsonElement? From { get; set; }
        [JsonPropertyName("to")] public JsonElement? To { get; set; }
        [JsonPropertyName("port")] public string? Port { get; set; }
        [JsonPropertyName("allowed")] public bool? Allowed { get; set; }
        [JsonPropertyName("reaches")] public string? Reaches { get; set; }
    }

    internal sealed class SelectorDocument
    {
        [JsonPropertyName("namespace")] public string? Namespace { get; set; }
        [JsonPropertyName("namespaceSelector")] public V1LabelSelector? NamespaceSelector { get; set; }
        [JsonPropertyName("podSelector")] public V1LabelSelector? PodSelector { get; set; }
        [JsonPropertyName("hypothetical")] public bool? Hypothetical { get; set; }
    }
#pragma warning restore CA1812
}
