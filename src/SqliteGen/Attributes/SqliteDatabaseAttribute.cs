using System;

namespace SqliteGen;

/// <summary>
/// Marks a <c>partial class</c> as a SQLite database. The generator fills it in: schema, <c>Open</c>,
/// one table accessor per entity and write transactions.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class SqliteDatabaseAttribute : Attribute
{
    /// <summary>The schema version of this database (stored in <c>PRAGMA user_version</c>). Starts at 1.</summary>
    public int Version { get; set; } = 1;

    /// <summary>The entity types of this database. When empty, every <see cref="TableAttribute"/> type of the assembly.</summary>
    public Type[]? Tables { get; set; }

    /// <summary>
    /// A source-generated <c>System.Text.Json.Serialization.JsonSerializerContext</c> that declares every
    /// type stored through <see cref="JsonColumnAttribute"/>. Required when any table has a <c>[JsonColumn]</c> member.
    /// </summary>
    public Type? JsonContext { get; set; }
}
