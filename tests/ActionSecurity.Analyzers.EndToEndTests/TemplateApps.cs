using System;
using System.Collections.Generic;

namespace ActionSecurity.Analyzers.EndToEndTests;

/// <summary>A handler the fixes must leave guarded: where it is, and what a caller must send once it is fixed.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The request path.</param>
/// <param name="Header">The header the fix reads the secret from.</param>
/// <param name="SecretNames">
/// The environment variables the expected secret may be read from: the name an environment read uses and the name
/// the configuration's environment provider maps the configuration key from. The test sets all of them to one value.
/// </param>
/// <param name="FixedSourceMustContain">Text the fixed source must hold for this handler (the header read the fix chose).</param>
public sealed record GuardedHandler(string Method, string Path, string Header, IReadOnlyList<string> SecretNames, string FixedSourceMustContain);

/// <summary>
/// One app made by the SDK's own template, with handlers that hold the mistakes of every rule, written for the test.
/// </summary>
public sealed class TemplateApp
{
    private TemplateApp(string name, string template, IReadOnlyList<string> templateArguments, bool controllers, IReadOnlyList<string> publicPages)
    {
        Name = name;
        Template = template;
        TemplateArguments = templateArguments;
        Controllers = controllers;
        PublicPages = publicPages;
    }

    public static TemplateApp Web { get; } = new("WebApp", "web", Array.Empty<string>(), controllers: false, new[] { "/", "/session" });

    public static TemplateApp WebApiControllers { get; } = new("ApiControllers", "webapi", new[] { "--use-controllers" }, controllers: true, new[] { "/WeatherForecast", "/hooks/session" });

    public static TemplateApp WebApiMinimal { get; } = new("ApiMinimal", "webapi", Array.Empty<string>(), controllers: false, new[] { "/weatherforecast", "/session" });

    public static TemplateApp Mvc { get; } = new("MvcApp", "mvc", Array.Empty<string>(), controllers: true, new[] { "/", "/Home/Privacy", "/hooks/session" });

    public static TemplateApp Razor { get; } = new("RazorApp", "razor", Array.Empty<string>(), controllers: false, new[] { "/", "/Privacy", "/session" });

    public static IReadOnlyList<TemplateApp> All { get; } = new[] { Web, WebApiControllers, WebApiMinimal, Mvc, Razor };

    public string Name { get; }

    public string Template { get; }

    public IReadOnlyList<string> TemplateArguments { get; }

    /// <summary>True when the handlers are controller actions; otherwise minimal-API endpoints mapped from Program.cs.</summary>
    public bool Controllers { get; }

    /// <summary>Pages anyone may read: they answer 200 before and after the fixes.</summary>
    public IReadOnlyList<string> PublicPages { get; }

    /// <summary>The file added to the app.</summary>
    public string HandlersFileName => Controllers ? "HooksController.cs" : "Hooks.cs";

    public string HandlersSource => Controllers ? ControllerHooks : MinimalHooks;

    /// <summary>The path prefix of the handlers: controller actions are under the controller's route.</summary>
    private string Prefix => Controllers ? "/hooks" : "";

    /// <summary>The session cookie handler: public, it must keep answering 200 and set only a hardened cookie.</summary>
    public string SessionPath => Prefix + "/session";

