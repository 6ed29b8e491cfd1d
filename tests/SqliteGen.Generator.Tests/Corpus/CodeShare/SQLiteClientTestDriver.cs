// Corpus look-alike of pisceanfoot/codeshare:source/CodeShare/SQLiteClientTestDriver.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace CodeShare
{
    /// <summary>A manual check the plugin's author runs against a scratch database.</summary>
    public static class SQLiteClientTestDriver
    {
        public static void Run()
        {
            SQLHepler.ConnectionString = "Data Source=scratch.db";
            var categories = new CategoryService();
            categories.EnsureSchema();
            categories.Add(new Model.Category { Name = "T-SQL" });
            Console.WriteLine(categories.Count() + " categories");
            SQLHepler.ExecuteNonQuery("DELETE FROM Category");
        }
    }
}
