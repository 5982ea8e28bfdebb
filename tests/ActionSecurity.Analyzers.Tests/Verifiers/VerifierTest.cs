using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActionSecurity.Analyzers.Tests.Verifiers;

/// <summary>
/// The settings and analyzer checks shared by <see cref="CSharpAnalyzerVerifier{TAnalyzer}.Test"/> and
/// <see cref="CSharpCodeFixVerifier{TAnalyzer, TCodeFix}.Test"/>. <see cref="RunAsync"/> enforces:
/// <list type="number">
/// <item>the input compiles: compiler errors not written in markup fail, and so do warnings outside <see cref="AllowedCompilerWarnings"/>;</item>
/// <item>the analyzer diagnostics equal the expectations (markup + <see cref="ExpectedDiagnostics"/>), best fit, in any order;</item>
/// <item><c>[| |]</c> and <c>Diagnostic()</c> are rejected when the analyzer supports more than one descriptor;</item>
/// <item>when diagnostics are expected: with <c>#pragma warning disable</c> of every supported id no diagnostic is left
/// unsuppressed, and, unless the analyzer asked to report in generated code, a <c>// &lt;auto-generated/&gt;</c> header silences it.</item>
/// </list>
/// </summary>
public abstract class VerifierTest
{
    /// <summary>
    /// Compiler warnings a test input may have without saying so (unused locals, fields and functions, unreachable code,
    /// async without await, unnecessary usings): test snippets are small and often incomplete in these ways. Everything
    /// else a compiler reports at warning or error level fails the test unless it is in markup or <see cref="AllowedCompilerDiagnostics"/>.
    /// </summary>
    public static readonly ImmutableHashSet<string> AllowedCompilerWarnings = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "CS0162", // unreachable code detected
        "CS0168", // variable declared but never used
        "CS0169", // field never used
        "CS0219", // variable assigned but its value never used
        "CS0414", // field assigned but its value never used
        "CS0649", // field never assigned
        "CS1998", // async method lacks await
        "CS8019", // unnecessary using directive
        "CS8321"); // local function declared but never used

    /// <summary>The first document, <c>/0/Test0.cs</c>, with markup.</summary>
    public string TestCode { get; set; } = string.Empty;

    /// <summary>More documents, <c>/0/Test1.cs</c>, <c>/0/Test2.cs</c>, …, with markup.</summary>
    public List<string> Sources { get; } = new();

    /// <summary>Expectations beyond markup, typically <c>Diagnostic(id).WithLocation(0).WithArguments(…)</c>.</summary>
    public List<ExpectedDiagnostic> ExpectedDiagnostics { get; } = new();

    /// <summary>Text of <c>/.editorconfig</c>. Bare <c>key = value</c> lines are put under <c>root = true</c> and <c>[*.cs]</c>.</summary>
    public string? EditorConfig { get; set; }

    /// <summary>Which frameworks the input compiles against (the .NET reference pack is always there).</summary>
    public ReferenceSet References { get; set; } = ReferenceSet.Default;

    public List<MetadataReference> AdditionalReferences { get; } = new();

    /// <summary>Defaults to the newest C# the referenced Roslyn knows.</summary>
    public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Latest;

    public NullableContextOptions NullableContextOptions { get; set; } = NullableContextOptions.Disable;

    /// <summary>Null: a console application when any document has top-level statements, otherwise a library.</summary>
    public OutputKind? OutputKind { get; set; }

    /// <summary>Adds <c>/0/GlobalUsings.cs</c> with the implicit usings of Microsoft.NET.Sdk.Web.</summary>
    public bool IncludeImplicitUsings { get; set; }

    /// <summary>Compiler diagnostic ids (any severity) that are ignored unless expected.</summary>
    public List<string> AllowedCompilerDiagnostics { get; } = new();

    public bool SkipSuppressionCheck { get; set; }

    public bool SkipGeneratedCodeCheck { get; set; }

    public abstract Task RunAsync(CancellationToken cancellationToken = default);

    internal abstract ImmutableArray<DiagnosticAnalyzer> CreateAnalyzers();

    internal ImmutableArray<string> AllMarkupSources => Sources.Prepend(TestCode).ToImmutableArray();

    internal ProjectSettings CreateProjectSettings() => new(
        ReferenceSets.Get(References).AddRange(AdditionalReferences),
        LanguageVersion,
        NullableContextOptions,
        OutputKind,
        EditorConfig,
        IncludeImplicitUsings);

    /// <summary>Parses, compiles and analyses the input; checks 1–4 above. Returns the analysed initial state.</summary>
    internal async Task<(TestSolution Solution, AnalysisResult Result, ImmutableArray<string> Texts)> VerifyInputAsync(
        TestWorkspace workspace,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        CancellationToken cancellationToken)
    {
        var settings = CreateProjectSettings();
        var (texts, expected) = ResolveExpectations(AllMarkupSources, ExpectedDiagnostics, analyzers);
        var solution = workspace.CreateSolution(settings, texts);
        var result = await VerifyDiagnosticsAsync("TestCode", solution, texts, expected, analyzers, cancellationToken).ConfigureAwait(false);

        var supported = SupportedIds(analyzers);
        if (expected.Any(e => supported.Contains(e.Id!)))
        {
            if (!SkipSuppressionCheck)
            {
                await VerifySuppressionPassAsync(workspace, settings, texts, analyzers, supported, cancellationToken).ConfigureAwait(false);
            }

            if (!SkipGeneratedCodeCheck && analyzers.All(a => !AnalyzerRunner.GetGeneratedCodeAnalysisFlags(a).HasFlag(GeneratedCodeAnalysisFlags.ReportDiagnostics)))
            {
                await VerifyGeneratedCodePassAsync(workspace, settings, texts, analyzers, cancellationToken).ConfigureAwait(false);
            }
        }

        return (solution, result, texts);
    }

    /// <summary>Analyses <paramref name="solution"/> and matches compiler + analyzer diagnostics to <paramref name="expected"/>.</summary>
    internal async Task<AnalysisResult> VerifyDiagnosticsAsync(
        string stage,
        TestSolution solution,
        IReadOnlyList<string> texts,
        IReadOnlyList<ExpectedDiagnostic> expected,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        CancellationToken cancellationToken)
    {
        var result = await AnalyzerRunner.RunAsync(solution.Project, analyzers, cancellationToken).ConfigureAwait(false);
        var expectedIds = expected.Select(e => e.Id!).ToImmutableHashSet(StringComparer.Ordinal);
        var relevant = RelevantDiagnostics(result, expectedIds);
        var documents = texts.Select((t, i) => new DocumentText(TestWorkspace.PathOf(i), t)).ToList();
        DiagnosticMatcher.Verify(stage, documents, expected, relevant, DefaultId(analyzers));
        return result;
    }

    /// <summary>Analyzer diagnostics that are not suppressed, plus compiler errors and warnings that matter here.</summary>
    internal List<Diagnostic> RelevantDiagnostics(AnalysisResult result, ImmutableHashSet<string> expectedIds)
    {
        var allowed = AllowedCompilerDiagnostics.ToImmutableHashSet(StringComparer.Ordinal);
        var compiler = result.CompilerDiagnostics.Where(d =>
            expectedIds.Contains(d.Id)
            || (!allowed.Contains(d.Id)
                && (d.Severity == DiagnosticSeverity.Error
                    || (d.Severity == DiagnosticSeverity.Warning && !d.IsSuppressed && !AllowedCompilerWarnings.Contains(d.Id)))));
        var analyzer = result.AnalyzerDiagnostics.Where(d => !d.IsSuppressed);
        return compiler.Concat(analyzer)
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Strips markup from every source and turns it and <paramref name="explicitExpected"/> into located expectations
    /// with resolved ids. <c>[| |]</c>, <c>Diagnostic()</c> and expectations without id need an analyzer with exactly one
    /// descriptor. Every <c>{|#n:…|}</c> must be used by an expectation and every <c>WithLocation(n)</c> must exist.
    /// </summary>
    internal static (ImmutableArray<string> Texts, List<ExpectedDiagnostic> Expected) ResolveExpectations(
        IReadOnlyList<string> markupSources,
        IEnumerable<ExpectedDiagnostic> explicitExpected,
        ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var defaultId = DefaultId(analyzers);
        var texts = ImmutableArray.CreateBuilder<string>();
        var expected = new List<ExpectedDiagnostic>();
        var locations = new Dictionary<int, (string Path, Microsoft.CodeAnalysis.Text.TextSpan Span)>();
        for (var i = 0; i < markupSources.Count; i++)
        {
            var parsed = TestMarkup.Parse(markupSources[i]);
            texts.Add(parsed.Text);
            var path = TestWorkspace.PathOf(i);
            foreach (var span in parsed.Spans)
            {
                if (span.LocationIndex is { } index)
                {
                    if (!locations.TryAdd(index, (path, span.Span)))
                    {
                        throw new InvalidOperationException($"Markup location {{|#{index}:…|}} is defined twice.");
                    }
                }
                else
                {
                    var id = span.Id ?? defaultId ?? throw DefaultIdNotAvailable(analyzers, "[| |]");
                    expected.Add(ExpectedDiagnostic.Create(FindDescriptor(analyzers, id)?.Id ?? id).WithSpan(path, span.Span));
                }
            }
        }

        var used = new HashSet<int>();
        foreach (var e in explicitExpected)
        {
            var resolved = e.Id is null ? e.WithId(defaultId ?? throw DefaultIdNotAvailable(analyzers, "Diagnostic()")) : e;
            if (resolved.LocationIndex is { } index)
            {
                if (!locations.TryGetValue(index, out var location))
                {
                    throw new InvalidOperationException($"{resolved} refers to markup location #{index}, but no source has {{|#{index}:…|}}.");
                }

                used.Add(index);
                resolved = resolved.WithSpan(location.Path, location.Span);
            }

            expected.Add(resolved);
        }

        var unused = locations.Keys.Where(k => !used.Contains(k)).OrderBy(k => k).ToList();
        if (unused.Count > 0)
        {
            throw new InvalidOperationException(
                $"Markup location(s) {string.Join(", ", unused.Select(k => "#" + k))} are not used by any expected diagnostic; add Diagnostic(…).WithLocation(n).");
        }

        return (texts.ToImmutable(), expected);
    }

    internal static string? DefaultId(ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var ids = SupportedIds(analyzers);
        return ids.Count == 1 ? ids.Single() : null;
    }

    internal static ImmutableHashSet<string> SupportedIds(ImmutableArray<DiagnosticAnalyzer> analyzers) =>
        analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToImmutableHashSet(StringComparer.Ordinal);

    internal static DiagnosticDescriptor? FindDescriptor(ImmutableArray<DiagnosticAnalyzer> analyzers, string id) =>
        analyzers.SelectMany(a => a.SupportedDiagnostics).FirstOrDefault(d => d.Id == id);

    internal static InvalidOperationException DefaultIdNotAvailable(ImmutableArray<DiagnosticAnalyzer> analyzers, string what)
    {
        var ids = SupportedIds(analyzers).OrderBy(i => i, StringComparer.Ordinal).ToList();
        return new InvalidOperationException(
            $"{what} expects the analyzer's only diagnostic, but {string.Join(", ", analyzers.Select(a => a.GetType().Name))} supports "
            + $"{ids.Count} ({string.Join(", ", ids)}). Name the id: {{|{ids.FirstOrDefault() ?? "ID"}:…|}} or Diagnostic(\"{ids.FirstOrDefault() ?? "ID"}\").");
    }

    private async Task VerifySuppressionPassAsync(
        TestWorkspace workspace,
        ProjectSettings settings,
        ImmutableArray<string> texts,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        ImmutableHashSet<string> supported,
        CancellationToken cancellationToken)
    {
        // The test's own "#pragma warning restore" would re-enable the ids below the header; turn it into a disable
        // (same length, same lines) so the pass asks only whether the analyzer's diagnostics can be suppressed at all.
        var pragma = "#pragma warning disable " + string.Join(", ", supported.OrderBy(i => i, StringComparer.Ordinal)) + "\n";
        var suppressed = texts
            .Select(t => pragma + System.Text.RegularExpressions.Regex.Replace(t, @"(#\s*pragma\s+warning\s+)restore\b", "$1disable"))
            .ToImmutableArray();
        var solution = workspace.CreateSolution(settings, suppressed);
        var result = await AnalyzerRunner.RunAsync(solution.Project, analyzers, cancellationToken).ConfigureAwait(false);
        var leaked = result.AnalyzerDiagnostics.Where(d => !d.IsSuppressed).ToList();
        if (leaked.Count > 0)
        {
            throw new VerificationException(
                $"Suppression check: with '{pragma.TrimEnd()}' at the top of every document, diagnostics are still reported unsuppressed"
                + " (report through the context with the real location, not Location.None or another tree):" + Environment.NewLine
                + string.Join(Environment.NewLine, leaked.Select(DiagnosticMatcher.Describe)));
        }
    }

    private async Task VerifyGeneratedCodePassAsync(
        TestWorkspace workspace,
        ProjectSettings settings,
        ImmutableArray<string> texts,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        CancellationToken cancellationToken)
    {
        const string Header = "// <auto-generated/>\n";
        var generated = texts.Select(t => Header + t).ToImmutableArray();
        var solution = workspace.CreateSolution(settings, generated);
        var result = await AnalyzerRunner.RunAsync(solution.Project, analyzers, cancellationToken).ConfigureAwait(false);
        if (result.AnalyzerDiagnostics.Length > 0)
        {
            throw new VerificationException(
                "Generated-code check: with a '// <auto-generated/>' header on every document the analyzer still reports, although it "
                + "does not ask for diagnostics in generated code (ConfigureGeneratedCodeAnalysis):" + Environment.NewLine
                + string.Join(Environment.NewLine, result.AnalyzerDiagnostics.Select(DiagnosticMatcher.Describe)));
        }
    }
}
