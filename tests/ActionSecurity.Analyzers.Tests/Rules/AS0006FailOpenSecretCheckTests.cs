using System.Threading.Tasks;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.SecretComparisonAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.SecretComparisonCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

public sealed partial class AS0006FailOpenSecretCheckTests
{
    // ---- Golden scenario 2: both headers missing → null == null → everyone is let in ----

    [Fact]
    public Task Reports_and_fixes_golden_scenario_action_secret_header() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        public sealed class ActionsController : ControllerBase
        {
            public sealed record CreateUserInput(string Name, string Email);

            [HttpPost("/actions/create-user")]
            public IActionResult CreateUser([FromBody] CreateUserInput input)
            {
                if ({|AS0003:{|#0:Request.Headers["ACTION_SECRET"] == Environment.GetEnvironmentVariable("ACTION_SECRET")|}|})
                    return Ok(new { id = Guid.NewGuid(), input.Name });
                return StatusCode(403);
            }
        }
        """,
        new[] { Verify.Diagnostic("AS0006").WithLocation(0).WithArguments("ACTION_SECRET") },
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        public sealed class ActionsController : ControllerBase
        {
            public sealed record CreateUserInput(string Name, string Email);

            [HttpPost("/actions/create-user")]
            public IActionResult CreateUser([FromBody] CreateUserInput input)
            {
                if (Environment.GetEnvironmentVariable("ACTION_SECRET") is { Length: > 0 } actionSecret && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Request.Headers["ACTION_SECRET"].ToString()), Encoding.UTF8.GetBytes(actionSecret)))
                    return Ok(new { id = Guid.NewGuid(), input.Name });
                return StatusCode(403);
            }
        }
        """);

    // ---- Fail-open shapes ----

    [Fact]
    public Task Reports_and_fixes_null_test_that_skips_the_check() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Microsoft.AspNetCore.Http;

        class C
        {
            IResult M(HttpRequest request)
            {
                var expected = Environment.GetEnvironmentVariable("WEBHOOK_SECRET");
                if (expected != null && {|AS0003:{|AS0006:request.Headers["X-Webhook-Secret"] != expected|}|})
                    return Results.Unauthorized();
                return Results.Ok();
            }
        }
        """,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Http;

        class C
        {
            IResult M(HttpRequest request)
            {
                var expected = Environment.GetEnvironmentVariable("WEBHOOK_SECRET");
                if (string.IsNullOrEmpty(expected) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers["X-Webhook-Secret"].ToString()), Encoding.UTF8.GetBytes(expected)))
                    return Results.Unauthorized();
                return Results.Ok();
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_empty_default_compared_with_a_missing_header_read_as_empty() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;

        class C
        {
            bool M(HttpRequest request, IConfiguration configuration)
            {
                var expected = configuration["Actions:Secret"] ?? "";
                var provided = request.Headers["X-Action-Secret"].ToString();
                return {|AS0003:{|AS0006:provided == expected|}|};
            }
        }
        """,
        """
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;

        class C
        {
            bool M(HttpRequest request, IConfiguration configuration)
            {
                var expected = configuration["Actions:Secret"] ?? "";
                var provided = request.Headers["X-Action-Secret"].ToString();
                return !string.IsNullOrEmpty(expected) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided ?? ""), Encoding.UTF8.GetBytes(expected));
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_FixedTimeEquals_of_two_possibly_empty_values() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        class C
        {
            bool M(string provided)
            {
                var expected = Environment.GetEnvironmentVariable("API_KEY");
                return {|AS0006:CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided ?? ""), Encoding.UTF8.GetBytes(expected ?? ""))|};
            }
        }
        """,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        class C
        {
            bool M(string provided)
            {
                var expected = Environment.GetEnvironmentVariable("API_KEY");
                return !string.IsNullOrEmpty(expected) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided ?? ""), Encoding.UTF8.GetBytes(expected));
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_negated_FixedTimeEquals_read_straight_from_configuration() => Verify.VerifyCodeFixAsync(
        """
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;

        class C
        {
            IResult M(HttpRequest request, IConfiguration configuration)
            {
                if (!{|AS0006:CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers["X-Api-Key"].ToString()), Encoding.UTF8.GetBytes(configuration["ApiKey"] ?? ""))|})
                    return Results.Unauthorized();
                return Results.Ok();
            }
        }
        """,
        """
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;

        class C
        {
            IResult M(HttpRequest request, IConfiguration configuration)
            {
                if (configuration["ApiKey"] is not { Length: > 0 } apiKey || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers["X-Api-Key"].ToString()), Encoding.UTF8.GetBytes(apiKey)))
                    return Results.Unauthorized();
                return Results.Ok();
            }
        }
        """);

    [Fact]
    public Task Fixes_after_the_AS0001_fix_turned_the_hard_coded_secret_into_a_secret_store_read() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Webtask
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/webtask", (HttpRequest request) =>
                {
                    if (!{|AS0006:CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers["X-Action-Secret"].ToString()), Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("SECRET")))|})
                        return Results.StatusCode(400);
                    return Results.Ok("hello");
                });
            }
        }
        """,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Webtask
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/webtask", (HttpRequest request) =>
                {
                    if (Environment.GetEnvironmentVariable("SECRET") is not { Length: > 0 } secret || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers["X-Action-Secret"].ToString()), Encoding.UTF8.GetBytes(secret)))
                        return Results.StatusCode(400);
                    return Results.Ok("hello");
                });
            }
        }
        """);

    // ---- Secret stores ----

    [Fact]
    public Task Reports_and_fixes_field_assigned_from_configuration_in_the_constructor() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;

        class WebhookHandler
        {
            private readonly string _expected;

            public WebhookHandler(IConfiguration configuration)
            {
                _expected = configuration.GetValue<string>("Webhook:Token");
            }

            public IResult Handle(HttpRequest request)
                => {|AS0003:{|AS0006:request.Headers["X-Webhook-Token"] == _expected|}|} ? Results.Ok() : Results.Unauthorized();
        }
        """,
        """
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;

        class WebhookHandler
        {
            private readonly string _expected;

            public WebhookHandler(IConfiguration configuration)
            {
                _expected = configuration.GetValue<string>("Webhook:Token");
            }

            public IResult Handle(HttpRequest request)
                => !string.IsNullOrEmpty(_expected) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers["X-Webhook-Token"].ToString()), Encoding.UTF8.GetBytes(_expected)) ? Results.Ok() : Results.Unauthorized();
        }
        """);

    [Fact]
    public Task Reports_options_bound_from_configuration() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Options;

        public sealed class HookOptions { public string Secret { get; set; } }

        class C
        {
            private readonly HookOptions _options;

            public C(IOptions<HookOptions> options) => _options = options.Value;

            bool M(HttpRequest request) => {|AS0003:{|AS0006:request.Headers["X-Hook-Secret"] == _options.Secret|}|};
        }
        """);

    [Fact]
    public Task Reports_configuration_section_value() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.Extensions.Configuration;

        class C
        {
            bool M(string token, IConfiguration configuration) => {|AS0003:{|AS0006:token == configuration.GetSection("Hooks").GetSection("Token").Value|}|};
        }
        """);

    // ---- Hosting models ----

    [Fact]
    public Task Reports_minimal_API_handler() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Endpoints
        {
            public static void Map(WebApplication app)
                => app.MapPost("/hook", (HttpRequest request) =>
                    {|AS0003:{|AS0006:request.Headers["X-Hook-Secret"] != Environment.GetEnvironmentVariable("HOOK_SECRET")|}|} ? Results.Unauthorized() : Results.Ok());
        }
        """);

    [Fact]
    public Task Reports_Azure_Functions_in_process() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Azure.WebJobs;
        using Microsoft.Azure.WebJobs.Extensions.Http;

        public static class Hook
        {
            [FunctionName("Hook")]
            public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequest req)
            {
                string provided = req.Headers["x-hook-secret"];
                if ({|AS0003:{|AS0006:provided != Environment.GetEnvironmentVariable("HOOK_SECRET")|}|})
                    return new UnauthorizedResult();
                return new OkResult();
            }
        }
        """);

    [Fact]
    public Task Reports_Azure_Functions_isolated_worker() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Linq;
        using System.Net;
        using Microsoft.Azure.Functions.Worker.Http;

        public static class Hook
        {
            public static HttpResponseData Run(HttpRequestData req)
            {
                req.Headers.TryGetValues("x-hook-secret", out var values);
                var provided = values?.FirstOrDefault();
                if ({|AS0003:{|AS0006:provided != Environment.GetEnvironmentVariable("HOOK_SECRET")|}|})
                    return req.CreateResponse(HttpStatusCode.Unauthorized);
                return req.CreateResponse(HttpStatusCode.OK);
            }
        }
        """);

    [Fact]
    public Task Reports_AWS_Lambda() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Amazon.Lambda.APIGatewayEvents;

        public class Function
        {
            public APIGatewayProxyResponse Handler(APIGatewayProxyRequest request)
            {
                request.Headers.TryGetValue("x-api-key", out var key);
                if ({|AS0003:{|AS0006:key != Environment.GetEnvironmentVariable("API_KEY")|}|})
                    return new APIGatewayProxyResponse { StatusCode = 401 };
                return new APIGatewayProxyResponse { StatusCode = 200 };
            }
        }
        """);

    // ---- Guards that deny: not reported ----

    [Fact]
    public Task DoesNotReport_when_a_preceding_guard_returns_a_failure() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.AspNetCore.Http;

        class C
        {
            IResult A(HttpRequest request)
            {
                var expected = Environment.GetEnvironmentVariable("ACTION_SECRET");
                if (string.IsNullOrEmpty(expected))
                    return Results.StatusCode(500);
                if ({|AS0003:request.Headers["X-Action-Secret"] != expected|})
                    return Results.Unauthorized();
                return Results.Ok();
            }

            IResult B(HttpRequest request)
            {
                var expected = Environment.GetEnvironmentVariable("ACTION_SECRET");
                if (expected is null)
                    throw new InvalidOperationException("ACTION_SECRET is not set");
                return {|AS0003:request.Headers["X-Action-Secret"] == expected|} ? Results.Ok() : Results.Unauthorized();
            }

            bool D(string provided)
            {
                var expected = Environment.GetEnvironmentVariable("ACTION_SECRET");
                ArgumentException.ThrowIfNullOrEmpty(expected);
                return {|AS0003:provided == expected|};
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_when_the_condition_denies_a_missing_secret() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.AspNetCore.Http;

        class C
        {
            IResult A(HttpRequest request)
            {
                var expected = Environment.GetEnvironmentVariable("ACTION_SECRET");
                if (string.IsNullOrEmpty(expected) || {|AS0003:request.Headers["X-Action-Secret"] != expected|})
                    return Results.Unauthorized();
                return Results.Ok();
            }

            bool B(string provided)
            {
                var expected = Environment.GetEnvironmentVariable("ACTION_SECRET");
                return expected is { Length: > 0 } && {|AS0003:provided == expected|};
            }

            IResult D(HttpRequest request)
            {
                string provided = request.Headers["X-Action-Secret"];
                var expected = Environment.GetEnvironmentVariable("ACTION_SECRET");
                if (string.IsNullOrEmpty(provided) || {|AS0003:provided != expected|})
                    return Results.Unauthorized();
                return Results.Ok();
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_when_the_source_refuses_a_missing_value() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.ComponentModel.DataAnnotations;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.Options;

        public sealed class HookOptions
        {
            [Required]
            public string Secret { get; set; }
        }

        class C
        {
            private readonly string _fromConstructor;
            private readonly HookOptions _options;

            public C(IConfiguration configuration, IOptions<HookOptions> options)
            {
                _fromConstructor = configuration["Hook:Secret"];
                if (string.IsNullOrWhiteSpace(_fromConstructor))
                    throw new InvalidOperationException("Hook:Secret is not configured");
                _options = options.Value;
            }

            bool A(string provided) => {|AS0003:provided == (Environment.GetEnvironmentVariable("HOOK_SECRET") ?? throw new InvalidOperationException())|};
            bool B(string provided) => {|AS0003:provided == _fromConstructor|};
            bool D(string provided) => {|AS0003:provided == _options.Secret|};
        }
        """);

    [Fact]
    public Task DoesNotReport_fixed_code_in_either_form() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        class C
        {
            bool A(string provided)
                => Environment.GetEnvironmentVariable("ACTION_SECRET") is { Length: > 0 } expected
                   && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided ?? ""), Encoding.UTF8.GetBytes(expected));

            bool B(string provided)
            {
                var expected = Environment.GetEnvironmentVariable("ACTION_SECRET");
                return !string.IsNullOrEmpty(expected) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided ?? ""), Encoding.UTF8.GetBytes(expected));
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_comparisons_with_constants_or_between_two_stored_values() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.Extensions.Configuration;

        class C
        {
            bool A() => {|AS0003:Environment.GetEnvironmentVariable("API_KEY") == "changeme"|};
            bool B(IConfiguration configuration) => {|AS0003:configuration["OldApiKey"] == configuration["NewApiKey"]|};
            bool D(string provided) => Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") == provided;
        }
        """);

    // ---- No fix: an enclosing if skips the whole check ----

    [Fact]
    public Task NoFix_for_AS0006_when_an_enclosing_if_skips_the_check() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Microsoft.AspNetCore.Http;

        class C
        {
            IResult M(HttpRequest request)
            {
                var expected = Environment.GetEnvironmentVariable("ACTION_SECRET");
                if (!string.IsNullOrEmpty(expected))
                {
                    if ({|AS0003:{|AS0006:request.Headers["X-Action-Secret"] != expected|}|})
                        return Results.Unauthorized();
                }

                return Results.Ok();
            }
        }
        """,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Http;

        class C
        {
            IResult M(HttpRequest request)
            {
                var expected = Environment.GetEnvironmentVariable("ACTION_SECRET");
                if (!string.IsNullOrEmpty(expected))
                {
                    if (string.IsNullOrEmpty(expected) || !{|AS0006:CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers["X-Action-Secret"].ToString()), Encoding.UTF8.GetBytes(expected))|})
                        return Results.Unauthorized();
                }

                return Results.Ok();
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_when_the_enclosing_if_denies_in_its_else_branch() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.AspNetCore.Http;

        class C
        {
            IResult M(HttpRequest request)
            {
                var expected = Environment.GetEnvironmentVariable("ACTION_SECRET");
                if (expected != null)
                {
                    if ({|AS0003:request.Headers["X-Action-Secret"] != expected|})
                        return Results.Unauthorized();
                }
                else
                {
                    return Results.StatusCode(500);
                }

                return Results.Ok();
            }
        }
        """);

    // ---- Options ----

    [Fact]
    public Task Option_secret_names_makes_a_custom_key_a_secret() => new Verify.Test
    {
        TestCode = """
            using System;

            class C
            {
                bool M(string provided) => {|AS0003:{|AS0006:provided == Environment.GetEnvironmentVariable("HOOK_PIN")|}|};
            }
            """,
        EditorConfig = """
            action_security.secret_names = pin
            """,
    }.RunAsync();

    [Fact]
    public Task Option_per_rule_excluded_names_turns_off_AS0006_only() => new Verify.Test
    {
        TestCode = """
            using System;

            class C
            {
                bool M(string provided) => {|AS0003:provided == Environment.GetEnvironmentVariable("ACTION_SECRET")|};
            }
            """,
        EditorConfig = """
            action_security.AS0006.excluded_names = action_secret
            """,
    }.RunAsync();

    // ---- Fix All ----

    [Fact]
    public Task FixAll_gives_each_pattern_variable_its_own_name() => Verify.VerifyCodeFixAsync(
        """
        using System;

        class C
        {
            bool M(string a, string b)
            {
                var first = {|AS0003:{|AS0006:a == Environment.GetEnvironmentVariable("ACTION_SECRET")|}|};
                var second = {|AS0003:{|AS0006:b == Environment.GetEnvironmentVariable("ACTION_SECRET")|}|};
                return first && second;
            }
        }
        """,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        class C
        {
            bool M(string a, string b)
            {
                var first = Environment.GetEnvironmentVariable("ACTION_SECRET") is { Length: > 0 } actionSecret && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a ?? ""), Encoding.UTF8.GetBytes(actionSecret));
                var second = Environment.GetEnvironmentVariable("ACTION_SECRET") is { Length: > 0 } actionSecret2 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(b ?? ""), Encoding.UTF8.GetBytes(actionSecret2));
                return first && second;
            }
        }
        """);
}
