using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ActionSecurity.Analyzers.Tests.Verifiers;

/// <summary>
/// A diagnostic a test expects. Immutable: every <c>With…</c> returns a copy. Locations come from markup only, as
/// <c>{|#n:…|}</c> + <see cref="WithLocation(int)"/>; there are no line/column overloads. An expectation with neither a
/// location index nor a markup span expects a diagnostic with no source location.
/// </summary>
public sealed class ExpectedDiagnostic
{
    private ExpectedDiagnostic(
        string? id,
        DiagnosticDescriptor? descriptor,
        int? locationIndex,
        string? path,
        TextSpan? span,
        string? message,
        ImmutableArray<object?>? arguments,
        DiagnosticSeverity? severity)
    {
        Id = id;
        Descriptor = descriptor;
        LocationIndex = locationIndex;
        Path = path;
        Span = span;
        Message = message;
        Arguments = arguments;
        Severity = severity;
    }

    /// <summary>The id; <see langword="null"/> means the analyzer's only descriptor.</summary>
    public string? Id { get; }

    /// <summary>The descriptor, when the expectation was made from one (used to format <see cref="Arguments"/>).</summary>
    public DiagnosticDescriptor? Descriptor { get; }

    /// <summary>Index of a <c>{|#n:…|}</c> location.</summary>
    public int? LocationIndex { get; }

    /// <summary>Document path of a markup span (set by the verifier, not by tests).</summary>
    public string? Path { get; }

    /// <summary>Span of a markup span (set by the verifier, not by tests).</summary>
    public TextSpan? Span { get; }

    /// <summary>The exact expected message, when given.</summary>
    public string? Message { get; }

    /// <summary>The expected message-format arguments, when given; compared through the formatted message.</summary>
    public ImmutableArray<object?>? Arguments { get; }

    /// <summary>The expected effective severity, when given.</summary>
    public DiagnosticSeverity? Severity { get; }

    public bool HasLocation => LocationIndex is not null || Span is not null;

    public static ExpectedDiagnostic Create(string? id) => new(id, null, null, null, null, null, null, null);

    public static ExpectedDiagnostic Create(DiagnosticDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return new(descriptor.Id, descriptor, null, null, null, null, null, null);
    }

    public ExpectedDiagnostic WithLocation(int markupLocationIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(markupLocationIndex);
        return new(Id, Descriptor, markupLocationIndex, null, null, Message, Arguments, Severity);
    }

    public ExpectedDiagnostic WithArguments(params object?[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return new(Id, Descriptor, LocationIndex, Path, Span, Message, arguments.ToImmutableArray(), Severity);
    }

    public ExpectedDiagnostic WithMessage(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(Id, Descriptor, LocationIndex, Path, Span, message, Arguments, Severity);
    }

    public ExpectedDiagnostic WithSeverity(DiagnosticSeverity severity) =>
        new(Id, Descriptor, LocationIndex, Path, Span, Message, Arguments, severity);

    internal ExpectedDiagnostic WithId(string id) => new(id, Descriptor, LocationIndex, Path, Span, Message, Arguments, Severity);

    internal ExpectedDiagnostic WithSpan(string path, TextSpan span) =>
        new(Id, Descriptor, null, path, span, Message, Arguments, Severity);

    /// <summary>The message this expectation demands of <paramref name="actual"/>, or null when it does not care.</summary>
    internal string? ExpectedMessageFor(Diagnostic actual)
    {
        if (Message is not null)
        {
            return Message;
        }

        if (Arguments is not { } arguments)
        {
            return null;
        }

        var format = (Descriptor ?? actual.Descriptor).MessageFormat.ToString(CultureInfo.InvariantCulture);
        try
        {
            return string.Format(CultureInfo.InvariantCulture, format, arguments.ToArray());
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException(
                $"Expected arguments ({string.Join(", ", arguments)}) do not fit the message format \"{format}\" of {Id}: {e.Message}", e);
        }
    }

    public override string ToString()
    {
        var location = LocationIndex is { } index ? $" at #{index}"
            : Span is { } span ? $" at {Path}{span}"
            : " (no location)";
        return (Id ?? "(default id)") + location + Details;
    }

    /// <summary>The optional parts (message, arguments, severity) as text, starting with a space, or empty.</summary>
    internal string Details
    {
        get
        {
            var text = string.Empty;
            if (Message is not null)
            {
                text += $" message \"{Message}\"";
            }

            if (Arguments is { } arguments)
            {
                text += $" arguments ({string.Join(", ", arguments.Select(a => a is null ? "null" : $"\"{a}\""))})";
            }

            if (Severity is { } severity)
            {
                text += $" severity {severity}";
            }

            return text;
        }
    }
}
