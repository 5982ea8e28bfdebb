using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace ActionSecurity.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// Finishes a fixed document the way an IDE's code-action pipeline does: adds the <c>using</c> directives for names
/// marked with <see cref="Simplifier.AddImportsAnnotation"/>, shortens names marked with <see cref="Simplifier.Annotation"/>
/// and formats nodes marked with <see cref="Formatter.Annotation"/>. Fixes run it themselves, because not every host
/// (Roslyn 4.8's <c>CodeAction.GetOperationsAsync</c> among them) does; running it twice changes nothing.
/// </summary>
internal static class FixCleanup
{
    public static async Task<Document> CleanupAsync(Document document, CancellationToken cancellationToken)
    {
        document = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(document, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
