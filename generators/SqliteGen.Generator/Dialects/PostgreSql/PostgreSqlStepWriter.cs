using System;
using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Dialects.PostgreSql;

/// <summary>
/// The statements of a migration step on PostgreSQL: from one schema (a snapshot) to the next, with the same
/// <see cref="RenameMap"/> and the same data-loss rule as SQLite's <see cref="StepWriter"/> (a dropped table or column is
/// named), but every change in place with PostgreSQL's <c>ALTER TABLE</c>: no table is ever rebuilt. The result is the
/// catalogue a fresh <see cref="PostgreSqlDialect.CreateSchema"/> of the newer schema gives (columns, types,
/// nullability, defaults, identity, keys, CHECKs, indexes, foreign keys with their actions, and the names PostgreSQL
/// gives constraints and sequences), except the columns' order: PostgreSQL appends an added column and cannot move one,
/// and SqliteGen's SQL names every column it reads or writes.
/// </summary>
/// <remarks>
/// The order: the constraints, indexes and keys that do not survive the step are dropped first (under their older names),
/// then dropped tables and columns, then tables and columns are renamed (through temporary names when two swap), then
/// each kept table is altered in place (its surviving constraints renamed after it, defaults, types with
/// <c>USING</c>, nullability, identity, added columns, its key and CHECKs), then new tables are created, and last the
/// indexes and foreign keys of the newer schema that are not there yet. A foreign key is re-created when its column, its
/// target column, or its target table's key or indexes change, since PostgreSQL ties it to the unique index it uses.
/// The runtime runs the whole step, like the whole path, in one transaction.
/// </remarks>
internal sealed class PostgreSqlStepWriter
{
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;
    private const string RenamePrefix = "sqlitegen_rename_";
    private static readonly PostgreSqlDialect Dialect = PostgreSqlDialect.Instance;

    private readonly List<string> _sql = new();
    private readonly List<string> _losses = new();

    /// <summary>Both directions of the step from <paramref name="older"/> to <paramref name="newer"/>, with the renames <paramref name="newer"/> declares.</summary>
    public static (string Up, string? UpLoses, string Down, string? DownLoses) Step(DatabaseSchema older, DatabaseSchema newer) =>
        Step(older, newer, RenameMap.Resolve(older, newer));

    /// <summary>Both directions of the step, with renames already resolved (the same map SQLite's step uses).</summary>
    public static (string Up, string? UpLoses, string Down, string? DownLoses) Step(DatabaseSchema older, DatabaseSchema newer, RenameMap map)
    {
        (string up, string? upLoses) = Write(older, newer, map);
        (string down, string? downLoses) = Write(newer, older, map.Inverse());
        return (up, upLoses, down, downLoses);
    }

    /// <summary>The SQL from <paramref name="older"/> to <paramref name="newer"/>, and what it drops (null when nothing), in the words SQLite's step uses.</summary>
    public static (string Sql, string? Losses) Write(DatabaseSchema older, DatabaseSchema newer, RenameMap map)
    {
        var writer = new PostgreSqlStepWriter();
        writer.WriteStep(older, newer, map);
        return (string.Join("\n", writer._sql), writer._losses.Count == 0 ? null : string.Join(", ", writer._losses));
    }

    /// <summary>A table of both schemas: its columns paired, and what changes about it.</summary>
    private sealed class TableChange
    {
        public TableChange(TableSchema older, TableSchema newer, RenameMap map)
        {
            Older = older;
            Newer = newer;
            var olderColumns = older.Columns.ToDictionary(c => c.Name, Names);
            Pairs = newer.Columns.Select(c => (Newer: c, Older: map.OlderColumn(newer.Name, c.Name) is { } o ? olderColumns[o] : null)).ToList();
            var continued = new HashSet<string>(Pairs.Where(p => p.Older is not null).Select(p => p.Older!.Name), Names);
            Dropped = older.Columns.Where(c => !continued.Contains(c.Name)).ToList();
            Retyped = new HashSet<string>(Pairs.Where(p => p.Older is { } o && (Dialect.ColumnType(o) != Dialect.ColumnType(p.Newer) || Dialect.UsesNoCase(o) != Dialect.UsesNoCase(p.Newer)))
                .Select(p => p.Newer.Name), Names);
            IEnumerable<string> olderKey = older.Columns.Where(c => c.PrimaryKey > 0).OrderBy(c => c.PrimaryKey).Select(c => NewerName(c.Name) ?? "");
            IEnumerable<string> newerKey = newer.Columns.Where(c => c.PrimaryKey > 0).OrderBy(c => c.PrimaryKey).Select(c => c.Name);
            KeyChanged = !olderKey.SequenceEqual(newerKey, Names);
        }

