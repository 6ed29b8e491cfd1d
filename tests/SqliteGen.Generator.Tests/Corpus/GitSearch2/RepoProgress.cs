// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Repository/RepoProgress.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace GitSearch2.Repository
{
    public sealed record RepoProgress(string Repo, string Project, string LastCommitId, int CommitsSeen);
}
