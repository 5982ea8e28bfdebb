using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Testing.Model;
using Microsoft.CodeAnalysis.Text;

namespace ActionSecurity.Analyzers.Tests.Verifiers;

/// <summary>
/// <see cref="CSharpCodeFixTest{TAnalyzer, TCodeFix, TVerifier}"/> with this project's inputs and the few checks the
/// library does not make. The library checks: the diagnostics (id, span, severity, arguments or message) in any order,
/// an analyzer exception (AD0001) fails, <c>#pragma warning disable</c> suppresses every expected diagnostic, the fixed
/// code text exactly, at most one fix per fixable diagnostic, the fixed syntax tree re-parses to the same structure,
/// no fix offered when <see cref="FixedCode"/> equals the input, Fix All in document, project and solution, and the
/// diagnostics of the fixed code. This class adds:
/// <list type="bullet">
/// <item>the inputs: <see cref="Sources"/>, <see cref="EditorConfig"/>, <see cref="References"/> (the .NET 10 reference
/// assemblies and the frameworks of <see cref="ReferenceSet"/>), the Web SDK's implicit usings, a console application
/// when there are top-level statements;</item>
/// <item>compiler warnings fail the test, except <see cref="AllowedCompilerWarnings"/> and <see cref="AllowedCompilerDiagnostics"/>;</item>
/// <item>markup in <see cref="FixedCode"/> means "still reported", fixable ids included, and nothing is inherited from the input but its settings;</item>
/// <item><c>dotnet_diagnostic.ID.severity</c> in <see cref="EditorConfig"/> applies, as in a build;</item>
/// <item>a fixer that offers several actions needs <c>CodeActionEquivalenceKey</c> or <c>CodeActionIndex</c>; a fixer without
/// Fix All fails unless <see cref="SkipFixAll"/>; a fix of a <c>CompilationEnd</c> descriptor fails unless
/// <see cref="AllowCompilationEndFixes"/> (instead of the library's wider non-local check); every <c>{|#n:…|}</c> must be used;</item>
/// <item>the generated-code pass: with <c>// &lt;auto-generated/&gt;</c> on every document the analyzer reports nothing
/// (the library skips this for analyzers that configure generated-code analysis, as all of ours do);</item>
/// <item>a failing diagnostics check also prints the input annotated with what was reported, and markup to paste.</item>
/// </list>
/// </summary>
public class ProjectCodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>
    /// Compiler warnings a test input may have without saying so (unused locals, fields and functions, unreachable code,
    /// async without await, unnecessary usings): test snippets are small and often incomplete in these ways.
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

    /// <summary>No reference-assembly package: the references are <see cref="ReferenceSets"/>, given as additional references.</summary>
    private static readonly ReferenceAssemblies NoPackages = new("net10.0");

    private ImmutableHashSet<string> _expectedIds = ImmutableHashSet<string>.Empty;

    public ProjectCodeFixTest()
    {
        ReferenceAssemblies = NoPackages;
        CompilerDiagnostics = CompilerDiagnostics.Warnings;

        // "$$" is code here (raw interpolated strings), not the library's caret marker.
        MarkupOptions = MarkupOptions.TreatPositionIndicatorsAsCode;

        // Replaced by our own pass, which also runs for analyzers that configure generated-code analysis.
        TestBehaviors = TestBehaviors.SkipGeneratedCodeCheck;
    }

    /// <summary>The first document, <c>/0/Test0.cs</c>, with markup.</summary>
    public new string TestCode { get; set; } = string.Empty;

    /// <summary>More documents, <c>/0/Test1.cs</c>, <c>/0/Test2.cs</c>, …, with markup.</summary>
    public List<string> Sources { get; } = new();

    /// <summary>The expected text of <c>/0/Test0.cs</c> after the fixes; markup = diagnostics still reported there. Equal to the input: no fix is offered.</summary>
    public new string? FixedCode { get; set; }

    /// <summary>Expected texts of <c>/0/Test1.cs</c>…; when empty, <see cref="Sources"/> without the markup of fixable ids.</summary>
    public List<string> FixedSources { get; } = new();

    /// <summary>Expected Fix All result of <c>/0/Test0.cs</c> when it differs from <see cref="FixedCode"/>.</summary>
    public new string? BatchFixedCode { get; set; }

    /// <summary>Expected Fix All results of the other documents; when empty, the fixed sources.</summary>
    public List<string> BatchFixedSources { get; } = new();

    /// <summary>Expectations on the fixed code beyond its markup (the input's are not inherited).</summary>
    public List<DiagnosticResult> FixedExpectedDiagnostics => FixedState.ExpectedDiagnostics;

    /// <summary>Text of <c>/.editorconfig</c>. Bare <c>key = value</c> lines are put under <c>root = true</c> and <c>[*.cs]</c>.</summary>
    public string? EditorConfig { get; set; }

    /// <summary>Which frameworks the input compiles against (the .NET reference assemblies are always there).</summary>
    public ReferenceSet References { get; set; } = ReferenceSet.Default;

    public List<MetadataReference> AdditionalReferences { get; } = new();

    /// <summary>Defaults to the newest C# the test project's compiler knows.</summary>
    public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Latest;

    public NullableContextOptions NullableContextOptions { get; set; } = NullableContextOptions.Disable;

    /// <summary>Null: a console application when any document has top-level statements, otherwise a library.</summary>
    public OutputKind? OutputKind { get; set; }

    /// <summary>Adds <c>/0/GlobalUsings.cs</c> with the implicit usings of Microsoft.NET.Sdk.Web.</summary>
    public bool IncludeImplicitUsings { get; set; }

    /// <summary>Compiler diagnostic ids (any severity) that are ignored unless expected.</summary>
    public List<string> AllowedCompilerDiagnostics { get; } = new();

    public bool SkipFixAll { get; set; }

    /// <summary>Permit fixes of diagnostics reported at compilation end (non-local; the IDE does not show them live).</summary>
    public bool AllowCompilationEndFixes { get; set; }

    public bool SkipSuppressionCheck { get; set; }

    public bool SkipGeneratedCodeCheck { get; set; }

    protected override CompilationOptions CreateCompilationOptions() =>
        ((CSharpCompilationOptions)base.CreateCompilationOptions())
            .WithNullableContextOptions(NullableContextOptions)
            // As the .NET SDK does (NoWarn CS1701;CS1702): reference-version unification notes for older netstandard assemblies.
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                ["CS1701"] = ReportDiagnostic.Suppress,
                ["CS1702"] = ReportDiagnostic.Suppress,
            });

    /// <summary>
    /// The library names every supported id in the compilation options, at <see cref="ReportDiagnostic.Default"/> for those
    /// on by default; a compilation-level entry beats the tree-level <c>dotnet_diagnostic.ID.severity</c> of an .editorconfig,
    /// so those entries are removed: the severity a test configures applies, as in a build.
    /// </summary>
    protected override Project ApplyCompilationOptions(Project project)
    {
        project = base.ApplyCompilationOptions(project);
        var options = project.CompilationOptions!;
        var specific = options.SpecificDiagnosticOptions.RemoveRange(
            options.SpecificDiagnosticOptions.Where(o => o.Value == ReportDiagnostic.Default).Select(o => o.Key));
        return project.WithCompilationOptions(options.WithSpecificDiagnosticOptions(specific));
    }

    protected override ParseOptions CreateParseOptions() => new CSharpParseOptions(LanguageVersion, DocumentationMode.Parse);

    protected override bool IsCompilerDiagnosticIncluded(Diagnostic diagnostic, CompilerDiagnostics compilerDiagnostics)
    {
        if (_expectedIds.Contains(diagnostic.Id))
        {
            return true;
        }

        if (AllowedCompilerDiagnostics.Contains(diagnostic.Id)
            || (diagnostic.Severity == DiagnosticSeverity.Warning && AllowedCompilerWarnings.Contains(diagnostic.Id)))
        {
            return false;
        }

        return base.IsCompilerDiagnosticIncluded(diagnostic, compilerDiagnostics);
    }

    /// <summary>A fix of a diagnostic reported at compilation end fails unless <see cref="AllowCompilationEndFixes"/>.</summary>
    protected override CodeFixContext CreateCodeFixContext(
        Document document,
        TextSpan span,
        ImmutableArray<Diagnostic> diagnostics,
        Action<CodeAction, ImmutableArray<Diagnostic>> registerCodeFix,
        CancellationToken cancellationToken)
    {
        if (AllowCompilationEndFixes || !diagnostics.Any(d => d.Descriptor.CustomTags.Contains(WellKnownDiagnosticTags.CompilationEnd)))
        {
            return base.CreateCodeFixContext(document, span, diagnostics, registerCodeFix, cancellationToken);
        }

        return base.CreateCodeFixContext(document, span, diagnostics, (action, fixedDiagnostics) => throw new InvalidOperationException(
            $"A code action ('{action.Title}') is offered for {FailureReport.Describe(fixedDiagnostics[0])}, which is reported at compilation end "
            + "(non-local): the IDE does not show it live, so the light bulb would never appear. Report from a local action, "
            + "or set AllowCompilationEndFixes and say why in the rule's doc page."), cancellationToken);
    }

    /// <summary>The library applies the first action offered; a fixer that offers several must be told which.</summary>
    protected override ImmutableArray<CodeAction> FilterCodeActions(ImmutableArray<CodeAction> actions)
    {
        var filtered = base.FilterCodeActions(actions);
        if (filtered.Length > 1 && CodeActionEquivalenceKey is null && CodeActionIndex is null)
        {
            throw new InvalidOperationException(
                $"Ambiguous code action: {typeof(TCodeFix).Name} offers {filtered.Length} actions "
                + $"({string.Join("; ", filtered.Select(a => $"'{a.Title}' (key '{a.EquivalenceKey}')"))}). Set CodeActionEquivalenceKey or CodeActionIndex.");
        }

        return filtered;
    }

    protected override async Task RunImplAsync(CancellationToken cancellationToken)
    {
        Prepare();
        try
        {
            await base.RunImplAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("of test state", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(e.Message + await DescribeInputAsync(cancellationToken).ConfigureAwait(false), e);
        }

        if (!SkipGeneratedCodeCheck)
        {
            await VerifyGeneratedCodeAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Moves this class's inputs into the library's states; every state is explicit (nothing inherited).</summary>
    private void Prepare()
    {
        var provider = new TCodeFix();
        var fixable = provider.FixableDiagnosticIds.ToImmutableHashSet(StringComparer.Ordinal);
        var defaultId = GetDefaultDiagnostic(GetDiagnosticAnalyzers().ToArray())?.Id;
        var inputs = Sources.Prepend(TestCode).ToList();
        var outputKind = OutputKind ?? (inputs.Any(s => TestWorkspace.HasTopLevelStatements(TestMarkup.Strip(s), LanguageVersion))
            ? Microsoft.CodeAnalysis.OutputKind.ConsoleApplication
            : Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary);
        var references = ReferenceSets.Get(References).AddRange(AdditionalReferences);

        TestMarkup.VerifyLocationsUsed("TestCode/Sources", inputs, ExpectedDiagnostics);
        Configure(TestState, inputs, outputKind, references);
        var markupIds = inputs.SelectMany(TestMarkup.Ids);
        if (FixedCode is not null)
        {
            var fixedInputs = new List<string> { FixedCode };
            fixedInputs.AddRange(FixedSources.Count > 0 ? FixedSources : Sources.Select(s => TestMarkup.WithoutIds(s, fixable, defaultId)));
            if (FixedExpectedDiagnostics.Count == 0 && TestMarkup.HaveSameText(fixedInputs, inputs))
            {
                // Fixed code with the input's text asserts that no fix is offered: the input's expectations hold after it too.
                fixedInputs = inputs;
                FixedExpectedDiagnostics.AddRange(ExpectedDiagnostics);
            }

            TestMarkup.VerifyLocationsUsed("FixedCode/FixedSources", fixedInputs, FixedExpectedDiagnostics);
            Configure(FixedState, fixedInputs, outputKind, references);
            markupIds = markupIds.Concat(fixedInputs.SelectMany(TestMarkup.Ids));
            if (BatchFixedCode is not null || BatchFixedSources.Count > 0)
            {
                var batchInputs = new List<string> { BatchFixedCode ?? FixedCode };
                batchInputs.AddRange(BatchFixedSources.Count > 0 ? BatchFixedSources : fixedInputs.Skip(1));
                Configure(BatchFixedState, batchInputs, outputKind, references);
                BatchFixedState.ExpectedDiagnostics.AddRange(FixedExpectedDiagnostics);
                markupIds = markupIds.Concat(batchInputs.SelectMany(TestMarkup.Ids));
            }

            ConfigureFixAll(provider);
        }

        _expectedIds = markupIds
            .Concat(ExpectedDiagnostics.Concat(FixedExpectedDiagnostics).Select(d => d.Id))
            .ToImmutableHashSet(StringComparer.Ordinal);
        // The library also refuses fixes of every non-local diagnostic (one reported outside the member or tree being
        // analyzed); this project's rule is the descriptor's CompilationEnd tag, checked in CreateCodeFixContext.
        CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
        if (SkipSuppressionCheck)
        {
            TestBehaviors |= TestBehaviors.SkipSuppressionCheck;
        }
    }

    private void Configure(SolutionState state, IReadOnlyList<string> texts, OutputKind outputKind, ImmutableArray<MetadataReference> references)
    {
        state.InheritanceMode = StateInheritanceMode.Explicit;
        state.MarkupHandling = MarkupMode.Allow;
        for (var i = 0; i < texts.Count; i++)
        {
            state.Sources.Add((TestWorkspace.PathOf(i), SourceText.From(texts[i])));
        }

        if (IncludeImplicitUsings)
        {
            state.Sources.Add((TestWorkspace.GlobalUsingsPath, SourceText.From(TestWorkspace.GlobalUsingsText)));
        }

        if (EditorConfig is { } editorConfig)
        {
            state.AnalyzerConfigFiles.Add((TestWorkspace.EditorConfigPath, SourceText.From(TestWorkspace.NormalizeEditorConfig(editorConfig))));
        }

        state.AdditionalReferences.AddRange(references);
        state.OutputKind = outputKind;
        state.DocumentationMode = DocumentationMode.Parse;
    }

    /// <summary>Fix All runs in the scopes the provider supports; a provider without one fails (RS1016) unless <see cref="SkipFixAll"/>.</summary>
    private void ConfigureFixAll(CodeFixProvider provider)
    {
        if (SkipFixAll)
        {
            CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipFixAllCheck;
            return;
        }

        var fixAll = provider.GetFixAllProvider() ?? throw new InvalidOperationException(
            $"{provider.GetType().Name}.GetFixAllProvider() returns null: Fix All and 'dotnet format analyzers' would do nothing (RS1016). Set SkipFixAll only if that is intended.");
        var scopes = fixAll.GetSupportedFixAllScopes();
        foreach (var (scope, skip) in new[]
        {
            (FixAllScope.Document, CodeFixTestBehaviors.SkipFixAllInDocumentCheck),
            (FixAllScope.Project, CodeFixTestBehaviors.SkipFixAllInProjectCheck),
            (FixAllScope.Solution, CodeFixTestBehaviors.SkipFixAllInSolutionCheck),
        })
        {
            if (!scopes.Contains(scope))
            {
                CodeFixTestBehaviors |= skip;
            }
        }
    }

    /// <summary>The input with its markup processed, as the library sees it.</summary>
    private SolutionState ProcessedTestState()
    {
        var analyzers = GetDiagnosticAnalyzers().ToArray();
        var fixable = GetCodeFixProviders().SelectMany(p => p.FixableDiagnosticIds).ToImmutableArray();
        return TestState
            .WithInheritedValuesApplied(null, fixable)
            .WithProcessedMarkup(MarkupOptions, GetDefaultDiagnostic(analyzers), analyzers.SelectMany(a => a.SupportedDiagnostics).ToImmutableArray(), fixable, DefaultFilePath);
    }

    private async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(SolutionState state, CompilerDiagnostics compilerDiagnostics, CancellationToken cancellationToken)
    {
        var project = await CreateProjectAsync(new EvaluatedProjectState(state, ReferenceAssemblies), ImmutableArray<EvaluatedProjectState>.Empty, cancellationToken).ConfigureAwait(false);
        var diagnostics = await GetSortedDiagnosticsAsync(
            project.Solution,
            GetDiagnosticAnalyzers().ToImmutableArray(),
            ImmutableArray<(Project, Diagnostic)>.Empty,
            compilerDiagnostics,
            new DefaultVerifier(),
            cancellationToken).ConfigureAwait(false);
        return diagnostics.Select(d => d.diagnostic).ToImmutableArray();
    }

    /// <summary>
    /// When the input expects diagnostics of the analyzer: with a <c>// &lt;auto-generated/&gt;</c> header on every document
    /// the analyzer reports nothing, unless it asks both to analyze generated code and to report there. (Reporting alone
    /// reports nothing in generated code: the driver runs no callback there without <c>Analyze</c>.)
    /// </summary>
    private async Task VerifyGeneratedCodeAsync(CancellationToken cancellationToken)
    {
        var analyzers = GetDiagnosticAnalyzers().ToImmutableArray();
        const GeneratedCodeAnalysisFlags both = GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics;
        if (analyzers.Any(a => (AnalyzerRunner.GetGeneratedCodeAnalysisFlags(a) & both) == both))
        {
            return;
        }

        var supported = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToImmutableHashSet(StringComparer.Ordinal);
        var state = ProcessedTestState();
        if (!state.ExpectedDiagnostics.Any(d => supported.Contains(d.Id)))
        {
            return;
        }

        for (var i = 0; i < state.Sources.Count; i++)
        {
            var (path, text) = state.Sources[i];
            state.Sources[i] = (path, SourceText.From("// <auto-generated/>\n" + text));
        }

        var reported = await AnalyzeAsync(state, CompilerDiagnostics.None, cancellationToken).ConfigureAwait(false);
        if (reported.Length > 0)
        {
            throw new InvalidOperationException(
                "Generated-code check: with a '// <auto-generated/>' header on every document the analyzer still reports, although it "
                + "does not ask for diagnostics in generated code (ConfigureGeneratedCodeAnalysis):" + Environment.NewLine
                + string.Join(Environment.NewLine, reported.Select(FailureReport.Describe)));
        }
    }

    /// <summary>The input annotated with what was reported on it, and markup that matches it; empty if that cannot be computed.</summary>
    private async Task<string> DescribeInputAsync(CancellationToken cancellationToken)
    {
        try
        {
            var state = ProcessedTestState();
            var reported = await AnalyzeAsync(state, CompilerDiagnostics, cancellationToken).ConfigureAwait(false);
            var documents = state.Sources
                .Where(s => s.filename != TestWorkspace.GlobalUsingsPath)
                .Select(s => new DocumentText(s.filename, s.content.ToString()))
                .ToList();
            return FailureReport.Format(documents, reported, GetDefaultDiagnostic(GetDiagnosticAnalyzers().ToArray())?.Id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $"{Environment.NewLine}(The reported diagnostics could not be listed: {e.GetType().Name}: {e.Message})";
        }
    }
}
