using ActionSecurity.Analyzers.Infrastructure;
using ActionSecurity.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActionSecurity.Analyzers.CodeFixes.Syntax;

/// <summary>What a compared value is; decides how it becomes the bytes <c>FixedTimeEquals</c> compares.</summary>
internal enum OperandKind
{
    /// <summary>A <c>string</c>: compared as <c>Encoding.UTF8.GetBytes(value)</c>.</summary>
    String,

    /// <summary>A <c>Microsoft.Extensions.Primitives.StringValues</c> (a header or query value): compared as <c>value.ToString()</c>, never null.</summary>
    StringValues,

    /// <summary>A <c>byte[]</c>: compared directly.</summary>
    ByteArray,

    /// <summary>A <c>Span&lt;byte&gt;</c> or <c>ReadOnlySpan&lt;byte&gt;</c>: compared directly.</summary>
    ByteSpan,
}

/// <summary>One side of a constant-time comparison: the expression and what it is.</summary>
internal readonly struct ComparisonOperand
{
    private ComparisonOperand(ExpressionSyntax expression, OperandKind kind, bool mayBeNull)
    {
        Expression = expression;
        Kind = kind;
        MayBeNull = mayBeNull;
    }

    public ExpressionSyntax Expression { get; }

    public OperandKind Kind { get; }

    /// <summary>For strings: whether the value can be null, so a provided value needs <c>?? ""</c>.</summary>
    public bool MayBeNull { get; }

    public bool IsText => Kind is OperandKind.String or OperandKind.StringValues;

    public static ComparisonOperand String(ExpressionSyntax expression, bool mayBeNull = true) => new(expression, OperandKind.String, mayBeNull);

    public static ComparisonOperand StringValues(ExpressionSyntax expression) => new(expression, OperandKind.StringValues, mayBeNull: false);

    public static ComparisonOperand ByteArray(ExpressionSyntax expression) => new(expression, OperandKind.ByteArray, mayBeNull: false);

    public static ComparisonOperand ByteSpan(ExpressionSyntax expression) => new(expression, OperandKind.ByteSpan, mayBeNull: false);
}

/// <summary>How the comparison makes sure the expected secret is not missing before it compares.</summary>
internal enum ExpectedGuardKind
{
    /// <summary>No check: the expected value is a non-empty constant or a computed hash, which is never empty.</summary>
    None,

    /// <summary>
    /// The expected expression is repeated in a check: <c>!string.IsNullOrEmpty(expected)</c> for strings,
    /// <c>expected is { Length: &gt; 0 }</c> for byte arrays, <c>!expected.IsEmpty</c> for spans. Use it only for
    /// expressions that are cheap and give the same value twice (locals, parameters, fields, properties).
    /// </summary>
    NotEmpty,

    /// <summary>
    /// The expected expression is read once into a pattern variable: <c>expected is { Length: &gt; 0 } name</c>, and the
    /// comparison uses <c>name</c>. For reads such as <c>Environment.GetEnvironmentVariable("K")</c> or
    /// <c>configuration["K"]</c>, which would otherwise be read twice and would leave a nullable warning.
    /// </summary>
    Declare,
}

/// <summary>The guard to put before the comparison; see <see cref="ExpectedGuardKind"/>.</summary>
internal readonly struct ExpectedGuard
{
    private ExpectedGuard(ExpectedGuardKind kind, string? variableName)
    {
        Kind = kind;
        VariableName = variableName;
    }

    public ExpectedGuardKind Kind { get; }

    /// <summary>The pattern variable for <see cref="ExpectedGuardKind.Declare"/>; the caller makes it unique in scope.</summary>
    public string? VariableName { get; }

    public static ExpectedGuard None => default;

    public static ExpectedGuard NotEmpty => new(ExpectedGuardKind.NotEmpty, null);

    public static ExpectedGuard Declare(string variableName) => new(ExpectedGuardKind.Declare, variableName);
}

