using System;
using System.Buffers;
using System.Collections;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using SqliteGen.Runtime;

namespace SqliteGen;

/// <summary>
/// Named values for ad-hoc SQL (<see cref="DatabaseSql"/>): each is bound to the SQL parameter of its name
/// (<c>$name</c>, <c>:name</c> or <c>@name</c>; give the name with or without the prefix), never spliced into the text.
/// Values are stored as the generated code stores them (docs/type-mapping.md): a <see cref="Guid"/> as lower-case text,
/// a <see cref="bool"/> as 0/1, dates in their round-trip text, so a parameter compares with a column as the column's
/// own values do. A list is bound as one JSON array, for <c>IN (SELECT value FROM json_each($ids))</c>.
/// </summary>
/// <example><code>
/// var found = db.Sql.Query&lt;User&gt;("SELECT * FROM users WHERE user_id IN (SELECT value FROM json_each($ids)) AND name LIKE $name",
///     new SqlParameters { { "ids", ids }, { "name", "A%" } });
/// </code></example>
public sealed class SqlParameters : IEnumerable<KeyValuePair<string, object?>>
{
    private readonly List<(string Name, SqlValue Value)> _values = new();

    /// <summary>How many values there are.</summary>
    public int Count => _values.Count;

    internal string NameAt(int index) => _values[index].Name;

    internal SqlValue ValueAt(int index) => _values[index].Value;

    /// <summary>Adds text; null binds NULL.</summary>
    public SqlParameters Add(string name, string? value) => Set(name, value is null ? SqlValue.Null : new SqlValue(SqlValueKind.Text, 0, 0, value));

    /// <summary>Adds an integer.</summary>
    public SqlParameters Add(string name, long value) => Set(name, new SqlValue(SqlValueKind.Integer, value, 0, null));

    /// <summary>Adds an integer; null binds NULL.</summary>
    public SqlParameters Add(string name, long? value) => value is long v ? Add(name, v) : AddNull(name);

    /// <summary>Adds an integer.</summary>
    public SqlParameters Add(string name, int value) => Add(name, (long)value);

    /// <summary>Adds an integer; null binds NULL.</summary>
    public SqlParameters Add(string name, int? value) => value is int v ? Add(name, (long)v) : AddNull(name);

    /// <summary>Adds a real.</summary>
    public SqlParameters Add(string name, double value) => Set(name, new SqlValue(SqlValueKind.Real, 0, value, null));

    /// <summary>Adds a real; null binds NULL.</summary>
    public SqlParameters Add(string name, double? value) => value is double v ? Add(name, v) : AddNull(name);

    /// <summary>Adds a boolean as 1 or 0.</summary>
    public SqlParameters Add(string name, bool value) => Set(name, new SqlValue(SqlValueKind.Integer, value ? 1 : 0, 0, null, SqlValueOrigin.Boolean));

    /// <summary>Adds a boolean as 1 or 0; null binds NULL.</summary>
    public SqlParameters Add(string name, bool? value) => value is bool v ? Add(name, v) : AddNull(name);

    /// <summary>Adds a blob; null binds NULL.</summary>
    public SqlParameters Add(string name, byte[]? value) => Set(name, value is null ? SqlValue.Null : new SqlValue(SqlValueKind.Blob, 0, 0, value));

    /// <summary>Adds a Guid as the stored text (<see cref="Runtime.SqliteValues.FromGuid"/>).</summary>
    public SqlParameters Add(string name, Guid value) => Text(name, SqliteValues.FromGuid(value), SqlValueOrigin.Guid);

    /// <summary>Adds a Guid as the stored text; null binds NULL.</summary>
    public SqlParameters Add(string name, Guid? value) => value is Guid v ? Add(name, v) : AddNull(name);

    /// <summary>Adds a decimal as the stored text (<see cref="Runtime.SqliteValues.FromDecimal"/>).</summary>
    public SqlParameters Add(string name, decimal value) => Text(name, SqliteValues.FromDecimal(value), SqlValueOrigin.Decimal);

    /// <summary>Adds a decimal as the stored text; null binds NULL.</summary>
    public SqlParameters Add(string name, decimal? value) => value is decimal v ? Add(name, v) : AddNull(name);

    /// <summary>Adds a DateTime as the stored text (<see cref="Runtime.SqliteValues.FromDateTime"/>).</summary>
    public SqlParameters Add(string name, DateTime value) => Text(name, SqliteValues.FromDateTime(value), SqlValueOrigin.DateTime);

    /// <summary>Adds a DateTime as the stored text; null binds NULL.</summary>
    public SqlParameters Add(string name, DateTime? value) => value is DateTime v ? Add(name, v) : AddNull(name);

    /// <summary>Adds a DateTimeOffset as the stored text (<see cref="Runtime.SqliteValues.FromDateTimeOffset"/>).</summary>
    public SqlParameters Add(string name, DateTimeOffset value) => Text(name, SqliteValues.FromDateTimeOffset(value), SqlValueOrigin.DateTimeOffset);

    /// <summary>Adds a DateTimeOffset as the stored text; null binds NULL.</summary>
    public SqlParameters Add(string name, DateTimeOffset? value) => value is DateTimeOffset v ? Add(name, v) : AddNull(name);

