using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.CodeFixes.Infrastructure;
using ActionSecurity.Analyzers.CodeFixes.Syntax;
using ActionSecurity.Analyzers.Infrastructure;
using ActionSecurity.Analyzers.Model;
using ActionSecurity.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActionSecurity.Analyzers.CodeFixes.Rules;

/// <summary>
/// AS0003 and AS0006: one rewrite fixes both. The comparison becomes
/// <c>!string.IsNullOrEmpty(expected) &amp;&amp; CryptographicOperations.FixedTimeEquals(...)</c> (negated for a mismatch
/// test), and an unguarded <c>FixedTimeEquals</c> gets the missing-secret guard.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SecretComparisonCodeFixProvider)), Shared]
public sealed class SecretComparisonCodeFixProvider : ActionSecurityCodeFixProvider
{
    private const string Title = "Compare in constant time and deny when the expected secret is missing";
    private const string FallbackVariableName = LocalNames.ExpectedSecret;
    private static readonly string Key = EquivalenceKeys.For(DiagnosticIds.NonConstantTimeComparison, "FixedTimeEquals");

    public SecretComparisonCodeFixProvider()
        : base(DiagnosticIds.NonConstantTimeComparison, DiagnosticIds.FailOpenSecretCheck)
    {
    }

    /// <summary>In source order, so pattern variables are numbered as fixing one at a time would number them.</summary>
    private protected override bool InSourceOrder => true;

    private protected override bool FormatsElasticTrivia => true;

    private protected override Task OfferAsync(FixRequest request, Diagnostic diagnostic)
    {
        // AS0003 and AS0006 on the same comparison get one action, offered once: applying it removes both.
        var span = diagnostic.Location.SourceSpan;
        if (!IsFixable(diagnostic) || Plan(request.Root, request.Model, diagnostic, request.CancellationToken) is null)
            return Task.CompletedTask;
        var sameSpan = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var other in request.Diagnostics)
        {
            if (other.Location.SourceSpan != span || !IsFixable(other))
                continue;
            if (sameSpan.Count == 0 && !ReferenceEquals(other, diagnostic))
                return Task.CompletedTask;
            sameSpan.Add(other);
        }