/// <summary>
/// Builds the constant-time, fail-closed comparison of docs/design.md ("Purpose and end state"):
/// <c>!string.IsNullOrEmpty(expected) &amp;&amp; CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided ?? ""), Encoding.UTF8.GetBytes(expected))</c>,
/// and its negation <c>string.IsNullOrEmpty(expected) || !CryptographicOperations.FixedTimeEquals(...)</c> for a
/// mismatch test. Byte arrays and spans are compared without re-encoding. Type names are emitted fully qualified with
/// <see cref="Simplifier.Annotation"/> and <see cref="Simplifier.AddImportsAnnotation"/>, so the simplifier shortens them
/// (after <c>ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation)</c>, which the caller runs) adds
/// <c>using System.Security.Cryptography;</c> and <c>using System.Text;</c>. The nodes are written with their spaces
/// (<c>a &amp;&amp; b</c>, <c>{ Length: &gt; 0 }</c>) and need no formatting, which would lay a property pattern out as a
/// block. Shared by AS0003/AS0006 and the AS0004 shared-secret guard.
/// </summary>
internal static class ConstantTimeComparison
{
    public const string CryptographicOperationsMetadataName = KnownTypeNames.SystemSecurityCryptographyCryptographicOperations;

    /// <summary>True when the target framework has <c>CryptographicOperations.FixedTimeEquals</c> (.NET Core 2.1 and later).</summary>
    public static bool IsAvailable(Compilation compilation)
        => compilation.GetBestTypeByMetadataName(CryptographicOperationsMetadataName) is { } type
           && !type.GetMembers("FixedTimeEquals").IsEmpty;

    /// <summary>
    /// <c>string.IsNullOrEmpty(expected) || !CryptographicOperations.FixedTimeEquals(...)</c>: true when the request must be
    /// refused (the expected secret is missing or the provided value does not match).
    /// </summary>
    public static ExpressionSyntax? Mismatches(ComparisonOperand provided, ComparisonOperand expected, ExpectedGuard guard, bool ignoreCase = false, LanguageVersion languageVersion = LanguageVersion.Latest)
        => Build(provided, expected, guard, negate: true, ignoreCase, languageVersion);

