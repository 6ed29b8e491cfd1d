// Corpus look-alike of tupunco/Tup.SQLiteInitializer:Tup.SQLiteInitializer/Common/LogHelper.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace Tup.SQLiteInitializer.Common
{
    internal static class LogHelper
    {
        public static Action<string>? Sink { get; set; }

        public static void Info(string message) => Sink?.Invoke(DateTime.Now.ToString("HH:mm:ss ") + message);
    }
}
