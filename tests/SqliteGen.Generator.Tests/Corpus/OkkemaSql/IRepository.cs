// Corpus look-alike of okkema/dotnet:src/Okkema.SQL/Repositories/IRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Okkema.SQL.Entities;

namespace Okkema.SQL.Repositories;

public interface IRepository<T> where T : EntityBase
{
    Task<T?> ReadAsync(Guid systemKey);
    Task<IEnumerable<T>> ListAsync(int skip, int take);
    Task CreateAsync(T entity);
    Task<bool> UpdateAsync(T entity);
    Task<bool> DeleteAsync(Guid systemKey);
}
