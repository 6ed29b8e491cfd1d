// Corpus look-alike of ll9/ExcelFake:EFTest/Data/AdoContext.cs (pattern only): the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Data.SQLite;

namespace EFTest.Data
{
    class AdoContext
    {
        public SQLiteConnection GetConnection()
        {
            var connection = new SQLiteConnection("Data Source=db.sqlite");
            connection.Open();
            return connection;
        }

        public void ExecuteQuery(string query)
        {
            using (var connection = GetConnection())
            using (var command = new SQLiteCommand(query, connection))
            {
                command.ExecuteNonQuery();
            }
        }
    }
}
