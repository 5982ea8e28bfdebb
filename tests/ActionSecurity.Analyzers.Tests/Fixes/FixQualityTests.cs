using System.Threading.Tasks;
using ActionSecurity.Analyzers.CodeFixes.Rules;
using ActionSecurity.Analyzers.Rules;
using Xunit;
using Verify1 = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.HardcodedSecretAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.HardcodedSecretCodeFixProvider>;
using Verify2 = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.QueryStringSecretAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.QueryStringSecretCodeFixProvider>;
using Verify3 = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.SecretComparisonAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.SecretComparisonCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Fixes;

/// <summary>
/// What the fixes write reads as a reviewer would write it: AS0001 reads the secret where it is used and never throws
/// from a static initializer, AS0002 names the header after the query key, AS0003 keeps the provided and expected
/// values in their roles, and every fix keeps a <c>\r\n</c> document's line endings and indentation.
/// </summary>
public sealed class FixQualityTests
{
    // ---- AS0001: lazy reads, no throwing static initializer ----

    [Fact]
    public Task AS0001_const_field_becomes_a_property_read_at_each_use() => Verify1.VerifyCodeFixAsync(
        """
        #nullable enable
        public static class Partner
        {
            private const string ApiKey = [|"k3v9Qw2LmZ8rT5yX1pB7nC4d"|];

            public static bool Accepts(string? provided) => provided == ApiKey;
        }
        """,
        """
        #nullable enable
        using System;

        public static class Partner
        {
            private static string ApiKey => Environment.GetEnvironmentVariable("API_KEY") ?? throw new InvalidOperationException("The secret 'API_KEY' is not configured.");

            public static bool Accepts(string? provided) => provided == ApiKey;
        }
        """);

    [Fact]
    public Task AS0001_static_readonly_nullable_field_becomes_a_property_without_a_throw() => Verify1.VerifyCodeFixAsync(
        """
        #nullable enable
        public sealed class Partner
        {
            internal static readonly string? WebhookSecret = [|"whsec-9f8e7d6c5b4a"|];
        }
        """,
        """
        #nullable enable
        using System;

        public sealed class Partner
        {
            internal static string? WebhookSecret => Environment.GetEnvironmentVariable("WEBHOOK_SECRET");
        }
        """);

    [Fact]
    public Task AS0001_static_field_assigned_by_a_static_constructor_is_not_given_a_throwing_initializer() => Verify1.VerifyCodeFixAsync(
        """
        #nullable enable
        public sealed class Partner
        {
            internal static readonly string WebhookSecret = [|"whsec-9f8e7d6c5b4a"|];

            static Partner()
            {
                WebhookSecret = WebhookSecret.Trim();
            }
        }
        """,
        """
        #nullable enable
        public sealed class Partner
        {
            internal static readonly string WebhookSecret = [|"whsec-9f8e7d6c5b4a"|];

            static Partner()
            {
                WebhookSecret = WebhookSecret.Trim();
            }
        }
        """);

    [Fact]
    public async Task AS0001_reuses_the_configuration_key_that_holds_the_same_value()
    {
        var actual = await FixText.ApplyAsync(
            new HardcodedSecretAnalyzer(),
            new HardcodedSecretCodeFixProvider(),
            """
            using System.Text;
            using Microsoft.Extensions.Configuration;

            public sealed class Tokens
            {
                private readonly IConfiguration _configuration;

                public Tokens(IConfiguration configuration) => _configuration = configuration;

                public byte[] Key()
                {
                    var signingKey = "Zt8qL2vN9xR4wK7mP3sD6fH1jB5cG0yE";
                    return Encoding.UTF8.GetBytes(signingKey);
                }
            }
            """,
            appSettings: """
            { "Jwt": { "Issuer": "https://login.example.com", "Key": "Zt8qL2vN9xR4wK7mP3sD6fH1jB5cG0yE" } }
            """);
        Assert.Equal(
            """
            using System;
            using System.Text;
            using Microsoft.Extensions.Configuration;

            public sealed class Tokens
            {
                private readonly IConfiguration _configuration;

                public Tokens(IConfiguration configuration) => _configuration = configuration;

                public byte[] Key()
                {
                    var signingKey = _configuration["Jwt:Key"] ?? throw new InvalidOperationException("The secret 'Jwt:Key' is not configured.");
                    return Encoding.UTF8.GetBytes(signingKey);
                }
            }
            """,
            actual);
    }

    [Fact]
    public async Task AS0001_reuses_the_configuration_key_named_like_the_secret_through_its_environment_variable()
    {
        var actual = await FixText.ApplyAsync(
            new HardcodedSecretAnalyzer(),
            new HardcodedSecretCodeFixProvider(),
            """
            public static class Tokens
            {
                private const string JwtKey = "k3v9Qw2LmZ8rT5yX1pB7nC4d";

                public static int Length() => JwtKey.Length;
            }
            """,
            appSettings: """
            { "Jwt": { "Issuer": "https://login.example.com", "Key": "" } }
            """);
        Assert.Equal(
            """
            using System;

            public static class Tokens
            {
                private static string JwtKey => Environment.GetEnvironmentVariable("Jwt__Key") ?? throw new InvalidOperationException("The secret 'Jwt__Key' is not configured.");

                public static int Length() => JwtKey.Length;
            }
            """,
            actual);
    }

