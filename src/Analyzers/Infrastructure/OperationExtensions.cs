using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Infrastructure;

internal static class OperationExtensions
{
    public static IOperation WalkDownConversion(this IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    continue;
                default:
                    return operation;
            }
        }
    }

    public static IOperation? WalkUpConversion(this IOperation? operation)
    {
        while (operation?.Parent is IConversionOperation or IParenthesizedOperation)
            operation = operation.Parent;
        return operation;
    }

    public static IArgumentOperation? GetArgument(this IInvocationOperation invocation, string parameterName)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == parameterName)
                return argument;
        }

        return null;
    }

    public static IArgumentOperation? GetArgument(this IInvocationOperation invocation, int ordinal)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
                return argument;
        }

        return null;
    }

    /// <summary>The constant string an operation evaluates to, or null.</summary>
    public static string? GetConstantString(this IOperation? operation)
    {
        if (operation is null)
            return null;
        var constant = operation.WalkDownConversion().ConstantValue;
        return constant.HasValue ? constant.Value as string : null;
    }

    /// <summary>The local, parameter, field or property an operation reads, or null.</summary>
    public static ISymbol? GetReferencedSymbol(this IOperation? operation) => operation?.WalkDownConversion() switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };

    /// <summary>
    /// The receiver a <c>?.</c> tested for null: the operation before the <c>?.</c> whose access holds
    /// <paramref name="instance"/> (in <c>a?.b?.c</c>, <c>a</c> for <c>.b</c> and <c>a?.b</c> for <c>.c</c>); null in a
    /// tree that holds no such access.
    /// </summary>
    public static IOperation? GetConditionalAccessReceiver(this IConditionalAccessInstanceOperation instance)
    {
        IOperation child = instance;
        for (var parent = instance.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (parent is IConditionalAccessOperation access && ReferenceEquals(access.WhenNotNull, child))
                return access.Operation;
        }

        return null;
    }

    /// <summary>The outermost operation of the method, local function or lambda body that contains this one.</summary>
    public static IOperation GetContainingBody(this IOperation operation)
    {
        // By kind, not by interface: an operation class implements many interfaces, and this runs for every local
        // followed to its value.
        var current = operation;
        while (current.Parent is { } parent)
        {
            if (parent.Kind is OperationKind.AnonymousFunction or OperationKind.LocalFunction)
                return current;
            current = parent;
        }

        return current;
    }

    public static bool IsInsideExpressionTree(this IOperation operation, INamedTypeSymbol? expressionType)
    {
        if (expressionType is null)
            return false;
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation && current.Parent is IConversionOperation { Type: INamedTypeSymbol target }
                && SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, expressionType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Follows a local that is assigned exactly once (its initializer or one assignment) to the value it holds.
    /// Returns the operation itself when it is not such a local.
    /// </summary>
    public static IOperation FollowSingleAssignment(this IOperation operation, CancellationToken cancellationToken, int depth = 4)
    {
        var current = operation.WalkDownConversion();
        for (var i = 0; i < depth && current is ILocalReferenceOperation localReference; i++)
        {
            var value = FindSingleAssignedValue(localReference, cancellationToken);
            if (value is null)
                break;
            current = value.WalkDownConversion();
        }

        return current;
    }

    private static IOperation? FindSingleAssignedValue(ILocalReferenceOperation reference, CancellationToken cancellationToken)
        => BodyLocals.Of(reference, cancellationToken) is { Assignments: 1, IndirectWrites: 0, OtherWrites: 0 } writes
            ? writes.AssignedValue
            : null;
}
