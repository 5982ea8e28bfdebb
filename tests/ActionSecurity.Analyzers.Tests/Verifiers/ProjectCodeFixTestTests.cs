using System;
using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.QueryStringSecretAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.QueryStringSecretCodeFixProvider>;
using VerifyAS0004 = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.UnauthenticatedHandlerAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.UnauthenticatedHandlerCodeFixProvider>;
using VerifyNoLocation = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Tests.Verifiers.NoLocationAnalyzer,
    Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Verifiers;

/// <summary>
/// The checks the wrapper adds to Microsoft.CodeAnalysis.Testing fail when they should (the library's own checks are
/// the library's business). Each failing case is paired with the passing one it differs from.
/// </summary>
public sealed class ProjectCodeFixTestTests
{
    private const string QueryRead = """
        using Microsoft.AspNetCore.Http;
        class C { string M(HttpRequest request) => request.Query["api_key"]; }
        """;

    private static readonly string MarkedQueryRead = QueryRead.Replace("request.Query[\"api_key\"]", "[|request.Query[\"api_key\"]|]", StringComparison.Ordinal);

    [Fact]
    public async Task A_failing_diagnostics_check_prints_the_annotated_input_and_markup_to_paste()
    {
        var message = await FailsAsync(() => Verify.VerifyAnalyzerAsync(QueryRead));
        Assert.Contains("^^^^^^^^^^^^^^^^^^^^^^^^ AS0002: Secret 'api_key' is read from the query string", message, StringComparison.Ordinal);
        Assert.Contains("Markup that matches what was reported (paste into the test):", message, StringComparison.Ordinal);
        Assert.Contains(MarkedQueryRead, message.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        await Verify.VerifyAnalyzerAsync(MarkedQueryRead);
    }

    [Fact]
    public async Task An_unused_markup_location_fails()
    {
        var located = QueryRead.Replace("request.Query[\"api_key\"]", "{|#0:request.Query[\"api_key\"]|}", StringComparison.Ordinal);
        var message = await FailsAsync(() => Verify.VerifyAnalyzerAsync(located.Replace("{|#0:", "[|{|#0:", StringComparison.Ordinal).Replace("|};", "|}|];", StringComparison.Ordinal)));
        Assert.Contains("markup location(s) #0 are not used", message, StringComparison.Ordinal);
        await Verify.VerifyAnalyzerAsync(located, Verify.Diagnostic().WithLocation(0).WithArguments("api_key"));
    }

    [Fact]
    public async Task A_compiler_warning_fails_unless_it_is_one_of_the_allowed()
    {
        var message = await FailsAsync(() => Verify.VerifyAnalyzerAsync("class C { [System.Obsolete] void N() { } void P() => N(); }"));
        Assert.Contains("CS0612", message, StringComparison.Ordinal);
        await Verify.VerifyAnalyzerAsync("class C { void M() { int unused; } }");
        await Verify.VerifyAnalyzerAsync("class C { [System.Obsolete] void N() { } void P() => {|CS0612:N()|}; }");
    }

    [Fact]
    public async Task A_severity_set_in_the_editorconfig_applies_and_is_checked()
    {
        var located = QueryRead.Replace("request.Query[\"api_key\"]", "{|#0:request.Query[\"api_key\"]|}", StringComparison.Ordinal);
        Task Run(DiagnosticResult expected) => new Verify.Test
        {
            TestCode = located,
            EditorConfig = "dotnet_diagnostic.AS0002.severity = error",
            ExpectedDiagnostics = { expected },
        }.RunAsync();

        var message = await FailsAsync(() => Run(Verify.Diagnostic().WithLocation(0)));
        Assert.Contains("Expected diagnostic severity to be \"Warning\" was \"Error\"", message, StringComparison.Ordinal);
        await Run(Verify.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Error));
    }

    [Fact]
    public async Task Fixed_code_with_the_input_text_fails_when_a_fix_is_offered()
    {
        var message = await FailsAsync(() => Verify.VerifyCodeFixAsync(MarkedQueryRead, QueryRead));
        Assert.Contains("request.Headers[\"X-Api-Key\"]", message, StringComparison.Ordinal);
        await Verify.VerifyCodeFixAsync(MarkedQueryRead, QueryRead.Replace("request.Query[\"api_key\"]", "request.Headers[\"X-Api-Key\"]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Several_actions_need_an_equivalence_key()
    {
        const string Handler = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            static class Hook
            {
                public static void Map(WebApplication app) => app.[|MapPost|]("/hook", (HttpContext context) => Results.Ok());
            }
            """;
        var message = await FailsAsync(() => VerifyAS0004.VerifyCodeFixAsync(Handler, Handler.Replace("[|MapPost|]", "MapPost", StringComparison.Ordinal)));
        Assert.Contains("Ambiguous code action", message, StringComparison.Ordinal);
        Assert.Contains("Set CodeActionEquivalenceKey or CodeActionIndex", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_generated_code_pass_fails_for_an_analyzer_that_reports_in_generated_code()
    {
        VerifyNoLocation.Test Test(bool skip) => new()
        {
            TestCode = "class C { }",
            ExpectedDiagnostics = { VerifyNoLocation.Diagnostic() },
            SkipGeneratedCodeCheck = skip,
        };

        var message = await FailsAsync(() => Test(skip: false).RunAsync());
        Assert.Contains("Generated-code check", message, StringComparison.Ordinal);
        Assert.Contains("TEST0801", message, StringComparison.Ordinal);
        await Test(skip: true).RunAsync();
    }

    private static async Task<string> FailsAsync(Func<Task> test) => (await Assert.ThrowsAsync<InvalidOperationException>(test)).Message;
}

/// <summary>TEST0801: a diagnostic without location on every compilation, generated code included. Not a rule.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class NoLocationAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new(
        "TEST0801", "No location", "No location", "Test", DiagnosticSeverity.Warning, true, customTags: WellKnownDiagnosticTags.CompilationEnd);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationAction(c => c.ReportDiagnostic(Diagnostic.Create(Rule, Location.None)));
    }
}
