using System;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

// Access: what protects one handler, and whether AS0004 reports it by default.
internal sealed partial class Handlers
{
    /// <summary>
    /// Whether a handler is protected. A handler is <see cref="HandlerAccess.Anonymous"/> with <c>AllowAnonymous()</c> or
    /// <c>[AllowAnonymous]</c>, and <see cref="HandlerAccess.Protected"/> when any of these holds:
    /// <list type="bullet">
    /// <item><c>RequireAuthorization()</c>, <c>WithMetadata(new AuthorizeAttribute())</c> or an endpoint filter that checks
    /// a secret on the endpoint or any enclosing route group (also through a local holding the builder, and through one
    /// level of helper methods that take the builder as a parameter);</item>
    /// <item>an attribute implementing <c>IAuthorizeData</c>, <c>IAuthorizationFilter</c> or <c>IAsyncAuthorizationFilter</c>,
    /// a <c>[TypeFilter]</c>/<c>[ServiceFilter]</c> of such a filter, or a filter attribute declared in source that checks a
    /// secret, on the method, its class or a base class; a controller's <c>OnActionExecuting</c> that checks a secret;</item>
    /// <item>an authorization fallback policy, a secret-checking middleware, and for controllers a global
    /// <c>AuthorizeFilter</c> or <c>MapControllers().RequireAuthorization()</c>, anywhere in the compilation;</item>
    /// <item><c>AuthorizationLevel.Function</c>, <c>Admin</c> or <c>System</c> (anything but <c>Anonymous</c>) on an Azure function;</item>
    /// <item>the handler's body, or a method it calls in the compilation, checks a secret (<see cref="PerformsSecretCheck"/>).</item>
    /// </list>
    /// </summary>
    public HandlerAccess GetAccess(Handler handler, IOperation? body, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        // Evidence in and around the handler first; the builder's call sites and the compilation-wide facts bind other
        // files (Program.cs), so they are asked only about a handler that nothing local protects. Callers only ask
        // whether the answer is Unprotected, so the order does not change what is reported.
        var access = handler.Kind switch
        {
            HandlerKind.MinimalApi => GetEndpointLocalAccess(handler, cancellationToken),
            HandlerKind.ControllerAction => GetControllerLocalAccess(handler.Method, options, cancellationToken),
            HandlerKind.AzureFunctionInProcess or HandlerKind.AzureFunctionWorker => GetFunctionLocalAccess(handler),
            _ => HandlerAccess.Unprotected,
        };
        if (access != HandlerAccess.Unprotected)
            return access;

        // The route groups of the method that maps the endpoint (app.MapGroup("/x").RequireAuthorization() on a local)
        // are as near as its body and cheaper to read; their call sites in other files are not.
        if (handler.Kind == HandlerKind.MinimalApi && handler.Endpoint is { Arguments.IsEmpty: false } endpoint)
        {
            var near = GetBuilderAccess(endpoint.Arguments[0].Value, cancellationToken, 0, nearOnly: true);
            if (near is HandlerAccess.Protected or HandlerAccess.Anonymous)
                return near;
        }

        if (handler.Kind == HandlerKind.MinimalApi && body is null)
            body = GetBody(handler.Method, handler.Endpoint?.SemanticModel, cancellationToken);
        if (handler.Kind == HandlerKind.OpenWhisk && (body is null || !IsOpenWhiskWebAction(body)))
            return HandlerAccess.Unknown;
        if (body is not null && PerformsSecretCheck(body, options, cancellationToken, depth: 1))
            return HandlerAccess.Protected;

        // A handler that answers 401/403 itself, or refuses a caller it cannot identify, decides who may call it.
        if (body is not null && handler.Kind is HandlerKind.MinimalApi or HandlerKind.ControllerAction
            && (BodyAnswersUnauthorized(body, cancellationToken) || RefusesUnidentifiedCaller(body, cancellationToken)))
        {
            return HandlerAccess.Protected;
        }

        return handler.Kind switch
        {
            HandlerKind.MinimalApi => GetEndpointWideAccess(handler, cancellationToken),
            HandlerKind.ControllerAction => _fallbackPolicy.Get(cancellationToken) || _middleware.Get(cancellationToken).Protects(GetControllerRoutes(handler.Method, cancellationToken)) || _controllerFilter.Get(cancellationToken)
                ? HandlerAccess.Protected
                : IsAssembledElsewhere(handler.Method.ContainingType, cancellationToken) ? HandlerAccess.Unknown : HandlerAccess.Unprotected,
            HandlerKind.AzureFunctionWorker => _workerMiddleware.Get(cancellationToken) ? HandlerAccess.Protected : HandlerAccess.Unprotected,
            _ => HandlerAccess.Unprotected,
        };
    }

