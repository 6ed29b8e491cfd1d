// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Indexer/StatisticsDisplay.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using Microsoft.Data.Sqlite;

namespace GitSearch2.Indexer
{
    /// <summary>Prints how far the indexer has got, reading the shared database directly.</summary>
    public sealed class IndexStatusReader
    {
        private readonly IndexerOptions _options;

        public IndexStatusReader(IndexerOptions options) => _options = options;

        public void Print(IStatistics statistics)
        {
            using var connection = new SqliteConnection(_options.ConnectionString);
            connection.Open(); // expect: SQLG201
            PrintCounts(connection, statistics);
        }

        private static void PrintCounts(SqliteConnection connection, IStatistics statistics)
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM commits";
            long stored = (long)(command.ExecuteScalar() ?? 0L);
            Console.WriteLine($"{stored} commits stored, {statistics.Commits} seen this run ({statistics.Merges} merges)");
        }
    }
}
