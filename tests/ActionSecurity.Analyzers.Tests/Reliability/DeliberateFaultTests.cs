using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace ActionSecurity.Analyzers.Tests.Reliability;

/// <summary>
/// The reliability checks fail when they should: each deliberate fault (a throwing analyzer, one that throws only on
/// broken code, a hanging one, a fixer that throws, an action that throws, a fixer that emits code that does not compile)
/// is run through the same functions the suite uses on the real rules, and the fault must be reported. A correct fixer
/// is the control: it must pass, so the checks are not failing on everything.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class DeliberateFaultTests(ITestOutputHelper output)
{
    private const string Input = """
        class C
        {
            string M() => "secret";
            void N() { M(); }
        }
        """;

    private static readonly ImmutableArray<CodeFixProvider> NoProviders = ImmutableArray<CodeFixProvider>.Empty;

    [Fact]
    public async Task A_throwing_analyzer_is_reported()
    {
        using var projects = new WarmProjects();
        var result = await RobustnessChecks.RunAsync(
            projects, "throwing analyzer", new[] { Input }, false, Analyzers(new ThrowsOnInvocationAnalyzer()), NoProviders, RobustnessChecks.DefaultBound);
        Show(result.Faults);
        Assert.Contains(result.Faults, f => f.StartsWith("ANALYZER: ThrowsOnInvocationAnalyzer threw InvalidOperationException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_analyzer_that_throws_only_on_broken_code_passes_the_corpus_and_is_caught_by_its_mutants()
    {
        var analyzers = Analyzers(new ThrowsOnBrokenCodeAnalyzer());
        using var projects = new WarmProjects();

        // Clean inputs: the first corpus items that compile without errors. The fragile analyzer is fine on them...
        var clean = new List<CorpusItem>();
        foreach (var item in SourceCorpus.Items.TakeWhile(_ => clean.Count < 4))
        {
            var compilation = (await projects.Create(item.Sources, item.IncludeImplicitUsings).Project.GetCompilationAsync())!;
            if (!compilation.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                clean.Add(item);
            }
        }

        Assert.NotEmpty(clean);
        foreach (var item in clean)
        {
            var original = await RobustnessChecks.RunAsync(projects, item.Name, item.Sources, item.IncludeImplicitUsings, analyzers, NoProviders, RobustnessChecks.DefaultBound);
            Assert.True(original.Faults.IsEmpty, item.Name + " is not clean: " + string.Join(Environment.NewLine, original.Faults));
        }

        // ...and the mutants of those same inputs, made exactly as the suite makes them, catch it.
        var caught = 0;
        var mutants = Mutator.Generate(clean, 20).ToList();
        foreach (var mutant in mutants)
        {
            var result = await RobustnessChecks.RunAsync(projects, mutant.Name, mutant.Sources, mutant.Item.IncludeImplicitUsings, analyzers, NoProviders, RobustnessChecks.DefaultBound);
            caught += result.Faults.Any(f => f.Contains("ThrowsOnBrokenCodeAnalyzer threw InvalidCastException", StringComparison.Ordinal)) ? 1 : 0;
        }

        output.WriteLine($"{caught} of {mutants.Count} mutants of {clean.Count} clean inputs exposed the fault");
        Assert.True(caught > 0, "no mutant exposed an analyzer that throws on broken code");
    }

    [Fact]
    public async Task A_hanging_analyzer_is_reported_as_a_hang()
    {
        var hanging = new HangingAnalyzer();
        try
        {
            using var projects = new WarmProjects();
            var result = await RobustnessChecks.RunAsync(
                projects, "hanging analyzer", new[] { Input }, false, Analyzers(hanging), NoProviders, TimeSpan.FromSeconds(2));
            Show(result.Faults);
            Assert.True(result.TimedOut);
            Assert.Contains(result.Faults, f => f.StartsWith("HANG:", StringComparison.Ordinal));
        }
        finally
        {
            hanging.Release.Set();
        }
    }

    [Fact]
    public async Task A_fix_provider_that_throws_while_registering_is_reported()
    {
        using var projects = new WarmProjects();
        var result = await RobustnessChecks.RunAsync(
            projects, "throwing provider", new[] { Input }, false, Analyzers(new SecretLiteralAnalyzer()), Providers(new ThrowingRegistrationFixer()), RobustnessChecks.DefaultBound);
        Show(result.Faults);
        Assert.Contains(result.Faults, f => f.StartsWith("FIX PROVIDER: ThrowingRegistrationFixer.RegisterCodeFixesAsync threw NullReferenceException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_code_action_that_throws_is_reported_by_both_checks()
    {
        using var projects = new WarmProjects();
        var analyzers = Analyzers(new SecretLiteralAnalyzer());
        var providers = Providers(new ThrowingActionFixer());
        var robustness = await RobustnessChecks.RunAsync(projects, "throwing action", new[] { Input }, false, analyzers, providers, RobustnessChecks.DefaultBound);
        var soundness = await RobustnessChecks.CheckFixesAsync(projects, "throwing action", new[] { Input }, false, analyzers, providers, default);
        Show(robustness.Faults.AddRange(soundness.Faults));
        Assert.Contains(robustness.Faults, f => f.StartsWith("FIX ACTION:", StringComparison.Ordinal) && f.Contains("ArgumentOutOfRangeException", StringComparison.Ordinal));
        Assert.Contains(soundness.Faults, f => f.StartsWith("FIX ACTION:", StringComparison.Ordinal) && f.Contains("ArgumentOutOfRangeException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_fixer_that_emits_broken_code_is_reported()
    {
        using var projects = new WarmProjects();
        var result = await RobustnessChecks.CheckFixesAsync(
            projects, "broken fix", new[] { Input }, false, Analyzers(new SecretLiteralAnalyzer()), Providers(new BrokenCodeSecretLiteralFixer()), default);
        Show(result.Faults);
        Assert.Equal(1, result.FixesChecked);
        var fault = Assert.Single(result.Faults);
        Assert.StartsWith("BROKEN FIX: 'BrokenCodeSecretLiteralFixer'", fault, StringComparison.Ordinal);
        Assert.Contains("CS1026", fault, StringComparison.Ordinal); // ) expected
        Assert.Contains("CS0103", fault, StringComparison.Ordinal); // ReadSecret does not exist
    }

    [Fact]
    public async Task A_sound_fixer_passes_both_checks()
    {
        using var projects = new WarmProjects();
        var analyzers = Analyzers(new SecretLiteralAnalyzer());
        var providers = Providers(new SoundSecretLiteralFixer());
        var robustness = await RobustnessChecks.RunAsync(projects, "sound fix", new[] { Input }, false, analyzers, providers, RobustnessChecks.DefaultBound);
        var soundness = await RobustnessChecks.CheckFixesAsync(projects, "sound fix", new[] { Input }, false, analyzers, providers, default);
        Assert.Empty(robustness.Faults);
        Assert.Equal((1, 1, 1), (robustness.Diagnostics, robustness.FixRegistrations, robustness.ActionsComputed));
        Assert.Empty(soundness.Faults);
        Assert.Equal(1, soundness.FixesChecked);
    }

    [Fact]
    public async Task An_input_that_already_has_errors_does_not_blame_a_sound_fix()
    {
        using var projects = new WarmProjects();
        var input = Input.Replace("void N() { M(); }", "void N() { M(); Undeclared(); }", StringComparison.Ordinal);
        var result = await RobustnessChecks.CheckFixesAsync(
            projects, "pre-existing error", new[] { input }, false, Analyzers(new SecretLiteralAnalyzer()), Providers(new SoundSecretLiteralFixer()), default);
        Assert.Empty(result.Faults);
        Assert.Equal(1, result.FixesChecked);
    }

    private static ImmutableArray<DiagnosticAnalyzer> Analyzers(params DiagnosticAnalyzer[] analyzers) => analyzers.ToImmutableArray();

    private static ImmutableArray<CodeFixProvider> Providers(params CodeFixProvider[] providers) => providers.ToImmutableArray();

    private void Show(ImmutableArray<string> faults)
    {
        foreach (var fault in faults)
        {
            output.WriteLine(fault.Split('\n')[0]);
        }
    }
}
