// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine/Actions/EngineAction.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using SqlExecute.Engine.Actions.Abstractions;
using SqlExecute.Engine.Repositories.Abstractions;

namespace SqlExecute.Engine.Actions
{
    /// <summary>Loads a CSV file into a table named in the configuration.</summary>
    public sealed class TableLoadAction : IAction
    {
        private static readonly IReadOnlyDictionary<string, object?> NoParameters = new Dictionary<string, object?>();
        private readonly IRepositoryAsync _repository;
        private readonly TableLoadOptions _options;

        public TableLoadAction(string name, IRepositoryAsync repository, TableLoadOptions options)
        {
            Name = name;
            _repository = repository;
            _options = options;
        }

        public string Name { get; }

        public ActionStatus Status { get; private set; }

        public async Task RunAsync()
        {
            Status = ActionStatus.Running;
            await _repository.OpenAsync();
            if (_options.ReplaceExisting)
                await _repository.ExecuteNonQueryAsync("DELETE FROM \"" + _options.Table + "\"", NoParameters);
            else if (_options.KeepSince is DateTime since)
                await _repository.ExecuteNonQueryAsync(
                    "DELETE FROM \"" + _options.Table + "\" WHERE loaded_at < '" + since.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "'", // expect: SQLG301
                    NoParameters);
            IEnumerable<object?[]> rows = File.ReadLines(_options.SourceFile ?? throw new InvalidOperationException("No source file for " + Name))
                .Skip(1)
                .Select(line => line.Split(',').Select(cell => (object?)cell).ToArray());
            await _repository.LoadTableAsync(_options.Table, _options.Columns, rows);
            Status = ActionStatus.Succeeded;
        }
    }
}
