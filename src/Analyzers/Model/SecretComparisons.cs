using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

/// <summary>The syntactic family of an equality comparison; the fix rewrites each one from its own operands.</summary>
internal enum ComparisonForm
{
    None,

    /// <summary><c>a == b</c>, <c>a != b</c> on strings or <c>StringValues</c>.</summary>
    Operator,

    /// <summary><c>string.Equals(a, b)</c>, <c>a.Equals(b)</c>, <c>StringComparer.Ordinal.Equals(a, b)</c>, <c>object.Equals(a, b)</c>.</summary>
    EqualsMethod,

    /// <summary><c>string.Compare(a, b) == 0</c>, <c>a.CompareTo(b) != 0</c>, <c>StringComparer.X.Compare(a, b) == 0</c>.</summary>
    CompareMethod,

    /// <summary><c>a.SequenceEqual(b)</c> of <c>Enumerable</c> or <c>MemoryExtensions</c>.</summary>
    SequenceEqual,

    /// <summary><c>a is "constant"</c>, <c>a is not "constant"</c>.</summary>
    ConstantPattern,

    /// <summary><c>CryptographicOperations.FixedTimeEquals(a, b)</c>: constant-time already.</summary>
    FixedTimeEquals,
}

/// <summary>What the compared operands are made of, which decides how the fix turns them into bytes.</summary>
internal enum ComparedData
{
    None,
    Text,
    Bytes,

    /// <summary>Character spans and arrays: reported, but no fix (the encoding of the original is unknown).</summary>
    Chars,
}

/// <summary>An equality comparison of two values, recognised from its operation.</summary>
internal readonly struct SecretComparison
{
    public SecretComparison(IOperation operation, IOperation left, IOperation right, ComparisonForm form, ComparedData data, bool negated, bool ignoreCase)
    {
        Operation = operation;
        Left = left;
        Right = right;
        Form = form;
        Data = data;
        Negated = negated;
        IgnoreCase = ignoreCase;
    }

    /// <summary>The whole comparison: the node that is reported and replaced (the <c>== 0</c> binary for Compare forms).</summary>
    public IOperation Operation { get; }

    public IOperation Left { get; }

    public IOperation Right { get; }

    public ComparisonForm Form { get; }

    public ComparedData Data { get; }

    /// <summary>True when the comparison is true on a mismatch (<c>!=</c>, <c>is not</c>, <c>Compare(...) != 0</c>).</summary>
    public bool Negated { get; }

    /// <summary>True for case-insensitive comparisons (<c>StringComparison.OrdinalIgnoreCase</c>, <c>StringComparer.OrdinalIgnoreCase</c>).</summary>
    public bool IgnoreCase { get; }

    public bool IsValid => Form != ComparisonForm.None;
}

/// <summary>Recognises equality comparisons of text and byte data in every API form AS0003 and AS0006 look at.</summary>
internal static class SecretComparisons
{
    /// <summary>The comparison <paramref name="operation"/> is, or an invalid value. Null and empty checks are not comparisons.</summary>
    public static SecretComparison Get(IOperation operation, KnownTypes types)
    {
        switch (operation)
        {
            case IBinaryOperation binary:
                return FromBinary(binary, types);
            case IInvocationOperation invocation:
                return FromInvocation(invocation, types);
            case IIsPatternOperation isPattern:
                return FromPattern(isPattern);
            default:
                return default;
        }
    }

