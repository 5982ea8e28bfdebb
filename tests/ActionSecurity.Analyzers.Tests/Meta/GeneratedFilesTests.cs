using System;
using System.IO;
using System.Linq;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Meta;

public sealed class GeneratedFilesTests
{
    [Fact]
    public void Generated_files_are_up_to_date()
    {
        var update = Environment.GetEnvironmentVariable("ACTIONSECURITY_UPDATE_GENERATED") == "1";
        var stale = new System.Collections.Generic.List<string>();
        foreach (var (relative, expected) in GeneratedFiles.Expected())
        {
            var actual = GeneratedFiles.Read(RuleCatalog.RepositoryRoot, relative);
            if (actual == expected)
                continue;
            if (update)
            {
                var path = Path.Combine(RuleCatalog.RepositoryRoot, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, expected);
            }
            else
            {
                stale.Add(relative);
            }
        }

        Assert.True(stale.Count == 0,
            "Generated content is out of date in: " + string.Join(", ", stale)
            + ". Run the tests once with ACTIONSECURITY_UPDATE_GENERATED=1 to refresh them.");
    }

    [Fact]
    public void Readme_rule_table_has_a_row_per_descriptor()
    {
        var readme = GeneratedFiles.Read(RuleCatalog.RepositoryRoot, "README.md");
        Assert.Contains("<!-- rules -->", readme);
        foreach (var id in RuleCatalog.Ids)
            Assert.Contains("| [" + id + "](docs/rules/" + id + ".md) |", readme);
    }

    [Fact]
    public void Strict_config_makes_every_rule_an_error_and_none_turns_every_rule_off()
    {
        var strict = GeneratedFiles.GlobalConfig("strict");
        var none = GeneratedFiles.GlobalConfig("none");
        foreach (var id in RuleCatalog.Ids)
        {
            Assert.Contains("dotnet_diagnostic." + id + ".severity = error", strict);
            Assert.Contains("dotnet_diagnostic." + id + ".severity = none", none);
        }

        Assert.StartsWith("is_global = true\nglobal_level = -100\n", strict);
        Assert.Equal(RuleCatalog.Ids.Length, strict.Split('\n').Count(l => l.StartsWith("dotnet_diagnostic.", StringComparison.Ordinal)));
    }
}
