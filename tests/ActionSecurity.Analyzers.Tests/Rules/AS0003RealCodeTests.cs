using System.Threading.Tasks;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.SecretComparisonAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.SecretComparisonCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

/// <summary>AS0003 on shapes read on real code after the comparison family was merged into one model.</summary>
public sealed partial class AS0003NonConstantTimeComparisonTests
{
    [Fact]
    public Task Reports_a_stored_licence_key_compared_with_a_query_value_by_Equals() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        public sealed class Account
        {
            public string LicenseKey { get; set; } = "";
        }

        public interface IAccounts
        {
            Task<Account> FindAsync(Guid id);
        }

        public sealed class LicenceController : ControllerBase
        {
            private readonly IAccounts _accounts;

            public LicenceController(IAccounts accounts) => _accounts = accounts;

            [HttpGet("/licence/{id}")]
            public async Task<Account> Get(string id, [FromQuery] string key)
            {
                var account = await _accounts.FindAsync(new Guid(id));
                if (account == null)
                {
                    return null;
                }
                else if (!{|AS0003:account.LicenseKey.Equals(key)|})
                {
                    await Task.Delay(1000);
                    throw new InvalidOperationException("Invalid licence key.");
                }

                return account;
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_a_licence_key_looked_up_among_stored_accounts() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;
        using System.Linq;
        using Microsoft.AspNetCore.Mvc;

        public sealed class Account
        {
            public string LicenseKey { get; set; } = "";
        }

        public sealed class LicenceController : ControllerBase
        {
            private readonly List<Account> _accounts = new();

            [HttpGet("/licence")]
            public IActionResult Get([FromQuery] string key)
                => _accounts.Any(a => a.LicenseKey.Equals(key)) ? Ok() : NotFound();
        }
        """);
}
