// Corpus look-alike of okkema/dotnet:src/Okkema.SQL/Options/DbConnectionOptions.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace Okkema.SQL.Options;

public class DbConnectionOptions
{
    public const string Section = "Database";

    public string ConnectionString { get; set; } = "Data Source=app.db";
}
