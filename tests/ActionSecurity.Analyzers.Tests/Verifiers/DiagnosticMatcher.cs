using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ActionSecurity.Analyzers.Tests.Verifiers;

/// <summary>A test document as the failure output shows it.</summary>
internal sealed record DocumentText(string Path, string Text);

/// <summary>
/// Order-insensitive, best-fit matching of expected and actual diagnostics: id and location always, message (or
/// formatted arguments) and severity when the expectation gives them. The failure message lists what is missing and
/// what is extra (with near misses explained), the sources annotated with <c>^^^ ID: message</c> under each line, and
/// a ready-to-paste marked-up version of the sources that matches the actual diagnostics.
/// </summary>
internal static class DiagnosticMatcher
{
    public static void Verify(
        string stage,
        IReadOnlyList<DocumentText> documents,
        IReadOnlyList<ExpectedDiagnostic> expected,
        IReadOnlyList<Diagnostic> actual,
        string? defaultId)
    {
        var match = MaximumMatching(expected, actual);
        var missing = Enumerable.Range(0, expected.Count).Where(e => match.ExpectedToActual[e] < 0).ToList();
        var extra = Enumerable.Range(0, actual.Count).Where(a => match.ActualToExpected[a] < 0).ToList();
        if (missing.Count == 0 && extra.Count == 0)
        {
            return;
        }

        var message = new StringBuilder();
        message.AppendLine(CultureInfo.InvariantCulture, $"{stage}: diagnostics do not match ({expected.Count} expected, {actual.Count} reported).");
        var compilerProblems = extra.Count(a => actual[a].Descriptor.Category == "Compiler");
        if (compilerProblems > 0)
        {
            message.AppendLine(CultureInfo.InvariantCulture, $"The code does not compile cleanly: {compilerProblems} unexpected compiler error(s) or warning(s).");
        }

        if (missing.Count > 0)
        {
            message.AppendLine("Expected but not reported:");
            foreach (var e in missing)
            {
                message.AppendLine(CultureInfo.InvariantCulture, $"  - {Describe(expected[e], documents)}");
                foreach (var hint in NearMisses(expected[e], extra.Select(a => actual[a])))
                {
                    message.AppendLine(CultureInfo.InvariantCulture, $"      {hint}");
                }
            }
        }

        if (extra.Count > 0)
        {
            message.AppendLine("Reported but not expected:");
            foreach (var a in extra)
            {
                message.AppendLine(CultureInfo.InvariantCulture, $"  + {Describe(actual[a])}");
            }
        }

        message.AppendLine();
        message.AppendLine("All reported diagnostics:");
        message.Append(Annotate(documents, actual));
        message.AppendLine();
        message.AppendLine("Markup that matches what was reported (paste into the test):");
        message.Append(ToMarkup(documents, actual, defaultId));
        throw new VerificationException(message.ToString());
    }

