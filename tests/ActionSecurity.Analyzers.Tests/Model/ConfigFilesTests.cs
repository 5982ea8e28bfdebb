using System.Linq;
using ActionSecurity.Analyzers.Model;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Model;

public sealed class ConfigFilesTests
{
    [Theory]
    [InlineData("appsettings.json", "Json")]
    [InlineData("/src/App/appsettings.Development.json", "Json")]
    [InlineData("C:\\src\\App\\AppSettings.Production.json", "Json")]
    [InlineData("local.settings.json", "Json")]
    [InlineData("Properties/launchSettings.json", "Json")]
    [InlineData("Web.config", "Xml")]
    [InlineData("web.Release.config", "Xml")]
    [InlineData("package.json", "None")]
    [InlineData("app.config", "None")]
    [InlineData("settings.json", "None")]
    [InlineData("", "None")]
    public void GetKind_by_file_name(string path, string kind) => Assert.Equal(kind, ConfigFiles.GetKind(path).ToString());

    [Theory]
    [InlineData("/src/App/appsettings.Development.json", true)]
    [InlineData("C:\\src\\App\\appsettings.local.json", true)]
    [InlineData("Properties/launchSettings.json", true)]
    [InlineData("local.settings.json", true)]
    [InlineData("/src/App/appsettings.json", false)]
    [InlineData("/src/App/appsettings.Production.json", false)]
    [InlineData("/src/App/appsettings.Development.Extra.json", false)]
    [InlineData("web.config", false)]
    [InlineData(null, false)]
    public void IsDevelopmentOnly_by_file_name(string? path, bool expected) => Assert.Equal(expected, ConfigFiles.IsDevelopmentOnly(path));

    [Fact]
    public void ScanJson_gives_paths_values_and_spans_with_comments_and_trailing_commas()
    {
        var text = """
            {
              // a comment with "quotes"
              "Stripe": { "SecretKey": "sk_value", "Retries": 3, },
              /* block */ "Hosts": [ "a", "b" ],
              "Escaped": "a\"b\\c\u0041",
              "Empty": {},
              "Flag": true
            }
            """;
        var entries = ConfigFiles.ScanJson(text);
        Assert.Equal(new[] { "Stripe:SecretKey", "Hosts:0", "Hosts:1", "Escaped" }, entries.Select(e => e.Path));
        var secret = entries[0];
        Assert.Equal("SecretKey", secret.Name);
        Assert.Equal("sk_value", secret.Value);
        Assert.Equal("sk_value", text.Substring(secret.Start, secret.Length));
        Assert.Equal("Hosts", entries[1].Name);
        Assert.Equal("a\"b\\cA", entries[3].Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{ \"a\": ")]
    [InlineData("{ \"a\": \"unterminated }")]
    [InlineData("]]]}}}::,,")]
    [InlineData("{ \"a\": [ { \"b\": \"c\" ] }")]
    [InlineData("/* open comment")]
    public void ScanJson_never_throws_on_malformed_input(string text) => ConfigFiles.ScanJson(text);

    [Fact]
    public void ScanJson_marks_connection_strings()
    {
        var entries = ConfigFiles.ScanJson("""{ "ConnectionStrings": { "Default": "Server=db" } }""");
        Assert.True(Assert.Single(entries).IsConnectionString);
    }

    [Fact]
    public void ScanXml_reads_app_settings_connection_strings_and_attributes_and_skips_comments()
    {
        var text = """
            <?xml version="1.0"?>
            <configuration>
              <!-- <add key="Old" value="commented"/> -->
              <appSettings>
                <add key="ApiKey" value="k3y&amp;v" />
              </appSettings>
              <connectionStrings>
                <add name="Db" connectionString="Server=db;Password=p" providerName="x" />
              </connectionStrings>
              <network host="smtp" password='smtp-p4ss' />
              <![CDATA[ <add key="Cdata" value="x"/> ]]>
            </configuration>
            """;
        var entries = ConfigFiles.ScanXml(text);
        var apiKey = Assert.Single(entries, e => e.Name == "ApiKey");
        Assert.Equal("appSettings:ApiKey", apiKey.Path);
        Assert.Equal("k3y&v", apiKey.Value);
        Assert.Equal("k3y&amp;v", text.Substring(apiKey.Start, apiKey.Length));
        var db = Assert.Single(entries, e => e.Name == "Db");
        Assert.True(db.IsConnectionString);
        Assert.Equal("ConnectionStrings:Db", db.Path);
        Assert.Contains(entries, e => e.Path == "network:password" && e.Value == "smtp-p4ss");
        Assert.DoesNotContain(entries, e => e.Name is "Old" or "Cdata");
    }

    [Theory]
    [InlineData("")]
    [InlineData("<")]
    [InlineData("<add key=\"a\" value=\"unterminated")]
    [InlineData("<!-- open")]
    [InlineData("</a></b><c")]
    [InlineData("<a b c = = d>")]
    public void ScanXml_never_throws_on_malformed_input(string text) => ConfigFiles.ScanXml(text);
}
