// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine/Exceptions/ActionParameterAlreadyExistsException.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace SqlExecute.Engine.Exceptions
{
    public sealed class ActionParameterAlreadyExistsException : Exception
    {
        public ActionParameterAlreadyExistsException(string action, string parameter)
            : base($"Action '{action}' already has a parameter '{parameter}'.")
        {
        }
    }
}
