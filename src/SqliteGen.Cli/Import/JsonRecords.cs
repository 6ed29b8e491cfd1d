using System;
using System.Collections.Generic;
using System.Text.Json;

namespace SqliteGen.Cli.Import;

/// <summary>A parsed JSON object to an <see cref="ImportRecord"/>, and JSON errors to messages without System.Text.Json's relative positions.</summary>
internal static class JsonRecords
{
    public static ImportRecord ToRecord(JsonElement element, string file, int line)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw ImportException.At(file, line, $"expected a JSON object, found {Describe(element.ValueKind)}");
        var columns = new List<string>();
        var values = new List<object?>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
                throw ImportException.At(file, line, $"the key '{property.Name}' appears twice in one object");
            columns.Add(property.Name);
            values.Add(Value(property.Value));
        }
        return new ImportRecord(line, columns.ToArray(), values.ToArray(), FromText: false);
    }

    private static object? Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.True => 1L,
        JsonValueKind.False => 0L,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number when value.TryGetInt64(out long integer) => integer,
        // A whole number too big for 64 bits keeps its digits as text rather than losing them to a double.
        JsonValueKind.Number when value.GetRawText().AsSpan().IndexOfAny(".eE") < 0 => value.GetRawText(),
        JsonValueKind.Number => value.GetDouble(),
        _ => value.GetRawText(), // objects and arrays are stored as JSON text, as sqlite-utils does
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>"malformed JSON: ..." with System.Text.Json's own description, less its positions (the line is reported by the caller).</summary>
    public static string Malformed(JsonException error)
    {
        string message = error.Message;
        int positions = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (positions > 0)
            message = message[..positions];
        return "malformed JSON: " + message.TrimEnd('.', ' ');
    }

    /// <summary>The line within a parsed document where System.Text.Json stopped (0-based in the exception).</summary>
    public static int LineOffset(JsonException error) => (int)(error.LineNumber ?? 0);
}
