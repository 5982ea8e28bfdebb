using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Xunit;
using Xunit.Abstractions;

namespace ActionSecurity.Analyzers.Tests.Reliability;

/// <summary>
/// Every action of every fix provider, applied to every diagnostic the analyzers report on every un-mutated corpus input
/// (test inputs and expected outputs, doc examples, the sample's files and the sample as one project, which holds the
/// golden scenarios), compiles with no compiler error the input did not already have. Rules whose documented behaviour
/// is "no fix offered" register no action, so there is nothing to check for them.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class FixSoundnessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_fix_on_every_corpus_input_compiles_without_new_errors()
    {
        var analyzers = RobustnessTests.Analyzers();
        var providers = RobustnessTests.Providers();
        var corpus = SourceCorpus.Items;
        var stopwatch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var failures = new List<SoundnessResult>();
        int diagnostics = 0, fixes = 0, inputsWithFixes = 0;
        using (var workspace = new WarmProjects())
        {
            foreach (var item in corpus)
            {
                var result = await RobustnessChecks.CheckFixesAsync(workspace, item.Name, item.Sources, item.IncludeImplicitUsings, analyzers, providers, default);
                diagnostics += result.Diagnostics;
                fixes += result.FixesChecked;
                inputsWithFixes += result.FixesChecked > 0 ? 1 : 0;
                if (!result.Faults.IsEmpty)
                {
                    failures.Add(result);
                }
            }
        }

        output.WriteLine($"corpus {corpus.Length} inputs; diagnostics {diagnostics}; fixes checked {fixes} on {inputsWithFixes} inputs; {stopwatch.Elapsed.TotalSeconds:0.0} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.0} s process CPU");
        if (providers.Length > 0)
        {
            Assert.True(fixes > 0, "no fix was checked although fix providers exist: the corpus or the check is broken");
        }

        Assert.True(failures.Count == 0, Report(failures));
    }

    /// <summary>
    /// Option values a user can write: quotes and backslashes in a header name, empty values, unknown store names, stray
    /// separators and dots, non-ASCII fragments, per-rule overrides, and names that make everything (or nothing) a secret.
    /// docs/configuration.md promises that invalid values never break analysis; fixes must still compile.
    /// </summary>
    internal static readonly ImmutableArray<string> OddEditorConfigs = ImmutableArray.Create(
        "action_security.secret_header = X-Weird \"Quote\" \\ Back\naction_security.secret_store = configuration\n",
        "action_security.secret_names = ,, ,*,.,secret,\naction_security.excluded_names = ,,\naction_security.auth_methods = ., .., Type., .Method, A.B.C.D, System.String.Equals\n",
        "action_security.secret_header =\naction_security.secret_store = nonsense\naction_security.auth_methods =\n",
        "action_security.AS0002.secret_header = {0}\naction_security.AS0001.secret_store = CONFIGURATION\naction_security.secret_names = é, ß, 𝒳, \u0000\n",
        "action_security.excluded_names = secret, password, token, key\naction_security.secret_names = a, e\naction_security.AS0004.secret_store = configuration\n");

    /// <summary>Inputs per option set: every n-th corpus input that raises something, enough to reach each rule.</summary>
    private const int InputsPerOptionSet = 25;

    [Fact]
    public async Task Odd_option_values_neither_crash_the_analyzers_nor_break_the_fixes()
    {
        var analyzers = RobustnessTests.Analyzers();
        var providers = RobustnessTests.Providers();
        var stopwatch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var failures = new List<SoundnessResult>();
        int diagnostics = 0, fixes = 0;
        var items = SourceCorpus.Items.Where(i => i.Origin == CorpusOrigin.TestInput).ToList();
        var stride = Math.Max(1, items.Count / InputsPerOptionSet);
        for (var c = 0; c < OddEditorConfigs.Length; c++)
        {
            // Analyzer and fix-provider exceptions are faults of CheckFixesAsync too. A different slice of the corpus per option set.
            using var projects = new WarmProjects(OddEditorConfigs[c]);
            foreach (var item in items.Skip(c).Where((_, i) => i % stride == 0).Take(InputsPerOptionSet))
            {
                var result = await RobustnessChecks.CheckFixesAsync(
                    projects, $"{item.Name} with option set #{c}", item.Sources, item.IncludeImplicitUsings, analyzers, providers, default);
                diagnostics += result.Diagnostics;
                fixes += result.FixesChecked;
                if (!result.Faults.IsEmpty)
                {
                    failures.Add(result);
                }
            }
        }

        output.WriteLine($"{OddEditorConfigs.Length} option sets x {InputsPerOptionSet} inputs; diagnostics {diagnostics}; fixes checked {fixes}; {stopwatch.Elapsed.TotalSeconds:0.0} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.0} s process CPU");
        Assert.True(failures.Count == 0, Report(failures));
    }

    /// <summary>Guards the plumbing of the test above: an option set on <see cref="WarmProjects"/> reaches the analyzers.</summary>
    [Fact]
    public async Task Option_values_reach_the_analyzers()
    {
        var source = new[] { "class C { string banana = \"x7Qp2LmZ9vR4tYw8\"; string M() => banana; }" };
        using var plain = new WarmProjects();
        using var configured = new WarmProjects("action_security.secret_names = banana\n");
        var without = await RobustnessChecks.CheckFixesAsync(plain, "plain", source, false, RobustnessTests.Analyzers(), RobustnessTests.Providers(), default);
        var with = await RobustnessChecks.CheckFixesAsync(configured, "configured", source, false, RobustnessTests.Analyzers(), RobustnessTests.Providers(), default);
        Assert.True(with.Diagnostics > without.Diagnostics, $"secret_names = banana changed nothing ({without.Diagnostics} vs {with.Diagnostics} diagnostics)");
    }

    internal static string Report(IReadOnlyList<SoundnessResult> failures)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{failures.Count} input(s) have a fix that breaks the build or a fault:");
        foreach (var failure in failures.Take(10))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"==== {failure.Name}");
            foreach (var fault in failure.Faults.Take(5))
            {
                text.AppendLine(fault);
            }
        }

        return text.ToString();
    }
}
