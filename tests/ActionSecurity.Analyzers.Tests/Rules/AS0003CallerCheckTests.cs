using System.Threading.Tasks;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.SecretComparisonAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.SecretComparisonCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

/// <summary>AS0003 through the one model of a check that authenticates the caller: the shapes seen on real code.</summary>
public sealed partial class AS0003NonConstantTimeComparisonTests
{
    [Fact]
    public Task DoesNotReport_a_constant_type_tag() => Verify.VerifyAnalyzerAsync(
        """
        public sealed class InviteTokenable
        {
            public const string TokenIdentifier = "OrgInvite";
            public string Identifier { get; set; } = TokenIdentifier;
            public bool TokenIsValid() => Identifier == TokenIdentifier;
        }
        """);

    [Fact]
    public Task DoesNotReport_a_parsers_token_compared_with_punctuation() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;

        public static class FilterParser
        {
            public static int Depth(IEnumerable<string> tokens)
            {
                var depth = 0;
                foreach (var token in tokens)
                {
                    if (token == "(")
                        depth++;
                    else if (string.Equals(token, ")"))
                        depth--;
                    else if (token == "&&")
                        continue;
                }

                return depth;
            }

            public static bool IsAdmin(string token) => {|#0:token == "x9"|};
        }
        """,
        Verify.Diagnostic("AS0003").WithLocation(0).WithArguments("token", "use CryptographicOperations.FixedTimeEquals"));

    [Fact]
    public Task DoesNotReport_a_new_password_refused_for_matching_the_current_one() => new Verify.Test
    {
        TestCode = """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        public sealed class Account
        {
            public string PasswordHash { get; set; } = "";
        }

        public sealed class Outcome
        {
            public static Outcome Invalid(string message) => new();
            public static Outcome Done() => new();
        }

        public static class Passwords
        {
            private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