    /// <summary>
    /// The handlers that answer 401 without the secret and 200 with it once fixed. The names are the documented naming
    /// rules of the fixes: AS0002 names the header after the query key (<c>?token=</c> → <c>X-Token</c>); AS0001 names the
    /// secret after its symbol or key (<c>ApiKey</c> → <c>API_KEY</c> / <c>ApiKey</c>); AS0004's guard reads
    /// <c>X-Action-Secret</c> and <c>ACTION_SECRET</c> / <c>ActionSecret</c>.
    /// </summary>
    public IReadOnlyList<GuardedHandler> GuardedHandlers => new[]
    {
        // AS0002 + AS0001 + AS0003/AS0006 + AS0007: the webhook with a query secret compared with ==, answering 400.
        new GuardedHandler("POST", Prefix + "/query", "X-Token", new[] { "TOKEN", "Token" }, "Headers[\"X-Token\"]"),

        // AS0001 + AS0003/AS0006: the hard-coded key.
        new GuardedHandler("POST", Prefix + "/key", "X-Api-Key", new[] { "API_KEY", "ApiKey" }, "Headers[\"X-Api-Key\"]"),

        // AS0004 (+ AS0008): the logged token, in an unauthenticated POST.
        new GuardedHandler("POST", Prefix + "/log", "X-Action-Secret", new[] { "ACTION_SECRET", "ActionSecret" }, "X-Action-Secret"),

        // AS0004: the unauthenticated POST.
        new GuardedHandler("POST", Prefix + "/orders", "X-Action-Secret", new[] { "ACTION_SECRET", "ActionSecret" }, "X-Action-Secret"),
    };

    public override string ToString() => Name;

    /// <summary>Minimal-API handlers, mapped by a call added to the template's Program.cs before <c>app.Run()</c>.</summary>
    private const string MinimalHooks =
        """
        namespace BulkFix;

        public static class Hooks
        {
            private const string ApiKey = "k3v9Qw2LmZ8rT5yX1pB7nC4dF6gH0jSa";

            public static WebApplication MapHooks(this WebApplication app)
            {
                // A webhook that takes its secret from the query string and compares it with ==.
                app.MapPost("/query", (HttpRequest request) =>
                    request.Query["token"] == "p9Lx2Vb7Qz4Nw8Ks1Hd6Fj3Gm5Rt0Ye" ? Results.Ok() : Results.BadRequest());

                // A hard-coded key.
                app.MapPost("/key", (HttpRequest request) =>
                    request.Headers["X-Api-Key"] == ApiKey ? Results.Ok() : Results.Unauthorized());

                // A token written to the log, in a handler anyone can call.
                app.MapPost("/log", (HttpRequest request) =>
                {
                    var token = request.Headers["X-Token"].ToString();
                    app.Logger.LogInformation("Received token {Token}", token);
                    return Results.Ok();
                });

                // A cookie without Secure, HttpOnly and SameSite.
                app.MapGet("/session", (HttpResponse response) =>
                {
                    response.Cookies.Append("session", Guid.NewGuid().ToString("N"));
                    return Results.Ok();
                });

                // A POST anyone can call.
                app.MapPost("/orders", () => Results.Ok());

                return app;
            }
        }

        """;

    /// <summary>The same handlers as controller actions.</summary>
    private const string ControllerHooks =
        """
        using Microsoft.AspNetCore.Mvc;

        namespace BulkFix;

        [Route("hooks")]
        public class HooksController : Controller
        {
            private const string ApiKey = "k3v9Qw2LmZ8rT5yX1pB7nC4dF6gH0jSa";

            private readonly ILogger<HooksController> logger;

            public HooksController(ILogger<HooksController> logger)
            {
                this.logger = logger;
            }

            // A webhook that takes its secret from the query string and compares it with ==.
            [HttpPost("query")]
            public IActionResult Query()
            {
                if (Request.Query["token"] != "p9Lx2Vb7Qz4Nw8Ks1Hd6Fj3Gm5Rt0Ye")
                    return BadRequest();
                return Ok();
            }

            // A hard-coded key.
            [HttpPost("key")]
            public IActionResult Key() => Request.Headers["X-Api-Key"] == ApiKey ? Ok() : Unauthorized();

            // A token written to the log, in an action anyone can call.
            [HttpPost("log")]
            public IActionResult Log()
            {
                var token = Request.Headers["X-Token"].ToString();
                logger.LogInformation("Received token {Token}", token);
                return Ok();
            }

            // A cookie without Secure, HttpOnly and SameSite.
            [HttpGet("session")]
            public IActionResult Session()
            {
                Response.Cookies.Append("session", Guid.NewGuid().ToString("N"));
                return Ok();
            }

            // A POST anyone can call.
            [HttpPost("orders")]
            public IActionResult Orders() => Ok();
        }

        """;
}
