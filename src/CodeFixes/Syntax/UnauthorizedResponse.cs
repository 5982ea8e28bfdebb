using System;
using ActionSecurity.Analyzers.Model;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActionSecurity.Analyzers.CodeFixes.Syntax;

/// <summary>How a handler answers 401 Unauthorized with no body, in its framework's idiom.</summary>
internal enum ResponseIdiom
{
    None,

    /// <summary><c>return Results.Unauthorized();</c></summary>
    Results,

    /// <summary><c>context.Response.StatusCode = StatusCodes.Status401Unauthorized; return;</c> (or <c>return Task.CompletedTask;</c>).</summary>
    StatusCode,

    /// <summary><c>return Unauthorized();</c> in a controller.</summary>
    ControllerUnauthorized,

    /// <summary><c>return new UnauthorizedResult();</c></summary>
    UnauthorizedResult,

    /// <summary><c>return req.CreateResponse(HttpStatusCode.Unauthorized);</c></summary>
    CreateResponse,

    /// <summary><c>return new APIGatewayProxyResponse { StatusCode = 401 };</c></summary>
    ApiGateway,

    /// <summary><c>return new JObject { ["statusCode"] = 401 };</c></summary>
    JObject,
}

/// <summary>Builds the answer a guard gives a request without the secret: 401 with no body.</summary>
internal static class UnauthorizedResponse
{
    /// <summary>The statements that answer 401 in <paramref name="idiom"/>; <paramref name="target"/> is the request, context or response type the idiom needs.</summary>
    public static StatementSyntax[] Statements(ResponseIdiom idiom, ExpressionSyntax? target, bool returnsValue, bool isAsync, TypeNames tn)
    {
        ExpressionSyntax value;
        switch (idiom)
        {
            case ResponseIdiom.Results:
                value = InvocationExpression(Member(tn.Expr(KnownTypeNames.MicrosoftAspNetCoreHttpResults), "Unauthorized"));
                break;
            case ResponseIdiom.ControllerUnauthorized:
                value = InvocationExpression(IdentifierName("Unauthorized"));
                break;
            case ResponseIdiom.UnauthorizedResult:
                value = ObjectCreationExpression(tn.Type(KnownTypeNames.MicrosoftAspNetCoreMvcUnauthorizedResult)).WithArgumentList(ArgumentList());
                break;
            case ResponseIdiom.CreateResponse:
                value = InvocationExpression(
                    Member(target!, "CreateResponse"),
                    ArgumentList(SingletonSeparatedList(Argument(Member(tn.Expr(KnownTypeNames.SystemNetHttpStatusCode), "Unauthorized")))));
                break;
            case ResponseIdiom.ApiGateway:
                value = ObjectCreationExpression((TypeSyntax)target!)
                    .WithInitializer(InitializerExpression(
                        SyntaxKind.ObjectInitializerExpression,
                        SingletonSeparatedList<ExpressionSyntax>(AssignmentExpression(
                            SyntaxKind.SimpleAssignmentExpression, IdentifierName("StatusCode"), NumericLiteral(401)))));
                break;
            case ResponseIdiom.JObject:
                value = ObjectCreationExpression(tn.Type(KnownTypeNames.NewtonsoftJsonLinqJObject))
                    .WithInitializer(InitializerExpression(
                        SyntaxKind.ObjectInitializerExpression,
                        SingletonSeparatedList<ExpressionSyntax>(AssignmentExpression(
                            SyntaxKind.SimpleAssignmentExpression,
                            ImplicitElementAccess(BracketedArgumentList(SingletonSeparatedList(Argument(HeaderRead.Name("statusCode"))))),
                            NumericLiteral(401)))));
                break;
            case ResponseIdiom.StatusCode:
            {
                var set = ExpressionStatement(AssignmentExpression(
                    SyntaxKind.SimpleAssignmentExpression,
                    Member(Member(target!, "Response"), "StatusCode"),
                    Member(tn.Expr(KnownTypeNames.MicrosoftAspNetCoreHttpStatusCodes), "Status401Unauthorized")));
                StatementSyntax exit = returnsValue && !isAsync
                    ? ReturnStatement(Member(tn.Expr(KnownTypeNames.SystemThreadingTasksTask), "CompletedTask"))
                    : ReturnStatement();
                return new[] { set, exit };
            }

            default:
                throw new InvalidOperationException("No response idiom.");
        }

        return new StatementSyntax[] { ReturnStatement(value) };
    }

    private static MemberAccessExpressionSyntax Member(ExpressionSyntax expression, string name)
        => MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, expression, IdentifierName(name));

    private static LiteralExpressionSyntax NumericLiteral(int value)
        => LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(value));
}
