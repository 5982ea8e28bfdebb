using System.Threading.Tasks;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.QueryStringSecretAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.QueryStringSecretCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

/// <summary>AS0002 on the shapes read on real code: tokens that must travel in a URL, and keys read under a computed name.</summary>
public sealed partial class AS0002QueryStringSecretTests
{
    [Fact]
    public Task Reports_a_query_key_under_a_name_from_options_that_a_helper_returns_for_a_check() => Verify.VerifyAnalyzerAsync(
        """
        using System.Linq;
        using Microsoft.AspNetCore.Http;

        public sealed class KeyOptions
        {
            public string QueryName { get; set; } = "apikey";
        }

        public sealed class KeyHandler
        {
            private readonly string _apiKey;
            private readonly KeyOptions _options = new();

            public KeyHandler(string apiKey) => _apiKey = apiKey;

            private string ReadKey(HttpRequest request)
            {
                if ({|AS0002:request.Query.TryGetValue(_options.QueryName, out var value)|})
                    return value.FirstOrDefault();
                return request.Headers["X-Api-Key"].FirstOrDefault();
            }

            public bool Authenticate(HttpRequest request)
            {
                var provided = ReadKey(request);
                return _apiKey == provided;
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_a_query_value_under_a_computed_name_that_reaches_no_check() => Verify.VerifyAnalyzerAsync(
        """
        using System.Linq;
        using Microsoft.AspNetCore.Http;

        public sealed class PageOptions
        {
            public string QueryName { get; set; } = "page";
        }

        public sealed class Paging
        {
            private readonly PageOptions _options = new();

            private string ReadPage(HttpRequest request)
                => request.Query.TryGetValue(_options.QueryName, out var value) ? value.FirstOrDefault() : "1";

            public bool IsFirst(HttpRequest request) => ReadPage(request) == "1";
        }
        """);

    [Fact]
    public Task Reports_a_query_parameter_once_when_it_reaches_two_checks() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public class HookSettings
        {
            public virtual string PrimaryWebhookKey { get; set; } = "";
            public virtual string SecondaryWebhookKey { get; set; } = "";
        }

        [ApiController]
        public sealed class HookController : ControllerBase
        {
            private readonly HookSettings _settings = new();

            [HttpPost("/hook")]
            public IActionResult Post([FromQuery] string {|AS0002:code|})
            {
                if (code == _settings.PrimaryWebhookKey || code == _settings.SecondaryWebhookKey)
                    return Ok();
                return Unauthorized();
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_a_value_parsed_from_an_outgoing_calls_response() => Verify.VerifyAnalyzerAsync(
        """
        using System.Net.Http;
        using System.Threading.Tasks;
        using System.Web;

        public sealed class OAuthClient
        {
            private readonly HttpClient _client = new();

            public async Task<string> RequestTokenAsync()
            {
                var response = await _client.GetAsync("https://auth.example.com/request_token");
                var values = HttpUtility.ParseQueryString(await response.Content.ReadAsStringAsync());
                return "https://auth.example.com/authorize?oauth_token=" + values["oauth_token"];
            }

            public string Exchange() => HttpUtility.ParseQueryString(Send("https://auth.example.com/access_token").Content)["oauth_token"];

            private static TokenResponse Send(string url) => new TokenResponse { Content = "oauth_token=" + url.Length };
        }

        public sealed class TokenResponse
        {
            public string Content { get; set; } = "";
        }
        """);

    [Fact]
    public Task Reports_a_token_parsed_from_the_callers_own_query_string() => Verify.VerifyAnalyzerAsync(
        """
        using System.Web;

        public sealed class Callback
        {
            public string Read(Microsoft.AspNetCore.Http.HttpRequest request)
            {
                var values = HttpUtility.ParseQueryString(request.QueryString.Value ?? "");
                return {|AS0002:values["oauth_token"]|};
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_a_token_read_when_a_browser_connects_to_a_SignalR_hub() => Verify.VerifyAnalyzerAsync(
        """
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.SignalR;

        public sealed class UpdatesHub : Hub
        {
            public override async Task OnConnectedAsync()
            {
                var token = Context.GetHttpContext()?.Request.Query["Token"].FirstOrDefault();
                if (!string.IsNullOrWhiteSpace(token))
                    await Groups.AddToGroupAsync(Context.ConnectionId, token);
                await base.OnConnectedAsync();
            }
        }
        """);

    [Fact]
    public Task Reports_a_token_read_by_middleware_outside_a_hub() => Verify.VerifyAnalyzerAsync(
        """
        using System.Linq;
        using Microsoft.AspNetCore.Http;

        public sealed class TokenMiddleware
        {
            public string Read(HttpContext context) => {|AS0002:context.Request.Query["Token"]|}.FirstOrDefault();
        }
        """);

    [Fact]
    public Task DoesNotReport_a_token_carried_by_a_redirect_the_controller_sends_itself() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public sealed class SsoController : Controller
        {
            [HttpGet]
            public IActionResult Start(string domain)
            {
                var ssoToken = System.Guid.NewGuid().ToString("N");
                return RedirectToAction(nameof(Challenge), new { domain, ssoToken });
            }

            [HttpGet]
            public IActionResult Challenge(string domain, string ssoToken) => Ok();
        }
        """);

    [Fact]
    public Task Reports_a_token_of_an_action_no_redirect_of_the_controller_targets() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public sealed class SsoController : Controller
        {
            [HttpGet]
            public IActionResult Start(string domain) => RedirectToAction(nameof(Challenge), new { domain });

            [HttpGet]
            public IActionResult Challenge(string domain, string {|AS0002:ssoToken|}) => Ok();
        }
        """);

    [Fact]
    public Task DoesNotReport_the_token_of_a_download_link() => Verify.VerifyAnalyzerAsync(
        """
        using System.IO;
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        public sealed class AttachmentsController : ControllerBase
        {
            [HttpGet("/attachments/download")]
            public IActionResult Download([FromQuery] string token)
            {
                if (string.IsNullOrEmpty(token))
                    return NotFound();
                return File(Stream.Null, "application/octet-stream", "file.bin");
            }
        }
        """);

    [Fact]
    public Task Reports_an_api_key_of_a_download_link() => Verify.VerifyAnalyzerAsync(
        """
        using System.IO;
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        public sealed class ExportController : ControllerBase
        {
            [HttpGet("/export")]
            public IActionResult Export([FromQuery] string {|AS0002:apiKey|})
                => File(Stream.Null, "text/csv", "export.csv");
        }
        """);

    [Fact]
    public Task DoesNotReport_the_token_of_a_page_an_emailed_link_opens_but_reports_a_key_or_a_json_answer() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        public sealed class ResetModel
        {
            public string Email { get; set; } = "";
            public bool Valid { get; set; }
        }

        public sealed class AccountController : Controller
        {
            [HttpGet]
            public async Task<IActionResult> PasswordRecoveryConfirm([FromQuery] string token, [FromQuery] string email)
            {
                if (string.IsNullOrEmpty(email))
                    return RedirectToAction("Index", "Home");
                await Task.Yield();
                return View(new ResetModel { Email = email, Valid = token.Length > 0 });
            }

            [HttpGet]
            public IActionResult Activate([FromQuery] string activationToken) => View(activationToken.Length);

            [HttpGet]
            public IActionResult Dashboard([FromQuery] string {|AS0002:apiKey|}) => View(apiKey.Length);

            [HttpGet]
            public IActionResult Check([FromQuery] string {|AS0002:token|})
            {
                if (token.Length == 0)
                    return View();
                return Json(token.Length);
            }
        }
        """);
}
