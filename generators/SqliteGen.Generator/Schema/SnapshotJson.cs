using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using SqliteGen.Generator.Model;

namespace SqliteGen.Generator.Schema;

/// <summary>
/// The snapshot file format: a <see cref="DatabaseSchema"/> as indented JSON, one table, column and
/// index per block, defaults left out, so a schema change reads as a small diff in review. Written and
/// read here (the generator runs inside the compiler on netstandard2.0, where System.Text.Json is not
/// available to it); the reader reports the line of the first thing it does not understand.
/// </summary>
internal static class SnapshotJson
{
    /// <summary>A snapshot's file name, <c>&lt;Database&gt;.v&lt;N&gt;.json</c> (groups <c>database</c> and <c>version</c>).</summary>
    public static readonly System.Text.RegularExpressions.Regex FileName = new(@"^(?<database>.+)\.v(?<version>[0-9]{1,9})\.json$",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <param name="dataSteps">The database's <c>[DataStep]</c> methods by version: recorded so that a tool working from
    /// the snapshots alone (<c>sqlitegen migrate</c>) computes the same checksums and knows which steps need the application.</param>
    /// <param name="seedData">The database's <c>[SeedData]</c> methods by version, recorded for the same reasons and so that a
    /// later build knows which seed data a frozen version shipped with (SQLG059).</param>
    public static string Write(string databaseName, DatabaseSchema schema, IEnumerable<(int Version, string Method)>? dataSteps = null, IEnumerable<(int Version, string Method)>? seedData = null)
    {
        var w = new StringBuilder();
        w.Append("{\n");
        w.Append("  \"database\": ").Append(Str(databaseName)).Append(",\n");
        w.Append("  \"version\": ").Append(schema.Version.ToString(CultureInfo.InvariantCulture)).Append(",\n");
        List<(int Version, string Method)> steps = dataSteps?.OrderBy(s => s.Version).ToList() ?? new();
        if (steps.Count > 0)
        {
            w.Append("  \"dataSteps\": [")
                .Append(string.Join(", ", steps.Select(s => "{ \"version\": " + s.Version.ToString(CultureInfo.InvariantCulture) + ", \"method\": " + Str(s.Method) + " }")))
                .Append("],\n");
        }
        List<(int Version, string Method)> seeds = seedData?.OrderBy(s => s.Version).ToList() ?? new();
        if (seeds.Count > 0)
        {
            w.Append("  \"seedData\": [")
                .Append(string.Join(", ", seeds.Select(s => "{ \"version\": " + s.Version.ToString(CultureInfo.InvariantCulture) + ", \"method\": " + Str(s.Method) + " }")))
                .Append("],\n");
        }
        w.Append("  \"tables\": [");
        for (int t = 0; t < schema.Tables.Count; t++)
        {
            TableSchema table = schema.Tables[t];
            w.Append(t == 0 ? "\n" : ",\n");
            w.Append("    {\n      \"name\": ").Append(Str(table.Name));
            if (table.RenamedFrom.Count > 0)
                w.Append(",\n      \"renamedFrom\": ").Append(StrArray(table.RenamedFrom));
            w.Append(",\n      \"columns\": [");
            for (int c = 0; c < table.Columns.Count; c++)
            {
                ColumnSchema column = table.Columns[c];
                var fields = new List<string> { "\"name\": " + Str(column.Name), "\"type\": " + Str(column.Type) };
                if (column.Kind is not null) fields.Add("\"kind\": " + Str(column.Kind));
                if (column.NotNull) fields.Add("\"notNull\": true");
                if (column.PrimaryKey > 0) fields.Add("\"primaryKey\": " + column.PrimaryKey.ToString(CultureInfo.InvariantCulture));
                if (column.AutoIncrement) fields.Add("\"autoIncrement\": true");
                if (column.Default is not null) fields.Add("\"default\": " + Str(column.Default));
                if (column.Check is not null) fields.Add("\"check\": " + Str(column.Check));
                if (column.Collate is not null) fields.Add("\"collate\": " + Str(column.Collate));
                if (column.RenamedFrom.Count > 0) fields.Add("\"renamedFrom\": " + StrArray(column.RenamedFrom));
                if (column.EnumNames.Count > 0) fields.Add("\"enum\": " + StrArray(column.EnumNames.Select(n => n.Text + "=" + n.Number)));
                if (column.Form is not null) fields.Add("\"form\": " + Str(column.Form));
                w.Append(c == 0 ? "\n" : ",\n").Append("        { ").Append(string.Join(", ", fields)).Append(" }");
            }
            w.Append(table.Columns.Count == 0 ? "]" : "\n      ]");
            w.Append(",\n      \"indexes\": [");
            for (int i = 0; i < table.Indexes.Count; i++)
            {
                IndexSchema index = table.Indexes[i];
                var fields = new List<string> { "\"name\": " + Str(index.Name), "\"columns\": " + StrArray(index.Columns) };
                if (index.Unique) fields.Add("\"unique\": true");
                if (index.Where is not null) fields.Add("\"where\": " + Str(index.Where));
                w.Append(i == 0 ? "\n" : ",\n").Append("        { ").Append(string.Join(", ", fields)).Append(" }");
            }
            w.Append(table.Indexes.Count == 0 ? "]" : "\n      ]");
            w.Append(",\n      \"foreignKeys\": [");
            for (int f = 0; f < table.ForeignKeys.Count; f++)
            {
                ForeignKeySchema key = table.ForeignKeys[f];
                w.Append(f == 0 ? "\n" : ",\n").Append("        { \"column\": ").Append(Str(key.Column))
                    .Append(", \"table\": ").Append(Str(key.Table)).Append(", \"targetColumn\": ").Append(Str(key.TargetColumn))
                    .Append(", \"onDelete\": ").Append(Str(key.OnDelete)).Append(", \"onUpdate\": ").Append(Str(key.OnUpdate)).Append(" }");
            }
            w.Append(table.ForeignKeys.Count == 0 ? "]" : "\n      ]");
            if (table.Companions.Count > 0)
            {
                w.Append(",\n      \"companions\": [");
                for (int c = 0; c < table.Companions.Count; c++)
                {
                    CompanionSchema companion = table.Companions[c];
                    w.Append(c == 0 ? "\n" : ",\n").Append("        { \"name\": ").Append(Str(companion.Name))
                        .Append(", \"kind\": ").Append(Str(companion.Kind)).Append(", \"sql\": ").Append(Str(companion.Sql)).Append(" }");
                }
                w.Append("\n      ]");
            }
            w.Append("\n    }");
        }
        w.Append(schema.Tables.Count == 0 ? "]\n" : "\n  ]\n");
        w.Append("}\n");
        return w.ToString();
    }

    private static string StrArray(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Str)) + "]";

