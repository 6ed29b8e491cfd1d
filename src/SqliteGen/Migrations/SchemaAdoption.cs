using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.Data.Sqlite;

namespace SqliteGen
{
    /// <summary>Which listed differences <see cref="Runtime.SchemaAdoption.Adopt"/> may accept.</summary>
    public sealed record AdoptionOptions
    {
        /// <summary>The defaults: the file must match the version exactly.</summary>
        public static AdoptionOptions Default { get; } = new();

        /// <summary>
        /// Kinds of difference to accept, each of which must be one that keeps every row and every migration working
        /// (<see cref="SchemaDifference.CanAccept"/>: <see cref="SchemaDifferenceKind.ExtraTable"/>,
        /// <see cref="SchemaDifferenceKind.ExtraIndex"/>, <see cref="SchemaDifferenceKind.ExtraObject"/> for a view,
        /// <see cref="SchemaDifferenceKind.NotStrict"/>). Any other difference refuses the adoption.
        /// </summary>
        public IReadOnlyCollection<SchemaDifferenceKind> Accept { get; init; } = Array.Empty<SchemaDifferenceKind>();
    }

    /// <summary>What <see cref="Runtime.SchemaAdoption"/> found: every difference, and whether the file was adopted.</summary>
    public sealed class AdoptionReport
    {
        internal AdoptionReport(string filePath, string databaseName, int version, IReadOnlyList<SchemaDifference> differences, IReadOnlyCollection<SchemaDifferenceKind> accepted, bool adopted)
        {
            FilePath = filePath;
            DatabaseName = databaseName;
            Version = version;
            Differences = differences;
            Accepted = accepted;
            Adopted = adopted;
        }

        /// <summary>The database file.</summary>
        public string FilePath { get; }

        /// <summary>The database it was compared with.</summary>
        public string DatabaseName { get; }

        /// <summary>The version whose schema it was compared with.</summary>
        public int Version { get; }

        /// <summary>Every difference, by table (columns, primary key, indexes, foreign keys), then views and triggers. Empty when the file matches.</summary>
        public IReadOnlyList<SchemaDifference> Differences { get; }

        /// <summary>The kinds of difference the caller accepted.</summary>
        public IReadOnlyCollection<SchemaDifferenceKind> Accepted { get; }

        /// <summary>The differences that stand in the way: not accepted, or not acceptable at all.</summary>
        public IReadOnlyList<SchemaDifference> Refusing => Differences.Where(d => !(d.CanAccept && Accepted.Contains(d.Kind))).ToList();

        /// <summary>Whether the file now carries the history and <c>user_version</c> of <see cref="Version"/> (false after <see cref="Runtime.SchemaAdoption.Compare"/>).</summary>
        public bool Adopted { get; }

        /// <summary>A readable report: one line per difference, marked "accepted", "can be accepted" or "refuses adoption".</summary>
        public override string ToString()
        {
            var text = new StringBuilder();
            text.Append('\'').Append(FilePath).Append("' against ").Append(DatabaseName).Append(" version ").Append(Version.ToString(CultureInfo.InvariantCulture)).Append(": ");
            text.Append(Differences.Count == 0 ? "the schema matches" : Differences.Count + (Differences.Count == 1 ? " difference" : " differences"));
            text.Append(Adopted ? "; adopted." : ".");
            foreach (SchemaDifference difference in Differences)
            {
                string state = difference.CanAccept ? (Accepted.Contains(difference.Kind) ? "accepted" : "can be accepted") : "refuses adoption";
                text.AppendLine().Append("  ").Append(difference.Description).Append(" [").Append(KindName(difference.Kind)).Append(", ").Append(state).Append(']');
            }
            return text.ToString();
        }

        /// <summary>The kind as the <c>sqlitegen migrate adopt --accept</c> option spells it: <c>extra-table</c>, <c>not-strict</c>, ...</summary>
        public static string KindName(SchemaDifferenceKind kind)
        {
            string name = kind.ToString();
            var text = new StringBuilder();
            for (int i = 0; i < name.Length; i++)
            {
                if (i > 0 && char.IsUpper(name[i]))
                    text.Append('-');
                text.Append(char.ToLowerInvariant(name[i]));
            }
            return text.ToString();
        }
    }
}

