using System.Threading.Tasks;
using ActionSecurity.Analyzers.CodeFixes.Rules;
using ActionSecurity.Analyzers.Rules;
using Xunit;
using Verify1 = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.HardcodedSecretAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.HardcodedSecretCodeFixProvider>;
using Verify3 = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.SecretComparisonAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.SecretComparisonCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Fixes;

/// <summary>
/// The AS0001 fix reads a configuration key the app already has for the secret, found in the code when there is no
/// settings file to read: the section an options type is bound to, or a key the code reads elsewhere. A private
/// constant that only instance members use reads the configuration the class is given, at the point of use.
/// </summary>
public sealed class ConfigurationKeyReuseTests
{
    private const string JwtOptionsBinding = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        public sealed class JwtOptions
        {
            public string Issuer { get; set; } = "";
            public string SigningKey { get; set; } = "";
        }

        public static class Startup
        {
            public static void Configure(WebApplicationBuilder builder)
                => builder.Services.Configure<JwtOptions>(builder.Configuration.GetSection("Jwt"));
        }
        """;

    [Fact]
    public async Task AS0001_const_in_a_class_with_an_injected_configuration_reads_the_key_of_the_bound_options_section()
    {
        var actual = await FixText.ApplyAsync(new HardcodedSecretAnalyzer(), new HardcodedSecretCodeFixProvider(), JwtOptionsBinding + """


            public sealed class TokenIssuer
            {
                private const string JwtSigningKey = "Zt8qL2vN9xR4wK7mP3sD6fH1jB5cG0yE";
                private readonly Microsoft.Extensions.Configuration.IConfiguration _configuration;

                public TokenIssuer(Microsoft.Extensions.Configuration.IConfiguration configuration) => _configuration = configuration;

                public int KeyLength() => JwtSigningKey.Length;
            }
            """);
        Assert.Equal(JwtOptionsBinding.Replace("using Microsoft.AspNetCore.Builder;", "using System;\nusing Microsoft.AspNetCore.Builder;", System.StringComparison.Ordinal) + """


            public sealed class TokenIssuer
            {
                private string JwtSigningKey => _configuration["Jwt:SigningKey"] ?? throw new InvalidOperationException("The secret 'Jwt:SigningKey' is not configured.");
                private readonly Microsoft.Extensions.Configuration.IConfiguration _configuration;

                public TokenIssuer(Microsoft.Extensions.Configuration.IConfiguration configuration) => _configuration = configuration;

                public int KeyLength() => JwtSigningKey.Length;
            }
            """,
            actual);
    }

    [Fact]
    public Task AS0001_default_of_a_bound_options_member_is_left_to_the_binder() => Verify1.VerifyCodeFixAsync(
        """
        #nullable enable
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        public sealed class WebhookOptions
        {
            public string Url { get; set; } = "";
            public string SigningSecret { get; set; } = [|"whsec-9f8e7d6c5b4a3f2e1d0c"|];
        }

        public static class Startup
        {
            public static void Configure(WebApplicationBuilder builder)
                => builder.Services.AddOptions<WebhookOptions>().BindConfiguration("Webhooks:Partner");
        }
        """,
        """
        #nullable enable
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        public sealed class WebhookOptions
        {
            public string Url { get; set; } = "";
            public string SigningSecret { get; set; } = string.Empty;
        }

        public static class Startup
        {
            public static void Configure(WebApplicationBuilder builder)
                => builder.Services.AddOptions<WebhookOptions>().BindConfiguration("Webhooks:Partner");
        }
        """);

    [Fact]
    public Task AS0001_assignment_to_a_bound_options_member_reads_its_key() => Verify1.VerifyCodeFixAsync(
        """
        #nullable enable
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;

        public sealed class JwtOptions
        {
            public string SigningKey { get; set; } = "";
        }

        public static class Startup
        {
            public static void Configure(WebApplicationBuilder builder)
            {
                builder.Configuration.GetSection("Auth").Bind("Jwt", new JwtOptions());
                builder.Services.Configure<JwtOptions>(options => options.SigningKey = [|"Zt8qL2vN9xR4wK7mP3sD6fH1jB5cG0yE"|]);
            }
        }
        """,
        """
        #nullable enable
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;

