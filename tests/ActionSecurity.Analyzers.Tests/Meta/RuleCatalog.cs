using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using ActionSecurity.Analyzers.CodeFixes.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActionSecurity.Analyzers.Tests.Meta;

/// <summary>Everything the meta-tests and the generator know about the rules, found by reflection over the two assemblies.</summary>
internal static class RuleCatalog
{
    public static readonly Assembly AnalyzerAssembly = typeof(Descriptors).Assembly;
    public static readonly Assembly CodeFixAssembly = typeof(QueryStringSecretCodeFixProvider).Assembly;

    /// <summary>The rules' analyzers; the baseline's <see cref="DiagnosticSuppressor"/> is not one (see <see cref="SuppressorTypes"/>).</summary>
    public static ImmutableArray<Type> AnalyzerTypes { get; } = AnalyzerAssembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !typeof(DiagnosticSuppressor).IsAssignableFrom(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToImmutableArray();

    public static ImmutableArray<Type> SuppressorTypes { get; } = AnalyzerAssembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticSuppressor).IsAssignableFrom(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToImmutableArray();

    public static ImmutableArray<Type> CodeFixTypes { get; } = CodeFixAssembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToImmutableArray();

    /// <summary>Every descriptor declared in <see cref="Descriptors"/>, in id order.</summary>
    public static ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = typeof(Descriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToImmutableArray();

    public static ImmutableArray<string> Ids => Descriptors.Select(d => d.Id).ToImmutableArray();

    public static IEnumerable<DiagnosticAnalyzer> CreateAnalyzers()
        => AnalyzerTypes.Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!);

    public static IEnumerable<CodeFixProvider> CreateCodeFixes()
        => CodeFixTypes.Select(t => (CodeFixProvider)Activator.CreateInstance(t)!);

    public static IEnumerable<Type> AnalyzersFor(string id)
        => AnalyzerTypes.Where(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics.Any(d => d.Id == id));

    public static IEnumerable<Type> CodeFixesFor(string id)
        => CodeFixTypes.Where(t => ((CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds.Contains(id));

    public static string Cwe(DiagnosticDescriptor descriptor)
        => descriptor.CustomTags.FirstOrDefault(t => t.StartsWith("CWE-", StringComparison.Ordinal)) ?? "";

    /// <summary>The repository root: the nearest folder up from the test binaries that holds the solution file.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ActionSecurity.Analyzers.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("The repository root (with ActionSecurity.Analyzers.sln) was not found above " + AppContext.BaseDirectory);
    }
}
