using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace ActionSecurity.Analyzers.Tests.Verifiers;

/// <summary>How a code-fix test picks one action among those a provider offers for a diagnostic.</summary>
/// <param name="AllowCompilationEndFixes">Allow fixing diagnostics whose descriptor has the <c>CompilationEnd</c> tag.</param>
internal sealed record ActionSelector(string? EquivalenceKey, int? Index, bool AllowCompilationEndFixes = false);

/// <summary>
/// The code-fix half of the verifier: the incremental loop, the no-fix assertion and Fix All at Document, Project and
/// Solution scope, each followed by the same checks of the resulting code.
/// </summary>
internal static class CodeFixRunner
{
    /// <summary>Asserts that the provider offers no action for any fixable diagnostic of <paramref name="result"/>.</summary>
    public static async Task VerifyNoActionOfferedAsync(
        TestSolution solution,
        AnalysisResult result,
        CodeFixProvider provider,
        CancellationToken cancellationToken)
    {
        foreach (var diagnostic in FixableDiagnostics(solution, result, provider))
        {
            var actions = await GetActionsAsync(solution, diagnostic, provider, cancellationToken).ConfigureAwait(false);
            if (actions.Count > 0)
            {
                throw new VerificationException(
                    $"FixedCode equals TestCode, which asserts that no code action is offered, but for {DiagnosticMatcher.Describe(diagnostic)} "
                    + $"{provider.GetType().Name} offers: {DescribeActions(actions)}.");
            }
        }
    }

    /// <summary>
    /// Applies one action at a time until no fixable diagnostic has an action. Returns the number of applications.
    /// Fails on an ambiguous choice, a throwing action, an action that is not a single <see cref="ApplyChangesOperation"/>,
    /// an action that changes nothing or returns to an earlier text (a loop), and more iterations than allowed.
    /// </summary>
    public static async Task<(TestSolution Solution, int Iterations)> FixIncrementallyAsync(
        TestSolution solution,
        AnalysisResult initial,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        CodeFixProvider provider,
        ActionSelector selector,
        int? exactIterations,
        CancellationToken cancellationToken)
    {
        var limit = exactIterations ?? FixableDiagnostics(solution, initial, provider).Count;
        var seen = new HashSet<string>(StringComparer.Ordinal) { Join(await solution.GetTextsAsync().ConfigureAwait(false)) };
        var result = initial;
        var iterations = 0;
        while (true)
        {
            var chosen = await ChooseAsync(solution, result, provider, selector, cancellationToken).ConfigureAwait(false);
            if (chosen is null)
            {
                break;
            }

            if (iterations >= limit)
            {
                throw new VerificationException(
                    $"The code fix was applied {iterations} time(s), " + (exactIterations is null
                        ? $"once per fixable diagnostic of the input ({limit}), and is still offered (the fix may loop; set NumberOfIncrementalIterations if more are intended)"
                        : $"NumberOfIncrementalIterations is {limit}, and is still offered")
                    + $" for {DiagnosticMatcher.Describe(chosen.Value.Diagnostic)}. Current code:{Environment.NewLine}"
                    + string.Join(Environment.NewLine, await solution.GetTextsAsync().ConfigureAwait(false)));
            }

            var next = await ApplyAsync(solution, chosen.Value.Action, cancellationToken).ConfigureAwait(false);
            var texts = Join(await next.GetTextsAsync().ConfigureAwait(false));
            if (!seen.Add(texts))
            {
                throw new VerificationException(
                    $"The code action '{chosen.Value.Action.Title}' for {DiagnosticMatcher.Describe(chosen.Value.Diagnostic)} "
                    + "leads back to code seen before (it changed nothing, or undid an earlier fix): the fix would loop.");
            }

            solution = next;
            iterations++;
            result = await AnalyzerRunner.RunAsync(solution.Project, analyzers, cancellationToken).ConfigureAwait(false);
        }

        if (exactIterations is { } exact && exact != iterations)
        {
            throw new VerificationException($"Expected {exact} incremental code-fix iteration(s) (NumberOfIncrementalIterations), but {iterations} ran.");
        }

        return (solution, iterations);
    }

