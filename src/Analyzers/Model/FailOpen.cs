using System.Collections.Immutable;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

/// <summary>Three-valued truth for conditions evaluated under an assumption.</summary>
internal enum Tri
{
    Unknown,
    True,
    False,
}

/// <summary>Why a secret check fails open.</summary>
internal enum FailOpenKind
{
    /// <summary>It does not: the request is denied when the expected secret is missing.</summary>
    None,

    /// <summary>The condition the comparison is part of lets the request in; rewriting that condition fixes it.</summary>
    Condition,

    /// <summary>An enclosing <c>if</c> skips the check when the secret is missing; no local rewrite fixes it.</summary>
    Skipped,
}

/// <summary>What a branch or returned value does to the request.</summary>
internal enum Outcome
{
    Unknown,
    Allow,
    Deny,
}

/// <summary>
/// AS0006: does a comparison with an expected secret from the secret store let a request in when that secret is
/// missing? The comparison is evaluated in the worlds "expected is missing" × "the provided value is missing / is
/// any non-empty value"; a world is safe when a guard before the comparison denies in it (an <c>if</c> that returns a
/// failure or throws, <c>ArgumentException.ThrowIfNullOrEmpty</c>), or when the condition the comparison is part of
/// denies in it. A comparison skipped in some world (<c>if (expected != null) { ... }</c>) fails open in that world.
/// </summary>
internal static partial class FailOpen
{
    private const int MaxDepth = 6;

    /// <summary>Whether and why the check fails open.</summary>
    public static FailOpenKind Check(SecretComparison comparison, IOperation expectedOperand, IOperation providedOperand, KnownTypes types, CancellationToken cancellationToken)
    {
        var expected = Core(expectedOperand, out var emptyWorld, out var throwsWhenMissing);
        if (throwsWhenMissing || IsSourceGuaranteed(expected, types, cancellationToken))
            return FailOpenKind.None;
        var provided = Core(providedOperand, out _, out _);
        if (RefusesMissingValues(comparison, provided, types))
            return FailOpenKind.None;
        var evaluator = new Evaluator(expected, provided, comparison, emptyWorld, types, cancellationToken);
        var missing = evaluator.Check(providedMissing: true);
        var present = evaluator.Check(providedMissing: false);
        if (missing == FailOpenKind.Skipped || present == FailOpenKind.Skipped)
            return FailOpenKind.Skipped;
        return missing != FailOpenKind.None ? missing : present;
    }

    /// <summary>
    /// A constant-time helper whose declared contract refuses null (<c>FixedTimeEquals(string a, string b)</c> in a
    /// nullable-aware assembly) comparing a value that MVC model binding gives an action from the query string, a form
    /// field or a route value. Model binding turns an empty value into null, so the provided value is never empty, and
    /// an expected secret that is missing is null, which the helper refuses: no world lets the request in.
    /// </summary>
    private static bool RefusesMissingValues(SecretComparison comparison, IOperation provided, KnownTypes types)
    {
        if (comparison.Form != ComparisonForm.FixedTimeEquals || comparison.Operation is not IInvocationOperation { TargetMethod: { } helper }
            || !SecretComparisons.IsConstantTimeWrapper(helper, types))
        {
            return false;
        }

        foreach (var parameter in helper.Parameters)
        {
            if (parameter.Type.SpecialType != SpecialType.System_String || parameter.NullableAnnotation != NullableAnnotation.NotAnnotated)
                return false;
        }

        if (provided is not IParameterReferenceOperation { Parameter: { Type.SpecialType: SpecialType.System_String } parameterSymbol }
            || parameterSymbol.ContainingSymbol is not IMethodSymbol action || !Controllers.IsAction(action, types))
        {
            return false;
        }

        return ValueSources.GetBoundRequestKey(parameterSymbol, types, out var part) is null
            ? !HasBindingAttribute(parameterSymbol, types)
            : part is RequestPart.Query or RequestPart.Form or RequestPart.Route;
    }

    /// <summary>Any binding-source attribute (<c>[FromBody]</c>, <c>[FromServices]</c>, ...) on a parameter.</summary>
    private static bool HasBindingAttribute(IParameterSymbol parameter, KnownTypes types)
    {
        foreach (var attribute in parameter.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass && attributeClass.Implements(types.IBindingSourceMetadata))
                return true;
        }

