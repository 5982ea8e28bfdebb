using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using ActionSecurity.Benchmarks.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace ActionSecurity.Benchmarks.Latency;

/// <summary>A compiled generated project (in memory, same sources as benchmarks/generated/&lt;size&gt;) and the analyzers.</summary>
public sealed class Workload
{
    private static readonly Dictionary<ProjectSize, Workload> Cache = new();

    private Workload(ProjectSize size)
    {
        var sources = ProjectGenerator.GenerateSources(size);
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = sources
            .Select(f => CSharpSyntaxTree.ParseText(f.Content, parse, path: f.Path))
            .ToList();
        Lines = sources.Sum(f => ProjectGenerator.CountLines(f.Content));
        Compilation = CSharpCompilation.Create(
            "BenchWeb",
            trees,
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: true));
        var errors = Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        if (errors.Count > 0)
            throw new InvalidOperationException("the generated project does not compile:\n" + string.Join("\n", errors));
        HubTree = trees.Single(t => t.FilePath == ProjectGenerator.HubFilePath);
        HubLines = HubTree.GetText().Lines.Count;
    }

    public CSharpCompilation Compilation { get; }

    public SyntaxTree HubTree { get; }

    public int Lines { get; }

    public int HubLines { get; }

    public static Workload For(ProjectSize size)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(size, out var workload))
                Cache[size] = workload = new Workload(size);
            return workload;
        }
    }

    /// <summary>Every concrete DiagnosticAnalyzer type in ActionSecurity.Analyzers.dll, found by reflection.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> PackageAnalyzers()
    {
        var assembly = Assembly.Load("ActionSecurity.Analyzers");
        return assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
    }

    public static CompilationWithAnalyzers WithAnalyzers(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, bool logTime = false, bool concurrent = true) =>
        compilation.WithAnalyzers(
            analyzers,
            new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: null,
                concurrentAnalysis: concurrent,
                logAnalyzerExecutionTime: logTime,
                reportSuppressedDiagnostics: false));

    private static int _edits;

    /// <summary>
    /// What a keystroke gives the IDE: <paramref name="tree"/> edited (a comment appended, so a new syntax tree), a new
    /// compilation that shares every other tree with <paramref name="compilation"/>, a fresh CompilationWithAnalyzers,
    /// and the edited document already bound (its compiler diagnostics computed) before the analyzers run on it.
    /// </summary>
    public static (CompilationWithAnalyzers Cwa, SemanticModel Model) PrepareDocument(Compilation compilation, SyntaxTree tree, ImmutableArray<DiagnosticAnalyzer> analyzers, bool logTime = false, bool concurrent = true)
    {
        var text = tree.GetText();
        var edit = new TextChange(new TextSpan(text.Length, 0), "\n// edit " + Interlocked.Increment(ref _edits).ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
        var edited = tree.WithChangedText(text.WithChanges(edit));
        var cwa = WithAnalyzers(compilation.ReplaceSyntaxTree(tree, edited), analyzers, logTime, concurrent);
        var model = cwa.Compilation.GetSemanticModel(edited);
        model.GetDiagnostics();
        return (cwa, model);
    }

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(LoadReferences);

    /// <summary>The reference assemblies of Microsoft.NETCore.App and Microsoft.AspNetCore.App, as the Web SDK passes them to csc.</summary>
    private static IReadOnlyList<MetadataReference> LoadReferences()
    {
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
        var major = Environment.Version.Major.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var result = new List<MetadataReference>();
        foreach (var (pack, shared) in new[] { ("Microsoft.NETCore.App.Ref", "Microsoft.NETCore.App"), ("Microsoft.AspNetCore.App.Ref", "Microsoft.AspNetCore.App") })
        {
            var dir = LatestVersionDirectory(Path.Combine(dotnetRoot, "packs", pack), major) is { } packDir
                ? Path.Combine(packDir, "ref", "net" + major + ".0")
                : LatestVersionDirectory(Path.Combine(dotnetRoot, "shared", shared), major);
            if (dir is null || !Directory.Exists(dir))
                throw new InvalidOperationException($"cannot find {pack} under {dotnetRoot}");
            result.AddRange(Directory.EnumerateFiles(dir, "*.dll").Select(f => MetadataReference.CreateFromFile(f)));
        }

        return result;
    }

    private static string? LatestVersionDirectory(string parent, string major) =>
        Directory.Exists(parent)
            ? Directory.EnumerateDirectories(parent)
                .Where(d => Path.GetFileName(d).StartsWith(major + ".", StringComparison.Ordinal))
                .OrderByDescending(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version(0, 0))
                .FirstOrDefault()
            : null;
}

/// <summary>A reference analyzer that asks for the same operation trees as the package but does nothing with them:
/// the difference between it and the package is the package's own cost.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoOpOperationAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("BENCH0001", "no-op", "no-op", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(static _ => { }, OperationKind.Invocation, OperationKind.PropertyReference, OperationKind.Binary);
        context.RegisterSymbolAction(static _ => { }, SymbolKind.Method);
    }
}
