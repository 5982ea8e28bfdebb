using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Editing;

namespace ActionSecurity.Analyzers.Tests.VerifierSelfTests;

// Tiny analyzers and fixers that exist only to prove the verifier passes and fails when it should. Their ids
// (TEST0001…) are not real rules.

/// <summary>TEST0001: a string literal equal to the bad word (<c>"bad"</c>, or <c>action_security.test_bad_word</c>).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class BadLiteralAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "TEST0001";
    public const string OptionKey = "action_security.test_bad_word";

    public static readonly DiagnosticDescriptor Rule = new(
        Id, "Literal is bad", "Literal '{0}' is bad", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSyntaxNodeAction(Analyze, SyntaxKind.StringLiteralExpression);
    }

    internal static string BadWord(AnalyzerOptions options, SyntaxTree tree) =>
        options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(OptionKey, out var word) ? word : "bad";

    private static void Analyze(SyntaxNodeAnalysisContext context)
    {
        var literal = (LiteralExpressionSyntax)context.Node;
        if (literal.Token.ValueText == BadWord(context.Options, literal.SyntaxTree))
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, literal.GetLocation(), literal.Token.ValueText));
        }
    }
}

/// <summary>TEST0002 on <c>"bad"</c> and TEST0003 on <c>"worse"</c>: an analyzer with two descriptors.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class TwoDescriptorAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Bad = new("TEST0002", "Bad", "Bad '{0}'", "Test", DiagnosticSeverity.Warning, true);
    public static readonly DiagnosticDescriptor Worse = new("TEST0003", "Worse", "Worse '{0}'", "Test", DiagnosticSeverity.Warning, true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Bad, Worse);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSyntaxNodeAction(
            static c =>
            {
                var literal = (LiteralExpressionSyntax)c.Node;
                var rule = literal.Token.ValueText switch { "bad" => Bad, "worse" => Worse, _ => null };
                if (rule is not null)
                {
                    c.ReportDiagnostic(Diagnostic.Create(rule, literal.GetLocation(), literal.Token.ValueText));
                }
            },
            SyntaxKind.StringLiteralExpression);
    }
}

/// <summary>TEST0009: throws on every class declaration (an AD0001 in a user's IDE).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class ThrowingAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new("TEST0009", "Throws", "Throws", "Test", DiagnosticSeverity.Warning, true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSyntaxNodeAction(static _ => throw new InvalidOperationException("boom"), SyntaxKind.ClassDeclaration);
    }
}

/// <summary>TEST0004: reported once per compilation with no location, so <c>#pragma</c> cannot suppress it.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class NoLocationAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new("TEST0004", "Everywhere", "Everywhere", "Test", DiagnosticSeverity.Warning, true, customTags: "CompilationEnd");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationAction(static c => c.ReportDiagnostic(Diagnostic.Create(Rule, Location.None)));
    }
}

/// <summary>TEST0005: like TEST0001, but reported from a compilation-end action (a non-local diagnostic).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class CompilationEndAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new(
        "TEST0005", "Bad at the end", "Literal '{0}' is bad", "Test", DiagnosticSeverity.Warning, true, customTags: "CompilationEnd");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var found = new System.Collections.Concurrent.ConcurrentBag<Location>();
            start.RegisterSyntaxNodeAction(
                c =>
                {
                    if (((LiteralExpressionSyntax)c.Node).Token.ValueText == "bad")
                    {
                        found.Add(c.Node.GetLocation());
                    }
                },
                SyntaxKind.StringLiteralExpression);
            start.RegisterCompilationEndAction(c =>
            {
                foreach (var location in found)
                {
                    c.ReportDiagnostic(Diagnostic.Create(Rule, location, "bad"));
                }
            });
        });
    }
}

/// <summary>Base of the test fixers: one action per TEST0001 literal that rewrites it with <see cref="Rewrite"/>.</summary>
internal abstract class LiteralFixBase : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(BadLiteralAnalyzer.Id);

    public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal
            || literal.FirstAncestorOrSelf<AttributeSyntax>() is not null)
        {
            return; // no fix inside attributes: lets tests assert "no action offered"
        }

        foreach (var (title, key, replacement) in Actions())
        {
            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(literal, Rewrite(literal, replacement)))),
                    key),
                context.Diagnostics);
        }
    }

    protected virtual (string Title, string? Key, string Replacement)[] Actions() => new[] { ("Use \"good\"", (string?)"TEST0001.Good", "good") };

    protected virtual ExpressionSyntax Rewrite(LiteralExpressionSyntax literal, string replacement) =>
        SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(replacement)).WithTriviaFrom(literal);
}

internal sealed class GoodLiteralCodeFix : LiteralFixBase
{
}

/// <summary>The "good" fix for the compilation-end TEST0005.</summary>
internal sealed class CompilationEndCodeFix : LiteralFixBase
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("TEST0005");
}

