// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine/Actions/Abstractions/ActionStatus.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace SqlExecute.Engine.Actions.Abstractions
{
    public enum ActionStatus
    {
        Pending,
        Running,
        Succeeded,
        Failed,
        Skipped,
    }
}
