using System.Buffers;
using System.Globalization;
using System.Text;

namespace Palisade.Manifests.Yaml;

/// <summary>
/// The fast path for YAML input: reads the block YAML that manifests are written in (block mappings and sequences, the
/// compact "- " list at its key's indentation, one-line plain and quoted scalars, one-line flow collections, comments,
/// <c>---</c>/<c>...</c>) in one pass over the text into the same <see cref="YamlNode"/> tree, with the same 1-based
/// line:column positions, that <see cref="YamlReader"/> builds through YamlDotNet. It reports nothing: anything it does
/// not read exactly as YamlDotNet does (anchors, aliases, tags, block and multi-line scalars, complex keys, directives,
/// tabs, a carriage return not before a line feed, unusual characters or escapes, duplicate keys, a broken syntax or limit) makes it return null
/// so that <see cref="YamlReader"/> reads the whole text and reports what it always reported. Declining is always safe.
/// </summary>
internal sealed class BlockYamlReader
{
    /// <summary>YAML simple keys end within 1024 characters; a longer key is left to YamlDotNet.</summary>
    private const int MaxKeyLength = 1000;

    /// <summary>Short scalars are shared between nodes (keys and values repeat across objects): at most this many.</summary>
    private const int MaxSharedStrings = 8192;

    private const int MaxSharedLength = 64;

    /// <summary>The one-character escapes of double-quoted scalars the reader undoes, and what each stands for.</summary>
    private const string Escapes = "\\\"/ntr0abefv";

    private const string Escaped = "\\\"/\n\t\r\0\a\b\u001b\f\v";

    /// <summary>
    /// Characters the reader leaves to YamlDotNet wherever they occur: controls but line feed and carriage return, the
    /// characters YAML 1.1 takes as line breaks, the byte-order mark, non-characters and surrogates.
    /// </summary>
    private static readonly SearchValues<char> Unusual = SearchValues.Create(UnusualCharacters());

    private static readonly SearchValues<char> PlainStops = SearchValues.Create(":#");

    private static readonly SearchValues<char> FlowPlainStops = SearchValues.Create(":#,[]{} ");

    private readonly string text;
    private readonly IListItemSink? sink;
    private readonly Dictionary<string, string> shared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> sharedLookup;

    /// <summary>Index of the next character to read.</summary>
    private int pos;

    /// <summary>1-based number of the line <see cref="pos"/> is on.</summary>
    private int line = 1;

    /// <summary>Index of the first character of the current line.</summary>
    private int lineStart;

    /// <summary>Index where the current line's content ends: its <c>\r\n</c> or <c>\n</c>, or the text's end.</summary>
    private int lineEnd;

    /// <summary>Index of the next line's first character, or -1 on the last line.</summary>
    private int nextLine;

