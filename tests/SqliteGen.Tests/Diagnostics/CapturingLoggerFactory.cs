using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Logging;

namespace SqliteGen.Tests.Diagnostics;

/// <summary>One log entry: category, level, event name, the formatted message and its structured values.</summary>
public sealed record LogEntry(string Category, LogLevel Level, string EventName, string Message, IReadOnlyDictionary<string, object?> Values, Exception? Error);

/// <summary>An <see cref="ILoggerFactory"/> that keeps every entry (at every level) in memory, for assertions.</summary>
public sealed class CapturingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => _entries.ToArray();

    public IReadOnlyList<LogEntry> Named(string eventName) => Entries.Where(e => e.EventName == eventName).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = new Dictionary<string, object?>();
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (KeyValuePair<string, object?> pair in pairs)
                    values[pair.Key] = pair.Value;
            }
            entries.Enqueue(new LogEntry(category, logLevel, eventId.Name ?? "", formatter(state, exception), values, exception));
        }
    }
}
