using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace ActionSecurity.Analyzers.EndToEndTests;

/// <summary>
/// The packed package, used the way users use it: its layout, and real `dotnet build` / `dotnet format` runs of
/// consumer projects that reference it from a local feed.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(PackageCollection.Name)]
public sealed class PackageEndToEndTests
{
    private const string AnalyzerFolder = "analyzers/dotnet/cs/";
    private const string AnalyzerDll = "ActionSecurity.Analyzers.dll";
    private const string CodeFixesDll = "ActionSecurity.Analyzers.CodeFixes.dll";
    private const string AS0002HelpUri = "https://github.com/action-security/ActionSecurity.Analyzers/blob/main/docs/rules/AS0002.md";

    private static readonly string[] RuleIds = Enumerable.Range(1, 9).Select(i => "AS" + i.ToString("0000", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    private static readonly Regex ProgramDiagnostic = new(
        @"Program\.cs\((?<line>\d+),(?<column>\d+)\): (?<severity>warning|error) (?<id>AS\d{4})",
        RegexOptions.CultureInvariant);

    private readonly PackageFixture fixture;

    public PackageEndToEndTests(PackageFixture fixture)
    {
        this.fixture = fixture;
    }

    // (a)
    [Fact]
    public void Package_is_an_analyzer_only_development_dependency()
    {
        using var package = ZipFile.OpenRead(fixture.RequirePackage());
        var entries = package.Entries.Select(e => e.FullName.Replace('\\', '/')).ToList();
        var listing = string.Join(Environment.NewLine, entries);

        foreach (var expected in new[]
        {
            AnalyzerFolder + AnalyzerDll,
            AnalyzerFolder + CodeFixesDll,
            "buildTransitive/ActionSecurity.Analyzers.props",
            "buildTransitive/ActionSecurity.Analyzers.targets",
            "build/ActionSecurity.Analyzers.props",
            "build/ActionSecurity.Analyzers.targets",
            "config/default.globalconfig",
            "config/strict.globalconfig",
            "config/none.globalconfig",
            "README.md",
        })
        {
            Assert.True(entries.Contains(expected), $"{expected} is missing from the package. Entries:{Environment.NewLine}{listing}");
        }

        Assert.False(entries.Any(e => e.StartsWith("lib/", StringComparison.OrdinalIgnoreCase)), "The package has a lib/ folder:" + Environment.NewLine + listing);
        Assert.False(entries.Any(e => e.StartsWith("ref/", StringComparison.OrdinalIgnoreCase)), "The package has a ref/ folder:" + Environment.NewLine + listing);
        Assert.Equal(
            new[] { AnalyzerFolder + CodeFixesDll, AnalyzerFolder + AnalyzerDll },
            entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)).OrderBy(e => e, StringComparer.Ordinal).ToArray());

        var nuspecEntry = Assert.Single(package.Entries, e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        XDocument nuspec;
        using (var stream = nuspecEntry.Open())
        {
            nuspec = XDocument.Load(stream);
        }

        var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Metadata(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        Assert.Equal(PackageFixture.PackageId, Metadata("id"));
        Assert.Equal(fixture.PackageVersion, Metadata("version"));
        Assert.Equal("true", Metadata("developmentDependency"));
        Assert.Equal("README.md", Metadata("readme"));
        var license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.Equal("MIT", license.Value);
        var dependencies = nuspec.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.ToString()).ToList();
        Assert.True(dependencies.Count == 0, "The package has dependencies: " + string.Join(", ", dependencies));

        foreach (var (mode, severity) in new[] { ("default", "warning"), ("strict", "error"), ("none", "none") })
        {
            var text = ReadEntry(package, $"config/{mode}.globalconfig");
            var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            Assert.Equal("is_global = true", lines[0]);
            Assert.Equal("global_level = -100", lines[1]);
            foreach (var id in RuleIds)
            {
                Assert.Contains($"dotnet_diagnostic.{id}.severity = {severity}", lines);
            }
        }

        // RS1038: an analyzer assembly that references Workspaces fails to load in hosts without it (the compiler).
        var references = AssemblyReferences(package, AnalyzerFolder + AnalyzerDll);
        Assert.Contains("Microsoft.CodeAnalysis", references);
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.CodeAnalysis.Workspaces", StringComparison.Ordinal)
            || r.StartsWith("Microsoft.CodeAnalysis.CSharp.Workspaces", StringComparison.Ordinal));
    }

    // (b)
    [Fact]
    public void Build_reports_AS0002_as_a_warning_at_the_query_read()
    {
        var result = Build(Consumer.Default);

        Assert.True(result.Succeeded, "A warning must not fail the build. " + result.Describe());
        AssertCompilerGotPackage(result, "default");
        AssertAS0002AtQueryRead(result, "warning");
    }

