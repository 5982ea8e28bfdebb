using Microsoft.CodeAnalysis;

namespace ActionSecurity.Analyzers.Infrastructure;

internal static class SymbolExtensions
{
    public static bool InheritsFromOrEquals(this ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
            return false;
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
                return true;
        }

        return false;
    }

    public static bool Implements(this ITypeSymbol? type, INamedTypeSymbol? interfaceType)
    {
        if (type is null || interfaceType is null)
            return false;
        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, interfaceType))
            return true;

        // Interfaces are compared by definition, so the definition's interface list gives the same answer as a constructed
        // type's, and it is computed once: a constructed type (List<Order>) computes its list again on every instance.
        foreach (var candidate in type.OriginalDefinition.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, interfaceType))
                return true;
        }

        return false;
    }

    /// <summary>True when <paramref name="type"/> is, derives from or implements <paramref name="target"/>.</summary>
    public static bool IsOrDerivesFrom(this ITypeSymbol? type, INamedTypeSymbol? target)
    {
        if (type is null || target is null)
            return false;
        return target.TypeKind == TypeKind.Interface ? type.Implements(target) : type.InheritsFromOrEquals(target);
    }

    public static bool HasAttribute(this ISymbol symbol, INamedTypeSymbol? attributeType, bool inherit = false)
    {
        if (attributeType is null)
            return false;
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass.InheritsFromOrEquals(attributeType))
                return true;
        }

        if (inherit && symbol is INamedTypeSymbol { BaseType: { } baseType })
            return baseType.HasAttribute(attributeType, inherit: true);
        return false;
    }

    public static AttributeData? GetAttribute(this ISymbol symbol, INamedTypeSymbol? attributeType)
    {
        if (attributeType is null)
            return null;
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass.InheritsFromOrEquals(attributeType))
                return attribute;
        }

        return null;
    }

    public static bool IsMemberOf(this ISymbol? member, INamedTypeSymbol? type)
        => member is not null && type is not null
           && SymbolEqualityComparer.Default.Equals(member.ContainingType?.OriginalDefinition, type);

    /// <summary>The name the user wrote for a symbol that holds a value: local, parameter, field or property.</summary>
    public static ITypeSymbol? GetValueType(this ISymbol? symbol) => symbol switch
    {
        ILocalSymbol local => local.Type,
        IParameterSymbol parameter => parameter.Type,
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        IMethodSymbol method => method.ReturnType,
        _ => null,
    };

    /// <summary>Numbers, booleans, characters, enums, dates and durations: data whose text is no secret.</summary>
    public static bool IsPlainData(this ITypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Enum)
            return true;
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Char:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Decimal:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_DateTime:
                return true;
            default:
                return type is INamedTypeSymbol { Name: "DateTimeOffset" or "TimeSpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
        }
    }
}
