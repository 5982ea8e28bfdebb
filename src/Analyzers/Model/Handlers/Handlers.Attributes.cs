using System;
using System.Collections.Generic;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

// Access through attributes and filters on a handler, its controller and base classes.
internal sealed partial class Handlers
{
    /// <summary>
    /// Authorization attributes on one symbol: <c>[Authorize]</c>-like, <c>[AllowAnonymous]</c>-like and filters
    /// (<see cref="IsProtectingFilterAttribute"/>). An attribute whose type the compilation cannot resolve and whose name
    /// says it authorizes makes the answer <see cref="HandlerAccess.Unknown"/>.
    /// </summary>
    private HandlerAccess GetAttributeAccess(ISymbol symbol, bool includeFilters, ActionSecurityOptions? options, CancellationToken cancellationToken)
    {
        var access = HandlerAccess.Unprotected;
        foreach (var attribute in symbol.GetAttributes())
        {
            var attributeClass = attribute.AttributeClass;
            if (attributeClass is null)
                continue;
            if (attributeClass.TypeKind == TypeKind.Error)
            {
                if (access == HandlerAccess.Unprotected && NameSaysAuthorization(attributeClass.Name))
                    access = HandlerAccess.Unknown;
                continue;
            }

            if (attributeClass.Implements(IAllowAnonymous))
                return HandlerAccess.Anonymous;
            if (attributeClass.Implements(IAuthorizeData) || IsAuthorizationFilter(attributeClass))
            {
                access = HandlerAccess.Protected;
                continue;
            }

            if (includeFilters && IsProtectingFilterAttribute(attribute, attributeClass, options, cancellationToken))
                access = HandlerAccess.Protected;
            else if (includeFilters && access == HandlerAccess.Unprotected && IsOpaqueFilterFactory(attribute, attributeClass))
                access = HandlerAccess.Unknown;
        }

        return access;
    }

    private static readonly string[] AuthorizationWords = { "Auth", "Permission", "Role", "Policy", "ApiKey", "Signature", "Secret", "Token", "Claim" };

