using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace ActionSecurity.Analyzers.Tests.Verifiers;

/// <summary>A test document as the failure output shows it.</summary>
internal sealed record DocumentText(string Path, string Text);

/// <summary>
/// What a failing diagnostics check adds to the library's message: the input with <c>^^^ ID: message</c> under each
/// line where a diagnostic starts, and the input with markup that matches what was reported, ready to paste.
/// </summary>
internal static class FailureReport
{
    public static string Format(IReadOnlyList<DocumentText> documents, IReadOnlyList<Diagnostic> diagnostics, string? defaultId)
    {
        var builder = new StringBuilder();
        builder.AppendLine().AppendLine().AppendLine("All diagnostics reported on the input:");
        builder.Append(Annotate(documents, diagnostics));
        builder.AppendLine().AppendLine("Markup that matches what was reported (paste into the test):");
        builder.Append(ToMarkup(documents, diagnostics, defaultId));
        return builder.ToString();
    }

    public static string Describe(Diagnostic diagnostic)
    {
        var location = diagnostic.Location.IsInSource
            ? $"{diagnostic.Location.SourceTree!.FilePath}({diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1},{diagnostic.Location.GetLineSpan().StartLinePosition.Character + 1})"
            : "(no location)";
        return $"{diagnostic.Id} {diagnostic.Severity} at {location}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The sources, each line followed by <c>^^^ ID: message</c> for the diagnostics that start on it.</summary>
    private static string Annotate(IReadOnlyList<DocumentText> documents, IReadOnlyList<Diagnostic> diagnostics)
    {
        var builder = new StringBuilder();
        foreach (var document in documents)
        {
            var inDocument = InDocument(diagnostics, document).OrderBy(d => d.Location.SourceSpan.Start).ToList();
            builder.AppendLine(CultureInfo.InvariantCulture, $"// {document.Path}");
            var text = SourceText.From(document.Text);
            foreach (var line in text.Lines)
            {
                builder.AppendLine(text.ToString(line.Span));
                foreach (var diagnostic in inDocument.Where(d => line.Span.Contains(d.Location.SourceSpan.Start) || (line.Span.IsEmpty && d.Location.SourceSpan.Start == line.Start)))
                {
                    var span = diagnostic.Location.SourceSpan;
                    var width = Math.Max(1, Math.Min(span.End, line.End) - span.Start);
                    builder.Append(' ', span.Start - line.Start).Append('^', width)
                        .AppendLine(CultureInfo.InvariantCulture, $" {diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}");
                }
            }
        }

        foreach (var diagnostic in diagnostics.Where(d => !d.Location.IsInSource))
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"// without a source location: {diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}");
        }

        return builder.ToString();
    }

    /// <summary>The sources with <c>[|…|]</c> (the default id) or <c>{|ID:…|}</c> around each located diagnostic.</summary>
    private static string ToMarkup(IReadOnlyList<DocumentText> documents, IReadOnlyList<Diagnostic> diagnostics, string? defaultId)
    {
        var builder = new StringBuilder();
        foreach (var document in documents)
        {
            var spans = InDocument(diagnostics, document)
                .GroupBy(d => d.Id == defaultId ? string.Empty : d.Id, StringComparer.Ordinal)
                .ToImmutableDictionary(g => g.Key, g => g.Select(d => d.Location.SourceSpan).Distinct().ToImmutableArray());
            builder.AppendLine(CultureInfo.InvariantCulture, $"// {document.Path}");
            builder.AppendLine(TestFileMarkupParser.CreateTestFile(document.Text, ImmutableArray<int>.Empty, spans));
        }

        return builder.ToString();
    }

    private static IEnumerable<Diagnostic> InDocument(IEnumerable<Diagnostic> diagnostics, DocumentText document) =>
        diagnostics.Where(d => d.Location.IsInSource && d.Location.SourceTree!.FilePath == document.Path);
}
