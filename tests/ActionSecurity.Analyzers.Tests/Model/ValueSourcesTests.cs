using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using ActionSecurity.Analyzers.Model;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Model;

/// <summary>
/// The value-source tracing added for the comparison rules: each test passes one value to <c>Probe(...)</c> and checks
/// what <see cref="ValueSources.GetSecretEvidence"/> says about it.
/// </summary>
public sealed class ValueSourcesTests
{
    private const string Usings = """
        using System;
        using System.Linq;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.Options;
        using static ProbeHost;

        """;

    [Fact]
    public void Local_written_by_TryGetValue_out_argument_is_the_request_value()
    {
        var evidence = Evaluate("""
            class C
            {
                void M(HttpRequest request)
                {
                    if (request.Headers.TryGetValue("X-Hub-Signature-256", out var value))
                        Probe(value);
                }
            }
            """);
        Assert.Equal(SecretKind.RequestValue, evidence.Kind);
        Assert.Equal("X-Hub-Signature-256", evidence.Name);
        Assert.Equal(RequestPart.Header, evidence.RequestPart);
    }

    [Fact]
    public void Local_written_by_TryGetValue_under_a_non_secret_key_is_not_a_secret()
    {
        var evidence = Evaluate("""
            class C
            {
                void M(HttpRequest request)
                {
                    if (request.Query.TryGetValue("page", out var value))
                        Probe(value);
                }
            }
            """);
        Assert.False(evidence.IsSecret);
    }

    [Fact]
    public void Local_declared_by_a_pattern_follows_the_pattern_input()
    {
        var evidence = Evaluate("""
            class C
            {
                void M(IConfiguration configuration)
                {
                    if (configuration["Webhook:Secret"] is { Length: > 0 } expected)
                        Probe(expected);
                }
            }
            """);
        Assert.Equal(SecretKind.SecretStore, evidence.Kind);
        Assert.Equal("Webhook:Secret", evidence.Name);
    }

    [Fact]
    public void Readonly_field_assigned_in_the_constructor_follows_the_assignment()
    {
        var evidence = Evaluate("""
            class C
            {
                private readonly string _expected;
                public C(IConfiguration configuration) => _expected = configuration["ApiKey"];
                void M() => Probe(_expected);
            }
            """);
        Assert.Equal(SecretKind.SecretStore, evidence.Kind);
        Assert.Equal("ApiKey", evidence.Name);
    }

    [Fact]
    public void Field_with_an_initializer_follows_the_initializer()
    {
        var evidence = Evaluate("""
            class C
            {
                private readonly string _expected = Environment.GetEnvironmentVariable("ACTION_SECRET");
                void M() => Probe(_expected);
            }
            """);
        Assert.Equal(SecretKind.SecretStore, evidence.Kind);
        Assert.Equal("ACTION_SECRET", evidence.Name);
    }

    [Fact]
    public void Get_only_property_assigned_in_the_constructor_follows_the_assignment()
    {
        var evidence = Evaluate("""
            class C
            {
                public C(IConfiguration configuration) { Expected = configuration.GetValue<string>("Hooks:Token"); }
                public string Expected { get; }
                void M() => Probe(Expected);
            }
            """);
        Assert.Equal(SecretKind.SecretStore, evidence.Kind);
        Assert.Equal("Hooks:Token", evidence.Name);
    }

    [Fact]
    public void Field_assigned_twice_or_public_and_mutable_is_not_followed()
    {
        var twice = Evaluate("""
            class C
            {
                private readonly string _expected;
                public C(IConfiguration configuration) => _expected = configuration["ApiKey"];
                public C(IConfiguration configuration, int _) => _expected = "public";
                void M() => Probe(_expected);
            }
            """);
        var mutable = Evaluate("""
            class C
            {
                public string Expected;
                public C(IConfiguration configuration) => Expected = configuration["ApiKey"];
                void M() => Probe(Expected);
            }
            """);
        Assert.False(twice.IsSecret);
        Assert.False(mutable.IsSecret);
    }

    [Fact]
    public void Options_value_held_in_a_field_is_a_secret_store_read()
    {
        var evidence = Evaluate("""
            public sealed class HookOptions { public string Secret { get; set; } }
            class C
            {
                private readonly HookOptions _settings;
                public C(IOptions<HookOptions> options) => _settings = options.Value;
                void M() => Probe(_settings.Secret);
            }
            """);
        Assert.Equal(SecretKind.SecretStore, evidence.Kind);
        Assert.Equal("Secret", evidence.Name);
    }

