using ActionSecurity.Analyzers.Model;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Model;

public sealed class RouteTemplatesTests
{
    [Theory]
    [InlineData("/hooks/{token}", "token", true)]
    [InlineData("/hooks/{Token:minlength(8)}", "token", true)]
    [InlineData("/hooks/{token?}", "token", true)]
    [InlineData("/hooks/{token=abc}", "token", true)]
    [InlineData("/files/{*secret}", "secret", true)]
    [InlineData("/files/{**secret}", "secret", true)]
    [InlineData("/hooks/{tokenId}", "token", false)]
    [InlineData("/hooks/{{token}}", "token", false)]
    [InlineData("/hooks/token", "token", false)]
    [InlineData("/hooks/{token", "token", true)]
    [InlineData("/hooks/{", "token", false)]
    [InlineData("", "token", false)]
    [InlineData(null, "token", false)]
    public void Finds_route_parameters(string? template, string name, bool expected)
        => Assert.Equal(expected, RouteTemplates.HasParameter(template, name));
}
