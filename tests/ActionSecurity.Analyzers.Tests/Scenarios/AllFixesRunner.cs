using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.Tests.Meta;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActionSecurity.Analyzers.Tests.Scenarios;

/// <summary>What happened when every rule and every fix ran over a set of sources.</summary>
internal sealed record AllFixesResult(
    ImmutableArray<Diagnostic> InitialDiagnostics,
    ImmutableArray<string> AppliedFixes,
    ImmutableArray<Diagnostic> FinalDiagnostics,
    ImmutableArray<Diagnostic> FinalCompilerErrors,
    ImmutableArray<string> FinalTexts);

/// <summary>
/// Runs every analyzer of the package, then applies fixes one at a time — the first action offered, or the action whose
/// equivalence key ends with a preferred variant — re-analysing after each, until no AS diagnostic with a fix is left.
/// This is what a developer clicking every light bulb, or <c>dotnet format analyzers</c>, does.
/// </summary>
internal static class AllFixesRunner
{
    public static async Task<AllFixesResult> RunAsync(
        IReadOnlyList<string> sources,
        IReadOnlyDictionary<string, string>? preferredVariants = null,
        CancellationToken cancellationToken = default)
    {
        var analyzers = RuleCatalog.CreateAnalyzers().ToImmutableArray();
        var providers = RuleCatalog.CreateCodeFixes().ToImmutableArray();
        using var workspace = new TestWorkspace();
        var settings = new ProjectSettings(
            ReferenceSets.Get(ReferenceSet.Default), LanguageVersion.Latest, NullableContextOptions.Enable, OutputKind.DynamicallyLinkedLibrary,
            EditorConfig: null, IncludeImplicitUsings: true);
        var solution = workspace.CreateSolution(settings, sources);

        var first = await AnalyzerRunner.RunAsync(solution.Project, analyzers, cancellationToken).ConfigureAwait(false);
        var initial = Unsuppressed(first.AnalyzerDiagnostics);
        var applied = new List<string>();
        var current = first;
        for (var round = 0; round < 50; round++)
        {
            var action = await FindFirstActionAsync(solution, Unsuppressed(current.AnalyzerDiagnostics), providers, preferredVariants, cancellationToken).ConfigureAwait(false);
            if (action is null)
                break;
            var operations = await action.Value.Action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
            var apply = operations.OfType<ApplyChangesOperation>().Single();
            solution = solution.With(apply.ChangedSolution);
            applied.Add(action.Value.Diagnostic.Id + ": " + action.Value.Action.Title);
            current = await AnalyzerRunner.RunAsync(solution.Project, analyzers, cancellationToken).ConfigureAwait(false);
        }

        var errors = current.CompilerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        return new AllFixesResult(initial, applied.ToImmutableArray(), Unsuppressed(current.AnalyzerDiagnostics), errors, await solution.GetTextsAsync().ConfigureAwait(false));
    }

    private static ImmutableArray<Diagnostic> Unsuppressed(ImmutableArray<Diagnostic> diagnostics)
        => diagnostics.Where(d => !d.IsSuppressed && d.Id.StartsWith("AS", StringComparison.Ordinal)).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();

    private static async Task<(Diagnostic Diagnostic, CodeAction Action)?> FindFirstActionAsync(
        TestSolution solution,
        ImmutableArray<Diagnostic> diagnostics,
        ImmutableArray<CodeFixProvider> providers,
        IReadOnlyDictionary<string, string>? preferredVariants,
        CancellationToken cancellationToken)
    {
        foreach (var diagnostic in diagnostics)
        {
            var document = solution.Solution.GetDocument(diagnostic.Location.SourceTree);
            if (document is null)
                continue;
            foreach (var provider in providers.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var actions = new List<CodeAction>();
                var context = new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), cancellationToken);
                await provider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
                if (actions.Count == 0)
                    continue;
                var chosen = preferredVariants is not null && preferredVariants.TryGetValue(diagnostic.Id, out var variant)
                    ? actions.FirstOrDefault(a => a.EquivalenceKey?.EndsWith("." + variant, StringComparison.Ordinal) == true) ?? actions[0]
                    : actions[0];
                return (diagnostic, chosen);
            }
        }

        return null;
    }
}