    /// <summary>
    /// Fix All at <paramref name="scope"/>: trigger = first fixable diagnostic with a selected action, equivalence key
    /// = that action's, diagnostics from the analysis. Document scope runs once per document with fixable
    /// diagnostics; Project and Solution scope run once. Returns null when the provider does not support the scope.
    /// </summary>
    public static async Task<TestSolution?> FixAllAsync(
        TestSolution solution,
        AnalysisResult initial,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        CodeFixProvider provider,
        ActionSelector selector,
        FixAllScope scope,
        CancellationToken cancellationToken)
    {
        var fixAllProvider = provider.GetFixAllProvider()
            ?? throw new VerificationException(
                $"{provider.GetType().Name}.GetFixAllProvider() returns null: Fix All and 'dotnet format analyzers' would do nothing (RS1016). Set SkipFixAll only if that is intended.");
        if (!fixAllProvider.GetSupportedFixAllScopes().Contains(scope))
        {
            return null;
        }

        var runs = scope == FixAllScope.Document
            ? FixableDiagnostics(solution, initial, provider).Select(d => d.Location.SourceTree!.FilePath).Distinct().Count()
            : 1;
        var result = initial;
        for (var run = 0; run < runs; run++)
        {
            var chosen = await ChooseAsync(solution, result, provider, selector, cancellationToken).ConfigureAwait(false);
            if (chosen is null)
            {
                break;
            }

            var (trigger, action) = chosen.Value;
            var key = action.EquivalenceKey ?? throw new VerificationException(
                $"The code action '{action.Title}' has no EquivalenceKey, so Fix All cannot tell which fixes belong together (RS1010).");
            var document = solution.Solution.GetDocument(trigger.Location.SourceTree)!;
            var context = new FixAllContext(
                document,
                provider,
                scope,
                key,
                provider.FixableDiagnosticIds,
                new ComputedDiagnosticProvider(FixableDiagnostics(solution, result, provider)),
                cancellationToken);

            CodeAction? fixAll;
            try
            {
                fixAll = await fixAllProvider.GetFixAsync(context).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new VerificationException($"Fix All in {scope} ({fixAllProvider.GetType().Name}) threw {e.GetType().Name}: {e.Message}", e);
            }

            if (fixAll is null)
            {
                throw new VerificationException($"Fix All in {scope} offered no action for equivalence key '{key}'.");
            }

            solution = await ApplyAsync(solution, fixAll, cancellationToken).ConfigureAwait(false);
            if (run + 1 < runs)
            {
                result = await AnalyzerRunner.RunAsync(solution.Project, analyzers, cancellationToken).ConfigureAwait(false);
            }
        }

        return solution;
    }

    /// <summary>Compares texts after normalising line endings; the failure shows a unified line diff per document.</summary>
    public static void VerifyTexts(string stage, IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var message = new StringBuilder();
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            var want = i < expected.Count ? Normalize(expected[i]) : string.Empty;
            var got = i < actual.Count ? Normalize(actual[i]) : string.Empty;
            if (!string.Equals(want, got, StringComparison.Ordinal))
            {
                message.AppendLine(CultureInfo.InvariantCulture, $"--- expected {TestWorkspace.PathOf(i)}");
                message.AppendLine(CultureInfo.InvariantCulture, $"+++ actual {TestWorkspace.PathOf(i)}");
                message.Append(LineDiff.Unified(want, got));
                message.AppendLine("Actual text:");
                message.AppendLine(got);
            }
        }

