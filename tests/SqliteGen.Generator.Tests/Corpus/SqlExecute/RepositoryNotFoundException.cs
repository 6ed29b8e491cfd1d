// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine/Exceptions/RepositoryNotFoundException.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace SqlExecute.Engine.Exceptions
{
    public sealed class RepositoryNotFoundException : Exception
    {
        public RepositoryNotFoundException(string name)
            : base($"Repository '{name}' was not found.")
        {
        }
    }
}
