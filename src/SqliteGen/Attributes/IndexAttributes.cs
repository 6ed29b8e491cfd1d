using System;

namespace SqliteGen;

/// <summary>An index on this member alone; generates <c>FindBy{Member}</c> returning every match.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = true, AllowMultiple = false)]
public sealed class IndexedAttribute : Attribute
{
}

/// <summary>A unique index on this member alone; generates <c>FindBy{Member}</c> returning at most one row.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = true, AllowMultiple = false)]
public sealed class UniqueAttribute : Attribute
{
}

/// <summary>
/// An index over one or more members, named with <c>nameof</c>, in order. Generates
/// <c>FindBy{A}And{B}</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = true)]
public sealed class IndexAttribute : Attribute
{
    /// <summary>An index over <paramref name="members"/> (member names, not column names).</summary>
    public IndexAttribute(params string[] members) => Members = members;

    /// <summary>The indexed members, in index order.</summary>
    public string[] Members { get; }

    /// <summary>A unique index: <c>FindBy…</c> returns at most one row.</summary>
    public bool Unique { get; set; }

    /// <summary>A SQL predicate that makes this a partial index; <c>FindBy…</c> applies it too.</summary>
    public string? Where { get; set; }

    /// <summary>The index name; defaults to <c>ix_{table}_{columns}</c> (<c>ux_</c> when unique).</summary>
    public string? Name { get; set; }
}
