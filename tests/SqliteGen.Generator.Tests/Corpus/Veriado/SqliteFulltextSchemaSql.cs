// Corpus look-alike of AstraidLabs/Veriado:Veriado.Infrastructure/Persistence/Schema/SqliteFulltextSchemaSql.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace Veriado.Infrastructure.Persistence.Schema;

internal static class SqliteFulltextSchemaSql
{
    public const string CreateTable = "CREATE VIRTUAL TABLE IF NOT EXISTS file_search USING fts5(title, author, content, content='', tokenize='unicode61 remove_diacritics 2')";

    public const string DropTable = "DROP TABLE IF EXISTS file_search";

    public const string CountRows = "SELECT COUNT(*) FROM file_search";
}
