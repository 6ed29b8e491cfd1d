using System;

namespace SqliteGen;

/// <summary>Explicit column details.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = true, AllowMultiple = false)]
public sealed class ColumnAttribute : Attribute
{
    /// <summary>Keeps the snake_case member name as the column name.</summary>
    public ColumnAttribute() { }

    /// <summary>Uses <paramref name="name"/> as the column name.</summary>
    public ColumnAttribute(string name) => Name = name;

    /// <summary>The column name, or null for the snake_case member name.</summary>
    public string? Name { get; }

    /// <summary>A SQL expression used as the column's <c>DEFAULT</c>, written verbatim, e.g. <c>"0"</c> or <c>"'draft'"</c>.</summary>
    public string? Default { get; set; }

    /// <summary>A SQL <c>CHECK</c> expression on this column, e.g. <c>"score BETWEEN 0 AND 1"</c>.</summary>
    public string? Check { get; set; }

    /// <summary>A collation: <c>BINARY</c>, <c>NOCASE</c> or <c>RTRIM</c>.</summary>
    public string? Collate { get; set; }
}