        public TableSchema Older { get; }

        public TableSchema Newer { get; }

        /// <summary>Each newer column with the older column it continues (null: added).</summary>
        public List<(ColumnSchema Newer, ColumnSchema? Older)> Pairs { get; }

        public List<ColumnSchema> Dropped { get; }

        /// <summary>Newer names of the continued columns whose PostgreSQL type or collation changes.</summary>
        public HashSet<string> Retyped { get; }

        public bool KeyChanged { get; }

        /// <summary>The newer name of an older column, null when it is dropped.</summary>
        public string? NewerName(string olderColumn) => Pairs.FirstOrDefault(p => p.Older is not null && Names.Equals(p.Older.Name, olderColumn)).Newer?.Name;

        public bool Renamed => Dialect.StoredName(Older.Name) != Dialect.StoredName(Newer.Name);

        /// <summary>Whether an older index is there unchanged in the newer schema (same name, columns, uniqueness, predicate, and no column retyped under it).</summary>
        public bool Keeps(IndexSchema index)
        {
            IndexSchema? now = Newer.Indexes.FirstOrDefault(n => Names.Equals(n.Name, index.Name));
            return now is not null && now.Unique == index.Unique && now.Where == index.Where
                && index.Columns.Select(c => NewerName(c) ?? "").SequenceEqual(now.Columns, Names)
                && !now.Columns.Any(Retyped.Contains) && (now.Where is null || Retyped.Count == 0);
        }

        /// <summary>
        /// Whether the older full-text index is the newer one: same table name, same columns (a rename changes its
        /// expression), none of them retyped. Otherwise it is dropped first and the newer one created last.
        /// </summary>
        /// <summary>Whether the table's change triggers for vector search stay as they are (same table name and key columns).</summary>
        public bool KeepsVectorTriggers => Dialect.CreateVectorTriggers(Older) is { } older && older == Dialect.CreateVectorTriggers(Newer);

        public bool KeepsFullText => Dialect.CreateFullTextIndex(Older) is { } older && older == Dialect.CreateFullTextIndex(Newer)
            && !PostgreSqlDialect.FullTextColumns(Newer).Any(Retyped.Contains);

        /// <summary>Whether a continued column's CHECK clauses stay as they are.</summary>
        public bool KeepsChecks((ColumnSchema Newer, ColumnSchema? Older) pair) =>
            pair.Older is not null && pair.Older.Check == pair.Newer.Check && !Retyped.Contains(pair.Newer.Name);
    }

