using System;
using System.IO;
using System.Linq;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Meta;

public sealed class ReleaseTrackingTests
{
    [Fact]
    public void Shipped_or_unshipped_lists_every_rule_with_its_category_and_severity()
    {
        var folder = Path.Combine(RuleCatalog.RepositoryRoot, "src", "Analyzers");
        var rows = File.ReadAllLines(Path.Combine(folder, "AnalyzerReleases.Shipped.md"))
            .Concat(File.ReadAllLines(Path.Combine(folder, "AnalyzerReleases.Unshipped.md")))
            .Where(l => l.StartsWith("AS", StringComparison.Ordinal))
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .ToArray();
        foreach (var descriptor in RuleCatalog.Descriptors)
        {
            var row = Assert.Single(rows, r => r[0] == descriptor.Id);
            Assert.Equal(descriptor.Category, row[1]);
            Assert.Equal(descriptor.DefaultSeverity.ToString(), row[2]);
            var analyzers = RuleCatalog.AnalyzersFor(descriptor.Id).Select(t => t.Name).ToArray();
            if (analyzers.Length > 0)
                Assert.Contains(row[3], analyzers);
        }

        Assert.Equal(RuleCatalog.Ids.Length, rows.Length);
    }
}
