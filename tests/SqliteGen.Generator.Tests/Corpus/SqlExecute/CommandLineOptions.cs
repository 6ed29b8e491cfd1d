// Corpus look-alike of smikelson75/SqlExecute:SqlExecute/CommandLine/CommandLineOptions.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace SqlExecute.CommandLine
{
    public sealed class CommandLineOptions
    {
        public string ConfigurationFile { get; set; } = "sqlexecute.yaml";
        public string? Only { get; set; }
        public bool DryRun { get; set; }
        public bool Verbose { get; set; }

        public static CommandLineOptions Parse(string[] args)
        {
            var options = new CommandLineOptions();
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "-c" when i + 1 < args.Length: options.ConfigurationFile = args[++i]; break;
                    case "--only" when i + 1 < args.Length: options.Only = args[++i]; break;
                    case "--dry-run": options.DryRun = true; break;
                    case "-v": options.Verbose = true; break;
                }
            }
            return options;
        }
    }
}
