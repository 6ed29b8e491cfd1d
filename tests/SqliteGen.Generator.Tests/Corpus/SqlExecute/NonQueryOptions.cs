// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine/NonQueryOptions.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace SqlExecute.Engine
{
    public sealed class NonQueryOptions
    {
        public string Repository { get; set; } = "";
        public string Sql { get; set; } = "";
        public int TimeoutSeconds { get; set; } = 30;
    }
}
