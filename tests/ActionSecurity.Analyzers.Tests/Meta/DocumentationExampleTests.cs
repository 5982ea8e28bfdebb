using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Meta;

/// <summary>The docs are tests: every <c>csharp noncompliant</c> block raises its page's rule, every <c>csharp compliant</c> block does not.</summary>
public sealed class DocumentationExampleTests
{
    private static readonly Regex Block = new(@"^```csharp (?<kind>noncompliant|compliant)[^\n]*\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline);

    public static IEnumerable<object[]> Examples()
    {
        foreach (var id in RuleCatalog.Ids)
        {
            var path = Path.Combine(RuleCatalog.RepositoryRoot, "docs", "rules", id + ".md");
            if (!File.Exists(path))
                continue;
            var index = 0;
            foreach (Match match in Block.Matches(File.ReadAllText(path).Replace("\r\n", "\n")))
                yield return new object[] { id, match.Groups["kind"].Value, index++ };
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Example_compiles_and_behaves(string id, string kind, int index)
    {
        var text = File.ReadAllText(Path.Combine(RuleCatalog.RepositoryRoot, "docs", "rules", id + ".md")).Replace("\r\n", "\n");
        var code = Block.Matches(text)[index].Groups["code"].Value;

        using var workspace = new TestWorkspace();
        var settings = new ProjectSettings(
            ReferenceSets.Get(ReferenceSet.Default), LanguageVersion.Latest, NullableContextOptions.Disable, OutputKind.DynamicallyLinkedLibrary,
            EditorConfig: null, IncludeImplicitUsings: true);
        var solution = workspace.CreateSolution(settings, new[] { code });
        var analyzers = RuleCatalog.CreateAnalyzers().ToImmutableArray();
        var result = await AnalyzerRunner.RunAsync(solution.Project, analyzers, default);

        var errors = result.CompilerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, $"{id}.md {kind} example #{index} does not compile:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}{Environment.NewLine}{code}");
        var raised = result.AnalyzerDiagnostics.Where(d => d.Id == id && !d.IsSuppressed).ToList();
        if (kind == "noncompliant")
            Assert.True(raised.Count > 0, $"{id}.md noncompliant example #{index} does not raise {id}:{Environment.NewLine}{code}");
        else
            Assert.True(raised.Count == 0, $"{id}.md compliant example #{index} raises {id}:{Environment.NewLine}{string.Join(Environment.NewLine, raised)}{Environment.NewLine}{code}");
    }
}
