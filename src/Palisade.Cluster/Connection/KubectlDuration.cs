using System.Globalization;

namespace Palisade.Cluster.Connection;

/// <summary>
/// kubectl's <c>--request-timeout</c> value: a whole number of seconds (<c>30</c>) or a Go duration of one or more
/// number-unit pairs (<c>30s</c>, <c>1m</c>, <c>1m30s</c>, <c>500ms</c>, <c>1.5h</c>); <c>0</c> means no time-out.
/// Negative values are refused, as kubectl refuses them.
/// </summary>
public static class KubectlDuration
{
    // Far beyond any sensible request time-out, and well inside TimeSpan's range.
    private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    /// <summary>Parses the text; false for anything kubectl would not take or longer than a day.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text) || text.Length > 64)
        {
            return false;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            if (seconds > Longest.TotalSeconds)
            {
                return false;
            }

            value = TimeSpan.FromSeconds(seconds);
            return true;
        }

        var total = 0.0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (i == start || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == 'µ'))
            {
                i++;
            }

            double? unit = text[unitStart..i] switch
            {
                "ns" => 1e-9,
                "us" or "µs" => 1e-6,
                "ms" => 1e-3,
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                _ => null,
            };
            if (unit is null)
            {
                return false;
            }

            total += number * unit.Value;
        }

        if (total > Longest.TotalSeconds)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(total);
        return true;
    }
}
