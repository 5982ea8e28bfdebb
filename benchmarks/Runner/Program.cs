using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace ActionSecurity.Benchmarks.Runner;

/// <summary>One benchmark configuration of the generated project (selected by the BenchConfig MSBuild property).</summary>
public sealed record BenchConfig(string Id, string Title, string Description);

public sealed record BuildRun(string Config, int Round, bool Succeeded, double WallSeconds, double CpuSeconds, long MaxRssKb, AnalyzerReport Report, int Warnings, string Log);

public static class Program
{
    public static readonly BenchConfig[] AllConfigs =
    {
        new("baseline", "baseline (SDK defaults)", "the SDK's default analyzers and generators only (ASP.NET Core analyzers, CA rules at the default AnalysisLevel), no extra package"),
        new("actionsecurity", "ActionSecurity.Analyzers", "baseline + this package's ActionSecurity.Analyzers.dll and .CodeFixes.dll as Analyzer items (Release build of src/)"),
        new("scs", "Security Code Scan 5.6.7", "baseline + PackageReference SecurityCodeScan.VS2019 5.6.7"),
        new("sonar", "SonarAnalyzer.CSharp 10.36", "baseline + PackageReference SonarAnalyzer.CSharp 10.36.0.15337"),
        new("ca-all", "SDK CA rules, AnalysisMode=All", "baseline with <AnalysisMode>All</AnalysisMode> (every CA rule of the SDK's NetAnalyzers enabled)"),
        new("reference", "ActionSecurity.Analyzers, reference build", "baseline + this package's analyzers built from an earlier commit (`run.sh --reference REV`), as Analyzer items: the same-run comparison of a change with the code before it"),
    };

    public static int Main(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null)
            return 2;

        var project = Path.Combine(options.ProjectDirectory, "BenchWeb.csproj");
        if (!File.Exists(project))
        {
            Console.Error.WriteLine($"no generated project at {project}; run the generator first");
            return 2;
        }

        var configs = AllConfigs.Where(c => options.Configs.Contains(c.Id)).ToList();
        var logs = Path.Combine(options.ProjectDirectory, "logs");
        Directory.CreateDirectory(logs);
        var startLoad = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        var started = DateTime.Now;

        // Restore once per configuration (untimed); each configuration has its own obj/ (see the generated Directory.Build.props).
        foreach (var config in configs)
        {
            Console.WriteLine($"restore {config.Id}");
            var rc = Shell($"dotnet restore \"{project}\" -nologo -v:q -p:BenchConfig={config.Id} > \"{Path.Combine(logs, "restore-" + config.Id + ".txt")}\" 2>&1");
            if (rc != 0)
            {
                Console.Error.WriteLine($"restore of {config.Id} failed; see {logs}");
                return 1;
            }
        }

        for (var w = 0; w < options.Warmup; w++)
        {
            Console.WriteLine("warm-up build (baseline, not counted)");
            Build(options, project, logs, configs[0], -1 - w);
        }

