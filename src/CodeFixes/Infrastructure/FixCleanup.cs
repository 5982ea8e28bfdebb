using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace ActionSecurity.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// Finishes a fixed document the way an IDE's code-action pipeline does: adds the <c>using</c> directives for names
/// marked with <see cref="Simplifier.AddImportsAnnotation"/>, shortens names marked with <see cref="Simplifier.Annotation"/>
/// and formats nodes marked with <see cref="Formatter.Annotation"/>. Fixes run it themselves, because not every host
/// (Roslyn 4.8's <c>CodeAction.GetOperationsAsync</c> among them) does; running it twice changes nothing. With
/// <c>formatElasticTrivia</c> it also formats elastic trivia, and hands back the tree a fresh parse of the text gives: an
/// edited tree can differ from it in list representation (a one-statement block), which tree-equivalence checks of
/// hosts and test verifiers count as a difference. Without it, elastic trivia is left to the host's formatting.
/// </summary>
internal static class FixCleanup
{
    public static async Task<Document> CleanupAsync(Document document, bool formatElasticTrivia, CancellationToken cancellationToken)
    {
        document = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        document = await Formatter.FormatAsync(document, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!formatElasticTrivia)
            return document;

        // Elastic trivia formatted here leaves nothing for the host to format, so the tree can be the parsed one.
        document = await Formatter.FormatAsync(document, SyntaxAnnotation.ElasticAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        var reparsed = CSharpSyntaxTree.ParseText(text, (CSharpParseOptions?)tree?.Options, tree?.FilePath ?? string.Empty, cancellationToken: cancellationToken);
        return document.WithSyntaxRoot(await reparsed.GetRootAsync(cancellationToken).ConfigureAwait(false));
    }
}
