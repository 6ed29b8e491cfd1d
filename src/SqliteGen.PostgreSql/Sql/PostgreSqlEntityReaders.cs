using System;
using System.Collections.Generic;
using System.ComponentModel;
using Npgsql;

namespace SqliteGen.PostgreSql;

/// <summary>
/// The row readers of one database's entities on PostgreSQL, registered by the generated <c>ShopDb.PostgreSql</c> so that
/// <see cref="PostgreSqlDatabaseSql.Query{T}"/> reads its entity types without reflection, as SQLite's
/// <c>EntityReaders</c> does: each entry is the table's generated <c>ReadRow</c>, its columns (name and PostgreSQL type,
/// in table order) and the table as the error translation knows it (which columns each unique constraint covers).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PostgreSqlEntityReaders
{
    private readonly Dictionary<Type, object> _readers = new();
    private readonly Dictionary<string, PostgreSqlTable> _tables = new(StringComparer.Ordinal);

    /// <param name="database">The database class's name, for messages.</param>
    public PostgreSqlEntityReaders(string database) => Database = database;

    /// <summary>The database class's name.</summary>
    public string Database { get; }

    /// <summary>
    /// Registers the reader of entity <typeparamref name="T"/>: <paramref name="read"/> takes the columns in the order of
    /// <paramref name="columns"/>, each a name and the PostgreSQL type its table declares (<c>bigint</c>, <c>timestamptz</c>…).
    /// </summary>
    public PostgreSqlEntityReaders Add<T>(PostgreSqlTable table, Func<NpgsqlDataReader, T> read, params (string Name, string Type)[] columns)
    {
        ArgumentNullException.ThrowIfNull(table);
        _readers.Add(typeof(T), new PostgreSqlEntityReader<T>(table, read, columns));
        _tables[table.Name] = table;
        return this;
    }

    internal PostgreSqlEntityReader<T>? Find<T>() => _readers.TryGetValue(typeof(T), out object? reader) ? (PostgreSqlEntityReader<T>)reader : null;

    /// <summary>The table PostgreSQL named in an error, as registered, or one that knows only its name.</summary>
    internal PostgreSqlTable TableOf(string? name) =>
        name is not null && _tables.TryGetValue(name, out PostgreSqlTable? table) ? table : new PostgreSqlTable(name ?? Database, "");
}

/// <summary>One entity's generated row reader, its table and its columns.</summary>
internal sealed record PostgreSqlEntityReader<T>(PostgreSqlTable Table, Func<NpgsqlDataReader, T> Read, (string Name, string Type)[] Columns);
