using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.CookieAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.DirectSetCookieCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

public sealed class AS0005DirectSetCookieTests
{
    // ---- Golden scenario 3: an anonymous HTTP-triggered action that sets a session cookie ----

    [Fact]
    public Task Reports_and_fixes_golden_scenario_session_cookie_in_a_minimal_api_action() => VerifySharedEverywhereAsync(
        """
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class SessionAction
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/actions/session", (HttpContext context) =>
                {
                    {|AS0005:{|AS0009:context.Response.Cookies.Append("session", Guid.NewGuid().ToString("N"))|}|};
                    return Results.Ok();
                });
            }
        }
        """,
        """
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class SessionAction
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/actions/session", (HttpContext context) =>
                {
                    context.Response.Headers["X-Session"] = Guid.NewGuid().ToString("N");
                    return Results.Ok();
                });
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_golden_scenario_in_an_anonymous_isolated_worker_function() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.Net;
        using Microsoft.Azure.Functions.Worker;
        using Microsoft.Azure.Functions.Worker.Http;

        public class SessionFunction
        {
            [Function("session")]
            public HttpResponseData Run([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequestData req)
            {
                var response = req.CreateResponse(HttpStatusCode.OK);
                // start a session
                {|AS0005:{|AS0009:response.Cookies.Append("session", Guid.NewGuid().ToString("N"))|}|};
                return response;
            }
        }
        """,
        """
        using System;
        using System.Net;
        using Microsoft.Azure.Functions.Worker;
        using Microsoft.Azure.Functions.Worker.Http;

        public class SessionFunction
        {
            [Function("session")]
            public HttpResponseData Run([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequestData req)
            {
                var response = req.CreateResponse(HttpStatusCode.OK);
                // start a session
                response.Headers.Add("X-Session", Guid.NewGuid().ToString("N"));
                return response;
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_golden_scenario_in_an_anonymous_in_process_function() => new Verify.Test
    {
        TestCode = """
            using System;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Azure.WebJobs;
            using Microsoft.Azure.WebJobs.Extensions.Http;

            public static class SessionFunction
            {
                [FunctionName("session")]
                public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequest req)
                {
                    {|AS0005:{|AS0009:req.HttpContext.Response.Cookies.Append("session", Guid.NewGuid().ToString("N"))|}|};
                    return new OkResult();
                }
            }
            """,
        FixedCode = """
            using System;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Azure.WebJobs;
            using Microsoft.Azure.WebJobs.Extensions.Http;

