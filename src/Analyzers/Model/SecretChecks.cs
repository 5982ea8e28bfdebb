using System;
using System.Collections.Generic;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

/// <summary>What a boolean condition says about a secret check when it is true.</summary>
internal enum CheckSense
{
    /// <summary>The condition is not (only) a secret check.</summary>
    None,

    /// <summary>True exactly when the secret matched: <c>a == b</c>, <c>FixedTimeEquals(a, b)</c>, <c>IsValidSignature(...)</c>.</summary>
    TrueWhenAuthenticated,

    /// <summary>True exactly when the secret did not match: <c>a != b</c>, <c>!ok</c>, <c>string.IsNullOrEmpty(provided) || provided != expected</c>.</summary>
    TrueWhenRejected,
}

/// <summary>The secret comparison found in a condition.</summary>
internal readonly struct SecretCheck
{
    public SecretCheck(CheckSense sense, IOperation comparison, SecretEvidence evidence)
    {
        Sense = sense;
        Comparison = comparison;
        Evidence = evidence;
    }

    /// <summary>What the analysed condition means when it is true.</summary>
    public CheckSense Sense { get; }

    /// <summary>
    /// The comparison itself (a binary operator or an invocation such as <c>string.Equals</c>, <c>FixedTimeEquals</c>,
    /// <c>SequenceEqual</c>), or the call to a method that performs one.
    /// </summary>
    public IOperation Comparison { get; }

    /// <summary>Why a compared value is a secret; <see cref="SecretKind.None"/> for a helper call recognised by its name or configuration.</summary>
    public SecretEvidence Evidence { get; }

    public bool IsCheck => Sense != CheckSense.None;
}

/// <summary>
/// Recognises secret checks: comparisons in which one side is a secret per <see cref="ValueSources"/>
/// (<c>==</c>, <c>!=</c>, <c>Equals</c>, <c>string.Equals</c>, <c>StringComparer.X.Equals</c>,
/// <c>CryptographicOperations.FixedTimeEquals</c>, <c>SequenceEqual</c>, <c>string.Compare(..) == 0</c>), and calls to
/// methods that perform one. Shared by AS0003/AS0006 (the comparison), AS0004 (a handler protected by a secret check) and
/// AS0007 (the branch taken when the check fails).
/// </summary>
/// <remarks>
/// A comparison with <c>null</c>, <c>""</c> or <c>string.Empty</c> is a presence test, not a secret check. A call counts as
/// a check when the called method returns <c>bool</c> and either (a) is listed in <c>action_security.auth_methods</c>,
/// (b) is declared in the same syntax tree and its body contains a secret comparison, or (c) is named like a check
/// (<c>Validate</c>, <c>Verify</c>, <c>Check</c>, <c>Match</c>, <c>Equal</c>, <c>Authenticate</c>, <c>Authorize</c>,
/// <c>IsValid</c>) and receives a secret argument or has a secret word in its name (<c>IsValidSignature(request)</c>).
/// Nothing here throws; everything is bounded in depth.
/// </remarks>
internal static partial class SecretChecks
{
    private const int MaxDepth = 6;

    // Conditions: which sense a condition has about a secret check (the one model of the operands is in CallerChecks.cs).

    /// <summary>
    /// Analyses a boolean condition (an <c>if</c> condition, a conditional expression's condition, a returned or
    /// assigned <c>bool</c>). Looks through <c>!</c>, parentheses, <c>== false</c>, <c>await</c>, single-assignment
    /// <c>bool</c> locals, and <c>&amp;&amp;</c>/<c>||</c> combinations of checks with presence tests of secrets.
    /// </summary>
    public static SecretCheck AnalyzeCondition(IOperation? condition, KnownTypes types, ActionSecurityOptions options, CancellationToken cancellationToken)
        => condition is null ? default : Analyze(condition, types, options, cancellationToken, MaxDepth);

