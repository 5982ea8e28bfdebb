using System.Threading.Tasks;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.SecretLoggedAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.SecretLoggedCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

public sealed class AS0008SecretLoggedTests
{
    // ---- ILogger ----

    [Fact]
    public Task Reports_and_fixes_template_argument_and_its_placeholder() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        static class Hook
        {
            public static IResult Handle(HttpRequest request, ILogger logger, string user)
            {
                string token = request.Headers["X-Token"];
                logger.LogInformation("Received token {Token} for {User}", [|token|], user);
                return Results.Ok();
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        static class Hook
        {
            public static IResult Handle(HttpRequest request, ILogger logger, string user)
            {
                string token = request.Headers["X-Token"];
                logger.LogInformation("Received token for {User}", user);
                return Results.Ok();
            }
        }
        """);

    [Fact]
    public Task Reports_message_with_the_secret_name() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        static class Hook
        {
            public static void Handle(HttpRequest request, ILogger logger)
            {
                logger.LogDebug("Secret was {Secret}", {|#0:request.Headers["X-Action-Secret"]|});
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("X-Action-Secret"));

    [Fact]
    public Task Reports_and_fixes_interpolated_message() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.Extensions.Logging;

        static class Hook
        {
            public static void Handle(ILogger logger, string ip, string webhookSecret)
            {
                logger.LogWarning($"Webhook from {ip} with secret {[|webhookSecret|]} rejected");
            }
        }
        """,
        """
        using Microsoft.Extensions.Logging;

        static class Hook
        {
            public static void Handle(ILogger logger, string ip, string webhookSecret)
            {
                logger.LogWarning($"Webhook from {ip} with secret rejected");
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_labelled_secret_from_the_secret_store() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Microsoft.Extensions.Logging;

        static class Startup
        {
            public static void Log(ILogger log)
            {
                log.LogInformation("Using key={ApiKey} in {Region}", [|Environment.GetEnvironmentVariable("API_KEY")|], "eu");
            }
        }
        """,
        """
        using System;
        using Microsoft.Extensions.Logging;

        static class Startup
        {
            public static void Log(ILogger log)
            {
                log.LogInformation("Using in {Region}", "eu");
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_secret_as_the_whole_message() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.Extensions.Logging;

        static class Hook
        {
            public static void Handle(ILogger logger, string password) => logger.LogError([|password|]);
        }
        """,
        """
        using Microsoft.Extensions.Logging;

        static class Hook
        {
            public static void Handle(ILogger logger, string password) => logger.LogError("***");
        }
        """);

    [Fact]
    public Task Reports_and_fixes_anonymous_object_member() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.Extensions.Logging;

        static class Hook
        {
            public static void Handle(ILogger logger, string user, string token)
            {
                logger.LogInformation("{@Payload}", new { user, [|token|] });
            }
        }
        """,
        """
        using Microsoft.Extensions.Logging;

        static class Hook
        {
            public static void Handle(ILogger logger, string user, string token)
            {
                logger.LogInformation("{@Payload}", new { user, token = "***" });
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_LoggerMessage_method_argument() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.Extensions.Logging;

        static partial class Hook
        {
            [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Token {Token}")]
            static partial void LogToken(ILogger logger, string token);

            public static void Handle(ILogger logger, string apiToken) => LogToken(logger, [|apiToken|]);
        }
        """,
        """
        using Microsoft.Extensions.Logging;

        static partial class Hook
        {
            [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Token {Token}")]
            static partial void LogToken(ILogger logger, string token);

            public static void Handle(ILogger logger, string apiToken) => LogToken(logger, "***");
        }
        """);

    // ---- Console, Debug, Trace, Activity ----

    [Fact]
    public Task Reports_and_fixes_Console_WriteLine() => Verify.VerifyCodeFixAsync(
        """
        using System;

        static class Hook
        {
            public static void Handle(string apiKey, string password)
            {
                Console.WriteLine([|apiKey|]);
                Console.Error.WriteLine("Password: " + [|password|]);
            }
        }
        """,
        """
        using System;

        static class Hook
        {
            public static void Handle(string apiKey, string password)
            {
                Console.WriteLine("***");
                Console.Error.WriteLine("Password: " + "***");
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_Debug_and_Trace_writes() => Verify.VerifyCodeFixAsync(
        """
        using System.Diagnostics;

        static class Hook
        {
            public static void Handle(string apiKey, string sharedSecret)
            {
                Debug.WriteLine(string.Format("key={0}", [|apiKey|]));
                Trace.TraceInformation("secret {0}", [|sharedSecret|]);
            }
        }
        """,
        """
        using System.Diagnostics;

        static class Hook
        {
            public static void Handle(string apiKey, string sharedSecret)
            {
                Debug.WriteLine(string.Format("key={0}", "***"));
                Trace.TraceInformation("secret {0}", "***");
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_Activity_tag() => Verify.VerifyCodeFixAsync(
        """
        using System.Diagnostics;
        using Microsoft.AspNetCore.Http;

        static class Hook
        {
            public static void Handle(HttpRequest request)
            {
                Activity.Current?.SetTag("auth.header", [|request.Headers["Authorization"]|]);
            }
        }
        """,
        """
        using System.Diagnostics;
        using Microsoft.AspNetCore.Http;

        static class Hook
        {
            public static void Handle(HttpRequest request)
            {
                Activity.Current?.SetTag("auth.header", "***");
            }
        }
        """);

    // ---- Other hosting models ----

    [Fact]
    public Task Reports_and_fixes_Lambda_logger() => Verify.VerifyCodeFixAsync(
        """
        using Amazon.Lambda.APIGatewayEvents;
        using Amazon.Lambda.Core;

        sealed class Function
        {
            public APIGatewayProxyResponse Handler(APIGatewayProxyRequest request, ILambdaContext context)
            {
                context.Logger.LogLine("Key: " + [|request.Headers["x-api-key"]|]);
                return new APIGatewayProxyResponse { StatusCode = 200 };
            }
        }
        """,
        """
        using Amazon.Lambda.APIGatewayEvents;
        using Amazon.Lambda.Core;

        sealed class Function
        {
            public APIGatewayProxyResponse Handler(APIGatewayProxyRequest request, ILambdaContext context)
            {
                context.Logger.LogLine("Key: " + "***");
                return new APIGatewayProxyResponse { StatusCode = 200 };
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_isolated_worker_function_log() => Verify.VerifyCodeFixAsync(
        """
        using System.Net;
        using Microsoft.Azure.Functions.Worker;
        using Microsoft.Azure.Functions.Worker.Http;
        using Microsoft.Extensions.Logging;

        sealed class Hook
        {
            [Function("Hook")]
            public HttpResponseData Run([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequestData req, ILogger log)
            {
                log.LogInformation("Called with {Token} from {Method}", [|req.Query["token"]|], req.Method);
                return req.CreateResponse(HttpStatusCode.OK);
            }
        }
        """,
        """
        using System.Net;
        using Microsoft.Azure.Functions.Worker;
        using Microsoft.Azure.Functions.Worker.Http;
        using Microsoft.Extensions.Logging;

        sealed class Hook
        {
            [Function("Hook")]
            public HttpResponseData Run([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequestData req, ILogger log)
            {
                log.LogInformation("Called with from {Method}", req.Method);
                return req.CreateResponse(HttpStatusCode.OK);
            }
        }
        """);

    // ---- Whole URL of a request that carries a query-string secret ----

    [Fact]
    public Task NoFix_logging_the_url_of_a_request_with_a_query_string_secret() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Http.Extensions;
        using Microsoft.Extensions.Logging;

        static class Webtask
        {
            public static IResult Handle(HttpRequest request, ILogger logger)
            {
                logger.LogInformation("Request {Url}", [|request.GetDisplayUrl()|]);
                logger.LogInformation("Query " + [|request.QueryString|]);
                return request.Query["secret"] == "open-sesame" ? Results.Ok() : Results.Unauthorized();
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Http.Extensions;
        using Microsoft.Extensions.Logging;

        static class Webtask
        {
            public static IResult Handle(HttpRequest request, ILogger logger)
            {
                logger.LogInformation("Request {Url}", [|request.GetDisplayUrl()|]);
                logger.LogInformation("Query " + [|request.QueryString|]);
                return request.Query["secret"] == "open-sesame" ? Results.Ok() : Results.Unauthorized();
            }
        }
        """);

    [Fact]
    public Task Reports_url_message_with_the_query_key() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Http.Extensions;
        using Microsoft.Extensions.Logging;

        static class Webtask
        {
            public static bool Handle(HttpRequest request, ILogger logger)
            {
                logger.LogInformation("Request {Url}", {|#0:request.GetEncodedUrl()|});
                return request.Query["api_key"] == "x";
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("api_key"));

    [Fact]
    public Task Reports_isolated_worker_url_query() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.Azure.Functions.Worker.Http;
        using Microsoft.Extensions.Logging;

        static class Hook
        {
            public static bool Handle(HttpRequestData req, ILogger log)
            {
                log.LogInformation("Query {Query}", [|req.Url.Query|]);
                return req.Query["api_key"] != null;
            }
        }
        """);

    // ---- Not reported ----

    [Fact]
    public Task DoesNotReport_name_length_or_presence_of_a_secret() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading;
        using Microsoft.Extensions.Logging;

        static class Hook
        {
            public static void Handle(ILogger logger, string token, string secretary, string SecretName, CancellationToken cancellationToken)
            {
                logger.LogInformation("Checked {Header} ({Length} chars)", "X-Api-Key", token.Length);
                logger.LogInformation("Has token: {HasToken}", token != null);
                logger.LogInformation("Secret {Name} for {Secretary}", SecretName, secretary);
                logger.LogInformation("Cancelled: {Cancelled}", cancellationToken);
                logger.LogInformation("Token is missing");
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_url_when_the_query_carries_no_secret() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Http.Extensions;
        using Microsoft.Extensions.Logging;

        static class Hook
        {
            public static string Handle(HttpRequest request, ILogger logger)
            {
                logger.LogInformation("Request {Url}", request.GetDisplayUrl());
                return request.Query["page"];
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_secret_passed_to_non_logging_calls() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Text;

        static class Hook
        {
            public static byte[] Handle(string apiKey)
            {
                var text = string.Concat("Bearer ", apiKey);
                Console.Beep();
                return Encoding.UTF8.GetBytes(text);
            }
        }
        """);

    // ---- Options ----

    [Fact]
    public Task Option_secret_names_makes_a_name_a_secret() => new Verify.Test
    {
        TestCode = """
            using Microsoft.Extensions.Logging;

            static class Hook
            {
                public static void Handle(ILogger logger, string pin) => logger.LogInformation("Pin {Pin} accepted", [|pin|]);
            }
            """,
        FixedCode = """
            using Microsoft.Extensions.Logging;

            static class Hook
            {
                public static void Handle(ILogger logger, string pin) => logger.LogInformation("Pin accepted");
            }
            """,
        EditorConfig = """
            root = true

            [*.cs]
            action_security.secret_names = pin
            """,
    }.RunAsync();

    [Fact]
    public Task Option_excluded_names_turns_a_secret_name_off() => new Verify.Test
    {
        TestCode = """
            using Microsoft.Extensions.Logging;

            static class Hook
            {
                public static void Handle(ILogger logger, string publicToken) => logger.LogInformation("Token {Token}", publicToken);
            }
            """,
        FixedCode = """
            using Microsoft.Extensions.Logging;

            static class Hook
            {
                public static void Handle(ILogger logger, string publicToken) => logger.LogInformation("Token {Token}", publicToken);
            }
            """,
        EditorConfig = """
            root = true

            [*.cs]
            action_security.excluded_names = publicToken
            """,
    }.RunAsync();

    // ---- Fix All ----

    [Fact]
    public Task FixAll_removes_every_secret_from_the_logs() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Microsoft.Extensions.Logging;

        static class Hook
        {
            public static void Handle(ILogger logger, string user, string apiKey, string password)
            {
                logger.LogInformation("User {User} key {ApiKey} password {Password}", user, [|apiKey|], [|password|]);
                logger.LogWarning($"{[|apiKey|]}/{[|password|]} for {user}");
                Console.WriteLine([|password|]);
            }
        }
        """,
        """
        using System;
        using Microsoft.Extensions.Logging;

        static class Hook
        {
            public static void Handle(ILogger logger, string user, string apiKey, string password)
            {
                logger.LogInformation("User {User} key password", user);
                logger.LogWarning($"/ for {user}");
                Console.WriteLine("***");
            }
        }
        """);
}
