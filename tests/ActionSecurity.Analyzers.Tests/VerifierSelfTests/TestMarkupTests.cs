using System;
using System.Linq;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.VerifierSelfTests;

public sealed class TestMarkupTests
{
    [Fact]
    public void Removes_markup_and_returns_spans_of_every_kind()
    {
        var parsed = TestMarkup.Parse("a [|b|] {|AS0002:c|} {|CS0103:d|} {|#12:e|}");
        Assert.Equal("a b c d e", parsed.Text);
        Assert.Collection(
            parsed.Spans,
            s => Assert.Equal(new MarkupSpan(null, null, new TextSpan(2, 1)), s),
            s => Assert.Equal(new MarkupSpan("AS0002", null, new TextSpan(4, 1)), s),
            s => Assert.Equal(new MarkupSpan("CS0103", null, new TextSpan(6, 1)), s),
            s => Assert.Equal(new MarkupSpan(null, 12, new TextSpan(8, 1)), s));
    }

    [Fact]
    public void Nested_spans_keep_their_own_bounds()
    {
        var parsed = TestMarkup.Parse("x = {|#0:f([|a|], {|AS0001:b|})|};");
        Assert.Equal("x = f(a, b);", parsed.Text);
        Assert.Equal(new TextSpan(4, 7), parsed.Spans.Single(s => s.LocationIndex == 0).Span);
        Assert.Equal("a", parsed.Text.Substring(parsed.Spans.Single(s => s.IsDefault).Span.Start, 1));
        Assert.Equal("b", parsed.Text.Substring(parsed.Spans.Single(s => s.Id == "AS0001").Span.Start, 1));
    }

    [Fact]
    public void Code_without_markup_is_unchanged()
    {
        const string Code = "var a = b[0] | c; var d = e switch { _ => 1 }; var f = g || h;";
        var parsed = TestMarkup.Parse(Code);
        Assert.Equal(Code, parsed.Text);
        Assert.Empty(parsed.Spans);
    }

    [Theory]
    [InlineData("[|a", "never closed")]
    [InlineData("a|]", "closes nothing")]
    [InlineData("{|AS0001:a|]", "closes nothing")]
    [InlineData("{|:a|}", "must be followed by 'ID:' or '#n:'")]
    [InlineData("{|#x:a|}", "must be followed by 'ID:' or '#n:'")]
    public void Malformed_markup_is_rejected_with_its_position(string markup, string expected)
    {
        var exception = Assert.Throws<FormatException>(() => TestMarkup.Parse(markup));
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        Assert.Contains("line 1", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_pack_is_found_next_to_the_running_runtime()
    {
        Assert.Contains(ReferenceSets.Net, r => r.Display!.EndsWith("System.Runtime.dll", StringComparison.Ordinal));
        Assert.Contains($"{System.IO.Path.DirectorySeparatorChar}ref{System.IO.Path.DirectorySeparatorChar}net{Environment.Version.Major}.0", ReferenceSets.NetSource, StringComparison.Ordinal);
        Assert.True(ReferenceSets.Get(ReferenceSet.Default).Length > ReferenceSets.Get(ReferenceSet.None).Length);
    }

    [Fact]
    public void Stubs_are_embedded_and_not_compiled_into_the_test_assembly()
    {
        Assert.Contains("namespace Amazon.Lambda.APIGatewayEvents", ReferenceSets.GetStubSource("AwsLambda"), StringComparison.Ordinal);
        Assert.Null(typeof(TestMarkupTests).Assembly.GetType("Amazon.Lambda.APIGatewayEvents.APIGatewayProxyRequest"));
        Assert.Null(typeof(TestMarkupTests).Assembly.GetType("Microsoft.Azure.Functions.Worker.Http.HttpRequestData"));
    }
}
