// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Indexer/NameParser.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace GitSearch2.Indexer
{
    public sealed class NameParser
    {
        public (string Project, string Repo) Parse(string remoteUrl)
        {
            string trimmed = remoteUrl.TrimEnd('/');
            if (trimmed.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
                trimmed = trimmed.Substring(0, trimmed.Length - 4);
            string[] parts = trimmed.Split('/', ':');
            if (parts.Length < 2)
                throw new FormatException("Cannot read a project and repository from '" + remoteUrl + "'.");
            return (parts[parts.Length - 2], parts[parts.Length - 1]);
        }
    }
}
