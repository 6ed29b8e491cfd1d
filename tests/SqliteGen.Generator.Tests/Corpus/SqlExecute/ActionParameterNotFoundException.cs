// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine/Exceptions/ActionParameterNotFoundException.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace SqlExecute.Engine.Exceptions
{
    public sealed class ActionParameterNotFoundException : Exception
    {
        public ActionParameterNotFoundException(string action, string parameter)
            : base($"Action '{action}' has no parameter '{parameter}'.")
        {
        }
    }
}
