// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine/Actions/Implementations/NonQueryAction.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Threading.Tasks;
using SqlExecute.Engine.Actions.Abstractions;
using SqlExecute.Engine.Repositories.Abstractions;

namespace SqlExecute.Engine.Actions.Implementations
{
    /// <summary>Runs the SQL text of the configuration file with the configured parameters.</summary>
    public sealed class NonQueryAction : IAction
    {
        private readonly IRepositoryAsync _repository;
        private readonly NonQueryOptions _options;
        private readonly ActionParameters _parameters;

        public NonQueryAction(string name, IRepositoryAsync repository, NonQueryOptions options, ActionParameters parameters)
        {
            Name = name;
            _repository = repository;
            _options = options;
            _parameters = parameters;
        }

        public string Name { get; }

        public ActionStatus Status { get; private set; }

        public async Task RunAsync()
        {
            Status = ActionStatus.Running;
            try
            {
                await _repository.OpenAsync();
                await _repository.ExecuteNonQueryAsync(_options.Sql, _parameters.Values);
                Status = ActionStatus.Succeeded;
            }
            catch (Exception)
            {
                Status = ActionStatus.Failed;
                throw;
            }
        }
    }
}
