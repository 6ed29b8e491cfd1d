// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Storage/Yaml/ProcessConfiguration.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Linq;
using SqlExecute.Engine;
using SqlExecute.Engine.Actions;
using SqlExecute.Engine.Actions.Implementations;
using SqlExecute.Engine.Repositories;
using SqlExecute.Engine.Sqlite;
using SqlExecute.Storage.Yaml.Models;

namespace SqlExecute.Storage.Yaml
{
    public static class ProcessConfiguration
    {
        public static Engine.Engine ToEngine(Configuration configuration, string file)
        {
            Validator.Unique(file, 1, configuration.Connections.Select(c => c.Name), "connection");
            Validator.Unique(file, 1, configuration.Actions.Select(a => a.Name), "action");
            var repositories = new RepositoryCollection();
            foreach (Connection connection in configuration.Connections)
                repositories.Add(connection.Name, new SqliteRepositoryBuilder().File(connection.File).Build());
            var actions = new ActionCollection();
            foreach (Action action in configuration.Actions)
            {
                if (action.Type == "table")
                {
                    actions.Add(new TableLoadAction(action.Name, repositories.Get(action.Connection), new TableLoadOptions { Table = action.Table ?? "" }));
                    continue;
                }
                var builder = new NonQueryActionBuilder().Named(action.Name).With(new NonQueryOptions { Repository = action.Connection, Sql = action.Sql ?? "" });
                foreach (var parameter in action.Parameters)
                    builder.Parameter(parameter.Key, parameter.Value);
                actions.Add(builder.Build(repositories.Get(action.Connection)));
            }
            return new Engine.Engine(repositories, actions);
        }
    }
}
