using System.Collections.Immutable;
using ActionSecurity.Analyzers.Model;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Model;

public sealed class SecretNamesTests
{
    [Theory]
    [InlineData("secret")]
    [InlineData("Secret")]
    [InlineData("webhookSecret")]
    [InlineData("WEBHOOK_SECRET")]
    [InlineData("ACTION_SECRET")]
    [InlineData("clientSecret")]
    [InlineData("password")]
    [InlineData("dbPasswd")]
    [InlineData("pwd")]
    [InlineData("Passphrase")]
    [InlineData("apiKey")]
    [InlineData("api_key")]
    [InlineData("APIKey")]
    [InlineData("apikey")]
    [InlineData("X-Api-Key")]
    [InlineData("x-functions-key")]
    [InlineData("Ocp-Apim-Subscription-Key")]
    [InlineData("accessKey")]
    [InlineData("privateKey")]
    [InlineData("signingKey")]
    [InlineData("sharedKey")]
    [InlineData("token")]
    [InlineData("access_token")]
    [InlineData("authToken")]
    [InlineData("credential")]
    [InlineData("credentials")]
    [InlineData("signature")]
    [InlineData("X-Hub-Signature-256")]
    [InlineData("X-Slack-Signature")]
    [InlineData("Stripe-Signature")]
    [InlineData("hmac")]
    [InlineData("X-Require-Whisk-Auth")]
    [InlineData("Authorization")]
    [InlineData("sig")]
    [InlineData("secretKey")]
    [InlineData("tokenSecret")]
    [InlineData("X-Sync-Secret")]
    [InlineData("SYNC_SECRET")]
    [InlineData("syncPassword")]
    [InlineData("SyncApiKey")]
    [InlineData("publicToken")]
    [InlineData("keyToken")]
    [InlineData("PublicKeySignature")]
    [InlineData("userSecret")]
    [InlineData("UserPassword")]
    [InlineData("requestSignature")]
    [InlineData("methodSecret")]
    public void Denotes_a_secret(string name) => Assert.True(SecretNames.IsSecret(name), name);

    [Theory]
    [InlineData("")]
    [InlineData("page")]
    [InlineData("secretary")]
    [InlineData("Secretary")]
    [InlineData("tokenizer")]
    [InlineData("SecretName")]
    [InlineData("secret_name")]
    [InlineData("ApiKeyHeader")]
    [InlineData("SecretHeaderName")]
    [InlineData("cancellationToken")]
    [InlineData("CancellationToken")]
    [InlineData("nextPageToken")]
    [InlineData("continuationToken")]
    [InlineData("syncToken")]
    [InlineData("SyncTokens")]
    [InlineData("sync_token")]
    [InlineData("maxTokens")]
    [InlineData("tokenUrl")]
    [InlineData("token_endpoint")]
    [InlineData("tokenExpiry")]
    [InlineData("passwordLength")]
    [InlineData("PasswordPolicy")]
    [InlineData("accessKeyId")]
    [InlineData("key")]
    [InlineData("keyboard")]
    [InlineData("monkey")]
    [InlineData("AuthorizationLevel")]
    [InlineData("authService")]
    [InlineData("passwordPrompt")]
    [InlineData("design")]
    [InlineData("signal")]
    [InlineData("FailOpenSecretCheck")]
    [InlineData("SecretLogged")]
    [InlineData("RequireAuthorizationTitle")]
    [InlineData("tokenValidation")]
    [InlineData("signatureMismatch")]
    [InlineData("PasswordStatus")]
    [InlineData("HeaderAuthVariable")]
    [InlineData("ApiKeyEnvironmentVariable")]
    [InlineData("secret_variables")]
    [InlineData("publicKeyToken")]
    [InlineData("PublicKeyToken")]
    [InlineData("ResetPasswordOption")]
    [InlineData("userSecrets")]
    [InlineData("UserSecretsId")]
    [InlineData("SecretGenerationFingerprint")]
    [InlineData("GetSecretFingerprint")]
    [InlineData("methodSignature")]
    [InlineData("TypeSignature")]
    [InlineData("AuthButtonColor")]
    [InlineData("passwordIcon")]
    [InlineData("TokenButtonStyle")]
    [InlineData("SecretFieldWidth")]
    public void Does_not_denote_a_secret(string name) => Assert.False(SecretNames.IsSecret(name), name);

    [Theory]
    [InlineData("webhookSecret", "webhook|Secret")]
    [InlineData("X-Hub-Signature-256", "X|Hub|Signature|256")]
    [InlineData("APIKey", "API|Key")]
    [InlineData("api_key", "api|key")]
    [InlineData("HTTPRequest2Body", "HTTP|Request|2|Body")]
    [InlineData("sha256Hex", "sha|256|Hex")]
    [InlineData("__ow_headers", "ow|headers")]
    public void Splits_names_into_words(string name, string expected)
    {
        var words = new System.Collections.Generic.List<string>();
        var position = 0;
        while (SecretNames.NextWord(name, ref position, out var start, out var length))
            words.Add(name.Substring(start, length));
        Assert.Equal(expected, string.Join("|", words));
    }

    [Fact]
    public void Extra_secret_names_are_matched_as_whole_words()
    {
        var extra = ImmutableArray.Create("pin", "otp_code");
        Assert.True(SecretNames.IsSecret("userPin", extra, ImmutableArray<string>.Empty));
        Assert.True(SecretNames.IsSecret("X-Otp-Code", extra, ImmutableArray<string>.Empty));
        Assert.False(SecretNames.IsSecret("spinner", extra, ImmutableArray<string>.Empty));
        Assert.False(SecretNames.IsSecret("otp", extra, ImmutableArray<string>.Empty));
    }

    [Fact]
    public void Excluded_names_win_over_everything()
    {
        var excluded = ImmutableArray.Create("public_token", "csrf");
        Assert.False(SecretNames.IsSecret("PublicToken", ImmutableArray<string>.Empty, excluded));
        Assert.False(SecretNames.IsSecret("X-CSRF-Token", ImmutableArray<string>.Empty, excluded));
        Assert.True(SecretNames.IsSecret("privateToken", ImmutableArray<string>.Empty, excluded));
        Assert.False(SecretNames.IsSecret("pin", ImmutableArray.Create("pin"), ImmutableArray.Create("pin")));
    }
}
