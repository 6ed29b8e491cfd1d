using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using SqliteGen.Generator.Migrations;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Tests.Migrations;

public sealed partial class RandomChangeTests
{
    /// <summary>
    /// A version history: each version's schema (with the <c>[RenamedFrom]</c>s that led to it), the rename map
    /// and the <see cref="Migration"/> of each step as the generator writes it, and what changed, in words.
    /// </summary>
    private sealed class History
    {
        private History(List<DatabaseSchema> schemas, List<string> changes, HashSet<int> dataSteps)
        {
            Schemas = schemas;
            Changes = changes;
            var steps = new List<Migration>();
            var maps = new List<RenameMap>();
            for (int version = 1; version <= schemas.Count; version++)
            {
                DatabaseSchema older = version == 1 ? Empty : schemas[version - 2];
                RenameMap map = RenameMap.Resolve(older, schemas[version - 1]);
                (string up, string? upLoses, string down, string? downLoses) = StepWriter.Step(older, schemas[version - 1], map, Dialect);
                var step = new Migration(version, up, down, upLoses, downLoses);
                if (dataSteps.Contains(version) && DataStepTarget(schemas[version - 1]) is { } target)
                {
                    string sql = $"UPDATE \"{target.Table}\" SET \"{target.Column}\" = upper(\"{target.Column}\")";
                    step = step.WithDataStep(sql, context => context.Execute(sql));
                }
                steps.Add(step);
                maps.Add(map);
            }
            Steps = steps;
            Maps = maps;
            SeededSteps = steps.Select(s => s.WithSeedData("seed_v" + s.Version, SeedData(schemas[s.Version - 1]))).ToList();
        }

