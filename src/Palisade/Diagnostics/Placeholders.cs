namespace Palisade.Diagnostics;

/// <summary>The positional placeholders of a composite format string (<c>{0}</c>, <c>{1,5}</c>, <c>{2:x}</c>; <c>{{</c> is a brace).</summary>
public static class Placeholders
{
    /// <summary>The argument indexes the format refers to, in order of appearance (repeats kept); none for null.</summary>
    /// <exception cref="FormatException">A brace that neither opens a placeholder nor is doubled.</exception>
    public static IReadOnlyList<int> Indexes(string? format)
    {
        var found = new List<int>();
        if (format is null)
        {
            return found;
        }

        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] == '}')
            {
                i = format.Length > i + 1 && format[i + 1] == '}' ? i + 1 : throw new FormatException($"a lone '}}' at {i} in \"{format}\"");
                continue;
            }

            if (format[i] != '{')
            {
                continue;
            }

            if (i + 1 < format.Length && format[i + 1] == '{')
            {
                i++;
                continue;
            }

            var close = format.IndexOf('}', i);
            var digits = close < 0 ? string.Empty : new string([.. format[(i + 1)..close].TakeWhile(char.IsAsciiDigit)]);
            if (digits.Length == 0)
            {
                throw new FormatException($"a '{{' at {i} opens no placeholder in \"{format}\"");
            }

            found.Add(int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture));
            i = close;
        }

        return found;
    }

    /// <summary>The highest index the format refers to, or -1 when it has none.</summary>
    public static int HighestIndex(string? format) => Indexes(format).DefaultIfEmpty(-1).Max();
}
