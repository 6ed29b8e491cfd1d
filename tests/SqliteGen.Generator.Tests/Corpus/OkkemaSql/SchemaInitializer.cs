// Corpus look-alike of okkema/dotnet:examples/Okkema.Notes/Data/SchemaInitializer.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Data;
using System.Threading.Tasks;
using Okkema.SQL.Extensions;
using Okkema.SQL.Factories;
using Okkema.SQL.Options;

namespace Okkema.Notes.Data;

public static class SchemaInitializer
{
    private const string Script = @"
CREATE TABLE IF NOT EXISTS Note (
    SystemKey TEXT PRIMARY KEY,
    CreatedUtc TEXT NOT NULL,
    UpdatedUtc TEXT,
    Title TEXT NOT NULL,
    Body TEXT NOT NULL,
    Pinned INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS IX_Note_CreatedUtc ON Note (CreatedUtc);";

    public static async Task RunAsync(IDbConnectionFactory factory, DbConnectionOptions options)
    {
        using IDbConnection connection = factory.CreateConnection(options.ConnectionString);
        if (!await connection.TableExistsAsync("Note"))
            await connection.ExecuteScriptAsync(Script);
    }
}
