using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.CodeFixes.Infrastructure;
using ActionSecurity.Analyzers.Infrastructure;
using ActionSecurity.Analyzers.Model;
using ActionSecurity.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActionSecurity.Analyzers.CodeFixes.Rules;

/// <summary>AS0007: answers a failed secret check with the framework's 401 (or the 403 it already chose) and no body.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AuthFailureStatusCodeFixProvider)), Shared]
public sealed class AuthFailureStatusCodeFixProvider : ActionSecurityCodeFixProvider
{
    private const string Title = "Answer 401 Unauthorized with no body";
    private static readonly string Key = EquivalenceKeys.For(DiagnosticIds.AuthFailureStatus, "AnswerUnauthorized");

    public AuthFailureStatusCodeFixProvider()
        : base(DiagnosticIds.AuthFailureStatus)
    {
    }

    private protected override Task OfferAsync(FixRequest request, Diagnostic diagnostic)
    {
        if (Plan(request.Root, request.Model, diagnostic, request.CancellationToken) is { } plan)
            request.Offer(plan.Status == 403 ? "Answer 403 Forbidden with no body" : Title, Key, diagnostic);
        return Task.CompletedTask;
    }

    private protected override void Apply(FixPass pass, Diagnostic diagnostic)
    {
        var editor = pass.Editor;
        var cancellationToken = pass.CancellationToken;
        var plan = Plan(editor.OriginalRoot, editor.SemanticModel, diagnostic, cancellationToken);
        if (plan is { } p)
            editor.ReplaceNode(p.Target, p.Replacement.WithTriviaFrom(p.Target));
    }

    private readonly struct FixPlan
    {
        public FixPlan(SyntaxNode target, SyntaxNode replacement, int status)
        {
            Target = target;
            Replacement = replacement;
            Status = status;
        }

        public SyntaxNode Target { get; }
        public SyntaxNode Replacement { get; }
        public int Status { get; }
    }

