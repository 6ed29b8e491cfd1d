using System.Diagnostics;
using Xunit;

namespace SqliteGen.Tests;

/// <summary>Runs a Python script with python3, whose sqlite3 module is an oracle the tests did not write.</summary>
internal static class PythonScript
{
    /// <summary>The script's output; a non-zero exit fails the test with its error output.</summary>
    public static string Run(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        System.Threading.Tasks.Task<string> errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors.Result);
        return output;
    }
}