    [Fact]
    public async Task AS0001_in_a_constant_time_comparison_writes_the_fail_closed_guard_so_AS0006_has_nothing_to_report()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.AspNetCore.Http;

            class C
            {
                bool M(HttpRequest request) => CryptographicOperations.FixedTimeEquals(
                    Encoding.UTF8.GetBytes(request.Headers["X-Action-Secret"].ToString()), Encoding.UTF8.GetBytes("Zt8qL2vN9xR4wK7mP3sD6fH1jB5cG0yE"));
            }
            """;
        var actual = await FixText.ApplyAsync(new HardcodedSecretAnalyzer(), new HardcodedSecretCodeFixProvider(), source);
        Assert.Equal(
            """
            using System;
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.AspNetCore.Http;

            class C
            {
                bool M(HttpRequest request) => Environment.GetEnvironmentVariable("ACTION_SECRET") is { Length: > 0 } actionSecret && CryptographicOperations.FixedTimeEquals(
                    Encoding.UTF8.GetBytes(request.Headers["X-Action-Secret"].ToString()), Encoding.UTF8.GetBytes(actionSecret));
            }
            """,
            actual);
        await Verify3.VerifyAnalyzerAsync(actual);
    }

    [Fact]
    public async Task AS0001_keeps_crlf_line_endings_and_indentation()
    {
        var actual = await FixText.ApplyAsync(new HardcodedSecretAnalyzer(), new HardcodedSecretCodeFixProvider(), FixText.Crlf(
            """
            namespace Hooks
            {
                public static class Partner
                {
                    private const string ApiKey = "k3v9Qw2LmZ8rT5yX1pB7nC4d";

                    public static bool Accepts(string? provided) => provided == ApiKey;
                }
            }
            """));
        FixText.AssertCrlf(
            """
            using System;

            namespace Hooks
            {
                public static class Partner
                {
                    private static string ApiKey => Environment.GetEnvironmentVariable("API_KEY") ?? throw new InvalidOperationException("The secret 'API_KEY' is not configured.");

