// Corpus look-alike of a GeekBrains MetricsAgent homework (find_string hit 8899921928):MetricsAgent/DAL/DotNetMetricsRepository.cs (pattern only): the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Data.SQLite;
using System.Linq;
using Dapper;

namespace MetricsAgent.DAL
{
    public sealed class DotNetMetric
    {
        public int Id { get; set; }
        public int Value { get; set; }
        public long Time { get; set; }
    }

    public class DotNetMetricsRepository
    {
        private readonly string _connectionString = "Data Source=metrics.db;Version=3;Pooling=true;Max Pool Size=100;";
        private readonly string _tableName = "dotnetmetrics";

        public void Create(DotNetMetric item)
        {
            using var connection = new SQLiteConnection(_connectionString); // expect: SQLG201
            connection.Execute($"INSERT INTO {_tableName}(value, time) VALUES(@value, @time)", new { value = item.Value, time = item.Time });
        }

        public void Delete(int id)
        {
            using var connection = new SQLiteConnection(_connectionString); // expect: SQLG201
            connection.Execute($"DELETE FROM {_tableName} WHERE id=@id", new { id = id });
        }

        public IList<DotNetMetric> GetAll()
        {
            using var connection = new SQLiteConnection(_connectionString); // expect: SQLG201
            return connection.Query<DotNetMetric>($"SELECT Id, Time, Value FROM {_tableName}").ToList();
        }

        public IList<DotNetMetric> GetByTimePeriod(long fromTime, long toTime)
        {
            using var connection = new SQLiteConnection(_connectionString); // expect: SQLG201
            return connection.Query<DotNetMetric>($"SELECT * FROM {_tableName} WHERE time >= {fromTime} AND time <= {toTime}").ToList(); // expect: SQLG301
        }
    }
}
