// Corpus look-alike of a game-server admin plugin (find_string hit 55004810123), MySQL moved to System.Data.SQLite:AdvancedAdmin/Database.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Data.SQLite;
using System.Text.RegularExpressions;
using Dapper;

namespace AdvancedAdmin
{
    public sealed class PlayerInfo
    {
        public ulong SteamID { get; set; }
        public string PlayerName { get; set; } = "";
    }

    public class AdminStore
    {
        private readonly string ConnectionString = "Data Source=admin.db";

        public void RemoveMute(PlayerInfo player)
        {
            using (var connection = new SQLiteConnection(ConnectionString))
            {
                connection.Open();
                connection.Execute($"UPDATE advanced_admin SET name = '{Regex.Replace(player.PlayerName, @"[^a-zA-Z0-9\s]", "")}', mute = 0 WHERE steamid = '{player.SteamID}';"); // expect: SQLG301
            }
        }

        public void AddBan(PlayerInfo player, string reason, int minutes)
        {
            using (var connection = new SQLiteConnection(ConnectionString))
            {
                connection.Open();
                connection.Execute("INSERT INTO bans (steamid, name, reason, minutes) VALUES (@SteamID, @PlayerName, @reason, @minutes)",
                    new { player.SteamID, player.PlayerName, reason, minutes });
            }
        }

        public int ClearExpiredBans()
        {
            using (var connection = new SQLiteConnection(ConnectionString))
            {
                connection.Open();
                return connection.Execute("DELETE FROM bans WHERE expires < strftime('%s','now')");
            }
        }
    }
}
