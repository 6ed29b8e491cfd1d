// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Indexer/LoopingExecutor.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace GitSearch2.Indexer
{
    /// <summary>Runs the walk again and again while the web server answers queries from the same database file.</summary>
    public sealed class LoopingExecutor : IHostedService
    {
        private readonly Func<CancellationToken, Task> _pass;
        private readonly TimeSpan _interval;
        private CancellationTokenSource? _stop;
        private Task? _loop;

        public LoopingExecutor(Func<CancellationToken, Task> pass, IndexerOptions options)
        {
            _pass = pass;
            _interval = options.Interval;
        }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _loop = Task.Run(() => LoopAsync(_stop.Token));
            return Task.CompletedTask;
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            _stop?.Cancel();
            if (_loop is not null)
                await Task.WhenAny(_loop, Task.Delay(Timeout.Infinite, cancellationToken));
        }

        private async Task LoopAsync(CancellationToken token)
        {
            while (!token.IsCancellationRequested)
            {
                await _pass(token);
                await Task.Delay(_interval, token);
            }
        }
    }
}
