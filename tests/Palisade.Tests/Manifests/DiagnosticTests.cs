using Palisade.Diagnostics;
using Palisade.Manifests;
using static Palisade.Tests.Manifests.ManifestTestInput;

namespace Palisade.Tests.Manifests;

public class DiagnosticTests
{
    private const string PolicyHead = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n";

    [Theory]
    // line 6 of every case is the first line after "spec:"
    [InlineData("PAL104", "  podSelecter: {}\n", 6, 3, "unknown field 'podSelecter' in NetworkPolicy spec", "did you mean 'podSelector'?")]
    [InlineData("PAL105", "  podSelector: {matchLabels: {app: [a]}}\n", 6, 36, "NetworkPolicy spec.podSelector.matchLabels.app must be a string, found a list", null)]
    [InlineData("PAL105", "  podSelector: {}\n  ingress:\n  - ports: [{endPort: abc}]\n", 8, 23, "must be a 32-bit integer, found 'abc'", null)]
    [InlineData("PAL110", "  egress:\n  - to: [{ipBlock: {cidr: 10.0.0.0/33}}]\n", 7, 27, "invalid CIDR '10.0.0.0/33'", null)]
    [InlineData("PAL110", "  egress:\n  - to:\n    - ipBlock:\n        cidr: 10.0.0.0/8\n        except: [10.1.0.0]\n", 10, 18, "invalid CIDR '10.1.0.0' in except", null)]
    [InlineData("PAL111", "  egress:\n  - to:\n    - ipBlock:\n        cidr: 10.0.0.0/8\n        except: [192.168.0.0/16]\n", 10, 18, "is not a strict subset", null)]
    [InlineData("PAL112", "  podSelector:\n    matchExpressions: [{key: a, operator: in, values: [x]}]\n", 7, 43, "unknown selector operator 'in'", "did you mean 'In'?")]
    [InlineData("PAL113", "  podSelector:\n    matchExpressions:\n    - {key: a, operator: In}\n", 8, 7, "operator In needs at least one value", null)]
    [InlineData("PAL113", "  podSelector:\n    matchExpressions:\n    - {key: a, operator: Exists, values: [x]}\n", 8, 42, "operator Exists takes no values", null)]
    [InlineData("PAL114", "  podSelector: {matchLabels: {'-bad': x}}\n", 6, 39, "invalid label key '-bad'", null)]
    [InlineData("PAL115", "  podSelector: {matchLabels: {app: 'a b'}}\n", 6, 36, "invalid label value 'a b'", null)]
    [InlineData("PAL116", "  ingress:\n  - ports: [{port: 70000}]\n", 7, 20, "port 70000 is out of range", null)]
    [InlineData("PAL117", "  ingress:\n  - ports: [{port: 90, endPort: 80}]\n", 7, 33, "endPort 80 is below port 90", null)]
    [InlineData("PAL118", "  ingress:\n  - ports: [{port: http, endPort: 80}]\n", 7, 35, "endPort cannot be used with the named port 'http'", null)]
    [InlineData("PAL119", "  ingress:\n  - ports: [{protocol: tcp}]\n", 7, 24, "unknown protocol 'tcp'", "did you mean 'TCP'? protocols are upper case")]
    [InlineData("PAL120", "  ingress:\n  - ports: [{port: Not_A_Name}]\n", 7, 20, "invalid port name 'Not_A_Name'", null)]
    [InlineData("PAL121", "  policyTypes: [Ingres]\n", 6, 17, "unknown policy type 'Ingres'", "did you mean 'Ingress'?")]
    [InlineData("PAL122", "  ingress:\n  - from: [{}]\n", 7, 12, "a peer must have podSelector, namespaceSelector or ipBlock", null)]
    [InlineData("PAL122", "  ingress:\n  - from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]\n", 7, 12, "cannot combine ipBlock", null)]
    [InlineData("PAL106", "  egress:\n  - to: [{ipBlock: {except: [10.0.0.0/9]}}]\n", 7, 20, "ipBlock has no cidr", null)]
    [InlineData("PAL109", "  podSelector: {}\n  podSelector: {}\n", 7, 3, "duplicate key 'podSelector'", "the key is already set at test.yaml:6:3; keep only one")]
    [InlineData("PAL102", "  podSelector: {\n", 7, 1, "malformed YAML/JSON", null)]
    public void PolicyMistake_Loaded_IsReportedAtItsPosition(string code, string spec, int line, int column, string message, string? help)
    {
        var result = Load(PolicyHead + spec);

        var d = Single(result, code);
        Assert.True(result.HasErrors);
        Assert.Equal(("test.yaml", line, column), (d.Location.File, d.Location.Line, d.Location.Column));
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(d.Help));
        if (help is not null)
        {
            Assert.Equal(help, d.Help);
        }
    }

    [Fact]
    public void UnknownField_Misspelt_FormatsLikeACompiler()
    {
        var result = Load(PolicyHead + "  podSelecter: {}\n");

        var d = Single(result, DiagnosticCatalog.UnknownField.Code);
        Assert.Equal("test.yaml:6:3: error PAL104: unknown field 'podSelecter' in NetworkPolicy spec", d.ToString());
    }

    [Fact]
    public void HostBits_InCidr_AreAccepted()
    {
        var result = Load(PolicyHead + "  egress:\n  - to: [{ipBlock: {cidr: 10.244.1.11/4}}]\n");

        NoErrors(result);
    }

    [Fact]
    public void ExceptEqualToCidr_IsNotAStrictSubset()
    {
        var result = Load(PolicyHead + "  egress:\n  - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8]}}]\n");

        Single(result, DiagnosticCatalog.ExceptOutsideCidr.Code);
    }

    [Theory]
    [InlineData("apiVersion: v1\nmetadata: {name: x}\n", "PAL103", 1, 1)]
    [InlineData("- a\n- b\n", "PAL103", 1, 1)]
    [InlineData("kind: Pod\nmetadata: {name: x}\n", "PAL106", 1, 1)]
    [InlineData("apiVersion: v1\nkind: Pod\nmetadata: {namespace: x}\n", "PAL106", 3, 11)]
    [InlineData("apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata: {name: x}\n", "PAL107", 1, 13)]
    [InlineData("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nstatus: {podIP: 10.0.0.300}\n", "PAL123", 4, 17)]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {type: Internal}\n", "PAL124", 4, 14)]
    [InlineData("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n  - name: c\n    ports: [{containerport: 80}]\n", "PAL125", 7, 14)]
    public void ObjectMistake_Loaded_IsReportedAtItsPosition(string yaml, string code, int line, int column)
    {
        var result = Load(yaml);

        var d = Single(result, code);
        Assert.Equal((line, column), (d.Location.Line, d.Location.Column));
    }

    [Fact]
    public void FieldInWrongCase_IsOnlyAWarning_AndStillRead()
    {
        var result = Load("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n  - name: c\n    ports: [{containerport: 80}]\n");

        Assert.False(result.HasErrors);
        Assert.Equal(80, Assert.Single(Assert.Single(result.Snapshot.Pods).Ports).Number);
    }

    [Fact]
    public void DuplicateObject_SecondOne_PointsAtTheFirst()
    {
        var result = Load("apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: default}\n");

        var d = Single(result, DiagnosticCatalog.DuplicateObject.Code);
        Assert.Equal(5, d.Location.Line);
        Assert.Contains("test.yaml:1:1", d.Help, StringComparison.Ordinal);
        Assert.Single(result.Snapshot.Services);
    }

    [Fact]
    public void ManyMistakes_InOneRun_AreAllReported()
    {
        var result = Load("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: a}
            spec:
              podSelecter: {}
              ingress:
              - ports: [{port: 0}]
            ---
            kind: Pod
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: s}
            spec: {typo: 1, ports: [{port: 80, protocol: ICMP}]}
            """);

        var codes = result.Diagnostics.Select(d => $"{d.Code}@{d.Location.Line}").ToArray();
        Assert.Equal(["PAL104@5", "PAL116@7", "PAL106@9", "PAL106@9", "PAL104@14", "PAL119@14"], codes);
    }

    [Fact]
    public void MissingPath_AndFolder_AreReported()
    {
        var result = ManifestLoader.Load(["/nonexistent/palisade/x.yaml"], new LoadOptions());

        var d = Single(result, DiagnosticCatalog.PathNotFound.Code);
        Assert.Equal("/nonexistent/palisade/x.yaml", d.Location.File);
    }

    [Fact]
    public void UnreadableFile_IsReported()
    {
        // A dangling symbolic link is listed in its folder but cannot be read (permissions do not stop root).
        var dir = Directory.CreateTempSubdirectory("palisade-");
        try
        {
            File.CreateSymbolicLink(Path.Combine(dir.FullName, "x.yaml"), Path.Combine(dir.FullName, "missing-target"));
            var result = ManifestLoader.Load([dir.FullName], new LoadOptions { BaseDirectory = dir.FullName });

            var d = Single(result, DiagnosticCatalog.Unreadable.Code);
            Assert.Equal("x.yaml", d.Location.File);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
