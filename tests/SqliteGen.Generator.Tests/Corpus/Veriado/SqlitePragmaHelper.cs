// Corpus look-alike of AstraidLabs/Veriado:Veriado.Infrastructure/Persistence/SqlitePragmaHelper.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Data;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace Veriado.Infrastructure.Persistence;

/// <summary>The pragmas every connection gets when it opens: the journal mode is chosen here, once.</summary>
internal static class SqlitePragmaHelper
{
    internal const string RequiredJournalMode = "wal";
    internal const int RequiredBusyTimeoutMs = 8000;

    private const string Pragmas = "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;PRAGMA temp_store=MEMORY;PRAGMA busy_timeout=8000";

    public static async Task ApplyAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        if (connection.State != ConnectionState.Open)
            await connection.OpenAsync(cancellationToken);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<string> JournalModeAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        return (string)(await command.ExecuteScalarAsync(cancellationToken) ?? "");
    }
}
