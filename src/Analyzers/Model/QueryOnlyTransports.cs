using System;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ActionSecurity.Analyzers.Model;

/// <summary>
/// AS0002: requests whose sender cannot set a header, so a single-purpose token has to travel in the URL and moving it
/// to a header would break the feature: a browser's WebSocket or Server-Sent Events connection to a SignalR hub, a
/// redirect hop the application sends the browser through, a download link a browser follows, and a page that a link
/// in an e-mail opens.
/// </summary>
internal static class QueryOnlyTransports
{
    /// <summary>A read inside a SignalR hub: the browser opens the connection and can only put a token in its URL.</summary>
    public static bool IsHubConnection(ISymbol? containingSymbol, INamedTypeSymbol? hub)
        => hub is not null && containingSymbol?.ContainingType is { } type && type.InheritsFromOrEquals(hub);

    /// <summary>
    /// True when <paramref name="action"/> is the target of a redirect its own controller sends
    /// (<c>RedirectToAction(nameof(Action), new { parameter })</c>) carrying <paramref name="parameter"/>: the browser
    /// follows the redirect and cannot add a header to it.
    /// </summary>
    public static bool IsRedirectHop(IMethodSymbol action, string parameter, CancellationToken cancellationToken)
    {
        foreach (var reference in action.ContainingType.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
            {
                if (node is not InvocationExpressionSyntax { ArgumentList.Arguments: { Count: >= 2 } arguments } invocation
                    || NameOf(invocation.Expression) is not ("RedirectToAction" or "RedirectToActionPermanent" or "RedirectToActionPreserveMethod"
                        or "RedirectToActionPermanentPreserveMethod")
                    || TargetName(arguments[0].Expression) != action.Name)
                {
                    continue;
                }

                foreach (var argument in arguments)
                {
                    if (argument.Expression is not AnonymousObjectCreationExpressionSyntax routeValues)
                        continue;
                    foreach (var member in routeValues.Initializers)
                    {
                        var name = member.NameEquals?.Name.Identifier.ValueText ?? NameOf(member.Expression);
                        if (string.Equals(name, parameter, StringComparison.OrdinalIgnoreCase))
                            return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// True when a GET action answers with a file (<c>File(...)</c>, <c>PhysicalFile(...)</c>, <c>new FileStreamResult(...)</c>):
    /// a download link that a browser follows, where a signed, time-limited token must sit in the URL.
    /// </summary>
    public static bool IsDownloadLink(IMethodSymbol action, KnownTypes types, CancellationToken cancellationToken)
    {
        if (!Controllers.AnswersGetOnly(action, types))
            return false;
        foreach (var reference in action.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
            {
                switch (node)
                {
                    case InvocationExpressionSyntax invocation when NameOf(invocation.Expression) is "File" or "PhysicalFile" or "VirtualFile":
                    case ObjectCreationExpressionSyntax { Type: var type } when NameOf(type) is "FileStreamResult" or "FileContentResult" or "PhysicalFileResult" or "VirtualFileResult":
                        return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// True when a GET action is a page: every <c>return</c> of its body (lambdas and local functions aside), or its
    /// expression body, answers a view, a redirect or a plain <c>NotFound()</c>
    /// (<see cref="HandlerScope.PageAnswerOf"/>, read from syntax like the other transports here), and one answers a view.
    /// A page is what a link in an e-mail opens (a password-reset or account-activation link), and a link carries its
    /// single-purpose token in the URL.
    /// </summary>
    public static bool IsLinkedPage(IMethodSymbol action, KnownTypes types, CancellationToken cancellationToken)
    {
        if (!Controllers.AnswersGetOnly(action, types))
            return false;
        var view = false;
        foreach (var reference in action.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration)
                return false;
            if (declaration.ExpressionBody is { } arrow && !IsPageAnswer(arrow.Expression, ref view))
                return false;
            if (declaration.Body is null)
                continue;
            foreach (var node in declaration.Body.DescendantNodes(descendIntoChildren: static n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (node is ReturnStatementSyntax returned && (returned.Expression is null || !IsPageAnswer(returned.Expression, ref view)))
                    return false;
            }
        }

        return view;

        static bool IsPageAnswer(ExpressionSyntax expression, ref bool view)
        {
            if (expression is AwaitExpressionSyntax awaited)
                expression = awaited.Expression;
            if (expression is not InvocationExpressionSyntax invocation || NameOf(invocation.Expression) is not { } name)
                return false;
            switch (HandlerScope.PageAnswerOf(name, invocation.ArgumentList.Arguments.Count))
            {
                case HandlerScope.PageAnswerKind.View:
                    view = true;
                    return true;
                case HandlerScope.PageAnswerKind.Other:
                    return true;
                default:
                    return false;
            }
        }
    }

    /// <summary>True for a key or parameter named as a token (<c>token</c>, <c>downloadToken</c>), not as a key or password.</summary>
    public static bool NamesToken(string name) => SecretNames.ContainsWord(name, "token");

    private static string? NameOf(SyntaxNode expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The action a redirect names: <c>nameof(Action)</c> or <c>"Action"</c>.</summary>
    private static string? TargetName(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => literal.Token.ValueText,
        InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" }, ArgumentList.Arguments: { Count: 1 } nameofArguments }
            => NameOf(nameofArguments[0].Expression),
        _ => null,
    };
}
