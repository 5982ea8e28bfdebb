using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using ActionSecurity.Benchmarks.Generator;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActionSecurity.Benchmarks.Latency;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Latency -- [--quick] [--sizes S,M,L] [--no-bdn] [--keystrokes N]</c>
/// First prints the analyzers' own execution time (Roslyn's analyzer telemetry) per document and per size, then runs the
/// BenchmarkDotNet benchmarks (<see cref="DocumentLatency"/>, <see cref="ScalingSeries"/>). <c>--quick</c>: a few
/// iterations and sizes S and M only, for smoke checks.
/// </summary>
public static class Program
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A keystroke during which the runtime compiled less code than this (ms) counts as quiet.</summary>
    private const double QuietJitMs = 10;

    /// <summary>Quiet keystrokes in a row after which the warm figure is counted.</summary>
    private const int QuietKeystrokes = 3;

    /// <summary>The most uncounted keystrokes the harness waits for the runtime to go quiet.</summary>
    private const int MaxWarmUp = 150;

    public static int Main(string[] args)
    {
        var quick = args.Contains("--quick");
        var runBdn = !args.Contains("--no-bdn");
        var sizes = quick ? new[] { ProjectSize.S, ProjectSize.M } : new[] { ProjectSize.S, ProjectSize.M, ProjectSize.L };
        var sizeArg = Array.IndexOf(args, "--sizes");
        if (sizeArg >= 0 && sizeArg + 1 < args.Length)
        {
            sizes = args[sizeArg + 1].Split(',').Select(s => ProjectGenerator.TryParseSize(s, out var z) ? z : throw new ArgumentException(s)).ToArray();
        }

        var analyzers = Workload.PackageAnalyzers();
        var only = Array.IndexOf(args, "--only");
        if (only >= 0 && only + 1 < args.Length)
        {
            // --only A,B: the analyzers whose type name contains one of the parts, e.g. to time one rule alone.
            var parts = args[only + 1].Split(',');
            analyzers = analyzers.Where(a => parts.Any(p => a.GetType().Name.Contains(p, StringComparison.Ordinal))).ToImmutableArray();
        }

        // --null: one analyzer that asks for every operation and does nothing, so the driver binds every body as it does
        // for the package; what the package adds to a run is its run minus this one.
        if (args.Contains("--null"))
            analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new NullAnalyzer());

        if (args.Contains("--profile"))
            return Profile(analyzers, args.Contains("--doc-size") ? ProjectGenerator.TryParseSize(args[Array.IndexOf(args, "--doc-size") + 1], out var profiled) ? profiled : ProjectSize.S : ProjectSize.S);
        if (args.Contains("--profile-compilation"))
            return ProfileCompilation(analyzers, sizes[sizes.Length - 1]);
        Console.WriteLine($"analyzers found by reflection in ActionSecurity.Analyzers.dll: {analyzers.Length} ({string.Join(", ", analyzers.Select(a => a.GetType().Name))})");
        var docSize = quick ? ProjectSize.S : ProjectSize.L;
        var docArg = Array.IndexOf(args, "--doc-size");
        if (docArg >= 0 && docArg + 1 < args.Length && !ProjectGenerator.TryParseSize(args[docArg + 1], out docSize))
            throw new ArgumentException(args[docArg + 1]);
        DocumentLatency.Size = docSize;
        // --keystrokes N: more keystrokes per run give a steadier median on a loaded machine (default 20, 6 with --quick).
        var keystrokes = quick ? 6 : 20;
        var keystrokeArg = Array.IndexOf(args, "--keystrokes");
        if (keystrokeArg >= 0 && keystrokeArg + 1 < args.Length)
            keystrokes = int.Parse(args[keystrokeArg + 1], Inv);
        var report = Telemetry(sizes, keystrokes, docSize, args.Contains("--sequential"));
        Console.WriteLine(report);
        var results = Path.Combine(FindBenchmarks(), "results");
        Directory.CreateDirectory(results);
        var file = Path.Combine(results, $"{DateTime.Now:yyyy-MM-dd}-latency{(quick ? "-quick" : "")}.md");
        File.WriteAllText(file, report);
        Console.WriteLine($"wrote {file}");

        if (!runBdn)
            return 0;
        ScalingSeries.Sizes = sizes;
        var job = (quick ? Job.Dry.WithWarmupCount(1).WithIterationCount(3).WithLaunchCount(1) : Job.Default.WithWarmupCount(3).WithIterationCount(10))
            .WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator)
            .WithArtifactsPath(Path.Combine(FindBenchmarks(), "BenchmarkDotNet.Artifacts"));
        BenchmarkRunner.Run(new[] { typeof(DocumentLatency), typeof(ScalingSeries) }.Select(t => BenchmarkConverter.TypeToBenchmarks(t, config)).ToArray());
        return 0;
    }

    /// <summary><c>--profile</c>: the per-document analysis in a loop (40 times), for a sampling profiler
    /// (<c>dotnet-trace collect -- dotnet ActionSecurity.Benchmarks.Latency.dll --profile</c>).</summary>
    private static int Profile(System.Collections.Immutable.ImmutableArray<DiagnosticAnalyzer> analyzers, ProjectSize size)
    {
        var workload = Workload.For(size);
        var sw = new Stopwatch();
        for (var i = 0; i < 40; i++)
        {
            var (cwa, model) = Workload.PrepareDocument(workload.Compilation, workload.HubTree, analyzers, logTime: true);
            sw.Restart();
            cwa.GetAnalyzerSemanticDiagnosticsAsync(model, null, CancellationToken.None).GetAwaiter().GetResult();
            var ms = analyzers.Sum(a => cwa.GetAnalyzerTelemetryInfoAsync(a, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds);
            Console.WriteLine(string.Create(Inv, $"{i,2}: wall {sw.Elapsed.TotalMilliseconds,7:F1} ms, analyzer callbacks {ms,6:F1} ms"));
        }

        return 0;
    }

    /// <summary>
    /// <c>--profile-compilation [--sizes X] [--sequential] [--analyses N] [--cpu]</c>: the whole compilation analysed four (N) times (per-analyzer
    /// telemetry printed), for a sampling profiler; <c>--sequential</c> turns off concurrent analysis so callbacks do not
    /// wait on each other's cores; <c>--cpu</c> also prints each analyzer's callbacks' CPU time (<see cref="CpuTimedAnalyzer"/>).
    /// </summary>
    private static int ProfileCompilation(System.Collections.Immutable.ImmutableArray<DiagnosticAnalyzer> analyzers, ProjectSize size)
    {
        if (Environment.GetCommandLineArgs().Contains("--warm-on-s") && size != ProjectSize.S)
        {
            // JIT-compiles the analyzers on S first, so the first run on the larger size shows what a build pays apart from JIT.
            var s = Workload.For(ProjectSize.S);
            Workload.WithAnalyzers(s.Compilation, analyzers).GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        // --cpu: each analyzer in a wrapper that adds up its callbacks' CPU time on their threads (see CpuTimedAnalyzer),
        // printed beside the wall-clock telemetry.
        var cpuTimed = Environment.GetCommandLineArgs().Contains("--cpu");
        if (cpuTimed)
            analyzers = analyzers.Select(a => a is DiagnosticSuppressor ? a : new CpuTimedAnalyzer(a)).ToImmutableArray();

        var workload = Workload.For(size);
        var countArg = Array.IndexOf(Environment.GetCommandLineArgs(), "--analyses");
        var count = countArg > 0 ? int.Parse(Environment.GetCommandLineArgs()[countArg + 1], Inv) : 4;
        var cpuSoFar = new Dictionary<CpuTimedAnalyzer, double>();
        for (var i = 0; i < count; i++)
        {
            var allocated0 = GC.GetTotalAllocatedBytes(precise: true);
            var jit0 = System.Runtime.JitInfo.GetCompilationTime();
            var jitted0 = System.Runtime.JitInfo.GetCompiledMethodCount();
            var pause0 = GC.GetTotalPauseDuration();
            var cpu0 = ProcessCpuMs();
            var sw = Stopwatch.StartNew();
            var cwa = Workload.WithAnalyzers(workload.Compilation, analyzers, logTime: true, concurrent: !Environment.GetCommandLineArgs().Contains("--sequential"));
            cwa.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
            var cpu = ProcessCpuMs() - cpu0;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated0;
            var ms = analyzers.Sum(a => cwa.GetAnalyzerTelemetryInfoAsync(a, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds);
            Console.WriteLine(string.Create(Inv, $"{size} {i}: wall {sw.Elapsed.TotalMilliseconds,7:F1} ms, process CPU {cpu,7:F1} ms, allocated {allocated / 1048576.0,7:F1} MB, analyzer callbacks {ms,6:F1} ms, JIT {(System.Runtime.JitInfo.GetCompilationTime() - jit0).TotalMilliseconds,6:F1} ms for {System.Runtime.JitInfo.GetCompiledMethodCount() - jitted0} methods, GC pauses {(GC.GetTotalPauseDuration() - pause0).TotalMilliseconds,6:F1} ms"));
            var cpuTotal = 0.0;
            foreach (var analyzer in analyzers)
            {
                var name = analyzer is CpuTimedAnalyzer timed ? timed.Inner.GetType().Name : analyzer.GetType().Name;
                var wall = cwa.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds;
                var cpuText = "";
                if (analyzer is CpuTimedAnalyzer cpuAnalyzer)
                {
                    var cpuMs = cpuAnalyzer.CpuMilliseconds - cpuSoFar.GetValueOrDefault(cpuAnalyzer);
                    cpuSoFar[cpuAnalyzer] = cpuAnalyzer.CpuMilliseconds;
                    cpuTotal += cpuMs;
                    cpuText = string.Create(Inv, $", CPU {cpuMs,8:F1} ms");
                }

                Console.WriteLine(string.Create(Inv, $"    {name,-36} {wall,8:F1} ms{cpuText}"));
            }

            if (cpuTimed)
                Console.WriteLine(string.Create(Inv, $"{size} {i}: callbacks' CPU time {cpuTotal,7:F1} ms"));
        }

        return 0;
    }

    /// <summary>The package's analyzer callbacks alone (telemetry with logAnalyzerExecutionTime), per document and per size.</summary>
    private static string Telemetry(IReadOnlyList<ProjectSize> sizes, int repeats, ProjectSize docSize, bool sequential)
    {
        var analyzers = Workload.PackageAnalyzers();
        var sb = new StringBuilder();
        sb.Append(Inv, $"# Analyzer latency — {DateTime.Now:yyyy-MM-dd HH:mm}\n\n");
        sb.Append(Inv, $"Machine: nproc {Environment.ProcessorCount}, .NET {Environment.Version}, load average {LoadAverage()}. Analyzer time is Roslyn's own measurement of the package's callbacks (`logAnalyzerExecutionTime`), median of {repeats} runs (per document: of each phase below). Per document, each run is a keystroke: the document is edited (a new syntax tree), a new compilation shares every other tree with the built one, a fresh `CompilationWithAnalyzers` ({(sequential ? "sequential" : "concurrent")} analysis) is made and the document is bound before the analyzers run on it, so whatever the package caches per file version is reused for the other files and rebuilt for this one, and what it caches per compilation is rebuilt.\n\n");

        var workload = Workload.For(docSize);

        // Keystrokes in one process: the first compiles the analyzers and is not counted; the next `repeats` are the
        // fresh-process figure; then keystrokes go on, uncounted, until the runtime has stopped recompiling code (tiered
        // compilation keeps recompiling the compiler's hot methods for dozens of keystrokes), and the `repeats` after that
        // are the warm figure: an editor that has been typing for a while.
        var fresh = new Keystrokes();
        var warm = new Keystrokes();
        using var jit = new JitListener();
        var quiet = 0;
        var warmUp = 0;
        for (var i = 0; warm.Count < repeats; i++)
        {
            var (cwa, model) = Workload.PrepareDocument(workload.Compilation, workload.HubTree, analyzers, logTime: true, concurrent: !sequential);
            var cpu0 = ProcessCpuMs();
            var allocated0 = GC.GetTotalAllocatedBytes(precise: false);
            var pause0 = GC.GetTotalPauseDuration();
            var jit0 = System.Runtime.JitInfo.GetCompilationTime();
            var sw = Stopwatch.StartNew();
            cwa.GetAnalyzerSemanticDiagnosticsAsync(model, null, CancellationToken.None).GetAwaiter().GetResult();
            sw.Stop();
            var keystroke = new Keystroke(
                analyzers.ToDictionary(a => a.GetType().Name, a => cwa.GetAnalyzerTelemetryInfoAsync(a, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds),
                sw.Elapsed.TotalMilliseconds,
                ProcessCpuMs() - cpu0,
                (GC.GetTotalAllocatedBytes(precise: false) - allocated0) / 1048576.0,
                (GC.GetTotalPauseDuration() - pause0).TotalMilliseconds,
                (System.Runtime.JitInfo.GetCompilationTime() - jit0).TotalMilliseconds);
            if (i == 0)
            {
                // the first keystroke compiles the analyzers and is not counted
                jit.Reset();
                continue;
            }

            if (i <= repeats)
            {
                fresh.Add(keystroke);
                if (i == repeats)
                    fresh.JitByOwner = jit.Reset();
                continue;
            }

            if (warm.Count > 0 || quiet >= QuietKeystrokes || warmUp >= MaxWarmUp)
            {
                warm.Add(keystroke);
            }
            else
            {
                warmUp++;
                quiet = keystroke.JitMs < QuietJitMs ? quiet + 1 : 0;
                jit.Reset();
            }
        }

        warm.JitByOwner = jit.Reset();

        // The same on a ~40-line options file: what is left there is the per-compilation fixed cost (compilation-start
        // actions, type resolution), which the IDE pays once per edit.
        var small = workload.Compilation.SyntaxTrees.First(t => t.FilePath.EndsWith("Options.cs", StringComparison.Ordinal));
        var fixedCost = new List<double>();
        var fixedCpu = new List<double>();
        for (var i = 0; i < repeats + 1; i++)
        {
            var (cwa, model) = Workload.PrepareDocument(workload.Compilation, small, analyzers, logTime: true, concurrent: !sequential);
            var cpu0 = ProcessCpuMs();
            cwa.GetAnalyzerSemanticDiagnosticsAsync(model, null, CancellationToken.None).GetAwaiter().GetResult();
            if (i > 0)
                fixedCpu.Add(ProcessCpuMs() - cpu0);
            if (i > 0)
                fixedCost.Add(analyzers.Sum(a => cwa.GetAnalyzerTelemetryInfoAsync(a, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds));
        }

        sb.Append(Inv, $"## Per document: {ProjectGenerator.HubFilePath} ({workload.HubLines} lines) in project {docSize} ({workload.Lines:N0} lines)\n\n");
        sb.Append(Inv, $"Warm — keystrokes {repeats + warmUp + 2} to {repeats + warmUp + warm.Count + 1}: after the fresh-process keystrokes below and {warmUp} more, uncounted, {(warmUp >= MaxWarmUp && quiet < QuietKeystrokes ? "the most the harness waits (the runtime was still recompiling code)" : $"until the runtime had compiled less than {QuietJitMs:F0} ms of code in each of {QuietKeystrokes} keystrokes in a row")}; the figure of an editor that has been typing for a while, and the one the budget is about:\n\n");
        warm.Describe(sb, targetMs: 81);
        sb.Append(Inv, $"- the same on a {small.GetText().Lines.Count}-line file ({small.FilePath}): {Median(fixedCost):F2} ms callbacks, {Median(fixedCpu):F1} ms process CPU — the per-compilation part (compilation-start work) that every edit pays\n\n");
        sb.Append(Inv, $"Fresh process — keystrokes 2 to {fresh.Count + 1}, while the runtime is still recompiling hot code:\n\n");
        fresh.Describe(sb, targetMs: null);
        sb.Append('\n');
        sb.Append("| analyzer | warm median (ms) | fresh median (ms) |\n|---|---|---|\n");
        foreach (var name in warm.Analyzers.OrderByDescending(warm.MedianOf))
            sb.Append(Inv, $"| {name} | {warm.MedianOf(name):F3} | {fresh.MedianOf(name):F3} |\n");

        sb.Append("\n## Whole compilation, S → M → L\n\n| size | lines | analyzer time (ms) | µs per line | vs S per line |\n|---|---|---|---|---|\n");
        double? firstPerLine = null;
        foreach (var size in sizes)
        {
            var w = Workload.For(size);
            var times = new List<double>();
            var n = size == ProjectSize.L ? Math.Min(repeats, 3) : repeats;
            for (var i = 0; i < n; i++)
            {
                var cwa = Workload.WithAnalyzers(w.Compilation, analyzers, logTime: true);
                cwa.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
                times.Add(analyzers.Sum(a => cwa.GetAnalyzerTelemetryInfoAsync(a, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds));
            }

            var perLine = Median(times) * 1000 / w.Lines;
            firstPerLine ??= perLine;
            sb.Append(Inv, $"| {size} | {w.Lines:N0} | {Median(times):F1} | {perLine:F2} | {perLine / firstPerLine.Value:F2}× |\n");
            Console.WriteLine($"{size}: {w.Lines} lines, {Median(times):F1} ms");
        }

        sb.Append("\n\"vs S per line\" ≤ 1 means the analyzers' time grows no faster than linearly with the project.\n");
        return sb.ToString();
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static double ProcessCpuMs()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalMilliseconds;
    }

    internal static double Quantile(IReadOnlyCollection<double> values, double q)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count == 0 ? double.NaN : sorted[(int)Math.Floor(q * (sorted.Count - 1))];
    }

    internal static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        if (sorted.Count == 0)
            return double.NaN;
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string FindBenchmarks()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "benchmarks", "run.sh")))
                return Path.Combine(dir.FullName, "benchmarks");
            dir = dir.Parent;
        }

        return Path.Combine(Directory.GetCurrentDirectory(), "benchmarks");
    }
}

/// <summary>Registers for every operation block and does nothing: the cost of analysis without the package's rules.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class NullAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("NULL0001", "Null", "Null", "Benchmark", DiagnosticSeverity.Hidden, true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(static _ => { }, OperationKind.Invocation);
    }
}
