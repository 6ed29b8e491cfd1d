// Corpus look-alike of ufidon/DatabaseAndInformationSystem:dbapps/SQLiteADO.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace DbApps
{
    /// <summary>Picks a demo to run from the command line.</summary>
    static class Menu
    {
        public static void Run(string choice)
        {
            switch (choice)
            {
                case "create": DbCreate.Run(); break;
                case "schema": DbSchema.Run(); break;
                case "tx": DbTransaction.Run(); break;
                case "txerror": DbTransactionError.Run(); break;
                case "query": CommandQuery.Run("Black"); break;
                case "fill": Console.WriteLine(AdapterFill.Run().Rows.Count + " rows"); break;
                default: SqliteAdo.Run(); break;
            }
        }
    }
}