                    public static bool Accepts(string? provided) => provided == ApiKey;
                }
            }
            """,
            actual);
    }

    // ---- AS0002: the header is named after the query key ----

    [Fact]
    public Task AS0002_names_the_header_after_the_query_key() => Verify2.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;

        class C
        {
            string A(HttpRequest request) => [|request.Query["api_key"]|];
            string B(HttpRequest request) => [|request.Query["token"]|];
            string D(HttpRequest request) => [|request.Query["webhookSecret"]|];
            string E(HttpRequest request) => [|request.Query["secret"]|];
        }
        """,
        """
        using Microsoft.AspNetCore.Http;

        class C
        {
            string A(HttpRequest request) => request.Headers["X-Api-Key"];
            string B(HttpRequest request) => request.Headers["X-Token"];
            string D(HttpRequest request) => request.Headers["X-Webhook-Secret"];
            string E(HttpRequest request) => request.Headers["X-Secret"];
        }
        """);

    [Fact]
    public Task AS0002_names_the_header_after_the_bound_query_name_of_a_parameter() => Verify2.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        static class Api
        {
            public static void Map(WebApplication app)
                => app.MapPost("/hook", ([FromQuery(Name = "api_key")] string [|key|]) => Results.Ok(key.Length));
        }
        """,
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        static class Api
        {
            public static void Map(WebApplication app)
                => app.MapPost("/hook", ([FromHeader(Name = "X-Api-Key")] string key) => Results.Ok(key.Length));
        }
        """);

    [Fact]
    public Task AS0002_uses_the_configured_header_when_secret_header_is_set() => new Verify2.Test
    {
        TestCode = """
            using Microsoft.AspNetCore.Http;
            class C { string M(HttpRequest request) => [|request.Query["api_key"]|]; }
            """,
        FixedCode = """
            using Microsoft.AspNetCore.Http;
            class C { string M(HttpRequest request) => request.Headers["X-Partner-Auth"]; }
            """,
        EditorConfig = """
            action_security.secret_header = X-Partner-Auth
            """,
    }.RunAsync();

    [Fact]
    public async Task AS0002_keeps_crlf_line_endings_and_indentation()
    {
        var actual = await FixText.ApplyAsync(new QueryStringSecretAnalyzer(), new QueryStringSecretCodeFixProvider(), FixText.Crlf(
            """
            using Microsoft.AspNetCore.Http;

            class C
            {
                bool M(HttpRequest request)
                {
                    var key = request.Query["api_key"];
                    return key.Count > 0;
                }
            }
            """));
        FixText.AssertCrlf(
            """
            using Microsoft.AspNetCore.Http;

            class C
            {
                bool M(HttpRequest request)
                {
                    var key = request.Headers["X-Api-Key"];
                    return key.Count > 0;
                }
            }
            """,
            actual);
    }

    // ---- AS0003: provided and expected keep their roles ----

    [Fact]
    public Task AS0003_in_an_action_filter_with_the_expected_value_on_the_left_keeps_the_roles() => Verify3.VerifyCodeFixAsync(
        """
        #nullable enable
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.Filters;

        public sealed class ApiKeyFilter : IActionFilter
        {
            private readonly string _apiKey;

            public ApiKeyFilter(string apiKey) => _apiKey = apiKey;

            public void OnActionExecuting(ActionExecutingContext context)
            {
                string? provided = context.HttpContext.Request.Headers["X-Api-Key"];
                if ({|AS0003:_apiKey != provided|})
                    context.Result = new UnauthorizedResult();
            }

            public void OnActionExecuted(ActionExecutedContext context)
            {
            }
        }
        """,
        """
        #nullable enable
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.Filters;

        public sealed class ApiKeyFilter : IActionFilter
        {
            private readonly string _apiKey;

            public ApiKeyFilter(string apiKey) => _apiKey = apiKey;

            public void OnActionExecuting(ActionExecutingContext context)
            {
                string? provided = context.HttpContext.Request.Headers["X-Api-Key"];
                if (string.IsNullOrEmpty(_apiKey) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided ?? ""), Encoding.UTF8.GetBytes(_apiKey)))
                    context.Result = new UnauthorizedResult();
            }

            public void OnActionExecuted(ActionExecutedContext context)
            {
            }
        }
        """);

    [Fact]
    public Task AS0003_names_its_pattern_variable_without_regard_to_a_sibling_handlers_locals() => Verify3.VerifyCodeFixAsync(
        """
        #nullable enable
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Hooks
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/a", (HttpRequest request) =>
                    {|AS0006:{|AS0003:request.Headers["X-Token"] == Environment.GetEnvironmentVariable("TOKEN")|}|} ? Results.Ok() : Results.Unauthorized());
                app.MapPost("/b", (HttpRequest request) =>
                {
                    var token = request.Headers["X-Other"].ToString();
                    return Results.Ok(token.Length);
                });
            }
        }
        """,
        """
        #nullable enable
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Hooks
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/a", (HttpRequest request) =>
                    Environment.GetEnvironmentVariable("TOKEN") is { Length: > 0 } token && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers["X-Token"].ToString()), Encoding.UTF8.GetBytes(token)) ? Results.Ok() : Results.Unauthorized());
                app.MapPost("/b", (HttpRequest request) =>
                {
                    var token = request.Headers["X-Other"].ToString();
                    return Results.Ok(token.Length);
                });
            }
        }
        """);

    [Fact]
    public async Task AS0003_keeps_crlf_line_endings_and_indentation()
    {
        var actual = await FixText.ApplyAsync(new SecretComparisonAnalyzer(), new SecretComparisonCodeFixProvider(), FixText.Crlf(
            """
            using Microsoft.AspNetCore.Http;

            namespace Hooks
            {
                static class Check
                {
                    public static bool Verify(HttpRequest request, string expectedSecret)
                    {
                        string? provided = request.Headers["X-Action-Secret"];
                        return provided == expectedSecret;
                    }
                }
            }
            """));
        FixText.AssertCrlf(
            """
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.AspNetCore.Http;

            namespace Hooks
            {
                static class Check
                {
                    public static bool Verify(HttpRequest request, string expectedSecret)
                    {
                        string? provided = request.Headers["X-Action-Secret"];
                        return !string.IsNullOrEmpty(expectedSecret) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided ?? ""), Encoding.UTF8.GetBytes(expectedSecret));
                    }
                }
            }
            """,
            actual);
    }

    // ---- AS0007: the 401 ----

    [Fact]
    public async Task AS0007_keeps_crlf_line_endings_and_indentation()
    {
        var actual = await FixText.ApplyAsync(new AuthFailureStatusAnalyzer(), new AuthFailureStatusCodeFixProvider(), FixText.Crlf(
            """
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            static class Webtask
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/webtask", (HttpRequest request) =>
                    {
                        if (request.Headers["X-Action-Secret"] != Environment.GetEnvironmentVariable("ACTION_SECRET"))
                        {
                            return Results.BadRequest("wrong secret");
                        }

                        return Results.Ok();
                    });
                }
            }
            """));
        FixText.AssertCrlf(
            """
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            static class Webtask
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/webtask", (HttpRequest request) =>
                    {
                        if (request.Headers["X-Action-Secret"] != Environment.GetEnvironmentVariable("ACTION_SECRET"))
                        {
                            return Results.Unauthorized();
                        }

                        return Results.Ok();
                    });
                }
            }
            """,
            actual);
    }
}
