using System;
using System.Threading;
using SqliteGen.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, press) =>
{
    press.Cancel = true; // stop the command cleanly (it rolls back and exits 130) instead of killing the process
    cancellation.Cancel();
};
return SqliteGenCli.Run(args, Console.Out, Console.Error, cancellation.Token);