    [Fact]
    public void StringValues_element_and_split_part_keep_the_request_key()
    {
        var element = Evaluate("""
            class C
            {
                void M(HttpRequest request) => Probe(request.Headers["X-Slack-Signature"][0]);
            }
            """);
        var part = Evaluate("""
            class C
            {
                void M(HttpRequest request)
                {
                    var parts = request.Headers["Stripe-Signature"].ToString().Split(',');
                    var v1 = parts.First(p => p.StartsWith("v1=")).Substring(3);
                    Probe(v1);
                }
            }
            """);
        Assert.Equal(SecretKind.RequestValue, element.Kind);
        Assert.Equal("X-Slack-Signature", element.Name);
        Assert.Equal(SecretKind.RequestValue, part.Kind);
        Assert.Equal("Stripe-Signature", part.Name);
    }

    [Fact]
    public void Hex_of_an_HMAC_is_keyed_hash_output_and_a_plain_hash_is_not_keyed()
    {
        var (hmac, hmacKeyed) = EvaluateKeyed("""
            class C
            {
                void M(byte[] key, byte[] body)
                {
                    using var mac = new HMACSHA256(key);
                    var computed = BitConverter.ToString(mac.ComputeHash(body)).Replace("-", "").ToLowerInvariant();
                    Probe(computed);
                }
            }
            """);
        var (plain, plainKeyed) = EvaluateKeyed("""
            class C
            {
                void M(byte[] body) => Probe(Convert.ToHexString(SHA256.HashData(body)));
            }
            """);
        Assert.Equal(SecretKind.HashOutput, hmac.Kind);
        Assert.True(hmacKeyed);
        Assert.Equal(SecretKind.HashOutput, plain.Kind);
        Assert.False(plainKeyed);
    }

    [Fact]
    public void Hash_property_and_IncrementalHash_made_by_CreateHMAC_are_keyed()
    {
        var (property, propertyKeyed) = EvaluateKeyed("""
            class C
            {
                void M(byte[] key, byte[] body)
                {
                    var mac = new HMACSHA1(key);
                    mac.TransformFinalBlock(body, 0, body.Length);
                    Probe(mac.Hash);
                }
            }
            """);
        var (incremental, incrementalKeyed) = EvaluateKeyed("""
            class C
            {
                void M(byte[] key, byte[] body)
                {
                    using var hash = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
                    hash.AppendData(body);
                    Probe(hash.GetHashAndReset());
                }
            }
            """);
        Assert.True(propertyKeyed);
        Assert.Equal(SecretKind.HashOutput, property.Kind);
        Assert.True(incrementalKeyed);
        Assert.Equal(SecretKind.HashOutput, incremental.Kind);
    }

    [Fact]
    public void Existing_behaviour_secret_named_local_and_non_secret_values_are_unchanged()
    {
        var named = Evaluate("""
            class C
            {
                void M(string input)
                {
                    var webhookSecret = input.Trim();
                    Probe(webhookSecret);
                }
            }
            """);
        var cancellation = Evaluate("""
            class C
            {
                void M(System.Threading.CancellationToken cancellationToken) => Probe(cancellationToken);
            }
            """);
        var secretName = Evaluate("""
            class C
            {
                void M(string SecretName) => Probe(SecretName);
            }
            """);
        Assert.Equal(SecretKind.SecretNamedSymbol, named.Kind);
        Assert.False(cancellation.IsSecret);
        Assert.False(secretName.IsSecret);
    }

    private static SecretEvidence Evaluate(string source) => EvaluateKeyed(source).Evidence;

    private static (SecretEvidence Evidence, bool Keyed) EvaluateKeyed(string source)
    {
        var text = Usings + source + """

            static class ProbeHost { public static void Probe(object value) { } }
            """;
        var tree = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create(
            "ValueSourcesTests",
            new[] { tree },
            ReferenceSets.Get(ReferenceSet.AspNetCore),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        var model = compilation.GetSemanticModel(tree);
        var probe = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Single(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "Probe" });
        var invocation = (IInvocationOperation)model.GetOperation(probe)!;
        var types = KnownTypes.GetOrCreate(compilation);
        var options = ActionSecurityOptions.For(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), tree, DiagnosticIds.NonConstantTimeComparison);
        var evidence = ValueSources.GetSecretEvidence(invocation.Arguments[0].Value, types, options, CancellationToken.None);
        return (evidence, ValueSources.IsKeyedHash(evidence, types, CancellationToken.None));
    }
}
