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
/// <remarks>
/// A data step transforms the rows a file already has as it is migrated; rows every file must have (defaults, lookup
/// values) are <see cref="SeedDataAttribute"/>. The method's name is part of the version's checksum: attaching,
/// removing or renaming a data step of a shipped version is drift.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class DataStepAttribute : Attribute
{
    /// <summary>Attaches the method to the step that migrates to <paramref name="version"/>.</summary>
    public DataStepAttribute(int version) => Version = version;

    /// <summary>The version whose Up step the method follows.</summary>
    public int Version { get; }
}

/// <summary>
/// Seed data: on a <c>static void Name(MigrationContext context)</c> method of the <c>[SqliteDatabase]</c> class, it
/// inserts the rows every file must have at <see cref="Version"/> (defaults, lookup values). It runs exactly once per
/// file, in the transaction that brings the file to that version: after the version's Up SQL and data step when an
/// older file is migrated, and, in a new file, after that version's step too, since a database with seed data creates
/// a new file by running every step from the empty file. Write the SQL for the schema of <see cref="Version"/> (through
/// <see cref="MigrationContext.Execute"/>); a seed that throws rolls the whole migration or creation back.
/// </summary>
/// <remarks>
/// One seed per version. The method's name is part of the version's checksum, so seed data belongs to a version in
/// development: a seed added to (or removed from) a frozen version is an error (SQLG059), since files already at that
/// version would never run it and would be refused as drift. Going down past the version does not delete the rows; going
/// up again runs the seed again, so a seed for a table that a Down keeps should insert with <c>INSERT OR IGNORE</c>.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class SeedDataAttribute : Attribute
{
    /// <summary>Attaches the method to <paramref name="version"/>: it runs when a file reaches that version.</summary>
    public SeedDataAttribute(int version) => Version = version;

    /// <summary>The version whose schema the seed writes into.</summary>
    public int Version { get; }
}