    /// <summary>
    /// Whether AS0004 reports an unprotected handler by default: not when it is public by nature
    /// (<see cref="HandlerScope.IsPublicByNature"/>) or is a step of the authentication flow itself (it signs a user in
    /// or out, or challenges, <see cref="HandlerScope.SignsInOrOut"/>); otherwise when it is a serverless or web-action handler, accepts a
    /// state-changing method (anything but GET, HEAD, OPTIONS, TRACE; any method when no verb is given), or when other
    /// handlers of its controller, or endpoints mapped in the same method, are protected (this one looks like an
    /// omission).
    /// </summary>
    public bool IsInDefaultScope(Handler handler, IOperation? body, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        var safeOnly = HandlerScope.AnswersSafeMethodsOnly(handler, this)
                       || handler.Kind == HandlerKind.ControllerAction && body is not null && HandlerScope.IsVerblessPage(handler.Method, body, Types);
        var routes = handler.Kind == HandlerKind.ControllerAction
            ? GetControllerRoutes(handler.Method, cancellationToken, always: true)
            : handler.Route is null ? Array.Empty<string>() : new[] { handler.Route };
        if (HandlerScope.IsPublicByNature(handler, routes, safeOnly, options)
            || handler.Endpoint is { } endpoint && HandlerDisclosure.IsMappedOnlyInDevelopment(endpoint))
        {
            return false;
        }
        if (body is not null && (HandlerScope.SignsInOrOut(body, cancellationToken) || HandlerDisclosure.DisclosesNothing(handler, body, safeOnly, this, options, cancellationToken)
                                 || BranchesOnCallerIdentity(body, cancellationToken) || ActsForCurrentUser(body, cancellationToken)))
        {
            return false;
        }

        if (HandlerScope.IsServerless(handler.Kind) || !safeOnly)
            return true;
        if (body is not null && HandlerDisclosure.AnswersSecret(body, this, options, cancellationToken))
            return true;
        return handler.Kind switch
        {
            HandlerKind.ControllerAction => HasProtectedActions(handler.Method.ContainingType, options, cancellationToken),
            HandlerKind.MinimalApi => HasProtectedSiblingEndpoints(handler, cancellationToken),
            _ => false,
        };
    }

    /// <summary>
    /// True when the controller's own actions show that its reads were meant to be protected: an action that can be
    /// reached with GET carries authorization of its own, or some action carries authorization and a GET action
    /// <c>[AllowAnonymous]</c> (opting one read out says the author took reads to be protected by default; an opt-out
    /// on a write, or on a GET that answers a secret, which the rule's own fix may have written, says nothing of the
    /// reads). A controller that
    /// protects only its state-changing actions (<c>[Authorize]</c> on POST, PUT, DELETE) and opts nothing out serves
    /// its reads in public on purpose: public reference data, published content, a catalogue.
    /// </summary>
    private bool HasProtectedActions(INamedTypeSymbol controller, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        if (_protectedActions.TryGetValue(controller, out var known))
            return known;
        bool protectsRead = false, protectsAny = false, optsOut = false;
        foreach (var member in controller.GetMembers())
        {
            if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Public } action
                || !Controllers.IsAction(action, Types))
            {
                continue;
            }

            switch (GetAttributeAccess(action, includeFilters: true, options, cancellationToken))
            {
                case HandlerAccess.Protected:
                    protectsAny = true;
                    protectsRead |= HandlerScope.AcceptsGet(action, this);
                    break;
                case HandlerAccess.Anonymous:
                    optsOut |= HandlerScope.AcceptsGet(action, this) && !AnswersSecret(action, options, cancellationToken);
                    break;
            }

