// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine/Exceptions/ConnectionAlreadyExistsException.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace SqlExecute.Engine.Exceptions
{
    public sealed class ConnectionAlreadyExistsException : Exception
    {
        public ConnectionAlreadyExistsException(string name)
            : base("Connection '" + name + "' is defined twice.")
        {
        }
    }
}
