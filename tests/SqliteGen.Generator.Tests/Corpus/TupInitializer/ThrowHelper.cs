// Corpus look-alike of tupunco/Tup.SQLiteInitializer:Tup.SQLiteInitializer/Common/ThrowHelper.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace Tup.SQLiteInitializer.Common
{
    internal static class ThrowHelper
    {
        public static void ThrowIfNullOrEmpty(string? value, string name)
        {
            if (string.IsNullOrEmpty(value))
                throw new ArgumentException(name + " must not be empty", name);
        }
    }
}
