using System;
using System.Collections.Generic;
using System.ComponentModel;

namespace SqliteGen.Runtime;

/// <summary>
/// The row readers of one database's entities, registered by the generated database class so that
/// <see cref="DatabaseSql.Query{T}"/> can read its entity types without reflection: each entry is the table's
/// generated <c>ReadRow</c> and its column names in table order. Also the tables with <c>[Vector]</c> columns,
/// whose resident indexes an ad-hoc write must retire.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class EntityReaders
{
    private readonly Dictionary<Type, object> _readers = new();
    private string[] _vectorTables = Array.Empty<string>();

    /// <param name="database">The database class's name, for messages.</param>
    public EntityReaders(string database) => Database = database;

    /// <summary>The database class's name.</summary>
    public string Database { get; }

    internal IReadOnlyList<string> VectorTables => _vectorTables;

    /// <summary>Registers the reader of entity <typeparamref name="T"/>: <paramref name="read"/> takes the columns in the order of <paramref name="columns"/>.</summary>
    public EntityReaders Add<T>(string table, Func<StatementRunner, T> read, params string[] columns)
    {
        _readers.Add(typeof(T), new EntityReader<T>(table, read, columns));
        return this;
    }

    /// <summary>Names the tables with <c>[Vector]</c> columns.</summary>
    public EntityReaders WithVectorTables(params string[] tables)
    {
        _vectorTables = tables;
        return this;
    }

    internal EntityReader<T>? Find<T>() => _readers.TryGetValue(typeof(T), out object? reader) ? (EntityReader<T>)reader : null;
}

/// <summary>One entity's generated row reader and its columns.</summary>
internal sealed record EntityReader<T>(string Table, Func<StatementRunner, T> Read, string[] Columns);
