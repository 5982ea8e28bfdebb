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
    public Task DoesNotReport_a_document_node_read_by_a_typed_getter_named_token() => Verify.VerifyAnalyzerAsync(
        """
        using System;

        public sealed class TemplateWriter
        {
            public T GetToken<T>(string path, T fallback) => fallback;

            public string GetToken(string path) => path;
        }

        public sealed class Generator
        {
            private const string CreationTool = "Contoso.Generator";
            private const string ExpectedToken = "tok_7Qm2L9xRw4Zp8Kd3";
            private readonly TemplateWriter _writer = new();

            public bool IsOurs(string path)
            {
                var tool = _writer.GetToken<string>(path + ".Metadata.Tool", string.Empty);
                return string.Equals(tool, CreationTool, StringComparison.Ordinal);
            }

            public bool HasToken(string path) => {|AS0003:_writer.GetToken(path) == ExpectedToken|};
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

    [Fact]
    public Task DoesNotReport_a_new_password_compared_with_the_stored_setting_it_replaces() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Mvc;

        public sealed class MailSettings
        {
            public string Host { get; set; } = "";
            public string Password { get; set; } = "";
        }

        public sealed class StoredSetting
        {
            public string Key { get; set; } = "";
            public string Value { get; set; } = "";
        }

        public sealed class SettingsController : ControllerBase
        {
            private readonly List<StoredSetting> _settings = new();

            [HttpPost("/settings/mail")]
            public IActionResult Update([FromBody] MailSettings mail)
            {
                foreach (var setting in _settings)
                {
                    UpdateMail(setting, mail);
                }

                return Ok();
            }

            private static void UpdateMail(StoredSetting setting, MailSettings mail)
            {
                if (setting.Key == "MailPassword" && mail.Password + string.Empty != setting.Value)
                {
                    setting.Value = mail.Password + string.Empty;
                }
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_a_refreshed_token_stored_when_it_changed() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading.Tasks;

        public sealed class MediaUser
        {
            public string MediaServerToken { get; set; } = "";
        }

        public sealed class MediaAccount
        {
            public string AuthenticationToken { get; set; }
        }

        public interface IMediaApi
        {
            Task<MediaAccount> GetAccount(string token);
        }

        public sealed class TokenKeepAlive
        {
            private readonly IMediaApi _api;

            public TokenKeepAlive(IMediaApi api) => _api = api;

            public async Task<bool> Refresh(MediaUser user)
            {
                var account = await _api.GetAccount(user.MediaServerToken);
                if (account?.AuthenticationToken != null && account.AuthenticationToken != user.MediaServerToken)
                {
                    user.MediaServerToken = account.AuthenticationToken;
                    return true;
                }

                return false;
            }
        }
        """);

    [Fact]
    public Task Reports_a_one_time_token_check_that_clears_the_token_after_a_failure() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public sealed class Enrolment
        {
            public string PairingToken { get; set; }
        }

        public sealed class PairingController : ControllerBase
        {
            private readonly Enrolment _enrolment = new();

            [HttpPost("/pair")]
            public IActionResult Pair([FromHeader(Name = "X-Pairing-Token")] string pairingToken)
            {
                if ({|AS0003:_enrolment.PairingToken != pairingToken|})
                {
                    _enrolment.PairingToken = null;
                    return Unauthorized();
                }

                return Ok();
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_a_password_confirmation_read_through_a_null_conditional_access() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        public sealed class UpdateUserModel
        {
            public string Password { get; set; } = "";
            public string ConfirmNewPassword { get; set; } = "";
        }

        [Authorize]
        public sealed class ProfileController : ControllerBase
        {
            [HttpPut("/profile")]
            public IActionResult Update([FromBody] UpdateUserModel model)
            {
                if (!model.Password.Equals(model?.ConfirmNewPassword, StringComparison.CurrentCultureIgnoreCase))
                {
                    return BadRequest("Passwords do not match");
                }

                return Ok();
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_a_stored_password_replaced_by_the_hash_of_a_new_one_or_a_masked_value_sent_back() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public sealed class ServerConfig
        {
            public string AdminPassword { get; set; } = "";
        }

        public sealed class ServerController : ControllerBase
        {
            private const string MaskedPassword = "|||%%PREVIOUS_PASSWORD%%|||";
            private readonly ServerConfig _config = new();

            [HttpPost("/server/password")]
            public IActionResult SetPassword([FromForm] string password)
            {
                var oldPassword = _config.AdminPassword;
                if (oldPassword != password)
                {
                    _config.AdminPassword = Hash(password);
                }

                return Ok();
            }

            [HttpPost("/server/settings")]
            public IActionResult Save([FromForm] string password)
            {
                if (password != MaskedPassword)
                {
                    _config.AdminPassword = Hash(password);
                }

                return Ok();
            }

            [HttpPost("/server/login")]
            public IActionResult Login([FromForm] string password)
                => {|AS0003:Hash(password) == _config.AdminPassword|} ? Ok() : Unauthorized();

            private static string Hash(string value) => value.Length.ToString();
        }
        """);
}
