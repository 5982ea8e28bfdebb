using System;
using System.IO;
using System.Linq;
using ActionSecurity.Analyzers.Model;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Meta;

public sealed class DocumentationTests
{
    /// <summary>The headings of docs/rules/_template.md, in order.</summary>
    internal static readonly string[] RequiredSections =
    {
        "## Cause",
        "## Why it matters",
        "## How to fix violations",
        "## Examples",
        "### Noncompliant",
        "### Compliant",
        "## Configuration",
        "## When to suppress warnings",
        "## How to suppress",
        "## Related rules",
        "## References",
    };

    private static string RulesFolder => Path.Combine(RuleCatalog.RepositoryRoot, "docs", "rules");

    [Fact]
    public void Every_rule_has_a_page_and_every_page_a_rule()
    {
        var pages = Directory.GetFiles(RulesFolder, "AS*.md").Select(Path.GetFileNameWithoutExtension).OrderBy(p => p, StringComparer.Ordinal);
        Assert.Equal(RuleCatalog.Ids, pages);
    }

    [Fact]
    public void Page_has_required_sections_in_order()
    {
        foreach (var id in RuleCatalog.Ids)
        {
            var lines = File.ReadAllLines(Path.Combine(RulesFolder, id + ".md"));
            var position = -1;
            foreach (var section in RequiredSections)
            {
                var index = Array.FindIndex(lines, position + 1, l => l.TrimEnd() == section);
                Assert.True(index > position, id + ".md lacks '" + section + "' (or has it out of order)");
                position = index;
            }

            Assert.Contains(lines, l => l.StartsWith("```csharp noncompliant", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("```csharp compliant", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("dotnet_diagnostic." + id + ".severity", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Page_mentions_every_option_key_of_the_rule()
    {
        foreach (var option in ActionSecurityOptions.All)
        {
            foreach (var id in option.RuleIds)
            {
                var page = File.ReadAllText(Path.Combine(RulesFolder, id + ".md"));
                Assert.True(page.Contains(option.Key, StringComparison.Ordinal), id + ".md does not mention " + option.Key);
            }
        }
    }

    [Fact]
    public void Configuration_md_lists_all_keys_and_no_others()
    {
        var text = File.ReadAllText(Path.Combine(RuleCatalog.RepositoryRoot, "docs", "configuration.md"));
        foreach (var option in ActionSecurityOptions.All)
            Assert.Contains("`" + option.Key + "`", text);
        var mentioned = System.Text.RegularExpressions.Regex.Matches(text, @"`action_security\.([a-z_]+)`")
            .Select(m => m.Groups[1].Value)
            .Distinct();
        Assert.All(mentioned, name => Assert.Contains(ActionSecurityOptions.All, o => o.Name == name));
    }
}