    private BlockYamlReader(string text, IListItemSink? sink)
    {
        this.text = text;
        this.sink = sink;
        sharedLookup = shared.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private bool AtEnd => pos >= text.Length;

    private int Indent => pos - lineStart;

    /// <summary>
    /// The documents (empty and comment-only ones left out, as <see cref="YamlReader"/> does), or null when the text
    /// needs <see cref="YamlReader"/>. With a <paramref name="sink"/>, the items of each document's top-level
    /// <c>items</c> list go to it as they are read, and each document as soon as it is complete: the result holds only
    /// the documents the sink did not take. When the result is null, what the sink received is to be forgotten.
    /// </summary>
    public static List<YamlNode>? TryRead(string text, IListItemSink? sink = null)
    {
        if (text.AsSpan().IndexOfAny(Unusual) >= 0 || !OnlyCrLf(text))
        {
            return null;
        }

        var reader = new BlockYamlReader(text, sink);
        try
        {
            return reader.ReadStream();
        }
        catch (DeclinedException)
        {
            return null;
        }
    }

    /// <summary>True when every carriage return ends a line before its line feed (YAML takes a lone one as a line break).</summary>
    private static bool OnlyCrLf(string text)
    {
        for (var at = text.IndexOf('\r', StringComparison.Ordinal); at >= 0; at = text.IndexOf('\r', at + 1))
        {
            if (at + 1 >= text.Length || text[at + 1] != '\n')
            {
                return false;
            }
        }

        return true;
    }

    private static string UnusualCharacters()
    {
        var sb = new StringBuilder();
        for (var c = '\0'; c < ' '; c++)
        {
            if (c is not '\n' and not '\r')
            {
                sb.Append(c);
            }
        }

        for (var c = '\u007f'; c <= '\u009f'; c++)
        {
            sb.Append(c);
        }

        for (var c = '\ud800'; c <= '\udfff'; c++)
        {
            sb.Append(c);
        }

        sb.Append("\u2028\u2029\ufeff\ufffe\uffff");
        return sb.ToString();
    }

    private static DeclinedException Decline() => DeclinedException.Instance;

    private List<YamlNode> ReadStream()
    {
        var documents = new List<YamlNode>();
        StartLine(0);
        SkipToContent();

        // A document after the first, and after "...", needs its own "---".
        var needStart = false;
        while (!AtEnd)
        {
            if (AtMarker("..."))
            {
                pos += 3;
                EndLine();
                needStart = true;
                continue;
            }

            if (AtMarker("---"))
            {
                pos += 3;
                EndLine();
                needStart = false;
                if (AtEnd || AtMarker("---") || AtMarker("..."))
                {
                    continue;
                }
            }
            else if (needStart || text[pos] == '%')
            {
                throw Decline();
            }

            var document = ReadCollection(depth: 0, stream: false);
            if (sink?.TakeDocument(document) != true)
            {
                documents.Add(document);
            }

            needStart = true;
            if (!AtEnd && !AtMarker("---") && !AtMarker("..."))
            {
                throw Decline();
            }
        }

        return documents;
    }

    /// <summary>Makes <paramref name="start"/> the current line; a line past the length limit is left to YamlDotNet.</summary>
    private void StartLine(int start)
    {
        pos = start;
        lineStart = start;
        var end = text.AsSpan(start).IndexOf('\n');
        nextLine = end < 0 ? -1 : start + end + 1;
        lineEnd = end < 0 ? text.Length : end > 0 && text[start + end - 1] == '\r' ? start + end - 1 : start + end;
        if (lineEnd - lineStart > InputLimits.MaxLineLength)
        {
            throw Decline();
        }
    }

    /// <summary>From the start of a line, moves to the first character of the next line that holds more than a comment.</summary>
    private void SkipToContent()
    {
        while (true)
        {
            while (pos < lineEnd && text[pos] == ' ')
            {
                pos++;
            }

            if (pos < lineEnd && text[pos] != '#')
            {
                return;
            }

            if (nextLine < 0)
            {
                pos = text.Length;
                return;
            }

            line++;
            StartLine(nextLine);
        }
    }

    /// <summary>
    /// Checks that the rest of the current line is blank or a comment (a <c>#</c> after a space; <paramref name="spaced"/>
    /// when one was skipped already), then moves to the next content line.
    /// </summary>
    private void EndLine(bool spaced = false)
    {
        while (pos < lineEnd && text[pos] == ' ')
        {
            pos++;
            spaced = true;
        }

        if (pos < lineEnd && !(text[pos] == '#' && spaced))
        {
            throw Decline();
        }

        if (nextLine < 0)
        {
            pos = text.Length;
            return;
        }

        line++;
        StartLine(nextLine);
        SkipToContent();
    }

    /// <summary>True at a document marker: <paramref name="marker"/> at column 1, then a space or the line's end.</summary>
    private bool AtMarker(string marker) =>
        pos == lineStart && pos + 3 <= lineEnd && text.AsSpan(pos, 3).SequenceEqual(marker) && (pos + 3 == lineEnd || text[pos + 3] == ' ');

    /// <summary>True at a block sequence entry: "-" then a space or the line's end.</summary>
    private bool AtEntry() => text[pos] == '-' && (pos + 1 == lineEnd || text[pos + 1] == ' ');

    /// <summary>Reads the block mapping or sequence that starts at the current position; anything else is declined.</summary>
    private YamlNode ReadCollection(int depth, bool stream)
    {
        if (AtEntry())
        {
            return ReadSequence(depth, stream);
        }

        var key = ReadScalar(flow: false, out var isKey);
        return isKey ? ReadMapping(depth, key) : throw Decline();
    }

    private YamlNode ReadMapping(int depth, YamlNode firstKey)
    {
        if (depth >= InputLimits.MaxDepth)
        {
            throw Decline();
        }

        // The first key is on the current line: its column is the mapping's indentation.
        var indent = firstKey.Column - 1;
        var node = YamlNode.Mapping(firstKey.Line, firstKey.Column);
        HashSet<string>? seen = null;
        YamlNode? key = firstKey;
        while (true)
        {
            if (key is null)
            {
                key = ReadScalar(flow: false, out var isKey);
                if (!isKey)
                {
                    throw Decline();
                }
            }

            if (key.IsPlain && key.Value == "<<")
            {
                throw Decline();
            }

            seen = CheckUnique(node.Pairs, key.Value, seen);
            var value = ReadValue(indent, entry: false, depth + 1, stream: depth == 0 && sink is not null && key.Value == "items");
            node.Pairs.Add(new(key, value));
            key = null;
            if (AtEnd || AtMarker("---") || AtMarker("..."))
            {
                return node;
            }

            if (Indent < indent)
            {
                return node;
            }

            if (Indent > indent || AtEntry())
            {
                throw Decline();
            }
        }
    }

    private static HashSet<string>? CheckUnique(List<KeyValuePair<YamlNode, YamlNode>> pairs, string key, HashSet<string>? seen)
    {
        if (seen is not null)
        {
            return seen.Add(key) ? seen : throw Decline();
        }

        foreach (var (k, _) in pairs)
        {
            if (k.Value == key)
            {
                throw Decline();
            }
        }

        if (pairs.Count < 16)
        {
            return null;
        }

        seen = new HashSet<string>(StringComparer.Ordinal) { key };
        foreach (var (k, _) in pairs)
        {
            seen.Add(k.Value);
        }

        return seen;
    }

    /// <summary>Reads a block sequence whose first "-" is at the current position.</summary>
    private YamlNode ReadSequence(int depth, bool stream)
    {
        if (depth >= InputLimits.MaxDepth)
        {
            throw Decline();
        }

        var indent = Indent;
        var node = YamlNode.Sequence(line, indent + 1);
        if (stream)
        {
            sink!.BeginItems(node);
        }

        while (true)
        {
            pos++;
            var item = ReadValue(indent, entry: true, depth + 1, stream: false);
            if (stream)
            {
                sink!.Item(item);
            }
            else
            {
                node.Items.Add(item);
            }

            if (AtEnd || AtMarker("---") || AtMarker("...") || Indent < indent)
            {
                return node;
            }

            if (Indent > indent)
            {
                throw Decline();
            }

            if (!AtEntry())
            {
                return node;
            }
        }
    }

    /// <summary>
    /// Reads what follows a mapping's ":" or a sequence's "-" (the current position is right after it), up to the next
    /// content line. <paramref name="owner"/> is the indentation of the key or the "-".
    /// </summary>
    private YamlNode ReadValue(int owner, bool entry, int depth, bool stream)
    {
        // An empty value sits right after its indicator, as YamlDotNet places it.
        var emptyLine = line;
        var emptyColumn = pos - lineStart + 1;
        while (pos < lineEnd && text[pos] == ' ')
        {
            pos++;
        }

        if (pos == lineEnd || text[pos] == '#')
        {
            // The indicator is followed by a space or the line's end, so a '#' here starts a comment.
            EndLine(spaced: true);
            if (AtEnd || AtMarker("---") || AtMarker("..."))
            {
                return YamlNode.Scalar(string.Empty, plain: true, emptyLine, emptyColumn);
            }

            if (Indent > owner)
            {
                return ReadCollection(depth, stream);
            }

            if (Indent == owner && !entry && AtEntry())
            {
                return ReadSequence(depth, stream);
            }

            return YamlNode.Scalar(string.Empty, plain: true, emptyLine, emptyColumn);
        }

        if (entry && AtEntry())
        {
            return ReadSequence(depth, stream: false);
        }

        if (text[pos] is '[' or '{')
        {
            var flow = ReadFlow(depth);
            EndLine();
            if (stream)
            {
                StreamFlow(flow);
            }

            return flow;
        }

        var scalar = ReadScalar(flow: false, out var isKey);
        if (isKey)
        {
            return entry ? ReadMapping(depth, scalar) : throw Decline();
        }

        EndLine();
        return scalar;
    }

    /// <summary>A flow list under a streamed <c>items</c> key goes to the sink as YamlReader sends it: begun, then item by item.</summary>
    private void StreamFlow(YamlNode flow)
    {
        if (flow.Kind != YamlNodeKind.Sequence)
        {
            return;
        }

        var items = flow.Items.ToList();
        flow.Items.Clear();
        sink!.BeginItems(flow);
        foreach (var item in items)
        {
            sink.Item(item);
        }
    }

    /// <summary>Reads a one-line flow sequence or mapping at the current position.</summary>
    private YamlNode ReadFlow(int depth)
    {
        if (depth >= InputLimits.MaxDepth)
        {
            throw Decline();
        }

        var mapping = text[pos] == '{';
        var close = mapping ? '}' : ']';
        var node = mapping ? YamlNode.Mapping(line, pos - lineStart + 1) : YamlNode.Sequence(line, pos - lineStart + 1);
        pos++;
        SkipSpaces();
        if (pos < lineEnd && text[pos] == close)
        {
            pos++;
            return node;
        }

        HashSet<string>? seen = null;
        while (true)
        {
            if (mapping)
            {
                var key = ReadScalar(flow: true, out var isKey);
                if (!isKey || (key.IsPlain && key.Value == "<<"))
                {
                    throw Decline();
                }

                seen = CheckUnique(node.Pairs, key.Value, seen);
                SkipSpaces();
                node.Pairs.Add(new(key, ReadFlowNode(depth + 1)));
            }
            else
            {
                node.Items.Add(ReadFlowNode(depth + 1));
            }

            SkipSpaces();
            if (pos >= lineEnd)
            {
                throw Decline();
            }

            if (text[pos] == close)
            {
                pos++;
                return node;
            }

            if (text[pos] != ',')
            {
                throw Decline();
            }

            pos++;
            SkipSpaces();
            if (pos >= lineEnd || text[pos] == close)
            {
                throw Decline();
            }
        }
    }

    private YamlNode ReadFlowNode(int depth)
    {
        if (pos >= lineEnd)
        {
            throw Decline();
        }

        if (text[pos] is '[' or '{')
        {
            return ReadFlow(depth);
        }

        var scalar = ReadScalar(flow: true, out var isKey);
        return isKey ? throw Decline() : scalar;
    }

    private void SkipSpaces()
    {
        while (pos < lineEnd && text[pos] == ' ')
        {
            pos++;
        }
    }

    /// <summary>
    /// Reads a one-line scalar at the current position. <paramref name="isKey"/> tells whether a ":" indicator follows
    /// it (the position is then right after the ":"); otherwise the position is right after the scalar.
    /// </summary>
    private YamlNode ReadScalar(bool flow, out bool isKey)
    {
        if (pos >= lineEnd)
        {
            throw Decline();
        }

        var start = pos;
        var column = pos - lineStart + 1;
        YamlNode node;
        var c = text[pos];
        if (c is '\'' or '"')
        {
            var value = c == '\'' ? ReadSingleQuoted() : ReadDoubleQuoted();
            node = YamlNode.Scalar(value, plain: false, line, column);
            var after = pos;
            SkipSpaces();
            isKey = pos < lineEnd && text[pos] == ':' && (pos + 1 == lineEnd || text[pos + 1] == ' ');
            if (isKey)
            {
                pos++;
            }
            else
            {
                pos = after;
            }
        }
        else
        {
            if (!PlainStart(c, flow))
            {
                throw Decline();
            }

            var end = ScanPlain(flow, out isKey);
            var trimmed = end;
            while (trimmed > start && text[trimmed - 1] == ' ')
            {
                trimmed--;
            }

            node = YamlNode.Scalar(Text(start, trimmed - start), plain: true, line, column);
            pos = isKey ? end + 1 : trimmed;
        }

        if (isKey && pos - start > MaxKeyLength)
        {
            throw Decline();
        }

        return node;
    }

    /// <summary>
    /// Whether a plain scalar may start with <paramref name="c"/>: the indicators are left to YamlDotNet, but "-" before
    /// a character other than a space ("-1"). (YamlDotNet does not read every ":x" as YAML 1.2 would: ":" is declined.)
    /// </summary>
    private bool PlainStart(char c, bool flow) => c switch
    {
        '-' => pos + 1 < lineEnd && text[pos + 1] is not ' ' && !(flow && text[pos + 1] is ',' or '[' or ']' or '{' or '}'),
        '?' or ':' or ',' or '[' or ']' or '{' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`' => false,
        _ => true,
    };

    /// <summary>
    /// Scans a plain scalar from the current position to the end of its line, a comment, or a ":" indicator (then
    /// <paramref name="isKey"/>). In flow context it also ends at a flow indicator; a ":" not followed by a space there,
    /// and a comment, are left to YamlDotNet. Returns the index where the scalar's text ends.
    /// </summary>
    private int ScanPlain(bool flow, out bool isKey)
    {
        var i = pos;
        var stops = flow ? FlowPlainStops : PlainStops;
        while (true)
        {
            var next = text.AsSpan(i, lineEnd - i).IndexOfAny(stops);
            if (next < 0)
            {
                if (flow)
                {
                    throw Decline();
                }

                isKey = false;
                return lineEnd;
            }

            i += next;
            switch (text[i])
            {
                case ':':
                    if (i + 1 == lineEnd || text[i + 1] == ' ')
                    {
                        isKey = true;
                        return i;
                    }

                    if (flow)
                    {
                        throw Decline();
                    }

                    break;
                case '#':
                    if (text[i - 1] == ' ')
                    {
                        if (flow)
                        {
                            throw Decline();
                        }

                        isKey = false;
                        return i;
                    }

                    break;
                case ' ':
                    // In flow context a space ends the scalar when only spaces and an indicator follow.
                    var j = i;
                    while (j < lineEnd && text[j] == ' ')
                    {
                        j++;
                    }

                    if (j == lineEnd || text[j] is ',' or ']' or '}' or '#')
                    {
                        isKey = false;
                        return i;
                    }

                    if (text[j] == ':' && (j + 1 == lineEnd || text[j + 1] == ' '))
                    {
                        throw Decline();
                    }

                    i = j - 1;
                    break;
                default:
                    // , [ ] { } in flow context.
                    isKey = false;
                    return i;
            }

            i++;
        }
    }

    private string ReadSingleQuoted()
    {
        var start = ++pos;
        StringBuilder? sb = null;
        while (true)
        {
            var next = text.AsSpan(pos, lineEnd - pos).IndexOf('\'');
            if (next < 0)
            {
                throw Decline();
            }

            var quote = pos + next;
            if (quote + 1 < lineEnd && text[quote + 1] == '\'')
            {
                sb ??= new StringBuilder();
                sb.Append(text, pos, quote + 1 - pos);
                pos = quote + 2;
                continue;
            }

            return Closed(start, quote, sb);
        }
    }

    private string ReadDoubleQuoted()
    {
        var start = ++pos;
        StringBuilder? sb = null;
        while (true)
        {
            var next = text.AsSpan(pos, lineEnd - pos).IndexOfAny('"', '\\');
            if (next < 0)
            {
                throw Decline();
            }

            var at = pos + next;
            if (text[at] == '"')
            {
                return Closed(start, at, sb);
            }

            sb ??= new StringBuilder();
            sb.Append(text, pos, at - pos);
            if (at + 1 >= lineEnd)
            {
                throw Decline();
            }

            pos = at + 2;
            var escape = text[at + 1];
            var simple = Escapes.IndexOf(escape, StringComparison.Ordinal);
            sb.Append(simple >= 0 ? Escaped[simple] : escape == 'x' ? Hex(2) : escape == 'u' ? Hex(4) : throw Decline());
        }
    }

    /// <summary>
    /// The value of a quoted scalar whose text starts at <paramref name="start"/> and whose closing quote is at
    /// <paramref name="quote"/>: the text itself, or what <paramref name="sb"/> holds of it (escapes undone) and the
    /// rest; the position moves past the quote.
    /// </summary>
    private string Closed(int start, int quote, StringBuilder? sb)
    {
        string value;
        if (sb is null)
        {
            value = Text(start, quote - start);
        }
        else
        {
            value = sb.Append(text, pos, quote - pos).ToString();
        }

        pos = quote + 1;
        return value.Length > InputLimits.MaxScalarLength ? throw Decline() : value;
    }

    /// <summary>The character of a \x or \u escape's <paramref name="digits"/> hexadecimal digits; a surrogate is declined.</summary>
    private char Hex(int digits)
    {
        if (pos + digits > lineEnd
            || !int.TryParse(text.AsSpan(pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            || char.IsSurrogate((char)code))
        {
            throw Decline();
        }

        pos += digits;
        return (char)code;
    }

    /// <summary>The text of a span, shared with earlier scalars of the same text when short.</summary>
    private string Text(int start, int length)
    {
        if (length > InputLimits.MaxScalarLength)
        {
            throw Decline();
        }

        if (length > MaxSharedLength)
        {
            return text.Substring(start, length);
        }

        var span = text.AsSpan(start, length);
        if (sharedLookup.TryGetValue(span, out var found))
        {
            return found;
        }

        var s = span.ToString();
        if (shared.Count < MaxSharedStrings)
        {
            shared[s] = s;
        }

        return s;
    }

    /// <summary>Thrown to give the text to YamlDotNet; one instance, as it carries nothing.</summary>
    private sealed class DeclinedException : Exception
    {
        public static readonly DeclinedException Instance = new();
    }
}
