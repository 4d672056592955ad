using System.Text;
using System.Text.Json;
using Palisade.Diagnostics;
using Palisade.Generation;
using Palisade.Manifests;
using Palisade.Manifests.Wire;
using Palisade.Manifests.Yaml;

namespace Palisade.Tests.Manifests;

/// <summary>The JSON fast path builds the tree the YAML reader builds, positions included, or hands the text back.</summary>
public sealed class JsonTreeReaderTests
{
    private const string Indented = """
        {
          "apiVersion": "v1",
          "kind": "List",
          "items": [
            { "apiVersion": "v1", "kind": "Namespace", "metadata": { "name": "café", "labels": { "note": "naïve \u00e9 \"q\"" } } },
            {
              "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
              "metadata": { "name": "p", "namespace": "café" },
              "spec": { "podSelector": {}, "ingress": [ { "ports": [ { "port": 80, "endPort": 1e3 } ] } ], "egress": null, "policyTypes": [true, false] }
            }
          ]
        }
        """;

    [Theory]
    [InlineData("indented")]
    [InlineData("generated-S")]
    [InlineData("generated-S-indented")]
    public void TryRead_OnJson_BuildsTheYamlReadersTreeWithPositions(string input)
    {
        var text = input switch
        {
            "indented" => Indented,
            _ => Generated(indented: input.EndsWith("indented", StringComparison.Ordinal)),
        };
        var expected = YamlReader.ReadDocuments(text, "x.json", []);
        var actual = JsonTreeReader.TryRead(text, "x.json", []);
        Assert.NotNull(actual);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(Dump(expected[i]), Dump(actual[i]));
        }
    }

    [Theory]
    [InlineData("{\"a\": 1, \"a\": 2}")]
    [InlineData("{\"a\": 1,}")]
    [InlineData("{a: 1}")]
    [InlineData("{\"a\": 1} // note")]
    [InlineData("{\"a\": 1}\n---\n{\"b\": 2}")]
    [InlineData("[1, 2")]
    public void TryRead_OnUnusualText_HandsItBack(string text)
    {
        Assert.True(JsonTreeReader.LooksLikeJson(text));
        Assert.Null(JsonTreeReader.TryRead(text, "x.json", []));
    }

    [Fact]
    public void LoadText_DuplicateKeyInJson_ReportsItAsBefore()
    {
        var r = ManifestLoader.LoadText("{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"a\", \"name\": \"b\"}}", "d.json", new LoadOptions("default"));
        var d = Assert.Single(r.Diagnostics, x => x.Severity == Severity.Error);
        Assert.Equal(DiagnosticCatalog.DuplicateKey.Code, d.Code);
        Assert.Equal(1, d.Location.Line);
    }

    private static string Generated(bool indented)
    {
        var sb = new StringWriter();
        WireJson.WriteList(KubernetesObjects.Of(SyntheticCluster.Generate(Tier.S, 9)), sb);
        if (!indented)
        {
            return sb.ToString();
        }

        using var doc = JsonDocument.Parse(sb.ToString());
        return JsonSerializer.Serialize(doc.RootElement, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static string Dump(YamlNode node)
    {
        var sb = new StringBuilder();
        Dump(node, sb);
        return sb.ToString();
    }

    private static void Dump(YamlNode node, StringBuilder sb)
    {
        sb.Append(node.Kind).Append('@').Append(node.Line).Append(':').Append(node.Column);
        switch (node.Kind)
        {
            case YamlNodeKind.Scalar:
                sb.Append(node.IsPlain ? " plain " : " quoted ").Append(node.Value).Append('\n');
                break;
            case YamlNodeKind.Sequence:
                sb.Append('[').Append('\n');
                node.Items.ForEach(i => Dump(i, sb));
                sb.Append(']').Append('\n');
                break;
            default:
                sb.Append('{').Append('\n');
                foreach (var (k, v) in node.Pairs)
                {
                    Dump(k, sb);
                    Dump(v, sb);
                }

                sb.Append('}').Append('\n');
                break;
        }
    }
}
