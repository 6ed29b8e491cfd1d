// Corpus look-alike of pisceanfoot/codeshare:source/CodeShare/SnippetService.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Data;
using System.Globalization;
using CodeShare.Model;
using Microsoft.Data.Sqlite;

namespace CodeShare
{
    public class SnippetService
    {
        public void Save(Snippet snippet)
        {
            string modified = DateTime.Now.ToString("s", CultureInfo.InvariantCulture);
            if (snippet.Id == 0)
                SQLHepler.ExecuteNonQuery($"INSERT INTO Snippet (CategoryId, Title, Body, Language, Modified) VALUES ({snippet.CategoryId}, '{snippet.Title}', '{snippet.Body.Replace("'", "''")}', '{snippet.Language}', '{modified}')"); // expect: SQLG301
            else
                SQLHepler.ExecuteNonQuery($"UPDATE Snippet SET Title = '{snippet.Title}', Body = '{snippet.Body.Replace("'", "''")}', Modified = '{modified}' WHERE Id = {snippet.Id}"); // expect: SQLG301
        }

        public List<Snippet> Find(string text)
        {
            var list = new List<Snippet>();
            DataTable table = SQLHepler.ExecuteDataTable("SELECT * FROM Snippet WHERE Title LIKE $text OR Body LIKE $text ORDER BY Modified DESC",
                new SqliteParameter("$text", "%" + text + "%"));
            foreach (DataRow row in table.Rows)
                list.Add(Map(row));
            return list;
        }

        public List<Snippet> InCategory(int categoryId)
        {
            var list = new List<Snippet>();
            foreach (DataRow row in SQLHepler.ExecuteDataTable("SELECT * FROM Snippet WHERE CategoryId = " + categoryId).Rows) // expect: SQLG301
                list.Add(Map(row));
            return list;
        }

        private static Snippet Map(DataRow row) => new Snippet
        {
            Id = Convert.ToInt32(row["Id"]),
            CategoryId = Convert.ToInt32(row["CategoryId"]),
            Title = (string)row["Title"],
            Body = (string)row["Body"],
            Language = (string)row["Language"],
            Modified = DateTime.Parse((string)row["Modified"], CultureInfo.InvariantCulture),
        };
    }
}