        /// <summary>
        /// The seed data of a version: one row in one of its tables (a different one each version where there are several),
        /// with values no other row has (row number 50 + version), foreign keys pointing at the parent's first row if any.
        /// </summary>
        private static Action<MigrationContext> SeedData(DatabaseSchema schema)
        {
            TableSchema table = schema.Tables[(schema.Version - 1) % schema.Tables.Count];
            string sql = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => "\"" + c.Name + "\""))}) VALUES ({string.Join(", ", RowValues(table, 50 + schema.Version))})";
            return context => context.Execute(sql);
        }

        /// <summary>
        /// Row <paramref name="row"/>'s values, distinct in every column from any other row number's; with
        /// <paramref name="nulls"/>, NULL in every column that allows it (not a key or a foreign key).
        /// </summary>
        public static IEnumerable<string> RowValues(TableSchema table, int row, bool nulls = false) => table.Columns.Select((c, i) =>
            table.ForeignKeys.FirstOrDefault(f => f.Column == c.Name) is { } key ? $"(SELECT min(\"{key.TargetColumn}\") FROM \"{key.Table}\")"
            : nulls && !c.NotNull && c.PrimaryKey == 0 ? "NULL"
            : c.Type switch
            {
                "INTEGER" => (row * 100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "REAL" => (row * 100 + i) + ".5",
                "BLOB" => $"X'{row:x2}{i:x2}'",
                _ => $"'t{row}_{i}'",
            });

        /// <summary><see cref="Steps"/> with seed data at every version (<see cref="SeedData"/>).</summary>
        public IReadOnlyList<Migration> SeededSteps { get; }

        public IReadOnlyList<DatabaseSchema> Schemas { get; }

        public IReadOnlyList<Migration> Steps { get; }

        /// <summary>Index k: the map from version k to version k + 1 (index 0: from the empty file).</summary>
        public IReadOnlyList<RenameMap> Maps { get; }

        public IReadOnlyList<string> Changes { get; }

        /// <summary>Whether going up drops something or a data step rewrites values: then down to version 1 need not give the rows back.</summary>
        public bool DeclaresLoss => Steps.Skip(1).Any(s => s.UpLosesData is not null || s.DataStepName is not null);

        /// <summary>Tables of the latest version that continue a version-1 table, with its name there.</summary>
        public IEnumerable<(string Latest, string First)> Survivors()
        {
            foreach (TableSchema table in Schemas[^1].Tables)
            {
                string? name = table.Name;
                for (int version = Schemas.Count; version >= 2 && name is not null; version--)
                    name = Maps[version - 1].OlderTable(name);
                if (name is not null)
                    yield return (table.Name, name);
            }
        }

        public static History Of(params DatabaseSchema[] schemas) =>
            new(schemas.ToList(), schemas.Skip(1).Select(s => $"version {s.Version} as given").ToList(), new HashSet<int>());

        /// <summary>The history a tape of choices describes: a first schema, then one change per version.</summary>
        public static History From(int[] tape)
        {
            var mutator = new SchemaMutator(tape);
            var schemas = new List<DatabaseSchema> { mutator.InitialSchema() };
            var changes = new List<string>();
            var dataSteps = new HashSet<int>();
            int versions = 1 + mutator.Next(7);
            for (int version = 2; version <= versions; version++)
            {
                (DatabaseSchema next, string change) = mutator.Mutate(SchemaMutator.ForgetRenames(schemas[^1]));
                if (change.StartsWith("data step", StringComparison.Ordinal))
                    dataSteps.Add(version);
                schemas.Add(next);
                changes.Add(change);
            }
            return new History(schemas, changes, dataSteps);
        }

        /// <summary>A TEXT column that is not a key: a data step upper-cases it (the values stay distinct and short).</summary>
        public static (string Table, string Column)? DataStepTarget(DatabaseSchema schema) =>
            schema.Tables.SelectMany(t => t.Columns.Where(c => c.Type == "TEXT" && c.PrimaryKey == 0 && !t.ForeignKeys.Any(f => f.Column == c.Name)).Select(c => (t.Name, c.Name))).Cast<(string, string)?>().FirstOrDefault();

        public override string ToString()
        {
            var text = new StringBuilder("version 1:\n");
            foreach (TableSchema table in Schemas[0].Tables)
                text.Append("  ").AppendLine(string.Join("\n  ", Dialect.CreateTable(table)));
            for (int version = 2; version <= Schemas.Count; version++)
                text.Append("version ").Append(version).Append(": ").AppendLine(Changes[version - 2]);
            return text.ToString();
        }
    }

    /// <summary>Random schemas and random single changes to them, every choice read from a tape (0 when it runs out: the simplest choice).</summary>
    private sealed partial class SchemaMutator(int[] tape)
    {
        private static readonly string[] Actions = { "NO ACTION", "CASCADE", "SET NULL", "RESTRICT" };
        private int _position;
        private int _names;

        // Columns added to a table that may have rows: those rows all hold the default, so the column can take
        // neither the primary key nor a unique index (the migration would rightly fail on the duplicates).
        private readonly HashSet<string> _filledWithDefault = new();

        public int Next(int bound) => _position < tape.Length ? tape[_position++] % bound : 0;

        private bool Chance(int oneIn) => Next(oneIn) == 1;

        private string NewName(string prefix) => prefix + "_" + _names++;

        public DatabaseSchema InitialSchema()
        {
            var tables = new List<TableSchema>();
            int count = 1 + Next(3);
            for (int i = 0; i < count; i++)
                tables.Add(NewTable(tables));
            return new DatabaseSchema(1, tables.ToEquatableArray());
        }

        /// <summary>A table with an INTEGER key (AUTOINCREMENT one time in three) and one to three columns; sometimes a foreign key to an earlier table.</summary>
        private TableSchema NewTable(List<TableSchema> existing)
        {
            var columns = new List<ColumnSchema> { Column(NewName("id"), "INTEGER", notNull: true) with { PrimaryKey = 1, AutoIncrement = Chance(3) } };
            int count = 1 + Next(3);
            for (int i = 0; i < count; i++)
                columns.Add(NewColumn());
            var keys = new List<ForeignKeySchema>();
            List<TableSchema> parents = existing.Where(t => RowidKey(t) is not null).ToList();
            if (parents.Count > 0 && Chance(2))
            {
                TableSchema parent = parents[Next(parents.Count)];
                ColumnSchema column = Column(NewName("c"), "INTEGER", notNull: false);
                columns.Add(column);
                keys.Add(new ForeignKeySchema(column.Name, parent.Name, RowidKey(parent)!.Name, Actions[Next(Actions.Length)], Actions[Next(Actions.Length)]));
            }
            return new TableSchema(NewName("t"), EquatableArray<string>.Empty, columns.ToEquatableArray(), EquatableArray<IndexSchema>.Empty, keys.ToEquatableArray(), EquatableArray<CompanionSchema>.Empty);
        }

        /// <summary>The table's key when it is one INTEGER column (the rowid): what foreign keys and AUTOINCREMENT need.</summary>
        private static ColumnSchema? RowidKey(TableSchema table)
        {
            var keys = table.Columns.Where(c => c.PrimaryKey > 0).ToList();
            return keys.Count == 1 && keys[0].Type == "INTEGER" ? keys[0] : null;
        }

        private ColumnSchema NewColumn()
        {
            string type = new[] { "TEXT", "INTEGER", "REAL", "BLOB" }[Next(4)];
            bool notNull = Chance(2);
            // A NOT NULL column added to a table with rows needs a default to fill them.
            string? fallback = Fallback(type);
            string name = NewName("c");
            return Column(name, type, notNull, notNull || Chance(3) ? fallback : null) with { Check = Chance(4) ? $"length({name}) < 100" : null };
        }

        public static DatabaseSchema ForgetRenames(DatabaseSchema schema) => schema with
        {
            Tables = schema.Tables.Select(t => t with
            {
                RenamedFrom = EquatableArray<string>.Empty,
                Columns = t.Columns.Select(c => c with { RenamedFrom = EquatableArray<string>.Empty }).ToEquatableArray(),
            }).ToEquatableArray(),
        };

        public (DatabaseSchema Next, string Change) Mutate(DatabaseSchema schema)
        {
            var tables = schema.Tables.ToList();
            int which = Next(tables.Count);
            TableSchema table = tables[which];
            var columns = table.Columns.ToList();
            int c = 1 + Next(columns.Count); // a column after the first, or one past the end
            ColumnSchema? column = c < columns.Count ? columns[c] : null;
            bool referenced = tables.Any(t => t.ForeignKeys.Any(f => f.Table == table.Name));
            bool foreignKeyColumn = column is not null && table.ForeignKeys.Any(f => f.Column == column.Name);
            ColumnSchema? plain = column is { PrimaryKey: 0 } && !foreignKeyColumn ? column : null;
            string change;
            switch (Next(16))
            {
                case 1:
                    tables.Add(NewTable(tables));
                    return (Next(schema, tables), $"table {tables[^1].Name} added{(tables[^1].ForeignKeys.Count > 0 ? $" with a foreign key to {tables[^1].ForeignKeys[0].Table} ({tables[^1].ForeignKeys[0].OnDelete}/{tables[^1].ForeignKeys[0].OnUpdate})" : "")}");
                case 2 when tables.Count > 1 && !referenced:
                    tables.RemoveAt(which);
                    return (Next(schema, tables), $"table {table.Name} dropped");
                case 3:
                    string newName = NewName("t");
                    tables = tables.Select(t => t with { ForeignKeys = t.ForeignKeys.Select(f => f.Table == table.Name ? f with { Table = newName } : f).ToEquatableArray() }).ToList();
                    tables[which] = tables[which] with { Name = newName, RenamedFrom = new[] { table.Name }.ToEquatableArray() };
                    return (Next(schema, tables), $"table {table.Name} renamed to {newName}{(referenced ? " (other tables reference it)" : "")}");
                case 4 when plain is not null && columns.Count > 2:
                    columns.Remove(plain);
                    change = $"column {table.Name}.{plain.Name} dropped";
                    break;
                case 5 when column is not null:
                    string renamed = NewName("c");
                    columns[c] = Rename(column, renamed);
                    if (_filledWithDefault.Contains(column.Name))
                        _filledWithDefault.Add(renamed);
                    tables = tables.Select(t => t with { ForeignKeys = t.ForeignKeys.Select(f => f.Table == table.Name && f.TargetColumn == column.Name ? f with { TargetColumn = renamed } : f).ToEquatableArray() }).ToList();
                    table = tables[which] with { ForeignKeys = tables[which].ForeignKeys.Select(f => f.Column == column.Name ? f with { Column = renamed } : f).ToEquatableArray() };
                    change = $"column {table.Name}.{column.Name} renamed to {renamed}";
                    break;
                case 6 when plain is { Type: "INTEGER" }:
                    columns[c] = plain with { Type = Chance(2) ? "TEXT" : "REAL", Default = null, NotNull = false };
                    change = $"column {table.Name}.{plain.Name} type changed to {columns[c].Type}";
                    break;
                case 7 when plain is not null:
                    columns[c] = plain with { NotNull = !plain.NotNull, Default = plain.Default ?? (plain.NotNull ? null : Fallback(plain.Type)) };
                    change = $"column {table.Name}.{plain.Name} made {(plain.NotNull ? "nullable" : "NOT NULL")}";
                    break;
                case 8 when plain is not null:
                    columns[c] = plain with { Default = plain.Default is null || plain.Default != Fallback(plain.Type) ? Fallback(plain.Type) : OtherFallback(plain.Type) };
                    change = $"column {table.Name}.{plain.Name} default changed to {columns[c].Default}";
                    break;
                case 9 when column is not null && c > 1:
                    columns.RemoveAt(c);
                    columns.Insert(1, column);
                    change = $"column {table.Name}.{column.Name} moved to second place";
                    break;
                case 10 when plain is { Type: not "REAL" } && !referenced && columns[0].PrimaryKey > 0 && !_filledWithDefault.Contains(plain.Name):
                    // The key moves to another column (its values are distinct, so the new key holds).
                    columns[0] = columns[0] with { PrimaryKey = 0, AutoIncrement = false };
                    columns[c] = plain with { PrimaryKey = 1, NotNull = true, Default = plain.Default ?? Fallback(plain.Type) };
                    change = $"primary key of {table.Name} moved to {plain.Name}";
                    break;
                case 11 when column is not null:
                    var indexes = table.Indexes.ToList();
                    if (indexes.Count > 0 && Chance(2))
                    {
                        change = $"index {indexes[0].Name} dropped from {table.Name}";
                        indexes.RemoveAt(0);
                    }
                    else
                    {
                        bool partial = Chance(2);
                        // Seeded rows give a foreign-key column one value (the parent's first key): no unique index there either.
                        bool unique = Chance(2) && !_filledWithDefault.Contains(column.Name) && !table.ForeignKeys.Any(f => f.Column == column.Name);
                        indexes.Add(new IndexSchema(NewName("ix"), new[] { column.Name }.ToEquatableArray(), unique, partial ? $"{column.Name} IS NOT NULL" : null));
                        change = $"{(indexes[^1].Unique ? "unique " : "")}{(partial ? "partial " : "")}index {indexes[^1].Name} added on {table.Name}.{column.Name}";
                    }
                    tables[which] = table with { Indexes = indexes.ToEquatableArray() };
                    return (Next(schema, tables), change);
                case 12 when RowidKey(table) is { } key:
                    columns[columns.IndexOf(key)] = key with { AutoIncrement = !key.AutoIncrement };
                    change = $"AUTOINCREMENT {(key.AutoIncrement ? "removed from" : "added to")} {table.Name}.{key.Name}";
                    break;
                case 13 when plain is not null:
                    columns[c] = plain with { Check = plain.Check is null ? $"length({plain.Name}) < 100" : null };
                    change = $"CHECK {(plain.Check is null ? "added to" : "removed from")} {table.Name}.{plain.Name}";
                    break;
                case 14 when table.ForeignKeys.Count > 0:
                    ForeignKeySchema foreignKey = table.ForeignKeys[0];
                    ForeignKeySchema changed = foreignKey with { OnDelete = Actions[Next(Actions.Length)], OnUpdate = Actions[Next(Actions.Length)] };
                    tables[which] = table with { ForeignKeys = new[] { changed }.Concat(table.ForeignKeys.Skip(1)).ToEquatableArray() };
                    return (Next(schema, tables), $"foreign key {table.Name}.{foreignKey.Column} actions changed to ON DELETE {changed.OnDelete} ON UPDATE {changed.OnUpdate}");
                case 15 when History.DataStepTarget(schema) is { } target:
                    return (Next(schema, tables), $"data step: upper-case {target.Table}.{target.Column}");
                default:
                    columns.Add(NewColumn());
                    _filledWithDefault.Add(columns[^1].Name);
                    change = $"column {columns[^1].Name} added to {table.Name}";
                    break;
            }
            tables[which] = table with { Columns = columns.ToEquatableArray(), Indexes = KeepIndexes(table, columns) };
            return (Next(schema, tables), change);
        }

        /// <summary>A renamed column, its CHECK following the new name as SQLite's RENAME COLUMN rewrites it.</summary>
        private static ColumnSchema Rename(ColumnSchema column, string name) => column with
        {
            Name = name,
            RenamedFrom = new[] { column.Name }.ToEquatableArray(),
            Check = column.Check is { } check ? Regex.Replace(check, $@"\b{column.Name}\b", name) : null,
        };

        private static DatabaseSchema Next(DatabaseSchema schema, List<TableSchema> tables) =>
            schema with { Version = schema.Version + 1, Tables = tables.ToEquatableArray() };

        private static string Fallback(string type) => type switch { "INTEGER" => "7", "REAL" => "0.5", "TEXT" => "'x'", _ => "X'00'" };

        private static string OtherFallback(string type) => type switch { "INTEGER" => "8", "REAL" => "1.5", "TEXT" => "'y'", _ => "X'01'" };

        /// <summary>Indexes on columns that are gone or renamed follow them: dropped, or pointed (and their WHERE) at the new name.</summary>
        private static EquatableArray<IndexSchema> KeepIndexes(TableSchema table, List<ColumnSchema> columns)
        {
            string NewerName(string name) => columns.FirstOrDefault(c => c.Name == name || c.RenamedFrom.Contains(name))?.Name ?? "";
            return table.Indexes
                .Select(i => i with
                {
                    Columns = i.Columns.Select(NewerName).ToEquatableArray(),
                    Where = i.Where is { } where ? Regex.Replace(where, @"\b(c_\d+)\b", m => NewerName(m.Value)) : null,
                })
                .Where(i => i.Columns.All(n => n.Length > 0))
                .ToEquatableArray();
        }
    }
}