namespace SqliteGen.Runtime
{
    /// <summary>
    /// Adopting an existing database file: one that holds a database's tables but was not created by SqliteGen (no
    /// <see cref="Migrator.HistoryTable"/>). The file's schema, as SQLite reports it, is compared with the schema of
    /// the chosen version, built in memory from that version's steps; every difference is reported by table and column,
    /// and the file is stamped (history rows with <c>how = adopted</c> and <c>PRAGMA user_version</c>, exactly as a
    /// migrated file has them) only when nothing but accepted, harmless differences remain. Afterwards the generated
    /// <c>Open</c> migrates it like any other file. Nothing else in the file is changed.
    /// </summary>
    public static class SchemaAdoption
    {
        /// <summary>Compares <paramref name="path"/> with version <paramref name="version"/> of the database, changing nothing.</summary>
        /// <exception cref="MigrationException">The file does not exist, or is already a SqliteGen file.</exception>
        public static AdoptionReport Compare(string path, string databaseName, IReadOnlyList<Migration> migrations, int version) =>
            Run(path, databaseName, migrations, version, AdoptionOptions.Default, adopt: false);

        /// <summary>
        /// Compares <paramref name="path"/> with version <paramref name="version"/> and, when every difference is one
        /// <paramref name="options"/> accepts, adopts it in one transaction. Returns the report either way: check
        /// <see cref="AdoptionReport.Adopted"/>; a refused file is left as it was.
        /// </summary>
        /// <exception cref="MigrationException">The file does not exist, is already a SqliteGen file, or another process held its lock.</exception>
        /// <exception cref="ArgumentException"><paramref name="options"/> accepts a kind of difference that cannot be accepted.</exception>
        public static AdoptionReport Adopt(string path, string databaseName, IReadOnlyList<Migration> migrations, int version, AdoptionOptions? options = null) =>
            Run(path, databaseName, migrations, version, options ?? AdoptionOptions.Default, adopt: true);

        private static readonly SchemaDifferenceKind[] Acceptable =
            { SchemaDifferenceKind.ExtraTable, SchemaDifferenceKind.ExtraIndex, SchemaDifferenceKind.ExtraObject, SchemaDifferenceKind.NotStrict };