    private void WriteStep(DatabaseSchema older, DatabaseSchema newer, RenameMap map)
    {
        var olderTables = older.Tables.ToDictionary(t => t.Name, Names);
        var changes = new List<TableChange>();
        foreach (TableSchema table in newer.Tables)
        {
            if (map.OlderTable(table.Name) is { } olderName)
                changes.Add(new TableChange(olderTables[olderName], table, map));
        }
        var byOlder = changes.ToDictionary(c => c.Older.Name, Names);
        List<TableSchema> gone = older.Tables.Where(t => !byOlder.ContainsKey(t.Name)).ToList();
        List<TableSchema> added = newer.Tables.Where(t => map.OlderTable(t.Name) is null).ToList();
        foreach (TableChange change in changes)
            _losses.AddRange(change.Dropped.Select(c => $"column {change.Newer.Name}.{c.Name}"));
        _losses.AddRange(gone.AsEnumerable().Reverse().Select(t => "table " + t.Name));

        bool olderNoCase = older.Tables.Any(t => t.Columns.Any(Dialect.UsesNoCase));
        bool newerNoCase = newer.Tables.Any(t => t.Columns.Any(Dialect.UsesNoCase));
        if (newerNoCase && !olderNoCase)
            _sql.Add(Dialect.CreateNoCaseCollation());

        // What does not survive goes first, under the older names.
        var keptKeys = new Dictionary<TableChange, List<(ForeignKeySchema Older, ForeignKeySchema Newer)>>();
        foreach (TableChange change in changes)
        {
            var kept = new List<(ForeignKeySchema, ForeignKeySchema)>();
            foreach (ForeignKeySchema key in change.Older.ForeignKeys)
            {
                if (Survives(change, key, byOlder) is { } now)
                    kept.Add((key, now));
                else
                    _sql.Add(Dialect.DropConstraint(change.Older.Name, Dialect.ForeignKeyName(change.Older.Name, key.Column)));
            }
            keptKeys[change] = kept;
        }
        foreach (TableChange change in changes)
        {
            foreach (IndexSchema index in change.Older.Indexes.Where(i => !change.Keeps(i)))
                _sql.Add(Dialect.DropIndex(index.Name));
            if (Dialect.CreateFullTextIndex(change.Older) is not null && !change.KeepsFullText)
                _sql.Add(Dialect.DropFullTextIndex(change.Older.Name));
            if (Dialect.CreateVectorTriggers(change.Older) is not null && !change.KeepsVectorTriggers)
                _sql.Add(Dialect.DropVectorTriggers(change.Older.Name));
        }
        foreach (TableChange change in changes)
        {
            var olderChecks = Dialect.CheckNames(change.Older);
            foreach ((ColumnSchema Newer, ColumnSchema? Older) pair in change.Pairs.Where(p => p.Older is not null && !change.KeepsChecks(p)))
            {
                foreach (var (_, _, name) in olderChecks.Where(c => Names.Equals(c.Column.Name, pair.Older!.Name)))
                    _sql.Add(Dialect.DropConstraint(change.Older.Name, name));
            }
            if (change.KeyChanged && change.Older.Columns.Any(c => c.PrimaryKey > 0))
                _sql.Add(Dialect.DropConstraint(change.Older.Name, Dialect.PrimaryKeyName(change.Older.Name)));
        }
        DropTables(gone);
        foreach (TableChange change in changes)
        {
            foreach (ColumnSchema column in change.Dropped)
                _sql.Add(Dialect.DropColumn(change.Older.Name, column.Name));
        }

        RenameTables(changes);
        foreach (TableChange change in changes)
            RenameColumns(change);
        var names = new List<(string From, string To, Func<string, string, string> Rename)>();
        foreach (TableChange change in changes)
            names.AddRange(SurvivingNames(change, keptKeys[change]));
        RenameObjects(names);
        foreach (TableChange change in changes)
            AlterTable(change);

        CreateTables(added, changes);
        foreach (TableChange change in changes)
        {
            foreach (IndexSchema index in change.Newer.Indexes.Where(i => !change.Older.Indexes.Any(o => Names.Equals(o.Name, i.Name) && change.Keeps(o))))
                _sql.Add(Dialect.CreateIndex(change.Newer, index));
            if (Dialect.CreateFullTextIndex(change.Newer) is { } fullText && !change.KeepsFullText)
                _sql.Add(fullText);
            if (Dialect.CreateVectorTriggers(change.Newer) is { } triggers && !change.KeepsVectorTriggers)
                AddVectorTriggers(triggers);
        }
        foreach (TableChange change in changes)
        {
            foreach (ForeignKeySchema key in change.Newer.ForeignKeys.Where(k => !keptKeys[change].Any(kept => kept.Newer == k)))
                _sql.Add(Dialect.AddForeignKey(change.Newer.Name, key));
        }
        _sql.AddRange(_deferredKeys);

        if (olderNoCase && !newerNoCase)
            _sql.Add(Dialect.DropNoCaseCollation());
    }

    private readonly List<string> _deferredKeys = new();

    /// <summary>
    /// The newer foreign key an older one continues unchanged, or null when it goes (dropped, changed, or its column, its
    /// target column, or its target table's key or indexes change, which PostgreSQL's key depends on).
    /// </summary>
    private static ForeignKeySchema? Survives(TableChange change, ForeignKeySchema key, Dictionary<string, TableChange> byOlder)
    {
        if (change.NewerName(key.Column) is not { } column || !byOlder.TryGetValue(key.Table, out TableChange? target) || target.NewerName(key.TargetColumn) is not { } targetColumn)
            return null;
        ForeignKeySchema now = key with { Column = column, Table = target.Newer.Name, TargetColumn = targetColumn };
        ForeignKeySchema? match = change.Newer.ForeignKeys.FirstOrDefault(k => k == now);
        bool disturbed = change.Retyped.Contains(column) || target.Retyped.Contains(targetColumn) || target.KeyChanged || !target.Older.Indexes.All(target.Keeps);
        return match is not null && !disturbed ? match : null;
    }

    /// <summary>Dropped tables, those that reference others first; a key between two of them that would stop that (a cycle) is dropped before.</summary>
    private void DropTables(List<TableSchema> gone)
    {
        List<TableSchema> order = PostgreSqlDialect.DependencyOrder(new DatabaseSchema(0, gone.ToEquatableArray())).Reverse().ToList();
        for (int i = 0; i < order.Count; i++)
        {
            foreach (TableSchema later in order.Skip(i + 1))
            {
                foreach (ForeignKeySchema key in later.ForeignKeys.Where(k => Names.Equals(k.Table, order[i].Name)))
                    _sql.Add(Dialect.DropConstraint(later.Name, Dialect.ForeignKeyName(later.Name, key.Column)));
            }
            _sql.Add(Dialect.DropTable(order[i].Name));
        }
    }

