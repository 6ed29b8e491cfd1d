// Corpus look-alike of pisceanfoot/codeshare:source/CodeShare.SSMSPlugin/Command/CategoryToolCommand.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace CodeShare.SSMSPlugin.Command
{
    public sealed class CategoryToolCommand
    {
        private readonly CategoryService _categories = new CategoryService();

        public string Caption => "Code categories";

        public void Execute(Action<string> show)
        {
            _categories.EnsureSchema();
            foreach (var category in _categories.Children(0))
                show(category.Name);
        }
    }
}
