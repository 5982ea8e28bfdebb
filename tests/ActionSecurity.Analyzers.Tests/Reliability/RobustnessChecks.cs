using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace ActionSecurity.Analyzers.Tests.Reliability;

/// <summary>What one robustness run over one input found. <see cref="Faults"/> empty means it passed.</summary>
internal sealed record RobustnessResult(
    string Name,
    int Diagnostics,
    int FixRegistrations,
    int ActionsComputed,
    TimeSpan Elapsed,
    bool TimedOut,
    ImmutableArray<string> Faults);

/// <summary>What the fix-soundness check over one input found. <see cref="Faults"/> empty means every fix compiled.</summary>
internal sealed record SoundnessResult(string Name, int Diagnostics, int FixesChecked, ImmutableArray<string> Faults);

/// <summary>
/// The checking functions of the reliability suite. The tests run them over the real rules; the deliberate-fault tests
/// run them over test-only broken analyzers and fixers and assert they report the fault, which proves they can fail.
/// </summary>
internal static class RobustnessChecks
{
    /// <summary>Generous: a hang detector, not a benchmark. A mutant is a small file; the slowest seen is printed.</summary>
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Runs every analyzer with concurrent execution (as the compiler does) and records analyzer exceptions
    /// (<c>onAnalyzerException</c> and AD0001); then, for every reported diagnostic in a test document, asks every provider that
    /// can fix its id to register fixes, and computes the first action's operations, recording exceptions. When the whole run
    /// takes longer than <paramref name="bound"/> it is abandoned (cancelled) and reported as a hang.
    /// </summary>
    public static async Task<RobustnessResult> RunAsync(
        WarmProjects projects,
        string name,
        IReadOnlyList<string> sources,
        bool includeImplicitUsings,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        ImmutableArray<CodeFixProvider> providers,
        TimeSpan bound)
    {
        using var cancellation = new CancellationTokenSource();
        var faults = new ConcurrentQueue<string>();
        var counts = new int[3];
        var stopwatch = Stopwatch.StartNew();
        var work = Task.Run(() => RunCoreAsync(projects.Create(sources, includeImplicitUsings), analyzers, providers, faults, counts, cancellation.Token));
        var finished = await Task.WhenAny(work, Task.Delay(bound)).ConfigureAwait(false) == work;
        stopwatch.Stop();
        if (!finished)
        {
            cancellation.Cancel();
            faults.Enqueue($"HANG: did not finish within {bound.TotalSeconds:0} s (abandoned and cancelled).");
            _ = work.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }
        else if (work.Exception is { } exception)
        {
            faults.Enqueue("The harness itself failed: " + exception.GetBaseException());
        }

        return new RobustnessResult(name, counts[0], counts[1], counts[2], stopwatch.Elapsed, !finished, faults.ToImmutableArray());
    }

    private static async Task RunCoreAsync(
        TestSolution solution,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        ImmutableArray<CodeFixProvider> providers,
        ConcurrentQueue<string> faults,
        int[] counts,
        CancellationToken cancellationToken)
    {
        var diagnostics = await AnalyzeAsync(solution, analyzers, faults, cancellationToken).ConfigureAwait(false);
        counts[0] = diagnostics.Length;
        foreach (var diagnostic in diagnostics)
        {
            var document = solution.Solution.GetDocument(diagnostic.Location.SourceTree);
            if (document is null)
            {
                continue;
            }

            foreach (var provider in providers.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var actions = await RegisterAsync(provider, document, diagnostic, faults, cancellationToken).ConfigureAwait(false);
                counts[1]++;
                if (actions.Count == 0)
                {
                    continue;
                }

                try
                {
                    await actions[0].GetOperationsAsync(cancellationToken).ConfigureAwait(false);
                    counts[2]++;
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    faults.Enqueue($"FIX ACTION: '{actions[0].Title}' of {provider.GetType().Name} threw {e.GetType().Name} computing its operations for {Describe(diagnostic)}: {e.Message}{Environment.NewLine}{e.StackTrace}");
                }
            }
        }
    }

