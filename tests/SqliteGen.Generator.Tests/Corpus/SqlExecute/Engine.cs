// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine/Engine.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Threading.Tasks;
using SqlExecute.Engine.Actions;
using SqlExecute.Engine.Actions.Abstractions;
using SqlExecute.Engine.Repositories;

namespace SqlExecute.Engine
{
    public sealed class Engine : IDisposable
    {
        public Engine(RepositoryCollection repositories, ActionCollection actions)
        {
            Repositories = repositories;
            Actions = actions;
        }

        public RepositoryCollection Repositories { get; }

        public ActionCollection Actions { get; }

        public async Task<int> RunAsync(Action<IAction>? finished = null)
        {
            int failed = 0;
            foreach (IAction action in Actions)
            {
                try
                {
                    await action.RunAsync();
                }
                catch (Exception)
                {
                    failed++;
                }
                finished?.Invoke(action);
            }
            return failed;
        }

        public void Dispose() => Repositories.Dispose();
    }
}