    /// <summary>
    /// True when <paramref name="operation"/> is itself a comparison involving a secret (not looking through
    /// <c>!</c>, locals or helper calls). <paramref name="check"/> tells its sense and evidence.
    /// </summary>
    public static bool IsSecretComparison(IOperation operation, KnownTypes types, ActionSecurityOptions options, CancellationToken cancellationToken, out SecretCheck check)
    {
        check = AnalyzeComparison(operation.WalkDownConversion(), types, options, cancellationToken);
        return check.IsCheck;
    }

    /// <summary>True when the body contains a secret comparison (nested lambdas and local functions included).</summary>
    public static bool ContainsSecretComparison(IOperation body, KnownTypes types, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        foreach (var descendant in body.DescendantsAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (descendant is IBinaryOperation or IInvocationOperation
                && AnalyzeComparison(descendant, types, options, cancellationToken).IsCheck)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True for the operations that <see cref="IsSecretComparison"/> may accept: <c>==</c> and <c>!=</c>, and calls to an
    /// equality method (<c>Equals</c>, <c>SequenceEqual</c>, <c>FixedTimeEquals</c> returning <c>bool</c>). Symbols only,
    /// no value flow: a walk of a body keeps these and leaves the rest.
    /// </summary>
    public static bool MayBeComparison(IOperation operation, KnownTypes types) => operation switch
    {
        IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } => true,
        IInvocationOperation invocation => IsEqualityMethod(invocation.TargetMethod, types),
        _ => false,
    };

    /// <summary>
    /// <see cref="ContainsSecretComparison"/> over the binary operations and invocations of a body that a caller has
    /// already collected in its own walk of it (those <see cref="MayBeComparison"/> keeps are enough).
    /// </summary>
    public static bool AnyIsSecretComparison(List<IOperation> candidates, KnownTypes types, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        foreach (var candidate in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (AnalyzeComparison(candidate, types, options, cancellationToken).IsCheck)
                return true;
        }

        return false;
    }

    private static SecretCheck Analyze(IOperation condition, KnownTypes types, ActionSecurityOptions options, CancellationToken cancellationToken, int depth)
    {
        if (depth <= 0)
            return default;
        cancellationToken.ThrowIfCancellationRequested();
        var operation = condition.WalkDownConversion();
        switch (operation)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return Flip(Analyze(not.Operand, types, options, cancellationToken, depth - 1));

            case IAwaitOperation awaited:
                return Analyze(awaited.Operation, types, options, cancellationToken, depth - 1);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.And or BinaryOperatorKind.Or } logical
                when logical.Type?.SpecialType == SpecialType.System_Boolean:
                return AnalyzeLogical(logical, types, options, cancellationToken, depth);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } boolCompare
                when boolCompare.LeftOperand.Type?.SpecialType == SpecialType.System_Boolean
                     && boolCompare.RightOperand.Type?.SpecialType == SpecialType.System_Boolean:
            {
                // ok == false, ok != true, ...
                var constant = boolCompare.RightOperand.ConstantValue;
                var other = boolCompare.LeftOperand;
                if (!constant.HasValue)
                {
                    constant = boolCompare.LeftOperand.ConstantValue;
                    other = boolCompare.RightOperand;
                }

                if (!constant.HasValue || constant.Value is not bool value)
                    return default;
                var inner = Analyze(other, types, options, cancellationToken, depth - 1);
                var equalsTrue = value == (boolCompare.OperatorKind == BinaryOperatorKind.Equals);
                return equalsTrue ? inner : Flip(inner);
            }

            case ILocalReferenceOperation local when local.Local.Type?.SpecialType == SpecialType.System_Boolean:
            {
                var value = operation.FollowSingleAssignment(cancellationToken, depth: 1);
                return ReferenceEquals(value, operation) || value is ILocalReferenceOperation
                    ? default
                    : Analyze(value, types, options, cancellationToken, depth - 1);
            }

            case IInvocationOperation invocation:
            {
                var comparison = AnalyzeComparison(invocation, types, options, cancellationToken);
                if (comparison.IsCheck)
                    return comparison;
                return IsCheckCall(invocation, types, options, cancellationToken, depth - 1)
                    ? new SecretCheck(CheckSense.TrueWhenAuthenticated, invocation, default)
                    : default;
            }

