// Corpus look-alike of Manuger.Core (find_string hit 4882433):Manuger.Core/TeamRepository.cs (pattern only): the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Data;
using System.Data.SQLite;
using Dapper;

namespace Manuger.Core
{
    public sealed class Team
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public long CountryId { get; set; }
    }

    public class TeamRepository
    {
        private readonly string _connectionString;

        public TeamRepository(string connectionString)
        {
            _connectionString = connectionString;
        }

        public IEnumerable<Team> GetAllItems()
        {
            using (IDbConnection connection = new SQLiteConnection(_connectionString))
            {
                return connection.Query<Team>("select * from Team");
            }
        }

        public Team? GetItem(long id)
        {
            using (IDbConnection connection = new SQLiteConnection(_connectionString))
            {
                var parameter = new { TeamId = id };
                return connection.Query<Team>("select * from Team where Id = @TeamId", parameter).AsList().Find(t => t.Id == id);
            }
        }

        public void CreateItem(Team item)
        {
            using (IDbConnection connection = new SQLiteConnection(_connectionString))
            {
                connection.Execute("insert into Team (Name, CountryId) values (@Name, @CountryId)", item);
            }
        }

        public void UpdateItem(Team item)
        {
            using (IDbConnection connection = new SQLiteConnection(_connectionString))
            {
                connection.Execute("update Team set Name = @Name, CountryId = @CountryId where Id = @Id", item);
            }
        }

        public IEnumerable<Team> ByCountries(long[] countryIds)
        {
            using (IDbConnection connection = new SQLiteConnection(_connectionString))
            {
                return connection.Query<Team>("select * from Team where CountryId in (" + string.Join(",", countryIds) + ")"); // expect: SQLG301
            }
        }
    }
}
