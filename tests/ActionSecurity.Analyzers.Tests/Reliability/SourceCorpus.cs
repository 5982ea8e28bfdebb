using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using ActionSecurity.Analyzers.Tests.Meta;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ActionSecurity.Analyzers.Tests.Reliability;

/// <summary>Where a corpus item came from.</summary>
internal enum CorpusOrigin
{
    /// <summary>A C# raw string literal in a test file (markup stripped).</summary>
    TestInput,

    /// <summary>A <c>```csharp</c> block of a doc page.</summary>
    DocExample,

    /// <summary>A file of <c>samples/</c>, or a whole sample project.</summary>
    Sample,
}

/// <summary>
/// One compilation's worth of C#: one document for a test input or doc example, several for a sample project.
/// <see cref="IncludeImplicitUsings"/> says whether it is compiled with the Web SDK's implicit usings (samples always; test
/// inputs and doc examples when that gives fewer compiler errors, since some tests switch them on).
/// </summary>
internal sealed record CorpusItem(string Name, CorpusOrigin Origin, ImmutableArray<string> Sources, bool IncludeImplicitUsings)
{
    public override string ToString() => Name;
}

/// <summary>
/// Collects every C# source the tests and the sample use: the raw string literals of the test project's files (the
/// inputs, expected outputs and scenario sources of every rule, including rules merged after this was written), the
/// <c>```csharp</c> blocks of <c>docs/**/*.md</c>, and <c>samples/**/*.cs</c>. Stable order, duplicates removed.
/// </summary>
internal static class SourceCorpus
{
    private static readonly Lazy<ImmutableArray<CorpusItem>> LazyItems = new(Collect);

    public static ImmutableArray<CorpusItem> Items => LazyItems.Value;

    /// <summary>Folders of the test project whose raw strings are not inputs of the rules (this suite's own fault injections).</summary>
    private static readonly string[] ExcludedTestFolders = { "Reliability", "bin", "obj", "Stubs" };

    private static ImmutableArray<CorpusItem> Collect()
    {
        var root = RuleCatalog.RepositoryRoot;
        var items = new List<CorpusItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        void Add(string name, CorpusOrigin origin, IReadOnlyList<string> sources, bool? implicitUsings = null)
        {
            var key = string.Join("\0", sources.Select(Normalize));
            if (sources.All(s => s.Trim().Length == 0) || !seen.Add(key))
            {
                return;
            }

            items.Add(new CorpusItem(name, origin, sources.ToImmutableArray(), implicitUsings ?? PrefersImplicitUsings(sources[0])));
        }

        foreach (var file in EnumerateFiles(Path.Combine(root, "tests"), "*.cs"))
        {
            var relative = Relative(root, file);
            var segments = relative.Split('/');
            if (segments.Any(s => ExcludedTestFolders.Contains(s, StringComparer.Ordinal)))
            {
                continue;
            }

            var index = 0;
            foreach (var literal in RawStringLiterals.Extract(File.ReadAllText(file)))
            {
                index++;
                if (StripMarkup(literal) is { } text && LooksLikeCSharp(text))
                {
                    Add($"{relative}#{index}", CorpusOrigin.TestInput, new[] { text });
                }
            }
        }

        foreach (var file in EnumerateFiles(Path.Combine(root, "docs"), "*.md"))
        {
            var index = 0;
            foreach (var block in CSharpFencedBlocks(File.ReadAllText(file)))
            {
                index++;
                Add($"{Relative(root, file)}#{index}", CorpusOrigin.DocExample, new[] { block });
            }
        }

        var samples = Path.Combine(root, "samples");
        if (Directory.Exists(samples))
        {
            foreach (var project in Directory.GetDirectories(samples).OrderBy(d => d, StringComparer.Ordinal))
            {
                var files = EnumerateFiles(project, "*.cs").ToList();
                foreach (var file in files)
                {
                    Add(Relative(root, file), CorpusOrigin.Sample, new[] { File.ReadAllText(file) }, implicitUsings: true);
                }

                if (files.Count > 1)
                {
                    Add(Relative(root, project) + " (whole project)", CorpusOrigin.Sample, files.Select(File.ReadAllText).ToList(), implicitUsings: true);
                }
            }
        }

        return items.ToImmutableArray();
    }

