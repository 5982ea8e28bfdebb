using System.Threading.Tasks;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.AuthFailureStatusAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.AuthFailureStatusCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

/// <summary>AS0007 on the shapes read on real code: a check behind a switch, Razor Pages, deliberate uniform 404s.</summary>
public sealed partial class AS0007AuthFailureStatusTests
{
    [Fact]
    public Task Reports_400_after_a_token_check_that_a_setting_can_switch_off() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Configuration;

        public static class HookEndpoints
        {
            public static void Map(WebApplication app, IConfiguration configuration)
            {
                var validate = configuration.GetValue<bool>("Hooks:Validate");
                var expected = configuration["Hooks:Token"];
                app.MapPost("/hook", ([FromHeader(Name = "X-Hook-Token")] string token) =>
                {
                    if (!validate || token == expected)
                        return Results.Ok();
                    return {|AS0007:Results.BadRequest("Invalid token")|};
                });
                app.MapPost("/hook/else", ([FromHeader(Name = "X-Hook-Token")] string token) =>
                    !validate || token == expected ? Results.Ok() : {|AS0007:Results.BadRequest()|});
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_the_else_of_a_token_check_joined_with_another_condition_by_and() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Configuration;

        public static class HookEndpoints
        {
            public static void Map(WebApplication app, IConfiguration configuration)
            {
                var expected = configuration["Hooks:Token"];
                app.MapPost("/hook", ([FromHeader(Name = "X-Hook-Token")] string token, [FromQuery] int version) =>
                {
                    if (version == 2 && token == expected)
                        return Results.Ok();
                    return Results.BadRequest("Unsupported version");
                });
                app.MapPost("/hook/checked", ([FromHeader(Name = "X-Hook-Token")] string token, [FromQuery] int version) =>
                {
                    if (version == 2 && !string.IsNullOrEmpty(expected) && token == expected)
                        return Results.Ok();
                    return Results.BadRequest("Unsupported version");
                });
            }
        }
        """);

    [Fact]
    public Task Reports_a_Razor_page_answering_a_failed_key_check_with_BadRequest() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;
        using Microsoft.Extensions.Configuration;

        public sealed class ImportModel : PageModel
        {
            private readonly IConfiguration _configuration;

            public ImportModel(IConfiguration configuration) => _configuration = configuration;

            public IActionResult OnPost([FromHeader(Name = "X-Import-Key")] string key)
            {
                if (key != _configuration["Import:ApiKey"])
                    return {|AS0007:BadRequest("Wrong key")|};
                return Page();
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_a_Razor_page_that_requires_a_signed_in_user() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;
        using Microsoft.Extensions.Configuration;

        [Authorize]
        public sealed class ImportModel : PageModel
        {
            private readonly IConfiguration _configuration;

            public ImportModel(IConfiguration configuration) => _configuration = configuration;

            public IActionResult OnPost([FromHeader(Name = "X-Import-Key")] string key)
            {
                if (key != _configuration["Import:ApiKey"])
                    return BadRequest("Confirm the import key");
                return Page();
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_a_not_found_that_every_failure_of_the_handler_answers() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Configuration;

        public sealed class ItemNotFoundException : Exception
        {
        }

        [ApiController]
        public sealed class InviteController : ControllerBase
        {
            private readonly IConfiguration _configuration;

            public InviteController(IConfiguration configuration) => _configuration = configuration;

            [HttpGet("/invites/{id}")]
            public string Get(int id, [FromHeader(Name = "X-Invite-Secret")] string secret)
            {
                if (id <= 0)
                    throw new ItemNotFoundException();
                if (secret != _configuration["Invites:Secret"])
                    throw new ItemNotFoundException();
                return "invite";
            }

            [HttpGet("/invites/{id}/status")]
            public IActionResult Status(int id, [FromHeader(Name = "X-Invite-Secret")] string secret)
            {
                if (id <= 0)
                    return NotFound();
                if (secret != _configuration["Invites:Secret"])
                    return NotFound();
                return Ok();
            }
        }
        """);

    [Fact]
    public Task Reports_a_not_found_that_only_the_secret_check_answers() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Configuration;

        [ApiController]
        public sealed class InviteController : ControllerBase
        {
            private readonly IConfiguration _configuration;

            public InviteController(IConfiguration configuration) => _configuration = configuration;

            [HttpGet("/invites/{id}/status")]
            public IActionResult Status(int id, [FromHeader(Name = "X-Invite-Secret")] string secret)
            {
                if (id <= 0)
                    return BadRequest();
                if (secret != _configuration["Invites:Secret"])
                    return {|AS0007:NotFound()|};
                return Ok();
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_an_account_token_verified_by_identity_but_reports_a_project_verifier() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Identity;
        using Microsoft.AspNetCore.Mvc;

        public sealed class ResetRequest
        {
            public string Email { get; set; } = "";
            public string Token { get; set; } = "";
            public string Password { get; set; } = "";
        }

        public interface IInviteTokens
        {
            Task<bool> VerifyTokenAsync(string email, string token);
        }

        public sealed class AccountController : ControllerBase
        {
            private readonly UserManager<IdentityUser> _users;
            private readonly IInviteTokens _invites;

            public AccountController(UserManager<IdentityUser> users, IInviteTokens invites)
            {
                _users = users;
                _invites = invites;
            }

            [HttpPost("/account/reset-password")]
            public async Task<IActionResult> ResetPassword([FromBody] ResetRequest request)
            {
                var user = await _users.FindByEmailAsync(request.Email);
                if (user == null)
                {
                    return BadRequest("Invalid request");
                }

                var valid = await _users.VerifyUserTokenAsync(user, TokenOptions.DefaultProvider, "ResetPassword", request.Token);
                if (!valid)
                {
                    return BadRequest("Invalid request");
                }

                await _users.ResetPasswordAsync(user, request.Token, request.Password);
                return Ok();
            }

            [HttpPost("/account/accept-invite")]
            public async Task<IActionResult> AcceptInvite([FromBody] ResetRequest request)
            {
                if (!await _invites.VerifyTokenAsync(request.Email, request.Token))
                {
                    return {|AS0007:BadRequest("Invalid invitation")|};
                }

                return Ok();
            }
        }
        """);
}