    private static FixPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Kind, out var kind) || kind is null)
            return null;
        var status = diagnostic.Properties.TryGetValue(DiagnosticProperties.Status, out var statusText) && statusText == "403" ? 403 : 401;
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var responses = HttpResponses.GetOrCreate(model.Compilation);

        switch (kind)
        {
            case AuthFailureStatusAnalyzer.KindThrow:
            {
                var throwStatement = node.FirstAncestorOrSelf<ThrowStatementSyntax>();
                if (throwStatement is null || throwStatement.Span != diagnostic.Location.SourceSpan)
                    return null;
                var answer = BuildReturnedAnswer(throwStatement, model, responses, cancellationToken);
                if (answer is null)
                    return null;
                var statement = ReturnStatement(answer).WithAdditionalAnnotations(Formatter.Annotation);
                return new FixPlan(throwStatement, statement, 401);
            }

            case AuthFailureStatusAnalyzer.KindStatusValue:
            {
                if (node is not ExpressionSyntax value || value.Span != diagnostic.Location.SourceSpan)
                    return null;
                var replacement = StatusValue(value, model, responses, cancellationToken);
                return replacement is not null && Converts(model, value, replacement, cancellationToken)
                    ? new FixPlan(value, replacement, 401)
                    : null;
            }

            case AuthFailureStatusAnalyzer.KindResult or AuthFailureStatusAnalyzer.KindBody:
            {
                var expression = node.FirstAncestorOrSelf<ExpressionSyntax>(e => e is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax);
                if (expression is null || expression.Span != diagnostic.Location.SourceSpan)
                    return null;
                var replacement = model.GetOperation(expression, cancellationToken) switch
                {
                    IInvocationOperation invocation => ReplaceInvocation(expression, invocation, status, responses),
                    IObjectCreationOperation creation => ReplaceCreation(expression, creation, status, responses),
                    _ => null,
                };
                return replacement is not null && Converts(model, expression, replacement, cancellationToken)
                    ? new FixPlan(expression, replacement, status)
                    : null;
            }

            default:
                return null;
        }
    }

    /// <summary><c>Results.Unauthorized()</c>, <c>Unauthorized()</c>, <c>StatusCode(403)</c>, <c>req.CreateResponse(HttpStatusCode.Unauthorized)</c>.</summary>
    private static ExpressionSyntax? ReplaceInvocation(ExpressionSyntax expression, IInvocationOperation invocation, int status, HttpResponses responses)
    {
        if (expression is not InvocationExpressionSyntax syntax)
            return null;
        var method = invocation.TargetMethod;
        if (method.Name is "CreateResponse" or "CreateErrorResponse")
        {
            if (syntax.Expression is not MemberAccessExpressionSyntax access || responses.HttpStatusCode is null)
                return null;
            ExpressionSyntax? current = null;
            foreach (var argument in invocation.Arguments)
            {
                if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, responses.HttpStatusCode) && argument.Syntax is ArgumentSyntax argumentSyntax)
                    current = argumentSyntax.Expression;
            }

            var statusValue = current is not null ? EnumMember(current, status) : QualifiedStatus(status);
            return syntax
                .WithExpression(access.WithName(IdentifierName("CreateResponse")))
                .WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(statusValue))));
        }

        var name = status == 403 ? "StatusCode" : "Unauthorized";
        var arguments = status == 403
            ? ArgumentList(SingletonSeparatedList(Argument(LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(403)))))
            : ArgumentList();
        ExpressionSyntax? callee = syntax.Expression switch
        {
            MemberAccessExpressionSyntax access => access.WithName(IdentifierName(name)),
            IdentifierNameSyntax or GenericNameSyntax => IdentifierName(name).WithTriviaFrom(syntax.Expression),
            _ => null,
        };
        return callee is null ? null : syntax.WithExpression(callee).WithArgumentList(arguments.WithTriviaFrom(syntax.ArgumentList));
    }

    /// <summary><c>new UnauthorizedResult()</c>, <c>new StatusCodeResult(403)</c>, <c>new HttpResponseMessage(HttpStatusCode.Unauthorized)</c>.</summary>
    private static ExpressionSyntax? ReplaceCreation(ExpressionSyntax expression, IObjectCreationOperation creation, int status, HttpResponses responses)
    {
        if (creation.Type is null)
            return null;
        if (responses.HttpResponseMessage is not null && creation.Type.InheritsFromOrEquals(responses.HttpResponseMessage))
        {
            return ObjectCreationExpression(TypeName(responses.HttpResponseMessage))
                .WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(QualifiedStatus(status)))));
        }

        if (status == 403)
        {
            return responses.StatusCodeResult is null
                ? null
                : ObjectCreationExpression(TypeName(responses.StatusCodeResult))
                    .WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(403))))));
        }

        return responses.UnauthorizedResult is null
            ? null
            : ObjectCreationExpression(TypeName(responses.UnauthorizedResult)).WithArgumentList(ArgumentList());
    }

    /// <summary>The expression a handler returns instead of throwing, in its own framework's idiom.</summary>
    private static ExpressionSyntax? BuildReturnedAnswer(ThrowStatementSyntax throwStatement, SemanticModel model, HttpResponses responses, CancellationToken cancellationToken)
    {
        IMethodSymbol? function = null;
        var isAsync = false;
        foreach (var ancestor in throwStatement.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax lambda:
                    function = model.GetSymbolInfo(lambda, cancellationToken).Symbol as IMethodSymbol;
                    isAsync = lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                    break;
                case LocalFunctionStatementSyntax local:
                    function = model.GetDeclaredSymbol(local, cancellationToken) as IMethodSymbol;
                    isAsync = local.Modifiers.Any(SyntaxKind.AsyncKeyword);
                    break;
                case MethodDeclarationSyntax method:
                    function = model.GetDeclaredSymbol(method, cancellationToken);
                    isAsync = method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                    break;
                default:
                    continue;
            }

            break;
        }

        if (function is null || function.ReturnsVoid)
            return null;
        var returnType = function.ReturnType;
        var unwrapped = HttpResponses.UnwrapTask(returnType);
        if (!ReferenceEquals(unwrapped, returnType) && !isAsync)
            return null;
        if (ReferenceEquals(unwrapped, returnType) && isAsync)
            return null;

        var types = responses.Types;
        ExpressionSyntax? answer = null;
        if (responses.IResult is not null && unwrapped.IsOrDerivesFrom(responses.IResult) && types.Results is not null)
        {
            answer = InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeName(types.Results), IdentifierName("Unauthorized")));
        }
        else if (responses.IActionResult is not null && (unwrapped.IsOrDerivesFrom(responses.IActionResult)
                 || unwrapped is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, responses.ActionResultOfT)))
        {
            answer = function.ContainingType.InheritsFromOrEquals(types.ControllerBase) && !function.IsStatic
                ? InvocationExpression(IdentifierName("Unauthorized"))
                : responses.UnauthorizedResult is null ? null : ObjectCreationExpression(TypeName(responses.UnauthorizedResult)).WithArgumentList(ArgumentList());
        }
        else if (unwrapped.InheritsFromOrEquals(types.APIGatewayProxyResponse) || unwrapped.InheritsFromOrEquals(types.APIGatewayHttpApiV2ProxyResponse))
        {
            answer = ObjectCreationExpression(TypeName((INamedTypeSymbol)unwrapped))
                .WithInitializer(InitializerExpression(
                    SyntaxKind.ObjectInitializerExpression,
                    SingletonSeparatedList<ExpressionSyntax>(AssignmentExpression(
                        SyntaxKind.SimpleAssignmentExpression,
                        IdentifierName("StatusCode"),
                        LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(401))))));
        }
        else if (unwrapped.InheritsFromOrEquals(types.HttpResponseData))
        {
            foreach (var parameter in function.Parameters)
            {
                if (parameter.Type.InheritsFromOrEquals(types.HttpRequestData))
                {
                    answer = InvocationExpression(
                        MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(parameter.Name), IdentifierName("CreateResponse")),
                        ArgumentList(SingletonSeparatedList(Argument(QualifiedStatus(401)))));
                    break;
                }
            }
        }
        else if (responses.HttpResponseMessage is not null && unwrapped.InheritsFromOrEquals(responses.HttpResponseMessage))
        {
            answer = ObjectCreationExpression(TypeName(responses.HttpResponseMessage))
                .WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(QualifiedStatus(401)))));
        }

        if (answer is null)
            return null;
        var speculative = model.GetSpeculativeTypeInfo(throwStatement.SpanStart, answer, SpeculativeBindingOption.BindAsExpression).Type;
        if (speculative is null || speculative.TypeKind == TypeKind.Error)
            return null;
        var conversion = model.Compilation.ClassifyConversion(speculative, unwrapped);
        return conversion.Exists && conversion.IsImplicit ? answer : null;
    }

    /// <summary>The 401 in the form of the original status value: <c>401</c>, <c>StatusCodes.Status401Unauthorized</c>, <c>HttpStatusCode.Unauthorized</c>, casts kept.</summary>
    private static ExpressionSyntax? StatusValue(ExpressionSyntax value, SemanticModel model, HttpResponses responses, CancellationToken cancellationToken)
    {
        switch (value)
        {
            case ParenthesizedExpressionSyntax parenthesized:
            {
                var inner = StatusValue(parenthesized.Expression, model, responses, cancellationToken);
                return inner is null ? null : parenthesized.WithExpression(inner);
            }

            case CastExpressionSyntax cast:
            {
                var inner = StatusValue(cast.Expression, model, responses, cancellationToken);
                return inner is null ? null : cast.WithExpression(inner);
            }

            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NumericLiteralExpression):
                return LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(401)).WithTriviaFrom(literal);

            case MemberAccessExpressionSyntax or IdentifierNameSyntax:
            {
                var symbol = model.GetSymbolInfo(value, cancellationToken).Symbol;
                if (symbol is IFieldSymbol field)
                {
                    if (SymbolEqualityComparer.Default.Equals(field.ContainingType, responses.StatusCodes))
                        return Rename(value, "Status401Unauthorized");
                    if (SymbolEqualityComparer.Default.Equals(field.ContainingType, responses.HttpStatusCode))
                        return Rename(value, "Unauthorized");
                }

                break;
            }
        }

        var type = model.GetTypeInfo(value, cancellationToken).Type;
        if (type?.SpecialType == SpecialType.System_Int32)
            return LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(401));
        if (type is not null && SymbolEqualityComparer.Default.Equals(type, responses.HttpStatusCode))
            return QualifiedStatus(401);
        return null;
    }

    private static ExpressionSyntax EnumMember(ExpressionSyntax current, int status)
    {
        var name = status == 403 ? "Forbidden" : "Unauthorized";
        return current is MemberAccessExpressionSyntax or IdentifierNameSyntax ? Rename(current, name) : QualifiedStatus(status);
    }

    private static ExpressionSyntax Rename(ExpressionSyntax value, string name) => value switch
    {
        MemberAccessExpressionSyntax access => access.WithName(IdentifierName(name).WithTriviaFrom(access.Name)),
        _ => IdentifierName(name).WithTriviaFrom(value),
    };

    /// <summary><c>System.Net.HttpStatusCode.Unauthorized</c>, reduced to <c>HttpStatusCode.Unauthorized</c> with a using.</summary>
    private static ExpressionSyntax QualifiedStatus(int status)
        => MemberAccessExpression(
            SyntaxKind.SimpleMemberAccessExpression,
            ParseName(KnownTypeNames.SystemNetHttpStatusCode).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation),
            IdentifierName(status == 403 ? "Forbidden" : "Unauthorized"));

    private static TypeSyntax TypeName(INamedTypeSymbol type)
    {
        var full = type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.Name : type.Name;
        return ParseName(full).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
    }

    /// <summary>The replacement converts to what the original expression was converted to, so the fix compiles.</summary>
    private static bool Converts(SemanticModel model, ExpressionSyntax original, ExpressionSyntax replacement, CancellationToken cancellationToken)
    {
        var info = model.GetTypeInfo(original, cancellationToken);
        var target = info.ConvertedType ?? info.Type;
        if (target is null || target.TypeKind == TypeKind.Error)
            return false;
        var speculative = model.GetSpeculativeTypeInfo(original.SpanStart, replacement, SpeculativeBindingOption.BindAsExpression).Type;
        if (speculative is null || speculative.TypeKind == TypeKind.Error)
            return false;
        if (!SymbolEqualityComparer.Default.Equals(speculative, info.Type) && original.Parent is not null
            && IsInferredLambdaReturn(model, original, cancellationToken))
        {
            // A lambda whose return type is inferred from its returns would infer another type.
            var conversion = model.Compilation.ClassifyConversion(speculative, target);
            return conversion.IsIdentity;
        }

        var classified = model.Compilation.ClassifyConversion(speculative, target);
        return classified.Exists && classified.IsImplicit;
    }

    private static bool IsInferredLambdaReturn(SemanticModel model, ExpressionSyntax expression, CancellationToken cancellationToken)
    {
        var parent = expression.Parent;
        while (parent is ParenthesizedExpressionSyntax or ConditionalExpressionSyntax)
            parent = parent.Parent;
        if (parent is not (ReturnStatementSyntax or AnonymousFunctionExpressionSyntax or AwaitExpressionSyntax))
            return false;
        var lambda = expression.FirstAncestorOrSelf<AnonymousFunctionExpressionSyntax>();
        if (lambda is null || lambda is ParenthesizedLambdaExpressionSyntax { ReturnType: not null })
            return false;
        var local = expression.FirstAncestorOrSelf<LocalFunctionStatementSyntax>();
        if (local is not null && lambda.Span.Contains(local.Span))
            return false;
        var method = model.GetSymbolInfo(lambda, cancellationToken).Symbol as IMethodSymbol;
        return method is not null && lambda.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax invocation }
               && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { Parameters.Length: > 0 } target
               && HasDelegateParameter(target);
    }

    private static bool HasDelegateParameter(IMethodSymbol method)
    {
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Type is INamedTypeSymbol { Name: "Delegate", ContainingNamespace.Name: "System" })
                return true;
        }

        return false;
    }
}
