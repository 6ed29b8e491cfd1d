// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Shared/CommitDetails.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace GitSearch2.Shared
{
    public sealed class CommitDetails
    {
        public CommitDetails(string repo, string project, string id, string author, string description, DateTimeOffset date, bool isMerge)
        {
            Repo = repo;
            Project = project;
            Id = id;
            Author = author;
            Description = description;
            Date = date;
            IsMerge = isMerge;
        }

        public string Repo { get; }
        public string Project { get; }
        public string Id { get; }
        public string Author { get; }
        public string Description { get; }
        public DateTimeOffset Date { get; }
        public bool IsMerge { get; }

        public override string ToString() => $"{Project}/{Repo}@{Id.Substring(0, Math.Min(8, Id.Length))}";
    }
}
