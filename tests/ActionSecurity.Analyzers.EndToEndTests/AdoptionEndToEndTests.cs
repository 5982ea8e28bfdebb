using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace ActionSecurity.Analyzers.EndToEndTests;

/// <summary>
/// Adopting the package on a codebase that already has findings: the baseline (record, new finding, moved code, fixed
/// finding), switching the analysis mode on an up-to-date project, and the security-severity of the SARIF log.
/// </summary>
public sealed partial class PackageEndToEndTests
{
    private const string BaselineFileName = "actionsecurity.baseline.json";
    private const string UpdateBaseline = "-p:ActionSecurityUpdateBaseline=true";

    private static readonly Regex AnyRuleDiagnostic = new(
        @"Program\.cs\((?<line>\d+),(?<column>\d+)\): (?<severity>warning|error) (?<id>AS\d{4}): (?<message>[^\r\n]*)",
        RegexOptions.CultureInvariant);

    [Fact]
    public void Package_ships_the_source_of_its_msbuild_tasks()
    {
        using var package = ZipFile.OpenRead(fixture.RequirePackage());
        Assert.Contains(package.Entries, e => e.FullName.Replace('\\', '/') == "tasks/ActionSecurity.Analyzers.Tasks.cs");
    }

    [Fact]
    public void Baseline_accepts_recorded_findings_survives_moves_fails_on_new_ones_and_drops_fixed_ones()
    {
        var consumer = Consumer.Baseline;
        var directory = fixture.ProjectDirectory(consumer);
        var programPath = Path.Combine(directory, "Program.cs");
        var baselinePath = Path.Combine(directory, BaselineFileName);
        var secretLine = LineOf(Consumer.BaselineProgram, "\"/a\"");
        var tokenLine = LineOf(Consumer.BaselineProgram, "\"/b\"");

        // Strict mode and no baseline: the findings fail the build.
        var before = Build(consumer);
        Assert.False(before.Succeeded, "Strict mode with findings must fail before a baseline exists. " + before.Describe());

        // 1. Record: the build succeeds even in strict mode with -warnaserror, and the file lists both AS0002 findings.
        var record = Build(consumer, UpdateBaseline, "-warnaserror");
        Assert.True(record.Succeeded, "Recording the baseline must not fail the build. " + record.Describe());
        Assert.True(File.Exists(baselinePath), "No baseline was written. " + record.Describe());
        var recorded = ReadBaseline(baselinePath);
        Assert.Contains(recorded, f => f.Rule == "AS0002" && f.File == "Program.cs" && f.Message.Contains("'secret'", StringComparison.Ordinal));
        Assert.Contains(recorded, f => f.Rule == "AS0002" && f.File == "Program.cs" && f.Message.Contains("'token'", StringComparison.Ordinal));
        Assert.DoesNotContain("\"line\"", File.ReadAllText(baselinePath), StringComparison.Ordinal);

        // 2. Strict build with the baseline: green, and the SARIF log keeps the findings, suppressed with a justification.
        var sarifPath = Path.Combine(directory, "baseline.sarif");
        var accepted = Build(consumer, "-p:ErrorLog=" + sarifPath + "%2Cversion=2.1");
        Assert.True(accepted.Succeeded, "The recorded findings must not fail the strict build. " + accepted.Describe());
        Assert.DoesNotMatch(@": error AS\d{4}", accepted.Output);
        var results = SarifResults(sarifPath).Where(r => r.GetProperty("ruleId").GetString() == "AS0002").ToList();
        Assert.Equal(2, results.Count);
        foreach (var result in results)
        {
            Assert.True(result.TryGetProperty("suppressions", out var suppressions), "AS0002 is not marked suppressed in the SARIF log: " + result);
            var text = suppressions.ToString();
            Assert.Contains("ASB0002", text, StringComparison.Ordinal);
            Assert.Contains("Accepted in actionsecurity.baseline.json", text, StringComparison.Ordinal);
        }

        // 3. Moved and re-indented code: still accepted.
        var moved = Consumer.BaselineProgram
            .Replace("var app = builder.Build();\n", "var app = builder.Build();\n\n// Handlers, reordered.\n", StringComparison.Ordinal)
            .Replace(secretLine + "\n" + tokenLine + "\n", tokenLine + "\n\n    " + secretLine + "\n", StringComparison.Ordinal);
        Assert.NotEqual(Consumer.BaselineProgram, moved);
        File.WriteAllText(programPath, moved);
        var afterMove = Build(consumer);
        Assert.True(afterMove.Succeeded, "Moving accepted code must keep it accepted. " + afterMove.Describe());

        // 4. A new finding fails the strict build, and it is the only one reported.
        var newLine = "app.MapGet(\"/c\", (HttpRequest request) => request.Query[\"password\"] == \"z\" ? Results.Ok() : Results.Unauthorized());";
        var withNew = moved.Replace("app.Run();", newLine + "\n\napp.Run();", StringComparison.Ordinal);
        File.WriteAllText(programPath, withNew);
        var failingSarif = Path.Combine(directory, "failing.sarif");
        var failing = Build(consumer, "-p:ErrorLog=" + failingSarif + "%2Cversion=2.1");
        Assert.False(failing.Succeeded, "A new finding must fail the strict build. " + failing.Describe());

        // The log of the failed build (the one CI uploads) has its security-severity too.
        Assert.Equal(DocumentedSecuritySeverity("AS0002"), SecuritySeverities(failingSarif).GetValueOrDefault("AS0002"));
        var newLineNumber = Array.IndexOf(withNew.Split('\n'), newLine) + 1;
        var errors = AnyRuleDiagnostic.Matches(failing.Output).Where(m => m.Groups["severity"].Value == "error").ToList();
        Assert.Contains(errors, m => m.Groups["id"].Value == "AS0002" && m.Groups["message"].Value.Contains("'password'", StringComparison.Ordinal));
        Assert.All(errors, m => Assert.Equal(newLineNumber, int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture)));

