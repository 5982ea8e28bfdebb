using System.Threading.Tasks;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.CookieAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.DirectSetCookieCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

public sealed class AS0005DirectSetCookieTests
{
    // ---- Golden scenario 3: an anonymous HTTP-triggered action that sets a session cookie ----

    [Fact]
    public Task Reports_and_fixes_golden_scenario_session_cookie_in_a_minimal_api_action() => Verify.VerifyCodeFixAsync(
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

    // ---- ASP.NET Core ----

    [Fact]
    public Task Reports_and_fixes_controller_action_append_with_options() => Verify.VerifyCodeFixAsync(
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
    public Task Reports_and_fixes_helper_method_that_receives_the_response() => Verify.VerifyCodeFixAsync(
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
    public Task Reports_Set_Cookie_written_through_IHeaderDictionary_in_every_form() => Verify.VerifyAnalyzerAsync(
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
    public Task Reports_cookie_written_in_middleware() => Verify.VerifyAnalyzerAsync(
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
    public Task NoFix_isolated_worker_cookie_object_and_raw_header() => Verify.VerifyCodeFixAsync(
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
    public Task NoFix_HttpResponseMessage_headers() => Verify.VerifyCodeFixAsync(
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
    public Task NoFix_HttpListenerResponse_cookie_apis() => Verify.VerifyCodeFixAsync(
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
    public Task NoFix_System_Web_response_cookie_apis() => Verify.VerifyCodeFixAsync(
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
    public Task NoFix_cookie_name_is_not_a_constant() => Verify.VerifyCodeFixAsync(
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
    public Task NoFix_response_named_by_a_call_or_cookies_passed_in() => Verify.VerifyCodeFixAsync(
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
    public Task NoFix_raw_Set_Cookie_header() => Verify.VerifyCodeFixAsync(
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
    public Task Message_names_the_api_that_writes_the_cookie() => Verify.VerifyAnalyzerAsync(
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
}
