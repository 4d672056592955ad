using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Palisade.Cli;

namespace Palisade.Tests.Cli;

/// <summary>
/// The bad-input corpus (tests/scenarios/bad-input): every hostile or careless input in cases.tsv runs through the
/// real command line and must end with its exit code, its diagnostic code at its location, no trace, and within
/// 10 s. Cases marked "proc" run as a child process of the built palisade.dll under a 1 GiB GC heap limit with its
/// peak resident memory watched, so that a stack overflow or a runaway allocation fails the case, not the test host.
/// For a child the 10 s bound is on the CPU time it used (on a machine shared by parallel builds, wall-clock time
/// measures the neighbours); a child still running after 60 s of wall-clock time is a hang, killed and failed.
/// Special files (FIFOs, sockets, symbolic-link loops) and large inputs are made at test time.
/// </summary>
public sealed class BadInputCorpusTests
{
    private const string Corpus = "tests/scenarios/bad-input";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan HangDeadline = TimeSpan.FromSeconds(60);
    private const long MemoryLimit = 1L << 30;

    /// <summary>Every case name in the table.</summary>
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var row in Table())
        {
            data.Add(row.Case);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadInput_Case_ExitsWithLocatedDiagnosticAndNoTrace(string name)
    {
        var row = Table().Single(r => r.Case == name);
        var scratch = Directory.CreateTempSubdirectory("palisade-bad-input-");
        Socket? socket = null;
        try
        {
            string workingDirectory, casePath;
            if (row.Setup == "-")
            {
                workingDirectory = Golden.RepoRoot;
                casePath = $"{Corpus}/cases/{row.Case}";
            }
            else
            {
                workingDirectory = scratch.FullName;
                casePath = row.Case;
                socket = Setup(row.Setup, Path.Combine(scratch.FullName, row.Case));
            }

            var args = new List<string>();
            string? stdinFile = null;
            foreach (var token in row.Args.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var t = token.Replace("$CASE", casePath, StringComparison.Ordinal).Replace("$REPO", Golden.RepoRoot, StringComparison.Ordinal);
                if (t.StartsWith('<'))
                {
                    stdinFile = Path.Combine(workingDirectory, t[1..]);
                }
                else
                {
                    args.Add(t);
                }
            }

            var (exit, stdout, stderr, peak, time) = row.Run == "proc"
                ? RunChild(args, workingDirectory, stdinFile)
                : RunInProcess(args, workingDirectory, stdinFile);

            var what = $"case {row.Case}: palisade {string.Join(' ', args)}\n--- stderr ---\n{stderr}";
            Assert.True(time < Deadline, $"took {time.TotalSeconds:F1} s; {what}");
            Assert.True(peak < MemoryLimit, $"peak memory {peak / (1024 * 1024)} MiB; {what}");
            Assert.DoesNotContain("internal error", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
            Assert.True(exit == row.Exit, $"exit {exit}, expected {row.Exit}; {what}");
            Assert.True(stdout.Length == 0, $"unexpected output: {stdout}; {what}");

            // Control characters from the input never reach the terminal raw.
            Assert.DoesNotContain(stderr, c => char.IsControl(c) && c != '\n');

            var location = row.Location.Replace("$CASE", casePath, StringComparison.Ordinal);
            var expected = $"{location}: error {row.Code}: ";
            Assert.True(stderr.Split('\n').Any(l => l.StartsWith(expected, StringComparison.Ordinal)), $"no line starting '{expected}'; {what}");
            if (row.Errors is { } count)
            {
                var errors = stderr.Split('\n').Count(l => l.Contains(": error PAL", StringComparison.Ordinal) && !l.StartsWith("palisade:", StringComparison.Ordinal));
                Assert.True(errors == count, $"{errors} errors, expected {count}; {what}");
            }
        }
        finally
        {
            socket?.Dispose();
            scratch.Delete(recursive: true);
        }
    }

    [Fact]
    public void Corpus_EveryClassOfIssue11_HasCasesAndEveryFileIsInTheTable()
    {
        var rows = Table();
        Assert.True(rows.Count >= 60, $"{rows.Count} cases");
        Assert.Equal(rows.Count, rows.Select(r => r.Case).Distinct(StringComparer.Ordinal).Count());
        foreach (var code in new[] { "PAL101", "PAL102", "PAL150", "PAL151", "PAL152", "PAL153", "PAL154", "PAL120" })
        {
            Assert.Contains(rows, r => r.Code == code);
        }

        var files = Directory.EnumerateFileSystemEntries(Path.Combine(Golden.RepoRoot, Corpus, "cases")).Select(Path.GetFileName);
        var listed = rows.Where(r => r.Setup == "-").Select(r => r.Case).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(files, f => !listed.Contains(f!));
    }

    private sealed record Row(string Case, string Setup, string Run, string Args, int Exit, string Code, string Location, int? Errors);

    private static List<Row> Table() =>
        [.. File.ReadAllLines(Path.Combine(Golden.RepoRoot, Corpus, "cases.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(f => new Row(f[0], f[1], f[2], f[3], int.Parse(f[4], CultureInfo.InvariantCulture), f[5], f[6],
                f[7] == "-" ? null : int.Parse(f[7], CultureInfo.InvariantCulture)))];

    private static (int Exit, string Out, string Err, long Peak, TimeSpan Time) RunInProcess(List<string> args, string workingDirectory, string? stdinFile)
    {
        var stdin = stdinFile is null ? null : File.ReadAllText(stdinFile);
        var clock = Stopwatch.StartNew();
        var r = CliRunner.Run([.. args], stdin, workingDirectory);
        return (r.ExitCode, r.Out, r.Err, 0, clock.Elapsed);
    }

    private static (int Exit, string Out, string Err, long Peak, TimeSpan Time) RunChild(List<string> args, string workingDirectory, string? stdinFile)
    {
        var dll = typeof(CliApp).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        // A runaway allocation hits this heap limit instead of the machine.
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x40000000";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var feed = Task.Run(() =>
        {
            try
            {
                if (stdinFile is not null)
                {
                    using var input = File.OpenRead(stdinFile);
                    input.CopyTo(process.StandardInput.BaseStream);
                }

                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The process stopped reading (it refused the input): that is its right.
            }
        });

        long peak = 0;
        var cpu = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        while (!process.WaitForExit(50))
        {
            var (hwm, used) = Usage(process.Id);
            peak = Math.Max(peak, hwm);
            cpu = used > cpu ? used : cpu;
            if (clock.Elapsed > HangDeadline || cpu > Deadline || peak > MemoryLimit)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return (-1, stdout.Result, $"{stderr.Result}\n(stopped after {clock.Elapsed.TotalSeconds:F1} s, {cpu.TotalSeconds:F1} s of CPU, at {peak / (1024 * 1024)} MiB)", peak, cpu);
            }
        }

        feed.Wait(Deadline);
        return (process.ExitCode, stdout.Result, stderr.Result, peak, cpu);
    }

    /// <summary>Peak resident set (VmHWM) and CPU time (user + system) of a running process; zeros once it has gone.</summary>
    private static (long Peak, TimeSpan Cpu) Usage(int pid)
    {
        try
        {
            var id = pid.ToString(CultureInfo.InvariantCulture);
            var stat = File.ReadAllText($"/proc/{id}/stat");

            // Fields after the command name (which may hold spaces, inside parentheses): utime and stime are the
            // 12th and 13th, in clock ticks of 1/100 s on Linux.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (PeakResident(pid), TimeSpan.FromMilliseconds(ticks * 10));
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return (0, TimeSpan.Zero);
        }
    }

    /// <summary>VmHWM (peak resident set) of a running process, in bytes; 0 when it has gone.</summary>
    private static long PeakResident(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Makes the special files of a generated case at <paramref name="path"/>; returns a socket to keep open.</summary>
    private static Socket? Setup(string setup, string path)
    {
        var folder = Path.GetDirectoryName(path)!;
        const string BadName = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: Bad_Name\n";
        switch (setup)
        {
            case "none":
                return null;
            case "fifo":
                MakeFifo(path);
                return null;
            case "fifo-in-folder":
                Directory.CreateDirectory(path);
                MakeFifo(Path.Combine(path, "in.yaml"));
                return null;
            case "socket":
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                socket.Bind(new UnixDomainSocketEndPoint(path));
                return socket;
            case "loop-dot":
                Directory.CreateDirectory(path);
                File.WriteAllText(Path.Combine(path, "bad.yaml"), BadName);
                Directory.CreateSymbolicLink(Path.Combine(path, "loop"), ".");
                Directory.CreateSymbolicLink(Path.Combine(path, "loop.yaml"), ".");
                return null;
            case "loop-up":
                Directory.CreateDirectory(Path.Combine(path, "sub"));
                File.WriteAllText(Path.Combine(path, "bad.yaml"), BadName);
                Directory.CreateSymbolicLink(Path.Combine(path, "sub", "up"), "..");
                return null;
            case "loop-mutual":
                Directory.CreateDirectory(Path.Combine(path, "a"));
                Directory.CreateDirectory(Path.Combine(path, "b"));
                File.WriteAllText(Path.Combine(path, "a", "bad.yaml"), BadName);
                Directory.CreateSymbolicLink(Path.Combine(path, "a", "to-b"), "../b");
                Directory.CreateSymbolicLink(Path.Combine(path, "b", "to-a"), "../a");
                return null;
            case "dangling-link":
                Directory.CreateDirectory(path);
                File.CreateSymbolicLink(Path.Combine(path, "x.yaml"), "missing.yaml");
                return null;
            case "link-to-fifo":
                Directory.CreateDirectory(path);
                MakeFifo(Path.Combine(path, "pipe"));
                File.CreateSymbolicLink(Path.Combine(path, "x.yaml"), "pipe");
                return null;
            case "link-to-dev-zero":
                Directory.CreateDirectory(path);
                File.CreateSymbolicLink(Path.Combine(path, "z.yaml"), "/dev/zero");
                return null;
            case "lint-config-fifo":
                Directory.CreateDirectory(path);
                File.WriteAllText(Path.Combine(path, "ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n");
                MakeFifo(Path.Combine(path, ".palisade-lint.yaml"));
                return null;
            case "big-scalar":
                // One 5 MiB value on one line: under the line limit, over the value limit.
                File.WriteAllText(path, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n  annotations:\n    a: " + new string('x', 5 << 20) + "\n");
                return null;
            case "long-line":
                File.WriteAllText(path, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n  annotations:\n    a: " + new string('x', 17 << 20) + "\n");
                return null;
            case "big-string":
                File.WriteAllText(path, "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\",\n \"metadata\": {\"name\": \"dev\", \"annotations\": {\"a\": \"" + new string('x', 5 << 20) + "\"}}}\n");
                return null;
            case "two-kib":
                var text = new StringBuilder("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n");
                while (text.Length < 2048)
                {
                    text.Append("# padding to pass the one-kibibyte limit\n");
                }

                File.WriteAllText(path, text.ToString());
                return null;
            default:
                throw new InvalidOperationException($"unknown setup '{setup}' in {folder}");
        }
    }

    private static void MakeFifo(string path)
    {
        using var p = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }
}
