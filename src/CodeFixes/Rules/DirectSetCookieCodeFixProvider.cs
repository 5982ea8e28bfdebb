using System.Composition;
using System.Text;
using System.Threading;
using ActionSecurity.Analyzers.CodeFixes.Infrastructure;
using ActionSecurity.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActionSecurity.Analyzers.CodeFixes.Rules;

/// <summary>
/// AS0005: sends the cookie's value in a response header instead of a cookie, where the handler owns the response:
/// <c>R.Cookies.Append("session", value[, options])</c> as a statement, with <c>R</c> an ASP.NET Core <c>HttpResponse</c>
/// (or a Functions worker <c>HttpResponseData</c>) named by a side-effect-free expression and a constant cookie name,
/// becomes <c>R.Headers["X-Session"] = value</c> (<c>R.Headers.Add("X-Session", value)</c>). No fix elsewhere.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DirectSetCookieCodeFixProvider)), Shared]
public sealed class DirectSetCookieCodeFixProvider : ActionSecurityCodeFixProvider
{
    private const string Title = "Send the value in a response header instead";
    private static readonly string Key = EquivalenceKeys.For(DiagnosticIds.DirectSetCookie, "MoveToResponseHeader");

    public DirectSetCookieCodeFixProvider()
        : base(Title, Key, DiagnosticIds.DirectSetCookie)
    {
    }

    private protected override bool CanFix(FixRequest request, Diagnostic diagnostic)
        => Plan(request.Root, request.Model, diagnostic, request.CancellationToken) is not null;

    private protected override void Apply(FixPass pass, Diagnostic diagnostic)
    {
        var editor = pass.Editor;
        var cancellationToken = pass.CancellationToken;
        var plan = Plan(editor.OriginalRoot, editor.SemanticModel, diagnostic, cancellationToken);
        if (plan is not null)
        {
            var (invocation, replacement) = plan.Value;
            editor.ReplaceNode(invocation, (current, _) => replacement.WithTriviaFrom(current));
        }
    }

    /// <summary>The invocation to replace and its replacement, or null when the handler does not own the response.</summary>
    private static (InvocationExpressionSyntax Invocation, ExpressionSyntax Replacement)? Plan(
        SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation
            || invocation.Span != diagnostic.Location.SourceSpan
            || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation
            || operation.Parent is not IExpressionStatementOperation)
        {
            return null;
        }

        var types = CookieTypes.GetOrCreate(model.Compilation);
        var write = CookieWrites.Classify(operation, types, cancellationToken);
        if (write is null || write.Kind is not (CookieWriteKind.AspNetCoreAppend or CookieWriteKind.WorkerAppend)
            || write.Response is null || write.Name is null || write.Value is null
            || (write.Kind == CookieWriteKind.WorkerAppend && write.Carrier is not null)
            || !IsStable(write.Response)
            || write.Name.Value.ConstantValue is not { HasValue: true, Value: string cookieName }
            || HeaderNameFor(cookieName) is not { } header
            || write.Value.Value.Syntax is not ExpressionSyntax value
            || write.Response.Syntax is not ExpressionSyntax response)
        {
            return null;
        }

        var headers = MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, response.WithoutTrivia(), IdentifierName("Headers"));
        var name = LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(header));
        ExpressionSyntax replacement = write.Kind == CookieWriteKind.AspNetCoreAppend
            ? AssignmentExpression(
                SyntaxKind.SimpleAssignmentExpression,
                ElementAccessExpression(headers, BracketedArgumentList(SingletonSeparatedList(Argument(name)))),
                value.WithoutTrivia())
            : InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, headers, IdentifierName("Add")),
                ArgumentList(SeparatedList(new[] { Argument(name), Argument(value.WithoutTrivia()) })));
        return (invocation, replacement.WithAdditionalAnnotations(Formatter.Annotation));
    }

    /// <summary>An expression that names the same response when evaluated again: locals, parameters, this, fields and properties of those.</summary>
    private static bool IsStable(IOperation operation)
    {
        switch (operation)
        {
            case ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation:
                return true;
            case IFieldReferenceOperation field:
                return field.Instance is null || IsStable(field.Instance);
            case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                return property.Instance is null || IsStable(property.Instance);
            default:
                return false;
        }
    }

    /// <summary>
    /// The header a cookie's value moves to: <c>X-</c> and the cookie name's words, each capitalised and joined with
    /// <c>-</c> (<c>session</c> → <c>X-Session</c>, <c>session_token</c> and <c>sessionToken</c> → <c>X-Session-Token</c>,
    /// <c>.AspNetCore.Session</c> → <c>X-Asp-Net-Core-Session</c>). A leading <c>x</c> word is not doubled. Null when the name
    /// has no letters or digits.
    /// </summary>
    internal static string? HeaderNameFor(string cookieName)
    {
        var words = new System.Collections.Generic.List<string>();
        var word = new StringBuilder();
        for (var i = 0; i < cookieName.Length; i++)
        {
            var c = cookieName[i];
            if (c > 127 || !char.IsLetterOrDigit(c))
            {
                Flush();
                continue;
            }

            var startsWord = word.Length > 0 && char.IsUpper(c)
                             && (char.IsLower(cookieName[i - 1]) || char.IsDigit(cookieName[i - 1])
                                 || (i + 1 < cookieName.Length && char.IsLower(cookieName[i + 1]) && char.IsUpper(cookieName[i - 1])));
            if (startsWord)
                Flush();
            word.Append(c);
        }

        Flush();
        if (words.Count > 1 && words[0] == "X")
            words.RemoveAt(0);
        if (words.Count == 0)
            return null;
        return "X-" + string.Join("-", words);

        void Flush()
        {
            if (word.Length == 0)
                return;
            var text = word.ToString();
            words.Add(char.ToUpperInvariant(text[0]) + text.Substring(1).ToLowerInvariant());
            word.Clear();
        }
    }
}
