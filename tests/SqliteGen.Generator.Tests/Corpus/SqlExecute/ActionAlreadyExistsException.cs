// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine/Exceptions/ActionAlreadyExistsException.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace SqlExecute.Engine.Exceptions
{
    public sealed class ActionAlreadyExistsException : Exception
    {
        public ActionAlreadyExistsException(string name)
            : base($"An action named '{name}' is already registered.")
        {
        }
    }
}
