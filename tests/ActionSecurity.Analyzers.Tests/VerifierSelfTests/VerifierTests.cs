using System;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Xunit;
using VerifyBad = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Tests.VerifierSelfTests.BadLiteralAnalyzer,
    ActionSecurity.Analyzers.Tests.VerifierSelfTests.GoodLiteralCodeFix>;
using VerifyTwo = ActionSecurity.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<
    ActionSecurity.Analyzers.Tests.VerifierSelfTests.TwoDescriptorAnalyzer>;

namespace ActionSecurity.Analyzers.Tests.VerifierSelfTests;

/// <summary>The verifier passes on correct tests and fails, with a useful message, on every kind of wrong one.</summary>
public sealed class VerifierTests
{
    private static async Task<string> FailsAsync(Func<Task> test)
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(test);
        return exception.Message;
    }

    // ---- happy paths -------------------------------------------------------------------------------------------

    [Fact]
    public Task Passes_when_markup_matches() => VerifyBad.VerifyAnalyzerAsync(
        """
        class C { string s = [|"bad"|]; string t = "fine"; }
        """);

    [Fact]
    public Task Passes_with_no_diagnostics_expected_on_clean_code() => VerifyBad.VerifyAnalyzerAsync(
        """
        class C { string s = "good"; }
        """);

    [Fact]
    public Task Passes_with_indexed_location_and_arguments() => VerifyBad.VerifyAnalyzerAsync(
        """
        class C { string s = {|#0:"bad"|}; }
        """,
        VerifyBad.Diagnostic().WithLocation(0).WithArguments("bad"));

    [Fact]
    public Task Passes_with_exact_message_and_severity() => VerifyBad.VerifyAnalyzerAsync(
        """
        class C { string s = {|#0:"bad"|}; }
        """,
        VerifyBad.Diagnostic(BadLiteralAnalyzer.Id).WithLocation(0).WithMessage("Literal 'bad' is bad").WithSeverity(DiagnosticSeverity.Warning));

    [Fact]
    public Task Passes_with_named_id_markup_and_nesting() => VerifyTwo.VerifyAnalyzerAsync(
        """
        class C { string[] s = { {|TEST0002:"bad"|}, {|TEST0003:"worse"|} }; object o = {|CS0019:{|TEST0002:"bad"|} - 1|}; }
        """);

    [Fact]
    public async Task Editorconfig_option_reaches_the_analyzer()
    {
        var test = new VerifyBad.Test
        {
            TestCode = """
                class C { string a = [|"evil"|]; string b = "bad"; }
                """,
            EditorConfig = "action_security.test_bad_word = evil",
            FixedCode = """
                class C { string a = "good"; string b = "bad"; }
                """,
        };
        await test.RunAsync();

        var without = new VerifyBad.Test { TestCode = test.TestCode };
        var message = await FailsAsync(() => without.RunAsync());
        Assert.Contains("Expected but not reported", message, StringComparison.Ordinal);
    }

    [Fact]
    public Task Fixes_and_checks_fix_all() => VerifyBad.VerifyCodeFixAsync(
        """
        class C
        {
            string a = [|"bad"|];
            string b = [|"bad"|]; // keeps comments
        }
        """,
        """
        class C
        {
            string a = "good";
            string b = "good"; // keeps comments
        }
        """);

    [Fact]
    public async Task Fix_all_in_project_and_solution_fixes_every_document()
    {
        var test = new VerifyBad.Test
        {
            TestCode = """class A { string s = [|"bad"|]; }""",
            FixedCode = """class A { string s = "good"; }""",
        };
        test.Sources.Add("""class B { string s = [|"bad"|]; string t = [|"bad"|]; }""");
        test.FixedSources.Add("""class B { string s = "good"; string t = "good"; }""");
        await test.RunAsync();
    }

    [Fact]
    public Task Expected_compiler_diagnostic_in_markup_passes() => VerifyBad.VerifyAnalyzerAsync(
        """
        class C { object o = {|CS0103:missing|}; string s = [|"bad"|]; }
        """);

    [Fact]
    public Task No_fix_offered_when_fixed_code_equals_test_code() => VerifyBad.VerifyCodeFixAsync(
        """
        [System.Obsolete([|"bad"|])] class C { }
        """,
        """
        [System.Obsolete([|"bad"|])] class C { }
        """);

    [Fact]
    public async Task Equivalence_key_and_index_select_one_of_several_actions()
    {
        await new CSharpCodeFixVerifier<BadLiteralAnalyzer, TwoActionsCodeFix>.Test
        {
            TestCode = """class C { string s = [|"bad"|]; }""",
            FixedCode = """class C { string s = "fine"; }""",
            CodeActionEquivalenceKey = "TEST0001.Fine",
        }.RunAsync();
        await new CSharpCodeFixVerifier<BadLiteralAnalyzer, TwoActionsCodeFix>.Test
        {
            TestCode = """class C { string s = [|"bad"|]; }""",
            FixedCode = """class C { string s = "good"; }""",
            CodeActionIndex = 0,
        }.RunAsync();
    }

    [Fact]
    public Task Simplifier_and_import_annotations_shorten_names_and_add_usings() => CSharpCodeFixVerifier<BadLiteralAnalyzer, ImportingTypeCodeFix>.VerifyCodeFixAsync(
        """
        using System;

        class C { string s = [|"bad"|]; }
        """,
        """
        using System;
        using System.Text;

        class C { string s = Encoding.UTF8.WebName; }
        """);

    [Fact]
    public Task Qualified_name_left_in_expression_position_passes_the_reparse_check() => CSharpCodeFixVerifier<BadLiteralAnalyzer, QualifiedTypeCodeFix>.VerifyCodeFixAsync(
        """
        class C { string s = [|"bad"|]; }
        """,
        """
        class C { string s = System.Text.Encoding.UTF8.WebName; }
        """);

    [Fact]
    public Task Top_level_statements_compile_as_a_program() => VerifyBad.VerifyAnalyzerAsync(
        """
        var s = [|"bad"|];
        System.Console.WriteLine(s);
        """);

    [Fact]
    public async Task Implicit_usings_are_added_on_request()
    {
        await new VerifyBad.Test
        {
            TestCode = """class C { HttpRequest r; Task t; string s = [|"bad"|]; }""",
            IncludeImplicitUsings = true,
        }.RunAsync();
        var message = await FailsAsync(() => new VerifyBad.Test { TestCode = """class C { HttpRequest r; }""" }.RunAsync());
        Assert.Contains("CS0246", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reference_sets_can_drop_a_framework()
    {
        const string Source = """
            using Microsoft.AspNetCore.Http;
            class C { string M(HttpRequest request) => request.Query["page"]; }
            """;
        await VerifyBad.VerifyAnalyzerAsync(Source);
        var message = await FailsAsync(() => new VerifyBad.Test { TestCode = Source, References = ReferenceSet.None }.RunAsync());
        Assert.Contains("CS0234", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(
        """
        using System.Net;
        using System.Threading.Tasks;
        using Microsoft.Azure.Functions.Worker;
        using Microsoft.Azure.Functions.Worker.Http;
        public class F
        {
            [Function("Hook")]
            public async Task<HttpResponseData> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "hook")] HttpRequestData req)
            {
                string secret = req.Query["secret"] ?? req.Url.Query;
                req.Headers.TryGetValues("X-Action-Secret", out var values);
                var response = req.CreateResponse(HttpStatusCode.Unauthorized);
                response.Cookies.Append("session", "x");
                response.Cookies.Append(new HttpCookie("s", "v") { Secure = true, HttpOnly = true, SameSite = SameSite.Strict });
                await response.WriteStringAsync(secret);
                return response;
            }
        }
        """)]
    [InlineData(
        """
        using System.Collections.Generic;
        using Amazon.Lambda.Core;
        using Amazon.Lambda.APIGatewayEvents;
        [assembly: LambdaSerializer(typeof(object))]
        public class Function
        {
            public APIGatewayProxyResponse Handler(APIGatewayProxyRequest request, ILambdaContext context)
            {
                request.QueryStringParameters.TryGetValue("secret", out var secret);
                context.Logger.LogLine(request.Headers["X-Action-Secret"] + request.MultiValueQueryStringParameters["a"][0]);
                return new APIGatewayProxyResponse { StatusCode = 401, Headers = new Dictionary<string, string>() };
            }
            public APIGatewayHttpApiV2ProxyResponse V2(APIGatewayHttpApiV2ProxyRequest request) =>
                new() { StatusCode = 200, Cookies = request.Cookies, Body = request.QueryStringParameters["token"] };
        }
        """)]
    [InlineData(
        """
        using System.Web;
        public class Handler
        {
            public void Process(HttpContext context)
            {
                string secret = context.Request.QueryString["secret"] ?? context.Request["secret"] ?? HttpUtility.ParseQueryString("a=b")["a"];
                context.Response.Cookies.Add(new HttpCookie("session", secret) { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict });
                context.Response.SetCookie(new HttpCookie("x"));
                context.Response.AddHeader("X", context.Request.Headers["Y"]);
                context.Response.StatusCode = 401;
            }
        }
        """)]
    [InlineData(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Azure.WebJobs;
        using Microsoft.Azure.WebJobs.Extensions.Http;
        public static class InProcess
        {
            [FunctionName("Hook")]
            public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = null)] HttpRequest req) =>
                new OkObjectResult(req.Query["secret"].ToString());
        }
        """)]
    [InlineData(
        """
        using Newtonsoft.Json.Linq;
        public static class Action
        {
            public static JObject Main(JObject args)
            {
                var secret = (string)args["__ow_headers"]?["x-require-whisk-auth"];
                return new JObject { ["statusCode"] = secret == null ? 401 : 200 };
            }
        }
        """)]
    public Task Framework_references_and_stubs_compile(string source) => VerifyBad.VerifyAnalyzerAsync(source);

    [Fact]
    public Task Editorconfig_severity_applies_like_in_a_build() => new VerifyBad.Test
    {
        TestCode = """class C { string s = {|#0:"bad"|}; }""",
        EditorConfig = "dotnet_diagnostic.TEST0001.severity = error",
        ExpectedDiagnostics = { VerifyBad.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Error) },
    }.RunAsync();

    [Fact]
    public Task Diagnostic_suppressed_in_source_is_not_expected() => VerifyBad.VerifyAnalyzerAsync(
        """
        class C
        {
        #pragma warning disable TEST0001
            string s = "bad";
        #pragma warning restore TEST0001
            string t = [|"bad"|];
        }
        """);

    [Fact]
    public async Task Minimal_api_program_compiles_with_web_sdk_usings()
    {
        await new VerifyBad.Test
        {
            IncludeImplicitUsings = true,
            TestCode = """
                var app = WebApplication.Create(args);
                app.MapGet("/hook", (HttpRequest request, IConfiguration configuration) =>
                    request.Query[[|"bad"|]].ToString() == configuration["Secret"] ? Results.Ok() : Results.Unauthorized());
                app.Run();
                """,
        }.RunAsync();
        await VerifyBad.VerifyAnalyzerAsync(
            """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            [ApiController, Route("api/hook"), Authorize]
            public class HookController : ControllerBase
            {
                [HttpPost]
                public IActionResult Post([FromHeader(Name = "X-Action-Secret")] string secret) =>
                    Request.Headers[[|"bad"|]] == secret ? Ok() : Unauthorized();
            }
            """);
    }

    // ---- failures ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Fails_on_missing_diagnostic()
    {
        var message = await FailsAsync(() => VerifyBad.VerifyAnalyzerAsync("""class C { string s = [|"good"|]; }"""));
        Assert.Contains("Expected but not reported", message, StringComparison.Ordinal);
        Assert.Contains("TEST0001", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_on_extra_diagnostic_and_shows_annotated_source_and_paste_ready_markup()
    {
        var message = await FailsAsync(() => VerifyBad.VerifyAnalyzerAsync(
            """
            class C
            {
                string s = "bad";
            }
            """));
        Assert.Contains("Reported but not expected", message, StringComparison.Ordinal);
        Assert.Contains("               ^^^^^ TEST0001: Literal 'bad' is bad", message, StringComparison.Ordinal);
        Assert.Contains("""string s = [|"bad"|];""", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_on_wrong_span()
    {
        var message = await FailsAsync(() => VerifyBad.VerifyAnalyzerAsync("""class C { string [|s = "bad"|]; }"""));
        Assert.Contains("same id reported at a different span", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_on_wrong_id()
    {
        var message = await FailsAsync(() => VerifyTwo.VerifyAnalyzerAsync("""class C { string s = {|TEST0003:"bad"|}; }"""));
        Assert.Contains("same span reported with a different id: TEST0002", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_on_wrong_arguments()
    {
        var message = await FailsAsync(() => VerifyBad.VerifyAnalyzerAsync(
            """class C { string s = {|#0:"bad"|}; }""",
            VerifyBad.Diagnostic().WithLocation(0).WithArguments("worse")));
        Assert.Contains("message differs: expected \"Literal 'worse' is bad\", actual \"Literal 'bad' is bad\"", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_on_wrong_severity()
    {
        var message = await FailsAsync(() => VerifyBad.VerifyAnalyzerAsync(
            """class C { string s = {|#0:"bad"|}; }""",
            VerifyBad.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Error)));
        Assert.Contains("severity differs: expected Error, actual Warning", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_when_source_does_not_compile()
    {
        var message = await FailsAsync(() => VerifyBad.VerifyAnalyzerAsync("""class C { object o = missing; }"""));
        Assert.Contains("does not compile", message, StringComparison.Ordinal);
        Assert.Contains("CS0103", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_on_a_compiler_warning_outside_the_allow_list()
    {
        var message = await FailsAsync(() => VerifyBad.VerifyAnalyzerAsync(
            """
            #warning not allowed
            class C { }
            """));
        Assert.Contains("CS1030", message, StringComparison.Ordinal);
        await new VerifyBad.Test
        {
            TestCode = """
                #warning allowed here
                class C { void M() { int unused; } }
                """,
            AllowedCompilerDiagnostics = { "CS1030" },
        }.RunAsync();
    }

    [Fact]
    public async Task Fails_when_analyzer_throws()
    {
        var message = await FailsAsync(() => CSharpAnalyzerVerifier<ThrowingAnalyzer>.VerifyAnalyzerAsync("class C { }"));
        Assert.Contains("AD0001", message, StringComparison.Ordinal);
        Assert.Contains("boom", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_default_markup_and_default_diagnostic_for_multi_descriptor_analyzer()
    {
        var message = await FailsAsync(() => VerifyTwo.VerifyAnalyzerAsync("""class C { string s = [|"bad"|]; }"""));
        Assert.Contains("[| |] expects the analyzer's only diagnostic", message, StringComparison.Ordinal);
        Assert.Contains("TEST0002, TEST0003", message, StringComparison.Ordinal);
        var factory = Assert.Throws<InvalidOperationException>(() => VerifyTwo.Diagnostic());
        Assert.Contains("supports 2", factory.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_on_unused_or_undefined_indexed_location()
    {
        var unused = await FailsAsync(() => VerifyBad.VerifyAnalyzerAsync("""class C { string s = {|#0:"bad"|}; }"""));
        Assert.Contains("#0 are not used", unused, StringComparison.Ordinal);
        var undefined = await FailsAsync(() => VerifyBad.VerifyAnalyzerAsync(
            """class C { string s = [|"bad"|]; }""",
            VerifyBad.Diagnostic().WithLocation(3)));
        Assert.Contains("no source has {|#3:…|}", undefined, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_when_pragma_cannot_suppress_the_diagnostic()
    {
        var message = await FailsAsync(() => CSharpAnalyzerVerifier<NoLocationAnalyzer>.VerifyAnalyzerAsync(
            "class C { }",
            CSharpAnalyzerVerifier<NoLocationAnalyzer>.Diagnostic()));
        Assert.Contains("Suppression check", message, StringComparison.Ordinal);
        await new CSharpAnalyzerVerifier<NoLocationAnalyzer>.Test
        {
            TestCode = "class C { }",
            ExpectedDiagnostics = { CSharpAnalyzerVerifier<NoLocationAnalyzer>.Diagnostic() },
            SkipSuppressionCheck = true,
            SkipGeneratedCodeCheck = true,
        }.RunAsync();
    }

    [Fact]
    public async Task Fails_when_generated_code_is_not_skipped()
    {
        var message = await FailsAsync(() => new CSharpAnalyzerVerifier<NoLocationAnalyzer>.Test
        {
            TestCode = "class C { }",
            ExpectedDiagnostics = { CSharpAnalyzerVerifier<NoLocationAnalyzer>.Diagnostic() },
            SkipSuppressionCheck = true,
        }.RunAsync());
        Assert.Contains("Generated-code check", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_when_fixed_text_differs()
    {
        var message = await FailsAsync(() => VerifyBad.VerifyCodeFixAsync(
            """class C { string s = [|"bad"|]; }""",
            """class C { string s = "nice"; }"""));
        Assert.Contains("differs from the expected code", message, StringComparison.Ordinal);
        Assert.Contains("""- class C { string s = "nice"; }""", message, StringComparison.Ordinal);
        Assert.Contains("""+ class C { string s = "good"; }""", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_when_fixed_code_does_not_compile()
    {
        var message = await FailsAsync(() => CSharpCodeFixVerifier<BadLiteralAnalyzer, BrokenCodeFix>.VerifyCodeFixAsync(
            """class C { string s = [|"bad"|]; }""",
            """class C { string s = undefinedName; }"""));
        Assert.Contains("Fixed code", message, StringComparison.Ordinal);
        Assert.Contains("does not compile", message, StringComparison.Ordinal);
        Assert.Contains("CS0103", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_when_fixed_code_still_reports()
    {
        var message = await FailsAsync(() => CSharpCodeFixVerifier<BadLiteralAnalyzer, GoodLiteralCodeFix>.VerifyCodeFixAsync(
            """class C { string s = [|"bad"|]; [System.Obsolete([|"bad"|])] void M() { } }""",
            """class C { string s = "good"; [System.Obsolete("bad")] void M() { } }"""));
        Assert.Contains("Reported but not expected", message, StringComparison.Ordinal);
        await CSharpCodeFixVerifier<BadLiteralAnalyzer, GoodLiteralCodeFix>.VerifyCodeFixAsync(
            """class C { string s = [|"bad"|]; [System.Obsolete([|"bad"|])] void M() { } }""",
            """class C { string s = "good"; [System.Obsolete([|"bad"|])] void M() { } }""");
    }

    [Fact]
    public async Task Fails_when_no_fix_asserted_but_one_is_offered()
    {
        var message = await FailsAsync(() => VerifyBad.VerifyCodeFixAsync(
            """class C { string s = [|"bad"|]; }""",
            """class C { string s = [|"bad"|]; }"""));
        Assert.Contains("asserts that no code action is offered", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_when_fix_all_differs_from_one_at_a_time()
    {
        const string Source = """class C { string a = [|"bad"|]; string b = [|"bad"|]; }""";
        var message = await FailsAsync(() => CSharpCodeFixVerifier<BadLiteralAnalyzer, BatchDiffersCodeFix>.VerifyCodeFixAsync(
            Source,
            """class C { string a = "good"; string b = "good"; }"""));
        Assert.Contains("Fix All in Document", message, StringComparison.Ordinal);
        await new CSharpCodeFixVerifier<BadLiteralAnalyzer, BatchDiffersCodeFix>.Test
        {
            TestCode = Source,
            FixedCode = """class C { string a = "good"; string b = "good"; }""",
            BatchFixedCode = """class C { string a = "all"; string b = "all"; }""",
        }.RunAsync();
    }

    [Fact]
    public async Task Fails_on_ambiguous_actions()
    {
        var message = await FailsAsync(() => CSharpCodeFixVerifier<BadLiteralAnalyzer, TwoActionsCodeFix>.VerifyCodeFixAsync(
            """class C { string s = [|"bad"|]; }""",
            """class C { string s = "good"; }"""));
        Assert.Contains("Ambiguous code action", message, StringComparison.Ordinal);
        Assert.Contains("TEST0001.Fine", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_when_fix_loops()
    {
        var message = await FailsAsync(() => CSharpCodeFixVerifier<BadLiteralAnalyzer, GrowingCodeFix>.VerifyCodeFixAsync(
            """class C { string s = [|"bad"|]; }""",
            """class C { string s = ("bad"); }"""));
        Assert.Contains("is still offered", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_when_fix_changes_nothing()
    {
        var message = await FailsAsync(() => CSharpCodeFixVerifier<BadLiteralAnalyzer, NoOpCodeFix>.VerifyCodeFixAsync(
            """class C { string s = [|"bad"|]; }""",
            """class C { string s = "good"; }"""));
        Assert.Contains("leads back to code seen before", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_when_action_throws()
    {
        var message = await FailsAsync(() => CSharpCodeFixVerifier<BadLiteralAnalyzer, ThrowingActionCodeFix>.VerifyCodeFixAsync(
            """class C { string s = [|"bad"|]; }""",
            """class C { string s = "good"; }"""));
        Assert.Contains("threw InvalidOperationException", message, StringComparison.Ordinal);
        Assert.Contains("fixer bug", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_when_fixed_tree_does_not_reparse_the_same()
    {
        var message = await FailsAsync(() => CSharpCodeFixVerifier<BadLiteralAnalyzer, UnparenthesizedCodeFix>.VerifyCodeFixAsync(
            """class C { int n = [|"bad"|].Length; }""",
            """class C { int n = "go" + "od".Length; }"""));
        Assert.Contains("does not re-parse to the same structure", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_when_iteration_count_differs()
    {
        var message = await FailsAsync(() => new VerifyBad.Test
        {
            TestCode = """class C { string a = [|"bad"|]; string b = [|"bad"|]; }""",
            FixedCode = """class C { string a = "good"; string b = "good"; }""",
            NumberOfIncrementalIterations = 3,
        }.RunAsync());
        Assert.Contains("Expected 3 incremental code-fix iteration(s)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_when_a_compilation_end_diagnostic_gets_a_fix_unless_allowed()
    {
        var test = new CSharpCodeFixVerifier<CompilationEndAnalyzer, CompilationEndCodeFix>.Test
        {
            TestCode = """class C { string s = [|"bad"|]; }""",
            FixedCode = """class C { string s = "good"; }""",
        };
        var message = await FailsAsync(() => test.RunAsync());
        Assert.Contains("reported at compilation end (non-local)", message, StringComparison.Ordinal);
        test.AllowCompilationEndFixes = true;
        await test.RunAsync();
    }

    [Fact]
    public async Task Fails_when_fix_expected_but_none_offered()
    {
        var message = await FailsAsync(() => VerifyBad.VerifyCodeFixAsync(
            """[System.Obsolete([|"bad"|])] class C { }""",
            """[System.Obsolete("good")] class C { }"""));
        Assert.Contains("offered no applicable action", message, StringComparison.Ordinal);
    }
}
