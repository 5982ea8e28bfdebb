using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Fixes;

/// <summary>
/// Applies one provider's first action to each of its diagnostics, one at a time as the IDE does, and returns the
/// document's text byte for byte. The verifier compares texts with line endings normalised, so it cannot see a line
/// written with <c>\n</c> into a <c>\r\n</c> file; this can.
/// </summary>
internal static class FixText
{
    public static async Task<string> ApplyAsync(DiagnosticAnalyzer analyzer, CodeFixProvider provider, string source, string? editorConfig = null, string? appSettings = null)
    {
        using var workspace = new TestWorkspace();
        var settings = new ProjectSettings(
            ReferenceSets.Get(ReferenceSet.Default), LanguageVersion.Latest, NullableContextOptions.Enable, OutputKind.DynamicallyLinkedLibrary,
            editorConfig, IncludeImplicitUsings: false);
        var test = workspace.CreateSolution(settings, new[] { source });
        var solution = test.Solution;
        if (appSettings is not null)
        {
            solution = solution.AddAdditionalDocument(
                DocumentId.CreateNewId(test.ProjectId), "appsettings.json", Microsoft.CodeAnalysis.Text.SourceText.From(appSettings), filePath: "/0/appsettings.json");
        }

        var analyzers = ImmutableArray.Create(analyzer);
        var applied = 0;
        var seen = new System.Collections.Generic.List<string>();
        for (var round = 0; round < 20; round++)
        {
            var project = solution.GetProject(test.ProjectId)!;
            var result = await AnalyzerRunner.RunAsync(project, analyzers, default);
            Assert.Empty(result.CompilerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
            seen.AddRange(result.AnalyzerDiagnostics.Select(d => d.ToString()));
            CodeAction? chosen = null;
            foreach (var diagnostic in result.AnalyzerDiagnostics.Where(d => d.Location.IsInSource && provider.FixableDiagnosticIds.Contains(d.Id)).OrderBy(d => d.Location.SourceSpan.Start))
            {
                var document = solution.GetDocument(diagnostic.Location.SourceTree)!;
                var actions = ImmutableArray.CreateBuilder<CodeAction>();
                await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), default));
                if (actions.Count > 0)
                {
                    chosen = actions[0];
                    break;
                }
            }

            if (chosen is null)
                break;
            var operations = await chosen.GetOperationsAsync(default);
            solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
            applied++;
        }

        Assert.True(applied > 0, "no fix was offered; diagnostics: " + string.Join(Environment.NewLine, seen));
        return (await solution.GetDocument(test.DocumentIds[0])!.GetTextAsync()).ToString();
    }

    /// <summary>The text with every line ending <c>\r\n</c>.</summary>
    public static string Crlf(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);

    /// <summary>Asserts the exact text, and that no line ends with a bare <c>\n</c> or <c>\r</c>.</summary>
    public static void AssertCrlf(string expected, string actual)
    {
        Assert.Equal(Crlf(expected), actual);
        for (var i = 0; i < actual.Length; i++)
        {
            if (actual[i] == '\n' && (i == 0 || actual[i - 1] != '\r'))
                Assert.Fail($"A bare \\n at offset {i} in:{Environment.NewLine}{actual.Replace("\r", "\\r", StringComparison.Ordinal)}");
            if (actual[i] == '\r' && (i + 1 == actual.Length || actual[i + 1] != '\n'))
                Assert.Fail($"A bare \\r at offset {i}.");
        }
    }
}
