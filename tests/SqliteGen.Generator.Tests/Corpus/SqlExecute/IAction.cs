// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine/Actions/Abstractions/IAction.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Threading.Tasks;

namespace SqlExecute.Engine.Actions.Abstractions
{
    public interface IAction
    {
        string Name { get; }
        ActionStatus Status { get; }
        Task RunAsync();
    }
}
