// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Shared/GitQuery.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace GitSearch2.Shared
{
    public sealed class GitQuery
    {
        public string Text { get; set; } = "";
        public string? Repo { get; set; }
        public string? Author { get; set; }
        public int Page { get; set; }
        public int PageSize { get; set; } = 25;

        public bool IsEmpty => string.IsNullOrWhiteSpace(Text) && Repo is null && Author is null;
    }
}
