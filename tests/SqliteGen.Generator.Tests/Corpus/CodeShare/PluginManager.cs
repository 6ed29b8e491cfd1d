// Corpus look-alike of pisceanfoot/codeshare:source/CodeShare.SSMSPlugin/Common/Plugin/PluginManager.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;

namespace CodeShare.SSMSPlugin.Common.Plugin
{
    public sealed class PluginManager
    {
        private readonly Dictionary<string, Action> _commands = new(StringComparer.OrdinalIgnoreCase);

        public void Register(string name, Action command) => _commands[name] = command;

        public bool Run(string name)
        {
            if (!_commands.TryGetValue(name, out Action? command))
                return false;
            command();
            return true;
        }
    }
}
