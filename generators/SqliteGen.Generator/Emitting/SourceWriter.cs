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
                    if (char.IsControl(c))
                        builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else
                        builder.Append(c);
                    break;
            }
        }
        return builder;
    }

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
        foreach (string line in value.Split('\n'))
            builder.Append(line.Length > 0 ? pad + line : "").Append('\n');
        return builder.Append(pad).Append(quotes).ToString();
    }
}