        request.Offer(Title, Key, diagnostic, sameSpan.ToImmutable());
        return Task.CompletedTask;
    }

    private protected override void Apply(FixPass pass, Diagnostic diagnostic)
    {
        var editor = pass.Editor;
        var cancellationToken = pass.CancellationToken;
        var names = pass.State<Dictionary<int, HashSet<string>>>();
        if (!IsFixable(diagnostic) || !pass.State<HashSet<TextSpan>>().Add(diagnostic.Location.SourceSpan))
            return;
        var plan = Plan(editor.OriginalRoot, editor.SemanticModel, diagnostic, cancellationToken);
        if (plan is null)
            return;
        string? variable = null;
        if (plan.VariableBaseName is not null)
        {
            var member = plan.Target.FirstAncestorOrSelf<MemberDeclarationSyntax>()?.SpanStart ?? 0;
            if (!names.TryGetValue(member, out var taken))
                names[member] = taken = new HashSet<string>(StringComparer.Ordinal);
            variable = LocalNames.Unique(editor.SemanticModel, plan.Target, plan.VariableBaseName, taken);
        }

        editor.ReplaceNode(plan.Target, (current, _) => plan.Rewrite(current, variable) ?? current);
    }

    /// <summary>AS0006 where an enclosing <c>if</c> skips the check cannot be repaired by rewriting the comparison.</summary>
    private static bool IsFixable(Diagnostic diagnostic)
        => !(diagnostic.Id == DiagnosticIds.FailOpenSecretCheck && diagnostic.Properties.ContainsKey(DiagnosticProperties.Skipped));

    /// <summary>The rewrite of the comparison a diagnostic reports, or null when no sound constant-time form can be written.</summary>
    private static FixPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var types = KnownTypes.GetOrCreate(model.Compilation);
        if (types.CryptographicOperations is null || !ConstantTimeComparison.IsAvailable(model.Compilation))
            return null;
        var span = diagnostic.Location.SourceSpan;
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        var expression = node.FirstAncestorOrSelf<ExpressionSyntax>(e => e.Span == span && e is BinaryExpressionSyntax or InvocationExpressionSyntax or IsPatternExpressionSyntax);
        if (expression is null)
            return null;
        var comparison = SecretComparisons.Get(model.GetOperation(expression, cancellationToken)!, types);
        if (!comparison.IsValid || comparison.Data is not (ComparedData.Text or ComparedData.Bytes))
            return null;
        var expectedLeft = diagnostic.Properties.TryGetValue(DiagnosticProperties.ExpectedOperand, out var side) && side == SecretComparisonAnalyzer.Left;
        var expected = expectedLeft ? comparison.Left : comparison.Right;
        var provided = expectedLeft ? comparison.Right : comparison.Left;
        var languageVersion = (expression.SyntaxTree.Options as CSharpParseOptions)?.LanguageVersion ?? LanguageVersion.Latest;

        // !string.Equals(a, b) is rewritten as a whole into the mismatch form.
        SyntaxNode target = expression;
        var negated = comparison.Negated;
        SyntaxNode outer = expression;
        while (outer.Parent is ParenthesizedExpressionSyntax parenthesized)
            outer = parenthesized;
        if (outer.Parent is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not)
        {
            target = not;
            negated = !negated;
        }

        var plan = comparison.Form == ComparisonForm.FixedTimeEquals
            ? PlanGuardOnly(model, types, diagnostic, target, expression, expected, negated, languageVersion, cancellationToken)
            : PlanComparison(model, types, diagnostic, target, comparison, expected, provided, negated, diagnostic.Properties.ContainsKey(DiagnosticProperties.FailClosed), languageVersion, cancellationToken);
        if (plan is null || diagnostic.Properties.ContainsKey(DiagnosticProperties.FailClosed))
            return plan;
        return WithoutExpectedTests(plan, comparison, expected, types, cancellationToken);
    }

    /// <summary>
    /// <c>expected != null &amp;&amp; provided != expected</c>: the test of the expected secret is what lets a missing secret
    /// through, and the rewrite's own guard replaces it, so the rewrite covers the whole condition and drops such tests.
    /// </summary>
    private static FixPlan? WithoutExpectedTests(FixPlan plan, SecretComparison comparison, IOperation expected, KnownTypes types, CancellationToken cancellationToken)
    {
        var (condition, tests) = FailOpen.FindExpectedTests(comparison, expected, types, cancellationToken);
        if (tests.IsEmpty)
            return plan;
        var outer = condition.Syntax;
        if (!outer.Span.Contains(plan.Target.Span))
            return plan;
        var innerPath = PathTo(outer, plan.Target);
        var testPaths = new List<int[]>();
        foreach (var test in tests)
        {
            if (PathTo(outer, test.Syntax) is not { } path)
                return null;
            testPaths.Add(path);
        }

        if (innerPath is null)
            return null;
        return new FixPlan(outer, plan.VariableBaseName, (current, variable) =>
        {
            var inner = Follow(current, innerPath);
            if (inner is null)
                return null;
            var tracked = new List<SyntaxNode> { inner };
            foreach (var path in testPaths)
            {
                if (Follow(current, path) is not { } node)
                    return null;
                tracked.Add(node);
            }

            var root = current.TrackNodes(tracked);
            for (var i = 1; i < tracked.Count; i++)
            {
                var test = root.GetCurrentNode(tracked[i]);
                if (test is null)
                    return null;
                SyntaxNode operand = test;
                while (operand.Parent is ParenthesizedExpressionSyntax or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression })
                    operand = operand.Parent;
                if (operand.Parent is not BinaryExpressionSyntax logical
                    || !logical.IsKind(SyntaxKind.LogicalAndExpression) && !logical.IsKind(SyntaxKind.LogicalOrExpression))
                {
                    return null;
                }

                var other = logical.Left == operand ? logical.Right : logical.Left;
                root = root.ReplaceNode(logical, other.WithTriviaFrom(logical));
            }

            var currentInner = root.GetCurrentNode(inner);
            if (currentInner is null)
                return null;
            var rewritten = plan.Rewrite(currentInner, variable);
            if (rewritten is null)
                return null;
            return ReferenceEquals(currentInner, root)
                ? rewritten.WithTriviaFrom(current)
                : root.ReplaceNode(currentInner, rewritten).WithTriviaFrom(current);
        });
    }

    private static FixPlan? PlanComparison(
        SemanticModel model, KnownTypes types, Diagnostic diagnostic, SyntaxNode target, SecretComparison comparison, IOperation expected, IOperation provided,
        bool negated, bool failClosed, LanguageVersion languageVersion, CancellationToken cancellationToken)
    {
        var expectedKind = KindOf(expected, types);
        var providedKind = KindOf(provided, types);
        if (expectedKind is null || providedKind is null)
            return null;
        var providedPath = PathTo(target, provided.Syntax);
        var expectedPath = PathTo(target, expected.Syntax);
        if (providedPath is null || expectedPath is null)
            return null;
        var providedMayBeNull = providedKind == OperandKind.String && MayBeNull(model, provided, cancellationToken);

        var guard = ChooseGuard(expected, types, diagnostic, out var variableBaseName);

        // Already fail-closed: the user's guards stay, and no guard is added unless nullable analysis needs one.
        if (failClosed && guard != ExpectedGuardKind.None && !MayBeNull(model, expected, cancellationToken))
        {
            guard = ExpectedGuardKind.None;
            variableBaseName = null;
        }

        if (guard == ExpectedGuardKind.Declare && !CanDeclareVariables(target))
            return null;
        var ignoreCase = comparison.IgnoreCase;
        return new FixPlan(target, variableBaseName, (current, variable) =>
        {
            var providedSyntax = Follow(current, providedPath) as ExpressionSyntax;
            var expectedSyntax = Follow(current, expectedPath) as ExpressionSyntax;
            if (providedSyntax is null || expectedSyntax is null)
                return null;
            var providedOperand = Operand(providedSyntax, providedKind.Value, providedMayBeNull);
            var expectedOperand = Operand(expectedSyntax, expectedKind.Value, mayBeNull: true);
            var expectedGuard = guard switch
            {
                ExpectedGuardKind.NotEmpty => ExpectedGuard.NotEmpty,
                ExpectedGuardKind.Declare => ExpectedGuard.Declare(variable ?? FallbackVariableName),
                _ => ExpectedGuard.None,
            };
            var replacement = ConstantTimeComparison.Build(providedOperand, expectedOperand, expectedGuard, negated, ignoreCase, languageVersion);
            return replacement is null ? null : Fit(current, replacement);
        });
    }

    /// <summary>
    /// <c>CryptographicOperations.FixedTimeEquals(provided, Encoding.UTF8.GetBytes(expected ?? ""))</c> becomes
    /// <c>!string.IsNullOrEmpty(expected) &amp;&amp; CryptographicOperations.FixedTimeEquals(provided, Encoding.UTF8.GetBytes(expected))</c>.
    /// </summary>
    private static FixPlan? PlanGuardOnly(
        SemanticModel model, KnownTypes types, Diagnostic diagnostic, SyntaxNode target, ExpressionSyntax invocation, IOperation expectedArgument, bool negated,
        LanguageVersion languageVersion, CancellationToken cancellationToken)
    {
        // The value the guard checks: the string under GetBytes (and under ?? ""), or the byte array itself.
        var value = expectedArgument.WalkDownConversion();
        IOperation replaced = value;
        if (value is IInvocationOperation { TargetMethod.Name: "GetBytes" } getBytes && getBytes.Arguments.Length == 1
            && getBytes.Arguments[0].Parameter?.Type.SpecialType == SpecialType.System_String)
        {
            replaced = getBytes.Arguments[0].Value.WalkDownConversion();
            value = replaced is ICoalesceOperation coalesce && SecretComparisons.IsNullOrEmptyConstant(coalesce.WhenNull.WalkDownConversion())
                ? coalesce.Value.WalkDownConversion()
                : replaced;
        }

        var kind = KindOf(value, types);
        if (kind is null)
            return null;
        var replacedPath = PathTo(target, replaced.Syntax);
        var valuePath = PathTo(target, value.Syntax);
        var invocationPath = PathTo(target, invocation);
        if (replacedPath is null || valuePath is null || invocationPath is null)
            return null;
        var guard = ChooseGuard(value, types, diagnostic, out var variableBaseName);
        if (guard == ExpectedGuardKind.None)
            guard = value.ConstantValue.HasValue ? ExpectedGuardKind.None : ExpectedGuardKind.Declare;
        if (guard == ExpectedGuardKind.None)
            return null;
        variableBaseName ??= guard == ExpectedGuardKind.Declare ? FallbackVariableName : null;
        if (guard == ExpectedGuardKind.Declare && !CanDeclareVariables(target))
            return null;
        _ = model;
        return new FixPlan(target, variableBaseName, (current, variable) =>
        {
            if (Follow(current, valuePath) is not ExpressionSyntax valueSyntax || Follow(current, invocationPath) is not InvocationExpressionSyntax currentInvocation
                || Follow(current, replacedPath) is not ExpressionSyntax replacedSyntax)
            {
                return null;
            }

            var expectedGuard = guard == ExpectedGuardKind.Declare ? ExpectedGuard.Declare(variable ?? FallbackVariableName) : ExpectedGuard.NotEmpty;
            var check = ConstantTimeComparison.ExpectedCheck(Operand(valueSyntax, kind.Value, mayBeNull: true), expectedGuard, negated, languageVersion, out var expectedValue);
            if (check is null)
                return null;
            if (!currentInvocation.Contains(replacedSyntax))
                return null;
            var compared = currentInvocation.ReplaceNode(replacedSyntax, expectedValue.WithTriviaFrom(replacedSyntax));
            ExpressionSyntax comparisonSyntax = compared.WithoutTrivia();
            if (negated)
                comparisonSyntax = PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, comparisonSyntax);
            var replacement = ConstantTimeComparison.WithFixedSpacing(BinaryExpression(
                negated ? SyntaxKind.LogicalOrExpression : SyntaxKind.LogicalAndExpression,
                check,
                Token(TriviaList(Space), negated ? SyntaxKind.BarBarToken : SyntaxKind.AmpersandAmpersandToken, TriviaList(Space)),
                comparisonSyntax));
            return Fit(current, replacement);
        });
    }

    /// <summary>
    /// The guard for the expected value: none for non-empty constants and hash output, a repeated check for stable
    /// references, a pattern variable (named after the secret-store key) for anything else.
    /// </summary>
    private static ExpectedGuardKind ChooseGuard(IOperation expected, KnownTypes types, Diagnostic diagnostic, out string? variableBaseName)
    {
        variableBaseName = null;
        var value = expected.WalkDownConversion();
        if (value.ConstantValue is { HasValue: true, Value: string { Length: > 0 } })
            return ExpectedGuardKind.None;
        if (diagnostic.Properties.TryGetValue(DiagnosticProperties.ExpectedGuard, out var guard) && guard == DiagnosticProperties.ExpectedGuardNone)
            return ExpectedGuardKind.None;
        if (IsStableReference(value))
            return ExpectedGuardKind.NotEmpty;
        var key = ValueSources.GetSecretStoreKey(value, types) ?? (diagnostic.Properties.TryGetValue(DiagnosticProperties.ExpectedKey, out var storeKey) ? storeKey : null);
        variableBaseName = key is null ? FallbackVariableName : LocalNames.FromKey(key, FallbackVariableName);
        return ExpectedGuardKind.Declare;
    }

    private static OperandKind? KindOf(IOperation operation, KnownTypes types)
    {
        var type = operation.WalkDownConversion().Type;
        if (type is null)
            return null;
        if (type.SpecialType == SpecialType.System_String)
            return OperandKind.String;
        if (SymbolEqualityComparer.Default.Equals(type, types.StringValues))
            return OperandKind.StringValues;
        if (type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte, Rank: 1 })
            return OperandKind.ByteArray;
        if (type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", TypeArguments.Length: 1 } span
            && span.TypeArguments[0].SpecialType == SpecialType.System_Byte
            && span.ContainingNamespace?.Name == "System")
        {
            return OperandKind.ByteSpan;
        }

        return null;
    }

    private static ComparisonOperand Operand(ExpressionSyntax syntax, OperandKind kind, bool mayBeNull) => kind switch
    {
        OperandKind.String => ComparisonOperand.String(syntax, mayBeNull),
        OperandKind.StringValues => ComparisonOperand.StringValues(syntax),
        OperandKind.ByteArray => ComparisonOperand.ByteArray(syntax),
        _ => ComparisonOperand.ByteSpan(syntax),
    };

    /// <summary>False only when nullable analysis knows the value is not null, or it is a non-null constant.</summary>
    private static bool MayBeNull(SemanticModel model, IOperation operation, CancellationToken cancellationToken)
    {
        var value = operation.WalkDownConversion();
        if (value.ConstantValue is { HasValue: true, Value: not null })
            return false;
        return model.GetTypeInfo(operation.Syntax, cancellationToken).Nullability.FlowState != NullableFlowState.NotNull;
    }

    /// <summary>A value that can be read twice with the same result: a local, parameter, field or property of those.</summary>
    private static bool IsStableReference(IOperation operation) => operation.WalkDownConversion() switch
    {
        ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation => true,
        IFieldReferenceOperation field => field.Instance is null || IsStableReference(field.Instance),
        IPropertyReferenceOperation { Property.IsIndexer: false } property => property.Instance is null || IsStableReference(property.Instance),
        _ => false,
    };

    /// <summary>Pattern variables are not allowed in field and property initializers, constructor initializers, attributes and queries.</summary>
    private static bool CanDeclareVariables(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case QueryExpressionSyntax or ConstructorInitializerSyntax or AttributeSyntax or ParameterSyntax:
                    return false;
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax } or PropertyDeclarationSyntax }:
                    return false;
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or GlobalStatementSyntax:
                    return true;
            }
        }

        return false;
    }

    /// <summary>Parentheses around the replacement when the context would bind tighter than its top-level <c>&amp;&amp;</c> / <c>||</c>.</summary>
    private static ExpressionSyntax Fit(SyntaxNode current, ExpressionSyntax replacement)
    {
        var result = replacement;
        var parent = current.Parent;
        var needsParentheses = parent switch
        {
            null => false,
            BinaryExpressionSyntax binary => !(replacement is BinaryExpressionSyntax own && own.Kind() == binary.Kind()
                                               && own.Kind() is SyntaxKind.LogicalAndExpression or SyntaxKind.LogicalOrExpression)
                                             && replacement is BinaryExpressionSyntax or IsPatternExpressionSyntax,
            PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax or MemberAccessExpressionSyntax or ConditionalAccessExpressionSyntax
                or CastExpressionSyntax or ElementAccessExpressionSyntax or IsPatternExpressionSyntax => replacement is BinaryExpressionSyntax or IsPatternExpressionSyntax or PrefixUnaryExpressionSyntax,
            _ => false,
        };
        if (needsParentheses)
            result = ConstantTimeComparison.WithFixedSpacing(ParenthesizedExpression(result));
        return result.WithTriviaFrom(current);
    }

    /// <summary>Child positions from <paramref name="root"/> down to <paramref name="node"/>, to find it again after nested edits.</summary>
    private static int[]? PathTo(SyntaxNode root, SyntaxNode node)
    {
        var path = new List<int>();
        for (var current = node; current != root; current = current.Parent)
        {
            if (current?.Parent is null)
                return null;
            var index = 0;
            foreach (var child in current.Parent.ChildNodes())
            {
                if (child == current)
                    break;
                index++;
            }

            path.Add(index);
        }

        path.Reverse();
        return path.ToArray();
    }

    private static SyntaxNode? Follow(SyntaxNode root, int[] path)
    {
        var current = root;
        foreach (var index in path)
        {
            SyntaxNode? next = null;
            var i = 0;
            foreach (var child in current.ChildNodes())
            {
                if (i++ == index)
                {
                    next = child;
                    break;
                }
            }

            if (next is null)
                return null;
            current = next;
        }

        return current;
    }

    private sealed class FixPlan
    {
        public FixPlan(SyntaxNode target, string? variableBaseName, Func<SyntaxNode, string?, SyntaxNode?> rewrite)
        {
            Target = target;
            VariableBaseName = variableBaseName;
            Rewrite = rewrite;
        }

        public SyntaxNode Target { get; }

        /// <summary>Set when the rewrite declares a pattern variable for the expected secret.</summary>
        public string? VariableBaseName { get; }

        public Func<SyntaxNode, string?, SyntaxNode?> Rewrite { get; }
    }
}