        public sealed class JwtOptions
        {
            public string SigningKey { get; set; } = "";
        }

        public static class Startup
        {
            public static void Configure(WebApplicationBuilder builder)
            {
                builder.Configuration.GetSection("Auth").Bind("Jwt", new JwtOptions());
                builder.Services.Configure<JwtOptions>(options => options.SigningKey = builder.Configuration["Auth:Jwt:SigningKey"] ?? throw new InvalidOperationException("The secret 'Auth:Jwt:SigningKey' is not configured."));
            }
        }
        """);

    [Fact]
    public async Task AS0001_const_named_like_a_key_the_code_reads_from_a_section_reuses_that_key()
    {
        var actual = await FixText.ApplyAsync(new HardcodedSecretAnalyzer(), new HardcodedSecretCodeFixProvider(), """
            using Microsoft.Extensions.Configuration;

            public static class Keys
            {
                public static string? Issuer(IConfiguration configuration)
                {
                    var jwt = configuration.GetSection("Jwt");
                    return jwt["Issuer"];
                }

                public static string? Read(IConfiguration configuration) => configuration.GetSection("Jwt")["Key"];
            }

            public static class Tokens
            {
                private const string JwtKey = "k3v9Qw2LmZ8rT5yX1pB7nC4d";

                public static int Length() => JwtKey.Length;
            }
            """);
        Assert.Equal("""
            using System;
            using Microsoft.Extensions.Configuration;

            public static class Keys
            {
                public static string? Issuer(IConfiguration configuration)
                {
                    var jwt = configuration.GetSection("Jwt");
                    return jwt["Issuer"];
                }

                public static string? Read(IConfiguration configuration) => configuration.GetSection("Jwt")["Key"];
            }

            public static class Tokens
            {
                private static string JwtKey => Environment.GetEnvironmentVariable("Jwt__Key") ?? throw new InvalidOperationException("The secret 'Jwt__Key' is not configured.");

                public static int Length() => JwtKey.Length;
            }
            """,
            actual);
    }

    [Fact]
    public async Task AS0001_static_readonly_field_used_by_instance_members_reads_the_injected_configuration_in_a_crlf_document()
    {
        var actual = await FixText.ApplyAsync(new HardcodedSecretAnalyzer(), new HardcodedSecretCodeFixProvider(), FixText.Crlf("""
            using Microsoft.Extensions.Configuration;

            namespace Billing
            {
                public sealed class PartnerClient
                {
                    private static readonly string PartnerApiKey = "k3v9Qw2LmZ8rT5yX1pB7nC4d"; // issued by the partner

                    private readonly IConfiguration _configuration;

                    public PartnerClient(IConfiguration configuration) => _configuration = configuration;

                    public string Header() => "Key " + PartnerApiKey;
                }
            }
            """));
        FixText.AssertCrlf("""
            using System;
            using Microsoft.Extensions.Configuration;

            namespace Billing
            {
                public sealed class PartnerClient
                {
                    private string PartnerApiKey => _configuration["PartnerApiKey"] ?? throw new InvalidOperationException("The secret 'PartnerApiKey' is not configured."); // issued by the partner

                    private readonly IConfiguration _configuration;

                    public PartnerClient(IConfiguration configuration) => _configuration = configuration;

                    public string Header() => "Key " + PartnerApiKey;
                }
            }
            """,
            actual);
    }

    [Fact]
    public Task AS0001_const_used_by_a_static_member_stays_static_and_reads_the_environment() => Verify1.VerifyCodeFixAsync(
        """
        #nullable enable
        using Microsoft.Extensions.Configuration;

        public sealed class PartnerClient
        {
            private const string PartnerApiKey = [|"k3v9Qw2LmZ8rT5yX1pB7nC4d"|];
            private readonly IConfiguration _configuration;

            public PartnerClient(IConfiguration configuration) => _configuration = configuration;

            public string Header() => "Key " + PartnerApiKey + _configuration["Region"];

