// Corpus look-alike of a WinForms log viewer (find_string hit 41211490462):LogDatabase.cs (pattern only): the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Data.SQLite;

namespace LogViewer
{
    public class LogDatabase
    {
        private SQLiteConnection sql_con = null!;
        private SQLiteCommand sql_cmd = null!;
        private readonly string[] tables = { "LogEntryTable", "LogTotalsTable", "EntryDatesTable" };
        private readonly string _path;

        public LogDatabase(string path) => _path = path;

        private void SetConnection() => sql_con = new SQLiteConnection("Data Source=" + _path + ";Version=3;New=False;Compress=True;");

        public void CheckColumnExists()
        {
            SetConnection();
            sql_con.Open();
            foreach (string _table in tables)
            {
                sql_cmd = new SQLiteCommand("SELECT * FROM " + _table + " LIMIT 1", sql_con);
                using SQLiteDataReader dr = sql_cmd.ExecuteReader();
                Console.WriteLine(_table + ": " + dr.FieldCount);
            }
            sql_con.Close();
        }

        public void AddEntry(DateTime date, string level, string message)
        {
            SetConnection();
            sql_con.Open();
            sql_cmd = sql_con.CreateCommand();
            sql_cmd.CommandText = "INSERT INTO LogEntryTable (EntryDate, Level, Message) VALUES ('" + date.ToString("yyyy-MM-dd HH:mm:ss") + "', '" + level + "', '" + message.Replace("'", "''") + "')"; // expect: SQLG301
            sql_cmd.ExecuteNonQuery();
            sql_con.Close();
        }

        public List<string> EntriesOn(DateTime day)
        {
            var result = new List<string>();
            SetConnection();
            sql_con.Open();
            string query = string.Format("SELECT Message FROM LogEntryTable WHERE date(EntryDate) = '{0:yyyy-MM-dd}'", day); // expect: SQLG301
            sql_cmd = new SQLiteCommand(query, sql_con);
            using (var reader = sql_cmd.ExecuteReader())
                while (reader.Read())
                    result.Add(reader.GetString(0));
            sql_con.Close();
            return result;
        }

        public void ClearLog()
        {
            SetConnection();
            sql_con.Open();
            sql_cmd = new SQLiteCommand("DELETE FROM LogEntryTable; DELETE FROM LogTotalsTable;", sql_con);
            sql_cmd.ExecuteNonQuery();
            sql_con.Close();
        }
    }
}
