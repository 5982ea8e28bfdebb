using System.Threading.Tasks;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.AuthFailureStatusAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.AuthFailureStatusCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

public sealed partial class AS0007AuthFailureStatusTests
{
    // ---- ASP.NET Core minimal APIs ----

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
                    if (request.Query["secret"] != "open-sesame")
                        return [|Results.StatusCode(400)|]; // rejected
                    return Results.Ok("Hello from the webtask");
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
                    if (request.Query["secret"] != "open-sesame")
                        return Results.Unauthorized(); // rejected
                    return Results.Ok("Hello from the webtask");
                });
            }
        }
        """);

    [Fact]
    public Task Reports_golden_scenario_message() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Webtask
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/webtask", (HttpRequest request) =>
                {
                    if (request.Query["secret"] != "open-sesame")
                        return {|#0:Results.StatusCode(400)|};
                    return Results.Ok("Hello from the webtask");
                });
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("status 400"));

    [Fact]
    public Task Reports_and_fixes_after_the_constant_time_fail_closed_rewrite() => Verify.VerifyCodeFixAsync(
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
                    var expected = Environment.GetEnvironmentVariable("WEBTASK_SECRET");
                    string provided = request.Headers["X-Action-Secret"];
                    if (!(!string.IsNullOrEmpty(expected) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided ?? ""), Encoding.UTF8.GetBytes(expected))))
                        return [|Results.BadRequest()|];
                    return Results.Ok("Hello from the webtask");
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
                    var expected = Environment.GetEnvironmentVariable("WEBTASK_SECRET");
                    string provided = request.Headers["X-Action-Secret"];
                    if (!(!string.IsNullOrEmpty(expected) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided ?? ""), Encoding.UTF8.GetBytes(expected))))
                        return Results.Unauthorized();
                    return Results.Ok("Hello from the webtask");
                });
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_after_the_pattern_form_of_the_constant_time_rewrite() => Verify.VerifyCodeFixAsync(
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
                    if (Environment.GetEnvironmentVariable("ACTION_SECRET") is not { Length: > 0 } actionSecret
                        || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers["X-Action-Secret"].ToString()), Encoding.UTF8.GetBytes(actionSecret)))
                        return [|Results.StatusCode(400)|];
                    return Results.Ok("hello");
                });
                app.MapGet("/legacy", (HttpRequest request) =>
                {
                    var expected = Environment.GetEnvironmentVariable("ACTION_SECRET");
                    if (expected is string secret && secret.Length > 0
                        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers["X-Action-Secret"].ToString()), Encoding.UTF8.GetBytes(secret)))
                        return Results.Ok("hello");
                    return [|Results.BadRequest()|];
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
                    if (Environment.GetEnvironmentVariable("ACTION_SECRET") is not { Length: > 0 } actionSecret
                        || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers["X-Action-Secret"].ToString()), Encoding.UTF8.GetBytes(actionSecret)))
                        return Results.Unauthorized();
                    return Results.Ok("hello");
                });
                app.MapGet("/legacy", (HttpRequest request) =>
                {
                    var expected = Environment.GetEnvironmentVariable("ACTION_SECRET");
                    if (expected is string secret && secret.Length > 0
                        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers["X-Action-Secret"].ToString()), Encoding.UTF8.GetBytes(secret)))
                        return Results.Ok("hello");
                    return Results.Unauthorized();
                });
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_else_of_conditional_expression() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;

        static class Hook
        {
            public static IResult Handle(HttpRequest request, string webhookSecret)
                => request.Headers["X-Webhook-Secret"] == webhookSecret ? Results.Ok() : [|Results.NotFound()|];
        }
        """,
        """
        using Microsoft.AspNetCore.Http;

        static class Hook
        {
            public static IResult Handle(HttpRequest request, string webhookSecret)
                => request.Headers["X-Webhook-Secret"] == webhookSecret ? Results.Ok() : Results.Unauthorized();
        }
        """);

    [Fact]
    public Task Reports_and_fixes_negated_bool_local_and_problem_answer() => Verify.VerifyCodeFixAsync(
        """
        using System.Security.Cryptography;
        using Microsoft.AspNetCore.Http;

        static class Hook
        {
            public static IResult Handle(byte[] signature, byte[] expectedHmac)
            {
                var ok = CryptographicOperations.FixedTimeEquals(signature, expectedHmac);
                if (!ok)
                {
                    return [|Results.Problem("Signature mismatch")|];
                }

                return Results.Ok();
            }
        }
        """,
        """
        using System.Security.Cryptography;
        using Microsoft.AspNetCore.Http;

        static class Hook
        {
            public static IResult Handle(byte[] signature, byte[] expectedHmac)
            {
                var ok = CryptographicOperations.FixedTimeEquals(signature, expectedHmac);
                if (!ok)
                {
                    return Results.Unauthorized();
                }

                return Results.Ok();
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_call_to_a_helper_that_compares_the_secret() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Microsoft.AspNetCore.Http;

        static class Hook
        {
            public static IResult Handle(HttpRequest request)
            {
                if (!IsAllowed(request))
                    return [|TypedResults.BadRequest()|];
                return TypedResults.Ok();
            }

            private static bool IsAllowed(HttpRequest request)
                => string.Equals(request.Headers["X-Api-Key"], Environment.GetEnvironmentVariable("API_KEY"), StringComparison.Ordinal);
        }
        """,
        """
        using System;
        using Microsoft.AspNetCore.Http;

        static class Hook
        {
            public static IResult Handle(HttpRequest request)
            {
                if (!IsAllowed(request))
                    return TypedResults.Unauthorized();
                return TypedResults.Ok();
            }

            private static bool IsAllowed(HttpRequest request)
                => string.Equals(request.Headers["X-Api-Key"], Environment.GetEnvironmentVariable("API_KEY"), StringComparison.Ordinal);
        }
        """);

    [Fact]
    public Task Reports_and_fixes_throw_in_a_minimal_api_handler() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Endpoints
        {
            public static void Map(WebApplication app, string apiKey)
            {
                app.MapPost("/hook", async (HttpRequest request) =>
                {
                    if (request.Headers["X-Api-Key"] != apiKey)
                    {
                        [|throw new UnauthorizedAccessException("Bad API key");|]
                    }

                    await request.Body.FlushAsync();
                    return Results.Ok();
                });
            }
        }
        """,
        """
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Endpoints
        {
            public static void Map(WebApplication app, string apiKey)
            {
                app.MapPost("/hook", async (HttpRequest request) =>
                {
                    if (request.Headers["X-Api-Key"] != apiKey)
                    {
                        return Results.Unauthorized();
                    }

                    await request.Body.FlushAsync();
                    return Results.Ok();
                });
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_response_status_code_assignment() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        static class Middleware
        {
            public static async Task Handle(HttpContext context, string secret)
            {
                if (context.Request.Headers["X-Secret"] != secret)
                {
                    context.Response.StatusCode = [|StatusCodes.Status400BadRequest|];
                    return;
                }

                await context.Response.WriteAsync("ok");
            }
        }
        """,
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        static class Middleware
        {
            public static async Task Handle(HttpContext context, string secret)
            {
                if (context.Request.Headers["X-Secret"] != secret)
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }

                await context.Response.WriteAsync("ok");
            }
        }
        """);

    [Fact]
    public Task NoFix_throw_in_a_handler_that_returns_nothing() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Endpoints
        {
            public static void Map(WebApplication app, string apiKey)
            {
                app.MapPost("/hook", async (HttpContext context) =>
                {
                    if (context.Request.Headers["X-Api-Key"] != apiKey)
                        [|throw new InvalidOperationException("API key mismatch");|]
                    await context.Response.WriteAsync("ok");
                });
            }
        }
        """,
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Endpoints
        {
            public static void Map(WebApplication app, string apiKey)
            {
                app.MapPost("/hook", async (HttpContext context) =>
                {
                    if (context.Request.Headers["X-Api-Key"] != apiKey)
                        [|throw new InvalidOperationException("API key mismatch");|]
                    await context.Response.WriteAsync("ok");
                });
            }
        }
        """);

    // ---- ASP.NET Core controllers ----

    [Fact]
    public Task Reports_and_fixes_else_branch_in_a_controller() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        sealed class HookController : ControllerBase
        {
            private readonly string _apiKey = System.Environment.GetEnvironmentVariable("API_KEY");

            [HttpPost("/hook")]
            public IActionResult Post()
            {
                if (Request.Headers["X-Api-Key"] == _apiKey)
                {
                    return Ok();
                }
                else
                {
                    return [|BadRequest("Invalid API key")|];
                }
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        sealed class HookController : ControllerBase
        {
            private readonly string _apiKey = System.Environment.GetEnvironmentVariable("API_KEY");

            [HttpPost("/hook")]
            public IActionResult Post()
            {
                if (Request.Headers["X-Api-Key"] == _apiKey)
                {
                    return Ok();
                }
                else
                {
                    return Unauthorized();
                }
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_fall_through_after_an_accepting_guard() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        sealed class ActionsController : ControllerBase
        {
            [HttpPost("/actions/create-user")]
            public ActionResult<string> CreateUser()
            {
                if (Request.Headers["ACTION_SECRET"] == Environment.GetEnvironmentVariable("ACTION_SECRET"))
                    return Ok("created");
                return [|StatusCode(500)|];
            }
        }
        """,
        """
        using System;
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        sealed class ActionsController : ControllerBase
        {
            [HttpPost("/actions/create-user")]
            public ActionResult<string> CreateUser()
            {
                if (Request.Headers["ACTION_SECRET"] == Environment.GetEnvironmentVariable("ACTION_SECRET"))
                    return Ok("created");
                return Unauthorized();
            }
        }
        """);

    [Fact]
    public Task Inside_a_failure_branch_after_an_accepting_guard_only_an_error_is_reported_and_without_one_a_redirect_is_too() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        sealed class SyncController : ControllerBase
        {
            [HttpPost("/sync")]
            public IActionResult Sync([FromHeader(Name = "X-Api-Key")] string apiKey, [FromHeader(Name = "X-Admin-Key")] string adminKey)
            {
                if (apiKey != Environment.GetEnvironmentVariable("API_KEY"))
                {
                    if (adminKey == Environment.GetEnvironmentVariable("ADMIN_KEY"))
                        return Ok("admin");
                    return Redirect("/login");
                }

                return Ok();
            }

            [HttpPost("/sync-quiet")]
            public IActionResult SyncQuiet([FromHeader(Name = "X-Api-Key")] string apiKey)
            {
                if (apiKey != Environment.GetEnvironmentVariable("API_KEY"))
                {
                    Console.WriteLine("refused");
                    return [|Redirect("/login")|];
                }

                return Ok();
            }

            [HttpPost("/sync-strict")]
            public IActionResult SyncStrict([FromHeader(Name = "X-Api-Key")] string apiKey, [FromHeader(Name = "X-Admin-Key")] string adminKey)
            {
                if (apiKey != Environment.GetEnvironmentVariable("API_KEY"))
                {
                    if (adminKey == Environment.GetEnvironmentVariable("ADMIN_KEY"))
                        return Ok("admin");
                    return [|BadRequest()|];
                }

                return Ok();
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_throw_in_a_controller_action() => Verify.VerifyCodeFixAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        sealed class HookController : ControllerBase
        {
            [HttpPost("/hook")]
            public async Task<IActionResult> Post([FromHeader(Name = "X-Hub-Signature-256")] string signature, [FromServices] IHookSecrets secrets)
            {
                if (!string.Equals(signature, secrets.Secret))
                    [|throw new System.Security.SecurityException("Invalid signature");|]
                await Task.Yield();
                return Ok();
            }
        }

        interface IHookSecrets { string Secret { get; } }
        """,
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        sealed class HookController : ControllerBase
        {
            [HttpPost("/hook")]
            public async Task<IActionResult> Post([FromHeader(Name = "X-Hub-Signature-256")] string signature, [FromServices] IHookSecrets secrets)
            {
                if (!string.Equals(signature, secrets.Secret))
                    return Unauthorized();
                await Task.Yield();
                return Ok();
            }
        }

        interface IHookSecrets { string Secret { get; } }
        """);

    [Fact]
    public Task Reports_and_fixes_result_object_creation() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        sealed class HookController : ControllerBase
        {
            [HttpPost("/hook")]
            public IActionResult Post([FromHeader] string token, [FromServices] Settings settings)
            {
                if (token != settings.Token)
                    return [|new ObjectResult("denied") { StatusCode = 400 }|];
                return Ok();
            }
        }

        sealed class Settings { public string Token { get; set; } }
        """,
        """
        using Microsoft.AspNetCore.Mvc;

        sealed class HookController : ControllerBase
        {
            [HttpPost("/hook")]
            public IActionResult Post([FromHeader] string token, [FromServices] Settings settings)
            {
                if (token != settings.Token)
                    return new UnauthorizedResult();
                return Ok();
            }
        }

        sealed class Settings { public string Token { get; set; } }
        """);

    [Fact]
    public Task Reports_and_fixes_401_that_says_which_part_failed() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        sealed class HookController : ControllerBase
        {
            [HttpPost("/hook")]
            public IActionResult Post([FromHeader(Name = "X-Api-Key")] string apiKey, [FromServices] Settings settings)
            {
                if (apiKey != settings.ApiKey)
                    return [|Unauthorized("The X-Api-Key header does not match")|];
                return Ok();
            }
        }

        sealed class Settings { public string ApiKey { get; set; } }
        """,
        """
        using Microsoft.AspNetCore.Mvc;

        sealed class HookController : ControllerBase
        {
            [HttpPost("/hook")]
            public IActionResult Post([FromHeader(Name = "X-Api-Key")] string apiKey, [FromServices] Settings settings)
            {
                if (apiKey != settings.ApiKey)
                    return Unauthorized();
                return Ok();
            }
        }

        sealed class Settings { public string ApiKey { get; set; } }
        """);

    [Fact]
    public Task Reports_and_fixes_403_with_exception_text_keeping_403() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Microsoft.AspNetCore.Mvc;

        sealed class HookController : ControllerBase
        {
            [HttpPost("/hook")]
            public IActionResult Post([FromHeader] string password, Exception lastError)
            {
                if (password != Environment.GetEnvironmentVariable("HOOK_PASSWORD"))
                    return [|StatusCode(403, lastError.Message)|];
                return Ok();
            }
        }
        """,
        """
        using System;
        using Microsoft.AspNetCore.Mvc;

        sealed class HookController : ControllerBase
        {
            [HttpPost("/hook")]
            public IActionResult Post([FromHeader] string password, Exception lastError)
            {
                if (password != Environment.GetEnvironmentVariable("HOOK_PASSWORD"))
                    return StatusCode(403);
                return Ok();
            }
        }
        """);

    // ---- Azure Functions isolated worker ----

    [Fact]
    public Task Reports_and_fixes_CreateResponse_in_an_isolated_worker_function() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.Net;
        using Microsoft.Azure.Functions.Worker;
        using Microsoft.Azure.Functions.Worker.Http;

        sealed class Hook
        {
            [Function("Hook")]
            public HttpResponseData Run([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequestData req)
            {
                var secret = Environment.GetEnvironmentVariable("HOOK_SECRET");
                if (!req.Headers.TryGetValues("X-Hook-Secret", out var values) || string.Join(",", values) != secret)
                    return [|req.CreateResponse(HttpStatusCode.BadRequest)|];
                return req.CreateResponse(HttpStatusCode.OK);
            }
        }
        """,
        """
        using System;
        using System.Net;
        using Microsoft.Azure.Functions.Worker;
        using Microsoft.Azure.Functions.Worker.Http;

        sealed class Hook
        {
            [Function("Hook")]
            public HttpResponseData Run([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequestData req)
            {
                var secret = Environment.GetEnvironmentVariable("HOOK_SECRET");
                if (!req.Headers.TryGetValues("X-Hook-Secret", out var values) || string.Join(",", values) != secret)
                    return req.CreateResponse(HttpStatusCode.Unauthorized);
                return req.CreateResponse(HttpStatusCode.OK);
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_HttpResponseData_status_assignment() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.Net;
        using Microsoft.Azure.Functions.Worker;
        using Microsoft.Azure.Functions.Worker.Http;

        sealed class Hook
        {
            [Function("Hook")]
            public HttpResponseData Run([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequestData req)
            {
                var response = req.CreateResponse();
                if (req.Query["token"] != Environment.GetEnvironmentVariable("HOOK_TOKEN"))
                    response.StatusCode = [|HttpStatusCode.BadRequest|];
                return response;
            }
        }
        """,
        """
        using System;
        using System.Net;
        using Microsoft.Azure.Functions.Worker;
        using Microsoft.Azure.Functions.Worker.Http;

        sealed class Hook
        {
            [Function("Hook")]
            public HttpResponseData Run([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequestData req)
            {
                var response = req.CreateResponse();
                if (req.Query["token"] != Environment.GetEnvironmentVariable("HOOK_TOKEN"))
                    response.StatusCode = HttpStatusCode.Unauthorized;
                return response;
            }
        }
        """);

    // ---- AWS Lambda ----

    [Fact]
    public Task Reports_and_fixes_APIGatewayProxyResponse_status() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Amazon.Lambda.APIGatewayEvents;

        sealed class Function
        {
            public APIGatewayProxyResponse Handler(APIGatewayProxyRequest request)
            {
                if (request.Headers["x-api-key"] != Environment.GetEnvironmentVariable("API_KEY"))
                    return new APIGatewayProxyResponse { StatusCode = [|400|], Body = "Bad request" };
                return new APIGatewayProxyResponse { StatusCode = 200 };
            }
        }
        """,
        """
        using System;
        using Amazon.Lambda.APIGatewayEvents;

        sealed class Function
        {
            public APIGatewayProxyResponse Handler(APIGatewayProxyRequest request)
            {
                if (request.Headers["x-api-key"] != Environment.GetEnvironmentVariable("API_KEY"))
                    return new APIGatewayProxyResponse { StatusCode = 401, Body = "Bad request" };
                return new APIGatewayProxyResponse { StatusCode = 200 };
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_throw_in_a_Lambda_handler() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Amazon.Lambda.APIGatewayEvents;

        sealed class Function
        {
            public APIGatewayProxyResponse Handler(APIGatewayProxyRequest request)
            {
                if (request.Headers["x-api-key"] != Environment.GetEnvironmentVariable("API_KEY"))
                    [|throw new Exception("Invalid API key");|]
                return new APIGatewayProxyResponse { StatusCode = 200 };
            }
        }
        """,
        """
        using System;
        using Amazon.Lambda.APIGatewayEvents;

        sealed class Function
        {
            public APIGatewayProxyResponse Handler(APIGatewayProxyRequest request)
            {
                if (request.Headers["x-api-key"] != Environment.GetEnvironmentVariable("API_KEY"))
                    return new APIGatewayProxyResponse { StatusCode = 401 };
                return new APIGatewayProxyResponse { StatusCode = 200 };
            }
        }
        """);

    // ---- HttpListener and OpenWhisk ----

    [Fact]
    public Task Reports_and_fixes_HttpListener_status_code() => Verify.VerifyCodeFixAsync(
        """
        using System.Net;

        static class Server
        {
            public static void Handle(HttpListenerContext context, string sharedSecret)
            {
                if (context.Request.Headers["X-Shared-Secret"] != sharedSecret)
                {
                    context.Response.StatusCode = [|(int)HttpStatusCode.BadRequest|];
                    context.Response.Close();
                    return;
                }

                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }
        """,
        """
        using System.Net;

        static class Server
        {
            public static void Handle(HttpListenerContext context, string sharedSecret)
            {
                if (context.Request.Headers["X-Shared-Secret"] != sharedSecret)
                {
                    context.Response.StatusCode = (int)HttpStatusCode.Unauthorized;
                    context.Response.Close();
                    return;
                }

                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_OpenWhisk_statusCode() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Newtonsoft.Json.Linq;

        sealed class Action
        {
            public JObject Main(JObject args)
            {
                var headers = (JObject)args["__ow_headers"];
                if ((string)headers["x-require-whisk-auth"] != Environment.GetEnvironmentVariable("WHISK_SECRET"))
                    return new JObject { ["statusCode"] = [|400|] };
                return new JObject { ["statusCode"] = 200, ["body"] = "ok" };
            }
        }
        """,
        """
        using System;
        using Newtonsoft.Json.Linq;

        sealed class Action
        {
            public JObject Main(JObject args)
            {
                var headers = (JObject)args["__ow_headers"];
                if ((string)headers["x-require-whisk-auth"] != Environment.GetEnvironmentVariable("WHISK_SECRET"))
                    return new JObject { ["statusCode"] = 401 };
                return new JObject { ["statusCode"] = 200, ["body"] = "ok" };
            }
        }
        """);

    // ---- Not reported ----

    [Fact]
    public Task DoesNotReport_401_and_403_answers() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        sealed class HookController : ControllerBase
        {
            [HttpPost("/a")]
            public IActionResult A([FromHeader] string token, [FromServices] Settings settings)
            {
                if (token != settings.Token)
                    return Unauthorized();
                return Ok();
            }

            [HttpPost("/b")]
            public IActionResult B([FromHeader] string token, [FromServices] Settings settings)
            {
                if (token == settings.Token)
                    return Ok();
                return StatusCode(StatusCodes.Status403Forbidden);
            }

            [HttpPost("/c")]
            public IActionResult C([FromHeader] string token, [FromServices] Settings settings)
                => token == settings.Token ? Ok() : Unauthorized("Unauthorized");

            public static IResult D(HttpRequest request, string secret)
                => request.Headers["X-Secret"] != secret ? Results.StatusCode(401) : Results.Ok();
        }

        sealed class Settings { public string Token { get; set; } }
        """);

    [Fact]
    public Task DoesNotReport_non_secret_checks_and_missing_configuration() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.AspNetCore.Http;

        static class Hook
        {
            public static IResult Handle(HttpRequest request, string secretary, string SecretName)
            {
                var expected = Environment.GetEnvironmentVariable("HOOK_SECRET");
                if (string.IsNullOrEmpty(expected))
                    return Results.StatusCode(500);
                if (request.Query["page"] != "1")
                    return Results.BadRequest();
                if (secretary != "bob" || SecretName != "HOOK_SECRET")
                    return Results.BadRequest();
                return Results.Ok();
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_CancellationToken_comparison() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading;
        using Microsoft.AspNetCore.Http;

        static class Hook
        {
            public static IResult Handle(CancellationToken cancellationToken, CancellationToken other)
            {
                if (cancellationToken != other)
                    return Results.BadRequest();
                return Results.Ok();
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_success_branch_and_mixed_conditions() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Http;

        static class Hook
        {
            public static IResult Success(HttpRequest request, string apiKey)
            {
                if (request.Headers["X-Api-Key"] == apiKey)
                    return Results.Ok();
                return Results.Unauthorized();
            }

            public static IResult SuccessAfterAnotherAcceptedPath(HttpRequest request, string adminKey, string userKey)
            {
                if (request.Headers["X-Api-Key"] == adminKey)
                    return Results.Ok("everything");
                if (request.Headers["X-Api-Key"] != userKey)
                    return Results.Unauthorized();
                return Results.Ok("own data");
            }

            public static IResult Mixed(HttpRequest request, string apiKey, string body)
            {
                if (request.Headers["X-Api-Key"] != apiKey || body == null)
                    return Results.BadRequest();
                return Results.Ok();
            }

            public static IResult Nested(HttpRequest request, string apiKey, string body)
            {
                if (request.Headers["X-Api-Key"] != apiKey)
                {
                    if (body.Length > 10)
                        return Results.BadRequest();
                }

                return Results.Ok();
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_throw_in_a_validation_helper() => Verify.VerifyAnalyzerAsync(
        """
        using System.Security;

        static class SignatureValidator
        {
            public static void Validate(string signature, string expectedSignature)
            {
                if (signature != expectedSignature)
                    throw new SecurityException("Invalid signature");
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_without_ASP_NET_Core_or_other_request_types() => new Verify.Test
    {
        TestCode = """
            static class C
            {
                public static int M(string password, string expected) => password != expected ? 400 : 200;
            }
            """,
        References = ActionSecurity.Analyzers.Tests.Verifiers.ReferenceSet.None,
    }.RunAsync();

    // ---- Options ----

    [Fact]
    public Task Option_secret_names_makes_a_name_a_secret() => new Verify.Test
    {
        TestCode = """
            using Microsoft.AspNetCore.Http;

            static class Hook
            {
                public static IResult Handle(HttpRequest request, string expectedPin)
                    => request.Headers["X-Pin"] != expectedPin ? [|Results.BadRequest()|] : Results.Ok();
            }
            """,
        FixedCode = """
            using Microsoft.AspNetCore.Http;

            static class Hook
            {
                public static IResult Handle(HttpRequest request, string expectedPin)
                    => request.Headers["X-Pin"] != expectedPin ? Results.Unauthorized() : Results.Ok();
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
            using Microsoft.AspNetCore.Http;

            static class Hook
            {
                public static IResult Handle(HttpRequest request, string publicToken)
                    => request.Query["public_token"] != publicToken ? Results.BadRequest() : Results.Ok();
            }
            """,
        FixedCode = """
            using Microsoft.AspNetCore.Http;

            static class Hook
            {
                public static IResult Handle(HttpRequest request, string publicToken)
                    => request.Query["public_token"] != publicToken ? Results.BadRequest() : Results.Ok();
            }
            """,
        EditorConfig = """
            root = true

            [*.cs]
            action_security.excluded_names = public_token, publicToken
            """,
    }.RunAsync();

    [Fact]
    public Task Option_auth_methods_makes_a_call_a_secret_check() => new Verify.Test
    {
        TestCode = """
            using Microsoft.AspNetCore.Http;

            static class Gate
            {
                public static bool Allows(HttpRequest request) => request.Headers.ContainsKey("X-Gate");
            }

            static class Hook
            {
                public static IResult Handle(HttpRequest request)
                {
                    if (!Gate.Allows(request))
                        return [|Results.BadRequest()|];
                    return Results.Ok();
                }
            }
            """,
        FixedCode = """
            using Microsoft.AspNetCore.Http;

            static class Gate
            {
                public static bool Allows(HttpRequest request) => request.Headers.ContainsKey("X-Gate");
            }

            static class Hook
            {
                public static IResult Handle(HttpRequest request)
                {
                    if (!Gate.Allows(request))
                        return Results.Unauthorized();
                    return Results.Ok();
                }
            }
            """,
        EditorConfig = """
            root = true

            [*.cs]
            action_security.auth_methods = Gate.Allows
            """,
    }.RunAsync();

    // ---- Fix All ----

    [Fact]
    public Task FixAll_answers_every_failed_check_with_401() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Endpoints
        {
            public static void Map(WebApplication app, string secret)
            {
                app.MapGet("/a", (HttpRequest request) =>
                    request.Headers["X-Secret"] == secret ? Results.Ok() : [|Results.BadRequest()|]);
                app.MapGet("/b", (HttpRequest request) =>
                {
                    if (request.Headers["X-Secret"] != secret)
                        return [|Results.StatusCode(400)|];
                    return Results.Ok();
                });
                app.MapGet("/c", (HttpRequest request) =>
                {
                    if (request.Headers["X-Secret"] != secret)
                        return [|Results.Problem("secret mismatch", statusCode: 401)|];
                    return Results.Ok();
                });
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Endpoints
        {
            public static void Map(WebApplication app, string secret)
            {
                app.MapGet("/a", (HttpRequest request) =>
                    request.Headers["X-Secret"] == secret ? Results.Ok() : Results.Unauthorized());
                app.MapGet("/b", (HttpRequest request) =>
                {
                    if (request.Headers["X-Secret"] != secret)
                        return Results.Unauthorized();
                    return Results.Ok();
                });
                app.MapGet("/c", (HttpRequest request) =>
                {
                    if (request.Headers["X-Secret"] != secret)
                        return Results.Unauthorized();
                    return Results.Ok();
                });
            }
        }
        """);
}
