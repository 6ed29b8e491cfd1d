// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Tests/Engine/Core/Actions/ActionBuilderTests.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data.SQLite;
using System.Threading.Tasks;
using SqlExecute.Engine.Actions.Abstractions;
using SqlExecute.Engine.Actions.Implementations;
using SqlExecute.Engine.Sqlite;

namespace SqlExecute.Tests.Engine.Core.Actions
{
    public sealed class ActionBuilderTests
    {
        public async Task Built_action_runs_its_sql_with_parameters()
        {
            using var repository = new SqliteRepository(new SQLiteConnection("Data Source=:memory:"));
            await repository.OpenAsync();
            await repository.ExecuteNonQueryAsync("CREATE TABLE log (message TEXT)", new System.Collections.Generic.Dictionary<string, object?>());
            IAction action = new NonQueryActionBuilder()
                .Named("write")
                .With(new SqlExecute.Engine.NonQueryOptions { Sql = "INSERT INTO log (message) VALUES (@message)" })
                .Parameter("message", "hello")
                .Build(repository);
            await action.RunAsync();
            if (action.Status != ActionStatus.Succeeded || await repository.CountAsync("log") != 1)
                throw new InvalidOperationException("the action should have written one row");
        }
    }
}
