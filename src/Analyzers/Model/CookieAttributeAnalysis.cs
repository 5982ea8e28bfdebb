using System;
using System.Collections.Immutable;
using System.Text;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

/// <summary>
/// Works out which of Secure, HttpOnly and SameSite a cookie is written without: from the object that carries its
/// attributes (<c>CookieOptions</c>, System.Web <c>HttpCookie</c>, <c>System.Net.Cookie</c>, the Functions worker's
/// <c>HttpCookie</c>), or from the text of a <c>Set-Cookie</c> header. Anything it cannot see for certain counts as set.
/// </summary>
internal static class CookieAttributeAnalysis
{
    private const int MaxDepth = 4;

    /// <summary>The flags a carrier type can express (a property of that name exists on it or a base type).</summary>
    public static CookieFlags Supported(ITypeSymbol? carrierType)
    {
        var flags = CookieFlags.None;
        for (var type = carrierType; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is not IPropertySymbol { IsStatic: false } property)
                    continue;
                flags |= FlagOf(property.Name);
            }
        }

        return flags;
    }

    public static CookieFlags FlagOf(string propertyName) => propertyName switch
    {
        "Secure" => CookieFlags.Secure,
        "HttpOnly" => CookieFlags.HttpOnly,
        "SameSite" => CookieFlags.SameSite,
        _ => CookieFlags.None,
    };

    /// <summary>
    /// Traces a carrier value to the object it was created as and the assignments to its flag properties. Returns null
    /// when the value cannot be traced with certainty (a parameter, a field, an unknown method, a local changed elsewhere).
    /// </summary>
    public static CookieAttributes? Analyze(IOperation value, INamedTypeSymbol carrierType, CancellationToken cancellationToken)
    {
        var collector = new Collector();
        if (!Trace(value, carrierType, collector, MaxDepth, cancellationToken) || collector.Creation is null)
            return null;
        return collector.Result(Supported(carrierType));
    }

    private static bool Trace(IOperation value, INamedTypeSymbol carrierType, Collector collector, int depth, CancellationToken cancellationToken)
    {
        if (depth == 0)
            return false;
        cancellationToken.ThrowIfCancellationRequested();
        switch (value.WalkDownConversion())
        {
            case IObjectCreationOperation creation when creation.Type.InheritsFromOrEquals(carrierType):
                if (collector.Creation is not null)
                    return false;
                collector.Creation = creation;
                if (creation.Initializer is { } initializer)
                {
                    foreach (var member in initializer.Initializers)
                    {
                        if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation } assignment)
                            collector.Add(assignment);
                    }
                }

                return true;
            case ILocalReferenceOperation local:
                return TraceLocal(local, carrierType, collector, depth, cancellationToken);
            case IInvocationOperation invocation:
                return TraceHelper(invocation, carrierType, collector, depth, cancellationToken);
            default:
                return false;
        }
    }

    private static bool TraceLocal(ILocalReferenceOperation reference, INamedTypeSymbol carrierType, Collector collector, int depth, CancellationToken cancellationToken)
    {
        var local = reference.Local;
        if (local.IsRef)
            return false;
        IOperation root = reference;
        while (root.Parent is not null)
            root = root.Parent;

        IOperation? assigned = null;
        var writes = 0;
        var members = ImmutableArray.CreateBuilder<ISimpleAssignmentOperation>();
        foreach (var descendant in root.DescendantsAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (descendant)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    if (declarator.GetVariableInitializer() is { } initializer)
                    {
                        writes++;
                        assigned = initializer.Value;
                    }

                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                    when SymbolEqualityComparer.Default.Equals(target.Local, local):
                    writes++;
                    assigned = assignment.Value;
                    break;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: ILocalReferenceOperation owner } } member
                    when SymbolEqualityComparer.Default.Equals(owner.Local, local):
                    members.Add(member);
                    break;
                case ICompoundAssignmentOperation { Target: ILocalReferenceOperation compound }
                    when SymbolEqualityComparer.Default.Equals(compound.Local, local):
                    return false;
                case IDeconstructionAssignmentOperation:
                    // (a, b) = ... may write the local; rare enough to give up on the whole body.
                    if (Mentions(descendant, local))
                        return false;
                    break;
                case IArgumentOperation { Value: ILocalReferenceOperation passed } argument
                    when SymbolEqualityComparer.Default.Equals(passed.Local, local):
                    if (argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out)
                        return false;
                    if (argument.Parent is IInvocationOperation { TargetMethod.Name: not ("Append" or "Delete" or "SetCookie" or "AppendCookie" or "Add" or "Set") })
                        return false; // handed to a method that may set the flags itself
                    break;
            }
        }

        if (writes != 1 || assigned is null)
            return false;
        if (!Trace(assigned, carrierType, collector, depth - 1, cancellationToken))
            return false;
        foreach (var member in members)
            collector.Add(member);
        return true;
    }

    private static bool Mentions(IOperation operation, ILocalSymbol local)
    {
        foreach (var descendant in operation.Descendants())
        {
            if (descendant is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
                return true;
        }

        return false;
    }

    /// <summary>A method in the same file whose only <c>return</c> hands back the carrier.</summary>
    private static bool TraceHelper(IInvocationOperation invocation, INamedTypeSymbol carrierType, Collector collector, int depth, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        var model = invocation.SemanticModel;
        if (model is null || method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsExtern
            || method.DeclaringSyntaxReferences.Length != 1)
        {
            return false;
        }

        var reference = method.DeclaringSyntaxReferences[0];
        if (reference.SyntaxTree != model.SyntaxTree)
            return false;
        var body = model.GetOperation(reference.GetSyntax(cancellationToken), cancellationToken);
        if (body is null)
            return false;

        IOperation? returned = null;
        foreach (var descendant in body.Descendants())
        {
            if (descendant is not IReturnOperation { ReturnedValue: { } value } || !IsOwnReturn(descendant, body))
                continue;
            if (returned is not null)
                return false;
            returned = value;
        }

        return returned is not null && Trace(returned, carrierType, collector, depth - 1, cancellationToken);
    }

    private static bool IsOwnReturn(IOperation operation, IOperation body)
    {
        for (var current = operation.Parent; current is not null && current != body; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                return false;
        }

        return true;
    }

    private sealed class Collector
    {
        private readonly ImmutableArray<ISimpleAssignmentOperation>.Builder _assignments = ImmutableArray.CreateBuilder<ISimpleAssignmentOperation>();
        private CookieFlags _secure;
        private CookieFlags _insecure;
        private CookieFlags _unknown;

        public IObjectCreationOperation? Creation { get; set; }

        public void Add(ISimpleAssignmentOperation assignment)
        {
            if (assignment.Target is not IPropertyReferenceOperation target)
                return;
            var flag = FlagOf(target.Property.Name);
            if (flag == CookieFlags.None)
                return;
            _assignments.Add(assignment);
            switch (IsSecureValue(flag, assignment.Value))
            {
                case true:
                    _secure |= flag;
                    break;
                case false:
                    _insecure |= flag;
                    break;
                default:
                    _unknown |= flag;
                    break;
            }
        }

        public CookieAttributes Result(CookieFlags supported)
        {
            var insecure = CookieFlags.None;
            foreach (var flag in new[] { CookieFlags.Secure, CookieFlags.HttpOnly, CookieFlags.SameSite })
            {
                if ((supported & flag) == 0 || (_unknown & flag) != 0)
                    continue;
                // Set securely somewhere and insecurely elsewhere depends on control flow: not certain, not reported.
                if ((_secure & flag) == 0)
                    insecure |= flag;
            }

            return new CookieAttributes(Creation, insecure, _assignments.ToImmutable());
        }
    }

    /// <summary>true: the secure value; false: an insecure constant; null: not known.</summary>
    public static bool? IsSecureValue(CookieFlags flag, IOperation value)
    {
        var walked = value.WalkDownConversion();
        if (flag == CookieFlags.SameSite)
        {
            if (walked is IFieldReferenceOperation { Field: { ContainingType.TypeKind: TypeKind.Enum } field })
            {
                return field.Name switch
                {
                    "Strict" or "Lax" => true,
                    "None" or "Unspecified" or "ExplicitNone" => false,
                    _ => null,
                };
            }

            return null;
        }

        if (!walked.ConstantValue.HasValue)
            return null;
        return walked.ConstantValue.Value switch
        {
            true => true,
            false => false,
            null => false,
            _ => null,
        };
    }

    /// <summary>
    /// The flags a <c>Set-Cookie</c> header value lacks, or null when its attributes cannot be seen: the value is not
    /// built from literals, or a non-constant part may hold attributes.
    /// </summary>
    public static CookieFlags? AnalyzeHeaderText(IOperation? value)
    {
        if (value is null)
            return null;
        var builder = new StringBuilder();
        if (!AppendText(value, builder))
            return null;
        const char Hole = '\0';
        var text = builder.ToString();
        var equals = text.IndexOf('=');
        if (equals < 0)
            return null;
        var firstHole = text.IndexOf(Hole);
        if (firstHole >= 0 && firstHole < equals)
            return null; // the name (or the whole cookie) is computed
        var semicolon = text.IndexOf(';', equals);
        var valueEnd = semicolon < 0 ? text.Length : semicolon;
        var holesInValue = 0;
        for (var i = equals; i < valueEnd; i++)
        {
            if (text[i] == Hole)
                holesInValue++;
        }

        if (holesInValue > 1 || (semicolon >= 0 && text.IndexOf(Hole, semicolon) >= 0))
            return null; // attributes may come from a computed part

        var missing = CookieFlags.All;
        if (semicolon < 0)
            return missing;
        foreach (var part in text.Substring(semicolon + 1).Split(';'))
        {
            var attribute = part.Trim();
            if (attribute.Equals("Secure", StringComparison.OrdinalIgnoreCase))
                missing &= ~CookieFlags.Secure;
            else if (attribute.Equals("HttpOnly", StringComparison.OrdinalIgnoreCase))
                missing &= ~CookieFlags.HttpOnly;
            else if (attribute.StartsWith("SameSite", StringComparison.OrdinalIgnoreCase))
            {
                var mode = attribute.Substring("SameSite".Length).Trim().TrimStart('=').Trim();
                if (mode.Equals("Strict", StringComparison.OrdinalIgnoreCase) || mode.Equals("Lax", StringComparison.OrdinalIgnoreCase))
                    missing &= ~CookieFlags.SameSite;
            }
        }

        return missing;
    }

    private static bool AppendText(IOperation operation, StringBuilder builder)
    {
        var walked = operation.WalkDownConversion();
        if (walked.ConstantValue is { HasValue: true, Value: string constant })
        {
            builder.Append(constant);
            return true;
        }

        switch (walked)
        {
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string text } })
                        builder.Append(text);
                    else
                        builder.Append('\0');
                }

                return true;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } binary:
                return AppendText(binary.LeftOperand, builder) && AppendText(binary.RightOperand, builder);
            default:
                if (walked.Type?.SpecialType != SpecialType.System_String)
                    return false;
                builder.Append('\0');
                return true;
        }
    }
}
