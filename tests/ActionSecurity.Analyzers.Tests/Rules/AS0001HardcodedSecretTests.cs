using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.HardcodedSecretAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.HardcodedSecretCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

public sealed class AS0001HardcodedSecretTests
{
    // ---- Compared with a request value or a secret (one per hosting model) ----

    [Fact]
    public Task Fixes_golden_scenario_webtask_literal_compared_with_query_value_reading_app_Configuration() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Webtask
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/webtask", (HttpRequest request) =>
                {
                    // the caller appends ?secret=... to the URL
                    if (request.Query["secret"] != [|"open-sesame"|])
                        return Results.StatusCode(400);
                    return Results.Ok("hello");
                });
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Webtask
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/webtask", (HttpRequest request) =>
                {
                    // the caller appends ?secret=... to the URL
                    if (request.Query["secret"] != app.Configuration["Secret"])
                        return Results.StatusCode(400);
                    return Results.Ok("hello");
                });
            }
        }
        """);

    [Fact]
    public Task Fixes_literal_compared_with_header_in_controller() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Microsoft.AspNetCore.Mvc;

        public sealed class ActionsController : ControllerBase
        {
            [HttpPost("actions/ship")]
            public IActionResult Ship()
            {
                if (Request.Headers["X-Action-Secret"] == [|"s3cr3t-v4lue"|])
                    return Ok();
                return StatusCode(403);
            }
        }
        """,
        """
        using System;
        using Microsoft.AspNetCore.Mvc;

        public sealed class ActionsController : ControllerBase
        {
            [HttpPost("actions/ship")]
            public IActionResult Ship()
            {
                if (Request.Headers["X-Action-Secret"] == Environment.GetEnvironmentVariable("ACTION_SECRET"))
                    return Ok();
                return StatusCode(403);
            }
        }
        """);

    [Fact]
    public Task Fixes_string_Equals_instance_Equals_and_is_pattern_with_secret_named_values() => Verify.VerifyCodeFixAsync(
        """
        using System;

        static class Checks
        {
            public static bool B(string signature) => string.Equals(signature, [|"sha256=9f8e7d6c5b4a"|], StringComparison.Ordinal);
            public static bool C(string token) => token.Equals([|"t0k3n-value"|]);
            public static bool D(string password) => [|"hunter2"|].Equals(password);
            public static bool E(string apiKey) => apiKey is [|"k3y-9f8e7d6c"|];
        }
        """,
        """
        using System;

        static class Checks
        {
            public static bool B(string signature) => string.Equals(signature, Environment.GetEnvironmentVariable("SIGNATURE"), StringComparison.Ordinal);
            public static bool C(string token) => token.Equals(Environment.GetEnvironmentVariable("TOKEN"));
            public static bool D(string password) => (Environment.GetEnvironmentVariable("PASSWORD") ?? throw new InvalidOperationException("The secret 'PASSWORD' is not configured.")).Equals(password);
            public static bool E(string apiKey) => apiKey is [|"k3y-9f8e7d6c"|];
        }
        """);

    [Fact]
    public Task Fixes_literal_compared_with_HttpListener_header() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.Net;

        class Listener
        {
            bool Authorized(HttpListenerContext context) => context.Request.Headers["X-Api-Key"] == [|"9f8e7d6c5b4a"|];
        }
        """,
        """
        using System;
        using System.Net;

        class Listener
        {
            bool Authorized(HttpListenerContext context) => context.Request.Headers["X-Api-Key"] == Environment.GetEnvironmentVariable("API_KEY");
        }
        """);

    [Fact]
    public Task Fixes_literal_compared_with_System_Web_header() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.Web;

        class Handler
        {
            bool Authorized(HttpRequest request) => request.Headers["X-Action-Secret"] == [|"open-sesame"|];
        }
        """,
        """
        using System;
        using System.Web;

        class Handler
        {
            bool Authorized(HttpRequest request) => request.Headers["X-Action-Secret"] == Environment.GetEnvironmentVariable("ACTION_SECRET");
        }
        """);

    [Fact]
    public Task Fixes_literal_compared_with_Lambda_API_Gateway_header() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Amazon.Lambda.APIGatewayEvents;

        class Function
        {
            public APIGatewayProxyResponse Handler(APIGatewayProxyRequest request)
            {
                if (request.Headers["x-api-key"] != [|"9f8e7d6c5b4a"|])
                    return new APIGatewayProxyResponse { StatusCode = 401 };
                return new APIGatewayProxyResponse { StatusCode = 200 };
            }
        }
        """,
        """
        using System;
        using Amazon.Lambda.APIGatewayEvents;

        class Function
        {
            public APIGatewayProxyResponse Handler(APIGatewayProxyRequest request)
            {
                if (request.Headers["x-api-key"] != Environment.GetEnvironmentVariable("API_KEY"))
                    return new APIGatewayProxyResponse { StatusCode = 401 };
                return new APIGatewayProxyResponse { StatusCode = 200 };
            }
        }
        """);

    [Fact]
    public Task Fixes_literal_compared_with_Functions_worker_query_value() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using Microsoft.Azure.Functions.Worker.Http;

        class Function
        {
            public bool Authorized(HttpRequestData request) => request.Query["code"] == "x" || request.Query["token"] == [|"t0k3n-9f8e7d"|];
        }
        """,
        """
        using System;
        using Microsoft.Azure.Functions.Worker.Http;

        class Function
        {
            public bool Authorized(HttpRequestData request) => request.Query["code"] == "x" || request.Query["token"] == Environment.GetEnvironmentVariable("TOKEN");
        }
        """);

    [Fact]
    public Task Fixes_literal_compared_with_OpenWhisk_header() => Verify.VerifyCodeFixAsync(
        """
        #nullable disable
        using System;
        using Newtonsoft.Json.Linq;

        public class Action
        {
            public JObject Main(JObject args)
            {
                if ((string)args["__ow_headers"]["x-require-whisk-auth"] != [|"whisk-s3cret"|])
                    return new JObject { ["statusCode"] = 401 };
                return new JObject { ["statusCode"] = 200 };
            }
        }
        """,
        """
        #nullable disable
        using System;
        using Newtonsoft.Json.Linq;

        public class Action
        {
            public JObject Main(JObject args)
            {
                if ((string)args["__ow_headers"]["x-require-whisk-auth"] != Environment.GetEnvironmentVariable("REQUIRE_WHISK_AUTH"))
                    return new JObject { ["statusCode"] = 401 };
                return new JObject { ["statusCode"] = 200 };
            }
        }
        """);

    [Fact]
    public Task Fixes_u8_literal_and_constant_concatenation_compared_with_secrets() => Verify.VerifyCodeFixAsync(
        """
        using System;
        using System.Security.Cryptography;

        static class Checks
        {
            public static bool A(byte[] signature) => CryptographicOperations.FixedTimeEquals(signature, [|"sig-9f8e7d6c"u8|]);
            public static bool B(string secret) => secret == [|"open-" + "sesame"|];
        }
        """,
        """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        static class Checks
        {
            public static bool A(byte[] signature) => CryptographicOperations.FixedTimeEquals(signature, Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("SIGNATURE") ?? throw new InvalidOperationException("The secret 'SIGNATURE' is not configured.")));
            public static bool B(string secret) => secret == Environment.GetEnvironmentVariable("SECRET");
        }
        """);

    [Fact]
    public Task Fixes_literal_in_a_constant_time_comparison_and_its_null_guard_so_the_guard_still_fails_closed() => Verify.VerifyCodeFixAsync(
        """
        #nullable disable
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Http;

        static class Handler
        {
            public static bool Check(HttpRequest request)
            {
                string provided = request.Headers["X-Action-Secret"];
                return !string.IsNullOrEmpty("open-sesame")
                    && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided ?? ""), Encoding.UTF8.GetBytes([|"open-sesame"|]));
            }
        }
        """,
        """
        #nullable disable
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Http;

        static class Handler
        {
            public static bool Check(HttpRequest request)
            {
                string provided = request.Headers["X-Action-Secret"];
                return !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ACTION_SECRET"))
                    && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided ?? ""), Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("ACTION_SECRET")));
            }
        }
        """);

    // ---- Secret-named declarations, assignments, returns and arguments ----

    [Fact]
    public Task Fixes_const_field_which_becomes_static_readonly() => Verify.VerifyCodeFixAsync(
        """
        #nullable disable
        using System;

        public static class Settings
        {
            // the key the partner gave us
            public const string ApiKey = [|"k3y-9f8e7d6c"|]; // rotate yearly
            public const string PasswordKey = "Auth:Password";
        }
        """,
        """
        #nullable disable
        using System;

        public static class Settings
        {
            // the key the partner gave us
            public static string ApiKey => Environment.GetEnvironmentVariable("API_KEY"); // rotate yearly
            public const string PasswordKey = "Auth:Password";
        }
        """);

    [Fact]
    public Task Fixes_const_local_which_becomes_a_variable() => Verify.VerifyCodeFixAsync(
        """
        #nullable disable
        using System;

        static class Checks
        {
            public static bool Check(string provided)
            {
                const string expectedSecret = [|"open-sesame"|];
                return provided == expectedSecret;
            }
        }
        """,
        """
        #nullable disable
        using System;

        static class Checks
        {
            public static bool Check(string provided)
            {
                string expectedSecret = Environment.GetEnvironmentVariable("EXPECTED_SECRET");
                return provided == expectedSecret;
            }
        }
        """);

    [Fact]
    public Task NoFix_const_used_where_a_constant_is_required() => Verify.VerifyCodeFixAsync(
        """
        using System;

        public static class Settings
        {
            public const string WebhookSecret = [|"whk-9f8e7d6c"|];

            public static int Kind(string value) => value switch
            {
                WebhookSecret => 1,
                _ => 0,
            };
        }
        """,
        """
        using System;

        public static class Settings
        {
            public const string WebhookSecret = [|"whk-9f8e7d6c"|];

            public static int Kind(string value) => value switch
            {
                WebhookSecret => 1,
                _ => 0,
            };
        }
        """);

    [Fact]
    public Task Fixes_fields_properties_object_initializers_locals_and_returns() => Verify.VerifyCodeFixAsync(
        """
        #nullable disable
        using System;

        public sealed class Options
        {
            public string ClientSecret { get; set; }
            public string Name { get; set; }
        }

        public sealed class Client
        {
            public static string webhookSecret = [|"whk-9f8e7d6c"|];
            public string Password { get; set; } = [|"P@ssw0rd!"|];
            public string Token => [|"t0k3n-9f8e7d"|];
            public static string GetApiKey() { return [|"k3y-9f8e7d6c"|]; }

            public static Options Create()
            {
                var pwd = [|"changeme"|];
                string secret;
                secret = [|"s3cr3t-v4lue"|];
                return new Options { ClientSecret = [|"cl13nt-s3cret"|], Name = pwd + secret };
            }
        }
        """,
        """
        #nullable disable
        using System;

        public sealed class Options
        {
            public string ClientSecret { get; set; }
            public string Name { get; set; }
        }

        public sealed class Client
        {
            public static string webhookSecret = Environment.GetEnvironmentVariable("WEBHOOK_SECRET");
            public string Password { get; set; } = Environment.GetEnvironmentVariable("PASSWORD");
            public string Token => Environment.GetEnvironmentVariable("TOKEN");
            public static string GetApiKey() { return Environment.GetEnvironmentVariable("API_KEY"); }

            public static Options Create()
            {
                var pwd = Environment.GetEnvironmentVariable("PWD");
                string secret;
                secret = Environment.GetEnvironmentVariable("SECRET");
                return new Options { ClientSecret = Environment.GetEnvironmentVariable("CLIENT_SECRET"), Name = pwd + secret };
            }
        }
        """);

    [Fact]
    public Task Fixes_named_and_positional_arguments_of_secret_named_parameters() => Verify.VerifyCodeFixAsync(
        """
        #nullable disable
        using System;

        static class Db
        {
            static void Connect(string user, string password) { }

            public static void Run()
            {
                Connect("app", password: [|"p@ss-w0rd"|]);
                Connect("app", [|"hunter2"|]);
            }
        }
        """,
        """
        #nullable disable
        using System;

        static class Db
        {
            static void Connect(string user, string password) { }

            public static void Run()
            {
                Connect("app", password: Environment.GetEnvironmentVariable("PASSWORD"));
                Connect("app", Environment.GetEnvironmentVariable("PASSWORD"));
            }
        }
        """);

    [Fact]
    public Task Reports_parameter_default_without_a_fix() => Verify.VerifyCodeFixAsync(
        """
        static class Client
        {
            public static string Call(string apiKey = [|"k3y-9f8e7d6c"|]) => apiKey;
        }
        """,
        """
        static class Client
        {
            public static string Call(string apiKey = [|"k3y-9f8e7d6c"|]) => apiKey;
        }
        """);

    [Fact]
    public Task Fixes_declaration_with_nullable_annotations_by_failing_closed() => Verify.VerifyCodeFixAsync(
        """
        #nullable enable
        using System;

        public static class Settings
        {
            public static readonly string WebhookSecret = [|"whk-9f8e7d6c"|];
            public static readonly string? OptionalToken = [|"t0k3n-9f8e7d"|];

            public static string Password()
            {
                var password = [|"P@ssw0rd!"|];
                return password;
            }
        }
        """,
        """
        #nullable enable
        using System;

        public static class Settings
        {
            public static string WebhookSecret => Environment.GetEnvironmentVariable("WEBHOOK_SECRET") ?? throw new InvalidOperationException("The secret 'WEBHOOK_SECRET' is not configured.");
            public static string? OptionalToken => Environment.GetEnvironmentVariable("OPTIONAL_TOKEN");

            public static string Password()
            {
                var password = Environment.GetEnvironmentVariable("PASSWORD") ?? throw new InvalidOperationException("The secret 'PASSWORD' is not configured.");
                return password;
            }
        }
        """);

    // ---- Where a key or credential is consumed ----

    [Fact]
    public Task Fixes_HMAC_keys_even_when_the_text_looks_like_a_placeholder() => Verify.VerifyCodeFixAsync(
        """
        #nullable disable
        using System;
        using System.Security.Cryptography;
        using System.Text;

        static class Signatures
        {
            public static byte[] Sign(byte[] body)
            {
                using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes([|"secret"|]));
                return hmac.ComputeHash(body);
            }

            public static byte[] Sign2(byte[] body) => HMACSHA256.HashData([|"k3y"u8|], body);
        }
        """,
        """
        #nullable disable
        using System;
        using System.Security.Cryptography;
        using System.Text;

        static class Signatures
        {
            public static byte[] Sign(byte[] body)
            {
                using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("SIGNING_KEY")));
                return hmac.ComputeHash(body);
            }

            public static byte[] Sign2(byte[] body) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("SIGNING_KEY") ?? throw new InvalidOperationException("The secret 'SIGNING_KEY' is not configured.")), body);
        }
        """);

    [Fact]
    public Task Fixes_golden_scenario_non_web_action_client_with_hard_coded_Basic_authorization() => Verify.VerifyCodeFixAsync(
        """
        #nullable disable
        using System;
        using System.Net;
        using System.Net.Http;
        using System.Net.Http.Headers;

        static class WhiskClient
        {
            public static HttpClient Create()
            {
                var client = new HttpClient();
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", [|"MjNiYzQ2YjEtNzFmNjoxMjN6TzN4WkNMck1ONnYy"|]);
                client.DefaultRequestHeaders.Add("X-Require-Whisk-Auth", [|"whisk-s3cret-value"|]);
                client.DefaultRequestHeaders.Add("Accept", "application/json");
                var credential = new NetworkCredential("user", [|"hunter2"|]);
                return client;
            }
        }
        """,
        """
        #nullable disable
        using System;
        using System.Net;
        using System.Net.Http;
        using System.Net.Http.Headers;

        static class WhiskClient
        {
            public static HttpClient Create()
            {
                var client = new HttpClient();
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Environment.GetEnvironmentVariable("AUTHORIZATION"));
                client.DefaultRequestHeaders.Add("X-Require-Whisk-Auth", Environment.GetEnvironmentVariable("REQUIRE_WHISK_AUTH"));
                client.DefaultRequestHeaders.Add("Accept", "application/json");
                var credential = new NetworkCredential("user", Environment.GetEnvironmentVariable("PASSWORD"));
                return client;
            }
        }
        """);

    [Fact]
    public Task Fixes_dictionary_entries_under_secret_keys() => Verify.VerifyCodeFixAsync(
        """
        #nullable disable
        using System;
        using System.Collections.Generic;

        static class Form
        {
            public static Dictionary<string, string> Build() => new()
            {
                ["grant_type"] = "client_credentials",
                ["client_secret"] = [|"cl13nt-s3cret"|],
            };
        }
        """,
        """
        #nullable disable
        using System;
        using System.Collections.Generic;

        static class Form
        {
            public static Dictionary<string, string> Build() => new()
            {
                ["grant_type"] = "client_credentials",
                ["client_secret"] = Environment.GetEnvironmentVariable("CLIENT_SECRET"),
            };
        }
        """);

    // ---- Credential formats, wherever they appear ----

    [Theory]
    [InlineData("AKIAQ3EGRTYUPZK7LM2D")]
    [InlineData("ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5")]
    [InlineData("github_pat_11ABCDEFG0aBcDeFgHiJkL_mNoPqRsTuVwXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ012345")]
    [InlineData("xoxb-123456789012-1234567890123-aBcDeFgHiJkLmNoPqRsTuVwX")]
    [InlineData("https://hooks.slack.com/services/T0ABCDEF1/B0ABCDEF2/aBcDeFgHiJkLmNoPqRsTuVwX")]
    [InlineData("sk_live_4eC39HqLyjWDarjtT1zdp7dc")]
    [InlineData("rk_live_4eC39HqLyjWDarjtT1zdp7dc")]
    [InlineData("whsec_aBcDeFgHiJkLmNoPqRsTuVwXyZ012345")]
    [InlineData("AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c2v3b4n5m6Q1W2E3R4T5Y6U7I8O9P0A1S2D3F4G5H6J7==;EndpointSuffix=core.windows.net")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")]
    [InlineData("Server=db;Database=app;User Id=sa;Password=Sup3rS3cret!;")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=aBcDeFgHiJkLmNoPqRsT=")]
    public Task Reports_credential_format_under_any_name(string value) => Verify.VerifyAnalyzerAsync(
        "static class C { public static string Value() { var text = [|" + Quote(value) + "|]; return text; } }");

    [Theory]
    [InlineData("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("AKIAIOSFODNN7EXAMPLE")]
    [InlineData("sk_test_4eC39HqLyjWDarjtT1zdp7dc")]
    [InlineData("UseDevelopmentStorage=true")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;")]
    [InlineData("Server=db;Database=app;User Id=sa;Password=;")]
    [InlineData("Server=db;Database=app;User Id=sa;Password={0};")]
    [InlineData("Server=(localdb)\\mssqllocaldb;Database=app;Trusted_Connection=True;")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.")]
    public Task DoesNotReport_placeholder_or_incomplete_credential_format(string value) => Verify.VerifyAnalyzerAsync(
        "static class C { public static string Value() { var text = " + Quote(value) + "; return text; } }");

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\"", "\\\"") + "\"";

    [Fact]
    public Task Fixes_credential_format_with_the_format_name() => Verify.VerifyCodeFixAsync(
        """
        #nullable disable
        using System;

        static class Deploy
        {
            public static string Url() { var url = [|"https://hooks.slack.com/services/T0ABCDEF1/B0ABCDEF2/aBcDeFgHiJkLmNoPqRsTuVwX"|]; return url; }
        }
        """,
        """
        #nullable disable
        using System;

        static class Deploy
        {
            public static string Url() { var url = Environment.GetEnvironmentVariable("SLACK_WEBHOOK_URL"); return url; }
        }
        """);

    // ---- High entropy under an ambiguous name ----

    [Fact]
    public Task Reports_high_entropy_value_under_ambiguous_key_name_only() => Verify.VerifyAnalyzerAsync(
        """
        static class Keys
        {
            public static string key = [|"a8f5f167f44f4964e6c998dee827110c"|];
            public static string stripeKey = [|"Zk3x9QpL2mN7vB4tR8sW1yH6"|];
            public static string cacheKey = "a8f5f167f44f4964e6c998dee827110c";
            public static string Key = "cache_user_profile";
            public static string key2 = "ThisIsMySigningKey";
            public static string publicKey = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE";
            public static string lookupKey = "3F2504E0-4F89-11D3-9A0C-0305E82C3301";
        }
        """);

    // ---- Never reported ----

    [Fact]
    public Task DoesNotReport_names_of_keys_headers_claims_and_configuration() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Security.Claims;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;

        public static class Names
        {
            public const string PasswordKey = "Auth:Password";
            public const string ApiKey = "X-Api-Key";
            public const string ApiKeyHeaderName = "X-Api-Key";
            public const string SecretName = "MySecret";
            public const string TokenEndpoint = "https://login.example.com/token";
            public const string ActionSecret = "ACTION_SECRET";
            public static string secretary = "Mrs Jones";

            public static string Read(IConfiguration configuration, HttpRequest request, ClaimsPrincipal user)
                => configuration["ActionSecret"]
                   + Environment.GetEnvironmentVariable("ACTION_SECRET")
                   + configuration.GetSection("Stripe")["SecretKey"]
                   + request.Headers["X-Hub-Signature-256"]
                   + user.FindFirst("access_token")?.Value
                   + nameof(ApiKey);
        }
        """);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<your-secret>")]
    [InlineData("YOUR_API_KEY_HERE")]
    [InlineData("{secret}")]
    [InlineData("xxxxxxxx")]
    [InlineData("********")]
    [InlineData("password")]
    [InlineData("null")]
    [InlineData("Bearer")]
    [InlineData("${API_SECRET}")]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://vault.vault.azure.net/secrets/api)")]
    [InlineData("Please enter your password")]
    [InlineData("What is your favourite colour")]
    [InlineData("Invalid password.")]
    [InlineData("password={0}")]
    [InlineData("Stripe:SecretKey")]
    [InlineData("AS0001")]
    public Task DoesNotReport_placeholders_prose_references_and_key_names(string value) => Verify.VerifyAnalyzerAsync(
        "static class C { public static string Password = " + Quote(value) + "; }");

    [Fact]
    public Task DoesNotReport_the_product_name_as_the_default_password_of_its_settings() => Verify.VerifyAnalyzerAsync(
        """
        namespace Downloads.Clients.Torrent
        {
            public sealed class TorrentSettings
            {
                public TorrentSettings()
                {
                    Host = "localhost";
                    Password = "torrent";
                }

                public string Host { get; set; }
                public string Password { get; set; }
            }

            public sealed class MailSettings
            {
                public string Password { get; set; } = "torrent";
            }
        }
        """);

    [Fact]
    public Task Reports_a_settings_default_password_that_is_not_the_product_name() => Verify.VerifyAnalyzerAsync(
        """
        public sealed class TorrentSettings
        {
            public TorrentSettings()
            {
                Password = [|"torrent2024"|];
                Secret = [|"k8Qz!pW3"|];
            }

            public string Password { get; set; }
            public string Secret { get; set; }
        }
        """);

    [Fact]
    public Task DoesNotReport_a_vendor_signed_licence_but_reports_an_ordinary_jwt() => Verify.VerifyAnalyzerAsync(
        """
        public sealed class IdentitySettings
        {
            public string LicenseKey { get; set; } = "eyJhbGciOiJQUzI1NiIsInR5cCI6ImxpY2Vuc2Urand0In0.eyJpc3MiOiJodHRwczovL3ZlbmRvci5leGFtcGxlIiwiZWRpdGlvbiI6IlN0YXJ0ZXIiLCJjb21wYW55X25hbWUiOiJBY21lIn0.Q2xqWm1vY2tTaWduYXR1cmVWYWx1ZTEyMzQ1Njc4OTA";
            public string LicenseToken { get; set; } = [|"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL3ZlbmRvci5leGFtcGxlIiwiZWRpdGlvbiI6IlN0YXJ0ZXIiLCJjb21wYW55X25hbWUiOiJBY21lIn0.Q2xqWm1vY2tTaWduYXR1cmVWYWx1ZTEyMzQ1Njc4OTA"|];
        }
        """);

    [Fact]
    public Task Reports_weak_real_secret_changeme() => Verify.VerifyAnalyzerAsync(
        "static class C { public static string Password = [|\"changeme\"|]; }");

    [Fact]
    public Task DoesNotReport_non_secret_names_interpolations_format_strings_and_attributes() => Verify.VerifyAnalyzerAsync(
        """
        #nullable disable
        using System.ComponentModel.DataAnnotations;
        using System.Threading;
        using Microsoft.AspNetCore.Mvc;

        public sealed class Login
        {
            [Display(Name = "Password", Prompt = "Enter your password")]
            public string Password { get; set; }

            public static string Header(string token) => $"Bearer {token}";
            public static string Header2(string token) => "Bearer " + token;
            public static string Message(string password) => string.Format("password={0}", password);
            public static string Page(CancellationToken cancellationToken, string nextPageToken)
            {
                var continuationToken = "Zk3x9QpL2mN7vB4tR8sW1yH6";
                return cancellationToken.CanBeCanceled && nextPageToken == "Zk3x9QpL2mN7vB4tR8sW1yH6" ? continuationToken : "next";
            }
            public static IActionResult Bind([FromHeader(Name = "X-Api-Key")] string apiKey) => new OkResult();
            public static string SecretLogged = "AS0008";
            public static string secretary = "s3cr3t-v4lue";
            public static string SecretName = "s3cr3t-v4lue";
        }
        """);

    [Fact]
    public Task DoesNotReport_comparison_with_a_hash_of_non_secret_data_or_non_secret_values() => Verify.VerifyAnalyzerAsync(
        """
        using System;
        using System.Security.Cryptography;
        using Microsoft.AspNetCore.Http;

        static class Checks
        {
            public static bool Checksum(byte[] file) => Convert.ToHexString(SHA256.HashData(file)) == "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
            public static bool Page(HttpRequest request) => request.Query["page"] == "s3cr3t-v4lue";
            public static bool Scheme(string authorization) => authorization == "Basic";
        }
        """);

    // ---- Options and the secret store ----

    [Fact]
    public Task Fixes_with_configuration_read_when_an_IConfiguration_parameter_is_in_scope() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;

        static class Handler
        {
            public static bool Check(HttpRequest request, IConfiguration configuration)
                => request.Headers["X-Action-Secret"] == [|"open-sesame"|];
        }
        """,
        """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;

        static class Handler
        {
            public static bool Check(HttpRequest request, IConfiguration configuration)
                => request.Headers["X-Action-Secret"] == configuration["ActionSecret"];
        }
        """);

    [Fact]
    public Task Fixes_with_builder_Configuration_in_top_level_style_startup() => Verify.VerifyCodeFixAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Program
        {
            public static void Main(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                var app = builder.Build();
                app.MapPost("/hook", (HttpRequest request) =>
                    request.Headers["X-Hub-Signature-256"] == [|"sha256=9f8e7d6c5b4a"|] ? Results.Ok() : Results.Unauthorized());
                app.Run();
            }
        }
        """,
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        static class Program
        {
            public static void Main(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                var app = builder.Build();
                app.MapPost("/hook", (HttpRequest request) =>
                    request.Headers["X-Hub-Signature-256"] == app.Configuration["HubSignature256"] ? Results.Ok() : Results.Unauthorized());
                app.Run();
            }
        }
        """);

    [Fact]
    public Task Fixes_with_configuration_field_in_instance_member_but_not_in_field_initializer() => Verify.VerifyCodeFixAsync(
        """
        #nullable disable
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;

        public sealed class Handler
        {
            private readonly IConfiguration _configuration;
            public string WebhookSecret = [|"whk-9f8e7d6c"|];

            public Handler(IConfiguration configuration) => _configuration = configuration;

            public bool Check(HttpRequest request) => request.Headers["X-Action-Secret"] == [|"open-sesame"|];
        }
        """,
        """
        #nullable disable
        using System;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;

        public sealed class Handler
        {
            private readonly IConfiguration _configuration;
            public string WebhookSecret = Environment.GetEnvironmentVariable("WEBHOOK_SECRET");

            public Handler(IConfiguration configuration) => _configuration = configuration;

            public bool Check(HttpRequest request) => request.Headers["X-Action-Secret"] == _configuration["ActionSecret"];
        }
        """);

    [Fact]
    public Task Option_secret_store_configuration_without_configuration_in_scope_reads_the_environment() => new Verify.Test
    {
        TestCode = """
            using System;
            static class C { public static bool M(string secret) => secret == [|"open-sesame"|]; }
            """,
        FixedCode = """
            using System;
            static class C { public static bool M(string secret) => secret == Environment.GetEnvironmentVariable("SECRET"); }
            """,
        EditorConfig = """
            root = true

            [*.cs]
            action_security.secret_store = configuration
            """,
    }.RunAsync();

    [Fact]
    public Task Option_secret_names_and_excluded_names() => new Verify.Test
    {
        TestCode = """
            #nullable disable
            using System;

            static class C
            {
                public static string pin = [|"4938"|];
                public static string otpCode = [|"493817"|];
                public static string publicToken = "pk_9f8e7d6c5b4a";
                public static string token = [|"t0k3n-9f8e7d"|];
            }
            """,
        FixedCode = """
            #nullable disable
            using System;

            static class C
            {
                public static string pin = Environment.GetEnvironmentVariable("PIN");
                public static string otpCode = Environment.GetEnvironmentVariable("OTP_CODE");
                public static string publicToken = "pk_9f8e7d6c5b4a";
                public static string token = Environment.GetEnvironmentVariable("TOKEN");
            }
            """,
        EditorConfig = """
            root = true

            [*.cs]
            action_security.AS0001.secret_names = pin, otp_code
            action_security.excluded_names = public_token
            """,
    }.RunAsync();

    // ---- Fix All ----

    [Fact]
    public Task FixAll_rewrites_every_secret_in_every_document() => new Verify.Test
    {
        TestCode = """
            #nullable disable
            using System;
            static class A
            {
                public const string ApiKey = [|"k3y-9f8e7d6c"|];
                public const string ClientSecret = [|"cl13nt-s3cret"|], Other = "x";
                public static bool M(string secret) => secret == [|"open-sesame"|] || secret == [|"open-sesame-2"|];
            }
            """,
        Sources =
        {
            """
            static class B
            {
                public static bool M(string password) => password == [|"hunter2"|];
            }
            """,
        },
        FixedCode = """
            #nullable disable
            using System;
            static class A
            {
                public static string ApiKey => Environment.GetEnvironmentVariable("API_KEY");
                public static readonly string ClientSecret = Environment.GetEnvironmentVariable("CLIENT_SECRET"), Other = "x";
                public static bool M(string secret) => secret == Environment.GetEnvironmentVariable("SECRET") || secret == Environment.GetEnvironmentVariable("SECRET");
            }
            """,
        FixedSources =
        {
            """
            using System;

            static class B
            {
                public static bool M(string password) => password == Environment.GetEnvironmentVariable("PASSWORD");
            }
            """,
        },
    }.RunAsync();

    // ---- Real-code false-positive patterns: a name is not a secret, the value must look like one ----

    [Fact]
    public Task DoesNotReport_token_in_the_lexer_or_naming_rule_sense() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;

        public sealed class MarkerRule
        {
            public MarkerRule(string kind, string token) { }
            public MarkerRule(string token) { }
        }

        public static class Rules
        {
            public static readonly List<MarkerRule> All = new()
            {
                new MarkerRule(kind: "disc", token: "hddisc"),
                new MarkerRule(kind: "disc", token: "br50"),
                new MarkerRule(kind: "tv", token: "HDTV"),
                new MarkerRule("sbs3d"),
                new MarkerRule("ftab"),
            };

            public static bool IsKeyword(string token) => token == "namespace" || token.Equals("ISO-8859-1");
        }
        """);

    [Fact]
    public Task Reports_token_named_values_that_are_secret_shaped() => Verify.VerifyAnalyzerAsync(
        """
        public sealed class Client
        {
            public Client(string token) { }
        }

        public static class Setup
        {
            public static Client Create() => new Client(token: [|"Zk3x9QpL2mN7vB4tR8sW1yH6"|]);
            public static string Token = [|"t0k3n-9f8e7d"|];
            public static string AccessToken = [|"open-sesame"|];
        }
        """);

    [Fact]
    public Task DoesNotReport_token_purposes_and_identifiers() => Verify.VerifyAnalyzerAsync(
        """
        public static class Tokens
        {
            public const string TokenIdentifier = "OrderDelete";
            public const string DataProtectorPurpose = "OrderDeleteProtector";

            public static bool IsValid(string purposeToken, string value) => purposeToken.Length > value.Length;

            public static bool Check(string value) => IsValid("ProviderUserInvitation", value);
        }
        """);

    [Fact]
    public Task DoesNotReport_lookup_keys_passed_to_key_parameters() => Verify.VerifyAnalyzerAsync(
        """
        #nullable disable
        using System.Collections.Generic;
        using Microsoft.Extensions.Configuration;

        public interface ITranslator { string T(string key, params object[] args); }

        public static class Lookups
        {
            static string Tag(IReadOnlyDictionary<string, string> tags, string key) => tags.TryGetValue(key, out var v) ? v : null;

            public static string Read(IReadOnlyDictionary<string, string> tags, IDictionary<string, string> headers, IConfiguration config, ITranslator i18n)
            {
                headers.TryGetValue("X-Vendor-Hook-Installation-Target-ID", out var target);
                var pair = new KeyValuePair<string, string>("application/x-mpegURL", ".m3u8");
                return Tag(tags, "NUMBER_OF_BYTES-eng")
                    + target + pair.Key
                    + config.GetValue<string>("store:mongoDb:valueRepresentation")
                    + i18n.T("ProviderIsNotAnOrgId")
                    + i18n.T("schemas.fieldCannotBeUIField")
                    + i18n.T("Account.Login.Fields.Password");
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_texts_stored_under_resource_keys_but_reports_secret_keys() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;

        public static class Resources
        {
            public static void Seed(IDictionary<string, string> resources, IDictionary<string, string> form)
            {
                resources.Add("Account.Login.Fields.Password", "Passwort");
                resources["Account.Register.Fields.ConfirmPassword"] = "Kennwort bestaetigen";
                resources.Add("Account.Login.Fields.Password", [|"Zk3x9QpL2mN7vB4tR8sW1yH6"|]);
                form.Add("Stripe.SecretKey", [|"hunter2-x"|]);
                form["client_secret"] = [|"cl13nt-s3cret"|];
            }
        }
        """);

    [Fact]
    public Task Reports_secret_shaped_value_passed_to_a_key_parameter_that_is_not_a_lookup() => Verify.VerifyAnalyzerAsync(
        """
        public static class Crypto
        {
            public static string Encrypt(string text, string key) => text + key;

            public static string Run(string text) => Encrypt(text, key: [|"Zk3x9QpL2mN7vB4tR8sW1yH6"|]) + Encrypt(text, key: "orders");
        }
        """);

    [Fact]
    public Task DoesNotReport_setting_keys_feature_flags_and_claim_names_under_secret_names() => Verify.VerifyAnalyzerAsync(
        """
        public static class Settings
        {
            public const string HostWebClientKey = "hostwebclient";
            public const string FfmpegSkipValidationKey = "FFmpeg:novalidation";
            public const string DisableHttpsCheckKey = "MS_WebHookDisableHttpsCheck";
            public const string ManageResetPassword = "manageresetpassword";
            public const string EnableEncryptionV2JitPasswordRegistration = "enable-encryption-v2-jit-password-registration";
            public const string EnableEncryptionV2PasswordRegistration = "pm-12345-v2-password-registration";
            public const string ClientB64HashedPassword = "password_hash_b64";
            public const string RequestPasswordDoesNotMatch = "password_hash_b64_invalid";
            public const string ResetPasswordResource = "Account.Login.Fields.Password";
            public const string HookSecretHeader = "X-Vendor-Hook-Signature";
            public const string ClientSecretRoute = "/connect/client-secret";
        }
        """);

    [Fact]
    public Task DoesNotReport_obfuscated_placeholder_or_url_without_credentials() => Verify.VerifyAnalyzerAsync(
        """
        public sealed class ClientView
        {
            public string ClientSecret { get; set; }
            public string ApiKey { get; set; }

            public static ClientView Create() => new ClientView { ClientSecret = "obfuscated", ApiKey = "https://api.example.com/v2/keys" };
        }
        """);

    [Fact]
    public Task Reports_url_with_credentials_under_a_secret_name() => Verify.VerifyAnalyzerAsync(
        """
        public static class Feeds
        {
            public static string FeedPassword = [|"https://user:s3cr3t-v4lue@feed.example.com/"|];
        }
        """);

    [Fact]
    public Task DoesNotReport_public_by_design_values_and_PEM_markers_without_a_body() => Verify.VerifyAnalyzerAsync(
        """
        public static class PublicValues
        {
            public static string stripeKey = "pk_live_51HcKq2LyjWDarjtT1zdp7dcQ3x9QpL2mN7vB4";
            public static string PublishableKey = "pk_test_4eC39HqLyjWDarjtT1zdp7dc";
            public static string StripeSecretKey = "pk_live_4eC39HqLyjWDarjtT1zdp7dc";
            public const string RsaHeader = "-----BEGIN RSA PRIVATE KEY-----";
            public static bool IsPrivateKey(string pem) => pem.Contains("-----BEGIN PRIVATE KEY-----");
            public static string CosmosEmulator = "AccountEndpoint=https://localhost:8081/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";
        }
        """);

    [Fact]
    public Task DoesNotReport_local_only_connection_strings_in_code_by_default() => Verify.VerifyAnalyzerAsync(
        """
        public static class DesignTimeFactory
        {
            public static string Create(int kind)
            {
                const string Postgres = "Server=localhost;Port=54320;Database=test;User=postgres;Password=postgres";
                const string SqlServer = "Server=(localdb)\\mssqllocaldb;Database=app;User Id=sa;Password=Dev-only-1";
                const string Loopback = "Host=127.0.0.1,127.0.0.2;Username=app;Pwd=app-dev";
                const string Remote = [|"Server=db.example.net;Database=app;User Id=sa;Password=Sup3rS3cret!;"|];
                return kind switch { 0 => Postgres, 1 => SqlServer, 2 => Loopback, _ => [|"Server=localhost,db.example.net;Password=Sup3rS3cret!"|] } + Remote;
            }
        }
        """);

    [Fact]
    public Task Option_report_local_connection_strings_reports_them_in_code() => new Verify.Test
    {
        TestCode = """
            public static class DesignTimeFactory
            {
                public static string Create() => [|"Server=localhost;Port=54320;Database=test;User=postgres;Password=postgres"|];
            }
            """,
        FixedCode = """
            using System;

            public static class DesignTimeFactory
            {
                public static string Create() => Environment.GetEnvironmentVariable("CONNECTION_STRING");
            }
            """,
        EditorConfig = """
            root = true

            [*.cs]
            action_security.AS0001.report_local_connection_strings = true
            """,
    }.RunAsync();

    [Fact]
    public Task Reports_JWT_signing_key_passed_to_SymmetricSecurityKey() => Verify.VerifyAnalyzerAsync(
        """
        using System.Text;
        using Microsoft.IdentityModel.Tokens;

        namespace Microsoft.IdentityModel.Tokens
        {
            public class SymmetricSecurityKey { public SymmetricSecurityKey(byte[] key) { } }
        }

        public static class Jwt
        {
            public static SymmetricSecurityKey Key() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes([|"ThisIsMySuperSecretSigningKey"|]));
        }
        """);

    [Fact]
    public Task DoesNotReport_comparison_of_ambiguous_signature_symbol_with_a_non_secret_value() => Verify.VerifyAnalyzerAsync(
        """
        public static class Methods
        {
            public static bool IsEntryPoint(string signature) => signature == "Main(string[])" || signature == "MainAsync";
            public static bool Matches(string webhookSignature) => webhookSignature == [|"sha256=9f8e7d6c5b4a"|];
        }
        """);

    // ---- Configuration files (additional files; run directly, the verifier has no additional files) ----

    [Fact]
    public async Task Reports_secrets_in_appsettings_at_the_line_and_column_of_the_value()
    {
        var json = """
            {
              // comments are allowed
              "Logging": { "LogLevel": { "Default": "Information" } },
              "AllowedHosts": "*",
              "ConnectionStrings": {
                "Default": "Server=db;Database=app;User Id=sa;Password=Pa55word!;",
                "Local": "Server=(localdb)\\mssqllocaldb;Database=app;Trusted_Connection=True;"
              },
              "Stripe": { "SecretKey": "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "PublishableKey": "pk_live_abcdef" },
              "Webhook": { "Secret": "@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/x)", "SecretHeader": "X-Hub-Signature-256" },
              "Jwt": { "Key": "ThisIsMySuperSecretSigningKey", "Issuer": "me" },
              "Cache": { "Key": "user-profiles" },
              "ApiKey": "${API_KEY}",
              "ClientSecret": "",
              "Password": "<your-password>",
              "Admin": { "Password": "changeme", },
              "Features": { "TokenValidation": true }
            }
            """;
        var diagnostics = await RunOnAdditionalFileAsync("/app/appsettings.Development.json", json);
        Assert.Equal(
            new[]
            {
                "ConnectionStrings:Default@5,16",
                "Stripe:SecretKey@8,28",
                "Jwt:Key@10,19",
                "Admin:Password@15,26",
            },
            diagnostics.Select(Describe));
    }

    [Fact]
    public async Task Reports_secrets_in_local_settings_and_launch_settings()
    {
        var localSettings = """
            {
              "IsEncrypted": false,
              "Values": {
                "AzureWebJobsStorage": "UseDevelopmentStorage=true",
                "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
                "WEBHOOK_SECRET": "whk-9f8e7d6c"
              }
            }
            """;
        var launchSettings = """
            {
              "profiles": {
                "App": {
                  "commandName": "Project",
                  "environmentVariables": { "ASPNETCORE_ENVIRONMENT": "Development", "ACTION_SECRET": "open-sesame" }
                }
              }
            }
            """;
        Assert.Equal(new[] { "Values:WEBHOOK_SECRET@5,23" }, (await RunOnAdditionalFileAsync("/app/local.settings.json", localSettings)).Select(Describe));
        Assert.Equal(new[] { "profiles:App:environmentVariables:ACTION_SECRET@4,91" }, (await RunOnAdditionalFileAsync("/app/Properties/launchSettings.json", launchSettings)).Select(Describe));
    }

    [Fact]
    public async Task Reports_secrets_in_web_config()
    {
        var config = """
            <?xml version="1.0"?>
            <configuration>
              <!-- <add key="ApiKey" value="commented-out"/> -->
              <appSettings>
                <add key="ApiKey" value="9f8e7d6c5b4a" />
                <add key="ApiKeyHeader" value="X-Api-Key" />
                <add key="PageSize" value="20" />
              </appSettings>
              <connectionStrings>
                <add name="Db" connectionString="Data Source=.;Initial Catalog=x;User ID=sa;Password=hunter2" />
                <add name="Trusted" connectionString="Data Source=.;Initial Catalog=x;Integrated Security=True" />
              </connectionStrings>
              <system.net><mailSettings><smtp><network host="smtp" password="smtp-p4ss" userName="me"/></smtp></mailSettings></system.net>
            </configuration>
            """;
        Assert.Equal(
            new[] { "appSettings:ApiKey@4,29", "ConnectionStrings:Db@9,37", "network:password@12,65" },
            (await RunOnAdditionalFileAsync("/app/Web.config", config)).Select(Describe));
    }

    [Fact]
    public async Task DoesNotReport_the_public_key_tokens_of_binding_redirects()
    {
        var config = """
            <?xml version="1.0"?>
            <configuration>
              <runtime>
                <assemblyBinding xmlns="urn:schemas-microsoft-com:asm.v1">
                  <dependentAssembly>
                    <assemblyIdentity name="Newtonsoft.Json" publicKeyToken="30ad4fe6b2a6aeed" culture="neutral" />
                    <bindingRedirect oldVersion="0.0.0.0-13.0.0.0" newVersion="13.0.0.0" />
                  </dependentAssembly>
                </assemblyBinding>
              </runtime>
              <appSettings>
                <add key="ReportToken" value="7c1e9a44b20f6d35" />
              </appSettings>
            </configuration>
            """;
        Assert.Equal(new[] { "appSettings:ReportToken@11,34" }, (await RunOnAdditionalFileAsync("/app/Web.config", config)).Select(Describe));
    }

    [Fact]
    public async Task DoesNotReport_digests_of_secrets_in_configuration()
    {
        var json = """
            {
              "Users": [
                {
                  "Name": "admin",
                  "HashedPassword": "TfKzh9RLix6FPcCNeHLkGrysFu3bYxqzGqduNdi8v1U=",
                  "HashedPasswordSalt": "JEy9kBlhHCNsencitRHlGxmErmSgY+FVyMJulCH27Ds="
                }
              ],
              "Clients": [
                {
                  "ApiKeyHash": "Z5ClHs3mbzx8Pnw3+PxbMq8A/Y+VKMCCDTGYtax8JFM=",
                  "ClientSecret": "t/6A8piT0E1hbxBSqkppC9Ug2Nr3B9E++GBt10fwhu4="
                }
              ]
            }
            """;
        Assert.Equal(new[] { "Clients:0:ClientSecret@11,23" }, (await RunOnAdditionalFileAsync("/app/appsettings.json", json)).Select(Describe));
    }

    [Fact]
    public Task DoesNotReport_a_seeded_users_password_hash() => Verify.VerifyAnalyzerAsync(
        """
        public sealed class AppUser
        {
            public string UserName { get; set; }
            public string PasswordHash { get; set; }
            public string Password { get; set; }
        }

        public static class Seed
        {
            public static AppUser Admin() => new AppUser
            {
                UserName = "admin",
                PasswordHash = "AQAAAAIAAYagAAAAEKq3u5Jm0xq0S4dZ7bW2g9o9yG6rKjv1xq3P3qv8Qn1Yw==",
            };

            public static AppUser Demo() => new AppUser
            {
                UserName = "demo",
                Password = [|"Kq3u5Jm0xq0S4dZ7"|],
            };
        }
        """);

    [Fact]
    public async Task DoesNotReport_other_additional_files_or_malformed_ones()
    {
        Assert.Empty(await RunOnAdditionalFileAsync("/app/settings.json", """{ "Password": "hunter2" }"""));
        Assert.Empty(await RunOnAdditionalFileAsync("/app/appsettings.json", """{ "Password": """));
        Assert.Empty(await RunOnAdditionalFileAsync("/app/web.config", "<add key=\"Password\" value="));
    }

    [Theory]
    [InlineData("whsec_aBcDeFgHiJkLmNoPqRsTuVwXyZ012345")]
    [InlineData("sk_live_4eC39HqLyjWDarjtT1zdp7dc")]
    [InlineData("ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5")]
    [InlineData("xoxb-123456789012-1234567890123-aBcDeFgHiJkLmNoPqRsTuVwX")]
    [InlineData("AKIAQ3EGRTYUPZK7LM2D")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c2v3b4n5m6Q1W2E3R4T5Y6U7I8O9P0A1S2D3F4G5H6J7==;EndpointSuffix=core.windows.net")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA\\n-----END RSA PRIVATE KEY-----")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")]
    [InlineData("Server=db.example.net;Database=app;User Id=sa;Password=Sup3rS3cret!;")]
    public async Task Reports_credential_formats_in_appsettings_under_any_key(string jsonValue)
    {
        var json = "{ \"Settings\": { \"Value\": \"" + jsonValue + "\" } }";
        Assert.Equal(new[] { "Settings:Value@0,26" }, (await RunOnAdditionalFileAsync("/app/appsettings.json", json)).Select(Describe));
        Assert.Equal(new[] { "Settings:Value@0,26" }, (await RunOnAdditionalFileAsync("/app/appsettings.Development.json", json)).Select(Describe));
    }

    [Fact]
    public async Task Config_token_and_key_need_a_secret_shape_or_a_secret_section_and_public_keys_are_silent()
    {
        var json = """
            {
              "Parser": { "Token": "bluray", "Signature": "MainAsync" },
              "Naming": { "Key": "FFmpeg:novalidation" },
              "WebhookClient": { "Token": "6168DB8D-DC58-4094-AF24-483278923590" },
              "Token": "Zk3x9QpL2mN7vB4tR8sW1yH6",
              "Stripe": { "PublishableKey": "pk_live_4eC39HqLyjWDarjtT1zdp7dc", "SecretKey": "pk_test_4eC39HqLyjWDarjtT1zdp7dc" }
            }
            """;
        Assert.Equal(
            new[] { "WebhookClient:Token@3,31", "Token@4,12" },
            (await RunOnAdditionalFileAsync("/app/appsettings.json", json)).Select(Describe));
    }

    [Fact]
    public async Task Development_only_files_do_not_report_local_connection_strings_or_emulator_keys()
    {
        var development = """
            {
              "ConnectionStrings": {
                "Db": "Server=localhost;Database=app;User Id=sa;Password=Dev-p4ss",
                "Remote": "Server=db.example.net;Database=app;User Id=sa;Password=Pa55word!"
              },
              "Storage": "UseDevelopmentStorage=true",
              "Cosmos": "AccountEndpoint=https://localhost:8081/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==",
              "Jwt": { "Key": "ThisIsMySuperSecretSigningKey" }
            }
            """;
        var launch = """
            { "profiles": { "App": { "environmentVariables": { "ConnectionStrings__Db": "Server=(localdb)\\mssqllocaldb;Database=app;User Id=sa;Password=Dev-p4ss" } } } }
            """;
        var production = """
            { "ConnectionStrings": { "Db": "Server=localhost;Database=app;User Id=sa;Password=Pr0d-p4ss" } }
            """;
        Assert.Equal(new[] { "ConnectionStrings:Remote@3,15", "Jwt:Key@7,19" }, (await RunOnAdditionalFileAsync("/app/appsettings.Development.json", development)).Select(Describe));
        Assert.Empty(await RunOnAdditionalFileAsync("/app/Properties/launchSettings.json", launch));
        Assert.Equal(new[] { "ConnectionStrings:Db@0,32" }, (await RunOnAdditionalFileAsync("/app/appsettings.json", production)).Select(Describe));

        // The switch, in a section that matches the JSON file.
        var config = "root = true\n\n[*.json]\naction_security.report_local_connection_strings = true\n";
        Assert.Equal(
            new[] { "ConnectionStrings:Db@2,11", "ConnectionStrings:Remote@3,15", "Jwt:Key@7,19" },
            (await RunWithConfigAsync("/app/appsettings.Development.json", development, "/app/.editorconfig", config)).Select(Describe));
        Assert.Equal(
            new[] { "profiles:App:environmentVariables:ConnectionStrings__Db@0,77" },
            (await RunWithConfigAsync("/app/Properties/launchSettings.json", launch, "/app/.editorconfig", config)).Select(Describe));
    }

    private const string NamesJson = """
        {
          "Maps": { "Key": "Zk3x9QpL2mN7vB4tR8sW1yH6" },
          "Partner": { "ApiKey": "k3y-9f8e7d6c5b4a", "Endpoint": "https://partner.example.com/" },
          "Ui": { "Pin": "k3y-pin-9f8e" },
          "Google": { "Key": "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q" }
        }
        """;

    [Fact]
    public async Task Config_names_in_a_cs_section_do_not_reach_appsettings()
    {
        var config = "root = true\n\n[*.cs]\naction_security.excluded_names = maps, partner, google\naction_security.secret_names = pin\n";
        Assert.Equal(
            new[] { "Maps:Key@1,20", "Partner:ApiKey@2,26", "Google:Key@4,22" },
            (await RunWithConfigAsync("/app/appsettings.json", NamesJson, "/app/.editorconfig", config)).Select(Describe));
    }

    [Fact]
    public async Task Config_names_in_a_section_matching_the_json_silence_keys_and_sections_and_add_secret_names()
    {
        var config = "root = true\n\n[*.{cs,json}]\naction_security.excluded_names = maps, partner, google\naction_security.secret_names = pin\n";
        Assert.Equal(
            new[] { "Ui:Pin@3,18" },
            (await RunWithConfigAsync("/app/appsettings.json", NamesJson, "/app/.editorconfig", config)).Select(Describe));
    }

    [Fact]
    public async Task Config_names_in_a_global_config_reach_appsettings()
    {
        var config = "is_global = true\naction_security.AS0001.excluded_names = maps\n";
        Assert.Equal(
            new[] { "Partner:ApiKey@2,26", "Google:Key@4,22" },
            (await RunWithConfigAsync("/app/appsettings.json", NamesJson, "/app/.globalconfig", config)).Select(Describe));
    }

    /// <summary>Runs AS0001 on one additional file with a real analyzer config document, as a build passes them.</summary>
    private static async Task<ImmutableArray<Diagnostic>> RunWithConfigAsync(string path, string text, string configPath, string config)
    {
        using var workspace = new AdhocWorkspace(Microsoft.CodeAnalysis.Host.Mef.MefHostServices.DefaultHost);
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(
                projectId,
                VersionStamp.Create(),
                "TestProject",
                "TestProject",
                LanguageNames.CSharp,
                filePath: "/app/TestProject.csproj",
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
                metadataReferences: new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) }))
            .AddDocument(DocumentId.CreateNewId(projectId), "C.cs", SourceText.From("class C { }"), filePath: "/app/C.cs")
            .AddAdditionalDocument(DocumentId.CreateNewId(projectId), System.IO.Path.GetFileName(path), SourceText.From(text), filePath: path)
            .AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), System.IO.Path.GetFileName(configPath), SourceText.From(config), filePath: configPath);
        var project = solution.GetProject(projectId)!;
        var compilation = (await project.GetCompilationAsync())!;
        var exceptions = new System.Collections.Generic.List<System.Exception>();
        var withAnalyzers = compilation.WithAnalyzers(
            ImmutableArray.Create<DiagnosticAnalyzer>(new HardcodedSecretAnalyzer()),
            new CompilationWithAnalyzersOptions(project.AnalyzerOptions, (exception, _, _) => exceptions.Add(exception), concurrentAnalysis: true, logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.Empty(exceptions);
        return diagnostics.Sort((a, b) => a.Location.SourceSpan.Start.CompareTo(b.Location.SourceSpan.Start));
    }

    private static string Describe(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        return diagnostic.GetMessage().Split('\'')[1] + "@" + span.StartLinePosition.Line + "," + span.StartLinePosition.Character;
    }

    private static async Task<ImmutableArray<Diagnostic>> RunOnAdditionalFileAsync(string path, string text)
    {
        var compilation = CSharpCompilation.Create(
            "TestProject",
            new[] { CSharpSyntaxTree.ParseText("class C { }", path: "/0/Test0.cs") },
            new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var options = new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(new InMemoryAdditionalText(path, text)));
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new HardcodedSecretAnalyzer());
        var exceptions = new System.Collections.Generic.List<System.Exception>();
        var withAnalyzers = compilation.WithAnalyzers(
            analyzers,
            new CompilationWithAnalyzersOptions(options, (exception, _, _) => exceptions.Add(exception), concurrentAnalysis: true, logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.Empty(exceptions);
        Assert.All(diagnostics, d => Assert.Equal(path, d.Location.GetLineSpan().Path));
        return diagnostics.Sort((a, b) => a.Location.SourceSpan.Start.CompareTo(b.Location.SourceSpan.Start));
    }

    private sealed class InMemoryAdditionalText : AdditionalText
    {
        private readonly SourceText _text;

        public InMemoryAdditionalText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    // ---- authorization headers that only name the client; example connection strings in messages ----

    [Fact]
    public Task DoesNotReport_authorization_scheme_parameters_that_only_name_the_client() => Verify.VerifyAnalyzerAsync(
        """
        using System.Net.Http;

        public sealed class MediaServerClient
        {
            public HttpRequestMessage Describe(HttpRequestMessage request)
            {
                request.Headers.Add("X-Media-Authorization", "MediaBrowser Client=\"Media App\", Device=\"Web\", DeviceId=\"v3\", Version=\"3.1\"");
                request.Headers.Add("X-Media-Token-Authorization", [|"MediaBrowser Client=\"Media App\", Token=\"7d1e9b0c4a2f8e65b3\""|]);
                return request;
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_example_connection_strings_quoted_in_a_help_message() => Verify.VerifyAnalyzerAsync(
        """
        using System;

        public static class BackendHelp
        {
            public static Exception Explain(string error)
                => new InvalidOperationException(
                    "The backend connection string is not valid." + Environment.NewLine +
                    "If you have a queue server: 'type=queue;server=http://queue.internal:4570;password=queuepassword'" + Environment.NewLine +
                    $"           or with a vault: 'type=queue;server=http://queue.internal:4570;password=queuepassword;vault=on'" + Environment.NewLine +
                    "Error: " + error);

            public static string Remote() => [|"Host=queue.internal;Username=worker;Password=Xk29vLq7mZ"|];
        }
        """);
}
