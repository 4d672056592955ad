using System.Globalization;
using Palisade.Proving;

namespace Palisade.Cluster.Probing;

/// <summary>
/// The POSIX shell program run in the source container. It uses the first tool the image has (python3, bash's
/// /dev/tcp, nc, busybox nc) and prints one line "palisade-probe TOOL OUTCOME [detail]" with OUTCOME one of
/// connected, refused, timeout, dns, error, notool. Host, port, time-out and an optional forced tool are passed
/// as positional arguments, never spliced into the program text.
/// </summary>
public static class ProbeScript
{
    /// <summary>The program (for <c>sh -c</c>).</summary>
    public const string Program = """
        h="$1"; p="$2"; t="$3"; only="$4"
        say() { echo "palisade-probe $*"; exit 0; }
        has() { [ -z "$only" ] || [ "$only" = "$1" ] || return 1; command -v "$2" >/dev/null 2>&1; }
        classify() {
          case "$2" in
            *[Rr]efused*) say "$1" refused ;;
            *[Tt]imed\ out*|*[Tt]imeout*) say "$1" timeout ;;
            *[Nn]ame\ or\ service*|*[Bb]ad\ address*|*resolve*|*[Nn]ot\ known*|*[Nn]o\ address*|*[Tt]emporary\ failure*) say "$1" dns ;;
          esac
        }
        if has python3 python3; then
          python3 -c '
        import socket, sys
        h, p, t = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
        try:
            infos = socket.getaddrinfo(h, p, 0, socket.SOCK_STREAM)
        except socket.gaierror as e:
            print("palisade-probe python3 dns", e); sys.exit(0)
        s = socket.socket(infos[0][0], socket.SOCK_STREAM); s.settimeout(t)
        try:
            s.connect(infos[0][4]); print("palisade-probe python3 connected")
        except socket.timeout:
            print("palisade-probe python3 timeout")
        except ConnectionRefusedError:
            print("palisade-probe python3 refused")
        except OSError as e:
            print("palisade-probe python3 error", e.strerror)
        ' "$h" "$p" "$t"
          exit 0
        fi
        if has bash bash; then
          if command -v timeout >/dev/null 2>&1; then
            out=$(timeout "$t" bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$h" "$p" 2>&1); rc=$?
          else
            out=$(bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$h" "$p" 2>&1); rc=$?
          fi
          [ $rc -eq 0 ] && say bash connected
          [ $rc -eq 124 ] && say bash timeout
          classify bash "$out"
          say bash error "$out"
        fi
        for n in nc "busybox nc"; do
          tool=$(echo "$n" | cut -d' ' -f1)
          if has "$tool" "$tool"; then
            out=$($n -z -w "$t" "$h" "$p" 2>&1); rc=$?
            [ $rc -eq 0 ] && say "$tool" connected
            classify "$tool" "$out"
            [ -z "$out" ] && say "$tool" timeout
            say "$tool" error "$out"
          fi
        done
        say none notool
        """;

    /// <summary>The exec command: <c>sh -c PROGRAM palisade-probe HOST PORT SECONDS [TOOL]</c>.</summary>
    public static IReadOnlyList<string> Command(string host, int port, TimeSpan timeout, string? onlyTool = null) =>
        ["sh", "-c", Program, "palisade-probe", host, port.ToString(CultureInfo.InvariantCulture),
         Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture), onlyTool ?? string.Empty];

    /// <summary>Parses the probe's output line; null when there is none.</summary>
    public static (string Tool, ProbeOutcome? Outcome, string Detail)? Parse(string stdout)
    {
        var line = stdout.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("palisade-probe ", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }

        var parts = line.Split(' ', 4);
        if (parts.Length < 3)
        {
            return null;
        }

        var detail = parts.Length > 3 ? parts[3] : string.Empty;
        ProbeOutcome? outcome = parts[2] switch
        {
            "connected" => ProbeOutcome.Connected,
            "refused" => ProbeOutcome.Refused,
            "timeout" => ProbeOutcome.TimedOut,
            "dns" => ProbeOutcome.DnsFailure,
            "error" => ProbeOutcome.Error,
            _ => null, // notool
        };
        return (parts[1], outcome, detail);
    }
}
