// Corpus look-alike of cashtony/WxPlatformAuthorize:WxPlatformAuthorize.WebAPI.Test/IntegrateTestBase.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data.SQLite;
using System.IO;
using Dapper;
using WxPlatformAuthorize.Repository;

namespace WxPlatformAuthorize.WebAPI.Test
{
    public abstract class IntegrateTestBase : IDisposable
    {
        protected IntegrateTestBase()
        {
            File = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".db");
            ConnectionString = "Data Source=" + File;
            using var connection = new SQLiteConnection(ConnectionString);
            connection.Execute("CREATE TABLE ComponentVerifyTicket (Id INTEGER PRIMARY KEY, AppId TEXT, Ticket TEXT, CreateTime TEXT)");
            connection.Execute("CREATE TABLE AuthorizeEventRecord (Id INTEGER PRIMARY KEY, AppId TEXT, InfoType TEXT, AuthorizerAppId TEXT, AuthorizationCode TEXT, CreateTime TEXT)");
            Repository = new SqliteRepository(ConnectionString);
        }

        protected string File { get; }
        protected string ConnectionString { get; }
        protected IRepository Repository { get; }

        public void Dispose() => System.IO.File.Delete(File);
    }
}
