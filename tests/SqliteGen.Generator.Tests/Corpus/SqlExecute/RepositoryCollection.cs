// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine/Repositories/RepositoryCollection.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using SqlExecute.Engine.Exceptions;
using SqlExecute.Engine.Repositories.Abstractions;

namespace SqlExecute.Engine.Repositories
{
    public sealed class RepositoryCollection : IDisposable
    {
        private readonly Dictionary<string, IRepositoryAsync> _repositories = new(StringComparer.OrdinalIgnoreCase);

        public void Add(string name, IRepositoryAsync repository)
        {
            if (!_repositories.TryAdd(name, repository))
                throw new RepositoryAlreadyExistsException(name);
        }

        public IRepositoryAsync Get(string name) =>
            _repositories.TryGetValue(name, out IRepositoryAsync? repository) ? repository : throw new RepositoryNotFoundException(name);

        public void Dispose()
        {
            foreach (IRepositoryAsync repository in _repositories.Values)
                repository.Dispose();
            _repositories.Clear();
        }
    }
}