        if (message.Length > 0)
        {
            throw new VerificationException($"{stage}: the code after the fix differs from the expected code.{Environment.NewLine}{message}");
        }
    }

    public static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    internal static List<Diagnostic> FixableDiagnostics(TestSolution solution, AnalysisResult result, CodeFixProvider provider)
    {
        var fixable = provider.FixableDiagnosticIds.ToImmutableHashSet(StringComparer.Ordinal);
        var paths = solution.DocumentIds.Select((_, i) => TestWorkspace.PathOf(i)).ToImmutableHashSet(StringComparer.Ordinal);
        return result.AnalyzerDiagnostics
            .Where(d => !d.IsSuppressed && fixable.Contains(d.Id) && d.Location.IsInSource && paths.Contains(d.Location.SourceTree!.FilePath))
            .OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
    }

    private static async Task<(Diagnostic Diagnostic, CodeAction Action)?> ChooseAsync(
        TestSolution solution,
        AnalysisResult result,
        CodeFixProvider provider,
        ActionSelector selector,
        CancellationToken cancellationToken)
    {
        foreach (var diagnostic in FixableDiagnostics(solution, result, provider))
        {
            var actions = await GetActionsAsync(solution, diagnostic, provider, cancellationToken).ConfigureAwait(false);
            if (Select(actions, selector, diagnostic) is { } action)
            {
                if (!selector.AllowCompilationEndFixes && diagnostic.Descriptor.CustomTags.Contains("CompilationEnd"))
                {
                    throw new VerificationException(
                        $"A code action is offered for {DiagnosticMatcher.Describe(diagnostic)}, which is reported at compilation end "
                        + "(non-local): the IDE does not show it live, so the light bulb would never appear. Report from a local action, "
                        + "or set AllowCompilationEndFixes and say why in the rule's doc page.");
                }

                return (diagnostic, action);
            }
        }

        return null;
    }

    private static CodeAction? Select(IReadOnlyList<CodeAction> actions, ActionSelector selector, Diagnostic diagnostic)
    {
        var candidates = selector.EquivalenceKey is { } key
            ? actions.Where(a => string.Equals(a.EquivalenceKey, key, StringComparison.Ordinal)).ToList()
            : actions.ToList();
        if (selector.Index is { } index)
        {
            return index < candidates.Count ? candidates[index] : null;
        }

        if (candidates.Count > 1)
        {
            throw new VerificationException(
                $"Ambiguous code action for {DiagnosticMatcher.Describe(diagnostic)}: {candidates.Count} actions "
                + (selector.EquivalenceKey is null ? "are offered" : $"have equivalence key '{selector.EquivalenceKey}'")
                + $" ({DescribeActions(candidates)}). Set CodeActionEquivalenceKey or CodeActionIndex.");
        }

        return candidates.Count == 1 ? candidates[0] : null;
    }

    private static async Task<List<CodeAction>> GetActionsAsync(
        TestSolution solution,
        Diagnostic diagnostic,
        CodeFixProvider provider,
        CancellationToken cancellationToken)
    {
        var document = solution.Solution.GetDocument(diagnostic.Location.SourceTree)
            ?? throw new InvalidOperationException($"No document for {DiagnosticMatcher.Describe(diagnostic)}.");
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
        try
        {
            await provider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new VerificationException($"{provider.GetType().Name}.RegisterCodeFixesAsync threw {e.GetType().Name} for {DiagnosticMatcher.Describe(diagnostic)}: {e.Message}", e);
        }

        return actions;
    }

    /// <summary>
    /// Applies the action's single <see cref="ApplyChangesOperation"/>, runs <see cref="Simplifier"/> and
    /// <see cref="Formatter"/> on their annotations in every changed document, and checks that each changed tree
    /// re-parses from its text to an equivalent tree.
    /// </summary>
    private static async Task<TestSolution> ApplyAsync(TestSolution solution, CodeAction action, CancellationToken cancellationToken)
    {
        ImmutableArray<CodeActionOperation> operations;
        try
        {
            operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new VerificationException($"The code action '{action.Title}' threw {e.GetType().Name} while computing its changes: {e.Message}", e);
        }

        if (operations.Length != 1 || operations[0] is not ApplyChangesOperation apply)
        {
            throw new VerificationException(
                $"The code action '{action.Title}' must produce exactly one ApplyChangesOperation; it produced [{string.Join(", ", operations.Select(o => o.GetType().Name))}].");
        }

        var changed = apply.ChangedSolution;
        if (changed.GetProject(solution.ProjectId) is null || solution.DocumentIds.Any(id => changed.GetDocument(id) is null))
        {
            throw new VerificationException($"The code action '{action.Title}' removed a test document or the project.");
        }

        var changedDocuments = changed.GetChanges(solution.Solution).GetProjectChanges()
            .SelectMany(p => p.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true).Concat(p.GetAddedDocuments()))
            .ToList();
        foreach (var id in changedDocuments)
        {
            var document = changed.GetDocument(id)!;
            document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, optionSet: null, cancellationToken).ConfigureAwait(false);
            document = await Formatter.FormatAsync(document, Formatter.Annotation, options: null, cancellationToken).ConfigureAwait(false);
            changed = document.Project.Solution;

            var tree = (await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false))!;
            var reparsed = SyntaxFactory.ParseSyntaxTree(await tree.GetTextAsync(cancellationToken).ConfigureAwait(false), tree.Options, cancellationToken: cancellationToken);
            var normalized = new QualifiedNameInExpressionRewriter().Visit(await tree.GetRootAsync(cancellationToken).ConfigureAwait(false));
            if (!HaveSameStructure(normalized, await reparsed.GetRootAsync(cancellationToken).ConfigureAwait(false)))
            {
                throw new VerificationException(
                    $"The code action '{action.Title}' built a syntax tree for {document.FilePath} that does not re-parse to the same structure "
                    + "(a synthesized node prints as code that means something else, e.g. missing parentheses). Text:"
                    + Environment.NewLine + tree.GetText(cancellationToken));
            }
        }

        return solution.With(changed);
    }

    /// <summary>
    /// Compares two trees node by node and token by token (kinds, identifier values, literal texts, missing tokens).
    /// <see cref="SyntaxFactory.AreEquivalent(SyntaxTree, SyntaxTree, bool)"/> is not used: it compares internal slots,
    /// where a rewritten node may hold an empty list that the parser represents as no list at all, which is not a
    /// difference in the code.
    /// </summary>
    internal static bool HaveSameStructure(SyntaxNode expected, SyntaxNode actual)
    {
        var left = expected.DescendantNodesAndTokensAndSelf().GetEnumerator();
        var right = actual.DescendantNodesAndTokensAndSelf().GetEnumerator();
        while (true)
        {
            var hasLeft = left.MoveNext();
            var hasRight = right.MoveNext();
            if (hasLeft != hasRight)
                return false;
            if (!hasLeft)
                return true;
            var a = left.Current;
            var b = right.Current;
            if (a.RawKind != b.RawKind || a.IsToken != b.IsToken)
                return false;
            if (a.IsToken)
            {
                var ta = a.AsToken();
                var tb = b.AsToken();
                if (ta.IsMissing != tb.IsMissing || ta.Text != tb.Text)
                    return false;
            }
        }
    }

    private static string DescribeActions(IEnumerable<CodeAction> actions) =>
        string.Join("; ", actions.Select(a => $"'{a.Title}' (key '{a.EquivalenceKey ?? "null"}')"));

    private static string Join(IEnumerable<string> texts) => string.Join("\0", texts.Select(Normalize));

    /// <summary>
    /// The one benign difference the re-parse check must not report: a qualified type name (what
    /// <c>SyntaxGenerator.TypeExpression</c> builds) used as an expression, e.g. the receiver of
    /// <c>System.Text.Encoding.UTF8</c> when the simplifier could not shorten it. The parser reads the same text as
    /// member accesses; both bind identically.
    /// </summary>
    private sealed class QualifiedNameInExpressionRewriter : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitQualifiedName(QualifiedNameSyntax node) =>
            SyntaxFacts.IsInNamespaceOrTypeContext(node) ? base.VisitQualifiedName(node) : ToMemberAccess(node);

        private static ExpressionSyntax ToMemberAccess(NameSyntax name) => name is QualifiedNameSyntax qualified
            ? SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, ToMemberAccess(qualified.Left), qualified.DotToken, qualified.Right)
            : name;
    }

    /// <summary>Serves the diagnostics the verifier computed to a <see cref="FixAllContext"/>.</summary>
    private sealed class ComputedDiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public ComputedDiagnosticProvider(IEnumerable<Diagnostic> diagnostics) => _diagnostics = diagnostics.ToImmutableArray();

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics.Where(d => string.Equals(d.Location.SourceTree?.FilePath, document.FilePath, StringComparison.Ordinal)).ToList());

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics.Where(d => !d.Location.IsInSource).ToList());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);
    }
}

/// <summary>A small unified line diff (LCS), enough for test failure messages.</summary>
internal static class LineDiff
{
    public static string Unified(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var output = new StringBuilder();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                output.Append("  ").AppendLine(a[x]);
                x++;
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                output.Append("+ ").AppendLine(b[y]);
                y++;
            }
            else
            {
                output.Append("- ").AppendLine(a[x]);
                x++;
            }
        }

        return output.ToString();
    }
}
