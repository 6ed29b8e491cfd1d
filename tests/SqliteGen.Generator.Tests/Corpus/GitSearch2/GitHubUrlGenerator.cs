// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Shared/GitHubUrlGenerator.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace GitSearch2.Shared
{
    public sealed class GitHubUrlGenerator : IUrlGenerator
    {
        public bool Handles(string origin) => origin.Contains("github.com", StringComparison.OrdinalIgnoreCase);

        public string CommitUrl(CommitDetails commit) => $"https://github.com/{commit.Project}/{commit.Repo}/commit/{commit.Id}";
    }
}
