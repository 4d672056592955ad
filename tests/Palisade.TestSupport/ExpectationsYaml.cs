namespace Palisade.TestSupport;

/// <summary>Expectations files as text, for tests that write their own: one criterion and its expectation items.</summary>
public static class ExpectationsYaml
{
    /// <summary>A whole file: criterion <paramref name="id"/> titled <paramref name="title"/> with <paramref name="items"/> (see <see cref="Item"/>).</summary>
    public static string Criterion(string id, string title, string items) =>
        $"apiVersion: palisade.dev/v1alpha1\nkind: Expectations\ncriteria:\n  - id: {id}\n    title: {title}\n    expect:\n" + items;

    /// <summary>
    /// One expectation item, its values written as given (so a flow map or a quoted string stays what it is) and the
    /// port quoted.
    /// </summary>
    public static string Item(string name, string from, string to, string port, bool allowed) =>
        $"      - name: {name}\n        from: {from}\n        to: {to}\n        port: \"{port}\"\n        allowed: {(allowed ? "true" : "false")}\n";
}
