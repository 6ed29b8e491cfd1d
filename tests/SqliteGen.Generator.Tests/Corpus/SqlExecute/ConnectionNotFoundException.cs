// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine/Exceptions/ConnectionNotFoundException.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace SqlExecute.Engine.Exceptions
{
    public sealed class ConnectionNotFoundException : Exception
    {
        public ConnectionNotFoundException(string name)
            : base("Connection '" + name + "' is not defined.")
        {
        }
    }
}