    private static string Str(string value)
    {
        var s = new StringBuilder("\"");
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            switch (c)
            {
                case '"': s.Append("\\\""); break;
                case '\\': s.Append("\\\\"); break;
                case '\n': s.Append("\\n"); break;
                case '\r': s.Append("\\r"); break;
                case '\t': s.Append("\\t"); break;
                // "*/" would end the comment the snapshot travels in inside generated code.
                case '/' when i > 0 && value[i - 1] == '*': s.Append("\\/"); break;
                default:
                    if (c < ' ')
                        s.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        s.Append(c);
                    break;
            }
        }
        return s.Append('"').ToString();
    }

    /// <summary>Reads a snapshot, or says what is wrong and on which line.</summary>
    public static (DatabaseSchema? Schema, string? Database, string? Error) Read(string text)
    {
        (DatabaseSchema? schema, string? database, _, string? error) = ReadWithDataSteps(text);
        return (schema, database, error);
    }

    /// <summary>An <c>"enum"</c> entry of a text enum column, <c>name=number</c> (a name may hold <c>=</c>; the number cannot).</summary>
    private static EnumName EnumEntry(string entry)
    {
        int split = entry.LastIndexOf('=');
        return split < 0 ? new EnumName("", entry, "") : new EnumName("", entry.Substring(0, split), entry.Substring(split + 1));
    }

    /// <summary>Reads a snapshot and the data steps it records (version, method name).</summary>
    public static (DatabaseSchema? Schema, string? Database, List<(int Version, string Method)> DataSteps, string? Error) ReadWithDataSteps(string text)
    {
        try
        {
            var reader = new Reader(text);
            object? root = reader.ReadDocument();
            if (root is not Dictionary<string, object?> document)
                return (null, null, new(), "line 1: a snapshot is a JSON object");
            string database = Required<string>(document, "database", "the snapshot");
            int version = Required<int>(document, "version", "the snapshot");
            var tables = new List<TableSchema>();
            foreach (Dictionary<string, object?> table in Objects(document, "tables", "the snapshot"))
            {
                string name = Required<string>(table, "name", "a table");
                string where = "table " + name;
                var columns = Objects(table, "columns", where).Select(c => new ColumnSchema(
                    Required<string>(c, "name", "a column of " + where),
                    Strings(c, "renamedFrom"),
                    Required<string>(c, "type", "a column of " + where),
                    Optional(c, "notNull", false),
                    Optional(c, "primaryKey", 0),
                    Optional(c, "autoIncrement", false),
                    Optional<string?>(c, "default", null),
                    Optional<string?>(c, "check", null),
                    Optional<string?>(c, "collate", null),
                    Strings(c, "enum").Select(EnumEntry).ToEquatableArray(),
                    Optional<string?>(c, "form", null),
                    Optional<string?>(c, "kind", null))).ToEquatableArray();
                var indexes = Objects(table, "indexes", where).Select(i => new IndexSchema(
                    Required<string>(i, "name", "an index of " + where),
                    Strings(i, "columns"),
                    Optional(i, "unique", false),
                    Optional<string?>(i, "where", null))).ToEquatableArray();
                var keys = Objects(table, "foreignKeys", where).Select(f => new ForeignKeySchema(
                    Required<string>(f, "column", "a foreign key of " + where),
                    Required<string>(f, "table", "a foreign key of " + where),
                    Required<string>(f, "targetColumn", "a foreign key of " + where),
                    Optional(f, "onDelete", "NO ACTION"),
                    Optional(f, "onUpdate", "NO ACTION"))).ToEquatableArray();
                var companions = Objects(table, "companions", where).Select(c => new CompanionSchema(
                    Required<string>(c, "name", "a companion of " + where),
                    Required<string>(c, "kind", "a companion of " + where),
                    Required<string>(c, "sql", "a companion of " + where))).ToEquatableArray();
                tables.Add(new TableSchema(name, Strings(table, "renamedFrom"), columns, indexes, keys, companions));
            }
            var dataSteps = Objects(document, "dataSteps", "the snapshot")
                .Select(d => (Required<int>(d, "version", "a data step"), Required<string>(d, "method", "a data step"))).ToList();
            return (new DatabaseSchema(version, tables.ToEquatableArray()), database, dataSteps, null);
        }
        catch (FormatException error)
        {
            return (null, null, new(), error.Message);
        }
    }

    /// <summary>The seed data a snapshot records (version, method name); empty when it records none or cannot be read.</summary>
    public static List<(int Version, string Method)> ReadSeedData(string text)
    {
        try
        {
            if (new Reader(text).ReadDocument() is not Dictionary<string, object?> document)
                return new();
            return Objects(document, "seedData", "the snapshot")
                .Select(d => (Required<int>(d, "version", "seed data"), Required<string>(d, "method", "seed data"))).ToList();
        }
        catch (FormatException)
        {
            return new(); // Read reports the file (SQLG054)
        }
    }

    private static T Required<T>(Dictionary<string, object?> obj, string key, string owner) =>
        obj.TryGetValue(key, out object? value) && value is T typed ? typed : throw new FormatException($"{owner} needs \"{key}\" ({Describe<T>()})");

    private static T Optional<T>(Dictionary<string, object?> obj, string key, T fallback) =>
        !obj.TryGetValue(key, out object? value) || value is null ? fallback
        : value is T typed ? typed : throw new FormatException($"\"{key}\" must be {Describe<T>()}");

    private static string Describe<T>() => typeof(T) == typeof(int) ? "a whole number" : typeof(T) == typeof(bool) ? "true or false" : "a string";

    private static IEnumerable<Dictionary<string, object?>> Objects(Dictionary<string, object?> obj, string key, string owner)
    {
        if (!obj.TryGetValue(key, out object? value) || value is null)
            return Enumerable.Empty<Dictionary<string, object?>>();
        if (value is List<object?> list && list.All(i => i is Dictionary<string, object?>))
            return list.Cast<Dictionary<string, object?>>();
        throw new FormatException($"\"{key}\" of {owner} must be a list of objects");
    }

    private static EquatableArray<string> Strings(Dictionary<string, object?> obj, string key)
    {
        if (!obj.TryGetValue(key, out object? value) || value is null)
            return EquatableArray<string>.Empty;
        if (value is List<object?> list && list.All(i => i is string))
            return list.Cast<string>().ToEquatableArray();
        throw new FormatException($"\"{key}\" must be a list of strings");
    }

    /// <summary>A small JSON reader: objects, arrays, strings, whole numbers, true, false, null.</summary>
    private sealed class Reader(string text)
    {
        private int _position;

        public object? ReadDocument()
        {
            object? value = ReadValue();
            SkipSpace();
            if (_position < text.Length)
                throw Error("unexpected text after the end of the snapshot");
            return value;
        }

        private FormatException Error(string message)
        {
            int line = 1;
            for (int i = 0; i < _position && i < text.Length; i++)
            {
                if (text[i] == '\n')
                    line++;
            }
            return new FormatException($"line {line}: {message}");
        }

        private void SkipSpace()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
                _position++;
        }

        private object? ReadValue()
        {
            SkipSpace();
            if (_position >= text.Length)
                throw Error("the snapshot ends too early");
            char c = text[_position];
            if (c == '{') return ReadObject();
            if (c == '[') return ReadArray();
            if (c == '"') return ReadString();
            if (c == '-' || char.IsDigit(c)) return ReadNumber();
            if (Word("true")) return true;
            if (Word("false")) return false;
            if (Word("null")) return null;
            throw Error($"unexpected '{c}'");
        }

        private bool Word(string word)
        {
            if (string.CompareOrdinal(text, _position, word, 0, word.Length) != 0)
                return false;
            _position += word.Length;
            return true;
        }

        private Dictionary<string, object?> ReadObject()
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            _position++;
            SkipSpace();
            if (Peek() == '}') { _position++; return result; }
            while (true)
            {
                SkipSpace();
                if (Peek() != '"')
                    throw Error("expected a property name in quotes");
                string key = ReadString();
                SkipSpace();
                Expect(':');
                if (result.ContainsKey(key))
                    throw Error($"\"{key}\" appears twice");
                result[key] = ReadValue();
                SkipSpace();
                if (Peek() == ',') { _position++; continue; }
                Expect('}');
                return result;
            }
        }

        private List<object?> ReadArray()
        {
            var result = new List<object?>();
            _position++;
            SkipSpace();
            if (Peek() == ']') { _position++; return result; }
            while (true)
            {
                result.Add(ReadValue());
                SkipSpace();
                if (Peek() == ',') { _position++; continue; }
                Expect(']');
                return result;
            }
        }

        private char Peek() => _position < text.Length ? text[_position] : '\0';

        private void Expect(char c)
        {
            if (Peek() != c)
                throw Error(_position < text.Length ? $"expected '{c}' but found '{text[_position]}'" : $"expected '{c}' but the snapshot ends");
            _position++;
        }

        private string ReadString()
        {
            var s = new StringBuilder();
            _position++;
            while (true)
            {
                if (_position >= text.Length)
                    throw Error("a string is not closed");
                char c = text[_position++];
                if (c == '"')
                    return s.ToString();
                if (c != '\\')
                {
                    s.Append(c);
                    continue;
                }
                char e = Peek();
                _position++;
                switch (e)
                {
                    case '"': s.Append('"'); break;
                    case '\\': s.Append('\\'); break;
                    case '/': s.Append('/'); break;
                    case 'b': s.Append('\b'); break;
                    case 'f': s.Append('\f'); break;
                    case 'n': s.Append('\n'); break;
                    case 'r': s.Append('\r'); break;
                    case 't': s.Append('\t'); break;
                    case 'u' when _position + 4 <= text.Length
                        && int.TryParse(text.Substring(_position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code):
                        s.Append((char)code);
                        _position += 4;
                        break;
                    default: throw Error("unknown escape in a string");
                }
            }
        }

        private int ReadNumber()
        {
            int start = _position;
            if (Peek() == '-')
                _position++;
            while (char.IsDigit(Peek()))
                _position++;
            if (!int.TryParse(text.Substring(start, _position - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
                throw Error("expected a whole number");
            return value;
        }
    }
}
