// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine/Validator.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using SqlExecute.Engine.Exceptions;

namespace SqlExecute.Engine
{
    public static class Validator
    {
        public static void Require(string file, int line, string? value, string what)
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new ValidationException(file, line, what + " is required");
        }

        public static void Unique(string file, int line, IEnumerable<string> names, string what)
        {
            var seen = new HashSet<string>();
            foreach (string name in names)
            {
                if (!seen.Add(name))
                    throw new ValidationException(file, line, what + " '" + name + "' appears twice");
            }
        }
    }
}
