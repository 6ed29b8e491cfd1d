// Corpus look-alike of pisceanfoot/codeshare:source/CodeShare/CategoryService.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Data;
using CodeShare.Model;
using Microsoft.Data.Sqlite;

namespace CodeShare
{
    public class CategoryService
    {
        public void EnsureSchema()
        {
            SQLHepler.ExecuteNonQuery("CREATE TABLE IF NOT EXISTS Category (Id INTEGER PRIMARY KEY AUTOINCREMENT, ParentId INTEGER NOT NULL DEFAULT 0, Name TEXT NOT NULL, SortOrder INTEGER NOT NULL DEFAULT 0)");
            SQLHepler.ExecuteNonQuery("CREATE TABLE IF NOT EXISTS Snippet (Id INTEGER PRIMARY KEY AUTOINCREMENT, CategoryId INTEGER NOT NULL, Title TEXT NOT NULL, Body TEXT NOT NULL, Language TEXT NOT NULL, Modified TEXT NOT NULL)");
        }

        public int Add(Category category)
        {
            string sql = "INSERT INTO Category (ParentId, Name, SortOrder) VALUES (" + category.ParentId + ", '" + category.Name + "', " + category.SortOrder + ")"; // expect: SQLG301
            return SQLHepler.ExecuteNonQuery(sql);
        }

        public int Rename(int id, string name) =>
            SQLHepler.ExecuteNonQuery(string.Format("UPDATE Category SET Name = '{0}' WHERE Id = {1}", name, id)); // expect: SQLG301

        public int Delete(int id)
        {
            SQLHepler.ExecuteNonQuery("DELETE FROM Snippet WHERE CategoryId = " + id); // expect: SQLG301
            return SQLHepler.ExecuteNonQuery("DELETE FROM Category WHERE Id = " + id); // expect: SQLG301
        }

        public List<Category> Children(int parentId)
        {
            var list = new List<Category>();
            DataTable table = SQLHepler.ExecuteDataTable("SELECT Id, ParentId, Name, SortOrder FROM Category WHERE ParentId = $parent ORDER BY SortOrder, Name",
                new SqliteParameter("$parent", parentId));
            foreach (DataRow row in table.Rows)
                list.Add(new Category { Id = Convert.ToInt32(row["Id"]), ParentId = Convert.ToInt32(row["ParentId"]), Name = (string)row["Name"], SortOrder = Convert.ToInt32(row["SortOrder"]) });
            return list;
        }

        public long Count() => Convert.ToInt64(SQLHepler.ExecuteScalar("SELECT COUNT(*) FROM Category"));
    }
}