    internal static IEnumerable<string> EnumerateFiles(string directory, string pattern)
    {
        if (!Directory.Exists(directory))
        {
            return Enumerable.Empty<string>();
        }

        var sep = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(directory, pattern, SearchOption.AllDirectories)
            .Where(f => !f.Contains(sep + "bin" + sep, StringComparison.Ordinal) && !f.Contains(sep + "obj" + sep, StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal);
    }

    internal static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>The text without test markup, or the text itself when it is not valid markup (a literal that merely contains <c>{|</c>).</summary>
    internal static string? StripMarkup(string text)
    {
        if (!text.Contains("[|", StringComparison.Ordinal) && !text.Contains("{|", StringComparison.Ordinal))
        {
            return text;
        }

        try
        {
            return TestMarkup.Strip(text);
        }
        catch (FormatException)
        {
            return text;
        }
    }

    /// <summary>
    /// Raw strings in tests also hold .editorconfig texts, expected messages and markup samples. C# test inputs always
    /// have a declaration or statement terminator; .editorconfig lines have neither <c>;</c> nor braces.
    /// </summary>
    internal static bool LooksLikeCSharp(string text)
    {
        if (text.IndexOfAny(new[] { ';', '{', '}' }) < 0)
        {
            return false;
        }

        var root = CSharpSyntaxTree.ParseText(text).GetCompilationUnitRoot();
        return root.Members.Count > 0 || root.Usings.Count > 0;
    }

    /// <summary>
    /// Test inputs are compiled with or without the Web SDK's implicit usings depending on the test. Choose by which gives
    /// fewer unresolved names; a tie means without (the verifier's default).
    /// </summary>
    private static bool PrefersImplicitUsings(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: TestWorkspace.PathOf(0));
        var without = CountErrors(ProbeCompilations.Value.Plain.AddSyntaxTrees(tree));
        return without > 0 && CountErrors(ProbeCompilations.Value.WithUsings.AddSyntaxTrees(tree)) < without;
    }

    /// <summary>Two empty compilations whose references are bound once; probes add one tree to them (sharing the binding).</summary>
    private static readonly Lazy<(Compilation Plain, Compilation WithUsings)> ProbeCompilations = new(() =>
    {
        var plain = CSharpCompilation.Create("Probe", Array.Empty<SyntaxTree>(), ReferenceSets.Get(ReferenceSet.Default), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        _ = plain.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpRequest");
        var usings = CSharpSyntaxTree.ParseText(
            string.Concat(TestWorkspace.WebSdkImplicitUsings.Select(u => $"global using global::{u};\n")),
            new CSharpParseOptions(LanguageVersion.Latest),
            path: TestWorkspace.GlobalUsingsPath);
        return (plain, plain.AddSyntaxTrees(usings));
    });

    private static int CountErrors(Compilation compilation) =>
        compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath == TestWorkspace.PathOf(0));

    /// <summary>The bodies of fenced blocks whose info string starts with <c>csharp</c> or <c>cs</c> (<c>```csharp noncompliant</c> too).</summary>
    internal static IEnumerable<string> CSharpFencedBlocks(string markdown)
    {
        var inBlock = false;
        var isCSharp = false;
        var block = new StringBuilder();
        foreach (var line in Normalize(markdown).Split('\n'))
        {
            var isFence = line.TrimStart().StartsWith("```", StringComparison.Ordinal);
            if (!inBlock && isFence)
            {
                var language = line.TrimStart().Substring(3).Trim().Split(' ', 2)[0];
                inBlock = true;
                isCSharp = language is "csharp" or "cs" or "c#";
                block.Clear();
            }
            else if (inBlock && isFence)
            {
                inBlock = false;
                if (isCSharp)
                {
                    yield return block.ToString();
                }
            }
            else if (inBlock)
            {
                block.Append(line).Append('\n');
            }
        }
    }
}

/// <summary>
/// Pulls the contents of C# raw string literals (<c>"""…"""</c>, any quote count, single- or multi-line, not interpolated)
/// out of a C# file. It reads tokens with the C# parser rather than scanning text, so quotes inside ordinary strings,
/// comments and verbatim strings cannot confuse it; the token's value already has the closing-quote indentation removed,
/// exactly the text the test passes to the verifier.
/// </summary>
internal static class RawStringLiterals
{
    public static IEnumerable<string> Extract(string csharpFile)
    {
        var root = CSharpSyntaxTree.ParseText(csharpFile, new CSharpParseOptions(LanguageVersion.Latest)).GetRoot();
        foreach (var token in root.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) || token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken))
            {
                yield return token.ValueText;
            }
        }
    }
}
