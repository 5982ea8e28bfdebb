using System.Threading.Tasks;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.QueryStringSecretAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.QueryStringSecretCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

/// <summary>AS0002 by value flow: a query value that reaches a check that authenticates the caller is a secret, whatever its name.</summary>
public sealed partial class AS0002QueryStringSecretTests
{
    private const string Settings = """

        public class BillingSettings
        {
            public virtual string WebhookKey { get; set; } = "";
        }

        public static class Helpers
        {
            public static bool FixedTimeEquals(string a, string b) => a.Length == b.Length;
        }
        """;

    [Fact]
    public Task Reports_and_fixes_a_query_parameter_passed_to_a_constant_time_helper() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        public sealed class StripeController : ControllerBase
        {
            private readonly BillingSettings _settings = new();

            [HttpPost("/stripe")]
            public IActionResult Post([FromQuery] string {|AS0002:key|})
                => Helpers.FixedTimeEquals(key, _settings.WebhookKey) ? Ok() : Unauthorized();
        }
        """ + Settings,
        """
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        public sealed class StripeController : ControllerBase
        {
            private readonly BillingSettings _settings = new();

            [HttpPost("/stripe")]
            public IActionResult Post([FromHeader(Name = "X-Key")] string key)
                => Helpers.FixedTimeEquals(key, _settings.WebhookKey) ? Ok() : Unauthorized();
        }
        """ + Settings);

    [Fact]
    public Task Reports_a_query_read_through_TryGetValue_compared_with_a_setting() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        public sealed class AppleController : ControllerBase
        {
            private readonly BillingSettings _settings = new();

            [HttpPost("/apple")]
            public IActionResult Post()
            {
                var key = {|AS0002:HttpContext.Request.Query.TryGetValue("key", out var keyValue)|} ? keyValue.ToString() : null;
                if (key != _settings.WebhookKey)
                    return Unauthorized();
                return Ok();
            }
        }
        """ + Settings);

    [Fact]
    public Task Reports_an_implicit_query_parameter_of_a_minimal_API_handler() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Hooks
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/hook/{id}", (string id, string {|AS0002:code|}) =>
                    code == Environment.GetEnvironmentVariable("HOOK_SECRET") ? Results.Ok() : Results.Unauthorized());
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_query_values_compared_with_non_secrets_or_route_values() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Hooks
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/items", (string page) => page == Environment.GetEnvironmentVariable("DEFAULT_PAGE") ? Results.Ok() : Results.NotFound());
                app.MapPost("/hook/{code}", (string code) =>
                    code == Environment.GetEnvironmentVariable("HOOK_SECRET") ? Results.Ok() : Results.Unauthorized());
                app.MapGet("/sort", (HttpRequest request) => request.Query["sort"] == "name" ? Results.Ok() : Results.NotFound());
            }
        }
        """);

    [Fact]
    public Task Reports_short_password_names() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Http;

        static class Reads
        {
            public static string A(HttpRequest request) => {|AS0002:request.Query["pw"]|}.ToString();
            public static string B(HttpRequest request) => {|AS0002:request.Query["pass"]|}.ToString();
            public static string C(HttpRequest request) => {|AS0002:request.Query["pwd"]|}.ToString();
            public static string D(HttpRequest request) => request.Query["passThrough"].ToString();
            public static string E(HttpRequest request) => request.Query["firstPass"].ToString();
            public static string F(HttpRequest request) => request.Query["tokenIdentifier"].ToString();
            public static string G(HttpRequest request) => request.Query["passwordSalt"].ToString();
        }
        """);
}
