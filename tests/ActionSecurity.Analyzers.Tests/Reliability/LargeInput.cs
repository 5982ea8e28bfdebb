using System.Globalization;
using System.Text;

namespace ActionSecurity.Analyzers.Tests.Reliability;

/// <summary>
/// A large, compiling ASP.NET Core source in which every rule family has something to look at in every module: query
/// reads of secrets, hard-coded secrets, <c>==</c> on secrets, unauthenticated minimal-API and controller handlers,
/// cookies, logged secrets, 400 on failed checks. Used where the suite needs analysis and fixes that take long enough to
/// be cancelled mid-run. Deterministic; <paramref name="modules"/> scales it (each module is ~60 lines).
/// </summary>
internal static class LargeInput
{
    public static string Generate(int modules)
    {
        var code = new StringBuilder();
        code.AppendLine("""
            using System;
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Routing;
            using Microsoft.Extensions.Logging;

            namespace Large;
            """);
        for (var i = 0; i < modules; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            code.AppendLine($$"""

                public static class Module{{n}}Endpoints
                {
                    private const string ApiKey{{n}} = "k-{{n}}-0123456789abcdef";

                    public static void Map(IEndpointRouteBuilder app, ILogger logger)
                    {
                        app.MapGet("/m{{n}}/webtask", (HttpRequest request) =>
                        {
                            if (request.Query["secret"] != "open-sesame-{{n}}")
                                return Results.StatusCode(400);
                            return Results.Ok("module {{n}}");
                        });
                        app.MapPost("/m{{n}}/hook", (HttpContext context) =>
                        {
                            string token = context.Request.Query["token"];
                            logger.LogInformation("token {Token}", token);
                            context.Response.Cookies.Append("session{{n}}", token ?? "");
                            return token == ApiKey{{n}} ? Results.Ok() : Results.BadRequest();
                        });
                        app.MapGet("/m{{n}}/health", () => Results.Ok("up"));
                    }
                }

                [ApiController]
                public sealed class Module{{n}}Controller : ControllerBase
                {
                    private static readonly string Password{{n}} = "hunter{{n}}";

                    [HttpGet("/m{{n}}/export")]
                    public IActionResult Export([FromQuery] string apiKey)
                    {
                        if (apiKey != Password{{n}})
                            return BadRequest();
                        Response.Cookies.Append("export{{n}}", "1", new Microsoft.AspNetCore.Http.CookieOptions { HttpOnly = false });
                        return Ok();
                    }

                    [HttpPost("/m{{n}}/action")]
                    public IActionResult Action()
                    {
                        var expected = Environment.GetEnvironmentVariable("ACTION_SECRET_{{n}}");
                        if (Request.Headers["X-Action-Secret"] == expected)
                            return Ok();
                        return StatusCode(403);
                    }

                    [HttpPost("/m{{n}}/signed")]
                    public IActionResult Signed([FromHeader(Name = "X-Signature")] string signature, [FromBody] string body)
                    {
                        var key = Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("SIGNING_KEY_{{n}}") ?? "");
                        var hash = Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(body ?? "")));
                        return hash == signature ? Ok() : Unauthorized();
                    }
                }
                """);
        }

        return code.ToString();
    }
}
