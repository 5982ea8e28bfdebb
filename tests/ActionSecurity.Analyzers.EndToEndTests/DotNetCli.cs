using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;

namespace ActionSecurity.Analyzers.EndToEndTests;

/// <summary>The outcome of one dotnet CLI run: everything it printed, so a failing assertion can show it.</summary>
public sealed record CliResult(string CommandLine, string WorkingDirectory, int ExitCode, bool TimedOut, TimeSpan Elapsed, string Output)
{
    private const int MaxShownCharacters = 16_000;
    private const int MaxShownDiagnostics = 60;

    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>
    /// The command, the warnings and errors it printed, and its output cut to its end when long (the end is where
    /// MSBuild puts its summary; a normal-verbosity build log is mostly the compiler's command line).
    /// </summary>
    public string Describe()
    {
        var newLine = Environment.NewLine;
        var diagnostics = Output
            .Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Contains(": warning ", StringComparison.Ordinal) || line.Contains(": error ", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Take(MaxShownDiagnostics)
            .ToList();
        var shown = Output.Length <= MaxShownCharacters
            ? Output
            : "[... " + (Output.Length - MaxShownCharacters) + " characters cut ...]" + Output.Substring(Output.Length - MaxShownCharacters);
        return $"`{CommandLine}` in {WorkingDirectory} {(TimedOut ? "TIMED OUT" : "exited with " + ExitCode)} after {Elapsed.TotalSeconds:0.0}s."
            + $"{newLine}Warnings and errors ({diagnostics.Count}):{newLine}{string.Join(newLine, diagnostics)}"
            + $"{newLine}Output:{newLine}{shown}";
    }
}

/// <summary>
/// Runs the dotnet CLI the way a user or CI would, isolated from the test host: MSBuild variables that
/// `dotnet test` leaves in the environment are removed, build servers and node reuse are off so nothing outlives
/// the test, and every run has a timeout after which its whole process tree is killed.
/// </summary>
internal static class DotNetCli
{
    public static CliResult Run(string workingDirectory, IReadOnlyList<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(DotNetExecutable())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        PrepareEnvironment(startInfo.Environment);
        if (environment is not null)
        {
            foreach (var pair in environment)
            {
                startInfo.Environment[pair.Key] = pair.Value;
            }
        }

        var output = new StringBuilder();
        var gate = new object();
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { output.AppendLine(e.Data); } } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var timedOut = !process.WaitForExit((int)timeout.TotalMilliseconds);
        if (timedOut)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended between the timeout and the kill.
            }
        }

        // Drains the redirected streams.
        process.WaitForExit();
        stopwatch.Stop();

        string text;
        lock (gate)
        {
            text = output.ToString();
        }

        var commandLine = "dotnet " + string.Join(" ", arguments);
        return new CliResult(commandLine, workingDirectory, timedOut ? -1 : process.ExitCode, timedOut, stopwatch.Elapsed, text);
    }

    private static string DotNetExecutable()
    {
        // Set by the SDK for processes it starts (the test host among them): the same dotnet that runs these tests.
        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(hostPath) && File.Exists(hostPath) ? hostPath : "dotnet";
    }

    private static void PrepareEnvironment(IDictionary<string, string?> environment)
    {
        var inherited = new List<string>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            inherited.Add((string)entry.Key);
        }

        foreach (var name in inherited)
        {
            // MSBuildExtensionsPath, MSBuildSDKsPath, MSBUILD_EXE_PATH, ... belong to the build that started the tests.
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase))
            {
                environment.Remove(name);
            }
        }

        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        environment["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false";
        environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        environment["UseSharedCompilation"] = "false";
    }
}
