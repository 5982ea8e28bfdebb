using System.IO;
using System.Linq;
using ActionSecurity.Analyzers.Model;
using ActionSecurity.Analyzers.Tests.Meta;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Model;

public sealed class CredentialFormatsTests
{
    [Theory]
    [InlineData("AKIAQ3EGRTYUPZK7LM2D", "aws-access-key-id")]
    [InlineData("ASIAQ3EGRTYUPZK7LM2D", "aws-access-key-id")]
    [InlineData("ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5", "github-classic")]
    [InlineData("token ghs_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5 in a sentence", "github-classic")]
    [InlineData("github_pat_11ABCDEFG0aBcDeFgHiJkL_mNoPqRsTuVwXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ012345", "github-fine-grained")]
    [InlineData("xoxb-123456789012-1234567890123-aBcDeFgHiJkLmNoPqRsTuVwX", "slack-token")]
    [InlineData("https://hooks.slack.com/services/T0ABCDEF1/B0ABCDEF2/aBcDeFgHiJkLmNoPqRsTuVwX", "slack-webhook")]
    [InlineData("sk_live_4eC39HqLyjWDarjtT1zdp7dc", "stripe-secret-key")]
    [InlineData("rk_live_4eC39HqLyjWDarjtT1zdp7dc", "stripe-restricted-key")]
    [InlineData("whsec_aBcDeFgHiJkLmNoPqRsTuVwXyZ012345", "stripe-webhook-secret")]
    [InlineData("AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q", "google-api-key")]
    [InlineData("AccountName=a;AccountKey=q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c2v3b4n5m6Q1W2E3R4T5Y6U7I8O9P0A1S2D3F4G5H6J7==", "azure-storage-account-key")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----", "pem-private-key")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----", "pem-private-key")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,9F8E7D6C\n\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----", "pem-private-key")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "jwt")]
    [InlineData("SG.aBcDeFgHiJkLmNoPqRsTuV.aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789aBcDeFg", "sendgrid-api-key")]
    [InlineData("npm_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5", "npm-token")]
    public void Match_finds_the_format(string value, string id)
        => Assert.Equal(id, CredentialFormats.Match(value)?.Id);