            public static int Length() => PartnerApiKey.Length;
        }
        """,
        """
        #nullable enable
        using System;
        using Microsoft.Extensions.Configuration;

        public sealed class PartnerClient
        {
            private static string PartnerApiKey => Environment.GetEnvironmentVariable("PARTNER_API_KEY") ?? throw new InvalidOperationException("The secret 'PARTNER_API_KEY' is not configured.");
            private readonly IConfiguration _configuration;

            public PartnerClient(IConfiguration configuration) => _configuration = configuration;

            public string Header() => "Key " + PartnerApiKey + _configuration["Region"];

            public static int Length() => PartnerApiKey.Length;
        }
        """);

    [Fact]
    public async Task AS0001_const_named_like_a_member_of_options_read_with_Get_reuses_its_key()
    {
        var actual = await FixText.ApplyAsync(new HardcodedSecretAnalyzer(), new HardcodedSecretCodeFixProvider(), """
            using Microsoft.Extensions.Configuration;

            public static class Settings
            {
                public static StripeOptions? Stripe(IConfiguration configuration) => configuration.GetSection("Stripe").Get<StripeOptions>();
            }

            public sealed class StripeOptions
            {
                public string? SecretKey { get; set; }
            }

            public static class Billing
            {
                private const string StripeSecretKey = "k3v9Qw2LmZ8rT5yX1pB7nC4d";

                public static int Length() => StripeSecretKey.Length;
            }
            """);
        Assert.Equal("""
            using System;
            using Microsoft.Extensions.Configuration;

            public static class Settings
            {
                public static StripeOptions? Stripe(IConfiguration configuration) => configuration.GetSection("Stripe").Get<StripeOptions>();
            }

            public sealed class StripeOptions
            {
                public string? SecretKey { get; set; }
            }

            public static class Billing
            {
                private static string StripeSecretKey => Environment.GetEnvironmentVariable("Stripe__SecretKey") ?? throw new InvalidOperationException("The secret 'Stripe__SecretKey' is not configured.");

                public static int Length() => StripeSecretKey.Length;
            }
            """,
            actual);
    }

    // ---- AS0003: provided and expected keep their roles in an action filter ----

    [Fact]
    public Task AS0003_in_an_action_filter_with_a_header_read_by_TryGetValue_compares_it_as_the_provided_value() => Verify3.VerifyCodeFixAsync(
        """
        #nullable enable
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.Filters;
        using Microsoft.Extensions.Configuration;

        public sealed class PartnerKeyFilter : IActionFilter
        {
            private readonly IConfiguration _configuration;

            public PartnerKeyFilter(IConfiguration configuration) => _configuration = configuration;

            public void OnActionExecuting(ActionExecutingContext context)
            {
                if (!context.HttpContext.Request.Headers.TryGetValue("X-Api-Key", out var extractedKey))
                {
                    context.Result = new UnauthorizedResult();
                    return;
                }

                var apiKey = _configuration.GetValue<string>("ApiKey");
                if (!{|AS0006:{|AS0003:string.Equals(apiKey, extractedKey.ToString())|}|})
                    context.Result = new UnauthorizedResult();
            }

            public void OnActionExecuted(ActionExecutedContext context)
            {
            }
        }
        """,
        """
        #nullable enable
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.Filters;
        using Microsoft.Extensions.Configuration;

        public sealed class PartnerKeyFilter : IActionFilter
        {
            private readonly IConfiguration _configuration;

            public PartnerKeyFilter(IConfiguration configuration) => _configuration = configuration;

            public void OnActionExecuting(ActionExecutingContext context)
            {
                if (!context.HttpContext.Request.Headers.TryGetValue("X-Api-Key", out var extractedKey))
                {
                    context.Result = new UnauthorizedResult();
                    return;
                }

                var apiKey = _configuration.GetValue<string>("ApiKey");
                if (string.IsNullOrEmpty(apiKey) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(extractedKey.ToString()), Encoding.UTF8.GetBytes(apiKey)))
                    context.Result = new UnauthorizedResult();
            }

            public void OnActionExecuted(ActionExecutedContext context)
            {
            }
        }
        """);
}
