using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Palisade.Tests.Cli;

/// <summary>
/// Headless Chromium driven through the DevTools protocol (a WebSocket and JSON, no extra package): opens one page at
/// a fixed window size, evaluates script in it, and sends real mouse and keyboard input events to it. Blocking calls,
/// each bounded by a timeout; disposing ends the browser it started and deletes its profile.
/// </summary>
internal sealed class HeadlessBrowser : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly Process process;
    private readonly DirectoryInfo profile;
    private readonly ClientWebSocket socket = new();
    private int nextId;

    private HeadlessBrowser(Process process, DirectoryInfo profile)
    {
        this.process = process;
        this.profile = profile;
    }

    /// <summary>Starts Chromium with a window of the given size and opens <paramref name="url"/>, waiting until the page sets data-ready.</summary>
    public static HeadlessBrowser Open(string url, int width, int height)
    {
        var exe = Tools.Find("chromium") ?? throw new InvalidOperationException("chromium is not installed (bash .ci/report-packages.sh)");
        var profile = Directory.CreateTempSubdirectory("palisade-cdp-");
        var start = new ProcessStartInfo(exe) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--hide-scrollbars", "--remote-debugging-port=0", $"--user-data-dir={profile.FullName}",
            $"--window-size={width},{height}", "about:blank",
        })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        var browser = new HeadlessBrowser(process, profile);
        try
        {
            browser.Connect(width, height);
            browser.Send("Page.enable");
            browser.Send("Page.navigate", new JsonObject { ["url"] = url });
            browser.WaitFor("document.body !== null && document.body.getAttribute('data-ready') === 'true'");
            return browser;
        }
        catch
        {
            browser.Dispose();
            throw;
        }
    }

    private void Connect(int width, int height)
    {
        // Chromium prints "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID" on standard error.
        var lines = process.StandardError;
        var deadline = DateTime.UtcNow + Timeout;
        string? endpoint = null;
        while (endpoint is null && DateTime.UtcNow < deadline)
        {
            var line = lines.ReadLineAsync();
            if (!line.Wait(deadline - DateTime.UtcNow) || line.Result is null)
            {
                break;
            }

            var at = line.Result.IndexOf("ws://", StringComparison.Ordinal);
            if (line.Result.StartsWith("DevTools listening on", StringComparison.Ordinal) && at >= 0)
            {
                endpoint = line.Result[at..].Trim();
            }
        }

        if (endpoint is null)
        {
            throw new InvalidOperationException("chromium did not print its DevTools endpoint");
        }

        // Keep draining both pipes so that the browser never blocks on a full one.
        _ = lines.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        var port = new Uri(endpoint).Port;
        using var http = new HttpClient { Timeout = Timeout };
        var targets = JsonNode.Parse(http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/json/list")).GetAwaiter().GetResult())!.AsArray();
        var page = targets.First(t => (string?)t!["type"] == "page")!;
        socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), CancellationToken.None).Wait(Timeout);
        Send("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
    }

    /// <summary>Sends one protocol command and returns its result (events that arrive meanwhile are ignored).</summary>
    public JsonElement Send(string method, JsonObject? parameters = null)
    {
        var id = ++nextId;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        using var cts = new CancellationTokenSource(Timeout);
        socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cts.Token).GetAwaiter().GetResult();
        var buffer = new byte[1 << 16];
        while (true)
        {
            using var received = new MemoryStream();
            WebSocketReceiveResult part;
            do
            {
                part = socket.ReceiveAsync(buffer, cts.Token).GetAwaiter().GetResult();
                received.Write(buffer, 0, part.Count);
            }
            while (!part.EndOfMessage);

            using var doc = JsonDocument.Parse(received.ToArray());
            if (doc.RootElement.TryGetProperty("id", out var got) && got.GetInt32() == id)
            {
                if (doc.RootElement.TryGetProperty("error", out var error))
                {
                    throw new InvalidOperationException($"{method}: {error}");
                }

                return doc.RootElement.GetProperty("result").Clone();
            }
        }
    }

    /// <summary>Evaluates a script expression in the page and returns its value (JSON-serialisable values only).</summary>
    public JsonElement Evaluate(string expression)
    {
        var r = Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        if (r.TryGetProperty("exceptionDetails", out var ex))
        {
            throw new InvalidOperationException($"script failed: {ex}");
        }

        return r.GetProperty("result").TryGetProperty("value", out var v) ? v.Clone() : default;
    }

    /// <summary>Evaluates an expression that returns a string.</summary>
    public string Text(string expression)
    {
        var v = Evaluate(expression);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;
    }

    /// <summary>Polls a boolean expression until it is true.</summary>
    public void WaitFor(string condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Evaluate(condition).ValueKind == JsonValueKind.True)
            {
                return;
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"the page never satisfied: {condition}");
    }

    /// <summary>The centre of the first element matching a CSS selector, in window coordinates.</summary>
    public (double X, double Y) CenterOf(string selector)
    {
        var v = Evaluate($"(function () {{ var e = document.querySelector({JsonSerializer.Serialize(selector)}); if (!e) return null; var r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; }})()");
        if (v.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidOperationException($"no element matches {selector}");
        }

        return (v[0].GetDouble(), v[1].GetDouble());
    }

    /// <summary>Moves the mouse to a point (hover).</summary>
    public void MoveTo(double x, double y) => Mouse("mouseMoved", x, y);

    /// <summary>A left click at a point: move, press, release, as a user's mouse does.</summary>
    public void Click(double x, double y)
    {
        Mouse("mouseMoved", x, y);
        Mouse("mousePressed", x, y);
        Mouse("mouseReleased", x, y);
    }

    /// <summary>Clicks the centre of the first element matching a CSS selector.</summary>
    public void Click(string selector)
    {
        var (x, y) = CenterOf(selector);
        Click(x, y);
    }

    /// <summary>Types text into the focused element, then presses Enter.</summary>
    public void TypeAndEnter(string text)
    {
        Send("Input.insertText", new JsonObject { ["text"] = text });
        foreach (var type in new[] { "keyDown", "keyUp" })
        {
            var key = new JsonObject { ["type"] = type, ["key"] = "Enter", ["code"] = "Enter", ["windowsVirtualKeyCode"] = 13, ["nativeVirtualKeyCode"] = 13 };
            if (type == "keyDown")
            {
                key["text"] = "\r";
            }

            Send("Input.dispatchKeyEvent", key);
        }
    }

    /// <summary>Saves a PNG screenshot of the window.</summary>
    public void Screenshot(string file)
    {
        var r = Send("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        File.WriteAllBytes(file, Convert.FromBase64String(r.GetProperty("data").GetString()!));
    }

    private void Mouse(string type, double x, double y)
    {
        var p = new JsonObject { ["type"] = type, ["x"] = Math.Round(x, 1), ["y"] = Math.Round(y, 1) };
        if (type != "mouseMoved")
        {
            p["button"] = "left";
            p["clickCount"] = 1;
        }

        Send("Input.dispatchMouseEvent", p);
    }

    /// <summary>Ends the browser this instance started and deletes its profile.</summary>
    public void Dispose()
    {
        socket.Dispose();
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
        try
        {
            profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still hold a file for a moment; the temp folder is cleaned by the system.
        }
    }

    /// <summary>Formats a number for a message.</summary>
    public static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