/// <summary>Two actions for one diagnostic: "good" and "fine".</summary>
internal sealed class TwoActionsCodeFix : LiteralFixBase
{
    protected override (string Title, string? Key, string Replacement)[] Actions() => new[]
    {
        ("Use \"good\"", (string?)"TEST0001.Good", "good"),
        ("Use \"fine\"", (string?)"TEST0001.Fine", "fine"),
    };
}

/// <summary>Replaces the literal with an undefined identifier: the fixed code does not compile.</summary>
internal sealed class BrokenCodeFix : LiteralFixBase
{
    protected override ExpressionSyntax Rewrite(LiteralExpressionSyntax literal, string replacement) =>
        SyntaxFactory.IdentifierName("undefinedName").WithTriviaFrom(literal);
}

/// <summary>Wraps the literal in parentheses: the diagnostic never goes away, the code grows forever.</summary>
internal sealed class GrowingCodeFix : LiteralFixBase
{
    protected override ExpressionSyntax Rewrite(LiteralExpressionSyntax literal, string replacement) =>
        SyntaxFactory.ParenthesizedExpression(literal.WithoutTrivia()).WithTriviaFrom(literal);
}

/// <summary>Returns the literal unchanged: the action does nothing.</summary>
internal sealed class NoOpCodeFix : LiteralFixBase
{
    protected override ExpressionSyntax Rewrite(LiteralExpressionSyntax literal, string replacement) => literal;
}

/// <summary>Builds <c>"go" + "od"</c> without parentheses, which re-parses differently inside <c>"bad".Length</c>.</summary>
internal sealed class UnparenthesizedCodeFix : LiteralFixBase
{
    protected override ExpressionSyntax Rewrite(LiteralExpressionSyntax literal, string replacement) =>
        SyntaxFactory.BinaryExpression(
            SyntaxKind.AddExpression,
            SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal("go")),
            SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal("od"))).WithTriviaFrom(literal);
}

/// <summary>An action that throws when the light bulb applies it.</summary>
internal sealed class ThrowingActionCodeFix : LiteralFixBase
{
    protected override ExpressionSyntax Rewrite(LiteralExpressionSyntax literal, string replacement) =>
        throw new InvalidOperationException("fixer bug");
}

/// <summary>One at a time writes "good", Fix All writes "all": the two disagree.</summary>
internal sealed class BatchDiffersCodeFix : LiteralFixBase
{
    public override FixAllProvider? GetFixAllProvider() => FixAllProvider.Create(static async (context, document, diagnostics) =>
    {
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var literals = diagnostics.Select(d => root!.FindNode(d.Location.SourceSpan, getInnermostNodeForTie: true)).ToList();
        return document.WithSyntaxRoot(root!.ReplaceNodes(
            literals,
            (original, _) => SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal("all")).WithTriviaFrom(original)));
    });
}

/// <summary>
/// Inserts <c>System.Text.Encoding.UTF8.WebName</c>. With <see cref="AddImport"/> the type is a parsed name marked for
/// the simplifier and the import adder, and the fixer runs <see cref="ImportAdder"/> itself: with Workspaces 4.8 a
/// code action's own clean-up does not add imports for these names, and the syntax-based import adder skips
/// <c>global::</c> names such as <c>SyntaxGenerator.TypeExpression</c> builds. Without it the type comes from
/// <c>SyntaxGenerator.TypeExpression</c> and stays qualified.
/// </summary>
internal abstract class TypeExpressionCodeFixBase : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(BadLiteralAnalyzer.Id);

    protected abstract bool AddImport { get; }

    public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        context.RegisterCodeFix(
            CodeAction.Create("Use the encoding name", ct => RewriteAsync(context.Document, context.Span, ct), "TEST0001.Encoding"),
            context.Diagnostics);
        return Task.CompletedTask;
    }

    private async Task<Document> RewriteAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, System.Threading.CancellationToken cancellationToken)
    {
        var root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var generator = SyntaxGenerator.GetGenerator(document);
        SyntaxNode type;
        if (AddImport)
        {
            type = SyntaxFactory.ParseName("System.Text.Encoding")
                .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Simplification.Simplifier.Annotation, Microsoft.CodeAnalysis.Simplification.Simplifier.AddImportsAnnotation);
        }
        else
        {
            var model = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
            type = generator.TypeExpression(model.Compilation.GetTypeByMetadataName("System.Text.Encoding")!);
        }

        var literal = root.FindNode(span, getInnermostNodeForTie: true);
        var replacement = generator.MemberAccessExpression(generator.MemberAccessExpression(type, "UTF8"), "WebName");
        var changed = document.WithSyntaxRoot(root.ReplaceNode(literal, replacement.WithTriviaFrom(literal)));
        return AddImport
            ? await ImportAdder.AddImportsAsync(changed, Microsoft.CodeAnalysis.Simplification.Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false)
            : changed;
    }
}

internal sealed class ImportingTypeCodeFix : TypeExpressionCodeFixBase
{
    protected override bool AddImport => true;
}

internal sealed class QualifiedTypeCodeFix : TypeExpressionCodeFixBase
{
    protected override bool AddImport => false;
}
