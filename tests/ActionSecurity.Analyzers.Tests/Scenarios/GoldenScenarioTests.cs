using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace ActionSecurity.Analyzers.Tests.Scenarios;

/// <summary>
/// The three golden scenarios of docs/design.md, C# translations of real documentation examples: each raises the rules the design
/// names, and after every offered fix is applied compiles and raises no AS diagnostic.
/// </summary>
public sealed class GoldenScenarioTests(ITestOutputHelper output)
{
    /// <summary>Scenario 1: a serverless "webtask" with the shared secret in the query string.</summary>
    internal const string Webtask = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Webtask
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/webtask", (HttpRequest request) =>
                {
                    if (request.Query["secret"] != "open-sesame")
                        return Results.StatusCode(400);
                    return Results.Ok("Hello from the webtask");
                });
            }
        }
        """;

    /// <summary>Scenario 2: a GraphQL engine calls an action webhook with the action secret header.</summary>
    internal const string ActionSecretHeader = """
        using System;
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        public sealed class ActionsController : ControllerBase
        {
            public sealed record CreateUserInput(string Name, string Email);

            [HttpPost("/actions/create-user")]
            public IActionResult CreateUser([FromBody] CreateUserInput input)
            {
                if (Request.Headers["ACTION_SECRET"] == Environment.GetEnvironmentVariable("ACTION_SECRET"))
                    return Ok(new { id = Guid.NewGuid(), input.Name });
                return StatusCode(403);
            }
        }
        """;

    /// <summary>Scenario 3: an anonymous HTTP-triggered function that sets a session cookie and checks nothing, and a client with a hard-coded credential.</summary>
    internal const string SecuredWebAction = """
        using System;
        using System.Net.Http;
        using System.Net.Http.Headers;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Azure.WebJobs;
        using Microsoft.Azure.WebJobs.Extensions.Http;

        public static class SessionAction
        {
            [FunctionName("session")]
            public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequest req)
            {
                req.HttpContext.Response.Cookies.Append("session", Guid.NewGuid().ToString("N"));
                return new OkResult();
            }
        }

        public sealed class WhiskActionClient
        {
            private readonly HttpClient _http = new HttpClient();

            public Task<HttpResponseMessage> InvokeAsync()
            {
                _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "MjNiYzQ2YjEtNzFmNi00ZWQ1LThjNTQtODE2YWE0ZjhjNTAyOjEyM3pPM3haQ0xyTU42djJCS0sxZFhZRnBYbFBrY2NPRnFtMTJDZEFzTWdSVTRWck5aOWx5R1ZDR3VNREdJd1A=");
                return _http.PostAsync("https://openwhisk.example/api/v1/namespaces/_/actions/hello?blocking=true", null);
            }
        }
        """;

    [Fact]
    public Task Webtask_raises_AS0002_AS0001_AS0003_AS0007_and_ends_clean()
        => RunAsync(Webtask, new[] { "AS0001", "AS0002", "AS0003", "AS0007" },
            "request.Headers[\"X-Secret\"]", "CryptographicOperations.FixedTimeEquals", "return Results.Unauthorized();");

    [Fact]
    public Task Action_secret_header_raises_AS0003_AS0006_and_ends_clean()
        => RunAsync(ActionSecretHeader, new[] { "AS0003", "AS0006" },
            "Environment.GetEnvironmentVariable(\"ACTION_SECRET\") is { Length: > 0 }", "CryptographicOperations.FixedTimeEquals");

    [Fact]
    public Task Secured_web_action_raises_AS0004_AS0005_AS0001_and_ends_clean()
        => RunAsync(SecuredWebAction, new[] { "AS0001", "AS0004", "AS0005" },
            "AuthorizationLevel.Function", "Environment.GetEnvironmentVariable(");

    private async Task RunAsync(string source, string[] expectedIds, params string[] expectedInFixedCode)
    {
        var result = await AllFixesRunner.RunAsync(new[] { source });
        output.WriteLine("Initial: " + string.Join(", ", result.InitialDiagnostics.Select(d => d.Id + " " + d.GetMessage())));
        output.WriteLine("Applied: " + string.Join(" | ", result.AppliedFixes));
        output.WriteLine("Final code:" + Environment.NewLine + string.Join(Environment.NewLine + "----" + Environment.NewLine, result.FinalTexts));

        var initialIds = result.InitialDiagnostics.Select(d => d.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal).ToArray();
        foreach (var id in expectedIds)
            Assert.Contains(id, initialIds);
        Assert.True(result.FinalCompilerErrors.IsEmpty, "The fixed code does not compile:" + Environment.NewLine
            + string.Join(Environment.NewLine, result.FinalCompilerErrors) + Environment.NewLine + string.Join(Environment.NewLine, result.FinalTexts));
        foreach (var expected in expectedInFixedCode)
            Assert.Contains(expected, string.Join(Environment.NewLine, result.FinalTexts));
        Assert.True(result.FinalDiagnostics.IsEmpty, "AS diagnostics remain after every fix:" + Environment.NewLine
            + string.Join(Environment.NewLine, result.FinalDiagnostics) + Environment.NewLine + string.Join(Environment.NewLine, result.FinalTexts));
    }
}
