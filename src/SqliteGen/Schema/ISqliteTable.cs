namespace SqliteGen;

/// <summary>
/// What the generator knows about an entity, implemented explicitly on each <c>[Table]</c> record so
/// the record's own members stay the user's.
/// </summary>
/// <typeparam name="TSelf">The entity type.</typeparam>
public interface ISqliteTable<TSelf> where TSelf : ISqliteTable<TSelf>
{
    /// <summary>The table name.</summary>
    static abstract string TableName { get; }

    /// <summary>The <c>CREATE TABLE</c> and <c>CREATE INDEX</c> statements of this table, and for <c>[FullText]</c> members its FTS5 table and triggers.</summary>
    static abstract string CreateTableSql { get; }
}
