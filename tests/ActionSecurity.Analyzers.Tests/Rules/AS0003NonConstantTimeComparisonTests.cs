using System.Threading.Tasks;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.SecretComparisonAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.SecretComparisonCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

public sealed partial class AS0003NonConstantTimeComparisonTests
{
    // ---- Golden scenarios ----

    [Fact]
    public Task Reports_and_fixes_golden_scenario_action_secret_header() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        public sealed class ActionsController : ControllerBase
        {
            [HttpPost("/actions/create-user")]
            public IActionResult CreateUser()
            {
                if ({|AS0003:{|AS0006:Request.Headers["ACTION_SECRET"] == Environment.GetEnvironmentVariable("ACTION_SECRET")|}|})
                    return Ok();
                return StatusCode(403);
            }
        }
        """,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        public sealed class ActionsController : ControllerBase
        {
            [HttpPost("/actions/create-user")]
            public IActionResult CreateUser()
            {
                if (Environment.GetEnvironmentVariable("ACTION_SECRET") is { Length: > 0 } actionSecret && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Request.Headers["ACTION_SECRET"].ToString()), Encoding.UTF8.GetBytes(actionSecret)))
                    return Ok();
                return StatusCode(403);
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_golden_scenario_webtask_literal() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Webtask
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/webtask", (HttpRequest request) =>
                {
                    if ({|AS0003:request.Query["secret"] != "open-sesame"|})
                        return Results.StatusCode(400);
                    return Results.Ok("hello");
                });
            }
        }
        """,
        """
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Webtask
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/webtask", (HttpRequest request) =>
                {
                    if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Query["secret"].ToString()), Encoding.UTF8.GetBytes("open-sesame")))
                        return Results.StatusCode(400);
                    return Results.Ok("hello");
                });
            }
        }
        """);

    // ---- Operator and method forms, both polarities ----

    [Fact]
    public Task Reports_and_fixes_equality_operator_with_secret_named_parameter() => Verify.VerifyCodeFixAsync(
        """
        class C
        {
            bool M(string apiKey, string provided) => {|AS0003:provided == apiKey|};
        }
        """,
        """
        using System.Security.Cryptography;
        using System.Text;

        class C
        {
            bool M(string apiKey, string provided) => !string.IsNullOrEmpty(apiKey) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided ?? ""), Encoding.UTF8.GetBytes(apiKey));
        }
        """);

    [Fact]
    public Task Reports_and_fixes_inequality_operator_in_if_with_the_negated_form() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;

        class C
        {
            IResult M(HttpRequest request, string webhookSecret)
            {
                // compare the shared secret
                if ({|AS0003:request.Headers["X-Webhook-Secret"] != webhookSecret|}) // deny
                    return Results.Unauthorized();
                return Results.Ok();
            }
        }
        """,
        """
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Http;

        class C
        {
            IResult M(HttpRequest request, string webhookSecret)
            {
                // compare the shared secret
                if (string.IsNullOrEmpty(webhookSecret) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers["X-Webhook-Secret"].ToString()), Encoding.UTF8.GetBytes(webhookSecret))) // deny
                    return Results.Unauthorized();
                return Results.Ok();
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_static_string_Equals_with_ordinal_comparison() => Verify.VerifyCodeFixAsync(
        """
        using System;

        class C
        {
            bool M(string token, string provided) => {|AS0003:string.Equals(provided, token, StringComparison.Ordinal)|};
        }
        """,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        class C
        {
            bool M(string token, string provided) => !string.IsNullOrEmpty(token) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided ?? ""), Encoding.UTF8.GetBytes(token));
        }
        """);

    [Fact]
    public Task Reports_and_fixes_case_insensitive_Equals_by_upper_casing_both_sides() => Verify.VerifyCodeFixAsync(
        """
        using System;

        class C
        {
            bool M(string signature, string computed) => {|AS0003:signature.Equals(computed, StringComparison.OrdinalIgnoreCase)|};
        }
        """,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        class C
        {
            bool M(string signature, string computed) => !string.IsNullOrEmpty(computed) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes((signature ?? "").ToUpperInvariant()), Encoding.UTF8.GetBytes(computed.ToUpperInvariant()));
        }
        """);

    [Fact]
    public Task Reports_and_fixes_negated_Equals_as_a_mismatch_test() => Verify.VerifyCodeFixAsync(
        """
        class C
        {
            bool IsDenied(string password, string input) => !{|AS0003:input.Equals(password)|};
        }
        """,
        """
        using System.Security.Cryptography;
        using System.Text;

        class C
        {
            bool IsDenied(string password, string input) => string.IsNullOrEmpty(password) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(input ?? ""), Encoding.UTF8.GetBytes(password));
        }
        """);

    [Fact]
    public Task Reports_and_fixes_string_Compare_equal_to_zero() => Verify.VerifyCodeFixAsync(
        """
        using System;

        class C
        {
            bool M(string password, string input) => {|AS0003:string.Compare(input, password, StringComparison.Ordinal) == 0|};
            bool N(string password, string input) => {|AS0003:string.CompareOrdinal(input, password) != 0|};
        }
        """,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        class C
        {
            bool M(string password, string input) => !string.IsNullOrEmpty(password) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(input ?? ""), Encoding.UTF8.GetBytes(password));
            bool N(string password, string input) => string.IsNullOrEmpty(password) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(input ?? ""), Encoding.UTF8.GetBytes(password));
        }
        """);

    [Fact]
    public Task Reports_and_fixes_StringComparer_Equals() => Verify.VerifyCodeFixAsync(
        """
        using System;

        class C
        {
            bool M(string secret, string provided) => {|AS0003:StringComparer.Ordinal.Equals(provided, secret)|};
        }
        """,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        class C
        {
            bool M(string secret, string provided) => !string.IsNullOrEmpty(secret) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided ?? ""), Encoding.UTF8.GetBytes(secret));
        }
        """);

    [Fact]
    public Task Reports_and_fixes_constant_pattern_on_a_secret() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;

        class C
        {
            bool M(HttpRequest request) => {|AS0003:request.Headers.Authorization.ToString() is "Bearer abc"|};
        }
        """,
        """
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Http;

        class C
        {
            bool M(HttpRequest request) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers.Authorization.ToString() ?? ""), Encoding.UTF8.GetBytes("Bearer abc"));
        }
        """);

    // ---- Byte data: compared directly, no re-encoding ----

    [Fact]
    public Task Reports_and_fixes_Enumerable_SequenceEqual_of_HMAC_bytes() => Verify.VerifyCodeFixAsync(
        """
        using System.Linq;
        using System.Security.Cryptography;

        class C
        {
            bool M(byte[] key, byte[] body, byte[] provided)
            {
                var hash = HMACSHA256.HashData(key, body);
                return {|AS0003:hash.SequenceEqual(provided)|};
            }
        }
        """,
        """
        using System.Linq;
        using System.Security.Cryptography;

        class C
        {
            bool M(byte[] key, byte[] body, byte[] provided)
            {
                var hash = HMACSHA256.HashData(key, body);
                return CryptographicOperations.FixedTimeEquals(provided, hash);
            }
        }
        """);

    [Fact]
    public Task Reports_and_fixes_span_SequenceEqual_of_signature_bytes() => Verify.VerifyCodeFixAsync(
        """
        using System;

        class C
        {
            bool M(ReadOnlySpan<byte> signature, byte[] expected) => {|AS0003:signature.SequenceEqual(expected)|};
        }
        """,
        """
        using System;
        using System.Security.Cryptography;

        class C
        {
            bool M(ReadOnlySpan<byte> signature, byte[] expected) => expected is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(signature, expected);
        }
        """);

    // ---- Webhook signatures (HMAC output compared with a provided signature) ----

    [Fact]
    public Task Reports_and_fixes_GitHub_signature_compared_with_equals() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.Security.Cryptography;
        using Microsoft.AspNetCore.Http;

        class GitHubWebhook
        {
            bool Verify(HttpRequest request, byte[] key, byte[] body)
            {
                using var hmac = new HMACSHA256(key);
                var expected = "sha256=" + Convert.ToHexString(hmac.ComputeHash(body)).ToLowerInvariant();
                string header = request.Headers["X-Hub-Signature-256"];
                return {|AS0003:header == expected|};
            }
        }
        """,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Http;

        class GitHubWebhook
        {
            bool Verify(HttpRequest request, byte[] key, byte[] body)
            {
                using var hmac = new HMACSHA256(key);
                var expected = "sha256=" + Convert.ToHexString(hmac.ComputeHash(body)).ToLowerInvariant();
                string header = request.Headers["X-Hub-Signature-256"];
                return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header ?? ""), Encoding.UTF8.GetBytes(expected));
            }
        }
        """);

    [Fact]
    public Task Reports_HMAC_hex_compared_with_an_unnamed_value() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Security.Cryptography;

        class C
        {
            bool M(byte[] key, byte[] body, string value)
            {
                var computed = BitConverter.ToString(new HMACSHA1(key).ComputeHash(body)).Replace("-", "");
                return {|AS0003:computed == value|};
            }
        }
        """);

    [Fact]
    public Task Reports_Stripe_signature_part_from_split_header() => Verify.VerifyAnalyzerAsync(
        """
        using System.Linq;
        using Microsoft.AspNetCore.Http;

        class StripeWebhook
        {
            bool M(HttpRequest request, string computed)
            {
                var parts = request.Headers["Stripe-Signature"].ToString().Split(',');
                var v1 = parts.First(p => p.StartsWith("v1=")).Substring(3);
                return {|AS0003:v1 == computed|};
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_GitHub_signature_compared_with_FixedTimeEquals() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Http;

        class GitHubWebhook
        {
            bool Verify(HttpRequest request, byte[] key, byte[] body)
            {
                using var hmac = new HMACSHA256(key);
                var expected = "sha256=" + Convert.ToHexString(hmac.ComputeHash(body)).ToLowerInvariant();
                var header = request.Headers["X-Hub-Signature-256"].ToString();
                return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header), Encoding.UTF8.GetBytes(expected));
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_plain_checksum_of_non_secret_data() => Verify.VerifyAnalyzerAsync(
        """
        using System.Linq;
        using System.Security.Cryptography;

        class C
        {
            bool M(byte[] data, byte[] checksum) => SHA256.HashData(data).SequenceEqual(checksum);
        }
        """);

    // ---- Secret sources ----

    [Fact]
    public Task Reports_value_read_with_TryGetValue_under_a_secret_key() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;

        class C
        {
            bool M(HttpRequest request, string expected)
                => request.Headers.TryGetValue("X-Api-Key", out var value) && {|AS0003:value == expected|};
        }
        """,
        """
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Http;

        class C
        {
            bool M(HttpRequest request, string expected)
                => request.Headers.TryGetValue("X-Api-Key", out var value) && !string.IsNullOrEmpty(expected) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(value.ToString()), Encoding.UTF8.GetBytes(expected));
        }
        """);

    [Fact]
    public Task Reports_secret_store_read_through_a_field_assigned_in_the_constructor() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.Extensions.Configuration;

        class C
        {
            private readonly string _expected;

            public C(IConfiguration configuration) => _expected = configuration["Webhook:Secret"];

            public bool M(string value)
            {
                if (string.IsNullOrEmpty(_expected))
                    return false;
                return {|AS0003:value == _expected|};
            }
        }
        """);

    // ---- Hosting models ----

    [Fact]
    public Task Reports_Azure_Functions_in_process_header() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Azure.WebJobs;
        using Microsoft.Azure.WebJobs.Extensions.Http;

        public static class Hook
        {
            [FunctionName("Hook")]
            public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequest req, string secret)
                => {|AS0003:req.Headers["x-secret"] == secret|} ? new OkResult() : new UnauthorizedResult();
        }
        """);

    [Fact]
    public Task Reports_Azure_Functions_isolated_worker_header() => Verify.VerifyAnalyzerAsync(
        """
        using System.Linq;
        using Microsoft.Azure.Functions.Worker.Http;

        public static class Hook
        {
            public static bool Check(HttpRequestData req, string expected)
                => req.Headers.TryGetValues("x-api-key", out var values) && {|AS0003:values.First() == expected|};
        }
        """);

    [Fact]
    public Task Reports_AWS_Lambda_API_Gateway_header() => Verify.VerifyAnalyzerAsync(
        """
        using Amazon.Lambda.APIGatewayEvents;

        public class Function
        {
            public bool Check(APIGatewayProxyRequest request, string expected)
                => {|AS0003:request.Headers["x-api-key"] == expected|};
        }
        """);

    [Fact]
    public Task Reports_System_Web_header() => Verify.VerifyAnalyzerAsync(
        """
        using System.Web;

        public class Handler
        {
            public bool Check(HttpRequest request, string expected) => {|AS0003:request.Headers["X-Auth-Token"] == expected|};
        }
        """);

    [Fact]
    public Task Reports_HttpListener_header() => Verify.VerifyAnalyzerAsync(
        """
        using System.Net;

        public class Listener
        {
            public bool Check(HttpListenerRequest request, string expected) => {|AS0003:request.Headers["X-Api-Key"] == expected|};
        }
        """);

    [Fact]
    public Task Reports_OpenWhisk_raw_header() => Verify.VerifyAnalyzerAsync(
        """
        using Newtonsoft.Json.Linq;

        public class Action
        {
            public JObject Main(JObject args)
            {
                var expected = "x";
                var ok = {|AS0003:(string)args["__ow_headers"]["x-require-whisk-auth"] == expected|};
                return new JObject { ["ok"] = ok };
            }
        }
        """);

    // ---- Contexts of the fix ----

    [Fact]
    public Task Fixes_comparison_in_a_ternary() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;

        class C
        {
            IResult M(HttpRequest request, string token) => {|AS0003:request.Headers["X-Token"] == token|} ? Results.Ok() : Results.Unauthorized();
        }
        """,
        """
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Http;

        class C
        {
            IResult M(HttpRequest request, string token) => !string.IsNullOrEmpty(token) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers["X-Token"].ToString()), Encoding.UTF8.GetBytes(token)) ? Results.Ok() : Results.Unauthorized();
        }
        """);

    [Fact]
    public Task Fixes_comparison_inside_a_logical_chain_with_parentheses_where_needed() => Verify.VerifyCodeFixAsync(
        """
        class C
        {
            bool M(bool enabled, string secret, string provided) => !enabled || {|AS0003:provided == secret|};
            bool N(bool enabled, string secret, string provided) => enabled & {|AS0003:provided == secret|};
        }
        """,
        """
        using System.Security.Cryptography;
        using System.Text;

        class C
        {
            bool M(bool enabled, string secret, string provided) => !enabled || (!string.IsNullOrEmpty(secret) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided ?? ""), Encoding.UTF8.GetBytes(secret)));
            bool N(bool enabled, string secret, string provided) => enabled & (!string.IsNullOrEmpty(secret) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided ?? ""), Encoding.UTF8.GetBytes(secret)));
        }
        """);

    [Fact]
    public Task Fixes_with_nullable_annotations_without_adding_a_default_for_non_null_values() => new Verify.Test
    {
        NullableContextOptions = Microsoft.CodeAnalysis.NullableContextOptions.Enable,
        TestCode = """
            class C
            {
                bool M(string? apiKey, string provided) => {|AS0003:provided == apiKey|};
            }
            """,
        FixedCode = """
            using System.Security.Cryptography;
            using System.Text;

            class C
            {
                bool M(string? apiKey, string provided) => !string.IsNullOrEmpty(apiKey) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided), Encoding.UTF8.GetBytes(apiKey));
            }
            """,
    }.RunAsync();

    // ---- Not secrets, not comparisons ----

    [Fact]
    public Task DoesNotReport_null_empty_and_length_checks() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Primitives;

        class C
        {
            bool A(string secret) => secret == null;
            bool B(string secret) => secret is null;
            bool D(string secret) => string.IsNullOrEmpty(secret);
            bool E(string secret) => secret == "";
            bool F(string secret) => secret != string.Empty;
            bool G(string secret, string provided) => secret.Length == provided.Length;
            bool H(HttpRequest request) => request.Headers["X-Hub-Signature-256"] == StringValues.Empty;
            bool I(string secret) => secret.Equals(null);
        }
        """);

    [Fact]
    public Task DoesNotReport_non_secret_values() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading;
        using Microsoft.AspNetCore.Http;

        class C
        {
            bool A(string name, string other) => name == other;
            bool B(HttpRequest request) => request.Query["page"] == "2";
            bool D(CancellationToken cancellationToken, CancellationToken other) => cancellationToken == other;
            bool E(string secretary, string other) => secretary == other;
            bool F(string tokenizer, string other) => tokenizer == other;
            bool G(string SecretName, string other) => SecretName == other;
            bool H(string tokenType) => tokenType == "Bearer";
            bool I(HttpRequest request) => request.Headers["X-Request-Id"] == "abc";
        }
        """);

    [Fact]
    public Task DoesNotReport_FixedTimeEquals() => Verify.VerifyAnalyzerAsync(
        """
        using System.Security.Cryptography;
        using System.Text;

        class C
        {
            bool M(string secret, string provided)
                => !string.IsNullOrEmpty(secret) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided ?? ""), Encoding.UTF8.GetBytes(secret));
        }
        """);

    [Fact]
    public Task DoesNotReport_inside_a_constant_time_comparison_implementation() => Verify.VerifyAnalyzerAsync(
        """
        static class Compare
        {
            public static bool SlowEquals(string secret, string provided)
            {
                if (secret == provided.Substring(0, 0) + secret && secret.Length != provided.Length)
                    return false;
                var diff = 0;
                for (var i = 0; i < secret.Length; i++)
                    diff |= secret[i] ^ provided[i];
                return diff == 0;
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_in_expression_trees_and_equality_members() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Linq;

        class ApiClient : IEquatable<ApiClient>
        {
            public string ApiKey { get; set; }
            public bool Equals(ApiClient other) => other != null && ApiKey == other.ApiKey;
            public override bool Equals(object obj) => Equals(obj as ApiClient);
            public override int GetHashCode() => 0;

            static ApiClient Find(IQueryable<ApiClient> clients, string apiKey) => clients.FirstOrDefault(c => c.ApiKey == apiKey);
        }
        """);

    // ---- No fix ----

    [Fact]
    public Task NoFix_for_char_spans() => Verify.VerifyCodeFixAsync(
        """
        using System;

        class C
        {
            bool M(ReadOnlySpan<char> secret, ReadOnlySpan<char> provided) => {|AS0003:provided.SequenceEqual(secret)|};
        }
        """,
        """
        using System;

        class C
        {
            bool M(ReadOnlySpan<char> secret, ReadOnlySpan<char> provided) => {|AS0003:provided.SequenceEqual(secret)|};
        }
        """);

    [Fact]
    public Task NoFix_where_a_pattern_variable_cannot_be_declared() => Verify.VerifyCodeFixAsync(
        """
        using System;

        class C
        {
            private readonly bool _isDefault = {|AS0003:Environment.GetEnvironmentVariable("API_KEY") == "changeme"|};
        }
        """,
        """
        using System;

        class C
        {
            private readonly bool _isDefault = {|AS0003:Environment.GetEnvironmentVariable("API_KEY") == "changeme"|};
        }
        """);

    // ---- Options ----

    [Fact]
    public Task Option_secret_names_adds_names_and_excluded_names_removes_them() => new Verify.Test
    {
        TestCode = """
            class C
            {
                bool A(string pin, string provided) => {|AS0003:provided == pin|};
                bool B(string publicToken, string provided) => provided == publicToken;
            }
            """,
        EditorConfig = """
            action_security.secret_names = pin
            action_security.excluded_names = public_token
            """,
    }.RunAsync();

    [Fact]
    public Task Option_per_rule_excluded_names_applies_to_AS0003_only() => new Verify.Test
    {
        TestCode = """
            class C
            {
                bool A(string token, string provided) => provided == token;
            }
            """,
        EditorConfig = """
            action_security.AS0003.excluded_names = token
            """,
    }.RunAsync();

    // ---- Fix All ----

    [Fact]
    public Task FixAll_rewrites_every_comparison_in_every_document() => new Verify.Test
    {
        TestCode = """
            using Microsoft.AspNetCore.Http;

            class A
            {
                bool M(HttpRequest request, string secret) => {|AS0003:request.Headers["X-Secret"] == secret|} || {|AS0003:request.Headers["X-Old-Secret"] == secret|};
            }
            """,
        Sources =
        {
            """
            class B
            {
                bool M(string password, string input) => {|AS0003:input != password|};
            }
            """,
        },
        FixedCode = """
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.AspNetCore.Http;

            class A
            {
                bool M(HttpRequest request, string secret) => (!string.IsNullOrEmpty(secret) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers["X-Secret"].ToString()), Encoding.UTF8.GetBytes(secret))) || (!string.IsNullOrEmpty(secret) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers["X-Old-Secret"].ToString()), Encoding.UTF8.GetBytes(secret)));
            }
            """,
        FixedSources =
        {
            """
            using System.Security.Cryptography;
            using System.Text;

            class B
            {
                bool M(string password, string input) => string.IsNullOrEmpty(password) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(input ?? ""), Encoding.UTF8.GetBytes(password));
            }
            """,
        },
    }.RunAsync();
}
