// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Storage/Yaml/Models/Configuration.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;

namespace SqlExecute.Storage.Yaml.Models
{
    public sealed class Configuration
    {
        public List<Connection> Connections { get; set; } = new();
        public List<Action> Actions { get; set; } = new();
    }

    public sealed class Connection
    {
        public string Name { get; set; } = "";
        public string Provider { get; set; } = "sqlite";
        public string File { get; set; } = "";
    }

    public sealed class Action
    {
        public string Name { get; set; } = "";
        public string Type { get; set; } = "nonquery";
        public string Connection { get; set; } = "";
        public string? Sql { get; set; }
        public string? Table { get; set; }
        public Dictionary<string, string> Parameters { get; set; } = new();
    }
}
