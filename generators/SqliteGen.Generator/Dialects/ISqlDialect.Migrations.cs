using System.Collections.Generic;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Dialects;

/// <summary>
/// The statements of a migration step (docs/migrations.md). <see cref="StepWriter"/> decides which tables are
/// dropped, renamed, altered or rebuilt and in what order; every statement it writes comes from here, each ending in <c>;</c>.
/// </summary>
internal partial interface ISqlDialect
{
    /// <summary><c>CREATE TABLE</c> for <paramref name="table"/>'s definition under <paramref name="name"/> (a rebuild creates it under a temporary name).</summary>
    string CreateTableStatement(TableSchema table, string name);

    string CreateIndex(string table, IndexSchema index);

    string DropIndex(string index);

    string DropTable(string table);

    string RenameTable(string from, string to);

    string RenameColumn(string table, string from, string to);

    /// <summary>Adds <paramref name="column"/> at the end of <paramref name="table"/>, as <c>CREATE TABLE</c> would have declared it.</summary>
    string AddColumn(string table, ColumnSchema column, bool inlineKey);

    string DropColumn(string table, string column);

    /// <summary>Whether <see cref="AddColumn"/> can add <paramref name="column"/> to a table with rows (otherwise the table is rebuilt).</summary>
    bool CanAddColumn(ColumnSchema column);

    /// <summary>Whether <see cref="DropColumn"/> can drop <paramref name="dropped"/> from <paramref name="older"/> on its way to <paramref name="newer"/> (otherwise the table is rebuilt).</summary>
    bool CanDropColumns(TableSchema older, TableSchema newer, IReadOnlyList<ColumnSchema> dropped);

    /// <summary>
    /// Replaces the table <paramref name="newer"/> has the name of with <paramref name="newer"/>'s shape, keeping its rows:
    /// each newer column with the older column it continues (null: added, filled by its DEFAULT), then its indexes.
    /// </summary>
    IReadOnlyList<string> RebuildTable(TableSchema newer, IReadOnlyList<(ColumnSchema Newer, ColumnSchema? Older)> columns);

    /// <summary>Drops a companion of a table (<see cref="CompanionSchema"/>) if it exists.</summary>
    string DropCompanion(CompanionSchema companion);

    /// <summary>Creates a companion again after its table changed, filled from the table where it holds data of its own.</summary>
    IReadOnlyList<string> CreateCompanion(CompanionSchema companion);
}
