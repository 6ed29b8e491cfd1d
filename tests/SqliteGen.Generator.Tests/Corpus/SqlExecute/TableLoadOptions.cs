// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine/TableLoadOptions.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;

namespace SqlExecute.Engine
{
    public sealed class TableLoadOptions
    {
        public string Repository { get; set; } = "";
        public string Table { get; set; } = "";
        public List<string> Columns { get; set; } = new();
        public string? SourceFile { get; set; }
        public bool ReplaceExisting { get; set; }
        public DateTime? KeepSince { get; set; }
    }
}
