using System.Threading.Tasks;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.UnauthenticatedHandlerAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.UnauthenticatedHandlerCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

/// <summary>
/// AS0004 on the patterns found in real code: which unprotected handlers are reported by default, what is public by
/// nature, filters written as attributes, third-party verifiers, branch middleware, controllers by the framework's
/// rule, and the fixes that cannot break an app without authentication.
/// </summary>
public sealed partial class AS0004UnauthenticatedHandlerTests
{
    private static Task VerifyWithConfig(string source, string editorConfig) => new Verify.Test
    {
        TestCode = source,
        EditorConfig = editorConfig,
    }.RunAsync();

    // ------------------------------------------------------------------------------------------------------------
    // Default scope
    // ------------------------------------------------------------------------------------------------------------

    [Fact]
    public Task DoesNotReport_a_GET_endpoint_when_nothing_in_the_app_is_protected() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;

        public static class Program
        {
            public static void Main(string[] args)
            {
                var app = WebApplication.CreateBuilder(args).Build();
                app.MapGet("/", () => "Hello World!");
                app.MapGet("/forecast", () => new[] { 1, 2, 3 });
                app.Run();
            }
        }
        """);

    [Fact]
    public Task Reports_a_GET_endpoint_next_to_endpoints_that_require_authorization() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/orders", () => Results.Ok()).RequireAuthorization();
                app.[|MapGet|]("/invoices", () => Results.Ok());
            }
        }
        """);

    [Fact]
    public Task Reports_a_state_changing_endpoint_when_nothing_is_protected() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.[|MapDelete|]("/orders/{id}", (int id) => Results.NoContent());
                app.[|MapMethods|]("/orders", new[] { "GET", "POST" }, () => Results.Ok());
                app.MapMethods("/orders/head", new[] { "HEAD", "GET" }, () => Results.Ok());
            }
        }
        """);

    [Fact]
    public Task Reports_controller_actions_without_a_verb_and_GET_actions_next_to_protected_ones() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        public sealed class ReportsController : Controller
        {
            public IActionResult [|Rebuild|]() => Ok();

            [HttpGet("reports/{id}")]
            public IActionResult [|Show|](int id) => Ok(id);

            [Authorize]
            [HttpGet("reports/audit")]
            public IActionResult Audit() => Ok();
        }

        public sealed class CatalogController : Controller
        {
            [HttpGet("catalog")]
            public IActionResult List() => Ok();

            [HttpHead("catalog/{id}")]
            [HttpGet("catalog/{id}")]
            public IActionResult Item(int id) => Ok(id);
        }
        """);

    [Fact]
    public Task DoesNotReport_GET_actions_of_a_controller_that_protects_only_its_writes() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        [Route("api/regions")]
        public sealed class RegionsController : Controller
        {
            [HttpGet]
            public IActionResult Get(bool? active) => Json(new[] { "north", "south" });

            [HttpGet("{id}")]
            public IActionResult Get(string id) => Json(id);

            [HttpPost("search")]
            public IActionResult [|Search|](string name) => Json(name);

            [HttpGet("geocoder")]
            public IActionResult [|Geocoder|]() => Json(new { url = Settings.GeocoderUrl, key = Settings.GeocoderApiKey });

            [HttpPut("{id}")]
            [Authorize(Roles = "admin")]
            public IActionResult Put(string id, string name) => Ok();

            [HttpDelete("{id}")]
            [Authorize(Roles = "admin")]
            public IActionResult Delete(string id) => Ok();
        }

        public static class Settings
        {
            public static string GeocoderUrl { get; set; } = "https://geo.example";
            public static string GeocoderApiKey { get; set; } = "";
        }

        [Route("api/invoices")]
        public sealed class InvoicesController : Controller
        {
            [HttpGet("{id}")]
            public IActionResult [|Get|](string id) => Json(id);

            [HttpGet("export")]
            [AllowAnonymous]
            public IActionResult Export(string key) => Unauthorized();

            [HttpDelete("{id}")]
            [Authorize(Roles = "admin")]
            public IActionResult Delete(string id) => Ok();
        }

        [Route("api/zones")]
        public sealed class ZonesController : Controller
        {
            [HttpGet("{id}")]
            public IActionResult [|Get|](string id) => Json(id);

            [AcceptVerbs("GET", "POST")]
            [Authorize(Roles = "admin")]
            public IActionResult Import(string id) => Ok();
        }
        """);

    [Fact]
    public Task DoesNotReport_GET_endpoints_next_to_protected_write_endpoints_only() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Articles
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/articles", () => Results.Ok());
                app.MapPost("/articles", (string title) => Results.Ok()).RequireAuthorization();
                app.MapDelete("/articles/{id}", (int id) => Results.NoContent()).WithName("DeleteArticle").RequireAuthorization("editors");
            }
        }

        public static class Invoices
        {
            public static void Map(WebApplication app)
            {
                app.[|MapGet|]("/invoices", () => Results.Ok());
                app.MapPost("/invoices", (string customer) => Results.Ok()).RequireAuthorization();
                app.MapGroup("/invoices/admin").RequireAuthorization().MapGet("/totals", () => Results.Ok());
            }
        }

        public static class Payments
        {
            public static void Map(WebApplication app)
            {
                var payments = app.MapGroup("/payments");
                payments.[|MapGet|]("/{id}", (int id) => Results.Ok());
                payments.MapDelete("/{id}", (int id) => Results.NoContent()).RequireAuthorization("admin");
                app.MapGet("/payments/health", () => Results.Ok()).AllowAnonymous();
            }
        }

        public static class Refunds
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/refunds/{id}", (int id) => Results.Ok());
                app.MapDelete("/refunds/{id}", (int id) => Results.NoContent()).RequireAuthorization("admin");
                app.MapPost("/refunds/notify", (string note) => Results.Ok()).AllowAnonymous();
                app.[|MapGet|]("/refunds/provider", () => Results.Ok(new { RefundSettings.ProviderUrl, RefundSettings.ProviderApiKey }));
            }
        }

        public static class RefundSettings
        {
            public static string ProviderUrl { get; set; } = "https://refunds.example";
            public static string ProviderApiKey { get; set; } = "";
        }
        """);

    [Fact]
    public Task DoesNotReport_handlers_written_for_anonymous_and_signed_in_callers_alike() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;
        using System.Linq;
        using Microsoft.AspNetCore.Mvc;

        public sealed class ReviewsController : Controller
        {
            private readonly List<string> _reviews = new();

            [HttpPost("reviews/list")]
            public IActionResult List(string product)
            {
                var query = _reviews.Where(r => r.StartsWith(product));
                if (!User.IsInRole("moderator"))
                    query = query.Where(r => !r.EndsWith("(hidden)"));
                return Json(query.ToList());
            }

            [HttpPost("reviews/draft")]
            public IActionResult Draft(string text)
            {
                var author = User.Identity.IsAuthenticated ? User.Identity.Name : "guest";
                _reviews.Add(author + ": " + text);
                return Ok();
            }

            [HttpPost("reviews/purge")]
            public IActionResult [|Purge|](string product)
            {
                _reviews.RemoveAll(r => r.StartsWith(product));
                return Ok();
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_a_contact_form_or_an_action_that_only_throws() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Mvc;

        public sealed class ContactController : Controller
        {
            private static readonly List<string> Messages = new();

            [HttpPost("contact")]
            public IActionResult SubmitContact(string from, string text)
            {
                Messages.Add(from + ": " + text);
                return View("Sent");
            }
        }

        public sealed class DiagnosticsController : Controller
        {
            private static readonly List<string> Events = new();

            public IActionResult TestError() => throw new InvalidOperationException("Testing the error page");

            public IActionResult Fail(string reason)
            {
                throw new InvalidOperationException("Testing the error page");
            }

            public IActionResult [|Crash|](string reason)
            {
                Events.Add(reason);
                throw new InvalidOperationException(reason);
            }

            public IActionResult [|Raise|](string reason) => throw new InvalidOperationException(reason);
        }
        """);

    [Fact]
    public Task DoesNotReport_an_endpoint_that_only_redirects_to_a_constant_address() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/admin/stats", () => Results.Ok()).RequireAuthorization();
                app.Map("/", () => Results.Redirect("/scalar/v1"));
                app.MapPost("/old-login", () => Results.LocalRedirect("/account/login", permanent: true));
                app.[|Map|]("/go", (string to) => Results.Redirect(to));
                app.[|MapPost|]("/reset", (Store store) =>
                {
                    store.Clear();
                    return Results.Redirect("/");
                });
            }
        }

        public sealed class Store
        {
            public void Clear() { }
        }
        """);

    [Fact]
    public Task DoesNotReport_the_empty_example_actions_of_a_project_template() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Mvc;

        [Route("api/[controller]")]
        public sealed class ValuesController : ControllerBase
        {
            private static readonly List<string> Values = new();

            [HttpGet]
            public IEnumerable<string> Get() => new[] { "value1", "value2" };

            [HttpPost]
            public void Post([FromBody] string value)
            {
            }

            [HttpPut("{id}")]
            public void Put(int id, [FromBody] string value)
            {
                // Left for later.
            }

            [HttpDelete("{id}")]
            public void [|Delete|](int id)
            {
                Values.RemoveAt(id);
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_the_root_page_of_an_app_that_protects_other_endpoints() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/", () => Results.Text("<html><body>Welcome</body></html>", "text/html"));
                app.MapGet("/secret", () => Results.Ok()).RequireAuthorization();
                app.[|MapGet|]("/reports", () => Results.Ok());

                var orders = app.MapGroup("/orders");
                orders.[|MapGet|]("/", () => Results.Ok());
            }

            public static void MapLanding(WebApplication app)
            {
                app.Map("/", () => Results.Json(new { hello = "world" }));
                app.[|MapPost|]("/", (string payload) => Results.Accepted());
            }
        }
        """);

    [Fact]
    public Task Judges_actions_without_a_verb_that_answer_constant_text_as_pages() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public sealed class GreetController : Controller
        {
            public IActionResult Index() => Content("Hello from the greet controller");

            public ActionResult Banner() => new ContentResult { Content = "<h1>Welcome</h1>", ContentType = "text/html" };

            public ActionResult Later() => null;

            public IActionResult [|Echo|](string text) => Content(text);

            public ActionResult [|Render|](string html) => new ContentResult { Content = html, ContentType = "text/html" };

            public IActionResult [|Notify|]()
            {
                foreach (var user in Subscribers.All)
                    Subscribers.Send(user, "ping");
                return Content("<h1>Proactive messages have been sent.</h1>", "text/html");
            }
        }

        public static class Subscribers
        {
            public static string[] All { get; } = { "a", "b" };

            public static void Send(string user, string text) { }
        }

        public sealed class SiteController : Controller
        {
            public IActionResult About() => View();

            public IActionResult AboutUs() => Ok("Contoso builds things.");
        }
        """);

    [Fact]
    public Task Judges_a_page_action_whose_model_type_is_in_a_missing_package_by_the_name_of_its_answer() => new Verify.Test
    {
        TestCode = """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;

            public sealed class EntryController : Controller
            {
                private readonly GuestbookContext _db;

                public EntryController(GuestbookContext db) => _db = db;

                public async Task<IActionResult> Index()
                {
                    var entries = await _db.LoadEntriesAsync();
                    return View(entries);
                }

                public async Task<IActionResult> [|Purge|]()
                {
                    var removed = await _db.PurgeAsync();
                    return Ok(removed);
                }

                public async Task<IActionResult> [|Broadcast|]()
                {
                    await _db.NotifyEveryoneAsync();
                    return Content("<h1>Sent</h1>", "text/html");
                }
            }
            """,
        AllowedCompilerDiagnostics = { "CS0246" },
    }.RunAsync();

    [Fact]
    public Task Reports_every_unprotected_handler_with_handler_scope_all() => VerifyWithConfig(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.[|MapGet|]("/forecast", () => Results.Ok());
                app.[|MapPost|]("/login", () => Results.Ok());
                app.MapGet("/health", () => Results.Ok()).AllowAnonymous();
            }
        }
        """,
        "action_security.handler_scope = all");

    // ------------------------------------------------------------------------------------------------------------
    // Public by nature
    // ------------------------------------------------------------------------------------------------------------

    [Fact]
    public Task DoesNotReport_login_logout_registration_health_and_well_known_endpoints() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/admin", () => Results.Ok()).RequireAuthorization();
                app.MapPost("/account/login", () => Results.Ok());
                app.MapPost("/account/log-out", () => Results.Ok());
                app.MapPost("/register", () => Results.Ok());
                app.MapPost("/forgot-password", () => Results.Ok());
                app.MapPost("/accounts/prelogin", () => Results.Ok());
                app.MapPost("/trial/send-verification-email", () => Results.Ok());
                app.[|MapPost|]("/trial/send-invoice", () => Results.Ok());
                app.MapGet("/healthz", () => Results.Ok());
                app.MapGet("/.well-known/openid-configuration", () => Results.Ok());
                app.[|MapPost|]("/account/close", () => Results.Ok());
                app.[|MapGet|]("/loginless", () => Results.Ok());
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_the_pages_of_the_mvc_template_but_reports_other_actions_of_its_controller() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public class HomeController : Controller
        {
            public IActionResult Index() => View();

            public IActionResult Privacy() => View();

            [ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
            public IActionResult Error() => View();

            // A verb-less action that renders a page is judged as a GET (docs/rules/AS0004.md); one that only
            // acknowledges may act on any request.
            public IActionResult Reset() => View();

            public IActionResult [|Clear|]() => Ok();
        }
        """);

    [Fact]
    public Task DoesNotReport_login_actions_of_an_account_controller() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        public sealed class AccountController : Controller
        {
            [HttpPost("account/login")]
            public Task<IActionResult> Login(string user) => Task.FromResult<IActionResult>(Ok());

            [HttpPost("account/login-with-code")]
            public IActionResult LoginWithCode(string code) => Ok();

            [HttpGet("account/access-denied")]
            public IActionResult AccessDenied() => View();

            [Authorize]
            [HttpGet("account/password")]
            public IActionResult ChangePassword() => View();

            [HttpGet("account/profile")]
            public IActionResult [|Profile|]() => View();
        }
        """);

    [Fact]
    public Task DoesNotReport_GET_assets_and_public_named_reads_next_to_protected_actions() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        public sealed class UsersController : ControllerBase
        {
            [HttpGet("users/{id}/avatar")]
            public IActionResult GetUserAvatar(string id) => Ok();

            [HttpGet("users/public")]
            public IActionResult GetPublicUsers() => Ok();

            [HttpGet("users/{id}/report")]
            public IActionResult [|GetUserReport|](string id) => Ok();

            [HttpPost("users/{id}/avatar")]
            public IActionResult [|SetUserAvatar|](string id) => Ok();

            [Authorize]
            [HttpGet("users/{id}/sessions")]
            public IActionResult Sessions(string id) => Ok();
        }
        """);

    [Fact]
    public Task DoesNotReport_the_first_run_installation_wizard() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public sealed class InstallController : Controller
        {
            [HttpPost]
            public IActionResult Install(string connectionString) => Json(new { Success = true });

            [HttpPost]
            public IActionResult RestartInstall() => Json(new { Success = true });

            public IActionResult ChangeLanguage(string language) => RedirectToAction("Index");
        }

        public sealed class PluginsController : Controller
        {
            [HttpPost]
            public IActionResult [|InstallPlugin|](string name) => Json(new { Success = true });
        }
        """);

    [Fact]
    public Task DoesNotReport_names_and_routes_listed_in_public_handlers() => VerifyWithConfig(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/status/refresh", () => Results.Ok());
                app.[|MapPost|]("/statistics/refresh", () => Results.Ok());
            }
        }

        public sealed class BeaconController : ControllerBase
        {
            [HttpPost("beacon")]
            public IActionResult Collect() => Ok();

            [HttpPost("beacon/flush")]
            public IActionResult [|Flush|]() => Ok();
        }
        """,
        "action_security.public_handlers = /status, Beacon.Collect");

    [Fact]
    public Task DoesNotReport_endpoints_that_challenge_or_sign_a_user_in_or_out() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Authentication;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        public sealed class ConnectController : Controller
        {
            [HttpPost("connect/provider")]
            public IActionResult Provider(string scheme) => Challenge(new AuthenticationProperties(), scheme);

            [HttpPost("connect/end")]
            public IActionResult End() => SignOut();

            [HttpPost("connect/forget")]
            public IActionResult [|Forget|](string scheme) => Ok(scheme);

            [Authorize]
            [HttpGet("connect/me")]
            public IActionResult Me() => Ok();
        }
        """);

    [Fact]
    public Task DoesNotReport_a_controller_named_after_a_public_page_or_actions_named_after_a_verb_and_a_public_page() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public sealed class LoginController : Controller
        {
            public IActionResult Index() => View();

            public IActionResult Confirm(string token) => View();
        }

        public sealed class SessionsController : ControllerBase
        {
            [HttpPost("sessions/login")]
            public IActionResult PostLogin() => Ok();

            [HttpPost("sessions/renew")]
            public IActionResult [|PostRenew|]() => Ok();
        }
        """);

    [Fact]
    public Task DoesNotReport_an_endpoint_that_signs_in_through_a_sign_in_manager_of_the_project() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Identity;
        using Microsoft.AspNetCore.Mvc;

        public abstract class LinkSignInManager : SignInManager<IdentityUser>
        {
            protected LinkSignInManager() : base(null, null, null, null, null, null, null) { }

            public Task<Microsoft.AspNetCore.Identity.SignInResult> LinkSignInAsync(string email, string token) => Task.FromResult(Microsoft.AspNetCore.Identity.SignInResult.Failed);
        }

        public static class Lookup
        {
            public static Task<bool> FindAsync(string email) => Task.FromResult(true);
        }

        public sealed class LinksController : Controller
        {
            private readonly LinkSignInManager _manager;

            public LinksController(LinkSignInManager manager) => _manager = manager;

            public async Task<IActionResult> Open(string email, string token)
            {
                var result = await _manager.LinkSignInAsync(email, token);
                return result.Succeeded ? Redirect("/") : View();
            }

            public async Task<IActionResult> [|Check|](string email)
            {
                return await Lookup.FindAsync(email) ? Ok() : NotFound();
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_an_endpoint_that_takes_a_step_of_signing_in_through_Identitys_sign_in_manager() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Identity;
        using Microsoft.AspNetCore.Mvc;

        public static class AccountEndpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/account/external-callback", async ([FromServices] SignInManager<IdentityUser> signInManager) =>
                {
                    var info = await signInManager.GetExternalLoginInfoAsync();
                    return info is null ? Results.Redirect("/account/login") : Results.Ok(info.ProviderDisplayName);
                });
                app.[|MapPost|]("/account/close", async ([FromServices] UserManager<IdentityUser> userManager, string id) =>
                {
                    var user = await userManager.FindByIdAsync(id);
                    return user is null ? Results.NotFound() : Results.Ok(await userManager.DeleteAsync(user));
                });
            }
        }
        """);

    [Fact]
    public Task Names_a_lambda_endpoint_with_a_route_that_is_not_constant_by_its_expression() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Routing;

        public static class HookEndpoints
        {
            public static IEndpointConventionBuilder MapHooks(this IEndpointRouteBuilder endpoints, string path = "/hooks")
                => endpoints.{|#0:MapPost|}(path, (HttpContext context) => Results.Ok());
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("path"));

    // ------------------------------------------------------------------------------------------------------------
    // Filters written as attributes
    // ------------------------------------------------------------------------------------------------------------

    private const string Filters = """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.Filters;

        public sealed class AdminFilter : IAsyncAuthorizationFilter
        {
            public Task OnAuthorizationAsync(AuthorizationFilterContext context) => Task.CompletedTask;
        }

        public sealed class TimingFilter : IActionFilter
        {
            public void OnActionExecuting(ActionExecutingContext context) { }

            public void OnActionExecuted(ActionExecutedContext context) { }
        }
        """;

    [Fact]
    public Task DoesNotReport_TypeFilter_and_ServiceFilter_subclasses_of_authorization_filters() => new Verify.Test
    {
        TestCode = """
            using Microsoft.AspNetCore.Mvc;

            public sealed class AuthorizeAdminAttribute : TypeFilterAttribute
            {
                public AuthorizeAdminAttribute() : base(typeof(AdminFilter)) { }
            }

            public sealed class AdminOnlyAttribute() : ServiceFilterAttribute(typeof(AdminFilter));

            public sealed class TimedAttribute : TypeFilterAttribute
            {
                public TimedAttribute() : base(typeof(TimingFilter)) { }
            }

            [AuthorizeAdmin]
            public sealed class SettingsController : ControllerBase
            {
                [HttpPost("settings")]
                public IActionResult Save() => Ok();
            }

            public sealed class PluginsController : ControllerBase
            {
                [AdminOnly]
                [HttpPost("plugins")]
                public IActionResult Install() => Ok();

                [Timed]
                [HttpPost("plugins/remove")]
                public IActionResult [|Remove|]() => Ok();
            }
            """,
        Sources = { Filters },
    }.RunAsync();

    [Fact]
    public Task DoesNotReport_controllers_whose_base_class_carries_an_authorization_filter_attribute() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.Filters;

        public sealed class ApiKeyGateAttribute : Attribute, IAuthorizationFilter
        {
            public void OnAuthorization(AuthorizationFilterContext context) { }
        }

        [ApiKeyGate]
        public abstract class GatedController : ControllerBase
        {
        }

        public sealed class JobsController : GatedController
        {
            [HttpPost("jobs")]
            public IActionResult Start() => Ok();
        }

        public sealed class OpenJobsController : ControllerBase
        {
            [HttpPost("open-jobs")]
            public IActionResult [|Start|]() => Ok();
        }
        """);

    [Fact]
    public Task DoesNotReport_actions_behind_an_action_filter_that_answers_401_or_403() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.Filters;

        public sealed class RequireSessionAttribute : ActionFilterAttribute
        {
            public override void OnActionExecuting(ActionExecutingContext context)
            {
                if (!context.HttpContext.Request.Cookies.ContainsKey("session"))
                    context.Result = new StatusCodeResult(403);
            }
        }

        public sealed class LogCallsAttribute : ActionFilterAttribute
        {
            public override void OnActionExecuting(ActionExecutingContext context)
            {
                context.Result = new StatusCodeResult(404);
            }
        }

        public sealed class CartController : ControllerBase
        {
            [RequireSession]
            [HttpPost("cart")]
            public IActionResult Add() => Ok();

            [LogCalls]
            [HttpPost("cart/clear")]
            public IActionResult [|Clear|]() => Ok();
        }
        """);

    [Fact]
    public Task DoesNotReport_a_controller_whose_OnActionExecuting_answers_401() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.Filters;

        public sealed class HooksController : Controller
        {
            public override void OnActionExecuting(ActionExecutingContext context)
            {
                if (!context.HttpContext.Request.Headers.ContainsKey("X-Signature"))
                    context.Result = new UnauthorizedResult();
            }

            [HttpPost("hooks")]
            public IActionResult Receive() => Ok();
        }
        """);

    [Fact]
    public Task Stays_silent_when_an_authorization_attribute_or_base_class_cannot_be_resolved() => new Verify.Test
    {
        TestCode = """
            using Microsoft.AspNetCore.Mvc;

            public sealed class VaultController : ControllerBase
            {
                [RequirePermission("vault.write")]
                [HttpPost("vault")]
                public IActionResult Store() => Ok();

                [Cached]
                [HttpPost("vault/flush")]
                public IActionResult [|Flush|]() => Ok();
            }

            public sealed class MediaController : PluginControllerBase
            {
                [HttpPost("media")]
                public IActionResult Upload() => Ok();
            }
            """,
        AllowedCompilerDiagnostics = { "CS0246", "CS0103" },
    }.RunAsync();

    // ------------------------------------------------------------------------------------------------------------
    // Third-party verifiers
    // ------------------------------------------------------------------------------------------------------------

    private const string StripeStub = """
        namespace Stripe
        {
            public sealed class Event { }

            public static class EventUtility
            {
                public static Event ConstructEvent(string json, string signatureHeader, string secret) => new Event();
            }
        }

        namespace Billing
        {
            public static class EventUtility
            {
                public static object ConstructEvent(string json, string signatureHeader, string secret) => new object();
            }
        }
        """;

    [Fact]
    public Task DoesNotReport_a_handler_that_hands_the_request_to_a_catalogued_verifier() => new Verify.Test
    {
        TestCode = """
            using System.IO;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            public static class Webhooks
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/stripe", async (HttpRequest request) =>
                    {
                        var json = await new StreamReader(request.Body).ReadToEndAsync();
                        Stripe.EventUtility.ConstructEvent(json, request.Headers["Stripe-Signature"], "whsec");
                        return Results.Ok();
                    });
                    app.[|MapPost|]("/billing", async (HttpRequest request) =>
                    {
                        var json = await new StreamReader(request.Body).ReadToEndAsync();
                        Billing.EventUtility.ConstructEvent(json, request.Headers["Stripe-Signature"], "whsec");
                        return Results.Ok();
                    });
                }
            }
            """,
        Sources = { StripeStub },
    }.RunAsync();

    [Fact]
    public Task DoesNotReport_a_mini_app_endpoint_that_validates_its_init_data_with_the_Telegram_SDK() => new Verify.Test
    {
        TestCode = """
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            public static class MiniApp
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/cafe/order", (HttpRequest request) =>
                    {
                        var fields = Telegram.Bot.AuthHelpers.ParseValidateData(request.Form["_auth"], Environment.GetEnvironmentVariable("BOT_TOKEN")!);
                        return Results.Ok(fields.Count);
                    });
                    app.[|MapPost|]("/cafe/cancel", (HttpRequest request) =>
                    {
                        var fields = Cafe.AuthHelpers.ParseValidateData(request.Form["_auth"], Environment.GetEnvironmentVariable("BOT_TOKEN")!);
                        return Results.Ok(fields.Count);
                    });
                }
            }
            """,
        Sources =
        {
            """
            using System.Collections.Generic;

            namespace Telegram.Bot
            {
                public static class AuthHelpers
                {
                    public static SortedDictionary<string, string> ParseValidateData(string initData, string botToken, bool loginWidget = false) => new();
                }
            }

            namespace Cafe
            {
                public static class AuthHelpers
                {
                    public static SortedDictionary<string, string> ParseValidateData(string initData, string botToken) => new();
                }
            }
            """,
        },
    }.RunAsync();

    [Fact]
    public Task DoesNotReport_a_handler_that_calls_a_catalogued_verifier_of_a_package_the_compilation_lacks() => new Verify.Test
    {
        TestCode = """
            using System.IO;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;
            using Stripe;

            public static class Webhooks
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/stripe", async (HttpRequest request) =>
                    {
                        var json = await new StreamReader(request.Body).ReadToEndAsync();
                        var stripeEvent = EventUtility.ConstructEvent(json, request.Headers["Stripe-Signature"], "whsec");
                        return Results.Ok();
                    });
                    app.[|MapPost|]("/parse", async (HttpRequest request) =>
                    {
                        var json = await new StreamReader(request.Body).ReadToEndAsync();
                        var stripeEvent = EventUtility.ParseEvent(json);
                        return Results.Ok();
                    });
                    app.[|MapPost|]("/events", async (HttpRequest request) =>
                    {
                        var json = await new StreamReader(request.Body).ReadToEndAsync();
                        var stripeEvent = EventReader.ConstructEvent(json, request.Headers["Stripe-Signature"], "whsec");
                        return Results.Ok();
                    });
                }
            }

            public sealed class BotController : ControllerBase
            {
                private readonly IBotFrameworkHttpAdapter _adapter;
                private readonly IBot _bot;

                public BotController(IBotFrameworkHttpAdapter adapter, IBot bot) => (_adapter, _bot) = (adapter, bot);

                [HttpPost("api/messages")]
                public Task Post() => _adapter.ProcessAsync(Request, Response, _bot);
            }
            """,
        AllowedCompilerDiagnostics = { "CS0246", "CS0103" },
    }.RunAsync();

    [Fact]
    public Task DoesNotReport_a_handler_whose_helper_hands_the_signature_to_the_GitHub_webhook_validator() => new Verify.Test
    {
        TestCode = """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            public static class Hooks
            {
                public static void Map(WebApplication app, string secret)
                {
                    app.MapPost("/github", async (HttpContext context) =>
                    {
                        if (!Verified(context, secret))
                        {
                            context.Response.StatusCode = 400;
                            return;
                        }

                        await context.Response.WriteAsync("ok");
                    });
                }

                private static bool Verified(HttpContext context, string secret)
                    => Octokit.Webhooks.WebhookSignatureValidator.Verify(context.Request.Headers["X-Hub-Signature-256"].ToString(), secret) == 0;
            }
            """,
        Sources =
        {
            """
            namespace Octokit.Webhooks
            {
                public static class WebhookSignatureValidator
                {
                    public static int Verify(string signature, string secret) => 0;
                }
            }
            """,
        },
    }.RunAsync();

    // ------------------------------------------------------------------------------------------------------------
    // Facts about the app
    // ------------------------------------------------------------------------------------------------------------

    private const string BranchMiddleware = """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Program
        {
            public static void Main(string[] args)
            {
                var app = WebApplication.CreateBuilder(args).Build();
                app.UseWhen(context => PREDICATE, branch => branch.Use(async (context, next) =>
                {
                    var expected = Environment.GetEnvironmentVariable("BRANCH_SECRET") ?? string.Empty;
                    var provided = context.Request.Headers["X-Internal-Secret"].ToString();
                    if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided), Encoding.UTF8.GetBytes(expected)))
                    {
                        context.Response.StatusCode = 401;
                        return;
                    }

                    await next(context);
                }));
                app.INTERNAL("/internal/jobs", () => Results.Ok());
                app.[|MapPost|]("/orders", () => Results.Ok());
                app.Run();
            }
        }
        """;

    [Fact]
    public Task Middleware_under_UseWhen_protects_only_the_path_its_predicate_names() => Verify.VerifyAnalyzerAsync(
        BranchMiddleware.Replace("PREDICATE", "context.Request.Path.StartsWithSegments(\"/internal\")").Replace("INTERNAL", "MapPost"));

    [Fact]
    public Task Middleware_under_UseWhen_with_a_predicate_that_cannot_be_read_protects_nothing() => Verify.VerifyAnalyzerAsync(
        BranchMiddleware.Replace("PREDICATE", "context.Request.Method == \"POST\"").Replace("INTERNAL", "[|MapPost|]"));

    [Fact]
    public Task DoesNotReport_a_handler_that_calls_a_validator_declared_in_another_file() => new Verify.Test
    {
        TestCode = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            public static class Api
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/jobs", (HttpRequest request) => WebhookValidator.IsValid(request) ? Results.Ok() : Results.Unauthorized());
                    app.[|MapPost|]("/tasks", (HttpRequest request) => WebhookValidator.IsWellFormed(request) ? Results.Ok() : Results.BadRequest());
                }
            }
            """,
        Sources =
        {
            """
            using System;
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.AspNetCore.Http;

            public static class WebhookValidator
            {
                public static bool IsValid(HttpRequest request)
                {
                    var expected = Environment.GetEnvironmentVariable("HOOK_SECRET") ?? string.Empty;
                    var provided = request.Headers["X-Hook-Secret"].ToString();
                    return expected.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided), Encoding.UTF8.GetBytes(expected));
                }

                public static bool IsWellFormed(HttpRequest request) => request.ContentLength > 0;
            }
            """,
        },
    }.RunAsync();

    private const string ConfiguredMiddleware = """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class ApiKeys
        {
            public static bool Check(HttpContext context) => context.Request.Headers.ContainsKey("X-Api-Key");
        }

        public sealed class ApiKeyMiddleware
        {
            private readonly RequestDelegate _next;

            public ApiKeyMiddleware(RequestDelegate next) => _next = next;

            public Task InvokeAsync(HttpContext context)
            {
                if (!ApiKeys.Check(context))
                {
                    context.Response.StatusCode = 401;
                    return Task.CompletedTask;
                }

                return _next(context);
            }
        }

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.UseMiddleware<ApiKeyMiddleware>();
                app.MARKUP("/orders", () => Results.Ok());
            }
        }
        """;

    [Fact]
    public Task Honours_auth_methods_in_middleware() => VerifyWithConfig(
        ConfiguredMiddleware.Replace("MARKUP", "MapPost"),
        "action_security.auth_methods = ApiKeys.Check");

    [Fact]
    public Task Reports_behind_middleware_whose_check_is_not_listed_in_auth_methods() => Verify.VerifyAnalyzerAsync(
        ConfiguredMiddleware.Replace("MARKUP", "[|MapPost|]"));

    [Fact]
    public Task Reports_a_helper_call_that_auth_methods_does_not_list() => new Verify.Test
    {
        TestCode = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            public static class Api
            {
                public static void Map(WebApplication app)
                {
                    app.[|MapPost|]("/a", (HttpRequest request) => Guard.Verify(request) ? Results.Ok() : Results.BadRequest());
                }
            }

            public static class Guard
            {
                public static bool Verify(HttpRequest request) => request.ContentLength > 0;
            }
            """,
    }.RunAsync();

    [Fact]
    public Task DoesNotReport_handlers_that_answer_401_or_403_themselves() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public interface ISessionTokens
        {
            Task<bool> IsKnownAsync(string token);
        }

        public sealed class PairingController : ControllerBase
        {
            private readonly ISessionTokens _tokens;

            public PairingController(ISessionTokens tokens) => _tokens = tokens;

            [HttpPost("pairing")]
            public async Task<IActionResult> Start(string token) => await _tokens.IsKnownAsync(token) ? Ok() : Unauthorized();

            [HttpPost("pairing/cancel")]
            public async Task<IActionResult> [|Cancel|](string token) => await _tokens.IsKnownAsync(token) ? Ok() : NotFound();
        }

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/pair", async (ISessionTokens tokens, string token) => await tokens.IsKnownAsync(token) ? Results.Ok() : Results.Forbid());
                app.[|MapPost|]("/unpair", async (ISessionTokens tokens, string token) => await tokens.IsKnownAsync(token) ? Results.Ok() : Results.NotFound());
            }
        }
        """);

    // ------------------------------------------------------------------------------------------------------------
    // Controllers by ASP.NET Core's rule
    // ------------------------------------------------------------------------------------------------------------

    [Fact]
    public Task Reports_only_classes_that_MVC_treats_as_controllers_and_not_Dispose() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.AspNetCore.Mvc;

        public sealed class SessionController : IDisposable
        {
            public void AddSocket(string id) { }

            public void Dispose() { }
        }

        public sealed class ExportController
        {
            [HttpPost("export")]
            public string [|Run|]() => "done";
        }

        public sealed class ImportController : Controller
        {
            [HttpPost("import")]
            public IActionResult [|Run|]() => Ok();

            protected override void Dispose(bool disposing) => base.Dispose(disposing);
        }

        public sealed class CleanupController : ControllerBase, IDisposable
        {
            [HttpPost("cleanup")]
            public IActionResult [|Run|]() => Ok();

            public void Dispose() { }
        }
        """);

    // ------------------------------------------------------------------------------------------------------------
    // Fixes
    // ------------------------------------------------------------------------------------------------------------

    private const string Endpoint = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.[|MapPost|]("/jobs", (HttpRequest request) => Results.Ok());
            }
        }
        """;

    [Fact]
    public Task Without_an_authentication_scheme_the_first_fix_is_the_shared_secret_check() => new Verify.Test
    {
        TestCode = Endpoint,
        CodeActionIndex = 0,
        FixedCode = """
            using System;
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            public static class Api
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/jobs", (HttpRequest request) =>
                    {
                        var expectedSecret = Environment.GetEnvironmentVariable("ACTION_SECRET");
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
    }.RunAsync();

    [Fact]
    public Task With_an_authentication_scheme_the_first_fix_requires_authorization() => new Verify.Test
    {
        TestCode = Endpoint,
        Sources =
        {
            """
            using Microsoft.Extensions.DependencyInjection;

            public static class Setup
            {
                public static void Register(IServiceCollection services) => services.AddAuthentication("Bearer");
            }
            """,
        },
        CodeActionIndex = 0,
        FixedCode = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            public static class Api
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/jobs", (HttpRequest request) => Results.Ok()).RequireAuthorization();
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Allows_anonymous_access_on_an_endpoint() => new Verify.Test
    {
        TestCode = Endpoint,
        CodeActionEquivalenceKey = AllowAnonymous,
        FixedCode = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            public static class Api
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/jobs", (HttpRequest request) => Results.Ok()).AllowAnonymous();
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Allows_anonymous_access_on_a_controller_action() => new Verify.Test
    {
        TestCode = """
            using Microsoft.AspNetCore.Mvc;

            public sealed class JobsController : ControllerBase
            {
                [HttpPost("jobs")]
                public IActionResult [|Start|]() => Ok();
            }
            """,
        CodeActionEquivalenceKey = AllowAnonymous,
        FixedCode = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            public sealed class JobsController : ControllerBase
            {
                [AllowAnonymous]
                [HttpPost("jobs")]
                public IActionResult Start() => Ok();
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Does_not_offer_shared_secret_first_for_a_controller_when_a_scheme_is_registered() => new Verify.Test
    {
        TestCode = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.DependencyInjection;

            public static class Setup
            {
                public static void Register(IServiceCollection services) => services.AddAuthentication().AddCookie();
            }

            public sealed class JobsController : ControllerBase
            {
                [HttpPost("jobs")]
                public IActionResult [|Start|]() => Ok();
            }
            """,
        CodeActionIndex = 0,
        FixedCode = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.DependencyInjection;

            public static class Setup
            {
                public static void Register(IServiceCollection services) => services.AddAuthentication().AddCookie();
            }

            public sealed class JobsController : ControllerBase
            {
                [Authorize]
                [HttpPost("jobs")]
                public IActionResult Start() => Ok();
            }
            """,
    }.RunAsync();
}
