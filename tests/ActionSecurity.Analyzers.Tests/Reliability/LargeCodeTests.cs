using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.Tests.Meta;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace ActionSecurity.Analyzers.Tests.Reliability;

/// <summary>A fact that runs only when <c>ACTIONSECURITY_LARGE_CODE=1</c>: slow checks a developer runs by hand.</summary>
public sealed class LargeCodeFactAttribute : FactAttribute
{
    public const string Variable = "ACTIONSECURITY_LARGE_CODE";

    public LargeCodeFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"slow; set {Variable}=1 to run";
        }
    }
}

/// <summary>
/// Every analyzer over real, larger code: the C# sources of this repository (the analyzers, fixers and tests as their own
/// projects, every test input, doc example and sample) and the benchmark's generated large web project
/// (<c>benchmarks/generated/L</c> when it has been generated, plus any folders listed in
/// <c>ACTIONSECURITY_LARGE_CODE_DIRS</c>, separated by <c>;</c>). Reports diagnostics per rule, analyzer exceptions (must
/// be none), per-analyzer time and the process's peak memory.
/// <c>ACTIONSECURITY_LARGE_CODE_LIST=1</c> lists every diagnostic of the project-level runs.
/// <code>ACTIONSECURITY_LARGE_CODE=1 dotnet test tests/ActionSecurity.Analyzers.Tests --filter "Category=LargeCode" --logger "console;verbosity=detailed"</code>
/// </summary>
[Trait("Category", "LargeCode")]
public sealed class LargeCodeTests(ITestOutputHelper output)
{
    [LargeCodeFact]
    public async Task Analyzers_over_the_repository_and_the_generated_large_project()
    {
        var root = RuleCatalog.RepositoryRoot;
        var analyzers = RobustnessTests.Analyzers();
        var perRule = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var perAnalyzer = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var faults = new ConcurrentQueue<string>();
        var allocated = GC.GetTotalAllocatedBytes();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        var files = 0;
        var lines = 0L;

        async Task RunAsync(string name, IReadOnlyList<(string Path, string Text)> sources, IEnumerable<MetadataReference> references, bool implicitUsings)
        {
            var parse = new CSharpParseOptions(LanguageVersion.Latest);
            var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parse, s.Path)).ToList();
            if (implicitUsings)
            {
                trees.Add(CSharpSyntaxTree.ParseText(
                    string.Concat(TestWorkspace.WebSdkImplicitUsings.Select(u => $"global using global::{u};\n")), parse, "/GlobalUsings.g.cs"));
            }

            var compilation = CSharpCompilation.Create(
                name.Replace('/', '.'),
                trees,
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                    .WithSpecificDiagnosticOptions(ImmutableDictionary<string, ReportDiagnostic>.Empty.Add("AD0001", ReportDiagnostic.Error)));
            var hasTopLevel = trees.Any(t => t.GetCompilationUnitRoot().Members.Any(m => m is Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax));
            if (hasTopLevel)
            {
                compilation = compilation.WithOptions(compilation.Options.WithOutputKind(OutputKind.ConsoleApplication));
            }

