using ActionSecurity.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActionSecurity.Analyzers.CodeFixes.Syntax;

/// <summary>Builds reads of a request header in each hosting model's own idiom.</summary>
internal static class HeaderRead
{
    /// <summary>The header collection member that replaces a query collection member (<c>Query</c> → <c>Headers</c>).</summary>
    public static string? HeaderMemberFor(RequestFramework framework, string queryMember) => (framework, queryMember) switch
    {
        (RequestFramework.AspNetCore, "Query") => "Headers",
        (RequestFramework.SystemWeb, "QueryString" or "Params") => "Headers",
        (RequestFramework.HttpListener, "QueryString") => "Headers",
        (RequestFramework.AwsLambda, "QueryStringParameters") => "Headers",
        (RequestFramework.AwsLambda, "MultiValueQueryStringParameters") => "MultiValueHeaders",
        _ => null,
    };

    /// <summary>
    /// The header a secret read from the query key <paramref name="queryKey"/> moves to: <c>X-</c> and the key's words,
    /// each capitalised, joined by <c>-</c> (<c>api_key</c> and <c>apiKey</c> → <c>X-Api-Key</c>, <c>token</c> →
    /// <c>X-Token</c>, <c>secret</c> → <c>X-Secret</c>, <c>X-Hub-Signature</c> stays). A key that cannot be written as a
    /// header name gets <paramref name="fallback"/>. The header has the key's words, so the name the AS0001 fix derives
    /// from it (<c>API_KEY</c>) is the same before and after this fix.
    /// </summary>
    public static string NameFor(string? queryKey, string fallback)
    {
        var words = SecretStoreRead.Words(queryKey);
        if (words.Count == 0)
            return fallback;
        var builder = new System.Text.StringBuilder("X");
        foreach (var word in words)
        {
            foreach (var character in word)
            {
                if (character is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')))
                    return fallback;
            }

            builder.Append('-').Append(char.ToUpperInvariant(word[0])).Append(word.Substring(1).ToLowerInvariant());
        }

        return builder.ToString();
    }

    public static LiteralExpressionSyntax Name(string header)
        => LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(header));

