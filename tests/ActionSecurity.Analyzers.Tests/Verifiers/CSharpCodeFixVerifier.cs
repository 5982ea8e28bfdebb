using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActionSecurity.Analyzers.Tests.Verifiers;

/// <summary>
/// Verifies an analyzer and its code fix. Use <c>using Verify = CSharpCodeFixVerifier&lt;XAnalyzer, XCodeFixProvider&gt;;</c>.
/// Prefer <see cref="VerifyCodeFixAsync(string, string)"/> whenever a diagnostic is expected: one call checks the
/// diagnostics, the fixed code, its re-analysis and Fix All.
/// </summary>
public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <inheritdoc cref="CSharpAnalyzerVerifier{TAnalyzer}.Diagnostic()"/>
    public static ExpectedDiagnostic Diagnostic() => DiagnosticFactory.Default(new TAnalyzer());

    /// <inheritdoc cref="CSharpAnalyzerVerifier{TAnalyzer}.Diagnostic(string)"/>
    public static ExpectedDiagnostic Diagnostic(string diagnosticId) => DiagnosticFactory.ForId(new TAnalyzer(), diagnosticId);

    public static ExpectedDiagnostic Diagnostic(DiagnosticDescriptor descriptor) => ExpectedDiagnostic.Create(descriptor);

    /// <summary>Diagnostics only (no fix is applied).</summary>
    public static Task VerifyAnalyzerAsync([StringSyntax("C#-test")] string source, params ExpectedDiagnostic[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Markup in <paramref name="source"/> gives the diagnostics; <paramref name="fixedSource"/> equal to it asserts that no fix is offered.</summary>
    public static Task VerifyCodeFixAsync([StringSyntax("C#-test")] string source, [StringSyntax("C#-test")] string fixedSource) =>
        VerifyCodeFixAsync(source, Array.Empty<ExpectedDiagnostic>(), fixedSource);

    public static Task VerifyCodeFixAsync([StringSyntax("C#-test")] string source, ExpectedDiagnostic expected, [StringSyntax("C#-test")] string fixedSource) =>
        VerifyCodeFixAsync(source, new[] { expected }, fixedSource);

    public static Task VerifyCodeFixAsync([StringSyntax("C#-test")] string source, ExpectedDiagnostic[] expected, [StringSyntax("C#-test")] string fixedSource)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>
    /// Everything <see cref="VerifierTest"/> checks on the input, then, when <see cref="FixedCode"/> is set:
    /// <list type="number">
    /// <item>if the fixed sources equal the input (markup removed): no action is offered for any fixable diagnostic;</item>
    /// <item>otherwise the incremental loop (<see cref="CodeFixRunner.FixIncrementallyAsync"/>), then the text equals
    /// <see cref="FixedCode"/>/<see cref="FixedSources"/> exactly, compiles without new errors or warnings, and raises
    /// exactly the diagnostics in their markup and <see cref="FixedExpectedDiagnostics"/> (markup there means "still reported");</item>
    /// <item>Fix All at Document, Project and Solution scope (those the FixAllProvider supports) gives
    /// <see cref="BatchFixedCode"/> (default: <see cref="FixedCode"/>) in one application, with the same checks.</item>
    /// </list>
    /// </summary>
    public sealed class Test : VerifierTest
    {
        /// <summary>The expected text of <c>/0/Test0.cs</c> after the fixes; markup = diagnostics still reported there.</summary>
        public string? FixedCode { get; set; }

        /// <summary>Expected texts of <c>/0/Test1.cs</c>…; when empty, <see cref="VerifierTest.Sources"/> without fixable markup.</summary>
        public List<string> FixedSources { get; } = new();

        /// <summary>Expected Fix All result of <c>/0/Test0.cs</c> when it differs from <see cref="FixedCode"/>.</summary>
        public string? BatchFixedCode { get; set; }

        /// <summary>Expected Fix All results of the other documents; when empty, the fixed sources.</summary>
        public List<string> BatchFixedSources { get; } = new();

        /// <summary>Expectations on the fixed code beyond its markup.</summary>
        public List<ExpectedDiagnostic> FixedExpectedDiagnostics { get; } = new();

        /// <summary>Only actions with this equivalence key are applied.</summary>
        public string? CodeActionEquivalenceKey { get; set; }

        /// <summary>The index of the action to apply among those offered (after the key filter).</summary>
        public int? CodeActionIndex { get; set; }

        /// <summary>Exact number of one-at-a-time applications; default: at most one per fixable diagnostic of the input.</summary>
        public int? NumberOfIncrementalIterations { get; set; }

        public bool SkipFixAll { get; set; }

        /// <summary>Permit fixes of diagnostics reported at compilation end (non-local; roslyn-sdk refuses them by default too).</summary>
        public bool AllowCompilationEndFixes { get; set; }

        public override async Task RunAsync(CancellationToken cancellationToken = default)
        {
            var analyzers = CreateAnalyzers();
            var provider = new TCodeFix();
            using var workspace = new TestWorkspace();
            var (solution, initial, texts) = await VerifyInputAsync(workspace, analyzers, cancellationToken).ConfigureAwait(false);
            if (FixedCode is null)
            {
                return;
            }

            var fixable = provider.FixableDiagnosticIds.ToImmutableHashSet(StringComparer.Ordinal);
            var (fixedTexts, fixedExpected) = ResolveExpectations(FixedMarkup(fixable), FixedExpectedDiagnostics, analyzers);
            if (fixedTexts.Select(CodeFixRunner.Normalize).SequenceEqual(texts.Select(CodeFixRunner.Normalize)))
            {
                await CodeFixRunner.VerifyNoActionOfferedAsync(solution, initial, provider, cancellationToken).ConfigureAwait(false);
                return;
            }

            var selector = new ActionSelector(CodeActionEquivalenceKey, CodeActionIndex, AllowCompilationEndFixes);
            var (fixedSolution, iterations) = await CodeFixRunner.FixIncrementallyAsync(
                solution, initial, analyzers, provider, selector, NumberOfIncrementalIterations, cancellationToken).ConfigureAwait(false);
            if (iterations == 0)
            {
                throw new VerificationException(
                    $"FixedCode differs from TestCode, but {provider.GetType().Name} offered no applicable action for the "
                    + $"{CodeFixRunner.FixableDiagnostics(solution, initial, provider).Count} fixable diagnostic(s)"
                    + (CodeActionEquivalenceKey is null ? "." : $" with equivalence key '{CodeActionEquivalenceKey}'."));
            }

            var stage = $"Fixed code (after {iterations} one-at-a-time fix(es))";
            await VerifyFixedStateAsync(stage, fixedSolution, fixedTexts, fixedExpected, analyzers, cancellationToken).ConfigureAwait(false);

            if (SkipFixAll)
            {
                return;
            }

            var (batchTexts, batchExpected) = BatchFixedCode is null && BatchFixedSources.Count == 0
                ? (fixedTexts, fixedExpected)
                : ResolveExpectations(BatchMarkup(fixable), FixedExpectedDiagnostics, analyzers);
            foreach (var scope in new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution })
            {
                var batch = await CodeFixRunner.FixAllAsync(solution, initial, analyzers, provider, selector, scope, cancellationToken).ConfigureAwait(false);
                if (batch is not null)
                {
                    await VerifyFixedStateAsync($"Fix All in {scope}", batch, batchTexts, batchExpected, analyzers, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        internal override ImmutableArray<DiagnosticAnalyzer> CreateAnalyzers() => ImmutableArray.Create<DiagnosticAnalyzer>(new TAnalyzer());

        private async Task VerifyFixedStateAsync(
            string stage,
            TestSolution solution,
            ImmutableArray<string> expectedTexts,
            List<ExpectedDiagnostic> expected,
            ImmutableArray<DiagnosticAnalyzer> analyzers,
            CancellationToken cancellationToken)
        {
            var actualTexts = await solution.GetTextsAsync().ConfigureAwait(false);
            CodeFixRunner.VerifyTexts(stage, expectedTexts, actualTexts);
            await VerifyDiagnosticsAsync(stage, solution, actualTexts, expected, analyzers, cancellationToken).ConfigureAwait(false);
        }

        private List<string> FixedMarkup(ImmutableHashSet<string> fixable)
        {
            var result = new List<string> { FixedCode! };
            result.AddRange(FixedSources.Count > 0 ? FixedSources : Sources.Select(s => WithoutFixableMarkup(s, fixable)));
            return result;
        }

        private List<string> BatchMarkup(ImmutableHashSet<string> fixable)
        {
            var result = new List<string> { BatchFixedCode ?? FixedCode! };
            result.AddRange(BatchFixedSources.Count > 0 ? BatchFixedSources : FixedMarkup(fixable).Skip(1));
            return result;
        }

        /// <summary>An unfixed extra source inherited as fixed: markup of fixable ids would no longer be reported, so drop it.</summary>
        private string WithoutFixableMarkup(string markup, ImmutableHashSet<string> fixable)
        {
            var parsed = TestMarkup.Parse(markup);
            var defaultId = DefaultId(CreateAnalyzers());
            var kept = parsed.Spans.Where(s => s.LocationIndex is not null || !fixable.Contains(s.Id ?? defaultId ?? string.Empty)).ToList();
            var marks = kept.SelectMany(s => new[]
            {
                (Position: s.Span.Start, Order: 1_000_000 - s.Span.Length, Text: s.IsDefault ? "[|" : "{|" + (s.Id ?? "#" + s.LocationIndex) + ":"),
                (Position: s.Span.End, Order: -1_000_000 + s.Span.Length - s.Span.Start, Text: s.IsDefault ? "|]" : "|}"),
            });
            var text = new System.Text.StringBuilder(parsed.Text);
            foreach (var mark in marks.OrderByDescending(m => m.Position).ThenByDescending(m => m.Order))
            {
                text.Insert(mark.Position, mark.Text);
            }

            return text.ToString();
        }
    }
}
