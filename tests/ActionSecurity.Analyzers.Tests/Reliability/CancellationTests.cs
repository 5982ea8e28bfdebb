using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.Tests.Meta;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace ActionSecurity.Analyzers.Tests.Reliability;

/// <summary>
/// Cancelling mid-run ends the work promptly with <see cref="OperationCanceledException"/>: the analyzers over a large
/// generated input (what the IDE does on every keystroke), and each fix provider's Fix All over every diagnostic of it
/// (what <c>dotnet format</c> and the light bulb's "Fix all" do). A callback that loops without looking at its
/// token shows up here as a late cancellation.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class CancellationTests(ITestOutputHelper output)
{
    /// <summary>Generous for a loaded CI machine; an analyzer that ignores its token over this input takes far longer.</summary>
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    private const int Modules = 150;

    private static readonly Lazy<string> Source = new(() => LargeInput.Generate(Modules));

    [Fact]
    public async Task Analyzers_stop_promptly_when_cancelled_mid_run()
    {
        using var projects = new WarmProjects();
        var solution = projects.Create(new[] { Source.Value }, includeImplicitUsings: false);
        var compilation = (await solution.Project.GetCompilationAsync())!;
        using var cancellation = new CancellationTokenSource();
        var stopwatch = new Stopwatch();

        // The tripwire cancels from inside its own callback once it has seen enough invocations that the rules are in the
        // middle of their work: the run cannot have finished first (the callback is still running), whatever the machine
        // and however the driver schedules the methods. (Holding one callback until a cancel from outside, as before,
        // could see no other invocation at all when the held one's method held the rest of the file.)
        var tripwire = new TripwireAnalyzer(Threshold, () =>
        {
            stopwatch.Start();
            cancellation.Cancel();
        });
        var analyzers = RobustnessTests.Analyzers().Add(tripwire);
        var options = new CompilationWithAnalyzersOptions(
            solution.Project.AnalyzerOptions, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false);
        var run = compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(cancellation.Token);

        var outcome = await Outcome(run);
        output.WriteLine($"{Source.Value.Length / 1024} KB, {Modules} modules, {analyzers.Length - 1} analyzers: {outcome} {stopwatch.ElapsedMilliseconds} ms after Cancel(), {tripwire.Seen} invocations seen");
        Assert.True(stopwatch.IsRunning, $"analysis finished after {tripwire.Seen} invocations, before the tripwire's {Threshold}th: the input is too small");
        Assert.Equal(nameof(OperationCanceledException), outcome);
        Assert.True(stopwatch.Elapsed < Prompt, $"cancellation took {stopwatch.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Invocations the tripwire sees before it cancels: a few hundred of the input's thousands.</summary>
    private const int Threshold = 300;

    public static IEnumerable<object[]> FixProviders() => RuleCatalog.CodeFixTypes.Select(t => new object[] { t.Name });

    [Theory]
    [MemberData(nameof(FixProviders))]
    public async Task Fix_all_stops_promptly_when_cancelled_mid_run(string providerName)
    {
        var provider = RuleCatalog.CreateCodeFixes().Single(p => p.GetType().Name == providerName);
        using var projects = new WarmProjects();
        var solution = projects.Create(new[] { Source.Value }, includeImplicitUsings: false);
        var faults = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var diagnostics = (await RobustnessChecks.AnalyzeAsync(solution, RobustnessTests.Analyzers(), faults, default))
            .Where(d => provider.FixableDiagnosticIds.Contains(d.Id))
            .ToList();
        Assert.Empty(faults);
        var fixAllProvider = provider.GetFixAllProvider();
        var document = solution.Solution.GetDocument(solution.DocumentIds[0])!;
        CodeAction? trigger = null;
        foreach (var diagnostic in diagnostics)
        {
            var actions = new List<CodeAction>();
            await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), default));
            if (actions.Count > 0)
            {
                trigger = actions[0];
                break;
            }
        }

        if (fixAllProvider is null || trigger is null)
        {
            // Nothing long-running to cancel: a rule that offers no fix on this input, or no Fix All. Said, not hidden.
            output.WriteLine($"{providerName}: {diagnostics.Count} fixable diagnostics, {(trigger is null ? "no action offered" : "no FixAllProvider")}; nothing to cancel");
            return;
        }

        using var cancellation = new CancellationTokenSource();
        var context = new FixAllContext(
            document, provider, FixAllScope.Document, trigger.EquivalenceKey, provider.FixableDiagnosticIds, new FixedDiagnostics(diagnostics), cancellation.Token);
        var run = Task.Run(async () =>
        {
            var fixAll = await fixAllProvider.GetFixAsync(context).ConfigureAwait(false);
            return fixAll is null ? ImmutableArray<CodeActionOperation>.Empty : await fixAll.GetOperationsAsync(cancellation.Token).ConfigureAwait(false);
        });

        await Task.WhenAny(run, Task.Delay(200));
        if (run.IsCompleted)
        {
            output.WriteLine($"{providerName}: Fix All over {diagnostics.Count} diagnostics finished within 200 ms ({await Outcome(run)}); nothing left to cancel");
            return;
        }

        var stopwatch = Stopwatch.StartNew();
        cancellation.Cancel();
        var outcome = await Outcome(run);
        output.WriteLine($"{providerName}: Fix All over {diagnostics.Count} diagnostics: {outcome} {stopwatch.ElapsedMilliseconds} ms after Cancel()");
        Assert.Equal(nameof(OperationCanceledException), outcome);
        Assert.True(stopwatch.Elapsed < Prompt, $"cancellation took {stopwatch.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// How a cancelled run ended: <c>OperationCanceledException</c> (also for <see cref="TaskCanceledException"/>), "completed"
    /// (the token was ignored to the end), the name of another exception, or "HANG" when it did not end within a minute.
    /// </summary>
    private static async Task<string> Outcome(Task run)
    {
        if (await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(1))) != run)
        {
            return "HANG";
        }

        try
        {
            await run;
            return "completed";
        }
        catch (OperationCanceledException)
        {
            return nameof(OperationCanceledException);
        }
        catch (Exception e)
        {
            return e.GetType().Name + ": " + e.Message;
        }
    }

    /// <summary>
    /// Reports nothing. At its first operation callback (analysis is under way) it completes <see cref="Started"/> and
    /// then holds that callback until the run is cancelled, so the run cannot finish before <c>Cancel()</c> however fast
    /// the rules are on the machine; the rules' own callbacks go on meanwhile on other threads. What the test then times
    /// is how long the rules' callbacks in flight take to stop.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class TripwireAnalyzer(int threshold, Action cancel) : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("TEST0950", "Tripwire", "Tripwire", "Test", DiagnosticSeverity.Hidden, true);

        private int seen;

        /// <summary>Invocations seen so far, on any thread.</summary>
        public int Seen => Volatile.Read(ref seen);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationAction(
                operation =>
                {
                    if (Interlocked.Increment(ref seen) == threshold)
                        cancel();
                    operation.CancellationToken.ThrowIfCancellationRequested();
                },
                OperationKind.Invocation);
        }
    }

    private sealed class FixedDiagnostics(IReadOnlyList<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath).ToList());

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(Array.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