    /// <summary>Words that name an authorization attribute: <c>Authorize</c>, <c>Permission</c>, <c>ApiKey</c>, ...</summary>
    private static bool NameSaysAuthorization(string name)
    {
        foreach (var word in AuthorizationWords)
        {
            if (name.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
                return true;
        }

        return false;
    }

    /// <summary>
    /// A filter attribute that guards the action: <c>[TypeFilter(typeof(F))]</c> / <c>[ServiceFilter(typeof(F))]</c>, or a
    /// subclass of either that passes <c>typeof(F)</c> to its base constructor, where F is an authorization filter or a
    /// filter declared in source that checks a secret or answers 401/403; or a filter attribute declared in source that
    /// does so itself.
    /// </summary>
    private bool IsProtectingFilterAttribute(AttributeData attribute, INamedTypeSymbol attributeClass, ActionSecurityOptions? options, CancellationToken cancellationToken)
    {
        if (attributeClass.InheritsFromOrEquals(TypeFilterAttribute) || attributeClass.InheritsFromOrEquals(ServiceFilterAttribute))
        {
            if (attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is INamedTypeSymbol filterType
                && IsGuardingFilterType(filterType, options, cancellationToken))
            {
                return true;
            }

            foreach (var declaredFilter in GetBaseConstructorFilterTypes(attributeClass, cancellationToken))
            {
                if (IsGuardingFilterType(declaredFilter, options, cancellationToken))
                    return true;
            }

            return false;
        }

        return TypePerformsSecretCheck(attributeClass, options, cancellationToken) || TypeAnswersUnauthorized(attributeClass, cancellationToken);
    }

    /// <summary>
    /// A <c>TypeFilterAttribute</c>/<c>ServiceFilterAttribute</c> subclass declared outside this compilation's own sources
    /// (a referenced assembly or project) whose filter type cannot be read: the <c>typeof(F)</c> it passes to its base
    /// constructor is in code this compilation does not hold (a referenced assembly keeps a constructor's body and a
    /// private filter class out of reach). Platforms put their permission checks in such attributes on a shared
    /// controller base (<c>[AuthorizeAdmin]</c>, <c>[PublicStore]</c> that sends a visitor without the storefront
    /// permission to the login page), so the handler's access is unknown rather than unprotected.
    /// </summary>
    private bool IsOpaqueFilterFactory(AttributeData attribute, INamedTypeSymbol attributeClass)
    {
        if (!(attributeClass.InheritsFromOrEquals(TypeFilterAttribute) || attributeClass.InheritsFromOrEquals(ServiceFilterAttribute))
            || attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is INamedTypeSymbol)
        {
            return false;
        }

        // Declared in another assembly or project, the class and every base it has below TypeFilterAttribute are out of
        // this compilation's trees, where GetBaseConstructorFilterTypes reads the typeof(F): nothing to read.
        foreach (var reference in attributeClass.DeclaringSyntaxReferences)
        {
            if (Compilation.ContainsSyntaxTree(reference.SyntaxTree))
                return false;
        }

        return true;
    }

    private bool IsGuardingFilterType(INamedTypeSymbol filterType, ActionSecurityOptions? options, CancellationToken cancellationToken)
        => IsAuthorizationFilter(filterType) || TypePerformsSecretCheck(filterType, options, cancellationToken) || TypeAnswersUnauthorized(filterType, cancellationToken);

    /// <summary>
    /// The <c>typeof(F)</c> arguments a <c>TypeFilterAttribute</c>/<c>ServiceFilterAttribute</c> subclass declared in
    /// source passes to its base constructor: <c>public AdminAttribute() : base(typeof(AdminFilter))</c>, or the
    /// primary-constructor form <c>class AdminAttribute() : TypeFilterAttribute(typeof(AdminFilter))</c>.
    /// </summary>
    private List<INamedTypeSymbol> GetBaseConstructorFilterTypes(INamedTypeSymbol attributeClass, CancellationToken cancellationToken)
    {
        var result = new List<INamedTypeSymbol>();
        for (var type = attributeClass; type is not null && !SymbolEqualityComparer.Default.Equals(type, TypeFilterAttribute)
             && !SymbolEqualityComparer.Default.Equals(type, ServiceFilterAttribute); type = type.BaseType)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration)
                    continue;
                var arguments = new List<ArgumentListSyntax>();
                if (declaration.BaseList is { } baseList)
                {
                    foreach (var baseType in baseList.Types)
                    {
                        if (baseType is PrimaryConstructorBaseTypeSyntax primary)
                            arguments.Add(primary.ArgumentList);
                    }
                }

                foreach (var member in declaration.Members)
                {
                    if (member is ConstructorDeclarationSyntax { Initializer: { } initializer })
                        arguments.Add(initializer.ArgumentList);
                }

                if (arguments.Count == 0)
                    continue;
                // A type declared in another project's source (a compilation reference, as the IDE has for project
                // references) has no model here: its syntax is read like metadata, i.e. not at all.
                if (GetSemanticModelIfOwn(declaration.SyntaxTree) is not { } model)
                    continue;
                foreach (var list in arguments)
                {
                    foreach (var node in list.DescendantNodes())
                    {
                        if (node is TypeOfExpressionSyntax { Type: { } typeSyntax }
                            && model.GetTypeInfo(typeSyntax, cancellationToken).Type is INamedTypeSymbol filterType)
                        {
                            result.Add(filterType);
                        }
                    }
                }
            }
        }

        return result;
    }

    private bool IsAuthorizationFilter(ITypeSymbol type)
        => type.Implements(IAuthorizationFilter) || type.Implements(IAsyncAuthorizationFilter);

    /// <summary>A filter type declared in source whose filter method answers 401/403 (<see cref="AnswersUnauthorized"/>).</summary>
    private bool TypeAnswersUnauthorized(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (current.Locations.IsEmpty || !current.Locations[0].IsInSource)
                continue;
            foreach (var member in current.GetMembers())
            {
                if (member is IMethodSymbol { Name: "OnActionExecuting" or "OnActionExecutionAsync" or "OnResourceExecuting" or "OnResourceExecutionAsync" or "OnAuthorization" or "OnAuthorizationAsync" } method
                    && AnswersUnauthorized(method, cancellationToken))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A filter method that short-circuits with 401/403 before the action runs: it creates an MVC
    /// <c>UnauthorizedResult</c>, <c>UnauthorizedObjectResult</c>, <c>ForbidResult</c> or <c>ChallengeResult</c>, a
    /// <c>StatusCodeResult</c>/<c>ObjectResult</c> with 401 or 403, or sets a response status code of 401 or 403.
    /// </summary>
    private bool AnswersUnauthorized(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var body = GetBody(method.OriginalDefinition, null, cancellationToken);
        return body is not null && BodyAnswersUnauthorized(body, cancellationToken);
    }

    /// <summary>
    /// <see cref="AnswersUnauthorized"/> for a body; also the helpers that build such an answer: a controller's
    /// <c>Unauthorized()</c>/<c>Forbid()</c>, <c>Results</c>/<c>TypedResults</c> <c>.Unauthorized()</c>/<c>.Forbid()</c>.
    /// </summary>
    private bool BodyAnswersUnauthorized(IOperation body, CancellationToken cancellationToken)
    {
        foreach (var operation in body.DescendantsAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (operation)
            {
                case IInvocationOperation { TargetMethod.Name: "Unauthorized" or "Forbid" } helper
                    when helper.TargetMethod.ContainingType.InheritsFromOrEquals(Types.ControllerBase)
                         || helper.TargetMethod.ContainingType.InheritsFromOrEquals(Types.Results)
                         || helper.TargetMethod.ContainingType.InheritsFromOrEquals(Types.TypedResults):
                    return true;
                case IObjectCreationOperation { Type: INamedTypeSymbol created } creation when IsMvcResultType(created):
                    if (created.Name is "UnauthorizedResult" or "UnauthorizedObjectResult" or "ForbidResult" or "ChallengeResult")
                        return true;
                    foreach (var argument in creation.Arguments)
                    {
                        if (IsDenyStatus(argument.Value))
                            return true;
                    }

                    break;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment
                    when property.Property.Name == "StatusCode" && property.Property.ContainingType.IsOrDerivesFrom(Types.HttpResponse) && IsDenyStatus(assignment.Value):
                    return true;
            }
        }

        return false;
    }

    private static bool IsMvcResultType(INamedTypeSymbol type)
        => type.ContainingNamespace is { Name: "Mvc", ContainingNamespace: { Name: "AspNetCore", ContainingNamespace.Name: "Microsoft" } };

    private static bool IsDenyStatus(IOperation value)
        => value.WalkDownConversion().ConstantValue is { HasValue: true, Value: int status } && status is 401 or 403;

    /// <summary>A filter or middleware type declared in source one of whose methods checks a secret.</summary>
    private bool TypePerformsSecretCheck(INamedTypeSymbol type, ActionSecurityOptions? options, CancellationToken cancellationToken)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (current.Locations.IsEmpty || !current.Locations[0].IsInSource)
                continue;
            foreach (var member in current.GetMembers())
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method
                    && MethodPerformsSecretCheck(method, options, null, cancellationToken))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static HandlerAccess Combine(HandlerAccess first, HandlerAccess second)
        => first == HandlerAccess.Anonymous || second == HandlerAccess.Anonymous ? HandlerAccess.Anonymous
            : first == HandlerAccess.Protected || second == HandlerAccess.Protected ? HandlerAccess.Protected
            : first == HandlerAccess.Unknown || second == HandlerAccess.Unknown ? HandlerAccess.Unknown
            : HandlerAccess.Unprotected;
}
