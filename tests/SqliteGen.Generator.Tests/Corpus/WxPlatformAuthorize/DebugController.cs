// Corpus look-alike of cashtony/WxPlatformAuthorize:WxPlatformAuthorize.WebAPI/Controllers/DebugController.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Data.SQLite;
using Dapper;
using Microsoft.AspNetCore.Mvc;

namespace WxPlatformAuthorize.WebAPI.Controllers
{
    public class DebugController : ControllerBase
    {
        private readonly string _connectionString;

        public DebugController(string connectionString) => _connectionString = connectionString;

        public long TicketCount()
        {
            using var connection = new SQLiteConnection(_connectionString); // expect: SQLG201
            return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM ComponentVerifyTicket");
        }

        public string Integrity()
        {
            using var connection = new SQLiteConnection(_connectionString + ";Read Only=True");
            return connection.ExecuteScalar<string>("PRAGMA integrity_check") ?? "";
        }
    }
}
