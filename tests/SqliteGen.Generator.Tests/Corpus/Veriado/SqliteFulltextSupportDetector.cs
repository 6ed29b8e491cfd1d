// Corpus look-alike of AstraidLabs/Veriado:Veriado.Infrastructure/Persistence/SqliteFulltextSupportDetector.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using Microsoft.Data.Sqlite;

namespace Veriado.Infrastructure.Persistence;

internal static class SqliteFulltextSupportDetector
{
    public static bool HasFts5()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_compileoption_used('ENABLE_FTS5')";
        return (long)(command.ExecuteScalar() ?? 0L) == 1;
    }
}