    public static bool Matches(ExpectedDiagnostic expected, Diagnostic actual)
    {
        if (!string.Equals(expected.Id, actual.Id, StringComparison.Ordinal) || !LocationMatches(expected, actual))
        {
            return false;
        }

        if (expected.Severity is { } severity && severity != actual.Severity)
        {
            return false;
        }

        return expected.ExpectedMessageFor(actual) is not { } message
            || string.Equals(message, actual.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    public static string Describe(Diagnostic diagnostic)
    {
        var location = diagnostic.Location.IsInSource
            ? $"{diagnostic.Location.SourceTree!.FilePath}{Position(diagnostic.Location.GetLineSpan())} `{Excerpt(diagnostic.Location.SourceTree.GetText().ToString(diagnostic.Location.SourceSpan))}`"
            : "(no location)";
        return $"{diagnostic.Id} {diagnostic.Severity} at {location}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}"
            + (diagnostic.IsSuppressed ? " (suppressed)" : string.Empty);
    }

    /// <summary>The sources, each line followed by <c>^^^ ID: message</c> for the diagnostics that start on it.</summary>
    public static string Annotate(IReadOnlyList<DocumentText> documents, IReadOnlyList<Diagnostic> diagnostics)
    {
        var builder = new StringBuilder();
        foreach (var document in documents)
        {
            var inDocument = diagnostics
                .Where(d => d.Location.IsInSource && d.Location.SourceTree!.FilePath == document.Path)
                .OrderBy(d => d.Location.SourceSpan.Start)
                .ToList();
            builder.AppendLine(CultureInfo.InvariantCulture, $"// {document.Path}");
            var text = SourceText.From(document.Text);
            foreach (var line in text.Lines)
            {
                builder.AppendLine(text.ToString(line.Span));
                foreach (var diagnostic in inDocument.Where(d => line.Span.Contains(d.Location.SourceSpan.Start) || (line.Span.IsEmpty && d.Location.SourceSpan.Start == line.Start)))
                {
                    var span = diagnostic.Location.SourceSpan;
                    var column = span.Start - line.Start;
                    var width = Math.Max(1, Math.Min(span.End, line.End) - span.Start);
                    builder.Append(' ', column).Append('^', width)
                        .AppendLine(CultureInfo.InvariantCulture, $" {diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}");
                }
            }
        }

        var unlocated = diagnostics.Where(d => !d.Location.IsInSource).ToList();
        if (unlocated.Count > 0)
        {
            builder.AppendLine("// without a source location:");
            foreach (var diagnostic in unlocated)
            {
                builder.AppendLine(CultureInfo.InvariantCulture, $"// {diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}");
            }
        }

        return builder.ToString();
    }

    /// <summary>The sources with <c>[|…|]</c> (the default id) or <c>{|ID:…|}</c> around each located diagnostic.</summary>
    public static string ToMarkup(IReadOnlyList<DocumentText> documents, IReadOnlyList<Diagnostic> diagnostics, string? defaultId)
    {
        var builder = new StringBuilder();
        foreach (var document in documents)
        {
            var spans = diagnostics
                .Where(d => d.Location.IsInSource && d.Location.SourceTree!.FilePath == document.Path)
                .Select(d => (d.Id, Span: d.Location.SourceSpan))
                .Distinct()
                .ToList();
            var overlapping = spans.Any(a => spans.Any(b => a.Span.Start < b.Span.Start && b.Span.Start < a.Span.End && a.Span.End < b.Span.End));

            // Opens at a position: longer first; closes: shorter (later opened) first; at one position closes come before opens.
            var marks = new List<(int Position, int Order, string Text)>();
            foreach (var (id, span) in spans)
            {
                var isDefault = id == defaultId;
                marks.Add((span.Start, 1_000_000 - span.Length, isDefault ? "[|" : "{|" + id + ":"));
                marks.Add((span.End, -1_000_000 + span.Length - span.Start, isDefault ? "|]" : "|}"));
            }

            var text = new StringBuilder(document.Text);
            foreach (var mark in marks.OrderByDescending(m => m.Position).ThenByDescending(m => m.Order))
            {
                text.Insert(mark.Position, mark.Text);
            }

            builder.AppendLine(CultureInfo.InvariantCulture, $"// {document.Path}{(overlapping ? " (spans overlap without nesting: markup cannot express this exactly)" : string.Empty)}");
            builder.AppendLine(text.ToString());
        }

        return builder.ToString();
    }

    private static bool LocationMatches(ExpectedDiagnostic expected, Diagnostic actual)
    {
        if (expected.Span is not { } span)
        {
            return !actual.Location.IsInSource;
        }

        return actual.Location.IsInSource
            && actual.Location.SourceSpan == span
            && string.Equals(actual.Location.SourceTree!.FilePath, expected.Path, StringComparison.Ordinal);
    }

    private static IEnumerable<string> NearMisses(ExpectedDiagnostic expected, IEnumerable<Diagnostic> candidates)
    {
        foreach (var actual in candidates)
        {
            var sameId = string.Equals(expected.Id, actual.Id, StringComparison.Ordinal);
            var sameLocation = LocationMatches(expected, actual);
            if (sameId && sameLocation)
            {
                var wanted = expected.ExpectedMessageFor(actual);
                if (wanted is not null && !string.Equals(wanted, actual.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal))
                {
                    yield return $"message differs: expected \"{wanted}\", actual \"{actual.GetMessage(CultureInfo.InvariantCulture)}\"";
                }

                if (expected.Severity is { } severity && severity != actual.Severity)
                {
                    yield return $"severity differs: expected {severity}, actual {actual.Severity}";
                }
            }
            else if (sameLocation)
            {
                yield return $"same span reported with a different id: {actual.Id}";
            }
            else if (sameId)
            {
                yield return $"same id reported at a different span: {Describe(actual)}";
            }
        }
    }

    private static string Describe(ExpectedDiagnostic expected, IReadOnlyList<DocumentText> documents)
    {
        if (expected.Span is { } span && documents.FirstOrDefault(d => d.Path == expected.Path) is { } document
            && span.End <= document.Text.Length)
        {
            var text = SourceText.From(document.Text);
            var lines = text.Lines.GetLinePositionSpan(span);
            return $"{expected.Id} at {expected.Path}{Position(new FileLinePositionSpan(expected.Path!, lines))} `{Excerpt(text.ToString(span))}`{expected.Details}";
        }

        return expected.ToString();
    }

    private static string Position(FileLinePositionSpan span) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})-({span.EndLinePosition.Line + 1},{span.EndLinePosition.Character + 1})");

    private static string Excerpt(string text)
    {
        var single = text.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", "⏎", StringComparison.Ordinal);
        return single.Length <= 60 ? single : single[..57] + "...";
    }

    private sealed record Matching(int[] ExpectedToActual, int[] ActualToExpected);

    /// <summary>Maximum bipartite matching (augmenting paths): the best fit regardless of order.</summary>
    private static Matching MaximumMatching(IReadOnlyList<ExpectedDiagnostic> expected, IReadOnlyList<Diagnostic> actual)
    {
        var edges = new List<int>[expected.Count];
        for (var e = 0; e < expected.Count; e++)
        {
            edges[e] = new List<int>();
            for (var a = 0; a < actual.Count; a++)
            {
                if (Matches(expected[e], actual[a]))
                {
                    edges[e].Add(a);
                }
            }
        }

        var expectedToActual = Enumerable.Repeat(-1, expected.Count).ToArray();
        var actualToExpected = Enumerable.Repeat(-1, actual.Count).ToArray();
        for (var e = 0; e < expected.Count; e++)
        {
            TryAugment(e, new bool[actual.Count]);
        }

        return new Matching(expectedToActual, actualToExpected);

        bool TryAugment(int e, bool[] visited)
        {
            foreach (var a in edges[e])
            {
                if (visited[a])
                {
                    continue;
                }

                visited[a] = true;
                if (actualToExpected[a] < 0 || TryAugment(actualToExpected[a], visited))
                {
                    actualToExpected[a] = e;
                    expectedToActual[e] = a;
                    return true;
                }
            }

            return false;
        }
    }
}
