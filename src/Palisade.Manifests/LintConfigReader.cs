using Palisade.Diagnostics;
using Palisade.Linting;
using Palisade.Manifests.Yaml;
using Palisade.Model;

namespace Palisade.Manifests;

/// <summary>
/// Reads a lint configuration (<c>.palisade-lint.yaml</c>) strictly: unknown keys, wrong shapes, unknown codes and
/// malformed policy references are located PAL29x errors. The caller reads the file; this is pure.
/// </summary>
/// <example>
/// <code>
/// disable: [PAL208]
/// ignore:
///   - policy: dev/dev-container-isolation
///     codes: [PAL206]
/// </code>
/// </example>
public static class LintConfigReader
{
    /// <summary>The file name looked for in the input folder.</summary>
    public const string DefaultFileName = ".palisade-lint.yaml";

    /// <summary>Parses the text; <paramref name="displayPath"/> is used in locations.</summary>
    public static Diagnosed<LintConfig> Parse(string text, string displayPath)
    {
        var diagnostics = new List<Diagnostic>();
        var documents = YamlReader.ReadDocuments(text, displayPath, diagnostics);
        foreach (var d in diagnostics.Where(d => d.Code == DiagnosticCatalog.MalformedInput.Code || d.Code == DiagnosticCatalog.DuplicateKey.Code).ToList())
        {
            // Syntax errors carry the loader's code; in a lint configuration they are PAL290.
            diagnostics.Remove(d);
            diagnostics.Add(d with { Code = DiagnosticCatalog.LintConfigMalformed.Code });
        }

        if (documents.Count > 1)
        {
            diagnostics.Add(Error(displayPath, documents[1], "a lint configuration has one YAML document", "remove the extra '---' documents"));
        }

        var disabled = new List<string>();
        var ignores = new List<LintIgnore>();
        if (documents.Count > 0)
        {
            var root = documents[0];
            if (root.Kind != YamlNodeKind.Mapping)
            {
                diagnostics.Add(Error(displayPath, root, "the lint configuration must be a mapping with 'disable' and/or 'ignore'", Example));
            }
            else
            {
                foreach (var (key, value) in root.Pairs)
                {
                    switch (key.Value)
                    {
                        case "disable":
                            disabled.AddRange(Codes(displayPath, value, "disable", diagnostics));
                            break;
                        case "ignore":
                            ignores.AddRange(Ignores(displayPath, value, diagnostics));
                            break;
                        default:
                            diagnostics.Add(Error(displayPath, key, $"unknown key '{key.Value}' in the lint configuration", "the keys are 'disable' (a list of codes) and 'ignore' (a list of {policy, codes})"));
                            break;
                    }
                }
            }
        }

        return new Diagnosed<LintConfig>(
            new LintConfig(disabled.ToEquatableArray(), ignores.ToEquatableArray()),
            [.. diagnostics.OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column)]);
    }

    private static readonly string Example =
        $"for example:\n  disable: [{DiagnosticCatalog.OpenRule.Code}]\n  ignore:\n    - policy: dev/web\n      codes: [{DiagnosticCatalog.MutableNamespaceLabel.Code}]";

    private static List<string> Codes(string path, YamlNode node, string where, List<Diagnostic> diagnostics)
    {
        var codes = new List<string>();
        if (node.Kind != YamlNodeKind.Sequence)
        {
            diagnostics.Add(Error(path, node, $"'{where}' must be a list of lint codes, such as [{DiagnosticCatalog.MutableNamespaceLabel.Code}, {DiagnosticCatalog.OpenRule.Code}]", Example));
            return codes;
        }

        foreach (var item in node.Items)
        {
            if (item.Kind != YamlNodeKind.Scalar || item.IsNull)
            {
                diagnostics.Add(Error(path, item, $"'{where}' entries must be lint codes such as {DiagnosticCatalog.MutableNamespaceLabel.Code}", Example));
            }
            else if (item.Value != "*" && Linter.FindRule(item.Value) is null)
            {
                diagnostics.Add(DiagnosticCatalog.UnknownLintCode.Create(
                    At(path, item),
                    $"'{item.Value}' is not a lint code",
                    $"lint codes are {Linter.Rules[0].Code}..{Linter.Rules[^1].Code} (docs/diagnostics.md){(where == "disable" ? string.Empty : "; '*' means all")}"));
            }
            else if (item.Value == "*" && where == "disable")
            {
                diagnostics.Add(Error(path, item, "'disable: [*]' would turn the linter off", "list the codes to disable"));
            }
            else
            {
                codes.Add(item.Value == "*" ? "*" : Linter.FindRule(item.Value)!.Code);
            }
        }

        return codes;
    }

    private static List<LintIgnore> Ignores(string path, YamlNode node, List<Diagnostic> diagnostics)
    {
        var ignores = new List<LintIgnore>();
        if (node.Kind != YamlNodeKind.Sequence)
        {
            diagnostics.Add(Error(path, node, "'ignore' must be a list of {policy: NAMESPACE/NAME, codes: [...]}", Example));
            return ignores;
        }

        foreach (var item in node.Items)
        {
            if (item.Kind != YamlNodeKind.Mapping)
            {
                diagnostics.Add(Error(path, item, "an 'ignore' entry must be a mapping with 'policy' and 'codes'", Example));
                continue;
            }

            string? policy = null;
            List<string>? codes = null;
            foreach (var (key, value) in item.Pairs)
            {
                switch (key.Value)
                {
                    case "policy":
                        policy = value.Kind == YamlNodeKind.Scalar && !value.IsNull ? value.Value : null;
                        if (policy is null || !ValidPolicy(policy))
                        {
                            diagnostics.Add(DiagnosticCatalog.LintConfigPolicyReference.Create(
                                At(path, value),
                                $"'policy' must be NAMESPACE/NAME or NAMESPACE/*, not '{(value.Kind == YamlNodeKind.Scalar ? value.Value : value.Kind.ToString())}'",
                                "for example 'dev/dev-container-isolation' or 'dev/*'"));
                            policy = null;
                        }

                        break;
                    case "codes":
                        codes = Codes(path, value, "codes", diagnostics);
                        break;
                    default:
                        diagnostics.Add(Error(path, key, $"unknown key '{key.Value}' in an 'ignore' entry", "the keys are 'policy' and 'codes'"));
                        break;
                }
            }

            if (item.GetKey("policy") is null || item.GetKey("codes") is null)
            {
                diagnostics.Add(Error(path, item, $"an 'ignore' entry needs {(item.GetKey("policy") is null ? "'policy'" : "'codes'")}", Example));
                continue;
            }

            if (policy is not null && codes is { Count: > 0 })
            {
                ignores.Add(new LintIgnore(policy, codes.ToEquatableArray()) { Location = At(path, item) });
            }
        }

        return ignores;
    }

    private static bool ValidPolicy(string text) =>
        ObjectRef.TryParse(text, out var r) && !r.Namespace.Contains('*', StringComparison.Ordinal)
        && (r.Name == "*" || !r.Name.Contains('*', StringComparison.Ordinal));

    private static SourceLocation At(string path, YamlNode node) => new(path, node.Line, node.Column);

    private static Diagnostic Error(string path, YamlNode node, string message, string help) =>
        DiagnosticCatalog.LintConfigMalformed.Create(At(path, node), message, help);
}