    private void RenameTables(List<TableChange> changes)
    {
        var renames = changes.Where(c => c.Renamed).Select(c => (From: c.Older.Name, To: c.Newer.Name)).ToList();
        var held = new HashSet<string>(changes.Select(c => Dialect.StoredName(c.Older.Name)), StringComparer.Ordinal);
        Rename(renames, held, (from, to) => Dialect.RenameTable(from, to));
    }

    private void RenameColumns(TableChange change)
    {
        var renames = change.Pairs.Where(p => p.Older is not null && Dialect.StoredName(p.Older.Name) != Dialect.StoredName(p.Newer.Name))
            .Select(p => (From: p.Older!.Name, To: p.Newer.Name)).ToList();
        var held = new HashSet<string>(change.Pairs.Where(p => p.Older is not null).Select(p => Dialect.StoredName(p.Older!.Name)), StringComparer.Ordinal);
        Rename(renames, held, (from, to) => Dialect.RenameColumn(change.Newer.Name, from, to));
    }

    /// <summary>Renames, through temporary names when one goes onto a name another still holds (a swap).</summary>
    private void Rename(List<(string From, string To)> renames, HashSet<string> held, Func<string, string, string> rename)
    {
        if (renames.Any(r => held.Contains(Dialect.StoredName(r.To))))
        {
            for (int i = 0; i < renames.Count; i++)
                _sql.Add(rename(renames[i].From, RenamePrefix + i));
            for (int i = 0; i < renames.Count; i++)
                _sql.Add(rename(RenamePrefix + i, renames[i].To));
        }
        else
        {
            foreach ((string from, string to) in renames)
                _sql.Add(rename(from, to));
        }
    }

    /// <summary>
    /// The constraints and identity sequences of a kept table that survive the step and whose name a fresh
    /// <c>CREATE TABLE</c> would give differently under the newer table and column names: each from its older name to that one.
    /// </summary>
    private static IEnumerable<(string From, string To, Func<string, string, string> Rename)> SurvivingNames(TableChange change, List<(ForeignKeySchema Older, ForeignKeySchema Newer)> keptKeys)
    {
        string name = change.Newer.Name;
        Func<string, string, string> constraint = (from, to) => Dialect.RenameConstraint(name, from, to);
        if (!change.KeyChanged && change.Older.Columns.Any(c => c.PrimaryKey > 0))
            yield return (Dialect.PrimaryKeyName(change.Older.Name), Dialect.PrimaryKeyName(name), constraint);
        foreach ((ForeignKeySchema was, ForeignKeySchema now) in keptKeys)
            yield return (Dialect.ForeignKeyName(change.Older.Name, was.Column), Dialect.ForeignKeyName(name, now.Column), constraint);
        var olderChecks = Dialect.CheckNames(change.Older);
        var newerChecks = Dialect.CheckNames(change.Newer);
        foreach ((ColumnSchema Newer, ColumnSchema? Older) pair in change.Pairs.Where(change.KeepsChecks))
        {
            foreach (var (_, clause, was) in olderChecks.Where(c => Names.Equals(c.Column.Name, pair.Older!.Name)))
                yield return (was, newerChecks.First(c => Names.Equals(c.Column.Name, pair.Newer.Name) && c.Clause == clause).Name, constraint);
        }
        foreach ((ColumnSchema column, ColumnSchema? was) in change.Pairs)
        {
            if (was is { AutoIncrement: true } && column.AutoIncrement)
                yield return (Dialect.SequenceName(change.Older.Name, was.Name), Dialect.SequenceName(name, column.Name), Dialect.RenameSequence);
        }
    }

    /// <summary>Renames constraints and sequences, through temporary names when one goes onto a name another still holds (tables that swap names).</summary>
    private void RenameObjects(List<(string From, string To, Func<string, string, string> Rename)> names)
    {
        names = names.Where(n => n.From != n.To).ToList();
        var held = new HashSet<string>(names.Select(n => n.From), StringComparer.Ordinal);
        if (names.Any(n => held.Contains(n.To)))
        {
            for (int i = 0; i < names.Count; i++)
                _sql.Add(names[i].Rename(names[i].From, RenamePrefix + "object_" + i));
            for (int i = 0; i < names.Count; i++)
                _sql.Add(names[i].Rename(RenamePrefix + "object_" + i, names[i].To));
        }
        else
        {
            foreach ((string from, string to, Func<string, string, string> rename) in names)
                _sql.Add(rename(from, to));
        }
    }