        return false;
    }

    /// <summary>
    /// The condition a comparison is part of (through <c>!</c>, <c>&amp;&amp;</c>, <c>||</c>) and the tests in it of
    /// whether the expected secret is missing (<c>expected != null</c>, <c>string.IsNullOrEmpty(expected)</c>, ...).
    /// The fix removes those tests, because its own guard replaces them and they are what lets a missing secret through.
    /// </summary>
    public static (IOperation Condition, ImmutableArray<IOperation> ExpectedTests) FindExpectedTests(
        SecretComparison comparison, IOperation expectedOperand, KnownTypes types, CancellationToken cancellationToken)
    {
        var expected = Core(expectedOperand, out var emptyWorld, out _);
        var evaluator = new Evaluator(expected, provided: null, comparison, emptyWorld, types, cancellationToken);
        var condition = Evaluator.ConditionOf(comparison.Operation, out _);
        var tests = ImmutableArray.CreateBuilder<IOperation>();

        // Only the operands that gate this comparison: its siblings in the && / || chains above it.
        for (var node = comparison.Operation; !ReferenceEquals(node, condition) && node.Parent is { } parent; node = parent)
        {
            if (parent is IBinaryOperation logical && logical.OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr)
                evaluator.CollectExpectedTests(ReferenceEquals(logical.LeftOperand, node) ? logical.RightOperand : logical.LeftOperand, logical.OperatorKind, tests);
        }

        return (condition, tests.ToImmutable());
    }

    /// <summary>
    /// The operation that uses <paramref name="value"/> as the key of an HMAC (<c>new HMACSHA256(key)</c>,
    /// <c>HMACSHA256.HashData(key, data)</c>, <c>IncrementalHash.CreateHMAC(name, key)</c>, <c>hmac.Key = key</c>), through
    /// <c>Encoding.GetBytes</c>, <c>Convert.FromBase64String</c> and locals assigned once; null when there is none.
    /// </summary>
    public static IOperation? FindHmacKeyUse(IOperation value, KnownTypes types, CancellationToken cancellationToken)
        => FindHmacKeyUse(value, types, cancellationToken, depth: 2);

    private static IOperation? FindHmacKeyUse(IOperation value, KnownTypes types, CancellationToken cancellationToken, int depth)
    {
        var current = value;
        for (var i = 0; i < MaxDepth; i++)
        {
            switch (current.Parent)
            {
                case IConversionOperation or IParenthesizedOperation:
                    current = current.Parent;
                    continue;

                case IArgumentOperation { Parent: IInvocationOperation invocation } argument:
                {
                    var method = invocation.TargetMethod;
                    if (method.Name is "GetBytes" or "FromBase64String" or "FromHexString" or "ToArray")
                    {
                        current = invocation;
                        continue;
                    }

                    return argument.Parameter?.Name == "key"
                           && (method.ContainingType.InheritsFromOrEquals(types.HMAC) || method.ContainingType.InheritsFromOrEquals(types.IncrementalHash))
                        ? invocation
                        : null;
                }

                case IArgumentOperation { Parent: IObjectCreationOperation creation } keyArgument:
                    return creation.Type.InheritsFromOrEquals(types.HMAC) && keyArgument.Parameter?.Type is IArrayTypeSymbol ? creation : null;

                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Key" } target } assignment
                    when ReferenceEquals(assignment.Value, current) && target.Property.ContainingType.InheritsFromOrEquals(types.HMAC):
                    return assignment;

                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } when depth > 0:
                {
                    var writes = BodyLocals.For(current.GetContainingBody(), cancellationToken)[declarator.Symbol];
                    if (writes.Assignments != 1 || writes.OtherWrites != 0 || writes.IndirectWrites != 0)
                        return null;
                    foreach (var reference in writes.References)
                    {
                        if (FindHmacKeyUse(reference, types, cancellationToken, depth - 1) is { } use)
                            return use;
                    }

                    return null;
                }

                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// AS0006 on a key: <c>Environment.GetEnvironmentVariable("K") ?? ""</c> used as an HMAC key signs with an empty key
    /// when the secret is missing, and anyone can compute that signature. True unless the source refuses a missing value
    /// or a guard before <paramref name="use"/> denies when it is missing or empty.
    /// </summary>
    public static bool KeyFailsOpen(ICoalesceOperation defaulted, IOperation use, KnownTypes types, CancellationToken cancellationToken)
    {
        var expected = Core(defaulted.Value, out _, out var throws);
        if (throws || IsSourceGuaranteed(expected, types, cancellationToken))
            return false;
        var evaluator = new Evaluator(expected, provided: null, comparison: default, emptyWorld: true, types, cancellationToken);
        return !evaluator.EarlierGuardDenies(use, providedMissing: false, acrossFunctions: false);
    }

    /// <summary>
    /// AS0006 on a verifier that skips the check: <paramref name="statement"/> tests whether the secret-store value
    /// <paramref name="secret"/> is missing (<paramref name="trueWhenMissing"/> tells the polarity) and, in the missing case,
    /// lets the request in: it returns success (<c>return true;</c>, <c>return Ok();</c>), or it leaves the check to the
    /// other branch and carries on (accepting the event unverified). The secret must be used after the test (as a key or
    /// in a call) and not compared directly, which the comparison's own analysis covers.
    /// </summary>
    public static bool SkipsCheckWhenMissing(IConditionalOperation statement, IOperation secret, bool trueWhenMissing, KnownTypes types, CancellationToken cancellationToken)
    {
        var missingBranch = trueWhenMissing ? statement.WhenTrue : statement.WhenFalse;
        var presentBranch = trueWhenMissing ? statement.WhenFalse : statement.WhenTrue;
        var symbol = secret.WalkDownConversion().GetReferencedSymbol();
        if (symbol is null)
            return false;

        bool allows;
        if (missingBranch is not null && Evaluator.Classify(missingBranch) == Outcome.Allow)
            allows = true;
        else if (missingBranch is null || !Exits(missingBranch))
            allows = presentBranch is not null && UsesInCheck(presentBranch, symbol, types, cancellationToken);
        else
            return false;
        if (!allows)
            return false;

        // The secret is what a later check uses: the present branch, or the statements after the test.
        if (presentBranch is not null && UsesInCheck(presentBranch, symbol, types, cancellationToken))
            return true;
        if (statement.Parent is IBlockOperation block)
        {
            var after = false;
            foreach (var next in block.Operations)
            {
                if (ReferenceEquals(next, statement))
                {
                    after = true;
                    continue;
                }

                if (after && UsesInCheck(next, symbol, types, cancellationToken))
                    return true;
            }
        }

        return false;
    }

    private static bool Exits(IOperation branch)
    {
        foreach (var operation in branch.DescendantsAndSelf())
        {
            if (operation is IReturnOperation or IThrowOperation)
                return true;
        }

        return false;
    }

    /// <summary>
    /// A reference to <paramref name="symbol"/> used as an HMAC key or passed to a verifier (a call that answers <c>bool</c>),
    /// and none compared directly. Sending the secret (<c>headers.Add("X-Api-Key", key)</c>) checks nothing.
    /// </summary>
    private static bool UsesInCheck(IOperation scope, ISymbol symbol, KnownTypes types, CancellationToken cancellationToken)
    {
        var used = false;
        foreach (var operation in scope.DescendantsAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (operation is not (ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation)
                || !SymbolEqualityComparer.Default.Equals(operation.GetReferencedSymbol(), symbol))
            {
                continue;
            }

            // Through encodings: FixedTimeEquals(a, Encoding.UTF8.GetBytes(secret)) compares the secret directly.
            var parent = operation.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation or ICoalesceOperation
                   || parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "GetBytes" or "AsSpan" or "ToString" or "Trim" } }
                   || parent is IInvocationOperation { TargetMethod.Name: "GetBytes" or "AsSpan" or "ToString" or "Trim" })
            {
                parent = parent is IArgumentOperation argument ? argument.Parent!.Parent : parent.Parent;
            }

            if (parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary
                && !SecretComparisons.IsNullOrEmptyConstant(binary.LeftOperand.WalkDownConversion()) && !SecretComparisons.IsNullOrEmptyConstant(binary.RightOperand.WalkDownConversion()))
            {
                return false;
            }

            if (parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: { } compare } }
                && (compare is "Equals" or "SequenceEqual" || SecretComparisons.IsConstantTimeName(compare)))
            {
                return false;
            }

            // A bool-returning call verifies, unless it stores or sends the secret: headers.TryAddWithoutValidation(name,
            // secret) puts it on an outgoing request, dictionary.TryAdd(key, secret) keeps it.
            if (parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: not ("IsNullOrEmpty" or "IsNullOrWhiteSpace") } verifier } }
                && !verifier.Name.StartsWith("TryAdd", System.StringComparison.Ordinal) && !verifier.Name.StartsWith("TrySet", System.StringComparison.Ordinal)
                && (verifier.ReturnType.SpecialType == SpecialType.System_Boolean
                    || verifier.ReturnType is INamedTypeSymbol { Name: "Task" or "ValueTask", TypeArguments.Length: 1 } task
                    && task.TypeArguments[0].SpecialType == SpecialType.System_Boolean))
            {
                used = true;
            }
            else if (FindHmacKeyUse(operation, types, cancellationToken) is not null)
            {
                used = true;
            }
        }

        return used;
    }

    /// <summary>
    /// The value under encodings and defaults:    /// <summary>
    /// The value under encodings and defaults: <c>Encoding.UTF8.GetBytes(x ?? "")</c> → <c>x</c>. Notes whether a
    /// <c>?? ""</c> turns a missing value into an empty one and whether a <c>?? throw</c> refuses it.
    /// </summary>
    internal static IOperation Core(IOperation operation, out bool emptyWorld, out bool throwsWhenMissing)
    {
        emptyWorld = false;
        throwsWhenMissing = false;
        var current = operation.WalkDownConversion();
        for (var i = 0; i < MaxDepth; i++)
        {
            switch (current)
            {
                case IInvocationOperation { TargetMethod.Name: "GetBytes" or "ToString" or "Trim" or "AsSpan" or "ToUpperInvariant" or "ToLowerInvariant" } invocation:
                {
                    IOperation? next;
                    if (invocation.TargetMethod.Name == "GetBytes" || invocation.TargetMethod.IsExtensionMethod)
                        next = invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null;
                    else
                        next = invocation.Instance;
                    if (next is null)
                        return current;
                    current = next.WalkDownConversion();
                    continue;
                }

                case ICoalesceOperation coalesce:
                {
                    var whenNull = coalesce.WhenNull.WalkDownConversion();
                    if (whenNull is IThrowOperation)
                        throwsWhenMissing = true;
                    else if (SecretComparisons.IsNullOrEmptyConstant(whenNull))
                        emptyWorld = true;
                    current = coalesce.Value.WalkDownConversion();
                    continue;
                }
            }

            break;
        }

        return current;
    }

    /// <summary>
    /// True when the source of the expected secret refuses a missing value: <c>?? throw</c> on the way, a
    /// <c>[Required]</c> or <c>[MinLength]</c> options property, <c>GetRequiredSection</c>, or a constructor that
    /// throws when the field it assigns is null or empty.
    /// </summary>
    private static bool IsSourceGuaranteed(IOperation expected, KnownTypes types, CancellationToken cancellationToken)
    {
        var current = expected;
        for (var i = 0; i < MaxDepth; i++)
        {
            current = Core(current, out _, out var throws);
            if (throws)
                return true;
            switch (current)
            {
                case ILocalReferenceOperation local:
                {
                    var next = local.FollowSingleAssignment(cancellationToken, depth: 1);
                    if (ReferenceEquals(next, current) || next is ILocalReferenceOperation)
                        next = ValueSources.FollowLocal(local, cancellationToken);
                    if (next is null)
                        return false;
                    current = next;
                    continue;
                }

                case IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false }:
                {
                    var member = current.GetReferencedSymbol()!;
                    if (member is IPropertySymbol { Name: "Value" } && current is IPropertyReferenceOperation { Instance: IInvocationOperation { TargetMethod.Name: "GetRequiredSection" } })
                        return true;
                    foreach (var attribute in member.GetAttributes())
                    {
                        if (attribute.AttributeClass?.Name is "RequiredAttribute" or "MinLengthAttribute")
                            return true;
                    }

                    var (value, body) = ValueSources.FindMemberAssignment(member, current, cancellationToken);
                    if (value is null || body is null)
                        return false;
                    if (HasDenyingGuard(body, current, types, cancellationToken))
                        return true;
                    current = value;
                    continue;
                }

                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>A constructor that throws (or returns a failure) when <paramref name="member"/> is missing, anywhere in its body.</summary>
    private static bool HasDenyingGuard(IOperation body, IOperation member, KnownTypes types, CancellationToken cancellationToken)
    {
        var evaluator = new Evaluator(member, provided: null, comparison: default, emptyWorld: false, types, cancellationToken);
        foreach (var descendant in body.DescendantsAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (descendant is IConditionalOperation { Type: null } or IExpressionStatementOperation && evaluator.GuardDenies(descendant, providedMissing: false))
                return true;
        }

        return false;
    }
}
