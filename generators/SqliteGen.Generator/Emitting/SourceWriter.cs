using System;
using System.Text;

namespace SqliteGen.Generator.Emitting;

/// <summary>A small indented writer: generated code is built line by line, never with SyntaxFactory.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    public void Line(string text = "")
    {
        if (text.Length > 0)
            _builder.Append(' ', _indent * 4).Append(text);
        _builder.Append('\n');
    }

    /// <summary>Writes each line of <paramref name="text"/> at the current indentation.</summary>
    public void Lines(string text)
    {
        foreach (string line in text.Split('\n'))
            Line(line.TrimEnd('\r'));
    }

    public void Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
    }

    public void Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
    }

    public void Indent() => _indent++;

    public void Outdent() => _indent--;

    public int IndentLevel => _indent;

    public override string ToString() => _builder.ToString();

    /// <summary>A C# regular string literal of <paramref name="value"/>: every C# string literal the generator writes comes from here.</summary>
    public static string Literal(string value) => AppendEscaped(new StringBuilder(value.Length + 2).Append('"'), value, interpolated: false).Append('"').ToString();

    /// <summary>
    /// A C# interpolated string literal (<c>$"..."</c>) whose parts alternate between text (escaped, braces doubled) and
    /// the C# expressions of its holes: <c>InterpolatedLiteral("item ", "count", " is null")</c> is <c>$"item {count} is null"</c>.
    /// </summary>
    public static string InterpolatedLiteral(params string[] textThenHoles)
    {
        var builder = new StringBuilder("$\"");
        for (int i = 0; i < textThenHoles.Length; i++)
        {
            if (i % 2 == 0)
                AppendEscaped(builder, textThenHoles[i], interpolated: true);
            else
                builder.Append('{').Append(textThenHoles[i]).Append('}');
        }
        return builder.Append('"').ToString();
    }

    private static StringBuilder AppendEscaped(StringBuilder builder, string value, bool interpolated)
    {
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '{' or '}' when interpolated: builder.Append(c, 2); break;
                default:
                    // U+2028 and U+2029 are not control characters, but C# ends a line (and so the literal) at them.
                    if (char.IsControl(c) || c is '\u2028' or '\u2029')
                        builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else
                        builder.Append(c);
                    break;
            }
        }
        return builder;
    }

    /// <summary>
    /// <paramref name="value"/> as text of a <c>///</c> documentation comment: every name or SQL text the generator
    /// quotes in one comes from here. <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> become entities (a CHECK's <c>a &lt; 10</c>
    /// or a table named <c>a&amp;b</c> would otherwise make the comment invalid XML, CS1570); a line break (which would end
    /// the comment and put the rest in code), with the blanks around it, becomes one space; another control character
    /// becomes a space and a lone surrogate U+FFFD (XML allows neither).
    /// </summary>
    public static string DocText(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '\r' or '\n' or '\u0085' or '\u2028' or '\u2029':
                    // C#'s line terminators: the line break and the blanks around it become one space.
                    while (builder.Length > 0 && builder[builder.Length - 1] is ' ' or '\t')
                        builder.Length--;
                    builder.Append(' ');
                    while (i + 1 < value.Length && value[i + 1] is ' ' or '\t' or '\r' or '\n' or '\u0085' or '\u2028' or '\u2029')
                        i++;
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                        builder.Append(c).Append(value[++i]);
                    else if (char.IsSurrogate(c))
                        builder.Append('\uFFFD');
                    else if (char.IsControl(c) && c != '\t')
                        builder.Append(' ');
                    else
                        builder.Append(c);
                    break;
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// <paramref name="value"/> on one line of a plain <c>//</c> comment: each run of white space becomes one space,
    /// C#'s line terminators U+0085, U+2028 and U+2029 among it (the comment would end at them and the rest be code).
    /// </summary>
    public static string CommentText(string value) => string.Join(" ", value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// A multi-line raw string literal (<c>"""</c>) of <paramref name="value"/> whose lines are indented by
    /// <paramref name="indent"/> spaces in the source; the literal's value has no indentation.
    /// </summary>
    public static string RawLiteral(string value, int indent)
    {
        int longestRun = 0, run = 0;
        foreach (char c in value)
        {
            run = c == '"' ? run + 1 : 0;
            longestRun = Math.Max(longestRun, run);
        }
        string quotes = new('"', Math.Max(3, longestRun + 1));
        string pad = new(' ', indent);
        var builder = new StringBuilder().Append(quotes).Append('\n');
        bool lineStart = true;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (lineStart && c != '\n')
                builder.Append(pad);
            builder.Append(c);
            // Every line C# sees starts with the indentation: after \n, and after its other line terminators too.
            lineStart = c is '\n' or '\u0085' or '\u2028' or '\u2029' || (c == '\r' && (i + 1 == value.Length || value[i + 1] != '\n'));
        }
        return builder.Append('\n').Append(pad).Append(quotes).ToString();
    }
}