    [Fact]
    public void Build_reports_AS0001_at_the_secret_in_appsettings_json()
    {
        var result = Build(Consumer.ConfigFile);

        Assert.True(result.Succeeded, "A warning must not fail the build. " + result.Describe());
        var line = Array.FindIndex(Consumer.AppSettingsWithSecret.Split('\n'), l => l.Contains("GitHubSecret", StringComparison.Ordinal)) + 1;
        Assert.True(
            System.Text.RegularExpressions.Regex.IsMatch(result.Output, $@"appsettings\.json\({line},\d+(,\d+,\d+)?\): warning AS0001"),
            $"No `appsettings.json({line},<col>): warning AS0001` in the build output. " + result.Describe());
    }

    // (c)
    [Fact]
    public void Strict_mode_set_in_the_project_file_fails_the_build_with_AS0002_as_an_error()
    {
        var result = Build(Consumer.Strict);

        AssertCompilerGotPackage(result, "strict");
        AssertAS0002AtQueryRead(result, "error");
        Assert.False(result.Succeeded, "Strict mode must fail the build. " + result.Describe());
    }

    // (c)
    [Fact]
    public void None_mode_set_in_the_project_file_silences_every_rule()
    {
        var result = Build(Consumer.None);

        Assert.True(result.Succeeded, result.Describe());
        AssertCompilerGotPackage(result, "none");
        var reported = ProgramDiagnostic.Matches(result.Output).Select(m => m.Value).Distinct().ToList();
        Assert.True(reported.Count == 0, "Mode 'none' still reported: " + string.Join(", ", reported) + Environment.NewLine + result.Describe());
        Assert.DoesNotMatch(@": (warning|error) AS\d{4}", result.Output);
    }

    [Fact]
    public void Users_editorconfig_severity_wins_over_strict_mode()
    {
        var result = Build(Consumer.StrictWithUserSeverity);

        // Other rules may still be errors in strict mode; AS0002 must follow the user's .editorconfig.
        AssertCompilerGotPackage(result, "strict");
        AssertAS0002AtQueryRead(result, "warning");
    }

    [Fact]
    public void Unknown_mode_warns_with_the_allowed_values_and_falls_back_to_default()
    {
        var result = Build(Consumer.UnknownMode);

        Assert.True(result.Succeeded, result.Describe());
        Assert.Matches(@"warning ASMSB001: ActionSecurityAnalysisMode 'Paranoid' is not a known analysis mode; the allowed values are 'default', 'strict' and 'none'\. Falling back to 'default'\.", result.Output);
        AssertCompilerGotPackage(result, "default");
    }

    // (d)
    [Fact]
    public void Sarif_log_describes_AS0002_with_its_help_link()
    {
        var sarifPath = Path.Combine(fixture.ProjectDirectory(Consumer.Sarif), "build.sarif");

        // The comma in the compiler's /errorlog:<file>,version=2.1 has to be escaped for MSBuild, or it splits the value.
        var result = Build(Consumer.Sarif, "-p:ErrorLog=" + sarifPath + "%2Cversion=2.1");

        Assert.True(result.Succeeded, result.Describe());
        Assert.True(File.Exists(sarifPath), "No SARIF log was written. " + result.Describe());
        using var sarif = JsonDocument.Parse(File.ReadAllText(sarifPath));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());

        var run = Assert.Single(sarif.RootElement.GetProperty("runs").EnumerateArray());
        var rules = run.GetProperty("tool").GetProperty("driver").TryGetProperty("rules", out var ruleArray)
            ? ruleArray.EnumerateArray().ToList()
            : new List<JsonElement>();
        var ruleIds = rules.Select(r => r.GetProperty("id").GetString()).ToList();
        var rule = rules.SingleOrDefault(r => r.GetProperty("id").GetString() == "AS0002");
        Assert.True(
            rule.ValueKind == JsonValueKind.Object,
            $"AS0002 is not among the {ruleIds.Count} SARIF rules; the AS ones are: {string.Join(", ", ruleIds.Where(id => id is not null && id.StartsWith("AS0", StringComparison.Ordinal)))}{Environment.NewLine}{result.Describe()}");
        Assert.Equal(AS0002HelpUri, rule.GetProperty("helpUri").GetString());