    /// <summary>
    /// The comparison, or its negation when <paramref name="negate"/> is set. Text and byte operands cannot be mixed;
    /// <paramref name="ignoreCase"/> applies to text (both sides are upper-cased invariantly before encoding). Returns
    /// null when the combination cannot be written (a span with <see cref="ExpectedGuardKind.Declare"/>, text compared
    /// with bytes, ignoring case on bytes).
    /// </summary>
    public static ExpressionSyntax? Build(ComparisonOperand provided, ComparisonOperand expected, ExpectedGuard guard, bool negate, bool ignoreCase = false, LanguageVersion languageVersion = LanguageVersion.Latest)
    {
        if (provided.IsText != expected.IsText || (ignoreCase && !provided.IsText))
            return null;
        if (guard.Kind == ExpectedGuardKind.Declare && (expected.Kind == OperandKind.ByteSpan || string.IsNullOrEmpty(guard.VariableName)))
            return null;

        var check = ExpectedCheck(expected, guard, negate, languageVersion, out var expectedValue);

        ExpressionSyntax left;
        ExpressionSyntax right;
        if (provided.IsText)
        {
            left = Utf8Bytes(ProvidedText(provided, ignoreCase));
            right = Utf8Bytes(ignoreCase ? UpperInvariant(expectedValue) : expectedValue);
        }
        else
        {
            left = provided.Expression.WithoutTrivia();
            right = expectedValue;
        }

        ExpressionSyntax comparison = FixedTimeEquals(left, right);
        if (negate)
            comparison = PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, comparison);
        ExpressionSyntax result = check is null
            ? comparison
            : Binary(negate ? SyntaxKind.LogicalOrExpression : SyntaxKind.LogicalAndExpression, check, comparison);
        return WithFixedSpacing(result);
    }

    /// <summary>
    /// <c>check &amp;&amp; comparison</c>, or <c>check || comparison</c> when <paramref name="negate"/> is set: an existing
    /// constant-time comparison behind the guard <see cref="ExpectedCheck"/> built, spaced as <see cref="Build"/> spaces it.
    /// </summary>
    public static ExpressionSyntax Guarded(ExpressionSyntax check, ExpressionSyntax comparison, bool negate)
        => WithFixedSpacing(Binary(negate ? SyntaxKind.LogicalOrExpression : SyntaxKind.LogicalAndExpression, check, comparison));

    /// <summary>
    /// Only the guard: <c>!string.IsNullOrEmpty(expected)</c> (or <c>string.IsNullOrEmpty(expected)</c> when
    /// <paramref name="negate"/>), <c>expected is { Length: &gt; 0 } name</c>, and so on; null for
    /// <see cref="ExpectedGuardKind.None"/>. <paramref name="expectedValue"/> is what the comparison must read afterwards:
    /// the expected expression, or the pattern variable. For callers that write their own comparison around it.
    /// </summary>
    public static ExpressionSyntax? ExpectedCheck(ComparisonOperand expected, ExpectedGuard guard, bool negate, LanguageVersion languageVersion, out ExpressionSyntax expectedValue)
    {
        var recursivePatterns = languageVersion >= LanguageVersion.CSharp9;
        expectedValue = expected.Expression.WithoutTrivia();
        if (expected.Kind == OperandKind.StringValues)
            expectedValue = ToStringCall(expectedValue);
        switch (guard.Kind)
        {
            case ExpectedGuardKind.NotEmpty:
                return WithFixedSpacing(NotEmptyCheck(expectedValue, expected.Kind, recursivePatterns, negate));
            case ExpectedGuardKind.Declare when guard.VariableName is { Length: > 0 } name && expected.Kind != OperandKind.ByteSpan:
            {
                var type = expected.IsText
                    ? (TypeSyntax)PredefinedType(Token(SyntaxKind.StringKeyword))
                    : ArrayType(PredefinedType(Token(SyntaxKind.ByteKeyword))).WithRankSpecifiers(SingletonList(ArrayRankSpecifier(SingletonSeparatedList<ExpressionSyntax>(OmittedArraySizeExpression()))));
                var check = DeclaringCheck(expectedValue, name, type, recursivePatterns, negate);
                expectedValue = WithFixedSpacing(IdentifierName(name));
                return WithFixedSpacing(check);
            }

            default:
                return null;
        }
    }

    /// <summary><c>System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(left, right)</c>, the type name marked for simplification.</summary>
    public static InvocationExpressionSyntax FixedTimeEquals(ExpressionSyntax left, ExpressionSyntax right)
        => InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeName("System", "Security", "Cryptography", "CryptographicOperations"), IdentifierName("FixedTimeEquals")),
            ArgumentList(SeparatedList(new[] { Argument(left), Argument(right) }, new[] { Token(TriviaList(), SyntaxKind.CommaToken, TriviaList(Space)) })));

    /// <summary><c>System.Text.Encoding.UTF8.GetBytes(text)</c>, the type name marked for simplification.</summary>
    public static InvocationExpressionSyntax Utf8Bytes(ExpressionSyntax text)
        => InvocationExpression(
            MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeName("System", "Text", "Encoding"), IdentifierName("UTF8")),
                IdentifierName("GetBytes")),
            ArgumentList(SingletonSeparatedList(Argument(text))));

    /// <summary>Wraps an expression in parentheses when it is not a primary expression, so it can be an operand or receiver.</summary>
    public static ExpressionSyntax AsOperand(ExpressionSyntax expression)
        => expression is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
            or LiteralExpressionSyntax or ParenthesizedExpressionSyntax or ThisExpressionSyntax or PredefinedTypeSyntax or GenericNameSyntax
            or InterpolatedStringExpressionSyntax or ObjectCreationExpressionSyntax or ConditionalAccessExpressionSyntax
            ? expression
            : ParenthesizedExpression(expression);

    private static ExpressionSyntax ProvidedText(ComparisonOperand provided, bool ignoreCase)
    {
        var value = provided.Expression.WithoutTrivia();
        ExpressionSyntax text = provided.Kind == OperandKind.StringValues
            ? ToStringCall(value)
            : provided.MayBeNull
                ? Binary(SyntaxKind.CoalesceExpression, CoalesceOperand(value), EmptyString())
                : value;
        return ignoreCase ? UpperInvariant(text) : text;
    }

    private static ExpressionSyntax CoalesceOperand(ExpressionSyntax value)
        => value is ConditionalExpressionSyntax or AssignmentExpressionSyntax or LambdaExpressionSyntax
            ? ParenthesizedExpression(value)
            : value;

    private static ExpressionSyntax NotEmptyCheck(ExpressionSyntax expected, OperandKind kind, bool recursivePatterns, bool negate)
    {
        switch (kind)
        {
            case OperandKind.String or OperandKind.StringValues:
            {
                ExpressionSyntax isNullOrEmpty = InvocationExpression(
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, PredefinedType(Token(SyntaxKind.StringKeyword)), IdentifierName("IsNullOrEmpty")),
                    ArgumentList(SingletonSeparatedList(Argument(expected))));
                return negate ? isNullOrEmpty : PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, isNullOrEmpty);
            }

            case OperandKind.ByteSpan:
            {
                ExpressionSyntax isEmpty = MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AsOperand(expected), IdentifierName("IsEmpty"));
                return negate ? isEmpty : PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, isEmpty);
            }

            default:
            {
                if (recursivePatterns)
                {
                    PatternSyntax pattern = NonEmptyPattern(designation: null);
                    if (negate)
                        pattern = UnaryPattern(Token(TriviaList(), SyntaxKind.NotKeyword, TriviaList(Space)), pattern);
                    return IsPattern(AsOperand(expected), pattern);
                }

                // expected != null && expected.Length > 0
                var present = Binary(
                    SyntaxKind.LogicalAndExpression,
                    Binary(SyntaxKind.NotEqualsExpression, AsOperand(expected), LiteralExpression(SyntaxKind.NullLiteralExpression)),
                    Binary(SyntaxKind.GreaterThanExpression, Length(AsOperand(expected)), Zero()));
                return negate ? PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, ParenthesizedExpression(present)) : present;
            }
        }
    }

    /// <summary><c>expected is { Length: &gt; 0 } name</c> (C# 9+), or <c>expected is string name &amp;&amp; name.Length &gt; 0</c> before.</summary>
    private static ExpressionSyntax DeclaringCheck(ExpressionSyntax expected, string name, TypeSyntax type, bool recursivePatterns, bool negate)
    {
        if (recursivePatterns)
        {
            PatternSyntax pattern = NonEmptyPattern(SingleVariableDesignation(Identifier(name)));
            if (negate)
                pattern = UnaryPattern(Token(TriviaList(), SyntaxKind.NotKeyword, TriviaList(Space)), pattern);
            return IsPattern(AsOperand(expected), pattern);
        }

        var present = Binary(
            SyntaxKind.LogicalAndExpression,
            IsPattern(AsOperand(expected), DeclarationPattern(type.WithTrailingTrivia(Space), SingleVariableDesignation(Identifier(name)))),
            Binary(SyntaxKind.GreaterThanExpression, Length(IdentifierName(name)), Zero()));
        return negate ? PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, ParenthesizedExpression(present)) : present;
    }

    /// <summary><c>{ Length: &gt; 0 } name</c></summary>
    /// <remarks>Written with explicit spaces: the formatter would otherwise lay the braces out like a block.</remarks>
    private static RecursivePatternSyntax NonEmptyPattern(VariableDesignationSyntax? designation)
        => RecursivePattern(
            type: null,
            positionalPatternClause: null,
            propertyPatternClause: PropertyPatternClause(
                Token(TriviaList(), SyntaxKind.OpenBraceToken, TriviaList(Space)),
                SingletonSeparatedList(Subpattern(
                    NameColon(IdentifierName("Length"), Token(TriviaList(), SyntaxKind.ColonToken, TriviaList(Space))),
                    RelationalPattern(Token(TriviaList(), SyntaxKind.GreaterThanToken, TriviaList(Space)), Zero()))),
                Token(TriviaList(Space), SyntaxKind.CloseBraceToken, designation is null ? TriviaList() : TriviaList(Space))),
            designation: designation);

    /// <summary>
    /// Turns the elastic trivia of generated tokens into plain trivia (an elastic space becomes a space, an elastic marker
    /// nothing), so the code-action clean-up does not reformat the new nodes. Nodes taken from the document have none.
    /// </summary>
    public static TNode WithFixedSpacing<TNode>(TNode node)
        where TNode : SyntaxNode
        => node.ReplaceTokens(node.DescendantTokens(), static (_, token) => token.WithLeadingTrivia(Fixed(token.LeadingTrivia)).WithTrailingTrivia(Fixed(token.TrailingTrivia)));

    private static SyntaxTriviaList Fixed(SyntaxTriviaList list)
    {
        var changed = false;
        foreach (var trivia in list)
        {
            if (trivia.HasAnnotation(SyntaxAnnotation.ElasticAnnotation))
            {
                changed = true;
                break;
            }
        }

        if (!changed)
            return list;
        var result = new System.Collections.Generic.List<SyntaxTrivia>();
        foreach (var trivia in list)
        {
            if (!trivia.HasAnnotation(SyntaxAnnotation.ElasticAnnotation))
                result.Add(trivia);
            else if (trivia.ToFullString().Length > 0)
                result.Add(trivia.IsKind(SyntaxKind.EndOfLineTrivia) ? EndOfLine(trivia.ToFullString()) : Whitespace(trivia.ToFullString()));
        }

        return TriviaList(result);
    }

    private static BinaryExpressionSyntax Binary(SyntaxKind kind, ExpressionSyntax left, ExpressionSyntax right)
    {
        var operatorKind = kind switch
        {
            SyntaxKind.LogicalAndExpression => SyntaxKind.AmpersandAmpersandToken,
            SyntaxKind.LogicalOrExpression => SyntaxKind.BarBarToken,
            SyntaxKind.CoalesceExpression => SyntaxKind.QuestionQuestionToken,
            SyntaxKind.NotEqualsExpression => SyntaxKind.ExclamationEqualsToken,
            SyntaxKind.GreaterThanExpression => SyntaxKind.GreaterThanToken,
            _ => throw new System.ArgumentOutOfRangeException(nameof(kind)),
        };
        return BinaryExpression(kind, left, Token(TriviaList(Space), operatorKind, TriviaList(Space)), right);
    }

    private static IsPatternExpressionSyntax IsPattern(ExpressionSyntax value, PatternSyntax pattern)
        => IsPatternExpression(value, Token(TriviaList(Space), SyntaxKind.IsKeyword, TriviaList(Space)), pattern);

    private static ExpressionSyntax Length(ExpressionSyntax value)
        => MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, value, IdentifierName("Length"));

    private static LiteralExpressionSyntax Zero() => LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(0));

    private static LiteralExpressionSyntax EmptyString() => LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(string.Empty));

    private static ExpressionSyntax ToStringCall(ExpressionSyntax value)
        => value is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ToString" }, ArgumentList.Arguments.Count: 0 }
            ? value
            : InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AsOperand(value), IdentifierName("ToString")));

    private static ExpressionSyntax UpperInvariant(ExpressionSyntax value)
        => InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AsOperand(value), IdentifierName("ToUpperInvariant")));

    private static NameSyntax TypeName(params string[] parts)
    {
        NameSyntax name = IdentifierName(parts[0]);
        for (var i = 1; i < parts.Length; i++)
            name = QualifiedName(name, IdentifierName(parts[i]));
        return name.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
    }
}
