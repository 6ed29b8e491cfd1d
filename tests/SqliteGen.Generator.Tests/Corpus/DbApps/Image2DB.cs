// Corpus look-alike of ufidon/DatabaseAndInformationSystem:dbapps/Image2DB.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data;
using System.Data.SQLite;

namespace DbApps
{
    static class ImageToDb
    {
        const string Cs = "URI=file:wigcompany.db";

        public static void Run(string file)
        {
            byte[] data = System.IO.File.ReadAllBytes(file);
            using (var con = new SQLiteConnection(Cs))
            {
                con.Open();
                using (var cmd = new SQLiteCommand("CREATE TABLE IF NOT EXISTS Images (Id INTEGER PRIMARY KEY, Name TEXT, Data BLOB)", con))
                    cmd.ExecuteNonQuery();
                using (var cmd = new SQLiteCommand("INSERT INTO Images (Name, Data) VALUES (@name, @data)", con))
                {
                    cmd.Parameters.AddWithValue("@name", System.IO.Path.GetFileName(file));
                    cmd.Parameters.Add("@data", DbType.Binary, data.Length).Value = data;
                    cmd.ExecuteNonQuery();
                }
            }
        }
    }
}
