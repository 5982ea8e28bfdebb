using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Meta;

/// <summary>
/// The security-severity the package writes to SARIF (buildTransitive targets) is the one each rule page states, and it is
/// the CVSS 3.1 base score of the vector the page gives.
/// </summary>
public sealed class SecuritySeverityTests
{
    private static readonly Regex Documented = new(
        @"\*\*security-severity: (?<score>\d+\.\d)\*\*[^`]*`(?<vector>AV:[NALP]/AC:[LH]/PR:[NLH]/UI:[NR]/S:[UC]/C:[NLH]/I:[NLH]/A:[NLH])`",
        RegexOptions.CultureInvariant);

    [Fact]
    public void Every_rule_page_states_the_score_the_package_writes_and_its_vector_computes_to_it()
    {
        var packaged = PackagedScores();
        foreach (var id in RuleCatalog.Ids)
        {
            var page = File.ReadAllText(Path.Combine(RuleCatalog.RepositoryRoot, "docs", "rules", id + ".md"));
            var match = Documented.Match(page);
            Assert.True(match.Success, id + ".md has no '**security-severity: n.n** ... `AV:…/A:…`' paragraph");
            var score = match.Groups["score"].Value;
            Assert.True(packaged.TryGetValue(id, out var written), "the package writes no security-severity for " + id);
            Assert.Equal(score, written);
            Assert.Equal(score, BaseScore(match.Groups["vector"].Value).ToString("0.0", CultureInfo.InvariantCulture));
        }

        Assert.Equal(RuleCatalog.Ids.OrderBy(i => i, StringComparer.Ordinal), packaged.Keys.OrderBy(i => i, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8)]
    [InlineData("AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", 7.5)]
    [InlineData("AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", 5.9)]
    [InlineData("AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N", 5.5)]
    [InlineData("AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1)]
    public void Base_score_matches_the_published_examples(string vector, double expected)
    {
        Assert.Equal(expected, BaseScore(vector));
    }

    private static Dictionary<string, string> PackagedScores()
    {
        var targets = XDocument.Load(Path.Combine(RuleCatalog.RepositoryRoot, "src", "Package", "buildTransitive", "ActionSecurity.Analyzers.targets"));
        return targets.Descendants()
            .Where(e => e.Name.LocalName == "_ActionSecuritySecuritySeverity")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Value")!, StringComparer.Ordinal);
    }

    /// <summary>The CVSS 3.1 base score (specification section 7.1 and appendix A's round-up).</summary>
    private static double BaseScore(string vector)
    {
        var metrics = vector.Split('/').Select(p => p.Split(':')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var changed = metrics["S"] == "C";
        double Impact(string value) => value switch { "H" => 0.56, "L" => 0.22, _ => 0 };
        var attackVector = metrics["AV"] switch { "N" => 0.85, "A" => 0.62, "L" => 0.55, _ => 0.2 };
        var complexity = metrics["AC"] == "L" ? 0.77 : 0.44;
        var privileges = metrics["PR"] switch { "N" => 0.85, "L" => changed ? 0.68 : 0.62, _ => changed ? 0.5 : 0.27 };
        var interaction = metrics["UI"] == "N" ? 0.85 : 0.62;
        var iss = 1 - ((1 - Impact(metrics["C"])) * (1 - Impact(metrics["I"])) * (1 - Impact(metrics["A"])));
        var impact = changed ? (7.52 * (iss - 0.029)) - (3.25 * Math.Pow(iss - 0.02, 15)) : 6.42 * iss;
        var exploitability = 8.22 * attackVector * complexity * privileges * interaction;
        if (impact <= 0)
            return 0;
        return RoundUp(changed ? Math.Min(1.08 * (impact + exploitability), 10) : Math.Min(impact + exploitability, 10));
    }

    private static double RoundUp(double value)
    {
        var integer = (long)Math.Round(value * 100000);
        return integer % 10000 == 0 ? integer / 100000.0 : (Math.Floor(integer / 10000.0) + 1) / 10.0;
    }
}
