// Corpus look-alike of zsemlebot (code search):zsemlebot.repository/TwitchRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Data.SQLite;

namespace zsemlebot.repository
{
    public sealed record TwitchUser(long TwitchUserId, string DisplayName, DateTime LastSeen);

    public sealed class TwitchRepository : RepositoryBase
    {
        private readonly string _connectionString;

        public TwitchRepository(string connectionString) => _connectionString = connectionString;

        protected override SQLiteConnection GetConnection()
        {
            var connection = new SQLiteConnection(_connectionString);
            connection.Open();
            return connection;
        }

        public void UpsertUser(TwitchUser user)
        {
            ExecuteNonQuery("INSERT OR REPLACE INTO TwitchUser (TwitchUserId, DisplayName, LastSeen) VALUES (@TwitchUserId, @DisplayName, @LastSeen)", user);
        }

        public IReadOnlyList<TwitchUser> FindByName(string displayName)
        {
            return Query<TwitchUser>($"SELECT * FROM TwitchUser WHERE DisplayName = '{displayName}' COLLATE NOCASE"); // expect: SQLG301
        }

        public IReadOnlyList<TwitchUser> SeenSince(DateTime since)
        {
            return Query<TwitchUser>("SELECT * FROM TwitchUser WHERE LastSeen >= @since", new { since });
        }

        public void TouchAll(DateTime now)
        {
            ExecuteNonQuery("UPDATE TwitchUser SET LastSeen = @now", new { now });
        }

        public int CountMessages(long twitchUserId)
        {
            return QueryFirst<int>("SELECT COUNT(*) FROM TwitchMessage WHERE TwitchUserId = " + twitchUserId); // expect: SQLG301
        }
    }
}
