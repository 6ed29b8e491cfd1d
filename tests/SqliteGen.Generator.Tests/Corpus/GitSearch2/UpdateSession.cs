// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Repository/UpdateSession.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace GitSearch2.Repository
{
    public sealed class UpdateSession
    {
        public Guid Id { get; init; }
        public string Repo { get; init; } = "";
        public DateTimeOffset Started { get; init; }
        public DateTimeOffset? Ended { get; set; }
        public int Commits { get; set; }

        public TimeSpan? Duration => Ended - Started;
    }
}
