using System;
using SqliteGen.Cli;

return SqliteGenCli.Run(args, Console.Out, Console.Error);
