using System.Threading.Tasks;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.UnauthenticatedHandlerAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.UnauthenticatedHandlerCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

/// <summary>
/// AS0004 and handlers that refuse, in their body, a caller they cannot identify: a guard that leaves the handler on a
/// value computed from the caller's principal or from the project's own caller context.
/// </summary>
public sealed partial class AS0004UnauthenticatedHandlerTests
{
    private const string Accounts = """

        public sealed class Account
        {
            public System.Guid Id { get; set; }
        }

        public interface IAccounts
        {
            System.Threading.Tasks.Task<Account> FindSignedInAsync(System.Security.Claims.ClaimsPrincipal principal);
            System.Threading.Tasks.Task SaveAsync(Account account);
        }

        public interface ICaller
        {
            System.Threading.Tasks.Task BuildAsync(System.Security.Claims.ClaimsPrincipal principal);
            System.Threading.Tasks.Task<bool> OwnsAsync(System.Guid teamId);
        }

        public interface IFlags
        {
            System.Threading.Tasks.Task<bool> IsOnAsync(System.Guid teamId);
        }
        """;

    [Fact]
    public Task DoesNotReport_an_action_that_throws_when_the_signed_in_account_is_missing() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        public sealed class TermsController : Controller
        {
            private readonly IAccounts _accounts;

            public TermsController(IAccounts accounts) => _accounts = accounts;

            [HttpPost("terms/accept")]
            public async Task<IActionResult> Accept()
            {
                var account = await _accounts.FindSignedInAsync(User) ?? throw new InvalidOperationException("no account");
                await _accounts.SaveAsync(account);
                return Ok();
            }
        }
        """ + Accounts);

    [Fact]
    public Task DoesNotReport_an_action_that_returns_early_when_a_lookup_by_the_principal_finds_nobody() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        public sealed class ProfileController : ControllerBase
        {
            private readonly IAccounts _accounts;

            public ProfileController(IAccounts accounts) => _accounts = accounts;

            [HttpPut("profile")]
            public async Task<IActionResult> Update()
            {
                var account = await _accounts.FindSignedInAsync(HttpContext.User);
                if (account == null)
                {
                    return NotFound();
                }

                await _accounts.SaveAsync(account);
                return NoContent();
            }
        }
        """ + Accounts);

    [Fact]
    public Task DoesNotReport_an_action_guarded_by_an_owner_check_on_the_projects_caller_context() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        public sealed class TeamsController : ControllerBase
        {
            private readonly ICaller _caller;

            public TeamsController(ICaller caller) => _caller = caller;

            [Authorize]
            [HttpGet("teams")]
            public IActionResult List() => Ok();

            [HttpGet("teams/{teamId}/status")]
            public async Task<IActionResult> Status(Guid teamId)
            {
                if (!await _caller.OwnsAsync(teamId))
                    throw new UnauthorizedAccessException();
                return Ok(teamId);
            }
        }
        """ + Accounts);

    [Fact]
    public Task DoesNotReport_a_minimal_API_endpoint_that_refuses_a_principal_without_the_role() => Verify.VerifyAnalyzerAsync(
        """
        using System.Security.Claims;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/reindex", (ClaimsPrincipal user) =>
                {
                    if (!user.IsInRole("operator"))
                        return Results.NotFound();
                    return Results.Accepted();
                });
            }
        }
        """);

    [Fact]
    public Task Reports_an_action_that_reads_the_principal_without_refusing_anybody() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        public sealed class NotesController : ControllerBase
        {
            private readonly IAccounts _accounts;

            public NotesController(IAccounts accounts) => _accounts = accounts;

            [HttpPost("notes")]
            public async Task<IActionResult> [|Add|]()
            {
                var account = await _accounts.FindSignedInAsync(User);
                if (account != null)
                    await _accounts.SaveAsync(account);
                return Ok();
            }
        }
        """ + Accounts);

    [Fact]
    public Task Reports_an_action_guarded_by_a_service_that_knows_nothing_of_the_caller() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        public sealed class BetaController : ControllerBase
        {
            private readonly IFlags _flags;

            public BetaController(IFlags flags) => _flags = flags;

            [HttpPost("beta/{teamId}")]
            public async Task<IActionResult> [|Join|](Guid teamId)
            {
                if (!await _flags.IsOnAsync(teamId))
                    return NotFound();
                return Ok();
            }

            [HttpPost("beta/{teamId}/leave")]
            public async Task<IActionResult> [|Leave|](Guid teamId)
            {
                if (!await IsMemberAsync(teamId))
                    return NotFound();
                return Ok();
            }

            private Task<bool> IsMemberAsync(Guid teamId) => Task.FromResult(User.Identity != null && teamId != Guid.Empty);
        }
        """ + Accounts);
}