            default:
                return AnalyzeComparison(operation, types, options, cancellationToken);
        }
    }

    /// <summary>
    /// <c>A &amp;&amp; B</c> is true when authenticated if one operand is and every other one is too or is a test that a
    /// secret is present; <c>A || B</c> is true when rejected if one operand is and every other one is too or tests that a
    /// secret is missing. The mirrored combinations (all operands of the same sense) keep that sense.
    /// </summary>
    private static SecretCheck AnalyzeLogical(IBinaryOperation logical, KnownTypes types, ActionSecurityOptions options, CancellationToken cancellationToken, int depth)
    {
        var isAnd = logical.OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And;
        var left = Analyze(logical.LeftOperand, types, options, cancellationToken, depth - 1);
        var right = Analyze(logical.RightOperand, types, options, cancellationToken, depth - 1);
        if (left.IsCheck && right.IsCheck)
            return left.Sense == right.Sense ? left : default;

        var check = left.IsCheck ? left : right;
        if (!check.IsCheck)
            return default;
        var other = left.IsCheck ? logical.RightOperand : logical.LeftOperand;
        var presence = GetPresenceTest(other, types, options, cancellationToken, depth - 1);

        // (present && matches) is true when authenticated; (missing || mismatch) is true when rejected.
        if (isAnd && check.Sense == CheckSense.TrueWhenAuthenticated && presence == Presence.TrueWhenPresent)
            return check;
        if (!isAnd && check.Sense == CheckSense.TrueWhenRejected && presence == Presence.TrueWhenMissing)
            return check;
        return default;
    }

    private enum Presence
    {
        None,
        TrueWhenPresent,
        TrueWhenMissing,
    }

    /// <summary><c>string.IsNullOrEmpty(secret)</c>, <c>secret == null</c>, <c>secret is null</c>, <c>secret.Length == 0</c> and their negations.</summary>
    private static Presence GetPresenceTest(IOperation operation, KnownTypes types, ActionSecurityOptions options, CancellationToken cancellationToken, int depth)
    {
        if (depth <= 0)
            return Presence.None;
        operation = operation.WalkDownConversion();
        switch (operation)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return GetPresenceTest(not.Operand, types, options, cancellationToken, depth - 1) switch
                {
                    Presence.TrueWhenPresent => Presence.TrueWhenMissing,
                    Presence.TrueWhenMissing => Presence.TrueWhenPresent,
                    _ => Presence.None,
                };

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } logical:
            {
                var left = GetPresenceTest(logical.LeftOperand, types, options, cancellationToken, depth - 1);
                var right = GetPresenceTest(logical.RightOperand, types, options, cancellationToken, depth - 1);
                if (left == right)
                    return left;

                // (x is string s && s.Length > 0): when a conjunction is true, each part is, so one presence test decides it.
                // The other part must only test the same value's type: with an unrelated test (version == 2 && present),
                // false no longer means missing, and the check it joins would no longer be false only when rejected.
                if (logical.OperatorKind == BinaryOperatorKind.ConditionalAnd && (left == Presence.None || right == Presence.None)
                    && (left == Presence.None ? logical.LeftOperand : logical.RightOperand).WalkDownConversion()
                        is IIsPatternOperation { Pattern: IDeclarationPatternOperation or ITypePatternOperation })
                {
                    return left == Presence.None ? right : left;
                }
                return Presence.None;
            }

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.GreaterThan or BinaryOperatorKind.LessThanOrEqual } sized
                when sized.LeftOperand.WalkDownConversion() is IPropertyReferenceOperation { Property.Name: "Length" or "Count", Instance: { } sizedValue }
                     && sized.RightOperand.ConstantValue is { HasValue: true, Value: 0 }:
            {
                // secret.Length > 0 is true when present; secret.Length <= 0 when missing.
                if (!IsSecret(sizedValue, types, options, cancellationToken))
                    return Presence.None;
                return sized.OperatorKind == BinaryOperatorKind.GreaterThan ? Presence.TrueWhenPresent : Presence.TrueWhenMissing;
            }

            case IInvocationOperation { TargetMethod.Name: "IsNullOrEmpty" or "IsNullOrWhiteSpace" } invocation
                when invocation.Arguments.Length == 1:
                return IsSecret(invocation.Arguments[0].Value, types, options, cancellationToken) ? Presence.TrueWhenMissing : Presence.None;

            case IInvocationOperation { TargetMethod.Name: "TryGetValue" or "TryGetValues" or "ContainsKey" } lookup:
            {
                // request.Headers.TryGetValue("X-Secret", out var provided): true when the secret was sent.
                var read = RequestSources.Classify(lookup, types, cancellationToken);
                return read.IsValid && options.IsSecretName(read.Key) ? Presence.TrueWhenPresent : Presence.None;
            }

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
            {
                IOperation? value = null;
                if (IsEmptyValue(binary.RightOperand))
                    value = binary.LeftOperand;
                else if (IsEmptyValue(binary.LeftOperand))
                    value = binary.RightOperand;
                if (value is IPropertyReferenceOperation { Property.Name: "Length" or "Count" } length)
                    value = length.Instance;
                if (value is null || !IsSecret(value, types, options, cancellationToken))
                    return Presence.None;
                return binary.OperatorKind == BinaryOperatorKind.Equals ? Presence.TrueWhenMissing : Presence.TrueWhenPresent;
            }

            case IIsPatternOperation isPattern:
            {
                if (!IsSecret(isPattern.Value, types, options, cancellationToken))
                    return Presence.None;
                return isPattern.Pattern switch
                {
                    IConstantPatternOperation constant when IsEmptyValue(constant.Value) => Presence.TrueWhenMissing,
                    INegatedPatternOperation { Pattern: IConstantPatternOperation constant } when IsEmptyValue(constant.Value) => Presence.TrueWhenPresent,
                    IRecursivePatternOperation recursive when RequiresLength(recursive) => Presence.TrueWhenPresent,
                    INegatedPatternOperation { Pattern: IRecursivePatternOperation recursive } when RequiresLength(recursive) => Presence.TrueWhenMissing,
                    _ => Presence.None,
                };
            }

            default:
                return Presence.None;
        }
    }

    /// <summary><c>{ Length: > 0 }</c> or <c>{ Length: not 0 }</c>: a pattern that only a non-empty value matches.</summary>
    private static bool RequiresLength(IRecursivePatternOperation pattern)
    {
        foreach (var subpattern in pattern.PropertySubpatterns)
        {
            if (subpattern.Member is not IPropertyReferenceOperation { Property.Name: "Length" or "Count" })
                continue;
            switch (subpattern.Pattern)
            {
                case IRelationalPatternOperation { OperatorKind: BinaryOperatorKind.GreaterThan, Value.ConstantValue: { HasValue: true, Value: 0 } }:
                case IRelationalPatternOperation { OperatorKind: BinaryOperatorKind.GreaterThanOrEqual, Value.ConstantValue: { HasValue: true, Value: 1 } }:
                case INegatedPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: 0 } } }:
                    return true;
            }
        }

        return false;
    }

    private static SecretCheck AnalyzeComparison(IOperation operation, KnownTypes types, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        switch (operation)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
            {
                var sense = binary.OperatorKind == BinaryOperatorKind.Equals ? CheckSense.TrueWhenAuthenticated : CheckSense.TrueWhenRejected;

                // string.Compare(a, b) == 0 and a.CompareTo(b) != 0.
                if (binary.RightOperand.ConstantValue is { HasValue: true, Value: 0 }
                    && binary.LeftOperand.WalkDownConversion() is IInvocationOperation { TargetMethod.Name: "Compare" or "CompareOrdinal" or "CompareTo" } compare)
                {
                    var compared = AnalyzeOperands(compare, binary, types, options, cancellationToken);
                    return compared.IsSecret ? new SecretCheck(sense, binary, compared) : default;
                }

                if (binary.LeftOperand.Type?.SpecialType == SpecialType.System_Boolean || IsEmptyValue(binary.LeftOperand) || IsEmptyValue(binary.RightOperand))
                    return default;
                var evidence = ClassifyOperands(binary.LeftOperand, binary.RightOperand, binary, types, options, cancellationToken).Evidence;
                return evidence.IsSecret ? new SecretCheck(sense, binary, evidence) : default;
            }

            case IInvocationOperation invocation when IsEqualityMethod(invocation.TargetMethod, types):
            {
                var evidence = AnalyzeOperands(invocation, invocation, types, options, cancellationToken);
                return evidence.IsSecret ? new SecretCheck(CheckSense.TrueWhenAuthenticated, invocation, evidence) : default;
            }

            default:
                return default;
        }
    }

    /// <summary>The evidence of a comparison call (receiver and arguments, comparers and options left out) under the one model.</summary>
    private static SecretEvidence AnalyzeOperands(IInvocationOperation invocation, IOperation comparison, KnownTypes types, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        IOperation? first = null;
        IOperation? second = null;
        var compared = 0;
        if (invocation.Instance is { } instance && !IsComparerInstance(instance))
        {
            compared++;
            first = instance;
        }

        foreach (var argument in invocation.Arguments)
        {
            var parameterType = argument.Parameter?.Type;
            if (parameterType is null || parameterType.TypeKind == TypeKind.Enum || parameterType.SpecialType == SpecialType.System_Boolean
                || parameterType.Name is "IEqualityComparer" or "StringComparer" or "CultureInfo")
            {
                continue;
            }

            compared++;
            if (first is null)
                first = argument.Value;
            else
                second ??= argument.Value;
        }

        if (compared != 2 || first is null || second is null || IsEmptyValue(first) || IsEmptyValue(second))
            return default;
        return ClassifyOperands(first, second, comparison, types, options, cancellationToken).Evidence;
    }

    private static bool IsComparerInstance(IOperation instance)
        => instance.Type is { } type && (type.Name is "StringComparer" || type.AllInterfaces.Length > 0 && ImplementsEqualityComparer(type));

    private static bool ImplementsEqualityComparer(ITypeSymbol type)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.Name == "IEqualityComparer")
                return true;
        }

        return false;
    }

    /// <summary><c>Equals</c> (instance, static, comparer), <c>FixedTimeEquals</c>, <c>SequenceEqual</c> returning bool.</summary>
    private static bool IsEqualityMethod(IMethodSymbol method, KnownTypes types)
    {
        if (method.ReturnType.SpecialType != SpecialType.System_Boolean)
            return false;
        switch (method.Name)
        {
            case "Equals":
            case "SequenceEqual":
                return true;
            case "FixedTimeEquals":
                return types.CryptographicOperations is null || method.IsMemberOf(types.CryptographicOperations);
            default:
                return false;
        }
    }

    private static bool IsCheckCall(IInvocationOperation invocation, KnownTypes types, ActionSecurityOptions options, CancellationToken cancellationToken, int depth)
    {
        var method = invocation.TargetMethod;
        if (depth <= 0 || method.ReturnType.SpecialType != SpecialType.System_Boolean && !IsTaskOfBool(method.ReturnType))
            return false;
        if (IsConfiguredAuthMethod(method, options))
            return true;
        if (IsEqualityMethod(method, types) || method.Name is "IsNullOrEmpty" or "IsNullOrWhiteSpace")
            return false;

        // A helper in the same file: look at its body.
        var model = invocation.SemanticModel;
        if (model is not null && method.MethodKind == MethodKind.Ordinary)
        {
            var source = method.PartialImplementationPart ?? method;
            foreach (var reference in source.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree != model.SyntaxTree)
                    continue;
                var body = model.GetOperation(reference.GetSyntax(cancellationToken), cancellationToken);
                if (body is not null && ContainsSecretComparison(body, types, options, cancellationToken))
                    return true;
            }
        }

        if (!HasCheckVerb(method.Name))
            return false;
        if (options.IsSecretName(method.Name))
            return true;
        foreach (var argument in invocation.Arguments)
        {
            if (ValueSources.GetSecretEvidence(argument.Value, types, options, cancellationToken).IsSecret)
                return true;
        }

        return invocation.Instance is not null && ValueSources.GetSecretEvidence(invocation.Instance, types, options, cancellationToken).IsSecret;
    }

    private static bool IsTaskOfBool(ITypeSymbol type)
        => type is INamedTypeSymbol { IsGenericType: true, Name: "Task" or "ValueTask", TypeArguments.Length: 1 } task
           && task.TypeArguments[0].SpecialType == SpecialType.System_Boolean;

    private static bool HasCheckVerb(string name)
    {
        if (name.IndexOf("Invalid", StringComparison.OrdinalIgnoreCase) >= 0 || name.IndexOf("Mismatch", StringComparison.OrdinalIgnoreCase) >= 0
            || name.StartsWith("IsNot", StringComparison.Ordinal) || name.StartsWith("Not", StringComparison.Ordinal))
        {
            return false;
        }

        return name.IndexOf("Valid", StringComparison.OrdinalIgnoreCase) >= 0
               || name.IndexOf("Verif", StringComparison.OrdinalIgnoreCase) >= 0
               || name.IndexOf("Check", StringComparison.OrdinalIgnoreCase) >= 0
               || name.IndexOf("Match", StringComparison.OrdinalIgnoreCase) >= 0
               || name.IndexOf("Equal", StringComparison.OrdinalIgnoreCase) >= 0
               || name.IndexOf("Authentic", StringComparison.OrdinalIgnoreCase) >= 0
               || name.IndexOf("Authoriz", StringComparison.OrdinalIgnoreCase) >= 0
               || name.IndexOf("Authoris", StringComparison.OrdinalIgnoreCase) >= 0;
    }

    /// <summary><c>action_security.auth_methods</c>: <c>Type.Method</c> with the type's name or full metadata name.</summary>
    public static bool IsConfiguredAuthMethod(IMethodSymbol method, ActionSecurityOptions options)
    {
        var configured = options.AuthMethods;
        if (configured.IsDefaultOrEmpty)
            return false;
        var type = method.ContainingType;
        if (type is null)
            return false;
        foreach (var entry in configured)
        {
            var dot = entry.LastIndexOf('.');
            if (dot <= 0 || dot == entry.Length - 1 || !string.Equals(entry.Substring(dot + 1), method.Name, StringComparison.Ordinal))
                continue;
            var typeName = entry.Substring(0, dot);
            if (string.Equals(typeName, type.Name, StringComparison.Ordinal)
                || string.Equals(typeName, type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None)), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSecret(IOperation value, KnownTypes types, ActionSecurityOptions options, CancellationToken cancellationToken)
        => ValueSources.GetSecretEvidence(value, types, options, cancellationToken).IsSecret;

    /// <summary><c>null</c>, <c>default</c>, <c>""</c>, <c>string.Empty</c>, <c>0</c>.</summary>
    private static bool IsEmptyValue(IOperation operation)
    {
        operation = operation.WalkDownConversion();
        if (operation is IDefaultValueOperation)
            return true;
        var constant = operation.ConstantValue;
        if (constant.HasValue)
            return constant.Value is null or "" or 0;
        return operation is IFieldReferenceOperation { Field.Name: "Empty", Field.ContainingType.SpecialType: SpecialType.System_String };
    }

    private static SecretCheck Flip(SecretCheck check) => check.Sense switch
    {
        CheckSense.TrueWhenAuthenticated => new SecretCheck(CheckSense.TrueWhenRejected, check.Comparison, check.Evidence),
        CheckSense.TrueWhenRejected => new SecretCheck(CheckSense.TrueWhenAuthenticated, check.Comparison, check.Evidence),
        _ => check,
    };
}
