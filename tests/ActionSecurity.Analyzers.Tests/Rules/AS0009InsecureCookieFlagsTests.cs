using System.Threading.Tasks;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.CookieAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.InsecureCookieFlagsCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

public sealed class AS0009InsecureCookieFlagsTests
{
    // ---- ASP.NET Core: Append and CookieOptions ----

    [Fact]
    public Task Fixes_golden_scenario_append_without_options_by_adding_them() => Verify.VerifyCodeFixAsync(
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
                    {|AS0009:context.Response.Cookies.Append("session", Guid.NewGuid().ToString("N"))|};
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
                    context.Response.Cookies.Append("session", Guid.NewGuid().ToString("N"), new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict });
                    return Results.Ok();
                });
            }
        }
        """);

    [Fact]
    public Task Fixes_by_completing_an_inline_initializer() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;

        static class C
        {
            public static void M(HttpResponse response)
                => response.Cookies.Append("theme", "dark", {|AS0009:new CookieOptions { HttpOnly = true }|});
        }
        """,
        """
        using Microsoft.AspNetCore.Http;

        static class C
        {
            public static void M(HttpResponse response)
                => response.Cookies.Append("theme", "dark", new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict });
        }
        """);

    [Fact]
    public Task Fixes_by_correcting_insecure_values_in_the_initializer() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;

        static class C
        {
            public static void M(HttpResponse response, string id)
                => response.Cookies.Append("session", id, {|AS0009:new CookieOptions { Secure = false, HttpOnly = true, SameSite = SameSiteMode.None }|});
        }
        """,
        """
        using Microsoft.AspNetCore.Http;

        static class C
        {
            public static void M(HttpResponse response, string id)
                => response.Cookies.Append("session", id, new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict });
        }
        """);

    [Fact]
    public Task Fixes_a_multi_line_initializer_in_its_own_layout() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Microsoft.AspNetCore.Http;

        static class C
        {
            public static void M(HttpResponse response, string id)
            {
                var options = new CookieOptions
                {
                    Path = "/",
                    Expires = DateTimeOffset.UtcNow.AddHours(1)
                };
                response.Cookies.Append("session", id, {|AS0009:options|});
            }
        }
        """,
        """
        using System;
        using Microsoft.AspNetCore.Http;

        static class C
        {
            public static void M(HttpResponse response, string id)
            {
                var options = new CookieOptions
                {
                    Path = "/",
                    Expires = DateTimeOffset.UtcNow.AddHours(1),
                    Secure = true,
                    HttpOnly = true,
                    SameSite = SameSiteMode.Strict
                };
                response.Cookies.Append("session", id, options);
            }
        }
        """);

    [Fact]
    public Task Fixes_later_assignments_to_the_same_local() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;

        static class C
        {
            public static void M(HttpResponse response, string id)
            {
                var options = new CookieOptions();
                options.Secure = false; // for local testing
                options.SameSite = SameSiteMode.Lax;
                response.Cookies.Append("session", id, {|AS0009:options|});
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Http;

        static class C
        {
            public static void M(HttpResponse response, string id)
            {
                var options = new CookieOptions { HttpOnly = true };
                options.Secure = true; // for local testing
                options.SameSite = SameSiteMode.Lax;
                response.Cookies.Append("session", id, options);
            }
        }
        """);

    [Fact]
    public Task Fixes_options_built_by_a_helper_in_the_same_file() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;

        static class C
        {
            static CookieOptions SessionOptions() => new CookieOptions { Secure = true };

            public static void M(HttpResponse response, string id)
                => response.Cookies.Append("session", id, {|AS0009:SessionOptions()|});
        }
        """,
        """
        using Microsoft.AspNetCore.Http;

        static class C
        {
            static CookieOptions SessionOptions() => new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict };

            public static void M(HttpResponse response, string id)
                => response.Cookies.Append("session", id, SessionOptions());
        }
        """);

    [Fact]
    public Task Fixes_target_typed_new() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;

        static class C
        {
            public static void M(HttpResponse response, string id)
            {
                CookieOptions options = new();
                response.Cookies.Append("session", id, {|AS0009:options|});
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Http;

        static class C
        {
            public static void M(HttpResponse response, string id)
            {
                CookieOptions options = new() { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict };
                response.Cookies.Append("session", id, options);
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_secure_or_unknown_options() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Http;

        static class C
        {
            static CookieOptions shared = new CookieOptions();

            public static void M(HttpContext context, CookieOptions passedIn, CookieBuilder builder, bool strict, string id)
            {
                var response = context.Response;
                response.Cookies.Append("a", id, new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
                response.Cookies.Append("b", id, passedIn);
                response.Cookies.Append("c", id, shared);
                response.Cookies.Append("d", id, builder.Build(context));
                response.Cookies.Append("e", id, new CookieOptions { Secure = context.Request.IsHttps, HttpOnly = true, SameSite = SameSiteMode.Strict });

                var branchy = new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict };
                if (strict)
                    branchy.Secure = true;
                else
                    branchy.Secure = false;
                response.Cookies.Append("f", id, branchy);

                var configured = new CookieOptions();
                Configure(configured);
                response.Cookies.Append("g", id, configured);

                response.Cookies.Delete("h", new CookieOptions());
            }

            static void Configure(CookieOptions options)
            {
                options.Secure = true;
                options.HttpOnly = true;
                options.SameSite = SameSiteMode.Strict;
            }
        }
        """);

    // ---- Cookie policy ----

    [Fact]
    public Task DoesNotReport_flags_forced_by_a_cookie_policy_but_reports_the_rest() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.CookiePolicy;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        static class Startup
        {
            public static void Configure(IServiceCollection services, WebApplication app)
            {
                services.Configure<CookiePolicyOptions>(options =>
                {
                    options.Secure = CookieSecurePolicy.Always;
                    options.HttpOnly = HttpOnlyPolicy.Always;
                });
                app.UseCookiePolicy();
            }

            public static void M(HttpResponse response, string id)
            {
                {|#0:response.Cookies.Append("session", id)|};
                response.Headers["Set-Cookie"] = {|#1:"raw=1"|};
            }
        }
        """,
        Verify.Diagnostic(DiagnosticIds.InsecureCookieFlags).WithLocation(0).WithArguments("SameSite"),
        Verify.Diagnostic(DiagnosticIds.InsecureCookieFlags).WithLocation(1).WithArguments("Secure, HttpOnly and SameSite"));

    [Fact]
    public Task Reports_every_flag_when_the_cookie_policy_middleware_is_not_used() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.CookiePolicy;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        static class Startup
        {
            public static void Configure(IServiceCollection services)
            {
                services.Configure<CookiePolicyOptions>(options =>
                {
                    options.Secure = CookieSecurePolicy.Always;
                    options.HttpOnly = HttpOnlyPolicy.Always;
                    options.MinimumSameSitePolicy = SameSiteMode.Strict;
                });
            }

            public static void M(HttpResponse response, string id)
                => {|#0:response.Cookies.Append("session", id)|};
        }
        """,
        Verify.Diagnostic(DiagnosticIds.InsecureCookieFlags).WithLocation(0).WithArguments("Secure, HttpOnly and SameSite"));

    // ---- CookieBuilder (authentication, session, antiforgery) ----

    [Fact]
    public Task Fixes_insecure_CookieBuilder_assignments() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        static class Startup
        {
            public static void Configure(IServiceCollection services)
            {
                services.AddSession(options =>
                {
                    {|AS0009:options.Cookie.HttpOnly = false|};
                    {|AS0009:options.Cookie.SecurePolicy = CookieSecurePolicy.None|};
                    {|AS0009:options.Cookie.SameSite = SameSiteMode.None|};
                });
                services.AddAntiforgery(options => options.Cookie = new CookieBuilder { Name = "csrf", {|AS0009:HttpOnly = false|} });
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        static class Startup
        {
            public static void Configure(IServiceCollection services)
            {
                services.AddSession(options =>
                {
                    options.Cookie.HttpOnly = true;
                    options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                    options.Cookie.SameSite = SameSiteMode.Strict;
                });
                services.AddAntiforgery(options => options.Cookie = new CookieBuilder { Name = "csrf", HttpOnly = true });
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_CookieBuilder_defaults_and_secure_settings() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        static class Startup
        {
            public static void Configure(IServiceCollection services)
            {
                services.AddSession(options =>
                {
                    options.Cookie.Name = "session";
                    options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    options.Cookie.SameSite = SameSiteMode.Lax;
                    options.Cookie.HttpOnly = true;
                });
                services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.Always);
            }
        }
        """);

    // ---- Set-Cookie header strings ----

    [Fact]
    public Task Fixes_header_strings_by_appending_the_attributes() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Net.Http.Headers;

        static class C
        {
            public static void M(HttpResponse response, string id)
            {
                response.Headers["Set-Cookie"] = {|AS0009:"session=abc; Path=/;"|};
                response.Headers[HeaderNames.SetCookie] = {|AS0009:"session=" + id|};
                response.Headers.SetCookie = {|AS0009:$"session={id}; Secure"|};
                response.Headers.Append("Set-Cookie", {|AS0009:"theme=dark; Secure; HttpOnly; SameSite=None"|});
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Net.Http.Headers;

        static class C
        {
            public static void M(HttpResponse response, string id)
            {
                response.Headers["Set-Cookie"] = "session=abc; Path=/; Secure; HttpOnly; SameSite=Strict";
                response.Headers[HeaderNames.SetCookie] = "session=" + id + "; Secure; HttpOnly; SameSite=Strict";
                response.Headers.SetCookie = $"session={id}; Secure; HttpOnly; SameSite=Strict";
                response.Headers.Append("Set-Cookie", "theme=dark; Secure; HttpOnly; SameSite=Strict");
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_header_strings_whose_attributes_are_computed_or_complete() => Verify.VerifyAnalyzerAsync(
        """
        using System.Net.Http;
        using Microsoft.AspNetCore.Http;

        static class C
        {
            public static void M(HttpResponse response, HttpResponseMessage message, string id, string attributes, string whole)
            {
                response.Headers["Set-Cookie"] = $"session={id}; {attributes}";
                response.Headers["Set-Cookie"] = whole;
                response.Headers["Set-Cookie"] = "a=1; secure; httponly; samesite=lax";
                message.Headers.Add("Set-Cookie", "a=1; Secure; HttpOnly; SameSite=Strict");
            }
        }
        """);

    // ---- Other hosting models ----

    [Fact]
    public Task Fixes_isolated_worker_append_without_a_cookie_object() => Verify.VerifyCodeFixAsync(
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
                {|AS0005:{|AS0009:response.Cookies.Append("session", Guid.NewGuid().ToString("N"))|}|};
                {|AS0005:response.Cookies.Append({|AS0009:new HttpCookie("theme", "dark") { Secure = true }|})|};
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
                {|AS0005:response.Cookies.Append(new HttpCookie("session", Guid.NewGuid().ToString("N")) { Secure = true, HttpOnly = true, SameSite = SameSite.Strict })|};
                {|AS0005:response.Cookies.Append(new HttpCookie("theme", "dark") { Secure = true, HttpOnly = true, SameSite = SameSite.Strict })|};
                return response;
            }
        }
        """);

    [Fact]
    public Task Fixes_System_Web_HttpCookie() => Verify.VerifyCodeFixAsync(
        """
        using System.Web;

        static class C
        {
            public static void M(HttpResponse response, string id)
            {
                response.Cookies.Add({|AS0009:new HttpCookie("session", id)|});
                var theme = new HttpCookie("theme", "dark") { HttpOnly = true };
                theme.Secure = true;
                response.SetCookie({|AS0009:theme|});
            }
        }
        """,
        """
        using System.Web;

        static class C
        {
            public static void M(HttpResponse response, string id)
            {
                response.Cookies.Add(new HttpCookie("session", id) { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict });
                var theme = new HttpCookie("theme", "dark") { HttpOnly = true, SameSite = SameSiteMode.Strict };
                theme.Secure = true;
                response.SetCookie(theme);
            }
        }
        """);

    [Fact]
    public Task Fixes_HttpListener_cookie_without_SameSite_which_the_type_lacks() => Verify.VerifyCodeFixAsync(
        """
        using System.Net;

        static class C
        {
            public static void M(HttpListenerResponse response, string id)
            {
                response.SetCookie({|AS0009:new Cookie("session", id)|});
                response.Cookies.Add({|AS0009:new Cookie("theme", "dark") { HttpOnly = true }|});
                response.AppendCookie(new Cookie("lang", "en") { Secure = true, HttpOnly = true });
            }
        }
        """,
        """
        using System.Net;

        static class C
        {
            public static void M(HttpListenerResponse response, string id)
            {
                response.SetCookie(new Cookie("session", id) { Secure = true, HttpOnly = true });
                response.Cookies.Add(new Cookie("theme", "dark") { HttpOnly = true, Secure = true });
                response.AppendCookie(new Cookie("lang", "en") { Secure = true, HttpOnly = true });
            }
        }
        """);

    // ---- Message, no fix, Fix All ----

    [Fact]
    public Task Message_lists_exactly_the_missing_flags() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Http;

        static class C
        {
            public static void M(HttpResponse response, string id)
                => response.Cookies.Append("session", id, {|#0:new CookieOptions { Secure = true }|});
        }
        """,
        Verify.Diagnostic(DiagnosticIds.InsecureCookieFlags).WithLocation(0).WithArguments("HttpOnly and SameSite"));

    [Fact]
    public Task NoFix_options_created_in_another_file() => new Verify.Test
    {
        TestCode = """
            using Microsoft.AspNetCore.Http;

            static class C
            {
                public static void M(HttpResponse response, string id)
                {
                    var options = CookieDefaults.Create();
                    response.Cookies.Append("session", id, options);
                }
            }
            """,
        Sources =
        {
            """
            using Microsoft.AspNetCore.Http;

            static class CookieDefaults
            {
                public static CookieOptions Create() => new CookieOptions();
            }
            """,
        },
        FixedCode = """
            using Microsoft.AspNetCore.Http;

            static class C
            {
                public static void M(HttpResponse response, string id)
                {
                    var options = CookieDefaults.Create();
                    response.Cookies.Append("session", id, options);
                }
            }
            """,
        FixedSources =
        {
            """
            using Microsoft.AspNetCore.Http;

            static class CookieDefaults
            {
                public static CookieOptions Create() => new CookieOptions();
            }
            """,
        },
    }.RunAsync();

    [Fact]
    public Task FixAll_sets_the_flags_on_every_cookie_including_a_shared_options_local() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;

        static class C
        {
            public static void M(HttpResponse response, string id, string user)
            {
                var options = new CookieOptions { Path = "/" };
                response.Cookies.Append("session", id, {|AS0009:options|});
                response.Cookies.Append("user", user, {|AS0009:options|});
                {|AS0009:response.Cookies.Append("theme", "dark")|};
                response.Headers.Append("Set-Cookie", {|AS0009:"lang=en"|});
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Http;

        static class C
        {
            public static void M(HttpResponse response, string id, string user)
            {
                var options = new CookieOptions { Path = "/", Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict };
                response.Cookies.Append("session", id, options);
                response.Cookies.Append("user", user, options);
                response.Cookies.Append("theme", "dark", new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict });
                response.Headers.Append("Set-Cookie", "lang=en; Secure; HttpOnly; SameSite=Strict");
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_a_cookie_collection_that_forwards_its_callers_cookies() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Http;

        public sealed class TenantCookies : IResponseCookies
        {
            private readonly HttpResponse _response;

            public TenantCookies(HttpResponse response) => _response = response;

            public void Append(string key, string value) => _response.Cookies.Append(key, value);

            public void Append(string key, string value, CookieOptions options) => _response.Cookies.Append(key, value, new CookieOptions { Path = options.Path });

            public void Delete(string key) => _response.Cookies.Delete(key);

            public void Delete(string key, CookieOptions options) => _response.Cookies.Delete(key, options);
        }

        public static class Theme
        {
            public static void Remember(HttpResponse response, string theme) => {|AS0009:response.Cookies.Append("theme", theme)|};
        }
        """);

    [Fact]
    public Task DoesNotReport_a_cookie_collection_whose_base_type_is_in_a_missing_package() => new Verify.Test
    {
        TestCode = """
            using Microsoft.AspNetCore.Http;

            internal sealed class ForwardingCookies : HttpCookies
            {
                private readonly HttpResponse _response;

                public ForwardingCookies(HttpResponse response) => _response = response;

                public override void Append(string name, string value) => _response.Cookies.Append(name, value);
            }

            internal sealed class Preferences : CookieStore
            {
                public static void Save(HttpResponse response, string value) => {|AS0009:response.Cookies.Append("pref", value)|};
            }
            """,
        AllowedCompilerDiagnostics = { "CS0246", "CS0115" },
    }.RunAsync();
}
