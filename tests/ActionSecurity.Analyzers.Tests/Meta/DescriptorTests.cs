using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Meta;

public sealed class DescriptorTests
{
    [Fact]
    public void There_are_the_nine_rules_of_the_design()
        => Assert.Equal(
            new[] { "AS0001", "AS0002", "AS0003", "AS0004", "AS0005", "AS0006", "AS0007", "AS0008", "AS0009" },
            RuleCatalog.Ids);

    [Fact]
    public void Ids_are_well_formed_unique_and_DiagnosticIds_constants()
    {
        var constants = typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToArray();
        Assert.Equal(constants.Length, constants.Distinct().Count());
        foreach (var id in RuleCatalog.Ids)
        {
            Assert.Matches(new Regex("^AS[0-9]{4}$"), id);
            Assert.Contains(id, constants);
        }

        Assert.Equal(RuleCatalog.Ids.Length, RuleCatalog.Ids.Distinct().Count());
        Assert.Equal(constants.OrderBy(c => c, StringComparer.Ordinal), RuleCatalog.Ids);
    }

    [Fact]
    public void Each_implemented_id_is_reported_by_exactly_one_analyzer()
    {
        foreach (var id in RuleCatalog.Ids)
        {
            var analyzers = RuleCatalog.AnalyzersFor(id).ToArray();
            Assert.True(analyzers.Length <= 1, id + " is supported by " + string.Join(", ", analyzers.Select(a => a.Name)));
        }
    }

    [Fact]
    public void Text_follows_RS1031_RS1032_RS1033()
    {
        foreach (var descriptor in RuleCatalog.Descriptors)
        {
            var title = descriptor.Title.ToString(CultureInfo.InvariantCulture);
            var message = descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture);
            var description = descriptor.Description.ToString(CultureInfo.InvariantCulture);
            Assert.False(title.EndsWith(".", StringComparison.Ordinal), descriptor.Id + " title ends with a period");
            Assert.DoesNotContain("\n", title);
            Assert.True(char.IsUpper(title[0]), descriptor.Id + " title starts in lower case");
            Assert.False(message.EndsWith(".", StringComparison.Ordinal), descriptor.Id + " message ends with a period");
            Assert.DoesNotContain("\n", message);
            Assert.Contains("{0}", message);
            // Placeholders are numbered without gaps ({0}; AS0003 adds {1}, the remedy the target framework allows).
            var placeholders = Regex.Matches(message, @"\{(\d+)\}").Cast<Match>()
                .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().OrderBy(i => i).ToArray();
            Assert.Equal(Enumerable.Range(0, placeholders.Length), placeholders);
            Assert.True(description.EndsWith(".", StringComparison.Ordinal), descriptor.Id + " description does not end with a period");
        }
    }

    [Fact]
    public void HelpLink_points_to_an_existing_doc_page()
    {
        foreach (var descriptor in RuleCatalog.Descriptors)
        {
            Assert.Equal(HelpLinks.For(descriptor.Id), descriptor.HelpLinkUri);
            Assert.EndsWith("/docs/rules/" + descriptor.Id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(RuleCatalog.RepositoryRoot, "docs", "rules", descriptor.Id + ".md")), "docs/rules/" + descriptor.Id + ".md is missing");
        }
    }

    [Fact]
    public void Category_severity_and_tags()
    {
        foreach (var descriptor in RuleCatalog.Descriptors)
        {
            Assert.Equal("Security", descriptor.Category);
            Assert.True(descriptor.IsEnabledByDefault);
            Assert.NotEqual(Microsoft.CodeAnalysis.DiagnosticSeverity.Hidden, descriptor.DefaultSeverity);
            Assert.Matches(new Regex("^CWE-[0-9]+$"), RuleCatalog.Cwe(descriptor));
            Assert.Contains("Security", descriptor.CustomTags);
        }
    }
}
