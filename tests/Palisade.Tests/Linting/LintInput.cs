using Palisade.Linting;
using Palisade.Manifests;
using Palisade.Model;
using Palisade.Tests.Manifests;

namespace Palisade.Tests.Linting;

/// <summary>Lints YAML text as users write it.</summary>
internal static class LintInput
{
    public static LintResult Lint(string yaml, LintConfig? config = null) => Linter.Lint(Load(yaml), config: config);

    /// <summary>A lint context over YAML text, for tests that read its counters.</summary>
    public static LintContext Context(string yaml) => new(Load(yaml));

    private static ClusterSnapshot Load(string yaml)
    {
        var loaded = ManifestLoader.LoadText(yaml.ReplaceLineEndings("\n"), "test.yaml", new LoadOptions("default"));
        ManifestTestInput.NoErrors(loaded);
        return loaded.Snapshot;
    }

    public static string Render(LintResult result) =>
        string.Join("\n", result.Findings.Select(f => $"{f.Diagnostic}\n  help: {f.Diagnostic.Help}"));

    public static List<LintFinding> Only(LintResult result, string code) => [.. result.Findings.Where(f => f.Code == code)];

    public static LintFinding Single(LintResult result, string code)
    {
        var found = Only(result, code);
        Assert.True(found.Count == 1, $"expected one {code}, got:\n{Render(result)}");
        return found[0];
    }

    public static void None(LintResult result, string code) =>
        Assert.True(Only(result, code).Count == 0, $"expected no {code}, got:\n{Render(result)}");

    /// <summary>A namespace with labels.</summary>
    public static string Ns(string name, string labels = "") => $"""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: {name}
        {(labels.Length > 0 ? $"  labels: {{{labels}}}" : string.Empty)}
        ---

        """;

    /// <summary>A Pod with labels, an optional IP, ports "name:number/PROTO" (name may be empty) and hostNetwork.</summary>
    public static string Pod(string ns, string name, string labels, string? ip = null, string ports = "", bool hostNetwork = false)
    {
        var portLines = string.Concat(ports.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var (named, rest) = p.Contains(':') ? (p[..p.IndexOf(':')], p[(p.IndexOf(':') + 1)..]) : (string.Empty, p);
            var parts = rest.Split('/');
            var nameLine = named.Length > 0 ? $"          name: {named}\n" : string.Empty;
            return $"        - containerPort: {parts[0]}\n{nameLine}          protocol: {(parts.Length > 1 ? parts[1] : "TCP")}\n";
        }));
        return $$"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: {{name}}
              namespace: {{ns}}
              labels: {{{labels}}}
            spec:
              hostNetwork: {{(hostNetwork ? "true" : "false")}}
              containers:
              - name: c
                image: x
            {{(portLines.Length > 0 ? "    ports:\n" + portLines.TrimEnd('\n') : string.Empty)}}
            {{(ip is null ? string.Empty : $"status:\n  podIP: {ip}\n  podIPs:\n  - ip: {ip}")}}
            ---

            """;
    }
}
