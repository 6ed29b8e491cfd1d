// Corpus look-alike of pisceanfoot/codeshare:source/CodeShare/Model/Snippet.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace CodeShare.Model
{
    public class Snippet
    {
        public int Id { get; set; }
        public int CategoryId { get; set; }
        public string Title { get; set; } = "";
        public string Body { get; set; } = "";
        public string Language { get; set; } = "sql";
        public DateTime Modified { get; set; }
    }
}
