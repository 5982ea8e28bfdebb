using System.Threading.Tasks;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.AuthFailureStatusAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.AuthFailureStatusCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

/// <summary>AS0007 only on the failure branch of a check that authenticates the caller.</summary>
public sealed partial class AS0007AuthFailureStatusTests
{
    [Fact]
    public Task Reports_a_webhook_key_from_the_query_answered_400() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public class BillingSettings
        {
            public virtual string StripeWebhookKey { get; set; } = "";
        }

        public static class Helpers
        {
            public static bool FixedTimeEquals(string a, string b) => a.Length == b.Length;
        }

        [ApiController]
        public sealed class StripeController : ControllerBase
        {
            private readonly BillingSettings _settings;

            public StripeController(BillingSettings settings) => _settings = settings;

            [HttpPost("/stripe")]
            public IActionResult Post([FromQuery] string key)
            {
                if (!Helpers.FixedTimeEquals(key, _settings.StripeWebhookKey))
                    return {|AS0007:new BadRequestResult()|};
                return Ok();
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_a_password_confirmation_mismatch() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public sealed class RegisterModel
        {
            public string Password { get; set; } = "";
            public string ConfirmPassword { get; set; } = "";
        }

        [ApiController]
        public sealed class RegisterController : ControllerBase
        {
            [HttpPost("/register")]
            public IActionResult Register([FromBody] RegisterModel model)
            {
                if (model.Password != model.ConfirmPassword)
                    return BadRequest("Passwords do not match");
                return Ok();
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_a_re_verification_in_an_action_that_requires_a_signed_in_user() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        public sealed class User
        {
            public string MasterPassword { get; set; } = "";
        }

        public sealed class VerifyModel
        {
            public string MasterPassword { get; set; } = "";
        }

        [Authorize]
        [ApiController]
        public sealed class TwoFactorController : ControllerBase
        {
            private readonly User _user = new();

            [HttpPut("/two-factor")]
            public IActionResult Put([FromBody] VerifyModel model)
            {
                if (model.MasterPassword != _user.MasterPassword)
                    return BadRequest("Invalid master password");
                return Ok();
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_a_re_verification_in_an_endpoint_that_requires_authorization() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Endpoints
        {
            public static void Map(WebApplication app, string currentPassword)
            {
                app.MapPost("/account/delete", (HttpRequest request) =>
                {
                    if (request.Headers["X-Password"] != currentPassword)
                        return Results.BadRequest();
                    return Results.Ok();
                }).RequireAuthorization();
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_a_re_verification_in_a_group_that_requires_authorization() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Endpoints
        {
            public static void Map(WebApplication app, string currentPassword)
            {
                var account = app.MapGroup("/account").RequireAuthorization();
                account.MapPost("/delete", (HttpRequest request) =>
                    request.Headers["X-Password"] != currentPassword ? Results.BadRequest() : Results.Ok());
            }
        }
        """);

    [Fact]
    public Task Reports_an_anonymous_webhook_action_in_a_controller_that_requires_authorization() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        [Authorize]
        [ApiController]
        public sealed class HooksController : ControllerBase
        {
            [AllowAnonymous]
            [HttpPost("/hooks/deploy")]
            public IActionResult Deploy([FromHeader(Name = "X-Deploy-Token")] string token)
            {
                if (token != Environment.GetEnvironmentVariable("DEPLOY_TOKEN"))
                    return {|AS0007:BadRequest()|};
                return Ok();
            }
        }
        """);

    [Fact]
    public Task Reports_the_same_check_in_an_anonymous_endpoint() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Endpoints
        {
            public static void Map(WebApplication app, string currentPassword)
            {
                app.MapPost("/account/delete", (HttpRequest request) =>
                {
                    if (request.Headers["X-Password"] != currentPassword)
                        return {|AS0007:Results.BadRequest()|};
                    return Results.Ok();
                });
            }
        }
        """);
}
