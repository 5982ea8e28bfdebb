using System;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace ActionSecurity.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// Applies one fix to a <see cref="DocumentEditor"/>, for a single diagnostic or, in Fix All, for every diagnostic of a
/// document on one editor from the last span to the first. Used by fixes that edit more than the diagnostic span
/// (usings, attributes, guards), where merging separately computed text changes would lose edits.
/// </summary>
internal delegate Task EditorFix(DocumentEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken);

internal static class EditorFixAllProvider
{
    public static FixAllProvider Create(EditorFix fix)
        => FixAllProvider.Create((context, document, diagnostics) => FixDocumentAsync(document, diagnostics, fix, context.CancellationToken));

    public static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, EditorFix fix, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        await fix(editor, diagnostic, cancellationToken).ConfigureAwait(false);
        return await FixCleanup.CleanupAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Document?> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, EditorFix fix, CancellationToken cancellationToken)
    {
        if (diagnostics.IsEmpty)
            return null;
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var ordered = diagnostics.Sort(static (a, b) => b.Location.SourceSpan.Start.CompareTo(a.Location.SourceSpan.Start));
        foreach (var diagnostic in ordered)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await fix(editor, diagnostic, cancellationToken).ConfigureAwait(false);
        }

        return await FixCleanup.CleanupAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }
}
