using System.Threading.Tasks;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.QueryStringSecretAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.QueryStringSecretCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

public sealed partial class AS0002QueryStringSecretTests
{
    // ---- ASP.NET Core: minimal APIs and HttpRequest ----

    [Fact]
    public Task Reports_and_fixes_golden_scenario_webtask() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Webtask
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/webtask", (HttpRequest request) =>
                {
                    // the caller appends ?secret=... to the URL
                    if ([|request.Query["secret"]|] != "open-sesame")
                        return Results.StatusCode(400);
                    return Results.Ok("hello");
                });
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Webtask
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/webtask", (HttpRequest request) =>
                {
                    // the caller appends ?secret=... to the URL
                    if (request.Headers["X-Secret"] != "open-sesame")
                        return Results.StatusCode(400);
                    return Results.Ok("hello");
                });
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_HttpRequest_Query_indexer_in_expression_body() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;
        class C { string M(HttpRequest request) => [|request.Query["api_key"]|]; }
        """,
        """
        using Microsoft.AspNetCore.Http;
        class C { string M(HttpRequest request) => request.Headers["X-Api-Key"]; }
        """);

    [Fact]
    public Task Reports_and_fixes_Query_TryGetValue() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Primitives;

        class C
        {
            bool M(HttpContext context)
            {
                return [|context.Request.Query.TryGetValue("token", out StringValues token)|] && token == "x";
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Primitives;

        class C
        {
            bool M(HttpContext context)
            {
                return context.Request.Headers.TryGetValue("X-Token", out StringValues token) && token == "x";
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_read_through_a_local_collection() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;

        class C
        {
            string M(HttpRequest request)
            {
                var query = request.Query;
                var page = query["page"];
                return [|query["webhookSecret"]|] + page;
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Http;

        class C
        {
            string M(HttpRequest request)
            {
                var query = request.Query;
                var page = query["page"];
                return request.Headers["X-Webhook-Secret"] + page;
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_FromQuery_parameter_of_a_minimal_api_lambda() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/hook", ([FromQuery(Name = "api_key")] string {|#0:key|}) => Results.Ok(key.Length));
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("api_key"),
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/hook", ([FromHeader(Name = "X-Api-Key")] string key) => Results.Ok(key.Length));
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_implicitly_bound_minimal_api_parameter_and_adds_the_using() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                var hooks = app.MapGroup("/hooks/{tenant}");
                hooks.MapPost("/{id}", (string tenant, int id, string [|token|]) => Results.Ok(tenant + id + token));
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                var hooks = app.MapGroup("/hooks/{tenant}");
                hooks.MapPost("/{id}", (string tenant, int id, [FromHeader(Name = "X-Token")] string token) => Results.Ok(tenant + id + token));
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_implicitly_bound_handler_method_passed_as_method_group() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        static class Endpoints
        {
            public static void Map(WebApplication app) => app.MapGet("/status", Status);

            static IResult Status(string [|password|]) => Results.Ok(password.Length);
        }
        """,
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        static class Endpoints
        {
            public static void Map(WebApplication app) => app.MapGet("/status", Status);

            static IResult Status([FromHeader(Name = "X-Password")] string password) => Results.Ok(password.Length);
        }
        """);

    // ---- ASP.NET Core: controllers ----

    [Fact]
    public Task Reports_and_fixes_controller_action_parameters() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        [Route("hooks/{tenant}")]
        public sealed class HooksController : ControllerBase
        {
            [HttpPost("{id}")]
            public IActionResult Receive(string tenant, string id, string [|signature|], [FromQuery] string {|#0:apiKey|}, [FromBody] object payload)
                => Ok(tenant + id + signature + apiKey + payload);
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("apiKey"),
        """
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        [Route("hooks/{tenant}")]
        public sealed class HooksController : ControllerBase
        {
            [HttpPost("{id}")]
            public IActionResult Receive(string tenant, string id, [FromHeader(Name = "X-Signature")] string signature, [FromHeader(Name = "X-Api-Key")] string apiKey, [FromBody] object payload)
                => Ok(tenant + id + signature + apiKey + payload);
        }
        """);

    [Fact]
    public Task Reports_and_fixes_Request_Query_in_a_controller() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public sealed class WebhookController : Controller
        {
            [NonAction]
            public bool Check() => [|Request.Query["secret"]|] == "x";
        }
        """,
        """
        using Microsoft.AspNetCore.Mvc;

        public sealed class WebhookController : Controller
        {
            [NonAction]
            public bool Check() => Request.Headers["X-Secret"] == "x";
        }
        """);

    [Fact]
    public Task Reports_and_fixes_get_only_action_of_a_controller_without_ApiController() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public sealed class UnsubscribeController : Controller
        {
            [HttpGet("unsubscribe")]
            public IActionResult Get(string email, string [|token|]) => Content(email + token);
        }
        """,
        """
        using Microsoft.AspNetCore.Mvc;

        public sealed class UnsubscribeController : Controller
        {
            [HttpGet("unsubscribe")]
            public IActionResult Get(string email, [FromHeader(Name = "X-Token")] string token) => Content(email + token);
        }
        """);

    [Fact]
    public Task DoesNotReport_form_posts_of_controllers_without_ApiController() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public sealed class AccountController : Controller
        {
            [HttpPost]
            public IActionResult Login(string username, string password) => View();

            public IActionResult ChangePassword(string currentPassword, string newPassword) => View();

            [AcceptVerbs("GET", "POST")]
            public IActionResult Reset(string token) => View();
        }
        """);

    // ---- Parsed query strings ----

    [Fact]
    public Task Reports_and_fixes_ParseQueryString_of_the_raw_query() => Verify.VerifyCodeFixAsync(
        """
        #nullable enable
        using Microsoft.AspNetCore.Http;
        using HttpUtility = System.Web.HttpUtility;

        class C
        {
            string? M(HttpRequest request) => [|HttpUtility.ParseQueryString(request.QueryString.Value ?? "")["secret"]|];
            string? N(HttpRequest request)
            {
                var query = HttpUtility.ParseQueryString(request.QueryString.ToString());
                return [|query.Get("token")|];
            }
        }
        """,
        """
        #nullable enable
        using Microsoft.AspNetCore.Http;
        using HttpUtility = System.Web.HttpUtility;

        class C
        {
            string? M(HttpRequest request) => [|HttpUtility.ParseQueryString(request.QueryString.Value ?? "")["secret"]|];
            string? N(HttpRequest request)
            {
                var query = HttpUtility.ParseQueryString(request.QueryString.ToString());
                return (string?)request.Headers["X-Token"];
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_QueryHelpers_ParseQuery() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.WebUtilities;

        class C
        {
            string M(HttpRequest request) => [|QueryHelpers.ParseQuery(request.QueryString.Value)["access_token"]|].ToString();
        }
        """,
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.WebUtilities;

        class C
        {
            string M(HttpRequest request) => request.Headers["X-Access-Token"].ToString();
        }
        """);

    // ---- System.Net.HttpListener ----

    [Fact]
    public Task Reports_and_fixes_HttpListenerRequest_QueryString() => Verify.VerifyCodeFixAsync(
        """
        using System.Net;

        class C
        {
            bool M(HttpListenerContext context) => [|context.Request.QueryString["X-Hub-Signature-256"]|] == "sha256=0";
        }
        """,
        """
        using System.Net;

        class C
        {
            bool M(HttpListenerContext context) => context.Request.Headers["X-Hub-Signature-256"] == "sha256=0";
        }
        """);

    // ---- Azure Functions ----

    [Fact]
    public Task Reports_and_fixes_in_process_function_HttpRequest_Query() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Azure.WebJobs;
        using Microsoft.Azure.WebJobs.Extensions.Http;

        public static class Hook
        {
            [FunctionName("Hook")]
            public static IActionResult Run([HttpTrigger(AuthorizationLevel.Function, "post")] HttpRequest req)
                => [|req.Query["hmac"]|] == "x" ? new OkResult() : new UnauthorizedResult();
        }
        """,
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Azure.WebJobs;
        using Microsoft.Azure.WebJobs.Extensions.Http;

        public static class Hook
        {
            [FunctionName("Hook")]
            public static IActionResult Run([HttpTrigger(AuthorizationLevel.Function, "post")] HttpRequest req)
                => req.Headers["X-Hmac"] == "x" ? new OkResult() : new UnauthorizedResult();
        }
        """);

    [Fact]
    public Task Reports_and_fixes_isolated_worker_HttpRequestData_Query() => Verify.VerifyCodeFixAsync(
        """
        using System.Net;
        using Microsoft.Azure.Functions.Worker;
        using Microsoft.Azure.Functions.Worker.Http;

        public sealed class Hook
        {
            [Function("Hook")]
            public HttpResponseData Run([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequestData req)
            {
                var provided = [|req.Query["secret"]|];
                return req.CreateResponse(provided == "x" ? HttpStatusCode.OK : HttpStatusCode.Unauthorized);
            }
        }
        """,
        """
        using System.Net;
        using Microsoft.Azure.Functions.Worker;
        using Microsoft.Azure.Functions.Worker.Http;

        public sealed class Hook
        {
            [Function("Hook")]
            public HttpResponseData Run([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequestData req)
            {
                var provided = req.Headers.TryGetValues("X-Secret", out var headerValues) ? string.Join(",", headerValues) : null;
                return req.CreateResponse(provided == "x" ? HttpStatusCode.OK : HttpStatusCode.Unauthorized);
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_isolated_worker_parsed_Url_Query_with_a_fresh_variable_name() => Verify.VerifyCodeFixAsync(
        """
        using System.Web;
        using Microsoft.Azure.Functions.Worker.Http;

        public sealed class Hook
        {
            public bool Check(HttpRequestData req, string headerValues)
            {
                var query = HttpUtility.ParseQueryString(req.Url.Query);
                return [|query["token"]|] == headerValues;
            }
        }
        """,
        """
        using System.Web;
        using Microsoft.Azure.Functions.Worker.Http;

        public sealed class Hook
        {
            public bool Check(HttpRequestData req, string headerValues)
            {
                var query = HttpUtility.ParseQueryString(req.Url.Query);
                return (req.Headers.TryGetValues("X-Token", out var headerValues2) ? string.Join(",", headerValues2) : null) == headerValues;
            }
        }
        """);

    // ---- System.Web, AWS Lambda, OpenWhisk ----

    [Fact]
    public Task Reports_and_fixes_System_Web_QueryString_Params_and_indexer() => new Verify.Test
    {
        References = ReferenceSet.SystemWeb,
        TestCode = """
            using System.Web;

            public sealed class Handler
            {
                public bool Check(HttpRequest request)
                    => [|request.QueryString["password"]|] == [|request.Params["secret"]|] && [|request["token"]|] != null;
            }
            """,
        FixedCode = """
            using System.Web;

            public sealed class Handler
            {
                public bool Check(HttpRequest request)
                    => request.Headers["X-Password"] == request.Headers["X-Secret"] && request.Headers["X-Token"] != null;
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Reports_and_fixes_Lambda_API_Gateway_query_parameters() => Verify.VerifyCodeFixAsync(
        """
        using System.Collections.Generic;
        using Amazon.Lambda.APIGatewayEvents;

        public sealed class Function
        {
            public APIGatewayProxyResponse Handle(APIGatewayProxyRequest request)
            {
                var key = [|request.QueryStringParameters["x-api-key"]|];
                var all = [|request.MultiValueQueryStringParameters["token"]|];
                [|request.QueryStringParameters.TryGetValue("signature", out var signature)|];
                return new APIGatewayProxyResponse { StatusCode = key == signature && all.Count == 1 ? 200 : 401 };
            }
        }
        """,
        """
        using System.Collections.Generic;
        using Amazon.Lambda.APIGatewayEvents;

        public sealed class Function
        {
            public APIGatewayProxyResponse Handle(APIGatewayProxyRequest request)
            {
                var key = request.Headers["X-Api-Key"];
                var all = request.MultiValueHeaders["X-Token"];
                request.Headers.TryGetValue("X-Signature", out var signature);
                return new APIGatewayProxyResponse { StatusCode = key == signature && all.Count == 1 ? 200 : 401 };
            }
        }
        """);

    [Fact]
    public Task NoFix_OpenWhisk_raw_query_is_reported_but_not_rewritten() => Verify.VerifyCodeFixAsync(
        """
        using System.Web;
        using Newtonsoft.Json.Linq;

        public static class Action
        {
            public static JObject Main(JObject args)
            {
                var query = HttpUtility.ParseQueryString((string)args["__ow_query"]);
                return new JObject { ["ok"] = [|query["secret"]|] == "x" };
            }
        }
        """,
        """
        using System.Web;
        using Newtonsoft.Json.Linq;

        public static class Action
        {
            public static JObject Main(JObject args)
            {
                var query = HttpUtility.ParseQueryString((string)args["__ow_query"]);
                return new JObject { ["ok"] = [|query["secret"]|] == "x" };
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_OpenWhisk_parameters_merged_into_args() => Verify.VerifyAnalyzerAsync(
        """
        using Newtonsoft.Json.Linq;

        public static class Action
        {
            public static JObject Main(JObject args) => new JObject { ["ok"] = (string)args["secret"] == (string)args["__ow_headers"]["x-action-secret"] };
        }
        """);

    // ---- Negatives ----

    [Fact]
    public Task DoesNotReport_non_secret_query_keys() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Http;
        class C
        {
            string M(HttpRequest request)
                => request.Query["page"].ToString() + request.Query["secretary"] + request.Query["SecretName"]
                   + request.Query["tokenizer"] + request.Query["nextPageToken"] + request.Query["token_url"]
                   + request.Query["key"] + request.Query["code"];
        }
        """);

    [Fact]
    public Task DoesNotReport_header_form_and_route_reads() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Http;
        class C
        {
            string M(HttpRequest request)
                => request.Headers["X-Action-Secret"].ToString() + request.Headers.Authorization + request.Form["password"]
                   + request.RouteValues["token"];
        }
        """);

    [Fact]
    public Task DoesNotReport_access_token_taken_by_the_JWT_bearer_message_received_hook() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authentication.JwtBearer;
        using Microsoft.AspNetCore.Http;

        namespace Microsoft.AspNetCore.Authentication.JwtBearer
        {
            public class MessageReceivedContext
            {
                public HttpRequest Request { get; set; }
                public string Token { get; set; }
            }
        }

        static class SignalRTokens
        {
            public static Task OnMessageReceived(MessageReceivedContext context)
            {
                var accessToken = context.Request.Query["access_token"];
                if (!string.IsNullOrEmpty(accessToken) && context.Request.Path.StartsWithSegments("/hubs"))
                    context.Token = accessToken;
                return Task.CompletedTask;
            }

            public static string Elsewhere(HttpContext http) => [|http.Request.Query["access_token"]|];
        }
        """);

    [Fact]
    public Task DoesNotReport_non_constant_key() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Http;
        class C { string M(HttpRequest request, string name) => request.Query[name].ToString(); }
        """);

    [Fact]
    public Task DoesNotReport_minimal_api_route_parameters_special_types_and_attributed_parameters() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        static class Endpoints
        {
            public static void Map(WebApplication app, string prefix)
            {
                var group = app.MapGroup("/t/{apiKey}");
                group.MapGet("/x/{token}", (string token, string apiKey, CancellationToken cancellationToken) => token + apiKey);
                app.MapGet("/y", ([FromHeader(Name = "X-Secret")] string secret, [FromRoute] string password) => secret + password);
                app.MapGet(prefix + "/z", (string token) => token);
                app.MapGet("/page", (string page, int secret) => page + secret);
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_route_bound_or_non_action_controller_parameters() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        [Route("hooks/{secret}")]
        public sealed class HooksController : ControllerBase
        {
            [HttpGet("{token}")]
            public IActionResult Get(string secret, string token, [FromHeader] string password) => Ok(secret + token + password);

            [NonAction]
            public string Helper(string apiKey) => apiKey;

            private string Other(string apiKey) => apiKey;
        }

        public sealed class ReceiverService
        {
            public string Receive(string apiKey) => apiKey;
        }
        """);

    [Fact]
    public Task DoesNotReport_a_method_that_is_not_a_handler() => Verify.VerifyAnalyzerAsync(
        """
        public static class Tokens
        {
            public static string Join(string token, string secret) => token + secret;
        }
        """);

    // ---- Options ----

    [Fact]
    public Task Option_secret_header_changes_the_header_the_fix_reads() => new Verify.Test
    {
        TestCode = """
            using Microsoft.AspNetCore.Http;
            class C { string M(HttpRequest request) => [|request.Query["secret"]|]; }
            """,
        FixedCode = """
            using Microsoft.AspNetCore.Http;
            class C { string M(HttpRequest request) => request.Headers["X-Webhook-Token"]; }
            """,
        EditorConfig = """
            root = true

            [*.cs]
            action_security.secret_header = X-Webhook-Token
            """,
    }.RunAsync();

    [Fact]
    public Task Option_per_rule_secret_header_wins_over_the_general_key() => new Verify.Test
    {
        TestCode = """
            using Microsoft.AspNetCore.Http;
            class C { string M(HttpRequest request) => [|request.Query["secret"]|]; }
            """,
        FixedCode = """
            using Microsoft.AspNetCore.Http;
            class C { string M(HttpRequest request) => request.Headers["X-Hub-Token"]; }
            """,
        EditorConfig = """
            root = true

            [*.cs]
            action_security.secret_header = X-Webhook-Token
            action_security.AS0002.secret_header = X-Hub-Token
            """,
    }.RunAsync();

    [Fact]
    public Task Option_secret_header_that_is_not_a_header_name_falls_back_to_the_default() => new Verify.Test
    {
        TestCode = """
            using Microsoft.AspNetCore.Http;
            class C { string M(HttpRequest request) => [|request.Query["secret"]|]; }
            """,
        FixedCode = """
            using Microsoft.AspNetCore.Http;
            class C { string M(HttpRequest request) => request.Headers["X-Secret"]; }
            """,
        EditorConfig = """
            root = true

            [*.cs]
            action_security.secret_header = "X Secret: yes"
            """,
    }.RunAsync();

    [Fact]
    public Task Option_secret_names_adds_names_and_excluded_names_removes_them() => new Verify.Test
    {
        TestCode = """
            using Microsoft.AspNetCore.Http;
            class C
            {
                string M(HttpRequest request) => [|request.Query["pin"]|].ToString() + request.Query["public_token"] + [|request.Query["otp-code"]|];
            }
            """,
        FixedCode = """
            using Microsoft.AspNetCore.Http;
            class C
            {
                string M(HttpRequest request) => request.Headers["X-Pin"].ToString() + request.Query["public_token"] + request.Headers["X-Otp-Code"];
            }
            """,
        EditorConfig = """
            root = true

            [*.cs]
            action_security.secret_names = pin, otp_code
            action_security.excluded_names = public_token
            """,
    }.RunAsync();

    // ---- Fix All ----

    [Fact]
    public Task FixAll_rewrites_every_read_in_every_document() => new Verify.Test
    {
        TestCode = """
            using Microsoft.AspNetCore.Http;
            class A
            {
                string M(HttpRequest request) => [|request.Query["secret"]|] + [|request.Query["token"]|];
            }
            """,
        Sources =
        {
            """
            using Microsoft.AspNetCore.Builder;
            static class B
            {
                public static void Map(WebApplication app) => app.MapGet("/b", (string [|password|], string page) => password + page);
            }
            """,
        },
        FixedCode = """
            using Microsoft.AspNetCore.Http;
            class A
            {
                string M(HttpRequest request) => request.Headers["X-Secret"] + request.Headers["X-Token"];
            }
            """,
        FixedSources =
        {
            """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            static class B
            {
                public static void Map(WebApplication app) => app.MapGet("/b", ([FromHeader(Name = "X-Password")] string password, string page) => password + page);
            }
            """,
        },
    }.RunAsync();
}
