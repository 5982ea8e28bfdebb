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
                logger.LogWarning($"Webhook from {ip} rejected");
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
                log.LogInformation("Using key={ApiKey} in {Region}", "***", "eu");
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
                log.LogInformation("Called from {Method}", req.Method);
                return req.CreateResponse(HttpStatusCode.OK);
            }
        }
        """);

    // ---- Any class: services, typed clients, middleware, background jobs ----

    [Fact]
    public Task Reports_and_fixes_secret_named_field_in_a_typed_client() => Verify.VerifyCodeFixAsync(
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;

        public sealed class PartnerClient
        {
            private readonly HttpClient _http;
            private readonly ILogger<PartnerClient> _logger;
            private readonly string _apiKey;

            public PartnerClient(HttpClient http, ILogger<PartnerClient> logger, string apiKey)
            {
                _http = http;
                _logger = logger;
                _apiKey = apiKey;
            }

            public Task<string> GetAsync(string path)
            {
                _logger.LogDebug("Calling partner API with key {ApiKey}", [|_apiKey|]);
                return _http.GetStringAsync(path);
            }
        }
        """,
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;

        public sealed class PartnerClient
        {
            private readonly HttpClient _http;
            private readonly ILogger<PartnerClient> _logger;
            private readonly string _apiKey;

            public PartnerClient(HttpClient http, ILogger<PartnerClient> logger, string apiKey)
            {
                _http = http;
                _logger = logger;
                _apiKey = apiKey;
            }

            public Task<string> GetAsync(string path)
            {
                _logger.LogDebug("Calling partner API");
                return _http.GetStringAsync(path);
            }
        }
        """);

    [Fact]
    public Task Reports_every_sink_in_a_background_job() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Diagnostics;
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.Lambda.Core;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;

        public sealed partial class TokenRefresher : BackgroundService
        {
            private readonly ILogger _logger;
            private readonly ILambdaLogger _lambda;
            private string _refreshToken = "";

            public TokenRefresher(ILogger<TokenRefresher> logger, ILambdaLogger lambda)
            {
                _logger = logger;
                _lambda = lambda;
            }

            [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Refreshed {Token}")]
            static partial void LogRefreshed(ILogger logger, string token);

            protected override Task ExecuteAsync(CancellationToken stoppingToken)
            {
                _logger.LogTrace("t {T}", [|_refreshToken|]);
                _logger.LogDebug("t {T}", [|_refreshToken|]);
                _logger.LogInformation("t {T}", [|_refreshToken|]);
                _logger.LogWarning("t {T}", [|_refreshToken|]);
                _logger.LogError("t {T}", [|_refreshToken|]);
                _logger.LogCritical("t {T}", [|_refreshToken|]);
                _logger.Log(LogLevel.Information, "t {T}", [|_refreshToken|]);
                using (_logger.BeginScope("t {T}", [|_refreshToken|])) { }
                _logger.Log(LogLevel.Information, default, [|_refreshToken|], null, (s, e) => "");
                LogRefreshed(_logger, [|_refreshToken|]);
                Console.WriteLine([|_refreshToken|]);
                Console.Write([|_refreshToken|]);
                Console.Out.WriteLine([|_refreshToken|]);
                Console.Error.Write([|_refreshToken|]);
                Debug.WriteLine([|_refreshToken|]);
                Debug.Print([|_refreshToken|]);
                Debug.WriteLineIf(true, [|_refreshToken|]);
                Trace.WriteLine([|_refreshToken|]);
                Trace.TraceInformation([|_refreshToken|]);
                Trace.TraceWarning([|_refreshToken|]);
                Trace.TraceError([|_refreshToken|]);
                Activity.Current?.SetTag("t", [|_refreshToken|]);
                Activity.Current?.AddTag("t", [|_refreshToken|]);
                Activity.Current?.SetBaggage("t", [|_refreshToken|]);
                Activity.Current?.AddBaggage("t", [|_refreshToken|]);
                _lambda.LogLine([|_refreshToken|]);
                _lambda.Log([|_refreshToken|]);
                LambdaLogger.Log([|_refreshToken|]);
                return Task.CompletedTask;
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_non_secret_values_in_a_background_job() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;

        public sealed class TokenRefresher : BackgroundService
        {
            private readonly ILogger _logger;
            private string _refreshToken = "";
            private DateTime _tokenExpiry;
            private string _tokenEndpoint = "";

            public TokenRefresher(ILogger<TokenRefresher> logger) => _logger = logger;

            protected override Task ExecuteAsync(CancellationToken stoppingToken)
            {
                _logger.LogInformation("Refreshing at {Endpoint}, expires {Expiry}, {Length} chars", _tokenEndpoint, _tokenExpiry, _refreshToken.Length);
                Console.WriteLine("Token refreshed");
                return Task.CompletedTask;
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_secret_named_property_in_middleware() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        public sealed class PartnerOptions
        {
            public string ClientSecret { get; set; } = "";
            public string Host { get; set; } = "";
        }

        public sealed class PartnerMiddleware
        {
            private readonly RequestDelegate _next;
            private readonly ILogger<PartnerMiddleware> _logger;

            public PartnerMiddleware(RequestDelegate next, ILogger<PartnerMiddleware> logger)
            {
                _next = next;
                _logger = logger;
            }

            public PartnerOptions Options { get; } = new();

            public Task InvokeAsync(HttpContext context)
            {
                _logger.LogInformation("Connecting with secret {Secret} to {Host}", [|Options.ClientSecret|], Options.Host);
                return _next(context);
            }
        }
        """,
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        public sealed class PartnerOptions
        {
            public string ClientSecret { get; set; } = "";
            public string Host { get; set; } = "";
        }

        public sealed class PartnerMiddleware
        {
            private readonly RequestDelegate _next;
            private readonly ILogger<PartnerMiddleware> _logger;

            public PartnerMiddleware(RequestDelegate next, ILogger<PartnerMiddleware> logger)
            {
                _next = next;
                _logger = logger;
            }

            public PartnerOptions Options { get; } = new();

            public Task InvokeAsync(HttpContext context)
            {
                _logger.LogInformation("Connecting to {Host}", Options.Host);
                return _next(context);
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_secret_constant() => Verify.VerifyCodeFixAsync(
        """
        using System;

        static class PartnerApi
        {
            private const string ApiKey = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";
            private const string AdminPassword = "P@ssw0rd!";

            public static void Describe()
            {
                Console.WriteLine("Partner key: " + [|ApiKey|]);
                Console.WriteLine([|AdminPassword|]);
            }
        }
        """,
        """
        using System;

        static class PartnerApi
        {
            private const string ApiKey = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";
            private const string AdminPassword = "P@ssw0rd!";

            public static void Describe()
            {
                Console.WriteLine("Partner key: " + "***");
                Console.WriteLine("***");
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_constants_that_name_a_secret() => Verify.VerifyAnalyzerAsync(
        """
        using System;

        static class PartnerApi
        {
            private const string ApiKeyHeader = "X-Api-Key";
            private const string ApiKey = "ApiKey";
            private const string Password = "<password>";
            private const string DashboardClientKey = "dashboardclient";

            public static void Describe()
            {
                const string token = "token";
                Console.WriteLine("Send the key in " + ApiKeyHeader + " or " + ApiKey + Password + token + DashboardClientKey);
            }
        }
        """);

    // ---- Login models ----

    [Fact]
    public Task Reports_and_fixes_login_model_password() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Logging;

        public sealed class LoginModel
        {
            public string UserName { get; set; } = "";
            public string Password { get; set; } = "";
            public string PasswordHint { get; set; } = "";
            public bool RememberMe { get; set; }
        }

        public sealed class AccountController : Controller
        {
            private readonly ILogger<AccountController> _logger;

            public AccountController(ILogger<AccountController> logger) => _logger = logger;

            [HttpPost]
            public IActionResult Login(LoginModel model)
            {
                _logger.LogWarning("Failed login for {User} with password {Password}", model.UserName, [|model.Password|]);
                _logger.LogInformation("Hint {Hint}, remember {Remember}", model.PasswordHint, model.RememberMe);
                return Unauthorized();
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Logging;

        public sealed class LoginModel
        {
            public string UserName { get; set; } = "";
            public string Password { get; set; } = "";
            public string PasswordHint { get; set; } = "";
            public bool RememberMe { get; set; }
        }

        public sealed class AccountController : Controller
        {
            private readonly ILogger<AccountController> _logger;

            public AccountController(ILogger<AccountController> logger) => _logger = logger;

            [HttpPost]
            public IActionResult Login(LoginModel model)
            {
                _logger.LogWarning("Failed login for {User}", model.UserName);
                _logger.LogInformation("Hint {Hint}, remember {Remember}", model.PasswordHint, model.RememberMe);
                return Unauthorized();
            }
        }
        """);

    // ---- Prefixes and substrings ----

    [Fact]
    public Task Reports_prefixes_and_substrings_of_a_secret() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Microsoft.Extensions.Logging;

        static class Keys
        {
            public static void Describe(ILogger logger, string apiKey, string webhookSecret, string token)
            {
                logger.LogInformation("Key starts {Prefix}", [|apiKey[..10]|]);
                Console.WriteLine("secret " + [|webhookSecret.Substring(0, 6)|]);
                Console.WriteLine($"token {[|token.AsSpan(0, 4).ToString()|]}...");
                Console.WriteLine($"middle {[|token[2..8]|]}");
                var prefix = apiKey[..6];
                logger.LogDebug("Using {Prefix}", [|prefix|]);
            }
        }
        """,
        """
        using System;
        using Microsoft.Extensions.Logging;

        static class Keys
        {
            public static void Describe(ILogger logger, string apiKey, string webhookSecret, string token)
            {
                logger.LogInformation("Key starts");
                Console.WriteLine("secret " + "***");
                Console.WriteLine($"token ***...");
                Console.WriteLine($"middle");
                var prefix = apiKey[..6];
                logger.LogDebug("Using {Prefix}", "***");
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_the_last_four_characters_of_a_secret() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.Extensions.Logging;

        static class Keys
        {
            public static void Describe(ILogger logger, string apiKey, string name)
            {
                logger.LogInformation("Key ending {Suffix}", apiKey[^4..]);
                Console.WriteLine("key ****" + apiKey.Substring(apiKey.Length - 4));
                Console.WriteLine(name.Substring(0, 3));
                var suffix = apiKey[^4..];
                var first = name[..2];
                logger.LogDebug("{Suffix} {First}", suffix, first);
            }
        }
        """);

    // ---- Authorization and secret headers, whole collections ----

    [Fact]
    public Task Reports_authorization_header_reads() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;
        using Microsoft.Net.Http.Headers;

        static class Hook
        {
            public static void Handle(HttpRequest request, ILogger logger)
            {
                logger.LogDebug("Auth {Auth}", [|request.Headers["Authorization"]|]);
                logger.LogDebug("Auth {Auth}", [|request.Headers.Authorization|]);
                logger.LogDebug("Auth {Auth}", [|request.Headers[HeaderNames.Authorization]|]);
                logger.LogDebug("Key {Key}", [|request.Headers["X-Api-Key"]|]);
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_ordinary_header_reads() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        static class Hook
        {
            public static void Handle(HttpRequest request, ILogger logger)
            {
                logger.LogDebug("Agent {Agent}", request.Headers["User-Agent"]);
                logger.LogDebug("Type {Type}", request.Headers.ContentType);
                logger.LogDebug("Has auth {HasAuth}", request.Headers.ContainsKey("Authorization"));
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_whole_header_query_and_cookie_collections() => Verify.VerifyCodeFixAsync(
        """
        using System.Net.Http;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        static class Hook
        {
            public static void Handle(HttpRequest request, HttpRequestMessage outgoing, ILogger logger)
            {
                logger.LogDebug("Request headers: {Headers}", [|request.Headers|]);
                logger.LogDebug("Query {Query} received", [|request.Query|]);
                logger.LogDebug($"Query string {[|request.QueryString|]}");
                var cookies = request.Cookies;
                logger.LogDebug("Cookies {Cookies}", [|cookies|]);
                logger.LogDebug("Sending {Headers}", [|outgoing.Headers.ToString()|]);
            }
        }
        """,
        """
        using System.Net.Http;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        static class Hook
        {
            public static void Handle(HttpRequest request, HttpRequestMessage outgoing, ILogger logger)
            {
                logger.LogDebug("Request headers");
                logger.LogDebug("Query received");
                logger.LogDebug($"Query string");
                var cookies = request.Cookies;
                logger.LogDebug("Cookies");
                logger.LogDebug("Sending");
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_response_headers_or_request_metadata() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        static class Hook
        {
            public static void Handle(HttpContext context, ILogger logger)
            {
                logger.LogDebug("Response {Headers}", context.Response.Headers);
                logger.LogDebug("{Count} headers, path {Path}, method {Method}", context.Request.Headers.Count, context.Request.Path, context.Request.Method);
                logger.LogDebug("Has query {HasQuery}", context.Request.QueryString.HasValue);
            }
        }
        """);

    // ---- The fix keeps the sentence readable ----

    [Fact]
    public Task Fixes_placeholder_with_its_lead_in_words() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.Extensions.Logging;

        static class StripeHook
        {
            public static void Verify(ILogger logger, string expectedSignature, string header)
            {
                logger.LogWarning("Stripe signature mismatch: expected {Expected} but got {Actual}", [|expectedSignature|], header.Length);
            }
        }
        """,
        """
        using Microsoft.Extensions.Logging;

        static class StripeHook
        {
            public static void Verify(ILogger logger, string expectedSignature, string header)
            {
                logger.LogWarning("Stripe signature mismatch: got {Actual}", header.Length);
            }
        }
        """);

    [Fact]
    public Task FixAll_removes_both_sides_of_a_mismatch_message() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.Extensions.Logging;

        static class StripeHook
        {
            public static void Verify(ILogger logger, string expectedSignature, string signature)
            {
                logger.LogWarning("Stripe signature mismatch: expected {Expected} but got {Actual}", [|expectedSignature|], [|signature|]);
                logger.LogWarning($"Stripe signature mismatch: expected {[|expectedSignature|]} but got {[|signature|]}.");
            }
        }
        """,
        """
        using Microsoft.Extensions.Logging;

        static class StripeHook
        {
            public static void Verify(ILogger logger, string expectedSignature, string signature)
            {
                logger.LogWarning("Stripe signature mismatch");
                logger.LogWarning($"Stripe signature mismatch.");
            }
        }
        """);

    [Theory]
    [InlineData("Stripe signature mismatch: expected ", " but got {Actual}", "Stripe signature mismatch: got {Actual}")]
    [InlineData("Stripe signature mismatch: expected {Expected} but got ", "", "Stripe signature mismatch: expected {Expected}")]
    [InlineData("Stripe signature mismatch: ", "", "Stripe signature mismatch")]
    [InlineData("Calling partner API with key ", "", "Calling partner API")]
    [InlineData("Received token ", " for {User}", "Received token for {User}")]
    [InlineData("Received token was ", " for {User}", "Received token for {User}")]
    [InlineData("User {User} and token ", ", retrying", "User {User}, retrying")]
    [InlineData("Webhook from {Ip} with secret ", " rejected", "Webhook from {Ip} rejected")]
    [InlineData("Pin ", " accepted", "Pin accepted")]
    [InlineData("Sent key=", " to {Host}", "Sent to {Host}")]
    [InlineData("Token: ", "", null)]
    [InlineData("Secret was ", "", null)]
    [InlineData("Using key=", " in {Region}", null)]
    [InlineData("", " logged in", null)]
    [InlineData("", " Logged in", "Logged in")]
    public void Join_removes_the_lead_in_or_says_it_cannot(string before, string after, string? expected)
    {
        // Join is internal to the code-fix assembly, which exposes no internals to the tests.
        var join = typeof(ActionSecurity.Analyzers.CodeFixes.Rules.SecretLoggedCodeFixProvider)
            .GetMethod("Join", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        Assert.Equal(expected, (string?)join.Invoke(null, new object[] { before, after, false }));
    }

    // ---- Whole URL of a request that carries a query-string secret ----

    [Fact]
    public Task NoFix_logging_the_url_of_a_request_with_a_query_string_secret_but_the_query_string_is_masked() => Verify.VerifyCodeFixAsync(
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
                logger.LogInformation("Query " + "***");
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
    public Task DoesNotReport_the_domain_or_issuer_of_an_auth_scheme() => Verify.VerifyAnalyzerAsync(
        """
        using System.Diagnostics;
        using Microsoft.Extensions.Logging;

        static class Tenants
        {
            public static void Find(ILogger logger, string authDomain, string tokenIssuer)
            {
                Activity.Current?.SetTag("authDomain", authDomain);
                logger.LogDebug("Looking up {Domain} issued by {Issuer}", authDomain, tokenIssuer);
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

    [Fact]
    public Task DoesNotReport_a_prefix_that_shows_at_most_four_characters_past_a_checked_format_marker() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.Extensions.Logging;

        sealed class Webhooks
        {
            private readonly ILogger _logger;

            public Webhooks(ILogger logger) => _logger = logger;

            public string Pick(string secret)
            {
                if (!secret.StartsWith("whsec_"))
                    return null;
                var shown = secret[..10];
                _logger.LogInformation("Using signing secret {Shown}...", shown);
                _logger.LogInformation("Using signing secret {Shown}...", secret.Substring(0, 9));
                _logger.LogInformation("Using signing secret {Shown}...", [|secret[..12]|]);
                return secret;
            }

            public void Show(string secret) => _logger.LogInformation("Signing secret {Shown}...", [|secret[..10]|]);
        }
        """);

    // ---- Secrets that are no longer valid when logged ----

    [Fact]
    public Task DoesNotReport_a_secret_the_same_body_removes_or_revokes() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Concurrent;
        using Microsoft.Extensions.Logging;

        sealed class Session
        {
            public string AccessToken { get; set; } = "";
        }

        sealed class Sessions
        {
            private readonly ConcurrentDictionary<string, int> _secrets = new();
            private readonly ILogger _logger;

            public Sessions(ILogger logger) => _logger = logger;

            public void Sweep()
            {
                foreach (var secret in _secrets.Keys)
                {
                    _logger.LogDebug("Dropping stale secret {Secret}", secret);
                    if (!_secrets.TryRemove(secret, out _))
                        _logger.LogWarning("Secret {Secret} was gone already", secret);
                }
            }

            public void End(Session session)
            {
                _logger.LogInformation("Ending session {AccessToken}", session.AccessToken);
                DeleteSession(session);
            }

            private void DeleteSession(Session session) { }
        }
        """);

    [Fact]
    public Task DoesNotReport_a_token_whose_owner_an_awaited_service_call_deletes() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;

        public sealed class Phone
        {
            public string AccessToken { get; set; } = "";
        }

        public interface IPhoneStore
        {
            Task DeletePhone(Phone phone);
        }

        public sealed class SignOut
        {
            private readonly ILogger _logger;
            private readonly IPhoneStore _phones;

            public SignOut(ILogger logger, IPhoneStore phones)
            {
                _logger = logger;
                _phones = phones;
            }

            public async Task Run(Phone phone)
            {
                _logger.LogInformation("Signing out token {0}", phone.AccessToken);
                await _phones.DeletePhone(phone).ConfigureAwait(false);
            }
        }
        """);

    [Fact]
    public Task Reports_a_secret_when_the_body_removes_something_else() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Concurrent;
        using Microsoft.Extensions.Logging;

        sealed class Session
        {
            public string AccessToken { get; set; } = "";
        }

        sealed class Sessions
        {
            private readonly ConcurrentDictionary<string, Session> _sessions = new();
            private readonly ILogger _logger;

            public Sessions(ILogger logger) => _logger = logger;

            public void Replace(string id, Session session, Session old)
            {
                _logger.LogInformation("New session {AccessToken}", [|session.AccessToken|]);
                _sessions.TryRemove(id, out _);
                DeleteSession(old);
            }

            private void DeleteSession(Session session) { }
        }
        """);

    [Fact]
    public Task DoesNotReport_a_token_logged_because_unprotecting_it_failed() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.Extensions.Logging;

        sealed class Tokens
        {
            private readonly ILogger _logger;

            public Tokens(ILogger logger) => _logger = logger;

            public bool TryRead(string token, out string payload)
            {
                try
                {
                    payload = Unprotect(token);
                    return true;
                }
                catch (FormatException ex)
                {
                    _logger.LogInformation(ex, "Could not unprotect token {Token}", token);
                    payload = null;
                    return false;
                }
            }

            private static string Unprotect(string value) => throw new FormatException();
        }
        """);

    [Fact]
    public Task Reports_a_secret_logged_when_a_call_other_than_decryption_failed() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.Extensions.Logging;

        sealed class Partner
        {
            private readonly ILogger _logger;

            public Partner(ILogger logger) => _logger = logger;

            public void Call(string apiKey)
            {
                try
                {
                    Send(apiKey);
                }
                catch (InvalidOperationException ex)
                {
                    _logger.LogError(ex, "Partner call failed with key {ApiKey}", [|apiKey|]);
                }
            }

            private static void Send(string key) { }
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
                logger.LogInformation("User {User}", user);
                logger.LogWarning($"***/ for {user}");
                Console.WriteLine("***");
            }
        }
        """);

    // ---- names that describe a secret ----

    [Fact]
    public Task DoesNotReport_the_name_of_the_header_a_proxy_signs_users_in_with() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.Extensions.Logging;

        public sealed class ProxyAuthSettings
        {
            public string HeaderAuthVariable { get; set; } = "X-Forwarded-User";
            public string HeaderAuthToken { get; set; } = "";
        }

        public sealed class ProxySignIn
        {
            private readonly ILogger<ProxySignIn> _log;

            public ProxySignIn(ILogger<ProxySignIn> log) => _log = log;

            public void Describe(ProxyAuthSettings settings)
            {
                _log.LogInformation("Signing in with header: " + settings.HeaderAuthVariable);
                _log.LogDebug("Proxy token {Token}", [|settings.HeaderAuthToken|]);
            }
        }
        """);
}
