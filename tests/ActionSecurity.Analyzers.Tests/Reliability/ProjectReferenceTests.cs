using System.Collections.Generic;
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

    private const string SharedWeb = """
        using Microsoft.AspNetCore.Mvc;

        namespace Shared.Web;

        public abstract class ResourceController : ControllerBase { }
        """;

    private const string ResourceControllers = """
        using Microsoft.AspNetCore.Mvc;
        using Shared.Web;

        namespace Catalog.Api;

        [ApiController, Route("api/items")]
        public sealed class ItemsController : ResourceController
        {
            [HttpPost]
            public IActionResult Create() => Ok();
        }

        [ApiController, Route("api/tags")]
        public sealed class TagsController : ControllerBase
        {
            [HttpDelete("{id}")]
            public IActionResult Delete(int id) => NoContent();
        }
        """;

    private const string Host = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        public static class Program
        {
            public static void Main(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddControllers();
                var app = builder.Build();
                app.MapControllers();
                app.Run();
            }
        }
        """;

    /// <summary>
    /// AS0004 on a project of controllers, some built on another project's base controller, which a third project hosts:
    /// the app's authorization is set where it is built, out of this compilation's sight, so the rule stays silent on
    /// every controller of that project; the same controllers in the project that builds the app are reported.
    /// </summary>
    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 2)]
    public async Task AS0004_is_silent_on_controllers_of_a_project_that_another_project_hosts(bool buildsTheApp, int expected)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
        var references = ReferenceSets.Get(ReferenceSet.Default);
        var shared = CSharpCompilation.Create("Shared.Web", new[] { CSharpSyntaxTree.ParseText(SharedWeb, parse, "/Shared/Base.cs") }, references, options);
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(ResourceControllers, parse, "/Catalog/ItemsController.cs") };
        if (buildsTheApp)
            trees.Add(CSharpSyntaxTree.ParseText(Host, parse, "/Catalog/Program.cs"));
        var api = CSharpCompilation.Create("Catalog.Api", trees, references.Add(shared.ToMetadataReference()), options);
        Assert.Empty(api.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var diagnostics = await api.WithAnalyzers(RobustnessTests.Analyzers(), new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty))
            .GetAnalyzerDiagnosticsAsync();

        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        Assert.Equal(expected, diagnostics.Count(d => d.Id == "AS0004"));
    }

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
