using Palisade.Manifests.Documents;

namespace Palisade.Tests.Expectations;

/// <summary>Each structural problem of an expectations file has its own code (PAL310 and PAL330–PAL336).</summary>
public sealed class ExpectationsFileCodeTests
{
    private const string Head = "apiVersion: palisade.dev/v1alpha1\nkind: Expectations\n";
    private const string Good = "      - {name: ssh, from: dev/a, to: dev/b, port: 22/TCP, allowed: false}\n";

    [Theory]
    [InlineData("criteria: []\n", "PAL330", "the file has no criteria")]
    [InlineData("criteria: [~]\n", "PAL331", "criterion 1 is empty")]
    [InlineData("criteria:\n  - {id: AC1, title: t}\n", "PAL332", "criterion AC1 has no expectations")]
    [InlineData("criteria:\n  - title: t\n    expect:\n" + Good, "PAL333", "criterion 1 has no id")]
    [InlineData("criteria:\n  - id: AC1\n    title: t\n    expect:\n" + Good + "  - id: AC1\n    title: u\n    expect:\n      - {name: ssh2, from: dev/a, to: dev/b, port: 22/TCP, allowed: false}\n", "PAL334", "criterion id 'AC1' is used twice")]
    [InlineData("criteria:\n  - id: AC1\n    title: t\n    expect: [~]\n", "PAL335", "the expectation is empty")]
    [InlineData("criteria:\n  - id: AC1\n    title: t\n    expect:\n      - {name: ssh, from: dev/a, to: dev/b, port: 22/TCP}\n", "PAL310", "the expectation has no allowed")]
    [InlineData("criteria:\n  - id: AC1\n    title: t\n    expect:\n" + Good + Good, "PAL336", "the expectation name 'ssh' is used twice")]
    public void ExpectationsFile_StructuralProblem_HasItsOwnCode(string body, string code, string message)
    {
        var result = ExpectationsReader.Read("e.yaml", "e.yaml", Head + body);

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((code, message), (d.Code, d.Message));
        Assert.Null(result.Value);
    }
}