        var results = run.TryGetProperty("results", out var resultArray) ? resultArray.EnumerateArray().ToList() : new List<JsonElement>();
        Assert.Contains(results, r => r.TryGetProperty("ruleId", out var id) && id.GetString() == "AS0002");
    }

    // (e)
    [Fact]
    public void Dotnet_format_applies_the_AS0002_fix_and_the_next_build_is_clean_of_it()
    {
        var project = fixture.RequireConsumer(Consumer.Fix);
        var programPath = Path.Combine(fixture.ProjectDirectory(Consumer.Fix), "Program.cs");

        var format = DotNetCli.Run(
            fixture.ProjectDirectory(Consumer.Fix),
            new[] { "format", "analyzers", project, "--diagnostics", "AS0002", "--severity", "warn", "--no-restore", "-v", "normal" },
            BuildTimeout,
            fixture.ConsumerEnvironment);
        Assert.True(format.Succeeded, format.Describe());

        var fixedProgram = File.ReadAllText(programPath);
        Assert.True(
            fixedProgram.Contains(Consumer.HeaderRead, StringComparison.Ordinal) && !fixedProgram.Contains(Consumer.QueryRead, StringComparison.Ordinal),
            $"dotnet format did not turn {Consumer.QueryRead} into {Consumer.HeaderRead}. Program.cs is now:{Environment.NewLine}{fixedProgram}{Environment.NewLine}{format.Describe()}");

        var build = Build(Consumer.Fix);
        Assert.True(build.Succeeded, "The fixed program does not build. " + build.Describe());
        AssertCompilerGotPackage(build, "default");
        var remaining = ProgramDiagnostic.Matches(build.Output).Where(m => m.Groups["id"].Value == "AS0002").Select(m => m.Value).Distinct().ToList();
        Assert.True(remaining.Count == 0, "AS0002 is still reported after the fix: " + string.Join(", ", remaining) + Environment.NewLine + build.Describe());
    }

    private CliResult Build(Consumer consumer, params string[] extraArguments)
    {
        var project = fixture.RequireConsumer(consumer);
        var arguments = new List<string>
        {
            "build", project,
            "--no-restore",
            "-nodeReuse:false",
            "--disable-build-servers",
            "-p:UseSharedCompilation=false",
            "-tl:off",

            // Normal verbosity logs the compiler's command line, which shows what the package passed to it.
            "-v:n",
        };
        arguments.AddRange(extraArguments);
        return DotNetCli.Run(fixture.ProjectDirectory(consumer), arguments, BuildTimeout, fixture.ConsumerEnvironment);
    }

    /// <summary>The compiler was given this run's package: its analyzer from the private package folder, and the mode's config.</summary>
    private void AssertCompilerGotPackage(CliResult result, string mode)
    {
        var packageRoot = Path.Combine(fixture.PackagesDirectory, PackageFixture.PackageId.ToLowerInvariant(), fixture.PackageVersion.ToLowerInvariant());
        var analyzer = "/analyzer:" + Path.Combine(packageRoot, "analyzers", "dotnet", "cs", AnalyzerDll);
        var config = "/analyzerconfig:" + Path.Combine(packageRoot, "config", mode + ".globalconfig");
        Assert.True(result.Output.Contains(analyzer, StringComparison.Ordinal), $"The compiler was not given {analyzer}. " + result.Describe());
        Assert.True(result.Output.Contains(config, StringComparison.Ordinal), $"The compiler was not given {config}. " + result.Describe());
        foreach (var other in new[] { "default", "strict", "none" }.Where(m => m != mode))
        {
            var otherConfig = Path.Combine(packageRoot, "config", other + ".globalconfig");
            Assert.False(result.Output.Contains(otherConfig, StringComparison.Ordinal), $"The compiler was also given {otherConfig}. " + result.Describe());
        }
    }

    private static void AssertAS0002AtQueryRead(CliResult result, string severity)
    {
        var (line, firstColumn, lastColumn) = Consumer.QueryReadPosition();
        var reported = ProgramDiagnostic.Matches(result.Output).Where(m => m.Groups["id"].Value == "AS0002").ToList();
        Assert.True(reported.Count > 0, $"No `Program.cs({line},<col>): {severity} AS0002` in the build output. " + result.Describe());
        foreach (var match in reported)
        {
            Assert.Equal(severity, match.Groups["severity"].Value);
            Assert.Equal(line, int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture));
            var column = int.Parse(match.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(column >= firstColumn && column <= lastColumn, $"AS0002 at column {column}, outside {Consumer.QueryRead} (columns {firstColumn}-{lastColumn}): {match.Value}");
        }
    }

    private static string ReadEntry(ZipArchive package, string name)
    {
        var entry = package.GetEntry(name) ?? throw new InvalidOperationException(name + " is missing from the package.");
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    private static List<string> AssemblyReferences(ZipArchive package, string name)
    {
        var entry = package.GetEntry(name) ?? throw new InvalidOperationException(name + " is missing from the package.");
        using var copy = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(copy);
        }

        copy.Position = 0;
        using var pe = new PEReader(copy);
        var reader = pe.GetMetadataReader();
        return reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name)).ToList();
    }
}
