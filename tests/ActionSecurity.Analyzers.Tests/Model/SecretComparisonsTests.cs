using ActionSecurity.Analyzers.Model;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Model;

public sealed class SecretComparisonsTests
{
    [Theory]
    [InlineData("FixedTimeEquals")]
    [InlineData("fixedtimeequals")]
    [InlineData("FIXED_TIME_EQUALS_IS_NOT_ONE_WORD", false)]
    [InlineData("ConstantTimeCompare")]
    [InlineData("CONSTANTTIMEEQ")]
    [InlineData("AreEqualTimingSafe")]
    [InlineData("slowEquals")]
    [InlineData("SecureEquals")]
    [InlineData("Equals", false)]
    [InlineData("SequenceEqual", false)]
    [InlineData("TimeoutEquals", false)]
    [InlineData("Compare", false)]
    [InlineData("", false)]
    [InlineData("T", false)]
    public void Constant_time_names_are_found_in_any_case(string name, bool expected = true)
        => Assert.Equal(expected, SecretComparisons.IsConstantTimeName(name));
}
