using System.Threading.Tasks;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.SecretComparisonAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.SecretComparisonCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

/// <summary>AS0006 on a constant-time helper whose contract refuses null, fed by model binding that never gives an empty value.</summary>
public sealed partial class AS0006FailOpenSecretCheckTests
{
    private const string NullRefusingHelper = """

        #nullable enable
        public class BillingSettings
        {
            public virtual string WebhookKey { get; set; } = "";
        }

        public static class Helpers
        {
            public static bool FixedTimeEquals(string a, string b)
                => System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));

            public static bool LenientFixedTimeEquals(string? a, string? b) => a == b;
        }
        """;

    [Fact]
    public Task DoesNotReport_a_null_refusing_helper_on_a_query_value_of_an_action() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public sealed class BitController : ControllerBase
        {
            private readonly BillingSettings _settings = new();

            [HttpPost("/ipn")]
            public IActionResult Post([FromQuery] string key)
            {
                if (!Helpers.FixedTimeEquals(key, _settings.WebhookKey))
                    return Unauthorized();
                return Ok();
            }
        }
        """ + NullRefusingHelper);

    [Fact]
    public Task Reports_a_helper_that_accepts_null_on_a_query_value_of_an_action() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public sealed class BitController : ControllerBase
        {
            private readonly BillingSettings _settings = new();

            [HttpPost("/ipn")]
            public IActionResult Post([FromQuery] string key)
            {
                if (!{|AS0006:Helpers.LenientFixedTimeEquals(key, _settings.WebhookKey)|})
                    return Unauthorized();
                return Ok();
            }
        }
        """ + NullRefusingHelper);

    [Fact]
    public Task Reports_a_null_refusing_helper_on_a_raw_query_read_that_can_be_empty() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public sealed class BitController : ControllerBase
        {
            private readonly BillingSettings _settings = new();

            [HttpPost("/ipn")]
            public IActionResult Post()
            {
                string key = Request.Query["key"];
                if (!{|AS0006:Helpers.FixedTimeEquals(key, _settings.WebhookKey)|})
                    return Unauthorized();
                return Ok();
            }
        }
        """ + NullRefusingHelper);
}
