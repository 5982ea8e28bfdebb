using System.Threading.Tasks;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.UnauthenticatedHandlerAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.UnauthenticatedHandlerCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

/// <summary>
/// AS0004 and constant-time comparison helpers of the app or a library (<c>FixedTimeEquals</c>, <c>ConstantTimeEquals</c>,
/// ...): what they compare decides whether the handler checks its caller, not whether their body can be read (it is in
/// another assembly when the helper comes from a referenced project).
/// </summary>
public sealed partial class AS0004UnauthenticatedHandlerTests
{
    private const string HelperAndSettings = """

        public static class Hashing
        {
            public static bool FixedTimeEquals(string left, string right)
            {
                if (left is null || right is null || left.Length != right.Length) return false;
                var diff = 0;
                for (var i = 0; i < left.Length; i++) diff |= left[i] ^ right[i];
                return diff == 0;
            }
        }

        public class PaymentSettings
        {
            public string WebhookKey { get; set; } = "";
        }
        """;

    [Fact]
    public Task DoesNotReport_a_webhook_that_compares_its_key_with_a_stored_secret_through_a_constant_time_helper() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        public sealed class PaymentNotificationsController : ControllerBase
        {
            private readonly PaymentSettings _settings = new();

            [HttpPost("/payments/notify")]
            public IActionResult Notify([FromHeader(Name = "X-Notification-Key")] string key)
            {
                // Answered with 400 (AS0007's business): the comparison itself is what protects the handler.
                if (!Hashing.FixedTimeEquals(key, _settings.WebhookKey))
                    return BadRequest();
                return Ok();
            }
        }
        """ + HelperAndSettings);

    [Fact]
    public Task Reports_a_handler_whose_constant_time_helper_compares_two_fields_of_the_request() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public sealed record PinChange(string Pin, string PinAgain);

        [ApiController]
        public sealed class PinController : ControllerBase
        {
            [HttpPost("/pin")]
            public IActionResult {|AS0004:Change|}(PinChange change)
            {
                if (!Hashing.FixedTimeEquals(change.Pin, change.PinAgain))
                    return BadRequest();
                return Ok();
            }
        }
        """ + HelperAndSettings);
}
