// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine/Exceptions/ValidationException.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace SqlExecute.Engine.Exceptions
{
    public sealed class ValidationException : Exception
    {
        public ValidationException(string file, int line, string message)
            : base($"{file}({line}): {message}")
        {
        }
    }
}
