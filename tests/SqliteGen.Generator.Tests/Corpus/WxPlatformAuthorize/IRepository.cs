// Corpus look-alike of cashtony/WxPlatformAuthorize:WxPlatformAuthorize.Repository/IRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;

namespace WxPlatformAuthorize.Repository
{
    public interface IRepository
    {
        void Insert<T>(T obj, string sql) where T : class;
        T? QueryFirst<T>(string sql, object? param = null) where T : class;
        IReadOnlyList<T> QueryAll<T>(string sql, object? param = null);
        int Execute(string sql, object? param = null);
    }
}
