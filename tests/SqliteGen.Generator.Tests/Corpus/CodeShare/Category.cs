// Corpus look-alike of pisceanfoot/codeshare:source/CodeShare/Model/Category.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace CodeShare.Model
{
    public class Category
    {
        public int Id { get; set; }
        public int ParentId { get; set; }
        public string Name { get; set; } = "";
        public int SortOrder { get; set; }
    }
}
