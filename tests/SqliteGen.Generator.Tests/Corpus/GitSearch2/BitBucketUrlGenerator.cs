// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Shared/BitBucketUrlGenerator.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace GitSearch2.Shared
{
    public sealed class BitBucketUrlGenerator : IUrlGenerator
    {
        private readonly string _host;

        public BitBucketUrlGenerator(string host) => _host = host.TrimEnd('/');

        public bool Handles(string origin) => origin.StartsWith(_host, StringComparison.OrdinalIgnoreCase);

        public string CommitUrl(CommitDetails commit) => _host + "/projects/" + commit.Project + "/repos/" + commit.Repo + "/commits/" + commit.Id;
    }
}
