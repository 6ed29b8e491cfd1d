// Corpus look-alike of toddlang/GitSearch2:test/GitSearch2.Indexer.Tests/Unit/NameParserTests.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using GitSearch2.Indexer;

namespace GitSearch2.Indexer.Tests.Unit
{
    public sealed class NameParserTests
    {
        public void Reads_project_and_repo_from_an_ssh_remote()
        {
            (string project, string repo) = new NameParser().Parse("git@github.com:toddlang/GitSearch2.git");
            if (project != "toddlang" || repo != "GitSearch2")
                throw new InvalidOperationException(project + "/" + repo);
        }
    }
}
