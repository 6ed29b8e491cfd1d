// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine/Exceptions/RepositoryAlreadyExistsException.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace SqlExecute.Engine.Exceptions
{
    public sealed class RepositoryAlreadyExistsException : Exception
    {
        public RepositoryAlreadyExistsException(string name)
            : base($"Repository '{name}' exists.")
        {
        }
    }
}
