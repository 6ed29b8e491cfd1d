using System;

namespace SqliteGen;

/// <summary>
/// The primary key. Put it on several members with <see cref="Order"/> for a composite key.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = true, AllowMultiple = false)]
public sealed class PrimaryKeyAttribute : Attribute
{
    /// <summary>
    /// SQLite assigns the key (<c>INTEGER PRIMARY KEY AUTOINCREMENT</c>); only on a single <c>long</c> or
    /// <c>int</c> key. <c>Insert</c> then returns the entity with its new key.
    /// </summary>
    public bool AutoIncrement { get; set; }

    /// <summary>The position of this member in a composite key (0, 1, ...).</summary>
    public int Order { get; set; }
}