            public static Outcome Change(Account account, string currentPassword, string newPassword)
            {
                if ({|#0:Hash(currentPassword) != account.PasswordHash|})
                    return Outcome.Invalid("The current password is wrong.");
                if (Hash(newPassword) == account.PasswordHash)
                    return Outcome.Invalid("Choose a password you have not used.");
                if (string.Equals(Hash(newPassword), account.PasswordHash))
                {
                    throw new InvalidOperationException("Choose a password you have not used.");
                }

                if (Hash(newPassword).Equals(account.PasswordHash))
                    return Verdict.Invalid("Choose a password you have not used.");

                account.PasswordHash = Hash(newPassword);
                return Outcome.Done();
            }

            public static Outcome SignIn(Account account, string password)
            {
                if ({|#1:Hash(password) == account.PasswordHash|})
                    return Outcome.Done();
                return Outcome.Invalid("Wrong password.");
            }
        }
        """,
        ExpectedDiagnostics =
        {
            Verify.Diagnostic("AS0003").WithLocation(0).WithArguments("PasswordHash", "use CryptographicOperations.FixedTimeEquals"),
            Verify.Diagnostic("AS0003").WithLocation(1).WithArguments("PasswordHash", "use CryptographicOperations.FixedTimeEquals"),
        },

        // Verdict is a type of a package the compilation lacks.
        AllowedCompilerDiagnostics = { "CS0103" },
    }.RunAsync();

    [Fact]
    public Task DoesNotReport_salt_type_name_header_hint_and_prefix() => Verify.VerifyAnalyzerAsync(
        """
        public sealed class Account
        {
            public string PasswordSalt { get; set; } = "";
            public string TokenType { get; set; } = "";
            public string SecretName { get; set; } = "";
            public string ApiKeyHeader { get; set; } = "";
            public string PasswordHint { get; set; } = "";
            public string TokenPrefix { get; set; } = "";

            public bool Same(Account other, string salt, string type, string name, string header, string hint, string prefix)
                => PasswordSalt == salt || TokenType == type || SecretName == name || ApiKeyHeader == header
                   || PasswordHint == hint || TokenPrefix == prefix;
        }
        """);

    [Fact]
    public Task DoesNotReport_two_fields_of_the_same_request() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public sealed class ChangePasswordModel
        {
            public string Password { get; set; } = "";
            public string ConfirmPassword { get; set; } = "";
            public string PasswordConfirmation { get; set; } = "";
        }

        [ApiController]
        public sealed class AccountController : ControllerBase
        {
            [HttpPost("/account/password")]
            public IActionResult Change([FromBody] ChangePasswordModel model)
            {
                if (model.Password != model.ConfirmPassword || model.Password != model.PasswordConfirmation)
                    return BadRequest("Passwords do not match");
                return Ok();
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_a_public_well_known_constant_or_a_value_computed_from_constants() => Verify.VerifyAnalyzerAsync(
        """
        public static class Keys
        {
            private const string EmulatorAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
            private static readonly string RequireAuthorizationKey = string.Concat("AS0004", ".", "RequireAuthorization");

            public static bool IsEmulator(string text) => text == EmulatorAccountKey;
            public static bool IsRequireAuthorization(string key) => key == RequireAuthorizationKey;
        }
        """);

    [Fact]
    public Task Reports_a_request_value_against_a_literal_and_a_secret_constant_against_any_value() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Http;

        public static class Checks
        {
            private const string ApiKey = "k9Fq2LmX7vPz4RtY8wHs3JdN";

            public static bool Literal(HttpRequest request) => {|AS0003:request.Headers["X-Api-Key"] == "k9Fq2LmX7vPz4RtY8wHs3JdN"|};
            public static bool Constant(string provided) => {|AS0003:provided == ApiKey|};
        }
        """);

    [Fact]
    public Task DoesNotReport_a_search_by_a_member_of_the_searched_elements() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;
        using System.Linq;

        public sealed class Device
        {
            public string AccessToken { get; set; } = "";
        }

        public sealed class Devices
        {
            private readonly List<Device> _devices = new();

            public Device Find(string accessToken) => _devices.First(d => d.AccessToken == accessToken);

            public int RemoveAll(string token) => _devices.RemoveAll(d => d.AccessToken == token);

            public IEnumerable<Device> Others(string currentAccessToken)
            {
                foreach (var device in _devices)
                {
                    if (!string.Equals(currentAccessToken, device.AccessToken, System.StringComparison.Ordinal))
                        yield return device;
                }
            }
        }
        """);

    [Fact]
    public Task Reports_a_search_by_the_elements_themselves() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;
        using System.Linq;

        public sealed class Keys
        {
            private readonly List<string> _apiKeys = new();

            public bool IsKnown(string provided)
            {
                foreach (var apiKey in _apiKeys)
                {
                    if ({|AS0003:apiKey == provided|})
                        return true;
                }

                return false;
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_formatted_numbers_and_headers_of_an_outgoing_response() => Verify.VerifyAnalyzerAsync(
        """
        using System.Linq;
        using System.Net.Http;

        public static class Checks
        {
            public static bool IsRating(string token, int rating) => token == rating.ToString();

            public static bool Echoed(HttpResponseMessage response, string token)
            {
                var tokenReceived = response.Headers.TryGetValues("X-Token", out var values) ? values.FirstOrDefault() : null;
                return tokenReceived == token;
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_one_field_of_a_record_match() => Verify.VerifyAnalyzerAsync(
        """
        public sealed class User
        {
            public string LicenseKey { get; set; } = "";
            public bool Premium { get; set; }
            public string Email { get; set; } = "";
        }

        public sealed class License
        {
            public string LicenseKey { get; set; } = "";
            public bool Premium { get; set; }
            public string Email { get; set; } = "";

            public bool Matches(User user) => user.LicenseKey == LicenseKey && user.Premium == Premium && user.Email == Email;
        }
        """);

    [Fact]
    public Task DoesNotReport_a_change_detection_that_decides_nothing() => Verify.VerifyAnalyzerAsync(
        """
        public sealed class User
        {
            public string Password { get; set; } = "";
        }

        public sealed class Users
        {
            public void Upsert(User user, string password)
            {
                if (user.Password != password)
                    SetPassword(user, password);
                Save(user);
            }

            private static void SetPassword(User user, string password) { }
            private static void Save(User user) { }
        }
        """);

    [Fact]
    public Task DoesNotReport_a_new_password_that_comes_with_its_confirmation() => Verify.VerifyAnalyzerAsync(
        """
        public sealed class User
        {
            public string Password { get; set; } = "";
        }

        public sealed class SettingsResource
        {
            public string Password { get; set; } = "";
            public string PasswordConfirmation { get; set; } = "";
        }

        public sealed class SettingsValidator
        {
            public bool IsMatchingPassword(User user, SettingsResource resource)
            {
                if (user.Password == resource.Password)
                    return true;
                if (resource.Password == resource.PasswordConfirmation)
                    return true;
                return false;
            }
        }
        """);

    [Fact]
    public Task Reports_a_request_field_against_a_stored_password_and_a_check_that_sets_a_flag() => Verify.VerifyAnalyzerAsync(
        """
        public sealed class User
        {
            public string Password { get; set; } = "";
        }

        public sealed class LoginModel
        {
            public string Password { get; set; } = "";
        }

        public sealed class Login
        {
            public bool Check(User user, LoginModel model) => {|AS0003:user.Password == model.Password|};

            public bool Flag(User user, string password)
            {
                var ok = false;
                if ({|AS0003:user.Password == password|})
                    ok = true;
                return ok;
            }
        }
        """);
}
