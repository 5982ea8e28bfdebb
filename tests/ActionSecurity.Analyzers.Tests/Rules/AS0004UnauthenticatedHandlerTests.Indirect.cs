using System.Threading.Tasks;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.UnauthenticatedHandlerAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.UnauthenticatedHandlerCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

/// <summary>
/// AS0004 and protection the project applies through code of its own: an authentication middleware whose check sits in
/// the methods it calls (it asks a method for the request's status, which asks a password helper that compares in
/// constant time), and an endpoint convention of its own that requires authorization.
/// </summary>
public sealed partial class AS0004UnauthenticatedHandlerTests
{
    private const string PanelApp = """
        using System;
        using System.Net;
        using System.Security.Cryptography;
        using System.Text;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public static class PasswordCheck
        {
            public static bool Verify(string text, string hash)
            {
                byte[] textBytes = Encoding.UTF8.GetBytes(text);
                textBytes = Digest(textBytes);
                return CryptographicOperations.FixedTimeEquals(textBytes, Convert.FromBase64String(hash));
            }

            private static byte[] Digest(byte[] data) => SHA256.HashData(data);

            public static bool IsPresent(string provided, string storedHash) => provided.Length > 0 && storedHash.Length > 0;
        }

        public sealed class PanelAuthentication
        {
            private readonly RequestDelegate _next;

            public PanelAuthentication(RequestDelegate next) => _next = next;

            public async Task InvokeAsync(HttpContext context)
            {
                var status = Evaluate(context);
                if (status != HttpStatusCode.OK)
                {
                    context.Response.StatusCode = (int)status;
                    return;
                }

                await _next(context);
            }

            private static HttpStatusCode Evaluate(HttpContext context)
            {
                var passwordHash = Environment.GetEnvironmentVariable("PANEL_PASSWORD_HASH");
                if (string.IsNullOrEmpty(passwordHash))
                    return HttpStatusCode.Forbidden;
                if (!context.Request.Headers.TryGetValue("Authentication", out var provided))
                    return HttpStatusCode.Unauthorized;
                return PasswordCheck.CHECK(provided.ToString(), passwordHash) ? HttpStatusCode.OK : HttpStatusCode.Unauthorized;
            }
        }

        [ApiController]
        [Route("Api")]
        public abstract class PanelController : ControllerBase
        {
        }

        [Route("Api/Jobs")]
        public sealed class JobsController : PanelController
        {
            [HttpPost("{name}/Start")]
            public IActionResult START(string name) => Accepted();
        }

        [ApiController]
        [Route("hooks")]
        public sealed class HooksController : ControllerBase
        {
            [HttpPost]
            public IActionResult [|Receive|]() => Accepted();
        }

        public static class Program
        {
            public static void Main(string[] args)
            {
                var app = WebApplication.CreateBuilder(args).Build();
                app.UseRouting();
                app.UseWhen(static context => context.Request.Path.StartsWithSegments("/Api", StringComparison.OrdinalIgnoreCase),
                    static branch => branch.UseMiddleware<PanelAuthentication>());
                app.MapControllers();
                app.Run();
            }
        }
        """;

    [Fact]
    public Task DoesNotReport_routes_under_a_middleware_whose_check_is_two_calls_deep() => Verify.VerifyAnalyzerAsync(
        PanelApp.Replace("CHECK", "Verify").Replace("START", "Start"));

    [Fact]
    public Task Reports_routes_under_a_middleware_whose_helpers_check_no_secret() => Verify.VerifyAnalyzerAsync(
        PanelApp.Replace("CHECK", "IsPresent").Replace("START", "[|Start|]"));

    [Fact]
    public Task Honours_the_projects_own_convention_that_requires_authorization() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class OperationsConventions
        {
            public static RouteHandlerBuilder RequireOperator(this RouteHandlerBuilder builder)
                => builder.WithTags("Operations").RequireAuthorization("operator");

            public static RouteHandlerBuilder Documented(this RouteHandlerBuilder builder, bool secure)
            {
                if (secure)
                    builder.RequireAuthorization();
                return builder.WithTags("Docs");
            }

            public static RouteHandlerBuilder Tagged(this RouteHandlerBuilder builder, RouteHandlerBuilder other)
            {
                other.RequireAuthorization();
                return builder.WithTags("Tagged");
            }
        }

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/dumps", () => Results.Accepted()).RequireOperator();
                app.MapPost("/traces", () => Results.Accepted()).WithName("traces").RequireOperator().WithTags("Diag");
                app.[|MapPost|]("/gcdumps", () => Results.Accepted()).Documented(secure: false);
                var metrics = app.MapGet("/metrics", () => Results.Ok());
                app.[|MapPost|]("/logs", () => Results.Accepted()).Tagged(metrics);
            }
        }
        """);

    [Fact]
    public Task Honours_authorization_required_of_a_group_the_method_is_given() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Routing;

        public static class TodoEndpoints
        {
            public static void Map(RouteGroupBuilder group)
            {
                group.MapPost("/", (string title) => Results.Created("/todos/1", title));
                group.MapDelete("/{id}", (int id) => Results.NoContent());
                group.RequireAuthorization();
            }
        }

        public static class AuditEndpoints
        {
            public static void Map(RouteGroupBuilder group, bool secure)
            {
                if (secure)
                    group.RequireAuthorization();
                group.[|MapPost|]("/", (string entry) => Results.Accepted());
            }
        }

        public static class Program
        {
            public static void Main(string[] args)
            {
                var app = WebApplication.CreateBuilder(args).Build();
                TodoEndpoints.Map(app.MapGroup("/todos"));
                AuditEndpoints.Map(app.MapGroup("/audit"), secure: false);
                app.Run();
            }
        }
        """);
}
