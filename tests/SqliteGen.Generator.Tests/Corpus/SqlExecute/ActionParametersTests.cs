// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Tests/Engine/Core/Actions/ActionParametersTests.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using SqlExecute.Engine.Actions;
using SqlExecute.Engine.Exceptions;

namespace SqlExecute.Tests.Engine.Core.Actions
{
    public sealed class ActionParametersTests
    {
        public void Duplicate_names_are_refused()
        {
            var parameters = new ActionParameters("load");
            parameters.Add("day", "2024-01-01");
            try
            {
                parameters.Add("day", "2024-01-02");
            }
            catch (ActionParameterAlreadyExistsException)
            {
                return;
            }
            throw new InvalidOperationException("expected a duplicate-parameter error");
        }
    }
}