        var runs = new List<BuildRun>();
        for (var round = 0; round < options.Runs; round++)
        {
            // Alternate configurations inside each round, and rotate the order between rounds, so drift in machine load
            // spreads over all configurations instead of landing on one.
            for (var k = 0; k < configs.Count; k++)
            {
                var config = configs[(k + round) % configs.Count];
                var run = Build(options, project, logs, config, round + 1);
                runs.Add(run);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round + 1}/{options.Runs} {config.Id,-15} {(run.Succeeded ? "ok  " : "FAIL")} wall {run.WallSeconds,7:F2} s  cpu {run.CpuSeconds,7:F2} s  analyzers {run.Report.TotalAnalyzerSeconds,7:F3} s  maxrss {run.MaxRssKb / 1024,6} MB  warnings {run.Warnings}"));
            }
        }

        var endLoad = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        var markdown = ResultsTable.Write(options, configs, runs, started, startLoad, endLoad);
        Directory.CreateDirectory(options.ResultsDirectory);
        var file = Path.Combine(options.ResultsDirectory, $"{started:yyyy-MM-dd}-{options.Size}.md");
        File.WriteAllText(file, markdown);
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"wrote {file}");
        return runs.All(r => r.Succeeded) ? 0 : 1;
    }

    private static BuildRun Build(Options options, string project, string logs, BenchConfig config, int round)
    {
        var stem = Path.Combine(logs, $"{config.Id}-{(round < 0 ? "warmup" : round.ToString(CultureInfo.InvariantCulture))}");
        var log = stem + ".log";
        var timeFile = stem + ".time.txt";
        var output = stem + ".out.txt";
        // A full rebuild (--no-incremental), no compiler server (UseSharedCompilation=false: csc runs as a child process of
        // this build, so its memory is measured and no warm server from another build helps one configuration), no MSBuild
        // node reuse, one node. /usr/bin/time -v reports the largest RSS of any process in the tree.
        var command = new StringBuilder()
            .Append("/usr/bin/time -v -o \"").Append(timeFile).Append("\" ")
            .Append("dotnet build \"").Append(project).Append("\" --no-restore --no-incremental -c Release -nologo -m:1 -nodeReuse:false")
            // The reference build is the actionsecurity configuration with the other analyzer files.
            .Append(" -p:BenchConfig=").Append(config.Id == "reference" ? "actionsecurity" : config.Id)
            .Append(" -p:ActionSecurityAnalyzersDir=\"").Append(config.Id == "reference" ? options.ReferenceAnalyzersDirectory : options.AnalyzersDirectory).Append("\"")
            .Append(" -p:ReportAnalyzer=true -p:UseSharedCompilation=false")
            .Append(" -v:q -clp:NoSummary \"-flp:v=d;logfile=").Append(log).Append("\"")
            .Append(" > \"").Append(output).Append("\" 2>&1")
            .ToString();
        var sw = Stopwatch.StartNew();
        var rc = Shell(command);
        sw.Stop();
        var report = File.Exists(log) ? ReportAnalyzerLog.Parse(log) : new AnalyzerReport();
        var (maxRss, cpu) = ReadTime(timeFile);
        return new BuildRun(config.Id, round, rc == 0, sw.Elapsed.TotalSeconds, cpu, maxRss, report, CountWarnings(output), log);
    }

    /// <summary>Max RSS (kB) and user+system CPU seconds of the build's process tree, from <c>/usr/bin/time -v</c>.</summary>
    private static (long MaxRssKb, double CpuSeconds) ReadTime(string timeFile)
    {
        long rss = 0;
        double cpu = 0;
        if (!File.Exists(timeFile))
            return (rss, cpu);
        foreach (var line in File.ReadLines(timeFile))
        {
            var trimmed = line.Trim();
            var value = trimmed[(trimmed.LastIndexOf(':') + 1)..].Trim();
            if (trimmed.StartsWith("Maximum resident set size (kbytes):", StringComparison.Ordinal))
                rss = long.Parse(value, CultureInfo.InvariantCulture);
            else if (trimmed.StartsWith("User time (seconds):", StringComparison.Ordinal) || trimmed.StartsWith("System time (seconds):", StringComparison.Ordinal))
                cpu += double.Parse(value, CultureInfo.InvariantCulture);
        }

        return (rss, cpu);
    }

    private static readonly Regex WarningLine = new(@": warning [A-Za-z]+\d+:", RegexOptions.Compiled);

    private static int CountWarnings(string output) =>
        File.Exists(output) ? File.ReadLines(output).Where(l => WarningLine.IsMatch(l)).Distinct(StringComparer.Ordinal).Count() : 0;

    public static int Shell(string command)
    {
        var psi = new ProcessStartInfo("/bin/bash") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(psi)!;
        process.WaitForExit();
        return process.ExitCode;
    }

    public static string Capture(string command)
    {
        var psi = new ProcessStartInfo("/bin/bash") { UseShellExecute = false, RedirectStandardOutput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        using var process = Process.Start(psi)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return text.Trim();
    }
}

public sealed class Options
{
    public string Size { get; private set; } = "S";

    public int Runs { get; private set; } = 3;

    public int Warmup { get; private set; } = 1;

    public string ProjectDirectory { get; private set; } = "";

    public string AnalyzersDirectory { get; private set; } = "";

    public string ResultsDirectory { get; private set; } = "";

    /// <summary>Analyzers built from an earlier commit, for the <c>reference</c> configuration; empty when there is none.</summary>
    public string ReferenceAnalyzersDirectory { get; private set; } = "";

    /// <summary>What the reference build was made from (a commit), for the results.</summary>
    public string ReferenceName { get; private set; } = "";

    public HashSet<string> Configs { get; private set; } = Program.AllConfigs.Select(c => c.Id).Where(id => id != "reference").ToHashSet(StringComparer.Ordinal);

    public static Options? Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--size": o.Size = Next().ToUpperInvariant(); break;
                case "--runs": o.Runs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--warmup": o.Warmup = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--project": o.ProjectDirectory = Path.GetFullPath(Next()); break;
                case "--analyzers": o.AnalyzersDirectory = Path.GetFullPath(Next()) + "/"; break;
                case "--results": o.ResultsDirectory = Path.GetFullPath(Next()); break;
                case "--reference-analyzers": o.ReferenceAnalyzersDirectory = Path.GetFullPath(Next()) + "/"; break;
                case "--reference-name": o.ReferenceName = Next(); break;
                case "--configs":
                    o.Configs = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
                    o.Configs.Add("baseline");
                    break;
                default:
                    Console.Error.WriteLine($"unknown argument {args[i]}");
                    return null;
            }
        }

        if (o.ReferenceAnalyzersDirectory.Length > 0)
            o.Configs.Add("reference");
        else
            o.Configs.Remove("reference");

        if (o.ProjectDirectory.Length == 0 || o.AnalyzersDirectory.Length == 0 || o.ResultsDirectory.Length == 0 || o.Runs < 1)
        {
            Console.Error.WriteLine("usage: Runner --project DIR --analyzers DIR --results DIR [--size S] [--runs 3] [--warmup 1] [--configs a,b] [--reference-analyzers DIR --reference-name REV]");
            return null;
        }

        return o;
    }
}