            var watch = Stopwatch.StartNew();
            var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                (e, a, _) => faults.Enqueue($"{name}: {a.GetType().Name} threw {e.GetType().Name}: {e.Message}{Environment.NewLine}{e.StackTrace}"),
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: true));
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
            var mine = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var d in diagnostics)
            {
                if (d.Id == "AD0001")
                {
                    faults.Enqueue($"{name}: {d}");
                }

                perRule[d.Id] = perRule.GetValueOrDefault(d.Id) + 1;
                mine[d.Id] = mine.GetValueOrDefault(d.Id) + 1;
            }

            if (Environment.GetEnvironmentVariable("ACTIONSECURITY_LARGE_CODE_LIST") == "1")
            {
                foreach (var d in diagnostics)
                {
                    output.WriteLine($"  {d.Id} {d.Location.GetLineSpan()}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
                }
            }

            foreach (var analyzer in analyzers)
            {
                var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default);
                perAnalyzer[analyzer.GetType().Name] = perAnalyzer.GetValueOrDefault(analyzer.GetType().Name) + telemetry.ExecutionTime;
            }

            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            files += sources.Count;
            lines += sources.Sum(s => (long)s.Text.Count(c => c == '\n'));
            output.WriteLine($"{name}: {sources.Count} files, {watch.Elapsed.TotalSeconds:0.0} s, {diagnostics.Length} diagnostics ("
                + string.Join(", ", mine.Select(p => $"{p.Key} {p.Value}")) + $"), {errors.Count} compiler errors"
                + (errors.Count > 0 ? " (first: " + errors[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture) + ")" : ""));
        }

        static List<(string, string)> Read(string directory) =>
            SourceCorpus.EnumerateFiles(directory, "*.cs").Select(f => (f, File.ReadAllText(f))).ToList();

        var net = ReferenceSets.Get(ReferenceSet.Default);
        var roslyn = new[] { typeof(SyntaxNode), typeof(CSharpSyntaxNode), typeof(Workspace), typeof(Microsoft.CodeAnalysis.CSharp.Formatting.CSharpFormattingOptions), typeof(System.Composition.SharedAttribute) }
            .Select(t => t.Assembly.Location).Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();

        // The product's own code: analyzers and fixers (Roslyn references; the fixers see the analyzers' internals).
        await RunAsync("ActionSecurity.Analyzers", Read(Path.Combine(root, "src", "Analyzers")), ReferenceSets.Get(ReferenceSet.None).Concat(roslyn), false);
        await RunAsync(
            "ActionSecurity.Analyzers.CodeFixes",
            Read(Path.Combine(root, "src", "CodeFixes")),
            ReferenceSets.Get(ReferenceSet.None).Concat(roslyn).Append(MetadataReference.CreateFromFile(RuleCatalog.AnalyzerAssembly.Location)),
            false);

        // The test project's own code, against the assemblies it is built with.
        var testBin = Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(p => !Path.GetFileName(p).StartsWith("ActionSecurity.Analyzers.Tests", StringComparison.Ordinal))
            .Where(IsManaged)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        var testSources = Read(Path.Combine(root, "tests", "ActionSecurity.Analyzers.Tests"))
            .Where(s => !s.Item1.Replace('\\', '/').Contains("/Stubs/", StringComparison.Ordinal)).ToList();
        await RunAsync("ActionSecurity.Analyzers.Tests", testSources, ReferenceSets.Get(ReferenceSet.None).Concat(testBin), false);

        // Every test input, doc example and sample: each its own compilation, as in the tests.
        var corpus = SourceCorpus.Items;
        var corpusStart = stopwatch.Elapsed;
        var before = perRule.Values.Sum();
        foreach (var item in corpus)
        {
            await RunCorpusItemAsync(item);
        }

        output.WriteLine($"corpus: {corpus.Length} inputs, {perRule.Values.Sum() - before} diagnostics, {(stopwatch.Elapsed - corpusStart).TotalSeconds:0.0} s");

        // The benchmark's generated large project, and any other folders given.
        var large = new List<string> { Path.Combine(root, "benchmarks", "generated", "L") };
        large.AddRange((Environment.GetEnvironmentVariable("ACTIONSECURITY_LARGE_CODE_DIRS") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries));
        foreach (var directory in large)
        {
            if (!Directory.Exists(directory))
            {
                output.WriteLine($"{directory}: absent, skipped");
                continue;
            }

            var implicitUsings = Directory.GetFiles(directory, "*.csproj").Any(p => File.ReadAllText(p).Contains("<ImplicitUsings>enable</ImplicitUsings>", StringComparison.Ordinal));
            await RunAsync(directory, Read(directory), net, implicitUsings);
        }

        var process = Process.GetCurrentProcess();
        process.Refresh();
        output.WriteLine($"total: {files} files, {lines:N0} lines, {stopwatch.Elapsed.TotalSeconds:0.0} s wall, {(process.TotalProcessorTime - cpu).TotalSeconds:0.0} s CPU");
        output.WriteLine("diagnostics per rule: " + string.Join(", ", perRule.Select(p => $"{p.Key} {p.Value}")));
        output.WriteLine("analyzer execution time: " + string.Join(", ", perAnalyzer.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value.TotalSeconds:0.00} s")));
        output.WriteLine($"peak working set {process.PeakWorkingSet64 / (1024 * 1024)} MB; allocated {(GC.GetTotalAllocatedBytes() - allocated) / (1024 * 1024)} MB; "
            + $"GC heap now {GC.GetTotalMemory(false) / (1024 * 1024)} MB; gen2 collections {GC.CollectionCount(2)}");
        output.WriteLine($"analyzer exceptions: {faults.Count}");
        Assert.True(faults.IsEmpty, string.Join(Environment.NewLine, faults.Take(20)));

        async Task RunCorpusItemAsync(CorpusItem item)
        {
            var trees = item.Sources.Select((s, i) => (TestWorkspace.PathOf(i), s)).ToList();
            var parse = new CSharpParseOptions(LanguageVersion.Latest);
            var syntaxTrees = trees.Select(t => CSharpSyntaxTree.ParseText(t.Item2, parse, t.Item1)).ToList();
            if (item.IncludeImplicitUsings)
            {
                syntaxTrees.Add(CSharpSyntaxTree.ParseText(
                    string.Concat(TestWorkspace.WebSdkImplicitUsings.Select(u => $"global using global::{u};\n")), parse, TestWorkspace.GlobalUsingsPath));
            }

            var hasTopLevel = syntaxTrees.Any(t => t.GetCompilationUnitRoot().Members.Any(m => m is Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax));
            var compilation = CSharpCompilation.Create(
                "TestProject",
                syntaxTrees,
                net,
                new CSharpCompilationOptions(hasTopLevel ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary)
                    .WithSpecificDiagnosticOptions(ImmutableDictionary<string, ReportDiagnostic>.Empty.Add("AD0001", ReportDiagnostic.Error)));
            var diagnostics = await compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                (e, a, _) => faults.Enqueue($"{item.Name}: {a.GetType().Name} threw {e.GetType().Name}: {e.Message}{Environment.NewLine}{e.StackTrace}"),
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false)).GetAnalyzerDiagnosticsAsync();
            foreach (var d in diagnostics)
            {
                if (d.Id == "AD0001")
                {
                    faults.Enqueue($"{item.Name}: {d}");
                }

                perRule[d.Id] = perRule.GetValueOrDefault(d.Id) + 1;
            }

            files += trees.Count;
            lines += trees.Sum(t => (long)t.Item2.Count(c => c == '\n'));
        }
    }

    private static bool IsManaged(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