        // 5. Fix one accepted finding (and drop the new one): the next update removes its entry and keeps the other.
        var fixedProgram = moved.Replace("request.Query[\"secret\"]", "request.Headers[\"X-Action-Secret\"]", StringComparison.Ordinal);
        File.WriteAllText(programPath, fixedProgram);
        var update = Build(consumer, UpdateBaseline);
        Assert.True(update.Succeeded, update.Describe());
        var updated = ReadBaseline(baselinePath);
        Assert.DoesNotContain(updated, f => f.Rule == "AS0002" && f.Message.Contains("'secret'", StringComparison.Ordinal));
        Assert.Contains(updated, f => f.Rule == "AS0002" && f.Message.Contains("'token'", StringComparison.Ordinal));

        var final = Build(consumer);
        Assert.True(final.Succeeded, "The updated baseline must accept what is left. " + final.Describe());
    }

    [Fact]
    public void Switching_to_strict_mode_on_an_up_to_date_project_recompiles_and_fails()
    {
        var consumer = Consumer.ModeSwitch;

        var first = Build(consumer);
        Assert.True(first.Succeeded, first.Describe());
        AssertAS0002AtQueryRead(first, "warning");

        var strict = Build(consumer, "-p:ActionSecurityAnalysisMode=strict");
        Assert.False(strict.Succeeded, "Strict mode after a default build must rerun the compiler and fail. " + strict.Describe());
        AssertCompilerGotPackage(strict, "strict");
        AssertAS0002AtQueryRead(strict, "error");

        var back = Build(consumer, "-p:ActionSecurityAnalysisMode=default");
        Assert.True(back.Succeeded, "Back in default mode the build must pass again. " + back.Describe());
        AssertAS0002AtQueryRead(back, "warning");
    }

    [Fact]
    public void Sarif_log_carries_each_rules_documented_security_severity()
    {
        var consumer = Consumer.SecuritySeverity;
        var sarifPath = Path.Combine(fixture.ProjectDirectory(consumer), "build.sarif");

        var result = Build(consumer, "-p:ErrorLog=" + sarifPath + "%2Cversion=2.1");

        Assert.True(result.Succeeded, result.Describe());
        using var sarif = JsonDocument.Parse(File.ReadAllText(sarifPath));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        var rules = sarif.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules")
            .EnumerateArray()
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r);
        foreach (var id in RuleIds)
        {
            Assert.True(rules.TryGetValue(id, out var rule), id + " is not among the SARIF rules.");
            var documented = DocumentedSecuritySeverity(id);
            var properties = rule.TryGetProperty("properties", out var bag) ? bag : default;
            var severity = properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("security-severity", out var value) ? value : default;
            Assert.True(severity.ValueKind != JsonValueKind.Undefined, id + " has no properties.security-severity: " + rule);

            // GitHub code scanning reads it as a string holding a number from 0.0 to 10.0.
            Assert.Equal(JsonValueKind.String, severity.ValueKind);
            Assert.Equal(documented, severity.GetString());
            var score = double.Parse(severity.GetString()!, CultureInfo.InvariantCulture);
            Assert.InRange(score, 0.1, 10.0);

            // The compiler's own rule properties are still there.
            Assert.Contains(properties.GetProperty("tags").EnumerateArray(), t => t.GetString()!.StartsWith("CWE-", StringComparison.Ordinal));
        }

        Assert.Contains(SarifResults(sarifPath), r => r.GetProperty("ruleId").GetString() == "AS0002");
    }

    /// <summary>The number on the rule page's "security-severity" line.</summary>
    private string DocumentedSecuritySeverity(string id)
    {
        var page = File.ReadAllText(Path.Combine(fixture.RepositoryRoot, "docs", "rules", id + ".md"));
        var match = Regex.Match(page, @"\*\*security-severity: (?<score>\d+\.\d)\*\*");
        Assert.True(match.Success, $"docs/rules/{id}.md has no **security-severity: n.n** line.");
        return match.Groups["score"].Value;
    }

    /// <summary>The line of <paramref name="program"/> that contains <paramref name="marker"/>.</summary>
    private static string LineOf(string program, string marker) =>
        program.Split('\n').FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal))
            ?? throw new InvalidOperationException(marker + " is not in the program.");

    /// <summary>Rule id → properties.security-severity, for the rules of a SARIF log that have one.</summary>
    private static Dictionary<string, string> SecuritySeverities(string path)
    {
        using var sarif = JsonDocument.Parse(File.ReadAllText(path));
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rule in sarif.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray())
        {
            if (rule.TryGetProperty("properties", out var properties) && properties.TryGetProperty("security-severity", out var severity))
                result[rule.GetProperty("id").GetString()!] = severity.GetString()!;
        }

        return result;
    }

    private static List<JsonElement> SarifResults(string path)
    {
        using var sarif = JsonDocument.Parse(File.ReadAllText(path));
        var run = sarif.RootElement.GetProperty("runs")[0];
        return run.TryGetProperty("results", out var results)
            ? results.EnumerateArray().Select(r => r.Clone()).ToList()
            : new List<JsonElement>();
    }

    private static List<(string Rule, string File, string Fingerprint, int Count, string Message)> ReadBaseline(string path)
    {
        using var baseline = JsonDocument.Parse(File.ReadAllText(path));
        return baseline.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (
                f.GetProperty("rule").GetString()!,
                f.GetProperty("file").GetString()!,
                f.GetProperty("fingerprint").GetString()!,
                f.GetProperty("count").GetInt32(),
                f.GetProperty("message").GetString()!))
            .ToList();
    }
}
