// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine/Actions/ActionParameters.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using SqlExecute.Engine.Exceptions;

namespace SqlExecute.Engine.Actions
{
    public sealed class ActionParameters
    {
        private readonly string _action;
        private readonly Dictionary<string, object?> _values = new();

        public ActionParameters(string action) => _action = action;

        public IReadOnlyDictionary<string, object?> Values => _values;

        public void Add(string name, object? value)
        {
            if (_values.ContainsKey(name))
                throw new ActionParameterAlreadyExistsException(_action, name);
            _values.Add(name, value);
        }

        public object? Get(string name) =>
            _values.TryGetValue(name, out object? value) ? value : throw new ActionParameterNotFoundException(_action, name);
    }
}
