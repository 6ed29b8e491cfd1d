// Corpus look-alike of ufidon/DatabaseAndInformationSystem:dbapps/SQLiteADO.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data;
using System.Data.SQLite;

namespace DbApps
{
    static class SqliteAdo
    {
        const string Cs = "URI=file:wigcompany.db";

        public static void Run()
        {
            using (var con = new SQLiteConnection(Cs))
            {
                con.Open();
                Console.WriteLine("SQLite version: " + con.ServerVersion);
                using (var cmd = new SQLiteCommand("SELECT sqlite_version()", con))
                    Console.WriteLine("Library: " + cmd.ExecuteScalar());
            }
        }
    }
}
