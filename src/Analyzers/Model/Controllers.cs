using System;
using System.Collections.Generic;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;

namespace ActionSecurity.Analyzers.Model;

/// <summary>MVC / Web API controllers and their actions, by the rules ASP.NET Core's controller discovery applies.</summary>
internal static class Controllers
{
    /// <summary>
    /// A controller as ASP.NET Core's <c>ControllerFeatureProvider</c> defines it: a public (nested in public types),
    /// non-abstract class with no open generic parameters that is not <c>[NonController]</c> and either carries
    /// <c>[Controller]</c> (directly, through <c>[ApiController]</c> or through a base class such as <c>ControllerBase</c>)
    /// or has a name ending in <c>Controller</c>. The framework applies the name rule only to the types of its
    /// application parts (assemblies that reference MVC); a class that is merely named <c>...Controller</c> therefore
    /// counts only when it shows it belongs to MVC: an MVC attribute (routing, HTTP method, filter) on it or on one of its
    /// public methods, or a public method that returns an MVC result. Needs ASP.NET Core MVC in the compilation.
    /// </summary>
    public static bool IsController(INamedTypeSymbol? type, KnownTypes types)
    {
        if (type is null || types.ControllerBase is null && types.ControllerAttribute is null)
            return false;
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsGenericType || type.DeclaredAccessibility != Accessibility.Public)
            return false;
        for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            if (containing.DeclaredAccessibility != Accessibility.Public || containing.IsGenericType)
                return false;
        }

        if (type.HasAttribute(types.NonControllerAttribute, inherit: true))
            return false;
        if (type.HasAttribute(types.ControllerAttribute, inherit: true) || type.InheritsFromOrEquals(types.ControllerBase))
            return true;
        return type.Name.EndsWith("Controller", StringComparison.OrdinalIgnoreCase) && UsesMvc(type, types);
    }

    /// <summary>A plain class named <c>...Controller</c> that uses MVC: MVC attributes or MVC results.</summary>
    private static bool UsesMvc(INamedTypeSymbol type, KnownTypes types)
    {
        if (HasMvcAttribute(type))
            return true;
        foreach (var member in type.GetMembers())
        {
            if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Public, IsStatic: false } method)
                continue;
            if (HasMvcAttribute(method) || IsMvcNamespace(Handlers.UnwrapTask(method.ReturnType).ContainingNamespace))
                return true;
        }

        return false;
    }

    private static bool HasMvcAttribute(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (IsMvcNamespace(attribute.AttributeClass?.ContainingNamespace))
                return true;
        }

        return false;
    }

    /// <summary><c>Microsoft.AspNetCore.Mvc</c> and the namespaces under it.</summary>
    private static bool IsMvcNamespace(INamespaceSymbol? ns)
    {
        for (var current = ns; current is not null && !current.IsGlobalNamespace; current = current.ContainingNamespace)
        {
            if (current.Name == "Mvc" && current.ContainingNamespace is { Name: "AspNetCore", ContainingNamespace: { Name: "Microsoft", ContainingNamespace.IsGlobalNamespace: true } })
                return true;
        }

        return false;
    }

    /// <summary>
    /// An action as ASP.NET Core's <c>DefaultApplicationModelProvider</c> defines it: a public, non-static, non-abstract,
    /// non-generic ordinary method of a controller that is not <c>[NonAction]</c>, does not override an
    /// <c>object</c> method and is not the <c>IDisposable.Dispose</c> implementation.
    /// </summary>
    public static bool IsAction(IMethodSymbol method, KnownTypes types)
    {
        if (method.MethodKind != MethodKind.Ordinary || method.IsStatic || method.IsAbstract || method.IsGenericMethod
            || method.DeclaredAccessibility != Accessibility.Public)
        {
            return false;
        }

        // The class first, answered once per class: most methods of a compilation are not in a controller, and every
        // method of a class asks.
        if (!IsControllerOnce(method.ContainingType, types))
            return false;
        if (method.HasAttribute(types.NonActionAttribute))
            return false;
        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            if (overridden.HasAttribute(types.NonActionAttribute) || overridden.ContainingType.SpecialType == SpecialType.System_Object)
                return false;
        }

        if (method.ContainingType.InheritsFromOrEquals(types.ControllerBase) && !method.Locations.IsEmpty && !method.Locations[0].IsInSource)
            return false;
        return !IsDisposeImplementation(method);
    }

    /// <summary><see cref="IsController"/>, kept per class for the compilation (<see cref="KnownTypes.ControllerClasses"/>).</summary>
    private static bool IsControllerOnce(INamedTypeSymbol? type, KnownTypes types)
    {
        if (type is null)
            return false;
        var known = types.ControllerClasses;
        if (known.TryGetValue(type, out var answer))
            return answer;
        answer = IsController(type, types);
        return known.Keep(type, answer);
    }

    private static bool IsDisposeImplementation(IMethodSymbol method)
    {
        if (method.Name != "Dispose" || !method.Parameters.IsEmpty || !method.ReturnsVoid)
            return false;
        foreach (var candidate in method.ContainingType.AllInterfaces)
        {
            if (candidate.SpecialType == SpecialType.System_IDisposable)
                return true;
        }

        return false;
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
        foreach (var attribute in HttpMethodAttributes(method, types))
        {
            if (!attribute.AttributeClass.InheritsFromOrEquals(types.HttpGetAttribute))
                return false;
            get = true;
        }

        return get;
    }

    /// <summary>True when an action names the HTTP methods it answers (<see cref="HttpMethodAttributes"/>).</summary>
    public static bool NamesHttpMethod(IMethodSymbol method, KnownTypes types)
    {
        foreach (var _ in HttpMethodAttributes(method, types))
            return true;
        return false;
    }

    /// <summary>
    /// The attributes of an action that name the HTTP methods it answers (<c>[HttpGet]</c>, <c>[HttpPost]</c>,
    /// <c>[AcceptVerbs]</c>, …: every <c>IActionHttpMethodProvider</c>); none means MVC routes it for every method.
    /// </summary>
    public static IEnumerable<AttributeData> HttpMethodAttributes(IMethodSymbol method, KnownTypes types)
    {
        if (types.IActionHttpMethodProvider is null)
            yield break;
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass && attributeClass.Implements(types.IActionHttpMethodProvider))
                yield return attribute;
        }
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
