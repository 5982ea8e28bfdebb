using System;
using System.Collections.Generic;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;

namespace ActionSecurity.Analyzers.Model;

/// <summary>MVC / Web API controllers and their actions, by the rules ASP.NET Core's controller discovery applies.</summary>
internal static class Controllers
{
    /// <summary>
    /// A controller is a public, non-abstract, non-generic class that is not <c>[NonController]</c> and either carries
    /// <c>[Controller]</c> (directly, through <c>[ApiController]</c> or through a base class such as <c>ControllerBase</c>)
    /// or has a name ending in <c>Controller</c>. Needs ASP.NET Core MVC in the compilation.
    /// </summary>
    public static bool IsController(INamedTypeSymbol? type, KnownTypes types)
    {
        if (type is null || types.ControllerBase is null && types.ControllerAttribute is null)
            return false;
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsGenericType || type.DeclaredAccessibility != Accessibility.Public)
            return false;
        for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            if (containing.DeclaredAccessibility != Accessibility.Public)
                return false;
        }

        if (type.HasAttribute(types.NonControllerAttribute, inherit: true))
            return false;
        return type.HasAttribute(types.ControllerAttribute, inherit: true)
               || type.InheritsFromOrEquals(types.ControllerBase)
               || type.Name.EndsWith("Controller", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A public, non-static, non-generic ordinary method of a controller that is not <c>[NonAction]</c>.</summary>
    public static bool IsAction(IMethodSymbol method, KnownTypes types)
    {
        if (method.MethodKind != MethodKind.Ordinary || method.IsStatic || method.IsAbstract || method.IsGenericMethod
            || method.DeclaredAccessibility != Accessibility.Public)
        {
            return false;
        }

        if (method.HasAttribute(types.NonActionAttribute))
            return false;
        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            if (overridden.HasAttribute(types.NonActionAttribute) || overridden.ContainingType.SpecialType == SpecialType.System_Object)
                return false;
        }

        if (method.ContainingType.InheritsFromOrEquals(types.ControllerBase) && !method.Locations.IsEmpty && !method.Locations[0].IsInSource)
            return false;
        return IsController(method.ContainingType, types);
    }

    /// <summary>
    /// True when the controller has <c>[ApiController]</c> (on itself, a base class or the assembly), under which simple
    /// action parameters with no binding attribute are bound from the route or the query string only.
    /// </summary>
    public static bool IsApiController(INamedTypeSymbol type, KnownTypes types)
        => types.ApiControllerAttribute is not null
           && (type.HasAttribute(types.ApiControllerAttribute, inherit: true)
               || type.ContainingAssembly.HasAttribute(types.ApiControllerAttribute));

    /// <summary>
    /// True when an action answers GET only (<c>[HttpGet]</c> and no other HTTP method attribute). Without
    /// <c>[ApiController]</c> a simple parameter binds from the form first, then route, then query; a GET request has no
    /// form, so it comes from the route or the query string.
    /// </summary>
    public static bool AnswersGetOnly(IMethodSymbol method, KnownTypes types)
    {
        if (types.HttpGetAttribute is null || types.IActionHttpMethodProvider is null)
            return false;
        var get = false;
        foreach (var attribute in method.GetAttributes())
        {
            var attributeClass = attribute.AttributeClass;
            if (attributeClass is null || !attributeClass.Implements(types.IActionHttpMethodProvider))
                continue;
            if (!attributeClass.InheritsFromOrEquals(types.HttpGetAttribute))
                return false;
            get = true;
        }

        return get;
    }

    /// <summary>The attribute-route templates on an action and on its controller (and the controller's base classes).</summary>
    public static IEnumerable<string> GetRouteTemplates(IMethodSymbol method, KnownTypes types)
    {
        if (types.IRouteTemplateProvider is null)
            yield break;
        foreach (var template in GetTemplates(method, types))
            yield return template;
        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            foreach (var template in GetTemplates(type, types))
                yield return template;
        }
    }

    private static IEnumerable<string> GetTemplates(ISymbol symbol, KnownTypes types)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is null || !attribute.AttributeClass.Implements(types.IRouteTemplateProvider))
                continue;
            foreach (var argument in attribute.ConstructorArguments)
            {
                if (argument.Kind == TypedConstantKind.Primitive && argument.Value is string template)
                    yield return template;
            }

            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Template" && named.Value.Value is string template)
                    yield return template;
            }
        }
    }
}
