using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace ActionSecurity.Analyzers.Tests.Verifiers;

/// <summary>
/// The library's markup (<c>[|…|]</c>, <c>{|ID:…|}</c>, <c>{|#0:…|}</c>; <c>$$</c> is code) read with its own parser, for
/// the few things the wrapper and the reliability corpus need to know about it.
/// </summary>
public static class TestMarkup
{
    /// <summary>The text without markup.</summary>
    public static string Strip(string markup) => Parse(markup).Text;

    /// <summary>The diagnostic ids named in <c>{|ID:…|}</c> spans.</summary>
    public static IEnumerable<string> Ids(string markup) =>
        Parse(markup).Spans.Keys.Where(k => k.Length > 0 && k[0] != '#');

    /// <summary>The markup without the spans of <paramref name="ids"/> (<c>[|…|]</c> counts as <paramref name="defaultId"/>).</summary>
    public static string WithoutIds(string markup, ImmutableHashSet<string> ids, string? defaultId)
    {
        var (text, spans) = Parse(markup);
        var kept = spans.Where(s => !ids.Contains(s.Key.Length == 0 ? defaultId ?? string.Empty : s.Key)).ToImmutableDictionary();
        return kept.Count == spans.Count ? markup : TestFileMarkupParser.CreateTestFile(text, ImmutableArray<int>.Empty, kept);
    }

    /// <summary>True when <paramref name="left"/> and <paramref name="right"/> are the same texts once the markup is removed.</summary>
    public static bool HaveSameText(IReadOnlyList<string> left, IReadOnlyList<string> right) =>
        left.Count == right.Count
        && left.Zip(right).All(pair => string.Equals(Normalize(Strip(pair.First)), Normalize(Strip(pair.Second)), StringComparison.Ordinal));

    /// <summary>Every <c>{|#n:…|}</c> in <paramref name="sources"/> is used by an expectation's <c>WithLocation(n)</c>.</summary>
    public static void VerifyLocationsUsed(string stage, IEnumerable<string> sources, IEnumerable<DiagnosticResult> expected)
    {
        var used = expected
            .SelectMany(d => d.Spans)
            .Where(s => s.Options.HasFlag(DiagnosticLocationOptions.InterpretAsMarkupKey))
            .Select(s => "#" + s.Span.StartLinePosition.Character)
            .ToHashSet(StringComparer.Ordinal);
        var unused = sources.SelectMany(s => Parse(s).Spans.Keys).Where(k => k.StartsWith('#') && !used.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unused.Count > 0)
        {
            throw new InvalidOperationException(
                $"{stage}: markup location(s) {string.Join(", ", unused)} are not used by any expected diagnostic; add Diagnostic(…).WithLocation(n).");
        }
    }

    private static (string Text, ImmutableDictionary<string, ImmutableArray<TextSpan>> Spans) Parse(string markup)
    {
        TestFileMarkupParser.GetSpans(markup, treatPositionIndicatorsAsCode: true, out var text, out ImmutableDictionary<string, ImmutableArray<TextSpan>> spans);
        return (text, spans);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
