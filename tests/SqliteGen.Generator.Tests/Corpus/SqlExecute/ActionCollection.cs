// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine/Actions/ActionCollection.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections;
using System.Collections.Generic;
using SqlExecute.Engine.Actions.Abstractions;
using SqlExecute.Engine.Exceptions;

namespace SqlExecute.Engine.Actions
{
    public sealed class ActionCollection : IEnumerable<IAction>
    {
        private readonly List<IAction> _ordered = new();
        private readonly Dictionary<string, IAction> _byName = new();

        public void Add(IAction action)
        {
            if (_byName.ContainsKey(action.Name))
                throw new ActionAlreadyExistsException(action.Name);
            _byName.Add(action.Name, action);
            _ordered.Add(action);
        }

        public IAction this[string name] => _byName.TryGetValue(name, out IAction? action) ? action : throw new ActionNotFoundException(name);

        public IEnumerator<IAction> GetEnumerator() => _ordered.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
