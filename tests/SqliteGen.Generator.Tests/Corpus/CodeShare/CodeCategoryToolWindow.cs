// Corpus look-alike of pisceanfoot/codeshare:source/CodeShare.UI/CodeCategoryToolWindow.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using CodeShare.Model;

namespace CodeShare.UI
{
    public sealed class CodeCategoryToolWindow
    {
        private readonly CategoryService _categories = new CategoryService();
        private readonly SnippetService _snippets = new SnippetService();

        public IReadOnlyList<Category> Roots() => _categories.Children(0);

        public IReadOnlyList<Snippet> Open(Category category) => _snippets.InCategory(category.Id);

        public void RenameSelected(Category category, string newName)
        {
            if (string.IsNullOrWhiteSpace(newName) || newName == category.Name)
                return;
            _categories.Rename(category.Id, newName.Trim());
        }

        public void SaveEdited(Snippet snippet, string body)
        {
            snippet.Body = body;
            _snippets.Save(snippet);
        }
    }
}
