using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

/// <summary>The single value a field or property of a type is assigned, read from the type's own declarations.</summary>
internal static partial class ValueSources
{
    /// <summary>
    /// The single value a field or get-only auto-property of the containing type is assigned: its initializer, or one
    /// assignment in a constructor (for readonly fields and get-only properties) or anywhere in the type (for private
    /// fields). Only declarations in the tree of <paramref name="reference"/> are read; a type split over several files
    /// gives no answer. <c>Body</c> is the constructor or initializer that holds the assignment.
    /// </summary>
    public static (IOperation? Value, IOperation? Body) FindMemberAssignment(ISymbol member, IOperation reference, CancellationToken cancellationToken)
    {
        var model = reference.SemanticModel;
        var tree = reference.Syntax.SyntaxTree;
        var type = member.ContainingType;
        if (model is null || type is null || member.IsStatic && member is IFieldSymbol { IsReadOnly: false })
            return default;
        bool constructorsOnly;
        switch (member)
        {
            case IFieldSymbol { IsConst: false, IsImplicitlyDeclared: false } field:
                constructorsOnly = field.IsReadOnly;
                if (!field.IsReadOnly && field.DeclaredAccessibility != Accessibility.Private)
                    return default;
                break;
            case IPropertySymbol { SetMethod: null or { IsInitOnly: false, DeclaredAccessibility: Accessibility.Private }, IsAbstract: false, IsVirtual: false, IsOverride: false } property
                when IsAutoProperty(property, cancellationToken):
                constructorsOnly = property.SetMethod is null;
                break;
            default:
                return default;
        }

        foreach (var typeReference in type.DeclaringSyntaxReferences)
        {
            if (typeReference.SyntaxTree != tree)
                return default;
        }

        IOperation? value = null;
        IOperation? body = null;
        var writes = 0;
        foreach (var typeReference in type.DeclaringSyntaxReferences)
        {
            if (typeReference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax typeSyntax)
                return default;
            foreach (var memberSyntax in typeSyntax.Members)
            {
                cancellationToken.ThrowIfCancellationRequested();
                IOperation? operation = null;
                switch (memberSyntax)
                {
                    case FieldDeclarationSyntax fieldDeclaration when member is IFieldSymbol:
                        foreach (var variable in fieldDeclaration.Declaration.Variables)
                        {
                            if (variable.Initializer is not null
                                && SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(variable, cancellationToken), member)
                                && model.GetOperation(variable.Initializer, cancellationToken) is IFieldInitializerOperation fieldInitializer)
                            {
                                writes++;
                                value = fieldInitializer.Value;
                                body = fieldInitializer;
                            }
                        }

                        continue;
                    case PropertyDeclarationSyntax { Initializer: { } propertyInitializerSyntax } propertyDeclaration when member is IPropertySymbol:
                        if (SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(propertyDeclaration, cancellationToken), member)
                            && model.GetOperation(propertyInitializerSyntax, cancellationToken) is IPropertyInitializerOperation propertyInitializer)
                        {
                            writes++;
                            value = propertyInitializer.Value;
                            body = propertyInitializer;
                        }

                        continue;
                    case ConstructorDeclarationSyntax constructor:
                        operation = model.GetOperation(constructor, cancellationToken);
                        break;
                    case BaseMethodDeclarationSyntax method when !constructorsOnly:
                        operation = model.GetOperation(method, cancellationToken);
                        break;
                    case BasePropertyDeclarationSyntax { AccessorList: { } accessors } when !constructorsOnly:
                        foreach (var accessor in accessors.Accessors)
                        {
                            var accessorOperation = model.GetOperation(accessor, cancellationToken);
                            if (accessorOperation is not null && CountMemberWrites(accessorOperation, member, ref writes, ref value, ref body))
                                return default;
                        }

                        continue;
                }

                if (operation is not null && CountMemberWrites(operation, member, ref writes, ref value, ref body))
                    return default;
            }
        }

        return writes == 1 ? (value, body) : default;
    }

    /// <summary>Counts the assignments to <paramref name="member"/> in <paramref name="operation"/>; true when a write cannot be followed.</summary>
    private static bool CountMemberWrites(IOperation operation, ISymbol member, ref int writes, ref IOperation? value, ref IOperation? body)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            switch (descendant)
            {
                case ISimpleAssignmentOperation assignment when IsMember(assignment.Target, member):
                    writes++;
                    value = assignment.Value;
                    body = operation;
                    break;
                case ICompoundAssignmentOperation compound when IsMember(compound.Target, member):
                case ICoalesceAssignmentOperation coalesce when IsMember(coalesce.Target, member):
                case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } argument when IsMember(argument.Value, member):
                    return true;
            }
        }

        return false;
    }

    private static bool IsMember(IOperation target, ISymbol member) => target.WalkDownConversion() switch
    {
        IFieldReferenceOperation field => SymbolEqualityComparer.Default.Equals(field.Field, member)
                                           && (field.Instance is null or IInstanceReferenceOperation),
        IPropertyReferenceOperation property => SymbolEqualityComparer.Default.Equals(property.Property, member)
                                                 && (property.Instance is null or IInstanceReferenceOperation),
        _ => false,
    };

    private static bool IsAutoProperty(IPropertySymbol property, CancellationToken cancellationToken)
    {
        foreach (var member in property.ContainingType.GetMembers())
        {
            if (member is IFieldSymbol { IsImplicitlyDeclared: true } backing
                && SymbolEqualityComparer.Default.Equals(backing.AssociatedSymbol, property))
            {
                return true;
            }
        }

        _ = cancellationToken;
        return false;
    }
}
