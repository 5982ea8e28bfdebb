using System.Collections.Immutable;
using System.Threading;
using ActionSecurity.Benchmarks.Generator;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActionSecurity.Benchmarks.Latency;

/// <summary>
/// What the IDE does per open document: the project's compilation is already built, and the analyzers' semantic
/// diagnostics are asked for one tree (<see cref="CompilationWithAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(SemanticModel, Microsoft.CodeAnalysis.Text.TextSpan?, CancellationToken)"/>).
/// The document is Handlers/HandlerHub.cs (~3,000 lines of controllers, minimal-API groups, webhook receivers and
/// functions). A fresh CompilationWithAnalyzers per invocation, so nothing is served from its result cache; binding the
/// document is done before the timed part (<see cref="Workload.PrepareDocument"/>); the no-op analyzer shows the driver's
/// own cost of walking the document's operations.
/// </summary>
[MemoryDiagnoser]
public class DocumentLatency
{
    private Compilation _compilation = null!;
    private SyntaxTree _tree = null!;
    private ImmutableArray<DiagnosticAnalyzer> _package;
    private ImmutableArray<DiagnosticAnalyzer> _noOp;
    private CompilationWithAnalyzers _cwa = null!;
    private SemanticModel _model = null!;

    /// <summary>The project the document is analysed in (set by Program from <c>--doc-size</c>).</summary>
    public static ProjectSize Size { get; set; } = ProjectSize.S;

    [GlobalSetup]
    public void Setup()
    {
        var workload = Workload.For(Size);
        _compilation = workload.Compilation;
        _tree = workload.HubTree;
        _package = Workload.PackageAnalyzers();
        _noOp = ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpOperationAnalyzer());
    }

    [IterationSetup(Target = nameof(NoOpDocument))]
    public void SetupNoOp() => Prepare(_noOp);

    [IterationSetup(Target = nameof(PackageDocument))]
    public void SetupPackage() => Prepare(_package);

    [Benchmark(Baseline = true, Description = "no-op analyzer, 3,000-line document")]
    public int NoOpDocument() => Run();

    [Benchmark(Description = "ActionSecurity.Analyzers, 3,000-line document")]
    public int PackageDocument() => Run();

    /// <summary>Untimed: a fresh CompilationWithAnalyzers whose semantic model of the document is already bound (the
    /// compiler's diagnostics for it computed), as when the IDE has shown the document's errors.</summary>
    private void Prepare(ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        (_cwa, _model) = Workload.PrepareDocument(_compilation, _tree, analyzers);
    }

    private int Run() => _cwa.GetAnalyzerSemanticDiagnosticsAsync(_model, null, CancellationToken.None).GetAwaiter().GetResult().Length;
}

/// <summary>The whole compilation analyzed at S, M and L: time per size should grow no faster than the line count.</summary>
[MemoryDiagnoser]
public class ScalingSeries
{
    private Compilation _compilation = null!;
    private ImmutableArray<DiagnosticAnalyzer> _package;
    private ImmutableArray<DiagnosticAnalyzer> _noOp;

    [ParamsSource(nameof(SizeValues))]
    public ProjectSize Size { get; set; }

    public static ProjectSize[] Sizes { get; set; } = { ProjectSize.S, ProjectSize.M, ProjectSize.L };

    public static ProjectSize[] SizeValues() => Sizes;

    [GlobalSetup]
    public void Setup()
    {
        _compilation = Workload.For(Size).Compilation;
        _package = Workload.PackageAnalyzers();
        _noOp = ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpOperationAnalyzer());
    }

    [Benchmark(Baseline = true, Description = "no-op analyzer, whole compilation")]
    public int NoOpCompilation() => Workload.WithAnalyzers(_compilation, _noOp).GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult().Length;

    [Benchmark(Description = "ActionSecurity.Analyzers, whole compilation")]
    public int PackageCompilation() => Workload.WithAnalyzers(_compilation, _package).GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult().Length;
}