    /// <summary>Analyzer diagnostics in source (AD0001 excluded: it becomes a fault), after recording every analyzer exception as a fault.</summary>
    public static Task<ImmutableArray<Diagnostic>> AnalyzeAsync(
        TestSolution solution,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        ConcurrentQueue<string> faults,
        CancellationToken cancellationToken)
        => AnalyzeAsync(solution.Project, analyzers, faults, cancellationToken);

    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(
        Project project,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        ConcurrentQueue<string> faults,
        CancellationToken cancellationToken)
    {
        var compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
        if (!compilation.Options.SpecificDiagnosticOptions.TryGetValue("AD0001", out var ad0001Option) || ad0001Option != ReportDiagnostic.Error)
        {
            compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
                compilation.Options.SpecificDiagnosticOptions.SetItem("AD0001", ReportDiagnostic.Error)));
        }
        var options = new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions,
            onAnalyzerException: (exception, analyzer, _) => faults.Enqueue(
                $"ANALYZER: {analyzer.GetType().Name} threw {exception.GetType().Name}: {exception.Message}{Environment.NewLine}{exception.StackTrace}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var all = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var ad0001 in all.Where(d => d.Id == "AD0001"))
        {
            faults.Enqueue("AD0001: " + ad0001.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }

        return all.Where(d => d.Id != "AD0001" && d.Location.IsInSource)
            .OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    private static async Task<List<CodeAction>> RegisterAsync(
        CodeFixProvider provider,
        Document document,
        Diagnostic diagnostic,
        ConcurrentQueue<string> faults,
        CancellationToken cancellationToken)
    {
        var actions = new List<CodeAction>();
        try
        {
            await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), cancellationToken)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            faults.Enqueue($"FIX PROVIDER: {provider.GetType().Name}.RegisterCodeFixesAsync threw {e.GetType().Name} for {Describe(diagnostic)}: {e.Message}{Environment.NewLine}{e.StackTrace}");
        }

        return actions;
    }

    /// <summary>
    /// Applies every action every provider offers for every analyzer diagnostic of the input, each on the original code
    /// (with the clean-up the IDE runs), and compiles the result: a compiler error that the
    /// input did not have is a fault. Errors are compared as a multiset of (id, message), so errors the input already had
    /// (a test that declares <c>{|CS0103:…|}</c>, an input that needs a companion file) are not blamed on the fix.
    /// </summary>
    public static async Task<SoundnessResult> CheckFixesAsync(
        WarmProjects projects,
        string name,
        IReadOnlyList<string> sources,
        bool includeImplicitUsings,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        ImmutableArray<CodeFixProvider> providers,
        CancellationToken cancellationToken)
    {
        var faults = new ConcurrentQueue<string>();
        var solution = projects.Create(sources, includeImplicitUsings);
        var diagnostics = await AnalyzeAsync(solution, analyzers, faults, cancellationToken).ConfigureAwait(false);
        var fixable = diagnostics.Where(d => providers.Any(p => p.FixableDiagnosticIds.Contains(d.Id))).ToList();
        if (fixable.Count == 0)
        {
            return new SoundnessResult(name, diagnostics.Length, 0, faults.ToImmutableArray());
        }

        var before = ErrorCounts(await CompileAsync(solution.Solution, solution.ProjectId, cancellationToken).ConfigureAwait(false));
        var checkedFixes = 0;
        foreach (var diagnostic in fixable)
        {
            var document = solution.Solution.GetDocument(diagnostic.Location.SourceTree);
            if (document is null || !solution.DocumentIds.Contains(document.Id))
            {
                continue;
            }

            foreach (var provider in providers.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                foreach (var action in await RegisterAsync(provider, document, diagnostic, faults, cancellationToken).ConfigureAwait(false))
                {
                    Solution changed;
                    try
                    {
                        changed = await ApplyAsync(action, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        faults.Enqueue($"FIX ACTION: '{action.Title}' of {provider.GetType().Name} for {Describe(diagnostic)} threw {e.GetType().Name}: {e.Message}{Environment.NewLine}{e.StackTrace}");
                        continue;
                    }

                    checkedFixes++;
                    var compilation = await CompileAsync(changed, solution.ProjectId, cancellationToken).ConfigureAwait(false);
                    var after = compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                    var remaining = new Dictionary<string, int>(before, StringComparer.Ordinal);
                    var added = new List<Diagnostic>();
                    foreach (var error in after)
                    {
                        var key = Key(error);
                        if (remaining.TryGetValue(key, out var n) && n > 0)
                        {
                            remaining[key] = n - 1;
                        }
                        else
                        {
                            added.Add(error);
                        }
                    }

                    // Fixes compose: the output raises no AS diagnostic that the input did not have (one pass of
                    // `dotnet format` must reach the end state, and the next build must not report what a fix wrote).
                    var raised = Raised(diagnostics, await AnalyzeAsync(changed.GetProject(solution.ProjectId)!, analyzers, faults, cancellationToken).ConfigureAwait(false));
                    if (raised.Count > 0)
                    {
                        var fixedText = (await changed.GetDocument(document.Id)!.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString();
                        faults.Enqueue(
                            $"FIX RAISES ANOTHER DIAGNOSTIC: '{action.Title}' (key '{action.EquivalenceKey}') of {provider.GetType().Name} for {Describe(diagnostic)} "
                            + $"writes code that raises {raised.Count} AS diagnostic(s) the input did not have:{Environment.NewLine}"
                            + string.Join(Environment.NewLine, raised.Select(d => "  " + d))
                            + $"{Environment.NewLine}Fixed {document.FilePath}:{Environment.NewLine}{fixedText}");
                    }

                    if (added.Count > 0)
                    {
                        var fixedText = (await changed.GetDocument(document.Id)!.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString();
                        faults.Enqueue(
                            $"BROKEN FIX: '{action.Title}' (key '{action.EquivalenceKey}') of {provider.GetType().Name} for {Describe(diagnostic)} "
                            + $"introduces {added.Count} compiler error(s):{Environment.NewLine}"
                            + string.Join(Environment.NewLine, added.Select(d => "  " + d))
                            + $"{Environment.NewLine}Fixed {document.FilePath}:{Environment.NewLine}{fixedText}");
                    }
                }
            }
        }

        return new SoundnessResult(name, diagnostics.Length, checkedFixes, faults.ToImmutableArray());
    }

    /// <summary>
    /// The diagnostics of <paramref name="after"/> beyond those of <paramref name="before"/>, counted per file and rule
    /// family (spans move with the edit). AS0003 and AS0006 are one family: one fix answers both, and a secret-store read
    /// the AS0001 fix writes into a comparison AS0003 already reports is what makes AS0006 apply to it too.
    /// </summary>
    internal static List<Diagnostic> Raised(ImmutableArray<Diagnostic> before, ImmutableArray<Diagnostic> after)
    {
        static string Family(Diagnostic d) => (d.Id == "AS0006" ? "AS0003" : d.Id) + "|" + d.Location.SourceTree?.FilePath;
        static Dictionary<string, List<Diagnostic>> Group(ImmutableArray<Diagnostic> diagnostics)
        {
            var groups = new Dictionary<string, List<Diagnostic>>(StringComparer.Ordinal);
            var spans = new HashSet<(string, Microsoft.CodeAnalysis.Text.TextSpan)>();
            foreach (var d in diagnostics.Where(d => d.Id.StartsWith("AS", StringComparison.Ordinal)))
            {
                var family = Family(d);
                if (!spans.Add((family, d.Location.SourceSpan)))
                    continue;
                if (!groups.TryGetValue(family, out var list))
                    groups[family] = list = new List<Diagnostic>();
                list.Add(d);
            }

            return groups;
        }

        var previous = Group(before);
        var raised = new List<Diagnostic>();
        foreach (var (family, list) in Group(after))
        {
            var had = previous.TryGetValue(family, out var old) ? old.Count : 0;
            if (list.Count > had)
                raised.AddRange(list.Skip(had));
        }

        return raised;
    }

    /// <summary>
    /// The solution after the action's single <see cref="ApplyChangesOperation"/>. <see cref="CodeAction.GetOperationsAsync(CancellationToken)"/>
    /// has already run the clean-up the IDE runs (Simplifier and Formatter on their annotations).
    /// </summary>
    private static async Task<Solution> ApplyAsync(CodeAction action, CancellationToken cancellationToken)
    {
        var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        var apply = operations.OfType<ApplyChangesOperation>().SingleOrDefault()
            ?? throw new InvalidOperationException($"the action produced no single ApplyChangesOperation ({string.Join(", ", operations.Select(o => o.GetType().Name))})");
        return apply.ChangedSolution;
    }

    private static async Task<Compilation> CompileAsync(Solution solution, ProjectId projectId, CancellationToken cancellationToken) =>
        (await solution.GetProject(projectId)!.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;

    private static Dictionary<string, int> ErrorCounts(Compilation compilation)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var error in compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            var key = Key(error);
            counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;
        }

        return counts;
    }

    private static string Key(Diagnostic diagnostic) => diagnostic.Id + ": " + diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    internal static string Describe(Diagnostic diagnostic)
    {
        var line = diagnostic.Location.GetLineSpan();
        return $"{diagnostic.Id} at {line.Path}({line.StartLinePosition.Line + 1},{line.StartLinePosition.Character + 1})";
    }
}

/// <summary>
/// Test projects derived from two warm base projects (with and without the Web SDK's implicit usings) whose compilations
/// are computed once. Adding documents to a solution whose compilation exists makes the new compilation incrementally
/// (<c>AddSyntaxTrees</c>), which shares the base's bound references; a fresh project per input would bind the ~250
/// reference-pack assemblies again each time and cost ten times more.
/// </summary>
internal sealed class WarmProjects : IDisposable
{
    private readonly TestWorkspace _workspace;
    private readonly TestSolution _plain;
    private readonly TestSolution _withImplicitUsings;
    private readonly Compilation[] _keepAlive;

    /// <param name="editorConfig">Bare <c>key = value</c> lines for every project's <c>/.editorconfig</c> (under <c>[*.cs]</c>), or null for none.</param>
    public WarmProjects(string? editorConfig = null)
    {
        _workspace = new TestWorkspace();
        _plain = Warm(_workspace.CreateSolution(Settings(false, editorConfig), Array.Empty<string>()));
        _withImplicitUsings = Warm(_workspace.CreateSolution(Settings(true, editorConfig), Array.Empty<string>()));
        _keepAlive = new[] { Compile(_plain), Compile(_withImplicitUsings) };
        foreach (var compilation in _keepAlive)
        {
            // Bind the references now, once: every derived compilation shares them.
            _ = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpRequest");
        }

        static Compilation Compile(TestSolution solution) => solution.Project.GetCompilationAsync().GetAwaiter().GetResult()!;
    }

    public static ProjectSettings Settings(bool includeImplicitUsings, string? editorConfig = null) => new(
        ReferenceSets.Get(ReferenceSet.Default),
        LanguageVersion.Latest,
        NullableContextOptions.Disable,
        OutputKind: OutputKind.DynamicallyLinkedLibrary,
        editorConfig,
        includeImplicitUsings);

    /// <summary>AD0001 is an error in every derived project, as in the verifier.</summary>
    private static TestSolution Warm(TestSolution solution)
    {
        var options = solution.Project.CompilationOptions!;
        return solution.With(solution.Solution.WithProjectCompilationOptions(
            solution.ProjectId,
            options.WithSpecificDiagnosticOptions(options.SpecificDiagnosticOptions.SetItem("AD0001", ReportDiagnostic.Error))));
    }

    /// <summary>A project with <paramref name="sources"/> as <c>/0/Test0.cs</c>…; a console application when one has top-level statements.</summary>
    public TestSolution Create(IReadOnlyList<string> sources, bool includeImplicitUsings)
    {
        var baseSolution = includeImplicitUsings ? _withImplicitUsings : _plain;
        var solution = baseSolution.Solution;
        var projectId = baseSolution.ProjectId;
        var parseOptions = (CSharpParseOptions)baseSolution.Project.ParseOptions!;
        var ids = ImmutableArray.CreateBuilder<DocumentId>(sources.Count);
        var topLevel = false;
        for (var i = 0; i < sources.Count; i++)
        {
            var path = TestWorkspace.PathOf(i);
            var id = DocumentId.CreateNewId(projectId, path);
            topLevel |= sources[i].Contains(';', StringComparison.Ordinal)
                && CSharpSyntaxTree.ParseText(sources[i], parseOptions).GetCompilationUnitRoot().Members.Any(m => m is GlobalStatementSyntax);
            solution = solution.AddDocument(DocumentInfo.Create(
                id,
                $"Test{i}.cs",
                loader: TextLoader.From(TextAndVersion.Create(SourceText.From(sources[i]), VersionStamp.Create(), path)),
                filePath: path));
            ids.Add(id);
        }

        if (topLevel)
        {
            var options = solution.GetProject(projectId)!.CompilationOptions!;
            solution = solution.WithProjectCompilationOptions(projectId, options.WithOutputKind(OutputKind.ConsoleApplication));
        }

        return new TestSolution(solution, projectId, ids.ToImmutable());
    }

    public void Dispose()
    {
        GC.KeepAlive(_keepAlive);
        _workspace.Dispose();
    }
}
