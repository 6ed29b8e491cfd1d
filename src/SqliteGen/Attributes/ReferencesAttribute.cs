using System;

namespace SqliteGen;

/// <summary>What SQLite does to the referencing rows when the referenced row is deleted or its key changes.</summary>
public enum ForeignKeyAction
{
    /// <summary><c>NO ACTION</c>: the change fails if referencing rows exist (checked at statement end).</summary>
    NoAction,
    /// <summary><c>RESTRICT</c>: the change fails at once if referencing rows exist.</summary>
    Restrict,
    /// <summary><c>SET NULL</c>: the referencing column becomes NULL (it must be nullable).</summary>
    SetNull,
    /// <summary><c>SET DEFAULT</c>: the referencing column takes its default.</summary>
    SetDefault,
    /// <summary><c>CASCADE</c>: referencing rows are deleted or updated too.</summary>
    Cascade,
}

/// <summary>A foreign key to the primary key of another <see cref="TableAttribute"/> type.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = true, AllowMultiple = false)]
public sealed class ReferencesAttribute : Attribute
{
    /// <summary>References the single-column primary key of <paramref name="entity"/>.</summary>
    public ReferencesAttribute(Type entity) => Entity = entity;

    /// <summary>The referenced entity type.</summary>
    public Type Entity { get; }

    /// <summary>What happens when the referenced row is deleted.</summary>
    public ForeignKeyAction OnDelete { get; set; }

    /// <summary>What happens when the referenced key changes.</summary>
    public ForeignKeyAction OnUpdate { get; set; }
}
