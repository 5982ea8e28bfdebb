using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace ActionSecurity.Analyzers.EndToEndTests;

/// <summary>
/// The ASP.NET Core templates a new user starts from, untouched but for the package reference: each builds with the
/// package and reports no AS diagnostic at all (a "Hello World", a weather forecast and the MVC pages are public by
/// nature, and AS0004 must not push [Authorize] into an app that has no authentication scheme).
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(PackageCollection.Name)]
public sealed class TemplateEndToEndTests
{
    private static readonly TimeSpan NewTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(6);

    private static readonly Regex AnyDiagnostic = new(@"\b(warning|error) AS\d{4}\b", RegexOptions.CultureInvariant);

    private readonly PackageFixture fixture;

    public TemplateEndToEndTests(PackageFixture fixture)
    {
        this.fixture = fixture;
    }

    [Theory]
    [InlineData("web", "TemplateWeb")]
    [InlineData("webapi --use-controllers", "TemplateApiControllers")]
    [InlineData("webapi", "TemplateApiMinimal")]
    [InlineData("mvc", "TemplateMvc")]
    public void Untouched_template_builds_with_the_package_and_reports_nothing(string template, string name)
    {
        fixture.RequirePackage();
        var directory = Path.Combine(fixture.WorkDirectory, "templates", name);
        var arguments = new List<string> { "new" };
        arguments.AddRange(template.Split(' '));
        arguments.AddRange(new[] { "-o", directory, "-n", name, "--no-restore" });
        var created = DotNetCli.Run(fixture.WorkDirectory, arguments, NewTimeout, fixture.ConsumerEnvironment);
        Assert.True(created.Succeeded, $"dotnet new {template} failed. " + created.Describe());

        var projectFile = Path.Combine(directory, name + ".csproj");
        var project = File.ReadAllText(projectFile);
        var reference = $"""
              <ItemGroup>
                <PackageReference Include="{PackageFixture.PackageId}" Version="{fixture.PackageVersion}">
                  <PrivateAssets>all</PrivateAssets>
                  <IncludeAssets>runtime; build; native; contentfiles; analyzers; buildtransitive</IncludeAssets>
                </PackageReference>
              </ItemGroup>

            </Project>
            """;
        File.WriteAllText(projectFile, project.Replace("</Project>", reference, StringComparison.Ordinal));

        var result = DotNetCli.Run(
            directory,
            new[] { "build", projectFile, "-nodeReuse:false", "--disable-build-servers", "-p:UseSharedCompilation=false", "-tl:off", "-v:n" },
            BuildTimeout,
            fixture.ConsumerEnvironment);

        Assert.True(result.Succeeded, $"The {template} template did not build with the package. " + result.Describe());
        var analyzer = "/analyzer:" + Path.Combine(
            fixture.PackagesDirectory, PackageFixture.PackageId.ToLowerInvariant(), fixture.PackageVersion.ToLowerInvariant(),
            "analyzers", "dotnet", "cs", "ActionSecurity.Analyzers.dll");
        Assert.True(result.Output.Contains(analyzer, StringComparison.Ordinal), $"The compiler was not given {analyzer}. " + result.Describe());
        var reported = AnyDiagnostic.Matches(result.Output).Select(m => m.Value).Distinct().ToList();
        Assert.True(reported.Count == 0, $"The untouched {template} template reported: " + string.Join(", ", reported) + Environment.NewLine + result.Describe());
    }
}
