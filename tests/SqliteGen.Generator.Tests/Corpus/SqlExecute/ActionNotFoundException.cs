// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine/Exceptions/ActionNotFoundException.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace SqlExecute.Engine.Exceptions
{
    public sealed class ActionNotFoundException : Exception
    {
        public ActionNotFoundException(string name)
            : base($"No action named '{name}'.")
        {
        }
    }
}
