using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Reliability;

/// <summary>
/// A project that references another project's compilation, as the IDE does for project references: the referenced
/// project's symbols keep their source syntax, in trees that are not part of the analyzed compilation. Base controllers,
/// filter attributes and check helpers declared there must not make any analyzer throw (asking the analyzed
/// compilation for a model of a foreign tree does).
/// </summary>
[Trait("Category", "Reliability")]
public sealed class ProjectReferenceTests
{
    private const string Library = """
        using System;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.Filters;

        namespace Shared.Web;

        public sealed class ApiKeyFilter : IAsyncAuthorizationFilter
        {
            public Task OnAuthorizationAsync(AuthorizationFilterContext context) => Task.CompletedTask;
        }

        public sealed class RequireApiKeyAttribute : TypeFilterAttribute
        {
            public RequireApiKeyAttribute() : base(typeof(ApiKeyFilter)) { }
        }

        public abstract class ApiControllerBase : ControllerBase
        {
            protected bool KeyMatches(string provided) => provided == Environment.GetEnvironmentVariable("PARTNER_API_KEY");
        }

        public static class RequestGuard
        {
            public static bool HasValidKey(HttpRequest request)
                => request.Headers["X-Api-Key"] == Environment.GetEnvironmentVariable("PARTNER_API_KEY");
        }
        """;

    private const string App = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Shared.Web;

        namespace Partner.Api;

        [ApiController, Route("orders"), RequireApiKey]
        public sealed class OrdersController : ApiControllerBase
        {
            [HttpPost]
            public IActionResult Create() => Ok();
        }

        [ApiController, Route("invoices")]
        public sealed class InvoicesController : ApiControllerBase
        {
            [HttpPost]
            public IActionResult Create([FromHeader(Name = "X-Api-Key")] string key) => KeyMatches(key) ? Ok() : Unauthorized();

            [HttpPost("void")]
            public IActionResult Void() => RequestGuard.HasValidKey(Request) ? Ok() : Unauthorized();
        }

        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/refunds", (HttpRequest request) => RequestGuard.HasValidKey(request) ? Results.Ok() : Results.Unauthorized());
            }
        }
        """;

    [Fact]
    public async Task Symbols_with_source_in_a_referenced_compilation_make_no_analyzer_throw()
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
        var references = ReferenceSets.Get(ReferenceSet.Default);
        var library = CSharpCompilation.Create("Shared.Web", new[] { CSharpSyntaxTree.ParseText(Library, parse, "/Shared/Library.cs") }, references, options);
        Assert.Empty(library.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var app = CSharpCompilation.Create(
            "Partner.Api",
            new[] { CSharpSyntaxTree.ParseText(App, parse, "/App/Controllers.cs") },
            references.Add(library.ToMetadataReference()),
            options);
        Assert.Empty(app.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var diagnostics = await app.WithAnalyzers(RobustnessTests.Analyzers(), new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty))
            .GetAnalyzerDiagnosticsAsync();

        var faults = diagnostics.Where(d => d.Id == "AD0001").Select(d => d.GetMessage()).ToList();
        Assert.True(faults.Count == 0, string.Join("\n", faults));
    }
}