    /// <summary><c>request.Headers["X-Action-Secret"]</c> for ASP.NET Core, System.Web and HttpListener requests.</summary>
    public static ElementAccessExpressionSyntax Indexer(ExpressionSyntax request, string header)
        => ElementAccessExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, request.WithoutTrivia(), IdentifierName("Headers")),
            BracketedArgumentList(SingletonSeparatedList(Argument(Name(header)))));

    /// <summary>
    /// <c>(string?)request.Headers["X-Action-Secret"]</c>: an ASP.NET Core header as a string that is null when the header
    /// is missing, the way a <c>NameValueCollection</c> answers.
    /// </summary>
    public static ExpressionSyntax AsNullableString(ExpressionSyntax request, string header, bool nullableAnnotations)
    {
        TypeSyntax stringType = PredefinedType(Token(SyntaxKind.StringKeyword));
        if (nullableAnnotations)
            stringType = NullableType(stringType);
        return ParenthesizedExpression(CastExpression(stringType, Indexer(request, header)))
            .WithAdditionalAnnotations(Simplifier.Annotation);
    }

    /// <summary><c>request.Headers["X-Action-Secret"].ToString()</c>: an ASP.NET Core header as a string, empty when missing.</summary>
    public static ExpressionSyntax AsString(ExpressionSyntax request, string header)
        => InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Indexer(request, header), IdentifierName("ToString")));

    /// <summary>
    /// <c>request.Headers.TryGetValues("X-Action-Secret", out var values) ? string.Join(",", values) : null)</c> for the
    /// Azure Functions isolated worker, whose header collection has no string indexer. Joined with commas like
    /// <c>NameValueCollection</c>, so it can replace a read of <c>HttpRequestData.Query</c>.
    /// </summary>
    public static ExpressionSyntax WorkerHeaderValue(ExpressionSyntax request, string header, string valuesName)
        => ParenthesizedExpression(WorkerHeader(request, header, valuesName, LiteralExpression(SyntaxKind.NullLiteralExpression)))
            .WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);

    /// <summary>As <see cref="WorkerHeaderValue"/>, but <c>string.Empty</c> when the header is missing.</summary>
    public static ExpressionSyntax WorkerHeaderOrEmpty(ExpressionSyntax request, string header, string valuesName)
        => WorkerHeader(request, header, valuesName, EmptyString());

    private static ConditionalExpressionSyntax WorkerHeader(ExpressionSyntax request, string header, string valuesName, ExpressionSyntax whenMissing)
        => ConditionalExpression(
            InvocationExpression(
                Member(Member(request.WithoutTrivia(), "Headers"), "TryGetValues"),
                ArgumentList(SeparatedList(new[] { Argument(Name(header)), OutVar(valuesName) }))),
            InvocationExpression(
                Member(PredefinedType(Token(SyntaxKind.StringKeyword)), "Join"),
                ArgumentList(SeparatedList(new[] { Argument(LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(","))), Argument(IdentifierName(valuesName)) }))),
            whenMissing);

    /// <summary>
    /// <c>request.Headers != null &amp;&amp; request.Headers.TryGetValue("X-Action-Secret", out var value) ? value : string.Empty</c>
    /// for an API Gateway request of AWS Lambda.
    /// </summary>
    public static ExpressionSyntax LambdaHeaderOrEmpty(ExpressionSyntax request, string header, string valueName)
        => ConditionalExpression(
            BinaryExpression(
                SyntaxKind.LogicalAndExpression,
                BinaryExpression(SyntaxKind.NotEqualsExpression, Member(request, "Headers"), LiteralExpression(SyntaxKind.NullLiteralExpression)),
                InvocationExpression(
                    Member(Member(request, "Headers"), "TryGetValue"),
                    ArgumentList(SeparatedList(new[] { Argument(Name(header)), OutVar(valueName) })))),
            IdentifierName(valueName),
            EmptyString());

    /// <summary><c>(string?)args["__ow_headers"]?["x-action-secret"] ?? string.Empty</c>: OpenWhisk passes headers lower-cased.</summary>
    public static ExpressionSyntax OpenWhiskHeaderOrEmpty(ExpressionSyntax args, string header, bool nullableAnnotations)
    {
        TypeSyntax stringType = PredefinedType(Token(SyntaxKind.StringKeyword));
        if (nullableAnnotations)
            stringType = NullableType(stringType);
        var headers = ElementAccessExpression(args, BracketedArgumentList(SingletonSeparatedList(Argument(Name("__ow_headers")))));
        var value = ConditionalAccessExpression(
            headers,
            ElementBindingExpression(BracketedArgumentList(SingletonSeparatedList(Argument(Name(header.ToLowerInvariant()))))));
        return BinaryExpression(SyntaxKind.CoalesceExpression, CastExpression(stringType, value), EmptyString());
    }

    /// <summary><c>string.Empty</c>.</summary>
    public static ExpressionSyntax EmptyString() => Member(PredefinedType(Token(SyntaxKind.StringKeyword)), "Empty");

    private static MemberAccessExpressionSyntax Member(ExpressionSyntax expression, string name)
        => MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, expression, IdentifierName(name));

    private static ArgumentSyntax OutVar(string name)
        => Argument(DeclarationExpression(IdentifierName("var"), SingleVariableDesignation(Identifier(name)))).WithRefKindKeyword(Token(SyntaxKind.OutKeyword));

    /// <summary><c>[FromHeader(Name = "X-Action-Secret")]</c>, with the type name left for the simplifier to shorten and import.</summary>
    public static AttributeSyntax FromHeaderAttribute(string header)
        => Attribute(
            ParseName("Microsoft.AspNetCore.Mvc.FromHeader").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation),
            AttributeArgumentList(SingletonSeparatedList(
                AttributeArgument(Name(header)).WithNameEquals(NameEquals(IdentifierName("Name"))))));
}
