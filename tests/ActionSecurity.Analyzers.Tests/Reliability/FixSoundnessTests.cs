using System;
using System.Collections.Generic;
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
