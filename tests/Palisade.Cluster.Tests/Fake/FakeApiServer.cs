using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Palisade.Cluster.Tests.Fake;

/// <summary>One request the fake saw.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string? ContentType, string Body, string? Authorization);

/// <summary>An exec request as the fake parsed it from the URL.</summary>
public sealed record ExecRequest(string Namespace, string Pod, string? Container, IReadOnlyList<string> Command, string SubProtocol);

/// <summary>What the fake answers to an exec: output, exit code, or a failure to start the command.</summary>
public sealed record ExecReply(string Stdout, string Stderr = "", int ExitCode = 0, string? StartFailure = null);

/// <summary>
/// A small Kubernetes API server on 127.0.0.1 for tests, speaking real HTTP and WebSocket: list with
/// limit/continue, get, server-side apply (field managers, force, conflicts, dryRun=All), ephemeral containers,
/// 401 and 403, and pod exec over the v4/v5 channel protocols. Objects live in memory, fed from YAML.
/// Exec semantics are not simulated: the test supplies them through <see cref="Exec"/> (a scripted table).
/// </summary>
public sealed class FakeApiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<(string Resource, string Namespace, string Name), JsonObject> objects = new();
    private readonly ConcurrentDictionary<(string Resource, string Namespace, string Name), Dictionary<string, string>> owners = new();
    private readonly object gate = new();

    // Field paths join keys with a control character: label keys contain dots and slashes.
    private const char Sep = '\u0001';

    private FakeApiServer(WebApplication app) => this.app = app;

    /// <summary>The bearer token the fake accepts.</summary>
    public string Token { get; set; } = "fake-sekret-token-7f3a9c";

    /// <summary>The http://127.0.0.1:port address.</summary>
    public string Address { get; private set; } = string.Empty;

    /// <summary>Every request, in arrival order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>(verb, resource) pairs RBAC denies, e.g. ("list", "pods").</summary>
    public ConcurrentDictionary<(string Verb, string Resource), bool> Denied { get; } = new();

    /// <summary>The exec semantics (a scripted table supplied by the test).</summary>
    public Func<ExecRequest, ExecReply> Exec { get; set; } = _ => new ExecReply(string.Empty, "no exec table", 1);

    /// <summary>
    /// The versions of policy.networking.k8s.io (the cluster-wide tiers) the fake serves: both by default; remove one
    /// to act as a cluster without that CRD (discovery leaves it out and its lists answer 404, as a real server does).
    /// </summary>
    public HashSet<string> ServedTierVersions { get; } = new(["v1alpha1", "v1alpha2"], StringComparer.Ordinal);

    /// <summary>The PEM of the self-signed server certificate when the fake serves HTTPS, else null.</summary>
    public string? CertificatePem { get; private set; }

    /// <summary>
    /// Starts a server on an ephemeral 127.0.0.1 port (never another address): plain HTTP, or HTTPS with a fresh
    /// self-signed certificate for 127.0.0.1 (kubectl sends no bearer token over plain HTTP).
    /// </summary>
    public static async Task<FakeApiServer> StartAsync(bool tls = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var certificate = tls ? SelfSigned() : null;
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, l =>
        {
            if (certificate is not null)
            {
                l.UseHttps(certificate);
            }
        }));
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        var fake = new FakeApiServer(app) { CertificatePem = certificate?.ExportCertificatePem() };
        app.UseWebSockets();
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    /// <summary>A certificate for 127.0.0.1 that is its own CA (kubectl and the C# client accept it as the kubeconfig's certificate-authority).</summary>
    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    /// <summary>Adds the objects of a YAML stream (empty documents are skipped).</summary>
    public void Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        foreach (var document in stream.Documents)
        {
            if (ToJson(document.RootNode) is JsonObject o)
            {
                Put(o);
            }
        }
    }

    // YAML 1.2 core schema for plain scalars (integers, booleans, null); quoted scalars stay strings.
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(e => KeyValuePair.Create(((YamlScalarNode)e.Key).Value!, ToJson(e.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "null" or "~" or "" or null } => null,
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } b => JsonValue.Create(b.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain } n when long.TryParse(n.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) => JsonValue.Create(i),
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => throw new NotSupportedException($"YAML node {node.NodeType}"),
    };

    /// <summary>Adds or replaces one object given as JSON.</summary>
    public void Put(JsonObject obj)
    {
        var kind = obj["kind"]!.GetValue<string>();
        var meta = obj["metadata"]!.AsObject();
        var ns = Resources.IsNamespaced(kind) ? meta["namespace"]?.GetValue<string>() ?? "default" : string.Empty;
        if (Resources.IsNamespaced(kind))
        {
            meta["namespace"] = ns;
        }
        else if (kind == "Namespace")
        {
            // The API server sets this label on every namespace.
            var labels = meta["labels"] as JsonObject ?? new JsonObject();
            labels["kubernetes.io/metadata.name"] = meta["name"]!.GetValue<string>();
            meta["labels"] = labels;
        }

        objects[(Resources.Plural(kind), ns, meta["name"]!.GetValue<string>())] = obj;
    }

    /// <summary>The stored object, or null.</summary>
    public JsonObject? Find(string resource, string ns, string name) => objects.TryGetValue((resource, ns, name), out var o) ? o : null;

    /// <summary>Writes a kubeconfig pointing at the fake with its token; returns its path.</summary>
    public string WriteKubeconfig(string directory, string context = "fake", string? token = null)
    {
        var path = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake-cluster
              cluster:
                server: {Address}{(CertificatePem is null ? string.Empty : $"\n    certificate-authority-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes(CertificatePem))}")}
            users:
            - name: fake-user
              user:
                token: {token ?? Token}
            contexts:
            - name: {context}
              context:
                cluster: fake-cluster
                user: fake-user
                namespace: default
            current-context: {context}
            """);
        return path;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        string body;
        using (var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        var auth = ctx.Request.Headers.Authorization.ToString();
        Requests.Enqueue(new RecordedRequest(ctx.Request.Method, ctx.Request.Path.Value ?? string.Empty, ctx.Request.QueryString.Value ?? string.Empty, ctx.Request.ContentType, body, auth));

        // The API server's default RBAC (system:public-info-viewer) lets anyone read /version.
        if (auth != $"Bearer {Token}" && !(ctx.Request.Method == "GET" && ctx.Request.Path.Value?.TrimEnd('/') == "/version"))
        {
            await Status(ctx, 401, "Unauthorized", "Unauthorized");
            return;
        }

        if (ctx.Request.Method == "GET" && Discovery.Answer(ctx.Request.Path.Value ?? string.Empty, ServedTierVersions) is { } document)
        {
            await Json(ctx, 200, document);
            return;
        }

        var route = Route.Parse(ctx.Request.Path.Value ?? string.Empty);
        if (route is null || !Resources.IsServed(ctx.Request.Path.Value ?? string.Empty, route.Resource, ServedTierVersions))
        {
            await Status(ctx, 404, "NotFound", $"the server could not find the requested resource ({ctx.Request.Path})");
            return;
        }

        var verb = route.Subresource == "exec" ? "create"
            : ctx.Request.Method switch
            {
                "GET" when route.Name is null => "list",
                "GET" => "get",
                "PATCH" => "patch",
                "POST" => "create",
                "DELETE" => "delete",
                _ => "unknown",
            };
        var rbacResource = route.Subresource is null ? route.Resource : $"{route.Resource}/{route.Subresource}";
        if (Denied.ContainsKey((verb, rbacResource)))
        {
            var group = route.Resource.Contains('.') ? route.Resource[(route.Resource.IndexOf('.') + 1)..] : string.Empty;
            var plain = route.Resource.Split('.')[0];
            var scope = route.Namespace is null ? "at the cluster scope" : $"in the namespace \"{route.Namespace}\"";
            await Status(ctx, 403, "Forbidden", $"{plain} is forbidden: User \"system:serviceaccount:test:palisade\" cannot {verb} resource \"{plain}\" in API group \"{group}\" {scope}");
            return;
        }

        if (route.Subresource == "exec")
        {
            await ExecAsync(ctx, route);
            return;
        }

        switch (verb)
        {
            case "list":
                await ListAsync(ctx, route);
                return;
            case "get":
                await GetAsync(ctx, route);
                return;
            case "patch" when route.Subresource == "ephemeralcontainers":
                await EphemeralAsync(ctx, route, body);
                return;
            case "patch":
                await ApplyAsync(ctx, route, body);
                return;
            default:
                await Status(ctx, 405, "MethodNotAllowed", $"the fake does not support {ctx.Request.Method} {ctx.Request.Path}");
                return;
        }
    }

    private async Task ListAsync(HttpContext ctx, Route route)
    {
        var all = objects
            .Where(p => p.Key.Resource == route.Resource && (route.Namespace is null || p.Key.Namespace == route.Namespace))
            .OrderBy(p => p.Key.Namespace, StringComparer.Ordinal).ThenBy(p => p.Key.Name, StringComparer.Ordinal)
            .Select(p => p.Value).ToList();
        var start = 0;
        var cont = ctx.Request.Query["continue"].ToString();
        if (cont.Length > 0)
        {
            start = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(cont)), CultureInfo.InvariantCulture);
        }

        var limitText = ctx.Request.Query["limit"].ToString();
        var limit = limitText.Length > 0 ? int.Parse(limitText, CultureInfo.InvariantCulture) : int.MaxValue;
        var page = all.Skip(start).Take(limit).ToList();
        var next = start + page.Count < all.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes((start + page.Count).ToString(CultureInfo.InvariantCulture))) : null;
        var kind = Resources.KindOf(route.Resource);
        var list = new JsonObject
        {
            ["apiVersion"] = Resources.ApiVersion(kind),
            ["kind"] = kind + "List",
            ["metadata"] = next is null ? new JsonObject { ["resourceVersion"] = "1" } : new JsonObject { ["resourceVersion"] = "1", ["continue"] = next },
            ["items"] = new JsonArray([.. page.Select(p => (JsonNode)p.DeepClone())]),
        };
        await Json(ctx, 200, list);
    }

    private async Task GetAsync(HttpContext ctx, Route route)
    {
        if (Find(route.Resource, route.Namespace ?? string.Empty, route.Name!) is { } o)
        {
            await Json(ctx, 200, o.DeepClone());
            return;
        }

        await Status(ctx, 404, "NotFound", $"{route.Resource.Split('.')[0]} \"{route.Name}\" not found");
    }

    private async Task ApplyAsync(HttpContext ctx, Route route, string body)
    {
        if (ctx.Request.ContentType?.StartsWith("application/apply-patch+yaml", StringComparison.Ordinal) != true)
        {
            await Status(ctx, 415, "UnsupportedMediaType", $"the fake only supports server-side apply, not {ctx.Request.ContentType}");
            return;
        }

        var manager = ctx.Request.Query["fieldManager"].ToString();
        if (manager.Length == 0)
        {
            await Status(ctx, 400, "BadRequest", "PATCH requests with apply content type must specify a fieldManager");
            return;
        }

        var force = ctx.Request.Query["force"].ToString() == "true";
        var dryRun = ctx.Request.Query["dryRun"].ToString() == "All";
        var applied = JsonNode.Parse(body)!.AsObject();
        var key = (route.Resource, route.Namespace ?? string.Empty, route.Name!);
        int code;
        JsonNode response;
        lock (gate)
        {
            var existing = Find(key.Resource, key.Item2, key.Item3);
            var ownership = owners.TryGetValue(key, out var o) ? new Dictionary<string, string>(o) : [];
            var fields = Leaves(applied, string.Empty).Where(f => f.Path is not ("apiVersion" or "kind" or "metadata\u0001name" or "metadata\u0001namespace")).ToList();
            var conflicts = new List<string>();
            foreach (var (path, value) in fields)
            {
                if (ownership.TryGetValue(path, out var owner) && owner != manager && existing is not null)
                {
                    var current = Lookup(existing, path);
                    if (!JsonNode.DeepEquals(current, value) && !force)
                    {
                        conflicts.Add($"conflict with \"{owner}\": .{path.Replace(Sep, '.')}");
                    }
                }
            }

            if (conflicts.Count > 0)
            {
                code = 409;
                response = new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Failure", ["reason"] = "Conflict", ["code"] = 409, ["message"] = $"Apply failed with {conflicts.Count} conflict(s): {string.Join("; ", conflicts)}" };
                goto done;
            }

            var result = (existing?.DeepClone() ?? new JsonObject()).AsObject();
            // Fields this manager set before and no longer sets are removed when no other manager owns them.
            foreach (var old in ownership.Where(p => p.Value == manager).Select(p => p.Key).ToList())
            {
                if (fields.All(f => f.Path != old))
                {
                    Remove(result, old);
                    ownership.Remove(old);
                }
            }

            foreach (var (path, value) in fields)
            {
                Set(result, path, value?.DeepClone());
                ownership[path] = manager;
            }

            result["apiVersion"] = applied["apiVersion"]?.DeepClone();
            result["kind"] = applied["kind"]?.DeepClone();
            var meta = result["metadata"] as JsonObject ?? new JsonObject();
            result["metadata"] = meta;
            meta["name"] = route.Name;
            if (route.Namespace is not null)
            {
                meta["namespace"] = route.Namespace;
            }

            meta["managedFields"] = new JsonArray([.. ownership.Values.Distinct().Order(StringComparer.Ordinal).Select(m => (JsonNode)new JsonObject { ["manager"] = m, ["operation"] = "Apply", ["fieldsType"] = "FieldsV1" })]);
            if (!dryRun)
            {
                objects[key] = result;
                owners[key] = ownership;
            }

            code = existing is null ? 201 : 200;
            response = result.DeepClone();
        }

    done:
        await Json(ctx, code, response);
    }

    private async Task EphemeralAsync(HttpContext ctx, Route route, string body)
    {
        var pod = Find("pods", route.Namespace!, route.Name!);
        if (pod is null)
        {
            await Status(ctx, 404, "NotFound", $"pods \"{route.Name}\" not found");
            return;
        }

        var patch = JsonNode.Parse(body)!;
        var added = patch["spec"]?["ephemeralContainers"]?.AsArray() ?? [];
        var spec = pod["spec"]!.AsObject();
        var list = spec["ephemeralContainers"] as JsonArray ?? [];
        spec["ephemeralContainers"] = list;
        var status = pod["status"] as JsonObject ?? new JsonObject();
        pod["status"] = status;
        var statuses = status["ephemeralContainerStatuses"] as JsonArray ?? [];
        status["ephemeralContainerStatuses"] = statuses;
        foreach (var c in added)
        {
            var name = c!["name"]!.GetValue<string>();
            if (list.All(x => x!["name"]!.GetValue<string>() != name))
            {
                list.Add(c.DeepClone());
                statuses.Add(new JsonObject { ["name"] = name, ["image"] = c["image"]?.DeepClone(), ["ready"] = false, ["restartCount"] = 0, ["imageID"] = string.Empty, ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = "2024-01-01T00:00:00Z" } } });
            }
        }

        await Json(ctx, 200, pod.DeepClone());
    }

    private async Task ExecAsync(HttpContext ctx, Route route)
    {
        if (Find("pods", route.Namespace!, route.Name!) is null)
        {
            await Status(ctx, 404, "NotFound", $"pods \"{route.Name}\" not found");
            return;
        }

        if (!ctx.WebSockets.IsWebSocketRequest)
        {
            await Status(ctx, 400, "BadRequest", "Upgrade request required");
            return;
        }

        var offered = ctx.WebSockets.WebSocketRequestedProtocols;
        var protocol = offered.Contains("v5.channel.k8s.io") ? "v5.channel.k8s.io"
            : offered.Contains("v4.channel.k8s.io") ? "v4.channel.k8s.io"
            : null;
        if (protocol is null)
        {
            await Status(ctx, 400, "BadRequest", $"no supported subprotocol in [{string.Join(",", offered)}]");
            return;
        }

        using var ws = await ctx.WebSockets.AcceptWebSocketAsync(protocol);
        var request = new ExecRequest(route.Namespace!, route.Name!, ctx.Request.Query["container"].FirstOrDefault(), [.. ctx.Request.Query["command"].Select(c => c ?? string.Empty)], protocol);
        var reply = Exec(request);
        if (reply.StartFailure is null)
        {
            await Send(ws, 1, reply.Stdout);
            if (reply.Stderr.Length > 0)
            {
                await Send(ws, 2, reply.Stderr);
            }
        }

        var status = reply.StartFailure is not null
            ? new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Failure", ["message"] = reply.StartFailure, ["reason"] = "InternalError", ["code"] = 500 }
            : reply.ExitCode == 0
                ? new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Success" }
                : new JsonObject
                {
                    ["metadata"] = new JsonObject(),
                    ["status"] = "Failure",
                    ["message"] = $"command terminated with non-zero exit code: exit status {reply.ExitCode}",
                    ["reason"] = "NonZeroExitCode",
                    ["details"] = new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ExitCode", ["message"] = reply.ExitCode.ToString(CultureInfo.InvariantCulture) }) },
                };
        await Send(ws, 3, status.ToJsonString());
        // Like the API server: send the close frame and end, without waiting for the client's reply.
        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None);
    }

    private static async Task Send(WebSocket ws, byte channel, string text)
    {
        var data = Encoding.UTF8.GetBytes(text);
        var frame = new byte[data.Length + 1];
        frame[0] = channel;
        data.CopyTo(frame, 1);
        await ws.SendAsync(frame, WebSocketMessageType.Binary, true, CancellationToken.None);
    }

    private static IEnumerable<(string Path, JsonNode? Value)> Leaves(JsonObject o, string prefix)
    {
        foreach (var (k, v) in o)
        {
            var path = prefix.Length == 0 ? k : $"{prefix}{Sep}{k}";
            if (v is JsonObject child && child.Count > 0 && path != "spec")
            {
                foreach (var leaf in Leaves(child, path))
                {
                    yield return leaf;
                }
            }
            else
            {
                // Arrays and the policy's spec are atomic here: a simplification of structured merge.
                yield return (path, v);
            }
        }
    }

    private static JsonNode? Lookup(JsonObject o, string path)
    {
        JsonNode? cur = o;
        foreach (var part in path.Split(Sep))
        {
            cur = (cur as JsonObject)?[part];
        }

        return cur;
    }

    private static void Set(JsonObject o, string path, JsonNode? value)
    {
        var parts = path.Split(Sep);
        var cur = o;
        foreach (var part in parts[..^1])
        {
            if (cur[part] is not JsonObject next)
            {
                next = new JsonObject();
                cur[part] = next;
            }

            cur = next;
        }

        cur[parts[^1]] = value;
    }

    private static void Remove(JsonObject o, string path)
    {
        var parts = path.Split(Sep);
        JsonObject? cur = o;
        foreach (var part in parts[..^1])
        {
            cur = cur?[part] as JsonObject;
        }

        cur?.Remove(parts[^1]);
    }

    private static Task Status(HttpContext ctx, int code, string reason, string message) => Json(ctx, code, new JsonObject
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    });

    private static async Task Json(HttpContext ctx, int code, JsonNode body)
    {
        ctx.Response.StatusCode = code;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(body.ToJsonString());
    }

    private sealed record Route(string Resource, string? Namespace, string? Name, string? Subresource)
    {
        public static Route? Parse(string path)
        {
            var s = path.Trim('/').Split('/');
            string group;
            int i;
            if (s.Length >= 2 && s[0] == "api")
            {
                group = string.Empty;
                i = 2;
            }
            else if (s.Length >= 3 && s[0] == "apis")
            {
                group = s[1];
                i = 3;
            }
            else
            {
                return null;
            }

            var rest = s[i..];
            string? ns = null;
            if (rest.Length >= 3 && rest[0] == "namespaces")
            {
                ns = rest[1];
                rest = rest[2..];
            }

            if (rest.Length == 0)
            {
                return null;
            }

            var resource = group.Length == 0 ? rest[0] : $"{rest[0]}.{group}";
            return new Route(resource, ns, rest.Length > 1 ? rest[1] : null, rest.Length > 2 ? rest[2] : null);
        }
    }
}

/// <summary>Kind ⇄ resource names for the kinds the fake serves.</summary>
internal static class Resources
{
    private static readonly Dictionary<string, (string Plural, string ApiVersion, bool Namespaced)> Kinds = new()
    {
        ["Namespace"] = ("namespaces", "v1", false),
        ["Pod"] = ("pods", "v1", true),
        ["Service"] = ("services", "v1", true),
        ["Deployment"] = ("deployments.apps", "apps/v1", true),
        ["StatefulSet"] = ("statefulsets.apps", "apps/v1", true),
        ["DaemonSet"] = ("daemonsets.apps", "apps/v1", true),
        ["ReplicaSet"] = ("replicasets.apps", "apps/v1", true),
        ["Job"] = ("jobs.batch", "batch/v1", true),
        ["CronJob"] = ("cronjobs.batch", "batch/v1", true),
        ["NetworkPolicy"] = ("networkpolicies.networking.k8s.io", "networking.k8s.io/v1", true),
        ["Node"] = ("nodes", "v1", false),
        ["AdminNetworkPolicy"] = ("adminnetworkpolicies.policy.networking.k8s.io", "policy.networking.k8s.io/v1alpha1", false),
        ["BaselineAdminNetworkPolicy"] = ("baselineadminnetworkpolicies.policy.networking.k8s.io", "policy.networking.k8s.io/v1alpha1", false),
        ["ClusterNetworkPolicy"] = ("clusternetworkpolicies.policy.networking.k8s.io", "policy.networking.k8s.io/v1alpha2", false),
    };

    /// <summary>The tier group, whose versions a test may switch off.</summary>
    public const string TierGroup = "policy.networking.k8s.io";

    /// <summary>Whether an API version is served: every one but a tier version the test switched off.</summary>
    public static bool IsServed(string apiVersion, IReadOnlySet<string> servedTierVersions) =>
        !apiVersion.StartsWith(TierGroup + "/", StringComparison.Ordinal) || servedTierVersions.Contains(apiVersion[(TierGroup.Length + 1)..]);

    /// <summary>Whether a request path names a served version of a known resource (unknown resources are left to the caller).</summary>
    public static bool IsServed(string path, string resource, IReadOnlySet<string> servedTierVersions)
    {
        var known = Kinds.Values.FirstOrDefault(k => k.Plural == resource);
        if (known.Plural is null)
        {
            return true;
        }

        // The path must name the version the resource lives in (/apis/GROUP/VERSION/...), and that version be served.
        var s = path.Trim('/').Split('/');
        var version = s.Length >= 3 && s[0] == "apis" ? $"{s[1]}/{s[2]}" : s.Length >= 2 ? s[1] : string.Empty;
        return version == known.ApiVersion && IsServed(version, servedTierVersions);
    }

    public static string Plural(string kind) => Kinds[kind].Plural;

    public static bool IsNamespaced(string kind) => Kinds[kind].Namespaced;

    public static string ApiVersion(string kind) => Kinds[kind].ApiVersion;

    public static string KindOf(string plural) => Kinds.First(k => k.Value.Plural == plural).Key;

    /// <summary>Every kind the fake serves: (kind, plural with group, apiVersion, namespaced).</summary>
    public static IEnumerable<(string Kind, string Plural, string ApiVersion, bool Namespaced)> All =>
        Kinds.Select(k => (k.Key, k.Value.Plural, k.Value.ApiVersion, k.Value.Namespaced));
}

/// <summary>
/// The discovery documents kubectl reads before any call (legacy, unaggregated discovery): <c>/version</c>,
/// <c>/api</c>, <c>/apis</c>, <c>/api/v1</c> and <c>/apis/GROUP/VERSION</c>, listing only the resources and verbs
/// the fake implements. An aggregated-discovery request gets the same legacy documents as content type
/// <c>application/json</c>, which kubectl accepts as a server without aggregated discovery.
/// </summary>
internal static class Discovery
{
    public static JsonNode? Answer(string path, IReadOnlySet<string> servedTierVersions) => path.TrimEnd('/') switch
    {
        "/version" => new JsonObject { ["major"] = "1", ["minor"] = "32", ["gitVersion"] = "v1.32.0-palisade-fake", ["platform"] = "linux/amd64" },
        "/api" => new JsonObject
        {
            ["kind"] = "APIVersions",
            ["versions"] = new JsonArray("v1"),
            ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = "127.0.0.1" }),
        },
        "/apis" => new JsonObject
        {
            ["kind"] = "APIGroupList",
            ["apiVersion"] = "v1",
            // One entry per group listing its served versions, the newest preferred (v1alpha2 over v1alpha1).
            ["groups"] = new JsonArray([.. Groups(servedTierVersions).GroupBy(g => g.Split('/')[0], StringComparer.Ordinal).Select(g => (JsonNode)new JsonObject
            {
                ["name"] = g.Key,
                ["versions"] = new JsonArray([.. g.OrderDescending(StringComparer.Ordinal).Select(v => (JsonNode)new JsonObject { ["groupVersion"] = v, ["version"] = v.Split('/')[1] })]),
                ["preferredVersion"] = new JsonObject { ["groupVersion"] = g.Max(StringComparer.Ordinal), ["version"] = g.Max(StringComparer.Ordinal)!.Split('/')[1] },
            })]),
        },
        "/api/v1" => ResourceList("v1"),
        var p when p.StartsWith("/apis/", StringComparison.Ordinal) && p.Count(c => c == '/') == 3 && Groups(servedTierVersions).Contains(p["/apis/".Length..]) => ResourceList(p["/apis/".Length..]),
        _ => null,
    };

    private static IEnumerable<string> Groups(IReadOnlySet<string> servedTierVersions) =>
        Resources.All.Select(k => k.ApiVersion).Where(v => v.Contains('/') && Resources.IsServed(v, servedTierVersions)).Distinct().Order(StringComparer.Ordinal);

    private static JsonObject ResourceList(string groupVersion)
    {
        var resources = new JsonArray();
        foreach (var k in Resources.All.Where(k => k.ApiVersion == groupVersion).OrderBy(k => k.Plural, StringComparer.Ordinal))
        {
            var name = k.Plural.Split('.')[0];
            resources.Add(Resource(name, k.Kind, k.Namespaced, "get", "list", "patch"));
            if (k.Kind == "Pod")
            {
                resources.Add(Resource("pods/ephemeralcontainers", "Pod", true, "get", "patch"));
                resources.Add(Resource("pods/exec", "PodExecOptions", true, "create", "get"));
            }
        }

        return new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = groupVersion, ["resources"] = resources };
    }

    private static JsonObject Resource(string name, string kind, bool namespaced, params string[] verbs) => new()
    {
        ["name"] = name,
        ["singularName"] = name.Contains('/') ? string.Empty : kind.ToLowerInvariant(),
        ["namespaced"] = namespaced,
        ["kind"] = kind,
        ["verbs"] = new JsonArray([.. verbs.Select(v => (JsonNode)v)]),
    };
}
