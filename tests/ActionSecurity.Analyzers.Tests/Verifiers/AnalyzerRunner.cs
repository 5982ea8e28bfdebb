using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActionSecurity.Analyzers.Tests.Verifiers;

/// <summary>What one analysis of the test project produced.</summary>
internal sealed record AnalysisResult(
    Compilation Compilation,
    ImmutableArray<Diagnostic> CompilerDiagnostics,
    ImmutableArray<Diagnostic> AnalyzerDiagnostics);

/// <summary>
/// Runs analyzers the way the roslyn-sdk verifier does: every supported descriptor is on at its default severity (even
/// if disabled by default) unless the test's .editorconfig says otherwise, AD0001 is an error, analysis is concurrent and suppressed diagnostics are
/// reported (with <see cref="Diagnostic.IsSuppressed"/> set). An analyzer exception fails the run.
/// </summary>
internal static class AnalyzerRunner
{
    public static async Task<AnalysisResult> RunAsync(Project project, ImmutableArray<DiagnosticAnalyzer> analyzers, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The test project has no compilation.");

        // Compilation-wide options beat .editorconfig severities, so only descriptors that are off by default are forced
        // on here; enabled ones already run at their default severity, and dotnet_diagnostic.ID.severity still applies.
        var specific = new Dictionary<string, ReportDiagnostic>(compilation.Options.SpecificDiagnosticOptions);
        foreach (var descriptor in analyzers.SelectMany(a => a.SupportedDiagnostics).Where(d => !d.IsEnabledByDefault))
        {
            specific[descriptor.Id] = ToReport(descriptor.DefaultSeverity);
        }

        specific["AD0001"] = ReportDiagnostic.Error;
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(specific));

        var exceptions = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions,
            onAnalyzerException: (exception, analyzer, diagnostic) =>
                exceptions.Enqueue($"{diagnostic.Id}: analyzer {analyzer.GetType().Name} threw {exception.GetType().Name}: {exception.Message}{Environment.NewLine}{exception.StackTrace}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: true);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
        var analyzerDiagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);

        var ad0001 = analyzerDiagnostics.Where(d => d.Id == "AD0001").Select(d => d.ToString()).ToList();
        if (!exceptions.IsEmpty || ad0001.Count > 0)
        {
            throw new VerificationException(
                "An analyzer threw (AD0001); analyzers must never throw:" + Environment.NewLine
                + string.Join(Environment.NewLine, exceptions.Concat(ad0001).Distinct()));
        }

        var compilerDiagnostics = compilation.GetDiagnostics(cancellationToken);
        return new AnalysisResult(compilation, compilerDiagnostics, analyzerDiagnostics);
    }

    /// <summary>The flags the analyzer passes to <c>ConfigureGeneratedCodeAnalysis</c>, or the Roslyn default when it does not call it.</summary>
    public static GeneratedCodeAnalysisFlags GetGeneratedCodeAnalysisFlags(DiagnosticAnalyzer analyzer)
    {
        var context = new RecordingAnalysisContext();
        analyzer.Initialize(context);
        return context.GeneratedCodeAnalysisFlags;
    }

    private static ReportDiagnostic ToReport(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => ReportDiagnostic.Error,
        DiagnosticSeverity.Warning => ReportDiagnostic.Warn,
        DiagnosticSeverity.Info => ReportDiagnostic.Info,
        _ => ReportDiagnostic.Hidden,
    };

    /// <summary>An <see cref="AnalysisContext"/> that registers nothing and remembers the generated-code flags.</summary>
    private sealed class RecordingAnalysisContext : AnalysisContext
    {
        public GeneratedCodeAnalysisFlags GeneratedCodeAnalysisFlags { get; private set; } =
            GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics;

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => GeneratedCodeAnalysisFlags = analysisMode;

        public override void EnableConcurrentExecution()
        {
        }

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action)
        {
        }

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action)
        {
        }

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action)
        {
        }

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action)
        {
        }

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action)
        {
        }

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds)
        {
        }

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
        {
        }

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action)
        {
        }
    }
}

/// <summary>A verification failure: the test's expectations do not hold.</summary>
public sealed class VerificationException : Exception
{
    public VerificationException(string message)
        : base(message)
    {
    }

    public VerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