    [Theory]
    [InlineData("")]
    [InlineData("AKIAIOSFODNN7EXAMPLE")]
    [InlineData("AKIAQ3EGRTYUPZK7LM2DX")]
    [InlineData("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("ghp_short")]
    [InlineData("sk_test_4eC39HqLyjWDarjtT1zdp7dc")]
    [InlineData("pk_live_4eC39HqLyjWDarjtT1zdp7dc")]
    [InlineData("AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==")]
    [InlineData("-----BEGIN PUBLIC KEY-----")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\n-----END RSA PRIVATE KEY-----")]
    [InlineData("sk_live_SAMPLE4eC39HqLyjWDarjtT1zdp7dc")]
    [InlineData("AccountEndpoint=https://localhost:8081/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==")]
    [InlineData("-----BEGIN CERTIFICATE-----")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.")]
    [InlineData("The quick brown fox jumps over the lazy dog")]
    public void Match_ignores_placeholders_examples_and_non_secrets(string value)
        => Assert.Null(CredentialFormats.Match(value));

    [Theory]
    [InlineData("Server=db;Database=app;User Id=sa;Password=Sup3rS3cret!;", "Password")]
    [InlineData("Host=db;Username=app;Pwd=hunter2", "Pwd")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=aBcDeF=", "SharedAccessKey")]
    [InlineData("BlobEndpoint=https://a.blob.core.windows.net/;SharedAccessSignature=sv=2020&sig=abc", "SharedAccessSignature")]
    [InlineData("Server=db; password = 'quoted value' ;", "Password")]
    [InlineData("Data Source=db.internal;Initial Catalog=app;User ID=svc;Password=Xk29vLq7m", "Password")]
    public void GetConnectionStringSecretKey_finds_a_real_secret(string value, string key)
        => Assert.Equal(key, CredentialFormats.GetConnectionStringSecretKey(value));

    [Theory]
    [InlineData("Server=db;Database=app;User Id=sa;Password=;")]
    [InlineData("Server=db;Database=app;Password={0};")]
    [InlineData("Server=db;Database=app;Password=<your-password>;")]
    [InlineData("Server=db;Database=app;Password=${DB_PASSWORD};")]
    [InlineData("Server=db;Database=app;Trusted_Connection=True;")]
    [InlineData("UseDevelopmentStorage=true")]
    [InlineData("Please set Password=... in the settings")]
    [InlineData("If you have a queue server: 'type=queue;server=http://queue.internal:4570;password=queuepassword'")]
    [InlineData("For a remote database use \"Host=db.example.com;Password=dbpassword\"")]
    [InlineData("Set the value of the connection string to Host=db;Password=Xk29vLq7m")]
    [InlineData("<add name=\"Db\" connectionString=\"Server=db;Password=p\" />\n<add key=\"x\" />")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;")]
    public void GetConnectionStringSecretKey_ignores_empty_placeholder_and_trusted_connections(string value)
        => Assert.Null(CredentialFormats.GetConnectionStringSecretKey(value));

    [Fact]
    public void Ids_are_unique_and_every_format_is_documented()
    {
        var ids = CredentialFormats.All.Select(f => f.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var page = File.ReadAllText(Path.Combine(RuleCatalog.RepositoryRoot, "docs", "rules", "AS0001.md"));
        Assert.All(CredentialFormats.All, format => Assert.Contains("`" + format.Id + "`", page));
        Assert.All(CredentialFormats.ConnectionStringSecretKeys, key => Assert.Contains("`" + key + "=`", page));
    }

    [Theory]
    [InlineData("pk_live_4eC39HqLyjWDarjtT1zdp7dc")]
    [InlineData("pk_test_4eC39HqLyjWDarjtT1zdp7dc")]
    [InlineData("pk.eyJ1IjoiZXhhbXBsZSIsImEiOiJjazEifQ.aBcDeFgHiJkLmNoPqRsTuV")]
    [InlineData("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==")]
    [InlineData("C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==")]
    public void IsPublicByDesign_for_publishable_keys_and_emulator_keys(string value)
        => Assert.True(CredentialFormats.IsPublicByDesign(value));

    [Theory]
    [InlineData("sk_live_4eC39HqLyjWDarjtT1zdp7dc")]
    [InlineData("whsec_aBcDeFgHiJkLmNoPqRsTuVwXyZ012345")]
    [InlineData("xpk_live_4eC39HqLyjWDarjtT1zdp7dc")]
    public void IsPublicByDesign_not_for_secret_keys(string value)
        => Assert.False(CredentialFormats.IsPublicByDesign(value));

    [Theory]
    [InlineData("Server=localhost;Port=5432;Database=app;User=app;Password=app")]
    [InlineData("Server=(localdb)\\mssqllocaldb;Database=app;User Id=sa;Password=x1")]
    [InlineData("Data Source=.\\SQLEXPRESS;User ID=sa;Password=x1")]
    [InlineData("Server=tcp:127.0.0.1,1433;Password=x1")]
    [InlineData("Host=localhost:5432,127.0.0.1:5433;Pwd=x1")]
    [InlineData("Server=[::1];Password=x1")]
    [InlineData("Endpoint=sb://localhost;SharedAccessKeyName=Root;SharedAccessKey=x1;UseDevelopmentEmulator=true;")]
    [InlineData("UseDevelopmentStorage=true")]
    [InlineData("AccountEndpoint=https://localhost:8081/;AccountKey=q1w2e3r4")]
    public void IsLocalOnlyConnectionString_for_local_servers_and_emulators(string value)
        => Assert.True(CredentialFormats.IsLocalOnlyConnectionString(value));

    [Theory]
    [InlineData("Server=db;Database=app;User Id=sa;Password=Sup3rS3cret!;")]
    [InlineData("Server=localhost,db.example.net;Password=x1")]
    [InlineData("Server=localhost.example.net;Password=x1")]
    [InlineData("Database=app;Password=x1")]
    [InlineData("Server=localhost\nPassword=x1")]
    public void IsLocalOnlyConnectionString_not_for_remote_or_unknown_servers(string value)
        => Assert.False(CredentialFormats.IsLocalOnlyConnectionString(value));
}