    /// <summary>A kept table, already under its newer name with its columns and surviving constraints renamed, altered in place into the newer shape.</summary>
    private void AlterTable(TableChange change)
    {
        TableSchema table = change.Newer;
        string name = table.Name;
        var newerChecks = Dialect.CheckNames(table);

        foreach ((ColumnSchema column, ColumnSchema? was) in change.Pairs)
        {
            if (was is null)
                continue;
            bool retyped = change.Retyped.Contains(column.Name);
            if (was.Default is not null && (was.Default != column.Default || retyped))
                _sql.Add(Dialect.DropDefault(name, column.Name));
            if (was.AutoIncrement && !column.AutoIncrement)
                _sql.Add(Dialect.DropIdentity(name, column.Name));
            if (retyped)
                _sql.Add(Dialect.AlterColumnType(table, column, Dialect.Conversion(was, column)));
            if (column.Default is not null && (was.Default != column.Default || retyped))
                _sql.Add(Dialect.SetDefault(table, column));
            // A key column is NOT NULL in PostgreSQL whatever it declares, and stays so when the key is dropped.
            bool wasNotNull = was.NotNull || was.PrimaryKey > 0;
            bool notNull = column.NotNull || column.PrimaryKey > 0;
            if (wasNotNull && !notNull)
                _sql.Add(Dialect.DropNotNull(name, column.Name));
            else if (!wasNotNull && column.NotNull)
            {
                if (column.Default is not null)
                    _sql.Add(Dialect.FillWithDefault(name, column.Name));
                _sql.Add(Dialect.SetNotNull(name, column.Name));
            }
            if (column.AutoIncrement && !was.AutoIncrement)
                _sql.AddRange(Dialect.AddIdentity(name, column.Name));
        }
        // Added columns without their CHECK, which is added below under the name a fresh CREATE TABLE gives it.
        foreach ((ColumnSchema column, ColumnSchema? was) in change.Pairs)
        {
            if (was is null)
                _sql.Add(Dialect.AddColumn(table, column with { Check = null }));
        }
        if (change.KeyChanged && table.Columns.Any(c => c.PrimaryKey > 0))
            _sql.Add(Dialect.AddPrimaryKey(table));
        foreach ((ColumnSchema Newer, ColumnSchema? Older) pair in change.Pairs.Where(p => !change.KeepsChecks(p)))
        {
            IReadOnlyList<string> clauses = PostgreSqlDialect.CheckClauses(pair.Newer);
            foreach (var (_, clause, check) in newerChecks.Where(c => Names.Equals(c.Column.Name, pair.Newer.Name)))
                _sql.Add(Dialect.AddCheck(table, check, clauses[clause]));
        }
    }

    /// <summary>
    /// New tables, each after the tables its keys reference, its keys inline where the target exists by then (as
    /// <see cref="PostgreSqlDialect.CreateSchema"/> does) and added at the end otherwise; then their indexes.
    /// </summary>
    private void CreateTables(List<TableSchema> added, List<TableChange> changes)
    {
        var exists = new HashSet<string>(changes.Select(c => c.Newer.Name), Names);
        foreach (TableSchema table in PostgreSqlDialect.DependencyOrder(new DatabaseSchema(0, added.ToEquatableArray())))
        {
            exists.Add(table.Name);
            List<ForeignKeySchema> inline = table.ForeignKeys.Where(k => exists.Contains(k.Table)).ToList();
            _sql.Add(Dialect.CreateTableStatement(table with { ForeignKeys = inline.ToEquatableArray() }));
            _sql.AddRange(table.Indexes.Select(index => Dialect.CreateIndex(table, index)));
            if (Dialect.CreateFullTextIndex(table) is { } fullText)
                _sql.Add(fullText);
            if (Dialect.CreateVectorTriggers(table) is { } triggers)
                AddVectorTriggers(triggers);
            _deferredKeys.AddRange(table.ForeignKeys.Where(k => !inline.Contains(k)).Select(k => Dialect.AddForeignKey(table.Name, k)));
        }
    }

    /// <summary>A table's change triggers, after the change log they write to (made once per step; it may exist already).</summary>
    private void AddVectorTriggers(string triggers)
    {
        if (!_sql.Contains(Dialect.CreateVectorLog()))
            _sql.Add(Dialect.CreateVectorLog());
        _sql.Add(triggers);
    }
}
