using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace ActionSecurity.Analyzers.Tests.Reliability;

/// <summary>
/// Analyzers keep no mutable state across callbacks (STYLE 3.11): with concurrent execution on, the same analyzer
/// instances give exactly the diagnostics of a sequential run, also when they analyse several compilations at once, as
/// the IDE does with one analyzer instance for every project of a solution.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Concurrent_analysis_of_several_compilations_with_shared_instances_equals_a_sequential_run()
    {
        var analyzers = RobustnessTests.Analyzers();
        using var projects = new WarmProjects();
        var inputs = new[] { LargeInput.Generate(20), LargeInput.Generate(12), LargeInput.Generate(6) };
        var compilations = await Task.WhenAll(inputs.Select(async s => (await projects.Create(new[] { s }, false).Project.GetCompilationAsync())!));

        // Baseline: one compilation after the other, fresh analyzer instances for each, no concurrent execution.
        var sequential = new ImmutableArray<string>[compilations.Length];
        for (var i = 0; i < compilations.Length; i++)
        {
            sequential[i] = await RunAsync(compilations[i], RobustnessTests.Analyzers(), concurrent: false);
        }

        // All compilations at once, concurrent execution on, one shared set of analyzer instances.
        var parallel = await Task.WhenAll(compilations.Select(c => Task.Run(() => RunAsync(c, analyzers, concurrent: true))));

        for (var i = 0; i < compilations.Length; i++)
        {
            output.WriteLine($"compilation {i}: {sequential[i].Length} diagnostics sequentially, {parallel[i].Length} concurrently");
            Assert.True(sequential[i].Length > 0, "the input raises nothing; it cannot show a difference");
            var missing = sequential[i].Except(parallel[i]).ToList();
            var extra = parallel[i].Except(sequential[i]).ToList();
            Assert.True(missing.Count == 0 && extra.Count == 0,
                $"compilation {i}: concurrent analysis differs. Missing: {string.Join("; ", missing.Take(5))}. Extra: {string.Join("; ", extra.Take(5))}");
        }
    }

    private static async Task<ImmutableArray<string>> RunAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, bool concurrent)
    {
        var exceptions = new ConcurrentQueue<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (e, _, _) => exceptions.Enqueue(e),
            concurrentAnalysis: concurrent,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
        Assert.Empty(exceptions);
        return diagnostics
            .Select(d => $"{d.Id} {d.Location.SourceSpan} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToImmutableArray();
    }
}