    private static SecretComparison FromBinary(IBinaryOperation binary, KnownTypes types)
    {
        if (binary.OperatorKind is not (BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals))
            return default;
        var negated = binary.OperatorKind == BinaryOperatorKind.NotEquals;
        var left = binary.LeftOperand.WalkDownConversion();
        var right = binary.RightOperand.WalkDownConversion();

        // string.Compare(a, b) == 0 and friends.
        if (IsZero(right) && left is IInvocationOperation leftCompare)
            return FromCompare(binary, leftCompare, negated, types);
        if (IsZero(left) && right is IInvocationOperation rightCompare)
            return FromCompare(binary, rightCompare, negated, types);

        if (binary.OperatorMethod is null)
        {
            if (binary.LeftOperand.Type?.SpecialType != SpecialType.System_String || binary.RightOperand.Type?.SpecialType != SpecialType.System_String)
                return default;
        }
        else if (!SymbolEqualityComparer.Default.Equals(binary.OperatorMethod.ContainingType, types.StringValues))
        {
            return default;
        }

        if (IsNullOrEmptyConstant(left) || IsNullOrEmptyConstant(right))
            return default;
        return new SecretComparison(binary, binary.LeftOperand, binary.RightOperand, ComparisonForm.Operator, ComparedData.Text, negated, ignoreCase: false);
    }

    private static SecretComparison FromCompare(IBinaryOperation binary, IInvocationOperation invocation, bool negated, KnownTypes types)
    {
        var method = invocation.TargetMethod;
        if (method.Name is not ("Compare" or "CompareOrdinal" or "CompareTo"))
            return default;
        IOperation? left;
        IOperation? right;
        if (method.Name == "CompareTo" && invocation.Instance is not null && invocation.Arguments.Length == 1)
        {
            if (invocation.Instance.Type?.SpecialType != SpecialType.System_String)
                return default;
            left = invocation.Instance;
            right = invocation.Arguments[0].Value;
        }
        else if (method.Name != "CompareTo" && invocation.Arguments.Length >= 2
                 && (method.ContainingType.SpecialType == SpecialType.System_String || IsStringComparer(method.ContainingType)))
        {
            left = invocation.GetArgument(0)?.Value;
            right = invocation.GetArgument(1)?.Value;

            // string.Compare(a, indexA, b, indexB, length) compares parts: not an equality check of the values.
            if (invocation.Arguments.Length >= 5 || method.Parameters.Length >= 5)
                return default;
        }
        else
        {
            return default;
        }

        if (left is null || right is null || left.Type?.SpecialType != SpecialType.System_String || right.Type?.SpecialType != SpecialType.System_String)
            return default;
        if (IsNullOrEmptyConstant(left.WalkDownConversion()) || IsNullOrEmptyConstant(right.WalkDownConversion()))
            return default;
        return new SecretComparison(binary, left, right, ComparisonForm.CompareMethod, ComparedData.Text, negated, IgnoresCase(invocation));
    }

    private static SecretComparison FromInvocation(IInvocationOperation invocation, KnownTypes types)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "Equals":
            {
                IOperation? left;
                IOperation? right;
                if (method.IsStatic)
                {
                    if (invocation.Arguments.Length < 2)
                        return default;
                    left = invocation.GetArgument(0)?.Value;
                    right = invocation.GetArgument(1)?.Value;
                    var owner = method.ContainingType;
                    if (owner.SpecialType is not (SpecialType.System_String or SpecialType.System_Object)
                        && !SymbolEqualityComparer.Default.Equals(owner, types.StringValues)
                        && owner.Name != "MemoryExtensions")
                    {
                        return default;
                    }
                }
                else if (invocation.Instance is not null && IsStringComparer(method.ContainingType) && invocation.Arguments.Length == 2)
                {
                    left = invocation.GetArgument(0)?.Value;
                    right = invocation.GetArgument(1)?.Value;
                }
                else if (invocation.Instance is not null && invocation.Arguments.Length >= 1)
                {
                    left = invocation.Instance;
                    right = invocation.GetArgument(0)?.Value;
                }
                else
                {
                    return default;
                }

                if (left is null || right is null)
                    return default;
                var data = DataOf(left.WalkDownConversion().Type, types);
                var rightData = DataOf(right.WalkDownConversion().Type, types);
                if (data == ComparedData.None || data != rightData)
                    return default;
                if (IsNullOrEmptyConstant(left.WalkDownConversion()) || IsNullOrEmptyConstant(right.WalkDownConversion()))
                    return default;
                return new SecretComparison(invocation, left, right, ComparisonForm.EqualsMethod, data, negated: false, IgnoresCase(invocation));
            }

