using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.Tests.Meta;
using ActionSecurity.Analyzers.Tests.Scenarios;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Fixes;

/// <summary>
/// Where two fixes touch the same code, the order does not matter: one `dotnet format analyzers` pass (each rule in
/// turn, Fix All over the solution, ids ascending), the same pass with the ids in the other order, and the IDE's
/// one-light-bulb-at-a-time all end in the same text, with nothing left to fix.
/// </summary>
public sealed class FixOrderTests
{
    /// <summary>AS0002 and AS0003 on one comparison: the header the secret moves to, compared in constant time.</summary>
    private const string QueryComparison = """
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Hooks
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/hook", (HttpRequest request) =>
                    request.Query["api_key"] == Environment.GetEnvironmentVariable("API_KEY") ? Results.Ok() : Results.Unauthorized());
            }
        }
        """;

    public static IEnumerable<object[]> Scenarios => new[]
    {
        // AS0001 + AS0003/AS0006 (and AS0002, AS0007) on the golden scenario's comparison.
        new object[] { "webtask", GoldenScenarioTests.Webtask, new[] { "AS0001", "AS0002", "AS0003" } },
        new object[] { "query comparison", QueryComparison, new[] { "AS0002", "AS0003" } },

        // AS0005 + AS0009 on the same cookie (a serverless handler: AS0005 applies there).
        new object[] { "web action cookie", GoldenScenarioTests.SecuredWebAction, new[] { "AS0005", "AS0009" } },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Format_order_reverse_order_and_one_at_a_time_reach_the_same_code(string name, string source, string[] expectedIds)
    {
        var sources = new[] { source };
        var oneByOne = await AllFixesRunner.RunAsync(sources);
        foreach (var id in expectedIds)
            Assert.True(oneByOne.InitialDiagnostics.Any(d => d.Id == id), $"{name}: {id} is not reported on the input, so the scenario tests nothing.");
        Assert.Empty(oneByOne.FinalCompilerErrors);

        var ascending = await FormatPassAsync(sources, ascending: true);
        var descending = await FormatPassAsync(sources, ascending: false);

        var ide = Normalize(oneByOne.FinalTexts[0]);
        Assert.True(
            ide == Normalize(ascending.Text) && ide == Normalize(descending.Text),
            $"{name}: the orders disagree.{Environment.NewLine}--- one at a time ({string.Join(", ", oneByOne.AppliedFixes)}):{Environment.NewLine}{ide}"
            + $"{Environment.NewLine}--- format order:{Environment.NewLine}{ascending.Text}{Environment.NewLine}--- reverse order:{Environment.NewLine}{descending.Text}");
        Assert.True(ascending.Left.IsEmpty, $"{name}: one format pass leaves fixable diagnostics: {string.Join(", ", ascending.Left)}");
        Assert.True(descending.Left.IsEmpty, $"{name}: one pass in reverse order leaves fixable diagnostics: {string.Join(", ", descending.Left)}");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>
    /// What `dotnet format analyzers` does: for each diagnostic id (in the given order), analyse the current solution,
    /// take the first action offered for the first diagnostic of that id, and run its Fix All over the solution.
    /// Returns the text and the diagnostics that still have a fix afterwards.
    /// </summary>
    private static async Task<(string Text, ImmutableArray<Diagnostic> Left)> FormatPassAsync(IReadOnlyList<string> sources, bool ascending)
    {
        var analyzers = RuleCatalog.CreateAnalyzers().ToImmutableArray();
        var providers = RuleCatalog.CreateCodeFixes().ToImmutableArray();
        using var workspace = new TestWorkspace();
        var settings = new ProjectSettings(
            ReferenceSets.Get(ReferenceSet.Default), LanguageVersion.Latest, NullableContextOptions.Enable, OutputKind.DynamicallyLinkedLibrary,
            EditorConfig: null, IncludeImplicitUsings: true);
        var test = workspace.CreateSolution(settings, sources);
        var solution = test.Solution;
        var ids = providers.SelectMany(p => p.FixableDiagnosticIds).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToList();
        if (!ascending)
            ids.Reverse();

        foreach (var id in ids)
        {
            var diagnostics = await DiagnosticsAsync(solution.GetProject(test.ProjectId)!, analyzers);
            var ofId = diagnostics.Where(d => d.Id == id).ToImmutableArray();
            if (ofId.IsEmpty)
                continue;
            foreach (var provider in providers.Where(p => p.FixableDiagnosticIds.Contains(id)))
            {
                CodeAction? first = null;
                Diagnostic? trigger = null;
                foreach (var diagnostic in ofId)
                {
                    var actions = new List<CodeAction>();
                    var document = solution.GetDocument(diagnostic.Location.SourceTree)!;
                    await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), default));
                    if (actions.Count > 0)
                    {
                        first = actions[0];
                        trigger = diagnostic;
                        break;
                    }
                }

                if (first is null || trigger is null)
                    continue;
                var context = new FixAllContext(
                    solution.GetDocument(trigger.Location.SourceTree)!,
                    provider,
                    FixAllScope.Solution,
                    first.EquivalenceKey!,
                    new[] { id },
                    new FixedDiagnostics(ofId),
                    CancellationToken.None);
                var fixAll = await provider.GetFixAllProvider()!.GetFixAsync(context);
                Assert.NotNull(fixAll);
                var operations = await fixAll!.GetOperationsAsync(default);
                solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
                break;
            }
        }

        var left = await DiagnosticsAsync(solution.GetProject(test.ProjectId)!, analyzers);
        var fixable = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var diagnostic in left)
        {
            foreach (var provider in providers.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var actions = new List<CodeAction>();
                await provider.RegisterCodeFixesAsync(new CodeFixContext(solution.GetDocument(diagnostic.Location.SourceTree)!, diagnostic, (a, _) => actions.Add(a), default));
                if (actions.Count > 0)
                {
                    fixable.Add(diagnostic);
                    break;
                }
            }
        }

        var text = (await solution.GetDocument(test.DocumentIds[0])!.GetTextAsync()).ToString();
        return (text, fixable.ToImmutable());
    }

    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Project project, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var result = await AnalyzerRunner.RunAsync(project, analyzers, default);
        return result.AnalyzerDiagnostics
            .Where(d => !d.IsSuppressed && d.Location.IsInSource && d.Id.StartsWith("AS", StringComparison.Ordinal))
            .OrderBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }

    private sealed class FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath).ToList());

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(Array.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
