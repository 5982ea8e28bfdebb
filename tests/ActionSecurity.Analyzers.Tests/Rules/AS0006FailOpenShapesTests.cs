using System.Threading.Tasks;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.SecretComparisonAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.SecretComparisonCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

/// <summary>AS0006 on the fail-open shapes seen on real code: each passes when the expected secret is not configured.</summary>
public sealed partial class AS0006FailOpenSecretCheckTests
{
    [Fact]
    public Task Reports_a_secret_named_local_read_from_configuration() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Configuration;

        static class Hooks
        {
            public static void Map(WebApplication app, IConfiguration config, bool validate)
            {
                var expectedSecret = config["Webhooks:Token"];
                app.MapPost("/hook", ([FromHeader(Name = "X-Hook-Token")] string provided) =>
                    !validate || {|AS0003:{|AS0006:provided == expectedSecret|}|} ? Results.Ok() : Results.Unauthorized());
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_a_secret_named_local_from_configuration_with_a_guard() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Configuration;

        static class Hooks
        {
            public static void Map(WebApplication app, IConfiguration config)
            {
                var expectedSecret = config["Webhooks:Token"];
                app.MapPost("/hook", ([FromHeader(Name = "X-Hook-Token")] string provided) =>
                {
                    if (string.IsNullOrEmpty(expectedSecret))
                        return Results.StatusCode(500);
                    return {|AS0003:provided == expectedSecret|} ? Results.Ok() : Results.Unauthorized();
                });
            }
        }
        """);

    [Fact]
    public Task Reports_HMAC_keys_defaulted_to_empty() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        static class Signatures
        {
            public static byte[] Sign(byte[] body)
            {
                var key = Encoding.UTF8.GetBytes({|AS0006:Environment.GetEnvironmentVariable("WEBHOOK_SECRET") ?? ""|});
                return HMACSHA256.HashData(key, body);
            }

            public static byte[] SignWithInstance(byte[] body)
            {
                var secret = {|AS0006:Environment.GetEnvironmentVariable("SIGNING_SECRET") ?? string.Empty|};
                using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
                return hmac.ComputeHash(body);
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_HMAC_keys_that_are_guarded_or_refused_when_missing() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        static class Signatures
        {
            public static byte[] Sign(byte[] body)
            {
                var secret = Environment.GetEnvironmentVariable("WEBHOOK_SECRET") ?? "";
                if (secret.Length == 0)
                    throw new InvalidOperationException("WEBHOOK_SECRET is not configured");
                return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
            }

            public static byte[] SignOrThrow(byte[] body)
                => HMACSHA256.HashData(Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("WEBHOOK_SECRET") ?? throw new InvalidOperationException()), body);

            public static byte[] NotAKey(byte[] body)
                => SHA256.HashData(Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("SALT_SECRET") ?? ""));
        }
        """);

