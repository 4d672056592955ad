namespace Palisade.TestSupport;

/// <summary>
/// The small cluster many CLI and engine tests share, as manifests: namespaces a (team=a) and b (team=b), a/web
/// serving 80/TCP at 10.0.1.1, and b/client at an address the test chooses, or none (so that verdicts depending on
/// it are undetermined).
/// </summary>
public static class WebAndClient
{
    /// <summary>The namespaces, a/web and b/client (<paramref name="clientIp"/>, or no address), then <paramref name="documents"/>.</summary>
    public static string Manifests(string? clientIp, params string[] documents)
    {
        var client = clientIp is null ? string.Empty : $"\nstatus: {{podIP: {clientIp}}}";
        string[] cluster =
        [
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: a, labels: {team: a}}",
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: b, labels: {team: b}}",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: a, labels: {app: web}}\n"
                + "spec: {containers: [{name: c, image: i, ports: [{containerPort: 80}]}]}\nstatus: {podIP: 10.0.1.1}",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: client, namespace: b, labels: {app: client}}\n"
                + "spec: {containers: [{name: c, image: i}]}" + client,
        ];
        return string.Join("\n---\n", [.. cluster, .. documents]) + "\n";
    }

    /// <summary>A NetworkPolicy isolating a/web for ingress with <paramref name="rules"/> (YAML list items, indented by two).</summary>
    public static string IngressToWeb(string rules) =>
        Manifest.NetworkPolicy("a/web-in", "{matchLabels: {app: web}}", "policyTypes: [Ingress]", "ingress:") + "\n" + rules;

    /// <summary>The rule admitting 10.0.0.0/8 on port 80: whether b/client matches depends on its address.</summary>
    public const string BlockOn80 = "  - from: [{ipBlock: {cidr: 10.0.0.0/8}}]\n    ports: [{port: 80}]\n";

    /// <summary>a/web admits 10.0.0.0/8 on 80 and b/client has no address: client to web on 80 is undetermined.</summary>
    public static string UnknownClientAddress { get; } = Manifests(null, IngressToWeb(BlockOn80));

    /// <summary>An AdminNetworkPolicy deny-b (priority 10): namespaces of team a deny all ingress from team b.</summary>
    public static string DenyTeamB { get; } = FromTeamB();

    /// <summary>
    /// <see cref="DenyTeamB"/> with another <paramref name="action"/>, policy <paramref name="name"/> or peer team
    /// (<paramref name="peerTeam"/>); its one rule is named deny-from-b whatever it does.
    /// </summary>
    public static string FromTeamB(string action = "Deny", string name = "deny-b", string peerTeam = "b") =>
        Manifest.AdminNetworkPolicy(name, 10, Manifest.Namespaces("team: a"), ingress: [Manifest.From(action, Manifest.Namespaces("team: " + peerTeam), name: "deny-from-b")]);

    /// <summary>
    /// A ClusterNetworkPolicy "registry" (admin tier, priority 3) whose subject (<paramref name="namespaces"/>, a
    /// namespace selector in flow YAML) accepts egress to registry.example.com by domain name: a peer no static analysis
    /// can decide, so that egress is undetermined.
    /// </summary>
    public static string RegistryByDomainName(string namespaces) => $$"""
        apiVersion: policy.networking.k8s.io/v1alpha2
        kind: ClusterNetworkPolicy
        metadata: {name: registry}
        spec:
          tier: Admin
          priority: 3
          subject: {namespaces: {{namespaces}}}
          egress:
          - name: registry
            action: Accept
            to:
            - domainNames: ["registry.example.com"]
        """;

    /// <summary>An expectations file with one criterion, C1: b/client to a/web on 80/TCP, allowed or not.</summary>
    public static string ClientToWeb80(bool allowed) =>
        "apiVersion: palisade.dev/v1alpha1\nkind: Expectations\ncriteria:\n  - id: C1\n    title: t\n    expect:\n"
        + $"      - name: client {(allowed ? "reaches" : "cannot reach")} web\n        from: b/client\n        to: a/web\n        port: 80/TCP\n"
        + $"        allowed: {(allowed ? "true" : "false")}\n";
}
