using System.Text.Json.Serialization;
using k8s;
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
    public static Diagnosed<ExpectationSet?> Read(string path, string display, string? text = null, long maxFileSize = InputLimits.DefaultMaxFileSize)
    {
        var diagnostics = new List<Diagnostic>();
        var (root, lines) = DocumentText.Read(path, display, "Expectations", diagnostics, text, maxFileSize);
        if (root is null)
        {
            return new(null, diagnostics);
        }

        var json = SchemaWriter.Write(root, typeof(ExpectationsDocument), "Expectations", display, diagnostics, []);
        var at = new YamlSourceLocator(root, display, lines);
        var doc = KubernetesJson.Deserialize<ExpectationsDocument>(json);
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

                if (string.IsNullOrEmpty(e.From))
                {
                    Missing("from", "name the source: NAMESPACE/NAME or an IP address");
                }

                if (string.IsNullOrEmpty(e.To))
                {
                    Missing("to", "name the destination: NAMESPACE/NAME, svc/NAMESPACE/NAME or an IP address");
                }

                if (e.Allowed is null)
                {
                    Missing("allowed", "write allowed: true or allowed: false");
                }

                AddressSet? toSet = null;
                if (!string.IsNullOrEmpty(e.To))
                {
                    toSet = AddressSet.TryParse(e.To, out var cidrError);
                    if (cidrError is not null)
                    {
                        ok = false;
                        Error(DiagnosticCatalog.InvalidAddressSet, $"{ePath}.to", $"to: {cidrError}", "write an address set as a CIDR such as 0.0.0.0/0, or internet, private or any-external");
                    }
                }

                var port = default(PortProtocol);
                IReadOnlyList<PortInterval> portSet = [];
                if (string.IsNullOrEmpty(e.Port))
                {
                    Missing("port", "write port: 22/TCP");
                }
                else if (PortSet.IsSet(e.Port) || toSet is not null)
                {
                    if (!PortSet.TryParse(e.Port, out portSet, out var setError))
                    {
                        ok = false;
                        Error(DiagnosticCatalog.InvalidPortSet, $"{ePath}.port", $"port '{e.Port}': {setError}", "write a port set as any, or a list such as 80/TCP,443/TCP,1000-2000/TCP");
                    }
                    else
                    {
                        port = new PortProtocol(portSet[0].First, portSet[0].Protocol);
                    }
                }
                else if (!PortProtocol.TryParse(e.Port, out port, out var portError))
                {
                    ok = false;
                    Error(DiagnosticCatalog.ExpectationPort, $"{ePath}.port", $"port '{e.Port}': {portError}", "write ports as 22/TCP, 53/UDP or 9000/SCTP");
                }

                if (ok && e.Reaches is not null && (toSet is not null || portSet.Count > 0))
                {
                    ok = false;
                    Error(DiagnosticCatalog.ReachesWithSet, $"{ePath}.reaches", "reaches: a quantified expectation (a port set or an address set) cannot name the workload it reaches", "write reaches: on an expectation with one port and one destination");
                }

                if (ok)
                {
                    list.Add(new Expectation(e.Name!, e.From!, e.To!, port, e.Allowed!.Value, e.Reaches)
                    {
                        Location = at.Locate(ePath),
                        FromLocation = at.Locate($"{ePath}.from"),
                        ToLocation = at.Locate($"{ePath}.to"),
                        ReachesLocation = at.Locate($"{ePath}.reaches"),
                        PortSet = portSet.ToEquatableArray(),
                        ToSet = toSet,
                    });
                }
            }

            criteria.Add(new Criterion(c.Id ?? string.Empty, c.Title ?? string.Empty, list.ToEquatableArray()));
        }

        var set = new ExpectationSet(criteria.ToEquatableArray()) { Location = new SourceLocation(display, 1, 1) };
        return new(diagnostics.Any(d => d.Severity == Severity.Error) ? null : set, diagnostics);
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
        [JsonPropertyName("from")] public string? From { get; set; }
        [JsonPropertyName("to")] public string? To { get; set; }
        [JsonPropertyName("port")] public string? Port { get; set; }
        [JsonPropertyName("allowed")] public bool? Allowed { get; set; }
        [JsonPropertyName("reaches")] public string? Reaches { get; set; }
    }
#pragma warning restore CA1812
}
