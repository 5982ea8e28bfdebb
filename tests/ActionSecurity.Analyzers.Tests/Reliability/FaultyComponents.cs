using System;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace ActionSecurity.Analyzers.Tests.Reliability;

// Deliberately broken analyzers and fixers, used only to prove that the reliability checks fail when they should.
// Ids TEST09xx are not rules. None of them is in the two product assemblies, so RuleCatalog never sees them.

/// <summary>TEST0901: throws on every invocation, the way an unchecked <c>.First()</c> does.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class ThrowsOnInvocationAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("TEST0901", "Throws", "Throws", "Test", DiagnosticSeverity.Warning, true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(_ => throw new InvalidOperationException("deliberate fault: Sequence contains no elements"), OperationKind.Invocation);
    }
}

/// <summary>
/// TEST0902: fine on code that compiles, throws on code being typed: it casts the syntax of a member access's receiver
/// without checking, so an invalid or missing receiver (which only broken code has) throws. Un-mutated inputs do not
/// trip it; only the mutants do, which is what proves the mutants reach the shapes an IDE sees.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class ThrowsOnBrokenCodeAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("TEST0902", "Fragile", "Fragile", "Test", DiagnosticSeverity.Warning, true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(
            static c =>
            {
                if (c.Operation is IInvalidOperation || c.Operation.Syntax.ContainsDiagnostics)
                {
                    throw new InvalidCastException("deliberate fault: unchecked cast of incomplete syntax");
                }
            },
            OperationKind.Invalid,
            OperationKind.Invocation,
            OperationKind.PropertyReference);
    }
}

/// <summary>TEST0903: blocks on every invocation until released or 60 s pass, ignoring its token (an infinite loop in a user's IDE).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class HangingAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("TEST0903", "Hangs", "Hangs", "Test", DiagnosticSeverity.Warning, true);

    public ManualResetEventSlim Release { get; } = new(false);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(_ => Release.Wait(TimeSpan.FromSeconds(60)), OperationKind.Invocation);
    }
}

/// <summary>TEST0904: a string literal whose value is <c>"secret"</c>; the diagnostic the test-only fixers below act on.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class SecretLiteralAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "TEST0904";

    private static readonly DiagnosticDescriptor Rule = new(Id, "Secret literal", "Secret literal", "Test", DiagnosticSeverity.Warning, true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSyntaxNodeAction(
            static c =>
            {
                var literal = (LiteralExpressionSyntax)c.Node;
                if (literal.Token.ValueText == "secret")
                {
                    c.ReportDiagnostic(Diagnostic.Create(Rule, literal.GetLocation()));
                }
            },
            SyntaxKind.StringLiteralExpression);
    }
}

/// <summary>The shape the faulty fixers share: one action per TEST0904 diagnostic that rewrites the diagnostic's span.</summary>
internal abstract class SecretLiteralFixerBase : CodeFixProvider
{
    public sealed override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(SecretLiteralAnalyzer.Id);

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create(GetType().Name, ct => RewriteAsync(context.Document, diagnostic.Location.SourceSpan, ct), GetType().Name),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    protected virtual async Task<Document> RewriteAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        return document.WithText(text.WithChanges(new TextChange(span, Replacement)));
    }

    protected abstract string Replacement { get; }
}

/// <summary>A correct fixer (the control): <c>"secret"</c> becomes <c>"public"</c>, which compiles.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SoundSecretLiteralFixer)), Shared]
internal sealed class SoundSecretLiteralFixer : SecretLiteralFixerBase
{
    protected override string Replacement => "\"public\"";
}

/// <summary>Emits code that does not compile: an undeclared name and an unbalanced parenthesis.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BrokenCodeSecretLiteralFixer)), Shared]
internal sealed class BrokenCodeSecretLiteralFixer : SecretLiteralFixerBase
{
    protected override string Replacement => "ReadSecret(\"ACTION_SECRET\"";
}

/// <summary>Throws while registering its fixes.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ThrowingRegistrationFixer)), Shared]
internal sealed class ThrowingRegistrationFixer : SecretLiteralFixerBase
{
    protected override string Replacement => "\"public\"";

    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        throw new NullReferenceException("deliberate fault: RegisterCodeFixesAsync dereferenced a null syntax node");
}

/// <summary>Registers fine, throws when the action computes its change.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ThrowingActionFixer)), Shared]
internal sealed class ThrowingActionFixer : SecretLiteralFixerBase
{
    protected override string Replacement => "\"public\"";

    protected override Task<Document> RewriteAsync(Document document, TextSpan span, CancellationToken cancellationToken) =>
        throw new ArgumentOutOfRangeException(nameof(span), "deliberate fault: the action computed a span outside the document");
}