    [Fact]
    public Task Reports_a_constant_time_helper_with_a_setting_that_may_be_empty() => Verify.VerifyAnalyzerAsync(
        """
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Mvc;

        public class BillingSettings
        {
            public virtual string StripeWebhookKey { get; set; } = "";
        }

        public static class Helpers
        {
            public static bool FixedTimeEquals(string a, string b)
                => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
        }

        [ApiController]
        public sealed class StripeController : ControllerBase
        {
            private readonly BillingSettings _settings;

            public StripeController(BillingSettings settings) => _settings = settings;

            [HttpPost("/stripe")]
            public IActionResult Post([FromHeader(Name = "X-Key")] string key)
            {
                if (!{|AS0006:Helpers.FixedTimeEquals(key, _settings.StripeWebhookKey)|})
                    return Unauthorized();
                return Ok();
            }

            [HttpPost("/stripe/checked")]
            public IActionResult PostChecked([FromHeader(Name = "X-Key")] string key)
            {
                if (string.IsNullOrEmpty(key))
                    return Unauthorized();
                if (!Helpers.FixedTimeEquals(key, _settings.StripeWebhookKey))
                    return Unauthorized();
                return Ok();
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_a_constant_time_helper_with_a_guard_on_the_setting() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public class HookSettings
        {
            public virtual string WebhookKey { get; set; } = "";
        }

        public static class Helpers
        {
            public static bool FixedTimeEquals(string a, string b) => a.Length == b.Length;
        }

        [ApiController]
        public sealed class HookController : ControllerBase
        {
            private readonly HookSettings _settings = new();

            [HttpPost("/hook")]
            public IActionResult Post([FromHeader(Name = "X-Key")] string key)
            {
                if (!{|AS0006:Helpers.FixedTimeEquals(key, _settings.WebhookKey)|})
                    return Unauthorized();
                return Ok();
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Mvc;

        public class HookSettings
        {
            public virtual string WebhookKey { get; set; } = "";
        }

        public static class Helpers
        {
            public static bool FixedTimeEquals(string a, string b) => a.Length == b.Length;
        }

        [ApiController]
        public sealed class HookController : ControllerBase
        {
            private readonly HookSettings _settings = new();

            [HttpPost("/hook")]
            public IActionResult Post([FromHeader(Name = "X-Key")] string key)
            {
                if (string.IsNullOrEmpty(_settings.WebhookKey) || !Helpers.FixedTimeEquals(key, _settings.WebhookKey))
                    return Unauthorized();
                return Ok();
            }
        }
        """);

    [Fact]
    public Task Reports_verifiers_that_accept_when_the_secret_is_missing() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.Extensions.Configuration;

        public sealed class Verifier
        {
            private readonly IConfiguration _configuration;

            public Verifier(IConfiguration configuration) => _configuration = configuration;

            public bool Verify(byte[] body, byte[] signature)
            {
                var secret = _configuration["Webhook:Secret"];
                if ({|AS0006:string.IsNullOrEmpty(secret)|})
                    return true;
                using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
                return CryptographicOperations.FixedTimeEquals(hmac.ComputeHash(body), signature);
            }

            public bool AcceptUnverified(byte[] body, byte[] signature)
            {
                var secret = _configuration["Webhook:Secret"];
                if ({|AS0006:secret != null|})
                {
                    if (!Check(secret, body, signature))
                        return false;
                }

                Console.WriteLine("processing");
                return true;
            }

            private static bool Check(string secret, byte[] body, byte[] signature)
                => CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body), signature);
        }
        """);

    [Fact]
    public Task DoesNotReport_verifiers_that_deny_when_the_secret_is_missing() => Verify.VerifyAnalyzerAsync(
        """
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.Extensions.Configuration;

        public sealed class Verifier
        {
            private readonly IConfiguration _configuration;

            public Verifier(IConfiguration configuration) => _configuration = configuration;

            public bool Verify(byte[] body, byte[] signature)
            {
                var secret = _configuration["Webhook:Secret"];
                if (string.IsNullOrEmpty(secret))
                    return false;
                using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
                return CryptographicOperations.FixedTimeEquals(hmac.ComputeHash(body), signature);
            }

            public string Describe()
            {
                var secret = _configuration["Webhook:Secret"];
                if (string.IsNullOrEmpty(secret))
                    return "not configured";
                return "configured";
            }

            public void Configure(System.Net.Http.HttpClient client)
            {
                var apiKey = _configuration["Pricing:ApiKey"];
                if (!string.IsNullOrEmpty(apiKey))
                    client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
            }

        }

        public sealed class EngineOptions
        {
            public string EngineSecret { get; set; }
        }

        public sealed class EngineClient
        {
            private readonly EngineOptions _options;

            public EngineClient(Microsoft.Extensions.Options.IOptions<EngineOptions> options) => _options = options.Value;

            public System.Net.Http.HttpRequestMessage CreateRequest(System.Uri uri)
            {
                var request = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Post, uri);
                if (!string.IsNullOrWhiteSpace(_options.EngineSecret))
                    request.Headers.TryAddWithoutValidation("X-Engine-Secret", _options.EngineSecret);
                return request;
            }
        }
        """);
}