    /// <summary>Adds a DateOnly as the stored text (<see cref="Runtime.SqliteValues.FromDateOnly"/>).</summary>
    public SqlParameters Add(string name, DateOnly value) => Text(name, SqliteValues.FromDateOnly(value), SqlValueOrigin.DateOnly);

    /// <summary>Adds a TimeOnly as the stored text (<see cref="Runtime.SqliteValues.FromTimeOnly"/>).</summary>
    public SqlParameters Add(string name, TimeOnly value) => Text(name, SqliteValues.FromTimeOnly(value), SqlValueOrigin.TimeOnly);

    /// <summary>Adds a TimeSpan as its ticks, as a TimeSpan column stores it.</summary>
    public SqlParameters Add(string name, TimeSpan value) => Set(name, new SqlValue(SqlValueKind.Integer, value.Ticks, 0, null, SqlValueOrigin.TimeSpan));

    /// <summary>Adds NULL.</summary>
    public SqlParameters AddNull(string name) => Set(name, SqlValue.Null);

    /// <summary>Adds a list of integers as one JSON array: <c>x IN (SELECT value FROM json_each($name))</c>.</summary>
    public SqlParameters Add(string name, IEnumerable<long> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return AddJsonArray(name, values, static (writer, value) => writer.WriteNumberValue(value));
    }

    /// <inheritdoc cref="Add(string, IEnumerable{long})"/>
    public SqlParameters Add(string name, IEnumerable<int> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return AddJsonArray(name, values, static (writer, value) => writer.WriteNumberValue(value));
    }

    /// <summary>Adds a list of reals as one JSON array (finite values only: JSON has no NaN or infinity).</summary>
    public SqlParameters Add(string name, IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return AddJsonArray(name, values, static (writer, value) =>
        {
            if (!double.IsFinite(value))
                throw new ArgumentException($"A list of reals for a SQL parameter cannot hold {value}: JSON, which carries the list, has no NaN or infinity.");
            writer.WriteNumberValue(value);
        });
    }

    /// <summary>Adds a list of texts as one JSON array (a null element is a JSON null, which equals nothing).</summary>
    public SqlParameters Add(string name, IEnumerable<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return AddJsonArray(name, values, static (writer, value) =>
        {
            if (value is null)
                writer.WriteNullValue();
            else
                writer.WriteStringValue(value);
        });
    }

    /// <summary>Adds a list of Guids as one JSON array of their stored text.</summary>
    public SqlParameters Add(string name, IEnumerable<Guid> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return AddJsonArray(name, values, static (writer, value) => writer.WriteStringValue(SqliteValues.FromGuid(value)));
    }

    private SqlParameters AddJsonArray<T>(string name, IEnumerable<T> values, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        // The default encoder escapes quotes, apostrophes and control characters as \uXXXX, which json_each decodes:
        // the text of each element reaches SQLite as a value, never as SQL.
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (T value in values)
                write(writer, value);
            writer.WriteEndArray();
        }
        return Text(name, Encoding.UTF8.GetString(buffer.WrittenSpan), SqlValueOrigin.JsonList);
    }

    /// <summary>A value stored as text, remembering what it was (PostgreSQL binds it as that type).</summary>
    private SqlParameters Text(string name, string text, SqlValueOrigin origin) => Set(name, new SqlValue(SqlValueKind.Text, 0, 0, text, origin));

    private SqlParameters Set(string name, SqlValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        string bare = Bare(name);
        foreach ((string existing, _) in _values)
        {
            if (Bare(existing) == bare)
                throw new ArgumentException($"The SQL parameter '{name}' was given twice.", nameof(name));
        }
        _values.Add((name, value));
        return this;
    }

    internal static string Bare(string name) => name[0] is '$' or ':' or '@' ? name.Substring(1) : name;

    /// <summary>The names and values (as bound: stored text for Guids and dates, a JSON array for a list).</summary>
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        foreach ((string name, SqlValue value) in _values)
            yield return new(name, value.Boxed);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

internal enum SqlValueKind
{
    Null,
    Integer,
    Real,
    Text,
    Blob,
}

/// <summary>
/// What a value was before it took its stored form (a Guid's text, a bool's 0/1): SQLite binds the stored form; PostgreSQL,
/// whose columns have these types, binds the value as its own type (a <c>uuid</c>, a <c>boolean</c>).
/// </summary>
internal enum SqlValueOrigin
{
    /// <summary>The value is what <see cref="SqlValue.Kind"/> says.</summary>
    Stored,
    Boolean,
    Guid,
    Decimal,
    DateTime,
    DateTimeOffset,
    DateOnly,
    TimeOnly,
    TimeSpan,
    JsonList,
}

internal readonly record struct SqlValue(SqlValueKind Kind, long Integer, double Real, object? Reference, SqlValueOrigin Origin = SqlValueOrigin.Stored)
{
    public static SqlValue Null => default;

    public object? Boxed => Kind switch
    {
        SqlValueKind.Integer => Integer,
        SqlValueKind.Real => Real,
        _ => Reference,
    };
}
