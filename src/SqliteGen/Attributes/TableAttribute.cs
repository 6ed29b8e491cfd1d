using System;

namespace SqliteGen;

/// <summary>
/// Marks a <c>partial record</c> as a table. The table name defaults to the snake_case type name and
/// each column to the snake_case property name.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
public sealed class TableAttribute : Attribute
{
    /// <summary>Uses the snake_case type name as the table name.</summary>
    public TableAttribute() { }

    /// <summary>Uses <paramref name="name"/> as the table name.</summary>
    public TableAttribute(string name) => Name = name;

    /// <summary>The table name, or null for the snake_case type name.</summary>
    public string? Name { get; }

    /// <summary>
    /// The name of the table accessor on the database class. Defaults to the PascalCase of an explicit
    /// table name, otherwise the type name pluralized (<c>User</c> becomes <c>Users</c>).
    /// </summary>
    public string? Accessor { get; set; }
}