            if (protectsRead || protectsAny && optsOut)
                break;
        }

        return _protectedActions.Keep(controller, protectsRead || protectsAny && optsOut);
    }

    /// <summary>
    /// A GET action that answers a secret is reported whatever its siblings do, and the rule's own fix may have opted it
    /// out: its <c>[AllowAnonymous]</c> says nothing of the other reads.
    /// </summary>
    private bool AnswersSecret(IMethodSymbol action, ActionSecurityOptions options, CancellationToken cancellationToken)
        => GetBody(action, null, cancellationToken) is { } body && HandlerDisclosure.AnswersSecret(body, this, options, cancellationToken);

    /// <summary>
    /// True when the method that maps the endpoint protects reads: it requires authorization on a group, on a GET
    /// endpoint or on a builder held in a local, or on a write endpoint while it opts a GET endpoint out with
    /// <c>AllowAnonymous()</c> (opting one read out says the author took reads to be protected by default).
    /// <c>RequireAuthorization()</c> chained only onto <c>MapPost</c>, <c>MapPut</c>, <c>MapPatch</c> or <c>MapDelete</c>
    /// endpoints says the app serves its reads in public on purpose.
    /// </summary>
    private bool HasProtectedSiblingEndpoints(Handler handler, CancellationToken cancellationToken)
    {
        var body = handler.Endpoint?.GetContainingBody();
        if (body is null)
            return false;

        // Once per body: a Program.cs that maps many GET endpoints walks its body once.
        if (_bodiesRequiringAuthorization.TryGetValue(body.Syntax, out var known))
            return (bool)known;
        bool protectsRead = false, protectsWrite = false, optsReadOut = false;
        foreach (var operation in body.DescendantsAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (operation is not IInvocationOperation { TargetMethod.Name: "RequireAuthorization" or "AllowAnonymous" } call || !IsConventionCall(call))
                continue;
            var map = MappedEndpoint(call);
            if (call.TargetMethod.Name == "AllowAnonymous")
            {
                optsReadOut |= map == "MapGet";
            }
            else if (map is "MapPost" or "MapPut" or "MapPatch" or "MapDelete")
            {
                protectsWrite = true;
            }
            else
            {
                protectsRead = true;
            }

            if (protectsRead || protectsWrite && optsReadOut)
                break;
        }

        var result = protectsRead || protectsWrite && optsReadOut;
        _bodiesRequiringAuthorization.GetValue(body.Syntax, _ => result);
        return result;
    }

    /// <summary>
    /// The <c>Map*</c> method of the one endpoint a convention call is chained onto (through other conventions):
    /// <c>MapPost</c> for <c>app.MapPost(...).WithName("x").RequireAuthorization()</c>; null for a group, a builder held
    /// in a local, or anything else.
    /// </summary>
    private string? MappedEndpoint(IInvocationOperation convention)
    {
        var builder = convention;
        for (var depth = 0; depth < 16; depth++)
        {
            if (builder.Arguments.IsEmpty || builder.Arguments[0].Value.WalkDownConversion() is not IInvocationOperation receiver)
                return null;
            var method = receiver.TargetMethod;
            if (IsMapMethodName(method.Name))
            {
                return method is { IsExtensionMethod: true, Parameters.IsEmpty: false } && method.Parameters[0].Type.IsOrDerivesFrom(Types.IEndpointRouteBuilder)
                    ? method.Name
                    : null;
            }

            if (!IsConventionCall(receiver))
                return null;
            builder = receiver;
        }

        return null;
    }

    /// <summary>
    /// An OpenWhisk action is a web action (reachable by URL) when it reads the <c>__ow_*</c> request fields or answers
    /// with the web-action response fields <c>statusCode</c>, <c>headers</c> or <c>body</c>. Other actions are invoked
    /// through the authenticated OpenWhisk API.
    /// </summary>
    public static bool IsOpenWhiskWebAction(IOperation body)
    {
        foreach (var operation in body.DescendantsAndSelf())
        {
            if (operation is ILiteralOperation { ConstantValue: { HasValue: true, Value: string text } }
                && (text.StartsWith("__ow_", StringComparison.Ordinal) || text is "statusCode" or "headers" or "body"))
            {
                return true;
            }
        }

        return false;
    }

    private HandlerAccess GetEndpointLocalAccess(Handler handler, CancellationToken cancellationToken)
    {
        var endpoint = handler.Endpoint;
        if (endpoint is null || endpoint.Arguments.IsEmpty)
            return HandlerAccess.Unknown;
        var access = GetAttributeAccess(handler.Method, includeFilters: false, null, cancellationToken);
        if (access != HandlerAccess.Unprotected)
            return access;
        return GetConventionsAccess(endpoint, cancellationToken);
    }

    /// <summary>The route groups the endpoint is mapped on (and, through a helper's parameter, its call sites), then the
    /// fallback policy and middleware.</summary>
    private HandlerAccess GetEndpointWideAccess(Handler handler, CancellationToken cancellationToken)
    {
        var endpoint = handler.Endpoint;
        if (endpoint is null || endpoint.Arguments.IsEmpty)
            return HandlerAccess.Unknown;
        var access = GetBuilderAccess(endpoint.Arguments[0].Value, cancellationToken, 0);
        if (access != HandlerAccess.Unprotected)
            return access;
        return _fallbackPolicy.Get(cancellationToken) || _middleware.Get(cancellationToken).Protects(handler.Route is null ? Array.Empty<string>() : new[] { handler.Route })
            ? HandlerAccess.Protected
            : HandlerAccess.Unprotected;
    }

    private HandlerAccess GetControllerLocalAccess(IMethodSymbol method, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        var access = GetAttributeAccess(method, includeFilters: true, options, cancellationToken);
        if (access != HandlerAccess.Unprotected)
            return access;
        var controller = method.ContainingType;
        if (controller is null)
            return HandlerAccess.Unprotected;

        // What the class and its bases say holds for every action of the class: with the default options it is worked
        // out once per class (a controller of the L benchmark project has eight or nine actions).
        if (!ReferenceEquals(options, ActionSecurityOptions.Default))
            return GetControllerClassAccess(controller, options, cancellationToken);
        if (_controllerClassAccess.TryGetValue(controller, out var known))
            return known;
        access = GetControllerClassAccess(controller, options, cancellationToken);
        _controllerClassAccess.Set(controller, access);
        return access;
    }

    /// <summary>The protection a controller class gives all its actions: attributes and filter overrides on it and its bases.</summary>
    private HandlerAccess GetControllerClassAccess(INamedTypeSymbol controller, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        for (var type = controller; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
        {
            // A base class the compilation cannot resolve may carry the protection: nothing can be said.
            if (type.TypeKind == TypeKind.Error)
                return HandlerAccess.Unknown;
            var access = GetAttributeAccess(type, includeFilters: true, options, cancellationToken);
            if (access != HandlerAccess.Unprotected)
                return access;

            // Controller.OnActionExecuting / OnActionExecutionAsync overrides that check a secret, or answer 401/403,
            // guard every action.
            if (type.Locations.IsEmpty || !type.Locations[0].IsInSource)
                continue;
            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol { Name: "OnActionExecuting" or "OnActionExecutionAsync" or "OnAuthorization" or "OnAuthorizationAsync" } filterMethod
                    && (MethodPerformsSecretCheck(filterMethod, options, null, cancellationToken) || AnswersUnauthorized(filterMethod, cancellationToken)))
                {
                    return HandlerAccess.Protected;
                }
            }
        }

        return HandlerAccess.Unprotected;
    }

    private static HandlerAccess GetFunctionLocalAccess(Handler handler)
    {
        var trigger = handler.Trigger;
        if (trigger is null)
            return HandlerAccess.Unknown;
        return IsAnonymousTrigger(trigger) ? HandlerAccess.Unprotected : HandlerAccess.Protected;
    }

    /// <summary>True when an <c>[HttpTrigger]</c> sets <c>AuthorizationLevel.Anonymous</c> (the default level is Function).</summary>
    public static bool IsAnonymousTrigger(AttributeData trigger)
    {
        var level = (object?)null;
        foreach (var argument in trigger.ConstructorArguments)
        {
            if (argument.Kind == TypedConstantKind.Enum && argument.Type?.Name == "AuthorizationLevel")
                level = argument.Value;
        }

        foreach (var named in trigger.NamedArguments)
        {
            if (named.Key == "AuthLevel" && named.Value.Kind == TypedConstantKind.Enum)
                level = named.Value.Value;
        }

        return level is not null && Convert.ToInt64(level, System.Globalization.CultureInfo.InvariantCulture) == 0;
    }
}
