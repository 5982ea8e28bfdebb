using System;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActionSecurity.Benchmarks.Latency;

/// <summary>
/// An analyzer run inside a wrapper that adds up the CPU time its callbacks take on their own threads
/// (<c>CLOCK_THREAD_CPUTIME_ID</c>). Roslyn's telemetry times callbacks by the wall clock, which also counts the time a
/// thread waits for a core, for a garbage collection started by any thread, or for a lock: on this shared 2-core machine
/// those waits are most of a callback's wall time and move by ±15 % between runs of the same code. The thread's CPU time
/// leaves them out, so two versions of the package can be told apart by a few runs (JIT compilation on the thread is
/// still counted, as it is part of what the package costs a fresh compiler process).
/// </summary>
/// <remarks>A wrapper made by the harness, never loaded by a host: the analyzer it wraps configures itself.</remarks>
#pragma warning disable RS1001, RS1025, RS1026, RS1012 // no [DiagnosticAnalyzer]; the wrapped analyzer's Initialize configures and registers
internal sealed class CpuTimedAnalyzer(DiagnosticAnalyzer inner) : DiagnosticAnalyzer
{
    private long _nanoseconds;

    public DiagnosticAnalyzer Inner => inner;

    /// <summary>CPU time of the callbacks so far, in milliseconds.</summary>
    public double CpuMilliseconds => Interlocked.Read(ref _nanoseconds) / 1e6;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => inner.SupportedDiagnostics;

    public override void Initialize(AnalysisContext context) => inner.Initialize(new Context(context, this));

    /// <summary>Linux only: the harness runs where the benchmarks do.</summary>
    private static long ThreadCpuNanoseconds()
    {
        clock_gettime(3 /* CLOCK_THREAD_CPUTIME_ID */, out var time);
        return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
    }

    [DllImport("libc", SetLastError = false)]
    private static extern int clock_gettime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private Action<T> Timed<T>(Action<T> action) => argument =>
    {
        var start = ThreadCpuNanoseconds();
        try
        {
            action(argument);
        }
        finally
        {
            Interlocked.Add(ref _nanoseconds, ThreadCpuNanoseconds() - start);
        }
    };

    private sealed class Context(AnalysisContext inner, CpuTimedAnalyzer owner) : AnalysisContext
    {
        public override void EnableConcurrentExecution() => inner.EnableConcurrentExecution();

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => inner.ConfigureGeneratedCodeAnalysis(analysisMode);

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action)
            => inner.RegisterCompilationStartAction(owner.Timed<CompilationStartAnalysisContext>(start => action(new StartContext(start, owner))));

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => inner.RegisterCompilationAction(owner.Timed(action));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => inner.RegisterSemanticModelAction(owner.Timed(action));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => inner.RegisterSymbolAction(owner.Timed(action), symbolKinds);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw new NotSupportedException();

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => inner.RegisterCodeBlockAction(owner.Timed(action));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => inner.RegisterSyntaxTreeAction(owner.Timed(action));

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => inner.RegisterAdditionalFileAction(owner.Timed(action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
            => inner.RegisterSyntaxNodeAction(owner.Timed(action), syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => inner.RegisterOperationAction(owner.Timed(action), operationKinds);

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => inner.RegisterOperationBlockAction(owner.Timed(action));

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => throw new NotSupportedException();
    }

    private sealed class StartContext(CompilationStartAnalysisContext inner, CpuTimedAnalyzer owner)
        : CompilationStartAnalysisContext(inner.Compilation, inner.Options, inner.CancellationToken)
    {
        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => inner.RegisterCompilationEndAction(owner.Timed(action));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => inner.RegisterSemanticModelAction(owner.Timed(action));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => inner.RegisterSymbolAction(owner.Timed(action), symbolKinds);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => throw new NotSupportedException();

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw new NotSupportedException();

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => inner.RegisterCodeBlockAction(owner.Timed(action));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => inner.RegisterSyntaxTreeAction(owner.Timed(action));

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => inner.RegisterAdditionalFileAction(owner.Timed(action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
            => inner.RegisterSyntaxNodeAction(owner.Timed(action), syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => inner.RegisterOperationAction(owner.Timed(action), operationKinds);

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => inner.RegisterOperationBlockAction(owner.Timed(action));

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => throw new NotSupportedException();
    }
}
#pragma warning restore RS1001, RS1025, RS1026, RS1012
