// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Indexer/Options.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace GitSearch2.Indexer
{
    public sealed class IndexerOptions
    {
        public string ConnectionString { get; set; } = "Data Source=gitsearch.db";
        public string[] Repositories { get; set; } = Array.Empty<string>();
        public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);
        public bool LiveStatistics { get; set; }
    }
}
