// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine/Actions/Implementations/NonQueryActionBuilder.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using SqlExecute.Engine.Actions.Abstractions;
using SqlExecute.Engine.Repositories.Abstractions;

namespace SqlExecute.Engine.Actions.Implementations
{
    public sealed class NonQueryActionBuilder
    {
        private string _name = "";
        private NonQueryOptions _options = new();
        private readonly List<(string Name, object? Value)> _parameters = new();

        public NonQueryActionBuilder Named(string name)
        {
            _name = name;
            return this;
        }

        public NonQueryActionBuilder With(NonQueryOptions options)
        {
            _options = options;
            return this;
        }

        public NonQueryActionBuilder Parameter(string name, object? value)
        {
            _parameters.Add((name, value));
            return this;
        }

        public IAction Build(IRepositoryAsync repository)
        {
            var parameters = new ActionParameters(_name);
            foreach ((string name, object? value) in _parameters)
                parameters.Add(name, value);
            return new NonQueryAction(_name, repository, _options, parameters);
        }
    }
}
