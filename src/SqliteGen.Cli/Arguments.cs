using System;
using System.Collections.Generic;
using System.Globalization;

namespace SqliteGen.Cli;

/// <summary>A bad command line: the message says what is wrong, in one line.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>
/// One command's arguments: positionals, <c>--flag</c>s and <c>--option value</c> (or <c>--option=value</c>).
/// Anything the command did not declare is a <see cref="UsageException"/>.
/// </summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    private Arguments(List<string> positionals) => Positionals = positionals;

    public IReadOnlyList<string> Positionals { get; }

    public static Arguments Parse(IReadOnlyList<string> args, CommandSpec spec)
    {
        var positionals = new List<string>();
        var parsed = new Arguments(positionals);
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                for (i++; i < args.Count; i++)
                    positionals.Add(args[i]);
                break;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                positionals.Add(arg);
                continue;
            }
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? arg[2..] : arg[2..equals];
            if (Array.IndexOf(spec.Flags, name) >= 0)
            {
                if (equals >= 0)
                    throw new UsageException($"--{name} takes no value");
                parsed._options[name] = null;
            }
            else if (Array.IndexOf(spec.Options, name) >= 0)
            {
                string? value = equals >= 0 ? arg[(equals + 1)..] : i + 1 < args.Count ? args[++i] : null;
                if (string.IsNullOrEmpty(value))
                    throw new UsageException($"--{name} needs a value");
                parsed._options[name] = value;
            }
            else
            {
                throw new UsageException($"unknown option '{arg}'");
            }
        }
        // An argument named with a trailing '?' may be left out (only the last ones).
        if (positionals.Count < spec.Arguments.Length && !spec.Arguments[positionals.Count].EndsWith('?'))
            throw new UsageException($"missing <{spec.Arguments[positionals.Count]}>");
        if (positionals.Count > spec.Arguments.Length)
            throw new UsageException($"unexpected argument '{positionals[spec.Arguments.Length]}'");
        return parsed;
    }

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Value(string name) => _options.GetValueOrDefault(name);

    /// <summary>The option's value as one of <paramref name="choices"/> (case-insensitive), or <paramref name="fallback"/> when absent.</summary>
    public string Choice(string name, string fallback, params string[] choices)
    {
        string? value = Value(name);
        if (value is null)
            return fallback;
        foreach (string choice in choices)
        {
            if (string.Equals(value, choice, StringComparison.OrdinalIgnoreCase))
                return choice;
        }
        throw new UsageException($"--{name} must be one of {string.Join(", ", choices)}, not '{value}'");
    }

    /// <summary>The option's value as a positive integer, or <paramref name="fallback"/> when absent.</summary>
    public int PositiveInt(string name, int fallback)
    {
        string? value = Value(name);
        if (value is null)
            return fallback;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number <= 0)
            throw new UsageException($"--{name} must be a positive whole number, not '{value}'");
        return number;
    }
}
