using System.Threading.Tasks;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.UnauthenticatedHandlerAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.UnauthenticatedHandlerCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

public sealed partial class AS0004UnauthenticatedHandlerTests
{
    private const string RequireAuthorization = "ActionSecurity.AS0004.RequireAuthorization";
    private const string SharedSecret = "ActionSecurity.AS0004.AddSharedSecretCheck";

    private const string AllowAnonymous = "ActionSecurity.AS0004.AllowAnonymous";

    /// <summary>A second file that registers an authentication scheme: "Require authorization" is offered only then.</summary>
    private const string AuthenticationSetup = """
        using Microsoft.Extensions.DependencyInjection;

        public static class AuthenticationSetup
        {
            public static void Register(IServiceCollection services) => services.AddAuthentication("Bearer");
        }
        """;

    private static Task VerifyFix(string source, string fixedSource, string key, string? editorConfig = null, bool nullable = false)
    {
        var test = new Verify.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = key,
            EditorConfig = editorConfig,
            NullableContextOptions = nullable ? Microsoft.CodeAnalysis.NullableContextOptions.Enable : Microsoft.CodeAnalysis.NullableContextOptions.Disable,
        };
        if (key == RequireAuthorization && !source.Contains("AddAuthentication", System.StringComparison.Ordinal))
            test.Sources.Add(AuthenticationSetup);
        return test.RunAsync();
    }

    // ------------------------------------------------------------------------------------------------------------
    // Golden scenario 3: an anonymous HTTP-triggered action that sets a session cookie and checks nothing.
    // ------------------------------------------------------------------------------------------------------------

    private const string GoldenScenario3 = """
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Routing;

        public static class SessionAction
        {
            public static void Map(IEndpointRouteBuilder app)
            {
                app.[|MapPost|]("/actions/session", (HttpContext context) =>
                {
                    context.Response.Cookies.Append("session", Guid.NewGuid().ToString("N"));
                    return Results.Ok();
                });
            }
        }
        """;

    [Fact]
    public Task Reports_golden_scenario_3_with_the_route_in_the_message() => Verify.VerifyAnalyzerAsync(
        GoldenScenario3.Replace("[|MapPost|]", "{|#0:MapPost|}"),
        Verify.Diagnostic().WithLocation(0).WithArguments("/actions/session"));

    [Fact]
    public Task Fixes_golden_scenario_3_by_requiring_authorization() => VerifyFix(
        GoldenScenario3,
        """
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Routing;

        public static class SessionAction
        {
            public static void Map(IEndpointRouteBuilder app)
            {
                app.MapPost("/actions/session", (HttpContext context) =>
                {
                    context.Response.Cookies.Append("session", Guid.NewGuid().ToString("N"));
                    return Results.Ok();
                }).RequireAuthorization();
            }
        }
        """,
        RequireAuthorization);

    [Fact]
    public Task Fixes_golden_scenario_3_with_a_shared_secret_check() => VerifyFix(
        GoldenScenario3,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Routing;

        public static class SessionAction
        {
            public static void Map(IEndpointRouteBuilder app)
            {
                app.MapPost("/actions/session", (HttpContext context) =>
                {
                    var expectedSecret = Environment.GetEnvironmentVariable("ACTION_SECRET");
                    var providedSecret = context.Request.Headers["X-Action-Secret"].ToString();
                    if (string.IsNullOrEmpty(expectedSecret) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(providedSecret), Encoding.UTF8.GetBytes(expectedSecret)))
                    {
                        return Results.Unauthorized();
                    }

                    context.Response.Cookies.Append("session", Guid.NewGuid().ToString("N"));
                    return Results.Ok();
                });
            }
        }
        """,
        SharedSecret);

    [Fact]
    public Task Reports_golden_scenario_3_as_an_anonymous_azure_function() => VerifyFix(
        """
        using System;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Azure.WebJobs;
        using Microsoft.Azure.WebJobs.Extensions.Http;

        public static class SessionFunction
        {
            [FunctionName("session")]
            public static IActionResult [|Run|]([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequest req)
            {
                req.HttpContext.Response.Cookies.Append("session", Guid.NewGuid().ToString("N"));
                return new OkResult();
            }
        }
        """,
        """
        using System;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Azure.WebJobs;
        using Microsoft.Azure.WebJobs.Extensions.Http;

        public static class SessionFunction
        {
            [FunctionName("session")]
            public static IActionResult Run([HttpTrigger(AuthorizationLevel.Function, "post")] HttpRequest req)
            {
                req.HttpContext.Response.Cookies.Append("session", Guid.NewGuid().ToString("N"));
                return new OkResult();
            }
        }
        """,
        RequireAuthorization);

    // ------------------------------------------------------------------------------------------------------------
    // Minimal APIs
    // ------------------------------------------------------------------------------------------------------------

    [Fact]
    public Task Fixes_expression_lambda_with_a_block_and_a_new_HttpRequest_parameter() => VerifyFix(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.[|MapPost|]("/hello/{id}", (int id) => Results.Ok(id));
            }
        }
        """,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/hello/{id}", (int id, HttpRequest request) =>
                {
                    var expectedSecret = Environment.GetEnvironmentVariable("ACTION_SECRET");
                    var providedSecret = request.Headers["X-Action-Secret"].ToString();
                    if (string.IsNullOrEmpty(expectedSecret) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(providedSecret), Encoding.UTF8.GetBytes(expectedSecret)))
                    {
                        return Results.Unauthorized();
                    }

                    return Results.Ok(id);
                });
            }
        }
        """,
        SharedSecret);

    [Fact]
    public Task Fixes_request_delegate_by_setting_the_status_code() => VerifyFix(
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.[|MapPost|]("/hook", async (HttpContext context) => await context.Response.WriteAsync("done"));
            }
        }
        """,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/hook", async (HttpContext context) =>
                {
                    var expectedSecret = Environment.GetEnvironmentVariable("ACTION_SECRET");
                    var providedSecret = context.Request.Headers["X-Action-Secret"].ToString();
                    if (string.IsNullOrEmpty(expectedSecret) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(providedSecret), Encoding.UTF8.GetBytes(expectedSecret)))
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        return;
                    }

                    await context.Response.WriteAsync("done");
                });
            }
        }
        """,
        SharedSecret);

    [Fact]
    public Task Fixes_method_group_handler_in_its_declaration() => VerifyFix(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.[|MapDelete|]("/items/{id}", Delete);
            }

            private static IResult Delete(int id, HttpRequest request)
            {
                return Results.NoContent();
            }
        }
        """,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.MapDelete("/items/{id}", Delete);
            }

            private static IResult Delete(int id, HttpRequest request)
            {
                var expectedSecret = Environment.GetEnvironmentVariable("ACTION_SECRET");
                var providedSecret = request.Headers["X-Action-Secret"].ToString();
                if (string.IsNullOrEmpty(expectedSecret) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(providedSecret), Encoding.UTF8.GetBytes(expectedSecret)))
                {
                    return Results.Unauthorized();
                }

                return Results.NoContent();
            }
        }
        """,
        SharedSecret);

    [Fact]
    public Task Reports_local_function_handler() => VerifyFix(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                IResult Handle() => Results.Ok();
                app.[|MapPut|]("/items", Handle);
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                IResult Handle() => Results.Ok();
                app.MapPut("/items", Handle).RequireAuthorization();
            }
        }
        """,
        RequireAuthorization);

    [Fact]
    public Task Reports_MapMethods_and_Map_on_a_route_group_with_the_full_route() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                var api = app.MapGroup("/api");
                var v1 = api.MapGroup("/v1");
                v1.{|#0:MapMethods|}("/items", new[] { "PATCH" }, () => Results.Ok());
                api.{|#1:Map|}("/run", () => Results.Ok());
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("/api/v1/items"),
        Verify.Diagnostic().WithLocation(1).WithArguments("/api/run"));

    [Fact]
    public Task DoesNotReport_endpoint_with_RequireAuthorization_or_AllowAnonymous() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/a", () => Results.Ok()).RequireAuthorization();
                app.MapPost("/b", () => Results.Ok()).WithName("b").RequireAuthorization("admin");
                app.MapPost("/health", () => Results.Ok()).AllowAnonymous();
                app.MapPost("/c", [Authorize] () => Results.Ok());
                app.MapPost("/d", [AllowAnonymous] () => Results.Ok());
                app.MapPost("/e", () => Results.Ok()).WithMetadata(new AuthorizeAttribute());
                var endpoint = app.MapPost("/f", () => Results.Ok());
                endpoint.RequireAuthorization();
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_endpoints_in_protected_route_groups() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.MapGroup("/a").RequireAuthorization().MapPost("/x", () => Results.Ok());

                var admin = app.MapGroup("/admin").RequireAuthorization();
                admin.MapPost("/x", () => Results.Ok());
                var nested = admin.MapGroup("/nested").WithTags("nested");
                nested.MapPost("/y", () => Results.Ok());

                var late = app.MapGroup("/late");
                late.MapPost("/z", () => Results.Ok());
                late.RequireAuthorization();
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_endpoints_mapped_by_a_helper_on_a_protected_group() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Routing;

        public static class TodoApi
        {
            public static RouteGroupBuilder MapTodos(this RouteGroupBuilder group)
            {
                group.MapPost("/", () => Results.Ok());
                return group;
            }

            public static void MapAll(WebApplication app)
            {
                app.MapGroup("/todos").MapTodos().RequireAuthorization();
            }
        }
        """);

    [Fact]
    public Task Reports_endpoints_mapped_by_a_helper_called_with_the_app() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Routing;

        public static class TodoApi
        {
            public static void MapTodos(this IEndpointRouteBuilder endpoints)
            {
                endpoints.[|MapPost|]("/todos", () => Results.Ok());
            }

            public static void MapAll(WebApplication app)
            {
                app.MapTodos();
                app.MapGroup("/secure").RequireAuthorization().MapTodos();
            }
        }
        """);

    [Fact]
    public Task Reports_endpoints_mapped_in_UseEndpoints() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public sealed class Startup
        {
            public void Configure(IApplicationBuilder app)
            {
                app.UseRouting();
                app.UseEndpoints(endpoints =>
                {
                    endpoints.[|MapPost|]("/hook", () => Results.Ok());
                    endpoints.MapGet("/secure", () => Results.Ok()).RequireAuthorization();
                });
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_with_a_fallback_authorization_policy_in_another_file() => new Verify.Test
    {
        TestCode = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            public static class Api
            {
                public static void Map(WebApplication app) => app.MapPost("/a", () => Results.Ok());
            }
            """,
        Sources =
        {
            """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.Extensions.DependencyInjection;

            public static class Setup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddAuthorization(options =>
                    {
                        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
                    });
                }
            }
            """,
        },
    }.RunAsync();

    [Fact]
    public Task DoesNotReport_with_SetFallbackPolicy() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        public static class Program
        {
            public static void Main(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddAuthorizationBuilder()
                    .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
                var app = builder.Build();
                app.MapPost("/a", () => Results.Ok());
                app.Run();
            }
        }
        """);

    [Fact]
    public Task Reports_when_the_fallback_policy_is_null() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        public static class Program
        {
            public static void Main(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddAuthorization(options => options.FallbackPolicy = null);
                var app = builder.Build();
                app.[|MapPost|]("/a", () => Results.Ok());
                app.Run();
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_handlers_that_check_a_secret() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/webtask", (HttpRequest request) =>
                {
                    if (request.Query["secret"] != "open-sesame")
                        return Results.StatusCode(400);
                    return Results.Ok();
                });
                app.MapPost("/hook", (HttpRequest request) =>
                {
                    var expected = Environment.GetEnvironmentVariable("WEBHOOK_SECRET");
                    string provided = request.Headers["X-Webhook-Secret"];
                    if (string.IsNullOrEmpty(expected) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided ?? ""), Encoding.UTF8.GetBytes(expected)))
                        return Results.Unauthorized();
                    return Results.Ok();
                });
                app.MapPost("/helper", (HttpRequest request) => IsAuthorized(request) ? Results.Ok() : Results.Unauthorized());
                app.MapPost("/me", (HttpContext context) => context.User.Identity?.IsAuthenticated == true ? Results.Ok() : Results.Unauthorized());
            }

            private static bool IsAuthorized(HttpRequest request)
                => string.Equals(request.Headers["X-Api-Key"], Environment.GetEnvironmentVariable("API_KEY"), StringComparison.Ordinal);
        }
        """);

    [Fact]
    public Task Reports_handlers_that_compare_only_non_secret_values() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.[|MapPost|]("/a", (HttpRequest request, CancellationToken cancellationToken) =>
                {
                    var secretary = request.Query["secretary"].ToString();
                    var SecretName = "ACTION_SECRET";
                    if (secretary == "alice" || SecretName == request.Query["name"] || cancellationToken == CancellationToken.None)
                        return Results.BadRequest();
                    return Results.Ok();
                });
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_endpoint_filter_that_checks_a_secret() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/a", () => Results.Ok()).AddEndpointFilter(async (context, next) =>
                {
                    if (context.HttpContext.Request.Headers["X-Api-Key"] != Environment.GetEnvironmentVariable("API_KEY"))
                        return Results.Unauthorized();
                    return await next(context);
                });
                app.MapGroup("/b").AddEndpointFilter<ApiKeyFilter>().MapPost("/x", () => Results.Ok());
            }
        }

        public sealed class ApiKeyFilter : IEndpointFilter
        {
            public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
            {
                var apiKey = context.HttpContext.Request.Headers["X-Api-Key"].ToString();
                if (apiKey != Environment.GetEnvironmentVariable("API_KEY"))
                    return Results.Unauthorized();
                return await next(context);
            }
        }
        """.Replace("using System;", "using System;\nusing System.Threading.Tasks;").Replace("object?", "object"));

    [Fact]
    public Task DoesNotReport_with_middleware_that_checks_a_secret() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.Use(async (context, next) =>
                {
                    if (context.Request.Headers["X-Api-Key"] != Environment.GetEnvironmentVariable("API_KEY"))
                    {
                        context.Response.StatusCode = 401;
                        return;
                    }

                    await next();
                });
                app.MapPost("/a", () => Results.Ok());
            }
        }
        """);

    [Fact]
    public Task Option_auth_methods_counts_a_configured_helper_as_a_check() => new Verify.Test
    {
        TestCode = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            public static class Api
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/a", (HttpRequest request) => Guard.Verify(request) ? Results.Ok() : Results.BadRequest());
                }
            }
            """,
        Sources =
        {
            """
            namespace Company.Security
            {
                public static class Placeholder { }
            }
            """,
            """
            public static class Guard
            {
                public static bool Verify(Microsoft.AspNetCore.Http.HttpRequest request) => External.Check(request);
            }

            public static class External
            {
                public static bool Check(object request) => request is not null;
            }
            """,
        },
        EditorConfig = "action_security.auth_methods = Guard.Verify",
    }.RunAsync();

    [Fact]
    public Task DoesNotReport_application_builder_Map_branches() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;

        public static class Api
        {
            public static void Configure(IApplicationBuilder app)
            {
                app.Map("/branch", branch => branch.Run(context => context.Response.WriteAsync("x")));
            }
        }
        """.Replace("using Microsoft.AspNetCore.Builder;", "using Microsoft.AspNetCore.Builder;\nusing Microsoft.AspNetCore.Http;"));

    [Fact]
    public Task Option_secret_header_names_the_header_the_guard_reads() => VerifyFix(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app) => app.[|MapPost|]("/hook", (HttpRequest req) => Results.Ok());
        }
        """,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app) => app.MapPost("/hook", (HttpRequest req) =>
            {
                var expectedSecret = Environment.GetEnvironmentVariable("ACTION_SECRET");
                var providedSecret = req.Headers["X-Hook-Token"].ToString();
                if (string.IsNullOrEmpty(expectedSecret) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(providedSecret), Encoding.UTF8.GetBytes(expectedSecret)))
                {
                    return Results.Unauthorized();
                }

                return Results.Ok();
            });
        }
        """,
        SharedSecret,
        "action_security.secret_header = X-Hook-Token");

    [Fact]
    public Task Option_secret_store_configuration_adds_an_IConfiguration_parameter() => VerifyFix(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.[|MapPost|]("/hook", (HttpRequest request) => Results.Ok());
            }
        }
        """,
        """
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/hook", (HttpRequest request, IConfiguration configuration) =>
                {
                    var expectedSecret = configuration["ActionSecret"];
                    var providedSecret = request.Headers["X-Action-Secret"].ToString();
                    if (string.IsNullOrEmpty(expectedSecret) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(providedSecret), Encoding.UTF8.GetBytes(expectedSecret)))
                    {
                        return Results.Unauthorized();
                    }

                    return Results.Ok();
                });
            }
        }
        """,
        SharedSecret,
        "action_security.secret_store = configuration");

    [Fact]
    public Task Fixes_with_the_IConfiguration_in_scope() => VerifyFix(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;

        public static class Api
        {
            public static void Map(WebApplication app, IConfiguration settings)
            {
                app.[|MapPost|]("/hook", (HttpRequest request) => Results.Ok());
            }
        }
        """,
        """
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;

        public static class Api
        {
            public static void Map(WebApplication app, IConfiguration settings)
            {
                app.MapPost("/hook", (HttpRequest request) =>
                {
                    var expectedSecret = settings["ActionSecret"];
                    var providedSecret = request.Headers["X-Action-Secret"].ToString();
                    if (string.IsNullOrEmpty(expectedSecret) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(providedSecret), Encoding.UTF8.GetBytes(expectedSecret)))
                    {
                        return Results.Unauthorized();
                    }

                    return Results.Ok();
                });
            }
        }
        """,
        SharedSecret);

    [Fact]
    public Task FixAll_requires_authorization_on_every_endpoint() => VerifyFix(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.[|MapPut|]("/a", () => Results.Ok());
                app.[|MapPost|]("/b", () => Results.Ok()).WithName("b");
                app.[|MapDelete|]("/c", () => Results.Ok());
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.MapPut("/a", () => Results.Ok()).RequireAuthorization();
                app.MapPost("/b", () => Results.Ok()).RequireAuthorization().WithName("b");
                app.MapDelete("/c", () => Results.Ok()).RequireAuthorization();
            }
        }
        """,
        RequireAuthorization);

    [Fact]
    public Task FixAll_adds_a_shared_secret_check_to_every_endpoint() => VerifyFix(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.[|MapPut|]("/a", (HttpRequest request) => Results.Ok());
                app.[|MapPost|]("/b", (HttpContext context) => Results.Ok());
            }
        }
        """,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.MapPut("/a", (HttpRequest request) =>
                {
                    var expectedSecret = Environment.GetEnvironmentVariable("ACTION_SECRET");
                    var providedSecret = request.Headers["X-Action-Secret"].ToString();
                    if (string.IsNullOrEmpty(expectedSecret) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(providedSecret), Encoding.UTF8.GetBytes(expectedSecret)))
                    {
                        return Results.Unauthorized();
                    }

                    return Results.Ok();
                });
                app.MapPost("/b", (HttpContext context) =>
                {
                    var expectedSecret = Environment.GetEnvironmentVariable("ACTION_SECRET");
                    var providedSecret = context.Request.Headers["X-Action-Secret"].ToString();
                    if (string.IsNullOrEmpty(expectedSecret) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(providedSecret), Encoding.UTF8.GetBytes(expectedSecret)))
                    {
                        return Results.Unauthorized();
                    }

                    return Results.Ok();
                });
            }
        }
        """,
        SharedSecret);

    // ------------------------------------------------------------------------------------------------------------
    // Controllers
    // ------------------------------------------------------------------------------------------------------------

    private const string Controller = """
        using System;
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        public sealed class ActionsController : ControllerBase
        {
            /// <summary>Creates a user.</summary>
            [HttpPost("/actions/create-user")]
            public IActionResult [|CreateUser|](string name)
            {
                return Ok(new { id = Guid.NewGuid(), name });
            }
        }
        """;

    [Fact]
    public Task Reports_controller_action_with_controller_and_action_in_the_message() => Verify.VerifyAnalyzerAsync(
        Controller.Replace("[|CreateUser|]", "{|#0:CreateUser|}"),
        Verify.Diagnostic().WithLocation(0).WithArguments("ActionsController.CreateUser"));

    [Fact]
    public Task Fixes_controller_action_with_Authorize() => VerifyFix(
        Controller,
        """
        using System;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        public sealed class ActionsController : ControllerBase
        {
            /// <summary>Creates a user.</summary>
            [Authorize]
            [HttpPost("/actions/create-user")]
            public IActionResult CreateUser(string name)
            {
                return Ok(new { id = Guid.NewGuid(), name });
            }
        }
        """,
        RequireAuthorization);

    [Fact]
    public Task Fixes_controller_action_with_a_shared_secret_check() => VerifyFix(
        Controller,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        public sealed class ActionsController : ControllerBase
        {
            /// <summary>Creates a user.</summary>
            [HttpPost("/actions/create-user")]
            public IActionResult CreateUser(string name)
            {
                var expectedSecret = Environment.GetEnvironmentVariable("ACTION_SECRET");
                var providedSecret = Request.Headers["X-Action-Secret"].ToString();
                if (string.IsNullOrEmpty(expectedSecret) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(providedSecret), Encoding.UTF8.GetBytes(expectedSecret)))
                {
                    return Unauthorized();
                }

                return Ok(new { id = Guid.NewGuid(), name });
            }
        }
        """,
        SharedSecret);

    [Fact]
    public Task Fixes_an_action_whose_expression_body_throws_with_a_throw_statement() => VerifyFix(
        """
        using System;
        using Microsoft.AspNetCore.Mvc;

        public sealed class DiagnosticsController : ControllerBase
        {
            [HttpPost("/diagnostics/raise")]
            public IActionResult [|Raise|](string reason) => throw new InvalidOperationException(reason);
        }
        """,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Mvc;

        public sealed class DiagnosticsController : ControllerBase
        {
            [HttpPost("/diagnostics/raise")]
            public IActionResult Raise(string reason)
            {
                var expectedSecret = Environment.GetEnvironmentVariable("ACTION_SECRET");
                var providedSecret = Request.Headers["X-Action-Secret"].ToString();
                if (string.IsNullOrEmpty(expectedSecret) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(providedSecret), Encoding.UTF8.GetBytes(expectedSecret)))
                {
                    return Unauthorized();
                }

                throw new InvalidOperationException(reason);
            }
        }
        """,
        SharedSecret);

    [Fact]
    public Task Fixes_async_controller_action_with_an_IConfiguration_field() => VerifyFix(
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Configuration;

        public class HooksController : Controller
        {
            private readonly IConfiguration _configuration;

            public HooksController(IConfiguration configuration) => _configuration = configuration;

            public async Task<ActionResult<string>> [|Receive|]() => await Task.FromResult("ok");
        }
        """,
        """
        using System.Security.Cryptography;
        using System.Text;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Configuration;

        public class HooksController : Controller
        {
            private readonly IConfiguration _configuration;

            public HooksController(IConfiguration configuration) => _configuration = configuration;

            public async Task<ActionResult<string>> Receive()
            {
                var expectedSecret = _configuration["ActionSecret"];
                var providedSecret = Request.Headers["X-Action-Secret"].ToString();
                if (string.IsNullOrEmpty(expectedSecret) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(providedSecret), Encoding.UTF8.GetBytes(expectedSecret)))
                {
                    return Unauthorized();
                }

                return await Task.FromResult("ok");
            }
        }
        """,
        SharedSecret);

    [Fact]
    public Task DoesNotReport_protected_or_anonymous_controllers() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.Filters;

        [Authorize]
        public abstract class SecureControllerBase : ControllerBase { }

        public sealed class OrdersController : SecureControllerBase
        {
            public IActionResult List() => Ok();
        }

        [Authorize(Policy = "admin")]
        public sealed class AdminController : ControllerBase
        {
            public IActionResult Index() => Ok();
        }

        public sealed class PublicController : ControllerBase
        {
            [AllowAnonymous]
            public IActionResult Ping() => Ok();

            [Authorize]
            public IActionResult Secret() => Ok();

            [NonAction]
            public IActionResult Helper() => Ok();

            [ApiKey]
            public IActionResult Keyed() => Ok();

            [ServiceFilter(typeof(SignatureFilter))]
            public IActionResult Signed() => Ok();

            private IActionResult Hidden() => Ok();
        }

        public sealed class ApiKeyAttribute : Attribute, IAuthorizationFilter
        {
            public void OnAuthorization(AuthorizationFilterContext context) { }
        }

        public sealed class SignatureFilter : IActionFilter
        {
            public void OnActionExecuting(ActionExecutingContext context)
            {
                var signature = context.HttpContext.Request.Headers["X-Signature"].ToString();
                if (signature != Environment.GetEnvironmentVariable("SIGNING_SECRET"))
                    context.Result = new UnauthorizedResult();
            }

            public void OnActionExecuted(ActionExecutedContext context) { }
        }
        """);

    [Fact]
    public Task DoesNotReport_controllers_under_a_global_AuthorizeFilter() => new Verify.Test
    {
        TestCode = """
            using Microsoft.AspNetCore.Mvc;

            public sealed class OrdersController : ControllerBase
            {
                public IActionResult List() => Ok();
            }
            """,
        Sources =
        {
            """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc.Authorization;
            using Microsoft.Extensions.DependencyInjection;

            public static class Setup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddControllers(options => options.Filters.Add(new AuthorizeFilter(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())));
                }
            }
            """,
        },
    }.RunAsync();

    [Fact]
    public Task DoesNotReport_controllers_mapped_with_RequireAuthorization() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;

        public sealed class OrdersController : ControllerBase
        {
            public IActionResult List() => Ok();
        }

        public static class Setup
        {
            public static void Map(WebApplication app) => app.MapControllers().RequireAuthorization();
        }
        """);

    [Fact]
    public Task DoesNotReport_controller_action_that_checks_the_action_secret() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        public sealed class ActionsController : ControllerBase
        {
            [HttpPost("/actions/create-user")]
            public IActionResult CreateUser()
            {
                if (Request.Headers["ACTION_SECRET"] == Environment.GetEnvironmentVariable("ACTION_SECRET"))
                    return Ok();
                return StatusCode(403);
            }
        }
        """);

    // ------------------------------------------------------------------------------------------------------------
    // Azure Functions
    // ------------------------------------------------------------------------------------------------------------

    private const string InProcessFunction = """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Azure.WebJobs;
        using Microsoft.Azure.WebJobs.Extensions.Http;

        public static class Hook
        {
            [FunctionName("hook")]
            public static IActionResult [|Run|]([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = null)] HttpRequest req)
            {
                return new OkResult();
            }
        }
        """;

    [Fact]
    public Task Reports_anonymous_in_process_function_with_its_function_name() => Verify.VerifyAnalyzerAsync(
        InProcessFunction.Replace("[|Run|]", "{|#0:Run|}"),
        Verify.Diagnostic().WithLocation(0).WithArguments("hook"));

    [Fact]
    public Task Fixes_in_process_function_with_a_shared_secret_check() => VerifyFix(
        InProcessFunction,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Azure.WebJobs;
        using Microsoft.Azure.WebJobs.Extensions.Http;

        public static class Hook
        {
            [FunctionName("hook")]
            public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = null)] HttpRequest req)
            {
                var expectedSecret = Environment.GetEnvironmentVariable("ACTION_SECRET");
                var providedSecret = req.Headers["X-Action-Secret"].ToString();
                if (string.IsNullOrEmpty(expectedSecret) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(providedSecret), Encoding.UTF8.GetBytes(expectedSecret)))
                {
                    return new UnauthorizedResult();
                }

                return new OkResult();
            }
        }
        """,
        SharedSecret);

    [Fact]
    public Task DoesNotReport_functions_with_function_keys_or_other_triggers() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Azure.WebJobs;
        using Microsoft.Azure.WebJobs.Extensions.Http;

        public static class Functions
        {
            [FunctionName("keyed")]
            public static IActionResult Keyed([HttpTrigger(AuthorizationLevel.Function, "post")] HttpRequest req) => new OkResult();

            [FunctionName("admin")]
            public static IActionResult Admin([HttpTrigger(AuthorizationLevel.Admin, "get")] HttpRequest req) => new OkResult();

            [FunctionName("default")]
            public static IActionResult Default([HttpTrigger("get")] HttpRequest req) => new OkResult();

            [FunctionName("plain")]
            public static void Plain(string item) { }
        }
        """);

    private const string WorkerFunction = """
        using System.Net;
        using Microsoft.Azure.Functions.Worker;
        using Microsoft.Azure.Functions.Worker.Http;

        public sealed class Hook
        {
            [Function("hook")]
            public HttpResponseData [|Run|]([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequestData req)
            {
                return req.CreateResponse(HttpStatusCode.OK);
            }
        }
        """;

    [Fact]
    public Task Fixes_isolated_worker_function_with_AuthorizationLevel_Function() => VerifyFix(
        WorkerFunction,
        """
        using System.Net;
        using Microsoft.Azure.Functions.Worker;
        using Microsoft.Azure.Functions.Worker.Http;

        public sealed class Hook
        {
            [Function("hook")]
            public HttpResponseData Run([HttpTrigger(AuthorizationLevel.Function, "post")] HttpRequestData req)
            {
                return req.CreateResponse(HttpStatusCode.OK);
            }
        }
        """,
        RequireAuthorization);

    [Fact]
    public Task Fixes_isolated_worker_function_with_a_shared_secret_check() => VerifyFix(
        WorkerFunction,
        """
        using System;
        using System.Net;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.Azure.Functions.Worker;
        using Microsoft.Azure.Functions.Worker.Http;

        public sealed class Hook
        {
            [Function("hook")]
            public HttpResponseData Run([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequestData req)
            {
                var expectedSecret = Environment.GetEnvironmentVariable("ACTION_SECRET");
                var providedSecret = req.Headers.TryGetValues("X-Action-Secret", out var headerValues) ? string.Join(",", headerValues) : string.Empty;
                if (string.IsNullOrEmpty(expectedSecret) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(providedSecret), Encoding.UTF8.GetBytes(expectedSecret)))
                {
                    return req.CreateResponse(HttpStatusCode.Unauthorized);
                }

                return req.CreateResponse(HttpStatusCode.OK);
            }
        }
        """,
        SharedSecret);

    [Fact]
    public Task DoesNotReport_worker_functions_with_function_keys_a_secret_check_or_a_checking_middleware() => new Verify.Test
    {
        TestCode = """
            using System;
            using System.Linq;
            using System.Net;
            using Microsoft.Azure.Functions.Worker;
            using Microsoft.Azure.Functions.Worker.Http;

            public sealed class Functions
            {
                [Function("keyed")]
                public HttpResponseData Keyed([HttpTrigger(AuthorizationLevel.Function, "post")] HttpRequestData req)
                    => req.CreateResponse(HttpStatusCode.OK);

                [Function("checked")]
                public HttpResponseData Checked([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequestData req)
                {
                    var token = req.Headers.TryGetValues("X-Token", out var values) ? values.First() : null;
                    return token == Environment.GetEnvironmentVariable("HOOK_TOKEN")
                        ? req.CreateResponse(HttpStatusCode.OK)
                        : req.CreateResponse(HttpStatusCode.Unauthorized);
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Fixes_openwhisk_web_action_in_a_nullable_context() => VerifyFix(
        """
        using Newtonsoft.Json.Linq;

        public class Hello
        {
            public JObject [|Main|](JObject args) => new JObject { ["statusCode"] = 200 };
        }
        """,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Newtonsoft.Json.Linq;

        public class Hello
        {
            public JObject Main(JObject args)
            {
                var expectedSecret = Environment.GetEnvironmentVariable("ACTION_SECRET");
                var providedSecret = (string?)args["__ow_headers"]?["x-action-secret"] ?? string.Empty;
                if (string.IsNullOrEmpty(expectedSecret) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(providedSecret), Encoding.UTF8.GetBytes(expectedSecret)))
                {
                    return new JObject { ["statusCode"] = 401 };
                }

                return new JObject { ["statusCode"] = 200 };
            }
        }
        """,
        SharedSecret,
        nullable: true);

    // ------------------------------------------------------------------------------------------------------------
    // AWS Lambda and OpenWhisk
    // ------------------------------------------------------------------------------------------------------------

    [Fact]
    public Task Fixes_api_gateway_lambda_with_a_shared_secret_check() => VerifyFix(
        """
        using Amazon.Lambda.APIGatewayEvents;

        public class Function
        {
            public APIGatewayProxyResponse [|Handler|](APIGatewayProxyRequest request)
            {
                return new APIGatewayProxyResponse { StatusCode = 200, Body = "ok" };
            }
        }
        """,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Amazon.Lambda.APIGatewayEvents;

        public class Function
        {
            public APIGatewayProxyResponse Handler(APIGatewayProxyRequest request)
            {
                var expectedSecret = Environment.GetEnvironmentVariable("ACTION_SECRET");
                var providedSecret = request.Headers != null && request.Headers.TryGetValue("X-Action-Secret", out var headerValue) ? headerValue : string.Empty;
                if (string.IsNullOrEmpty(expectedSecret) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(providedSecret), Encoding.UTF8.GetBytes(expectedSecret)))
                {
                    return new APIGatewayProxyResponse { StatusCode = 401 };
                }

                return new APIGatewayProxyResponse { StatusCode = 200, Body = "ok" };
            }
        }
        """,
        SharedSecret);

    [Fact]
    public Task NoFix_for_a_lambda_handler_that_returns_a_task_without_async() => VerifyFix(
        """
        using System.Threading.Tasks;
        using Amazon.Lambda.APIGatewayEvents;

        public class Function
        {
            public Task<APIGatewayProxyResponse> [|Handler|](APIGatewayProxyRequest request)
                => Task.FromResult(new APIGatewayProxyResponse { StatusCode = 200 });
        }
        """,
        """
        using System.Threading.Tasks;
        using Amazon.Lambda.APIGatewayEvents;

        public class Function
        {
            public Task<APIGatewayProxyResponse> Handler(APIGatewayProxyRequest request)
                => Task.FromResult(new APIGatewayProxyResponse { StatusCode = 200 });
        }
        """,
        SharedSecret);

    [Fact]
    public Task DoesNotReport_lambda_helpers_or_handlers_behind_an_authorizer() => Verify.VerifyAnalyzerAsync(
        """
        using Amazon.Lambda.APIGatewayEvents;

        public class Function
        {
            public static string GetUser(APIGatewayProxyRequest request) => request.Path;

            public APIGatewayProxyResponse Handler(APIGatewayProxyRequest request)
            {
                var claims = request.RequestContext.Authorizer;
                return new APIGatewayProxyResponse { StatusCode = claims is null ? 403 : 200 };
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_openwhisk_actions_that_are_not_web_actions() => Verify.VerifyAnalyzerAsync(
        """
        using Newtonsoft.Json.Linq;

        public class Hello
        {
            public JObject Main(JObject args)
            {
                var name = (string)args["name"];
                return new JObject { ["greeting"] = "Hello " + name };
            }
        }
        """);

    [Fact]
    public Task Fixes_openwhisk_web_action_with_a_shared_secret_check() => VerifyFix(
        """
        using Newtonsoft.Json.Linq;

        public class Hello
        {
            public JObject [|Main|](JObject args)
            {
                return new JObject { ["body"] = "hello" };
            }
        }
        """,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Newtonsoft.Json.Linq;

        public class Hello
        {
            public JObject Main(JObject args)
            {
                var expectedSecret = Environment.GetEnvironmentVariable("ACTION_SECRET");
                var providedSecret = (string)args["__ow_headers"]?["x-action-secret"] ?? string.Empty;
                if (string.IsNullOrEmpty(expectedSecret) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(providedSecret), Encoding.UTF8.GetBytes(expectedSecret)))
                {
                    return new JObject { ["statusCode"] = 401 };
                }

                return new JObject { ["body"] = "hello" };
            }
        }
        """,
        SharedSecret);

    [Fact]
    public Task DoesNotReport_openwhisk_action_that_checks_the_secret_header() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Newtonsoft.Json.Linq;

        public class Hello
        {
            public JObject Main(JObject args)
            {
                var secret = (string)args["__ow_headers"]?["x-require-whisk-auth"];
                if (secret != Environment.GetEnvironmentVariable("WHISK_SECRET"))
                    return new JObject { ["statusCode"] = 401 };
                return new JObject { ["body"] = "hello" };
            }
        }
        """);
}
