using System;

namespace SqliteGen;

/// <summary>
/// The primary key. Put it on several members with <see cref="Order"/> for a composite key.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = true, AllowMultiple = false)]
public sealed class PrimaryKeyAttribute : Attribute
{
    /// <summary>
    /// SQLite assigns the key as the row's rowid (<c>INTEGER PRIMARY KEY</c>): one more than the largest id in the
    /// table, so the id of a deleted top row may be handed out again. Only on a single <c>long</c> or <c>int</c> key.
    /// <c>Insert</c> then returns the entity with its new key. Cheaper than <see cref="AutoIncrement"/>, and what most
    /// SQLite schemas use.
    /// </summary>
    public bool Generated { get; set; }

    /// <summary>
    /// SQLite assigns the key and never hands the same id out twice, even after the top row is deleted
    /// (<c>INTEGER PRIMARY KEY AUTOINCREMENT</c>, which keeps the highest id ever used in <c>sqlite_sequence</c>);
    /// implies <see cref="Generated"/>. Only on a single <c>long</c> or <c>int</c> key. <c>Insert</c> then returns
    /// the entity with its new key.
    /// </summary>
    public bool AutoIncrement { get; set; }

    /// <summary>The position of this member in a composite key (0, 1, ...).</summary>
    public int Order { get; set; }
}