        private static AdoptionReport Run(string path, string databaseName, IReadOnlyList<Migration> migrations, int version, AdoptionOptions options, bool adopt)
        {
            ArgumentNullException.ThrowIfNull(path);
            ArgumentNullException.ThrowIfNull(migrations);
            if (version < 1 || version > migrations.Count)
                throw new ArgumentOutOfRangeException(nameof(version), version, $"{databaseName} has versions 1 to {migrations.Count}.");
            foreach (SchemaDifferenceKind kind in options.Accept.Where(k => !Acceptable.Contains(k)))
                throw new ArgumentException($"A difference of kind {AdoptionReport.KindName(kind)} cannot be accepted: adopting the file with it would lose data or break a migration. Only {string.Join(", ", Acceptable.Select(AdoptionReport.KindName))} can.", nameof(options));
            if (!System.IO.File.Exists(path))
                throw new MigrationException(path, 0, null, $"'{path}' does not exist: there is no database to adopt.");

            SchemaComparer.Schema expected = ExpectedSchema(migrations, version);
            // A plain connection, not a pool: a refused file is left byte for byte as it was (the pool would switch it to WAL).
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = adopt ? SqliteOpenMode.ReadWrite : SqliteOpenMode.ReadOnly,
                Pooling = false,
                DefaultTimeout = 30,
            }.ToString());
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout = 5000");
            bool open = false;
            try
            {
                if (adopt)
                {
                    try
                    {
                        Execute(connection, "BEGIN IMMEDIATE");
                    }
                    catch (SqliteException error) when (error.SqliteErrorCode is 5 or 6) // SQLITE_BUSY, SQLITE_LOCKED
                    {
                        throw new MigrationException(path, 0, null, $"Cannot adopt '{path}': another connection or process held its write lock longer than the busy timeout. Nothing was changed; try again.", error);
                    }
                    open = true;
                }
                int stamped = Convert.ToInt32(Execute(connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);
                bool history = Convert.ToInt64(Execute(connection, $"SELECT count(*) FROM sqlite_schema WHERE name = '{Migrator.HistoryTable}'"), CultureInfo.InvariantCulture) > 0;
                if (history)
                    throw new MigrationException(path, stamped, null, $"'{path}' is already a SqliteGen file (it has a {Migrator.HistoryTable} table, at version {stamped}): there is nothing to adopt; open it with the application or use 'sqlitegen migrate status'. Nothing was changed.");
                if (stamped != 0 && stamped != version)
                    throw new MigrationException(path, stamped, null, $"'{path}' has PRAGMA user_version = {stamped}, set by another tool; adopting it as version {version} would replace that. If the file's schema is {databaseName} version {stamped}, adopt it as version {stamped}; otherwise set user_version to 0 first. Nothing was changed.");

                List<SchemaDifference> differences = SchemaComparer.Compare(SchemaComparer.Read(connection), expected, "version " + version.ToString(CultureInfo.InvariantCulture));
                var report = new AdoptionReport(path, databaseName, version, differences, options.Accept, adopted: false);
                if (!adopt || report.Refusing.Count > 0)
                    return report;

                Execute(connection, Migrator.CreateHistorySql);
                for (int adopted = 1; adopted <= version; adopted++)
                    Execute(connection, Migrator.HistorySql(migrations[adopted - 1], up: true, how: "adopted"));
                Execute(connection, "PRAGMA user_version = " + version.ToString(CultureInfo.InvariantCulture));
                Execute(connection, "COMMIT");
                open = false;
                return new AdoptionReport(path, databaseName, version, differences, options.Accept, adopted: true);
            }
            finally
            {
                if (open)
                    Execute(connection, "ROLLBACK");
            }
        }

        private static object? Execute(SqliteConnection connection, string sql)
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }

        /// <summary>Version <paramref name="version"/>'s schema, as SQLite reports it after running steps 1..version in an empty in-memory database.</summary>
        internal static SchemaComparer.Schema ExpectedSchema(IReadOnlyList<Migration> migrations, int version)
        {
            using var memory = new SqliteConnection("Data Source=:memory:;Pooling=False");
            memory.Open();
            using SqliteCommand command = memory.CreateCommand();
            for (int step = 0; step < version; step++)
            {
                command.CommandText = migrations[step].Up;
                command.ExecuteNonQuery();
            }
            return SchemaComparer.Read(memory);
        }

        /// <summary>
        /// For a file stamped with a version but without a history (an earlier SqliteGen, or a <c>user_version</c> set by
        /// hand): refuses it unless its schema is exactly that version's, naming every difference.
        /// </summary>
        internal static void ThrowIfStampedFileDiffers(SqliteConnection connection, string file, string databaseName, IReadOnlyList<Migration> migrations, int version)
        {
            List<SchemaDifference> differences = SchemaComparer.Compare(SchemaComparer.Read(connection), ExpectedSchema(migrations, version), "version " + version.ToString(CultureInfo.InvariantCulture));
            if (differences.Count == 0)
                return;
            throw new MigrationException(file, version, null,
                $"'{file}' says it is {databaseName} version {version} (PRAGMA user_version) but has no {Migrator.HistoryTable} table, and its schema is not version {version}'s:"
                + string.Concat(differences.Select(d => "\n  " + d.Description))
                + $"\nNothing was changed. If it is an existing database of this application, set its user_version to 0 and adopt it with 'sqlitegen migrate adopt' (or SchemaAdoption.Adopt), which lists what differs.");
        }
    }
}
