using System.Threading.Tasks;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.UnauthenticatedHandlerAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.UnauthenticatedHandlerCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Model;

/// <summary>
/// AS0004's "protected by a secret check" asks the same model as AS0003, AS0006 and AS0007: a password confirmation is
/// no check that authenticates the caller, a comparison with a stored secret is.
/// </summary>
public sealed class CallerCheckModelTests
{
    [Fact]
    public Task A_password_confirmation_does_not_protect_a_handler() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public sealed class ChangePasswordModel
        {
            public string NewPassword { get; set; } = "";
            public string ConfirmNewPassword { get; set; } = "";
        }

        public sealed class AccountController : ControllerBase
        {
            [HttpPost("/account/password")]
            public IActionResult {|AS0004:ChangePassword|}([FromBody] ChangePasswordModel model)
            {
                if (model.NewPassword != model.ConfirmNewPassword)
                    return BadRequest();
                return Ok();
            }
        }
        """);

    [Fact]
    public Task A_comparison_with_a_stored_secret_protects_a_handler() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.AspNetCore.Mvc;

        public sealed class DeployController : ControllerBase
        {
            [HttpPost("/deploy")]
            public IActionResult Deploy([FromHeader(Name = "X-Deploy-Token")] string token)
            {
                if (token != Environment.GetEnvironmentVariable("DEPLOY_TOKEN"))
                    return Unauthorized();
                return Ok();
            }
        }
        """);
}
