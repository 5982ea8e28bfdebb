using ActionSecurity.Analyzers.Model;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Model;

public sealed class SecretTextTests
{
    [Theory]
    [InlineData("a8f5f167f44f4964e6c998dee827110c")]
    [InlineData("Zk3x9QpL2mN7vB4tR8sW1yH6")]
    [InlineData("q1w2e3r4t5y6u7i8o9p0+/QWERTY==")]
    [InlineData("9c1f0b7e-6a4d-4f7e-b3d2-1a2b3c4d5e6fX")]
    public void IsHighEntropy_for_random_values(string value) => Assert.True(SecretText.IsHighEntropy(value));

    [Theory]
    [InlineData("short1A")]
    [InlineData("cache_user_profile")]
    [InlineData("ThisIsMySigningKey")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("3F2504E0-4F89-11D3-9A0C-0305E82C3301")]
    [InlineData("{3F2504E0-4F89-11D3-9A0C-0305E82C3301}")]
    [InlineData("correct horse battery staple")]
    [InlineData("abcdef0123456789")]
    public void IsHighEntropy_not_for_words_guids_short_or_repetitive_values(string value) => Assert.False(SecretText.IsHighEntropy(value));

    [Theory]
    [InlineData("Please enter your password")]
    [InlineData("What is your favourite colour")]
    [InlineData("Invalid password.")]
    [InlineData("Password must be at least 8 characters")]
    [InlineData("The token has expired!")]
    [InlineData("Secret rotated:")]
    public void IsNaturalLanguage_for_prose(string value) => Assert.True(SecretText.IsNaturalLanguage(value));

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("s3cr3t")]
    [InlineData("open-sesame")]
    [InlineData("P@ss w0rd#42 !x")]
    [InlineData("")]
    public void IsNaturalLanguage_not_for_secrets_and_passphrases(string value) => Assert.False(SecretText.IsNaturalLanguage(value));

    [Theory]
    [InlineData("MediaBrowser Client=\"Media App\", Device=\"Web\", DeviceId=\"v3\", Version=\"3.1\"")]
    [InlineData("Custom realm=api, charset=UTF-8")]
    [InlineData("  Vendor client = \"a \\\" b\" ,  version=2  ")]
    public void IsAuthParametersWithoutSecret_for_scheme_parameters_that_only_name_the_client(string value)
        => Assert.True(SecretText.IsAuthParametersWithoutSecret(value, options: null), value);

    [Theory]
    [InlineData("MediaBrowser Client=\"Media App\", Device=\"Web\", Token=\"7d1e9b0c4a\"")]
    [InlineData("OAuth oauth_consumer_key=\"app\", oauth_signature=\"tnnArxj06cWHq44gCs1OSKk%2FjY%3D\"")]
    [InlineData("Basic dXNlcjpwYXNzd29yZA==")]
    [InlineData("Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl")]
    [InlineData("Client=\"Media App\"")]
    [InlineData("MediaBrowser Client=\"unterminated")]
    [InlineData("MediaBrowser Client=\"App\" Device=\"Web\"")]
    [InlineData("Scheme a=1,")]
    [InlineData("")]
    public void IsAuthParametersWithoutSecret_not_for_credentials_or_other_text(string value)
        => Assert.False(SecretText.IsAuthParametersWithoutSecret(value, options: null), value);

    [Theory]
    [InlineData("")]
    [InlineData("<your-secret>")]
    [InlineData("[api key]")]
    [InlineData("{secret}")]
    [InlineData("YOUR_API_KEY_HERE")]
    [InlineData("insert-token")]
    [InlineData("xxxxxxxx")]
    [InlineData("********")]
    [InlineData("my-xxxx-key")]
    [InlineData("TODO")]
    [InlineData("Bearer")]
    [InlineData("password")]
    [InlineData("|||%%PREVIOUS_PASSWORD%%|||")]
    [InlineData("__MASKED__")]
    [InlineData("##REDACTED2##")]
    public void IsPlaceholder_for_documented_placeholders(string value) => Assert.True(SecretText.IsPlaceholder(value));

    [Theory]
    [InlineData("changeme")]
    [InlineData("hunter2")]
    [InlineData("open-sesame")]
    [InlineData("P@ssw0rd!")]
    [InlineData("!!Secret42!!")]
    [InlineData("%%AB%%")]
    [InlineData("!!Hunter2!!")]
    [InlineData("|~K9QX7T2M~|")]
    public void IsPlaceholder_not_for_weak_real_secrets(string value) => Assert.False(SecretText.IsPlaceholder(value));

    [Theory]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/x)")]
    [InlineData("${API_KEY}")]
    [InlineData("$(ApiKey)")]
    [InlineData("%API_KEY%")]
    [InlineData("#{ApiKey}#")]
    [InlineData("{{ api_key }}")]
    [InlineData("env:API_KEY")]
    [InlineData("   ")]
    public void IsReference_for_references_to_secrets_kept_elsewhere(string value) => Assert.True(SecretText.IsReference(value));

    [Theory]
    [InlineData("k3y-9f8e7d6c")]
    [InlineData("$ecret")]
    public void IsReference_not_for_values(string value) => Assert.False(SecretText.IsReference(value));

    [Theory]
    [InlineData("Auth:Password")]
    [InlineData("ACTION_SECRET")]
    [InlineData("X-Hub-Signature-256")]
    [InlineData("ApiKey")]
    [InlineData("Stripe:SecretKey")]
    [InlineData("access_token")]
    public void LooksLikeKeyName_for_key_and_header_names(string value) => Assert.True(SecretText.LooksLikeKeyName(value));

    [Theory]
    [InlineData("password_hash_b64")]
    [InlineData("pm-12345-v2-password-registration")]
    public void LooksLikeKeyName_with_numbers_ending_words(string value) => Assert.True(SecretText.LooksLikeKeyName(value));

    [Theory]
    [InlineData("Password123")]
    [InlineData("p4ss_word")]
    [InlineData("pa55word")]
    [InlineData("s3cr3t")]
    [InlineData("open-sesame")]
    [InlineData("changeme")]
    [InlineData("P@ssword")]
    [InlineData("secret value")]
    public void LooksLikeKeyName_not_for_values(string value) => Assert.False(SecretText.LooksLikeKeyName(value));

    [Theory]
    [InlineData("password={0}", true)]
    [InlineData("Hello {name}!", true)]
    [InlineData("{{ value }}", true)]
    [InlineData("k3y-{", false)]
    [InlineData("a}b{c", false)]
    [InlineData("s3cr3t", false)]
    public void IsFormatString(string value, bool expected) => Assert.Equal(expected, SecretText.IsFormatString(value));

    [Fact]
    public void Entropy_is_zero_for_repeats_and_grows_with_variety()
    {
        Assert.Equal(0, SecretText.Entropy("aaaa"));
        Assert.Equal(1, SecretText.Entropy("abab"), 6);
        Assert.Equal(2, SecretText.Entropy("abcd"), 6);
    }

    [Theory]
    [InlineData("t0k3n-9f8e7d")]
    [InlineData("k3y-9f8e7d6c")]
    [InlineData("Zk3x9QpL2mN7vB4tR8sW1yH6")]
    [InlineData("a8f5f167f44f4964e6c998dee827110c")]
    [InlineData("yz9b4U215iR4vrKFRfjNXP24NMNPKJ")]
    [InlineData("QGgqxd7bDHBTEkpC6fj8sbdPWgZrPrPfr3xzb3LKoec=")]
    public void IsSecretShaped_for_generated_values(string value) => Assert.True(SecretText.IsSecretShaped(value));

    [Theory]
    [InlineData("hddisc")]
    [InlineData("sbs3d")]
    [InlineData("HDTV")]
    [InlineData("NUMBER_OF_BYTES-eng")]
    [InlineData("FFmpeg:novalidation")]
    [InlineData("BusinessUnitConversionInvite")]
    [InlineData("ProviderIsNotAnOrgId")]
    [InlineData("IdpX509PublicCertInvalidFormatValidationError")]
    [InlineData("application/x-mpegURL")]
    [InlineData("ISO-8859-1")]
    [InlineData("utf8mb4_unicode_ci")]
    [InlineData("ThisIsMySigningKey")]
    [InlineData("cache_user_profile")]
    [InlineData("3F2504E0-4F89-11D3-9A0C-0305E82C3301")]
    [InlineData("Main(string[] args)")]
    public void IsSecretShaped_not_for_words_names_and_numbers(string value) => Assert.False(SecretText.IsSecretShaped(value));

    [Theory]
    [InlineData("Account.Login.Fields.Password")]
    [InlineData("store:mongoDb:valueRepresentation")]
    [InlineData("schemas.fieldCannotBeUIField")]
    [InlineData("WM/ParentalRating")]
    [InlineData("X-Vendor-Hook-Installation-Target-ID")]
    [InlineData("MS_WebHookDisableHttpsCheck")]
    [InlineData("FFmpeg:novalidation")]
    [InlineData("/connect/token")]
    [InlineData("~/api/v2/keys")]
    public void IsIdentifierPath_for_paths_of_names(string value) => Assert.True(SecretText.IsIdentifierPath(value));

    [Theory]
    [InlineData("open-sesame")]
    [InlineData("cache_user_profile")]
    [InlineData("hunter2")]
    [InlineData("s3cr3t.v4lue.9f8e7d")]
    [InlineData("OrderDelete")]
    public void IsIdentifierPath_not_for_values(string value) => Assert.False(SecretText.IsIdentifierPath(value));

    [Theory]
    [InlineData("https://api.example.com/v2/keys", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("https://user:pass@example.com/", false)]
    [InlineData("https://example.com/hook?token=abc", false)]
    [InlineData("not a url", false)]
    public void IsUrlWithoutCredentials(string value, bool expected) => Assert.Equal(expected, SecretText.IsUrlWithoutCredentials(value));

    [Theory]
    [InlineData("manageresetpassword", "ManageResetPassword", true)]
    [InlineData("enable-jit-password-registration", "EnableJitPasswordRegistration", true)]
    [InlineData("hostwebclient", "HostWebClientKey", true)]
    [InlineData("pass", "Password", false)]
    [InlineData("hunter2", "Password", false)]
    [InlineData("api", "ApiKeyValue", false)]
    public void SpellsName(string value, string name, bool expected) => Assert.Equal(expected, SecretText.SpellsName(value, name));
}
