using System;

namespace SqliteGen;

/// <summary>
/// A rename: the table (on a <c>[Table]</c> type) or column (on a member) was called
/// <see cref="OldName"/> in the previous schema version. Renames are never guessed from a drop
/// plus an add; without this attribute a new name is a new table or column and the old one is dropped.
/// </summary>
/// <remarks>
/// The name is the one stored in the database (the table or column name, as the previous version's
/// snapshot lists it), not the C# name. Leaving the attribute in place after the version ships is
/// harmless: a later step whose previous version already has the new name ignores it. Several may be
/// given when a name changed more than once.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Property | AttributeTargets.Parameter, Inherited = false, AllowMultiple = true)]
public sealed class RenamedFromAttribute : Attribute
{
    /// <summary>Declares the previous name.</summary>
    public RenamedFromAttribute(string oldName) => OldName = oldName;

    /// <summary>The table or column name in the previous version.</summary>
    public string OldName { get; }
}

/// <summary>
/// A custom data step: on a <c>static void Name(MigrationContext context)</c> method of the
/// <c>[SqliteDatabase]</c> class, it runs after the generated Up SQL of <see cref="Version"/>, in the
/// same transaction (a failure undoes the whole step). Use <see cref="MigrationContext.Execute"/> for SQL.
/// </summary>
/// <remarks>The method's name is part of the version's checksum: attaching, removing or renaming a data step of a shipped version is drift.</remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class DataStepAttribute : Attribute
{
    /// <summary>Attaches the method to the step that migrates to <paramref name="version"/>.</summary>
    public DataStepAttribute(int version) => Version = version;

    /// <summary>The version whose Up step the method follows.</summary>
    public int Version { get; }
}