            case "SequenceEqual":
            {
                if (method.ContainingType.Name is not ("Enumerable" or "MemoryExtensions"))
                    return default;
                var left = invocation.Instance ?? invocation.GetArgument(0)?.Value;
                var right = invocation.Instance is null ? invocation.GetArgument(1)?.Value : invocation.GetArgument(0)?.Value;
                if (left is null || right is null)
                    return default;
                var data = ElementDataOf(left.WalkDownConversion().Type);
                if (data == ComparedData.None || ElementDataOf(right.WalkDownConversion().Type) != data)
                    return default;
                return new SecretComparison(invocation, left, right, ComparisonForm.SequenceEqual, data, negated: false, ignoreCase: false);
            }

            case "FixedTimeEquals" when SymbolEqualityComparer.Default.Equals(method.ContainingType, types.CryptographicOperations):
            {
                var left = invocation.GetArgument(0)?.Value;
                var right = invocation.GetArgument(1)?.Value;
                if (left is null || right is null)
                    return default;
                return new SecretComparison(invocation, left, right, ComparisonForm.FixedTimeEquals, ComparedData.Bytes, negated: false, ignoreCase: false);
            }

            default:
            {
                // Helpers.FixedTimeEquals(provided, settings.WebhookKey): a wrapper of a constant-time comparison.
                if (!IsConstantTimeWrapper(method, types) || invocation.Arguments.Length != 2)
                    return default;
                var left = invocation.GetArgument(0)?.Value;
                var right = invocation.GetArgument(1)?.Value;
                if (left is null || right is null)
                    return default;
                var data = DataOf(method.Parameters[0].Type, types);
                return new SecretComparison(invocation, left, right, ComparisonForm.FixedTimeEquals, data, negated: false, ignoreCase: false);
            }
        }
    }

    /// <summary>
    /// A method of the code that wraps a constant-time comparison of its two operands: it returns <c>bool</c>, takes two
    /// strings or two byte sequences, and is named for it (<c>FixedTimeEquals</c>, <c>ConstantTimeEquals</c>,
    /// <c>SlowEquals</c>, <c>TimingSafeEquals</c>, <c>SecureEquals</c>).
    /// </summary>
    public static bool IsConstantTimeWrapper(IMethodSymbol method, KnownTypes types)
    {
        if (method.ReturnType.SpecialType != SpecialType.System_Boolean || method.Parameters.Length != 2 || !IsConstantTimeName(method.Name)
            || SymbolEqualityComparer.Default.Equals(method.ContainingType, types.CryptographicOperations))
        {
            return false;
        }

        var data = DataOf(method.Parameters[0].Type, types);
        return data is ComparedData.Text or ComparedData.Bytes && DataOf(method.Parameters[1].Type, types) == data;
    }

    /// <summary>Names of constant-time comparisons written by hand or wrapped.</summary>
    public static bool IsConstantTimeName(string name)
        => MayNameConstantTime(name)
           && (name.IndexOf("ConstantTime", System.StringComparison.OrdinalIgnoreCase) >= 0
               || name.IndexOf("FixedTime", System.StringComparison.OrdinalIgnoreCase) >= 0
               || name.IndexOf("SlowEquals", System.StringComparison.OrdinalIgnoreCase) >= 0
               || name.IndexOf("TimingSafe", System.StringComparison.OrdinalIgnoreCase) >= 0
               || name.IndexOf("SecureEquals", System.StringComparison.OrdinalIgnoreCase) >= 0);

    /// <summary>
    /// False when <paramref name="name"/> cannot hold any word of <see cref="IsConstantTimeName"/>: each holds "im" (Time,
    /// Timing) or "qu" (Equals), in any case. AS0003 asks this of every method call of the compilation, so one pass over
    /// the name spares most of them the five searches.
    /// </summary>
    private static bool MayNameConstantTime(string name)
    {
        for (var i = 1; i < name.Length; i++)
        {
            var previous = name[i - 1] | 0x20;
            var current = name[i] | 0x20;
            if ((previous == 'i' && current == 'm') || (previous == 'q' && current == 'u'))
                return true;
        }

        return false;
    }

    private static SecretComparison FromPattern(IIsPatternOperation isPattern)
    {
        var pattern = isPattern.Pattern;
        var negated = false;
        if (pattern is INegatedPatternOperation not)
        {
            negated = true;
            pattern = not.Pattern;
        }

        if (pattern is not IConstantPatternOperation constant || isPattern.Value.Type?.SpecialType != SpecialType.System_String)
            return default;
        var value = constant.Value.GetConstantString();
        if (string.IsNullOrEmpty(value))
            return default;
        return new SecretComparison(isPattern, isPattern.Value, constant.Value, ComparisonForm.ConstantPattern, ComparedData.Text, negated, ignoreCase: false);
    }

    private static bool IsZero(IOperation operation)
        => operation.ConstantValue is { HasValue: true, Value: int value } && value == 0;

    /// <summary><c>null</c>, <c>""</c>, <c>default</c>, <c>string.Empty</c> or <c>StringValues.Empty</c>: an emptiness check, not a comparison.</summary>
    internal static bool IsNullOrEmptyConstant(IOperation operation)
    {
        if (operation is IDefaultValueOperation)
            return true;
        if (operation is IFieldReferenceOperation { Field: { IsStatic: true, Name: "Empty" } field }
            && (field.ContainingType.SpecialType == SpecialType.System_String || field.ContainingType.Name == "StringValues"))
        {
            return true;
        }

        var constant = operation.ConstantValue;
        return constant.HasValue && (constant.Value is null || constant.Value is string { Length: 0 });
    }

    private static bool IsStringComparer(INamedTypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == "StringComparer" && current.ContainingNamespace?.Name == "System")
                return true;
        }

        if (type is { TypeKind: TypeKind.Interface, Name: "IEqualityComparer" or "IComparer", IsGenericType: true }
            && type.TypeArguments.Length == 1 && type.TypeArguments[0].SpecialType == SpecialType.System_String)
        {
            return true;
        }

        return false;
    }

    /// <summary>A <c>StringComparison.*IgnoreCase</c> argument, an <c>ignoreCase: true</c> argument, or a <c>StringComparer.*IgnoreCase</c> receiver.</summary>
    private static bool IgnoresCase(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            var value = argument.Value.WalkDownConversion();
            if (argument.Parameter?.Type.Name == "StringComparison" && value.ConstantValue is { HasValue: true, Value: int comparison })
                return comparison is 1 or 3 or 5;
            if (argument.Parameter?.Name == "ignoreCase" && value.ConstantValue is { HasValue: true, Value: bool ignore })
                return ignore;
        }

        return invocation.Instance?.WalkDownConversion() is IPropertyReferenceOperation { Property.Name: "OrdinalIgnoreCase" or "InvariantCultureIgnoreCase" or "CurrentCultureIgnoreCase" };
    }

    /// <summary>Text for strings and <c>StringValues</c>, bytes for byte arrays and spans, chars for char arrays and spans.</summary>
    public static ComparedData DataOf(ITypeSymbol? type, KnownTypes types)
    {
        if (type is null)
            return ComparedData.None;
        if (type.SpecialType == SpecialType.System_String || SymbolEqualityComparer.Default.Equals(type, types.StringValues))
            return ComparedData.Text;
        return ElementDataOf(type);
    }

    private static ComparedData ElementDataOf(ITypeSymbol? type)
    {
        ITypeSymbol? element = type switch
        {
            IArrayTypeSymbol array => array.ElementType,
            INamedTypeSymbol { IsGenericType: true, Name: "ReadOnlySpan" or "Span" or "ReadOnlyMemory" or "Memory" or "IEnumerable" or "List" or "IReadOnlyList" or "IList" } named
                when named.TypeArguments.Length == 1 => named.TypeArguments[0],
            _ => null,
        };
        return element?.SpecialType switch
        {
            SpecialType.System_Byte => ComparedData.Bytes,
            SpecialType.System_Char => ComparedData.Chars,
            _ => ComparedData.None,
        };
    }
}
