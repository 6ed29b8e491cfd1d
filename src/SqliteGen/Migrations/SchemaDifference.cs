namespace SqliteGen;

/// <summary>What kind of difference <see cref="Runtime.SchemaAdoption"/> found between a file and a version's schema.</summary>
public enum SchemaDifferenceKind
{
    /// <summary>A table of the version is not in the file.</summary>
    MissingTable,
    /// <summary>The file has a table the version does not (acceptable: migrations never touch it).</summary>
    ExtraTable,
    /// <summary>A column of the version is not in the table.</summary>
    MissingColumn,
    /// <summary>The table has a column the version does not (its values would be lost by the next rebuild of the table).</summary>
    ExtraColumn,
    /// <summary>A column's declared type differs.</summary>
    ColumnType,
    /// <summary>A column is NOT NULL in one and not in the other.</summary>
    ColumnNotNull,
    /// <summary>A column's DEFAULT differs.</summary>
    ColumnDefault,
    /// <summary>The primary key differs (its columns or their order).</summary>
    PrimaryKey,
    /// <summary>The same columns in another order.</summary>
    ColumnOrder,
    /// <summary>An index of the version is not in the file.</summary>
    MissingIndex,
    /// <summary>The file has an index (or a UNIQUE constraint) the version does not (acceptable: it keeps every row).</summary>
    ExtraIndex,
    /// <summary>An index of the same name has other columns, uniqueness or WHERE.</summary>
    IndexDiffers,
    /// <summary>A foreign key of the version is not in the file, or differs in its target or actions.</summary>
    MissingForeignKey,
    /// <summary>The file has a foreign key the version does not.</summary>
    ExtraForeignKey,
    /// <summary>The table is not STRICT, as every SqliteGen table is (acceptable: SQLite then does not check the storage class of what other tools write).</summary>
    NotStrict,
    /// <summary>AUTOINCREMENT or WITHOUT ROWID differs.</summary>
    TableOption,
    /// <summary>The CREATE TABLE differs in a clause the pragmas do not show (CHECK, COLLATE, a constraint).</summary>
    TableDefinition,
    /// <summary>A view, trigger or virtual table of the version is missing or differs.</summary>
    MissingObject,
    /// <summary>The file has a view the version does not (acceptable), or a trigger (not acceptable: a rebuild of its table drops it).</summary>
    ExtraObject,
}

/// <summary>
/// One difference between a database file and the schema of a version of its database, found by
/// <see cref="Runtime.SchemaAdoption"/>: which table and column or index, what the file has, what the version has.
/// </summary>
/// <param name="Kind">What kind of difference.</param>
/// <param name="Table">The table (or view, trigger) it is about.</param>
/// <param name="Name">The column, index or foreign key it is about, or null for the table itself.</param>
/// <param name="Description">One line saying what the file has and what the version has.</param>
/// <param name="CanAccept">
/// Whether adopting the file with this difference keeps every row and every migration working
/// (an extra table, view or index; a table that is not STRICT). Only these can be accepted.
/// </param>
public sealed record SchemaDifference(SchemaDifferenceKind Kind, string Table, string? Name, string Description, bool CanAccept)
{
    /// <inheritdoc/>
    public override string ToString() => Description;
}
