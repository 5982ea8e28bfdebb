using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace ActionSecurity.Analyzers.Tests.Verifiers;

/// <summary>One marked span: <c>[|…|]</c> (no name), <c>{|ID:…|}</c> (a diagnostic id) or <c>{|#n:…|}</c> (an indexed location).</summary>
public sealed record MarkupSpan(string? Id, int? LocationIndex, TextSpan Span)
{
    public bool IsDefault => Id is null && LocationIndex is null;
}

/// <summary>A source with its markup removed, and the spans the markup named.</summary>
public sealed record MarkedUpSource(string Text, ImmutableArray<MarkupSpan> Spans);

/// <summary>
/// Parses test markup: <c>[|…|]</c> expects the analyzer's only diagnostic, <c>{|AS0002:…|}</c> expects that id (a compiler
/// id such as <c>CS0103</c> makes the compiler diagnostic expected), <c>{|#0:…|}</c> names location 0 for
/// <see cref="ExpectedDiagnostic.WithLocation(int)"/>. Spans may nest. There is no <c>$$</c> position marker.
/// </summary>
public static class TestMarkup
{
    public static MarkedUpSource Parse(string markup)
    {
        ArgumentNullException.ThrowIfNull(markup);
        var text = new StringBuilder(markup.Length);
        var open = new Stack<(char Kind, string? Name, int Start, int MarkupOffset)>();
        var spans = ImmutableArray.CreateBuilder<MarkupSpan>();

        var i = 0;
        while (i < markup.Length)
        {
            if (StartsWith(markup, i, "[|"))
            {
                open.Push(('[', null, text.Length, i));
                i += 2;
            }
            else if (StartsWith(markup, i, "{|"))
            {
                var colon = markup.IndexOf(':', i + 2);
                var name = colon < 0 ? string.Empty : markup.Substring(i + 2, colon - i - 2);
                if (!IsValidName(name))
                {
                    throw new FormatException($"Markup '{{|' at {Describe(markup, i)} must be followed by 'ID:' or '#n:' (found '{Excerpt(markup, i)}').");
                }

                open.Push(('{', name, text.Length, i));
                i = colon + 1;
            }
            else if (StartsWith(markup, i, "|]") || StartsWith(markup, i, "|}"))
            {
                var kind = markup[i + 1] == ']' ? '[' : '{';
                if (open.Count == 0 || open.Peek().Kind != kind)
                {
                    throw new FormatException($"Markup '{markup.Substring(i, 2)}' at {Describe(markup, i)} closes nothing that was opened with '{kind}|'.");
                }

                var (_, name, start, _) = open.Pop();
                spans.Add(ToSpan(name, TextSpan.FromBounds(start, text.Length)));
                i += 2;
            }
            else
            {
                text.Append(markup[i]);
                i++;
            }
        }

        if (open.Count > 0)
        {
            var unclosed = open.Peek();
            throw new FormatException($"Markup '{unclosed.Kind}|' at {Describe(markup, unclosed.MarkupOffset)} is never closed.");
        }

        spans.Sort((a, b) => a.Span.Start != b.Span.Start ? a.Span.Start.CompareTo(b.Span.Start) : b.Span.Length.CompareTo(a.Span.Length));
        return new MarkedUpSource(text.ToString(), spans.ToImmutable());
    }

    private static MarkupSpan ToSpan(string? name, TextSpan span)
    {
        if (name is null)
        {
            return new MarkupSpan(null, null, span);
        }

        return name[0] == '#'
            ? new MarkupSpan(null, int.Parse(name.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture), span)
            : new MarkupSpan(name, null, span);
    }

    private static bool IsValidName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        if (name[0] == '#')
        {
            if (name.Length == 1)
            {
                return false;
            }

            for (var k = 1; k < name.Length; k++)
            {
                if (!char.IsAsciiDigit(name[k]))
                {
                    return false;
                }
            }

            return true;
        }

        if (!char.IsAsciiLetter(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    private static bool StartsWith(string s, int index, string value) => string.CompareOrdinal(s, index, value, 0, value.Length) == 0;

    private static string Excerpt(string s, int index) => s.Substring(index, Math.Min(20, s.Length - index));

    private static string Describe(string s, int index)
    {
        var line = 1;
        var column = 1;
        for (var k = 0; k < index; k++)
        {
            if (s[k] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return $"line {line}, column {column}";
    }
}