            public static class SessionFunction
            {
                [FunctionName("session")]
                public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequest req)
                {
                    req.HttpContext.Response.Headers["X-Session"] = Guid.NewGuid().ToString("N");
                    return new OkResult();
                }
            }
            """,
    }.RunAsync();

    // ---- action_security.shared_domain = auto (the default): serverless and web-action code ----

    [Fact]
    public Task Option_auto_reports_in_a_helper_of_an_in_process_function_class() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Azure.WebJobs;
        using Microsoft.Azure.WebJobs.Extensions.Http;

        public static class SessionFunction
        {
            [FunctionName("session")]
            public static IActionResult Run([HttpTrigger(AuthorizationLevel.Function, "post")] HttpRequest req)
            {
                Remember(req.HttpContext.Response, "abc");
                return new OkResult();
            }

            private static void Remember(HttpResponse response, string id)
                => {|AS0005:response.Cookies.Append("session", id, new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict })|};
        }
        """);

    [Fact]
    public Task Option_auto_reports_in_an_AWS_Lambda_handler() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;
        using Amazon.Lambda.APIGatewayEvents;
        using Amazon.Lambda.Core;

        public sealed class Function
        {
            public APIGatewayProxyResponse Login(APIGatewayProxyRequest request, ILambdaContext context)
            {
                var response = new APIGatewayProxyResponse
                {
                    StatusCode = 200,
                    Headers = new Dictionary<string, string> { {|AS0005:["Set-Cookie"] = "session=abc; Secure; HttpOnly; SameSite=Strict"|} },
                };
                {|AS0005:response.Headers["Set-Cookie"] = "theme=dark; Secure; HttpOnly; SameSite=Lax"|};
                return response;
            }
        }
        """);

    [Fact]
    public Task Option_auto_reports_in_an_OpenWhisk_web_action() => Verify.VerifyAnalyzerAsync(
        """
        using Newtonsoft.Json.Linq;

        public static class Action
        {
            public static JObject Main(JObject args)
            {
                return new JObject
                {
                    ["statusCode"] = 200,
                    ["headers"] = new JObject { {|AS0005:["Set-Cookie"] = "session=abc; Secure; HttpOnly; SameSite=Strict"|} },
                };
            }
        }
        """);

    [Fact]
    public Task Option_auto_does_not_report_an_ASP_NET_Core_login_endpoint_on_its_own_domain() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public static class LoginEndpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/login", (HttpContext context) =>
                {
                    context.Response.Cookies.Append("session", "abc", new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict });
                    return Results.Ok();
                });
            }
        }

        public sealed class AccountController : Controller
        {
            [HttpPost]
            public IActionResult Login(string user)
            {
                Response.Cookies.Append("session", user, new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
                Response.Headers["Set-Cookie"] = "theme=dark; Secure; HttpOnly; SameSite=Lax";
                return Ok();
            }
        }
        """);

    [Fact]
    public Task Option_false_never_reports() => new Verify.Test
    {
        EditorConfig = "action_security.shared_domain = false",
        TestCode = """
            using System;
            using System.Net;
            using Microsoft.Azure.Functions.Worker;
            using Microsoft.Azure.Functions.Worker.Http;

            public class SessionFunction
            {
                [Function("session")]
                public HttpResponseData Run([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequestData req)
                {
                    var response = req.CreateResponse(HttpStatusCode.OK);
                    response.Cookies.Append(new HttpCookie("session", "abc") { Secure = true, HttpOnly = true, SameSite = SameSite.Strict });
                    return response;
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Option_true_reports_and_fixes_an_ASP_NET_Core_endpoint() => VerifySharedEverywhereAsync(
        """
        using Microsoft.AspNetCore.Http;

        public static class LoginEndpoint
        {
            public static IResult Login(HttpResponse response, string id)
            {
                {|AS0005:response.Cookies.Append("session", id, new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict })|};
                return Results.Ok();
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Http;

        public static class LoginEndpoint
        {
            public static IResult Login(HttpResponse response, string id)
            {
                response.Headers["X-Session"] = id;
                return Results.Ok();
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_a_type_that_implements_the_response_cookies_itself() => VerifyAnalyzerSharedEverywhereAsync(
        """
        using System;
        using Microsoft.AspNetCore.Http;

        public sealed class PrefixedCookies : IResponseCookies
        {
            private readonly HttpResponse _response;

            public PrefixedCookies(HttpResponse response) => _response = response;

            public void Append(string key, string value) => _response.Headers.Append("Set-Cookie", "__Host-" + key + "=" + value + "; Secure; HttpOnly; SameSite=Strict; Path=/");

            public void Append(string key, string value, CookieOptions options) => _response.Cookies.Append("__Host-" + key, value, options);

            public void Delete(string key) => _response.Cookies.Delete("__Host-" + key);

            public void Delete(string key, CookieOptions options) => _response.Cookies.Delete("__Host-" + key, options);
        }
        """);

    // ---- auto: shipped configuration that names a shared platform host ----

    [Theory]
    [InlineData("/app/appsettings.json", """{ "App": { "BaseUrl": "https://contoso-web.azurewebsites.net" } }""")]
    [InlineData("/app/appsettings.Production.json", """{ "PublicUrl": "https://contoso.herokuapp.com/" }""")]
    [InlineData("/app/Properties/launchSettings.json", """{ "profiles": { "web": { "applicationUrl": "https://contoso.vercel.app" } } }""")]
    [InlineData("/app/appsettings.json", """{ "Runtime": "https://123-contoso.adobeioruntime.net/api/v1/web" }""")]
    [InlineData("/app/appsettings.json", """{ "Callback": "https://europe-west1-contoso.cloudfunctions.net/hook" }""")]
    [InlineData("/app/host.json", """{ "version": "2.0" }""")]
    public async Task Option_auto_reports_when_shipped_configuration_names_a_shared_platform(string path, string text)
        => Assert.Equal(new[] { "AS0005" }, await RunWithAdditionalFileAsync(path, text, editorConfig: null));

    [Theory]
    [InlineData("/app/appsettings.json", """{ "App": { "BaseUrl": "https://www.contoso.com" } }""")]
    [InlineData("/app/notes.txt", "staging runs on contoso.azurewebsites.net")]
    [InlineData("/app/appsettings.json", """{ "Logging": { "LogLevel": { "Default": "Information" } } }""")]
    public async Task Option_auto_does_not_report_when_configuration_names_no_shared_platform(string path, string text)
        => Assert.Empty(await RunWithAdditionalFileAsync(path, text, editorConfig: null));

    [Fact]
    public async Task Option_false_wins_over_a_shared_host_in_configuration()
        => Assert.Empty(await RunWithAdditionalFileAsync(
            "/app/appsettings.json", """{ "BaseUrl": "https://contoso.azurewebsites.net" }""", "action_security.shared_domain = false"));

    /// <summary>
    /// Runs the cookie analyzer on a controller that sets a secure session cookie, with one additional file (the way MSBuild
    /// passes <c>AdditionalFiles</c>), and returns the AS0005 ids reported (AS0009 has nothing to say: the flags are set).
    /// </summary>
    private static async Task<string[]> RunWithAdditionalFileAsync(string path, string text, string? editorConfig)
    {
        const string Source = """
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;

            public sealed class AccountController : Controller
            {
                [HttpPost]
                public IActionResult Login(string user)
                {
                    Response.Cookies.Append("session", user, new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict });
                    return Ok();
                }
            }
            """;
        var tree = CSharpSyntaxTree.ParseText(Source, path: "/app/AccountController.cs");
        var compilation = CSharpCompilation.Create(
            "TestProject", new[] { tree }, ReferenceSets.Get(ReferenceSet.AspNetCore),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var config = editorConfig is null
            ? ImmutableDictionary<string, string>.Empty
            : ImmutableDictionary<string, string>.Empty.Add("action_security.shared_domain", editorConfig.Split('=')[1].Trim());
        var options = new AnalyzerOptions(
            ImmutableArray.Create<AdditionalText>(new InMemoryAdditionalText(path, text)),
            new DictionaryConfigProvider(config));
        var exceptions = new List<Exception>();
        var diagnostics = await compilation
            .WithAnalyzers(
                ImmutableArray.Create<DiagnosticAnalyzer>(new ActionSecurity.Analyzers.Rules.CookieAnalyzer()),
                new CompilationWithAnalyzersOptions(options, (exception, _, _) => exceptions.Add(exception), concurrentAnalysis: true, logAnalyzerExecutionTime: false))
            .GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.Empty(exceptions);
        return diagnostics.Select(d => d.Id).ToArray();
    }

    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class DictionaryConfigProvider(ImmutableDictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        private readonly DictionaryConfig _options = new(values);

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

        private sealed class DictionaryConfig(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }

    // ---- ASP.NET Core ----

    [Fact]
    public Task Reports_and_fixes_controller_action_append_with_options() => VerifySharedEverywhereAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public sealed class LoginController : ControllerBase
        {
            [HttpPost("login")]
            public IActionResult Login(string token)
            {
                {|AS0005:Response.Cookies.Append("session_token", token, new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict })|}; // keep me
                return Ok();
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public sealed class LoginController : ControllerBase
        {
            [HttpPost("login")]
            public IActionResult Login(string token)
            {
                Response.Headers["X-Session-Token"] = token; // keep me
                return Ok();
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_helper_method_that_receives_the_response() => VerifySharedEverywhereAsync(
        """
        using Microsoft.AspNetCore.Http;

        static class Sessions
        {
            public static void Start(HttpResponse response, string id, CookieOptions options)
            {
                {|AS0005:response.Cookies.Append("sessionId", id, options)|};
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Http;

        static class Sessions
        {
            public static void Start(HttpResponse response, string id, CookieOptions options)
            {
                response.Headers["X-Session-Id"] = id;
            }
        }
        """);

    [Fact]
    public Task Reports_Set_Cookie_written_through_IHeaderDictionary_in_every_form() => VerifyAnalyzerSharedEverywhereAsync(
        """
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Net.Http.Headers;

        static class C
        {
            public static void M(HttpResponse response, string cookie)
            {
                {|AS0005:response.Headers["Set-Cookie"] = cookie|};
                {|AS0005:response.Headers[HeaderNames.SetCookie] = cookie|};
                {|AS0005:response.Headers.SetCookie = cookie|};
                {|AS0005:response.Headers.Append("set-cookie", cookie)|};
                {|AS0005:response.Headers.Add("SET-COOKIE", cookie)|};
                {|AS0005:response.Headers.TryAdd(HeaderNames.SetCookie, cookie)|};
                {|AS0005:response.Headers.AppendCommaSeparatedValues("Set-Cookie", cookie)|};
                var headers = response.Headers;
                {|AS0005:headers["Set-Cookie"] = cookie|};
            }
        }
        """);

    [Fact]
    public Task Reports_cookie_written_in_middleware() => VerifyAnalyzerSharedEverywhereAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        public sealed class TrackingMiddleware(RequestDelegate next)
        {
            public Task InvokeAsync(HttpContext context)
            {
                var cookies = context.Response.Cookies;
                {|AS0005:cookies.Append("visitor", "1", new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Lax })|};
                return next(context);
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_deleting_reading_or_forwarding_headers() => Verify.VerifyAnalyzerAsync(
        """
        using System.Net.Http;
        using Microsoft.AspNetCore.Http;

        static class C
        {
            public static string M(HttpContext context, HttpRequestMessage outgoing, string name, string value)
            {
                context.Response.Cookies.Delete("session");
                context.Response.Headers["X-Session"] = value;
                context.Response.Headers[name] = value;
                context.Response.Headers.Remove("Set-Cookie");
                outgoing.Headers.Add("Cookie", "a=b");
                var cookie = context.Request.Cookies["session"];
                return context.Response.Headers["Set-Cookie"].ToString() + cookie;
            }
        }
        """);

    // ---- Other hosting models: reported, no fix ----

    [Fact]
    public Task NoFix_isolated_worker_cookie_object_and_raw_header() => VerifySharedEverywhereAsync(
        """
        using Microsoft.Azure.Functions.Worker.Http;

        static class C
        {
            public static void M(HttpResponseData response, string id)
            {
                {|AS0005:response.Cookies.Append(new HttpCookie("session", id) { Secure = true, HttpOnly = true, SameSite = SameSite.Strict })|};
                {|AS0005:response.Headers.Add("Set-Cookie", "session=1; Secure; HttpOnly; SameSite=Lax")|};
            }
        }
        """,
        """
        using Microsoft.Azure.Functions.Worker.Http;

        static class C
        {
            public static void M(HttpResponseData response, string id)
            {
                {|AS0005:response.Cookies.Append(new HttpCookie("session", id) { Secure = true, HttpOnly = true, SameSite = SameSite.Strict })|};
                {|AS0005:response.Headers.Add("Set-Cookie", "session=1; Secure; HttpOnly; SameSite=Lax")|};
            }
        }
        """);

    [Fact]
    public Task NoFix_HttpResponseMessage_headers() => VerifySharedEverywhereAsync(
        """
        using System.Net.Http;

        static class C
        {
            public static HttpResponseMessage M()
            {
                var message = new HttpResponseMessage();
                {|AS0005:message.Headers.Add("Set-Cookie", "session=1; Secure; HttpOnly; SameSite=Strict")|};
                {|AS0005:message.Headers.TryAddWithoutValidation("Set-Cookie", "theme=dark; Secure; HttpOnly; SameSite=Lax")|};
                return message;
            }
        }
        """,
        """
        using System.Net.Http;

        static class C
        {
            public static HttpResponseMessage M()
            {
                var message = new HttpResponseMessage();
                {|AS0005:message.Headers.Add("Set-Cookie", "session=1; Secure; HttpOnly; SameSite=Strict")|};
                {|AS0005:message.Headers.TryAddWithoutValidation("Set-Cookie", "theme=dark; Secure; HttpOnly; SameSite=Lax")|};
                return message;
            }
        }
        """);

    [Fact]
    public Task NoFix_HttpListenerResponse_cookie_apis() => VerifySharedEverywhereAsync(
        """
        using System.Net;

        static class C
        {
            public static void M(HttpListenerResponse response, string id)
            {
                {|AS0005:response.SetCookie(new Cookie("session", id) { Secure = true, HttpOnly = true })|};
                {|AS0005:response.AppendCookie(new Cookie("theme", "dark") { Secure = true, HttpOnly = true })|};
                {|AS0005:response.Cookies.Add(new Cookie("lang", "en") { Secure = true, HttpOnly = true })|};
                {|AS0005:response.AddHeader("Set-Cookie", "a=1; Secure; HttpOnly; SameSite=Strict")|};
                {|AS0005:response.Headers[HttpResponseHeader.SetCookie] = "b=2; Secure; HttpOnly; SameSite=Strict"|};
            }
        }
        """,
        """
        using System.Net;

        static class C
        {
            public static void M(HttpListenerResponse response, string id)
            {
                {|AS0005:response.SetCookie(new Cookie("session", id) { Secure = true, HttpOnly = true })|};
                {|AS0005:response.AppendCookie(new Cookie("theme", "dark") { Secure = true, HttpOnly = true })|};
                {|AS0005:response.Cookies.Add(new Cookie("lang", "en") { Secure = true, HttpOnly = true })|};
                {|AS0005:response.AddHeader("Set-Cookie", "a=1; Secure; HttpOnly; SameSite=Strict")|};
                {|AS0005:response.Headers[HttpResponseHeader.SetCookie] = "b=2; Secure; HttpOnly; SameSite=Strict"|};
            }
        }
        """);

    [Fact]
    public Task NoFix_System_Web_response_cookie_apis() => VerifySharedEverywhereAsync(
        """
        using System.Web;

        static class C
        {
            public static void M(HttpResponse response, HttpResponseBase responseBase, string id)
            {
                var cookie = new HttpCookie("session", id) { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict };
                {|AS0005:response.Cookies.Add(cookie)|};
                {|AS0005:response.Cookies.Set(cookie)|};
                {|AS0005:response.SetCookie(cookie)|};
                {|AS0005:response.AppendCookie(cookie)|};
                {|AS0005:responseBase.Cookies.Add(cookie)|};
                {|AS0005:response.AddHeader("Set-Cookie", "a=1; Secure; HttpOnly; SameSite=Strict")|};
                {|AS0005:response.AppendHeader("Set-Cookie", "a=1; Secure; HttpOnly; SameSite=Strict")|};
                {|AS0005:response.Headers.Add("Set-Cookie", "a=1; Secure; HttpOnly; SameSite=Strict")|};
            }
        }
        """,
        """
        using System.Web;

        static class C
        {
            public static void M(HttpResponse response, HttpResponseBase responseBase, string id)
            {
                var cookie = new HttpCookie("session", id) { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict };
                {|AS0005:response.Cookies.Add(cookie)|};
                {|AS0005:response.Cookies.Set(cookie)|};
                {|AS0005:response.SetCookie(cookie)|};
                {|AS0005:response.AppendCookie(cookie)|};
                {|AS0005:responseBase.Cookies.Add(cookie)|};
                {|AS0005:response.AddHeader("Set-Cookie", "a=1; Secure; HttpOnly; SameSite=Strict")|};
                {|AS0005:response.AppendHeader("Set-Cookie", "a=1; Secure; HttpOnly; SameSite=Strict")|};
                {|AS0005:response.Headers.Add("Set-Cookie", "a=1; Secure; HttpOnly; SameSite=Strict")|};
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_System_Web_request_cookies_and_other_headers() => Verify.VerifyAnalyzerAsync(
        """
        using System.Web;

        static class C
        {
            public static string M(HttpRequest request, HttpResponse response)
            {
                request.Cookies.Add(new HttpCookie("a", "b"));
                response.AddHeader("X-Frame-Options", "DENY");
                return request.Cookies.Get("session").Value;
            }
        }
        """);

    // ---- Where the handler does not own the response: no fix ----

    [Fact]
    public Task NoFix_cookie_name_is_not_a_constant() => VerifySharedEverywhereAsync(
        """
        using Microsoft.AspNetCore.Http;

        static class C
        {
            public static void M(HttpResponse response, string name, string value)
                => {|AS0005:{|AS0009:response.Cookies.Append(name, value)|}|};
        }
        """,
        """
        using Microsoft.AspNetCore.Http;

        static class C
        {
            public static void M(HttpResponse response, string name, string value)
                => {|AS0005:{|AS0009:response.Cookies.Append(name, value)|}|};
        }
        """);

    [Fact]
    public Task NoFix_response_named_by_a_call_or_cookies_passed_in() => VerifySharedEverywhereAsync(
        """
        using Microsoft.AspNetCore.Http;

        static class C
        {
            static HttpResponse Current(HttpContext context) => context.Response;

            public static void M(HttpContext context, IResponseCookies cookies, string value)
            {
                {|AS0005:{|AS0009:Current(context).Cookies.Append("session", value)|}|};
                {|AS0005:{|AS0009:cookies.Append("session", value)|}|};
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Http;

        static class C
        {
            static HttpResponse Current(HttpContext context) => context.Response;

            public static void M(HttpContext context, IResponseCookies cookies, string value)
            {
                {|AS0005:{|AS0009:Current(context).Cookies.Append("session", value)|}|};
                {|AS0005:{|AS0009:cookies.Append("session", value)|}|};
            }
        }
        """);

    [Fact]
    public Task NoFix_raw_Set_Cookie_header() => VerifySharedEverywhereAsync(
        """
        using Microsoft.AspNetCore.Http;

        static class C
        {
            public static void M(HttpResponse response)
                => {|AS0005:response.Headers["Set-Cookie"] = "session=1; Secure; HttpOnly; SameSite=Strict"|};
        }
        """,
        """
        using Microsoft.AspNetCore.Http;

        static class C
        {
            public static void M(HttpResponse response)
                => {|AS0005:response.Headers["Set-Cookie"] = "session=1; Secure; HttpOnly; SameSite=Strict"|};
        }
        """);

    // ---- Message, Fix All ----

    [Fact]
    public Task Message_names_the_api_that_writes_the_cookie() => VerifyAnalyzerSharedEverywhereAsync(
        """
        using Microsoft.AspNetCore.Http;

        static class C
        {
            public static void M(HttpResponse response)
            {
                {|#0:response.Headers.Append("Set-Cookie", "session=1; Secure; HttpOnly; SameSite=Strict")|};
            }
        }
        """,
        Verify.Diagnostic(DiagnosticIds.DirectSetCookie).WithLocation(0).WithArguments("IHeaderDictionary.Append(\"Set-Cookie\")"));

    [Fact]
    public Task FixAll_moves_every_cookie_in_every_document() => new Verify.Test
    {
        EditorConfig = SharedEverywhere,
        TestCode = """
            using Microsoft.AspNetCore.Http;

            static class A
            {
                public static void M(HttpResponse response, string id, string user)
                {
                    {|AS0005:{|AS0009:response.Cookies.Append("session", id)|}|};
                    {|AS0005:{|AS0009:response.Cookies.Append("user-name", user)|}|};
                }
            }
            """,
        Sources =
        {
            """
            using Microsoft.AspNetCore.Http;

            static class B
            {
                public static void M(HttpContext context)
                    => {|AS0005:{|AS0009:context.Response.Cookies.Append("X-Csrf", "1")|}|};
            }
            """,
        },
        FixedCode = """
            using Microsoft.AspNetCore.Http;

            static class A
            {
                public static void M(HttpResponse response, string id, string user)
                {
                    response.Headers["X-Session"] = id;
                    response.Headers["X-User-Name"] = user;
                }
            }
            """,
        FixedSources =
        {
            """
            using Microsoft.AspNetCore.Http;

            static class B
            {
                public static void M(HttpContext context)
                    => context.Response.Headers["X-Csrf"] = "1";
            }
            """,
        },
    }.RunAsync();

    private const string SharedEverywhere = "action_security.shared_domain = true";

    /// <summary>The code fix test with <c>shared_domain = true</c>: the cookie APIs themselves, whatever the hosting model.</summary>
    private static Task VerifySharedEverywhereAsync([StringSyntax("C#-test")] string source, [StringSyntax("C#-test")] string fixedSource)
        => new Verify.Test { TestCode = source, FixedCode = fixedSource, EditorConfig = SharedEverywhere }.RunAsync();

    private static Task VerifyAnalyzerSharedEverywhereAsync([StringSyntax("C#-test")] string source, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = source, EditorConfig = SharedEverywhere };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
