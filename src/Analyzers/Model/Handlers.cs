using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

/// <summary>The hosting model through which a handler is reachable over HTTP.</summary>
internal enum HandlerKind
{
    None,

    /// <summary><c>app.MapGet("/x", handler)</c> and the other <c>Map*</c> calls on an app or route group.</summary>
    MinimalApi,

    /// <summary>A public action of an MVC / Web API controller.</summary>
    ControllerAction,

    /// <summary>An Azure Functions in-process function: <c>[FunctionName]</c> with a WebJobs <c>[HttpTrigger]</c> parameter.</summary>
    AzureFunctionInProcess,

    /// <summary>An Azure Functions isolated-worker function: <c>[Function]</c> with a worker <c>[HttpTrigger]</c> parameter.</summary>
    AzureFunctionWorker,

    /// <summary>An AWS Lambda handler that takes an API Gateway proxy request (REST or HTTP API).</summary>
    AwsLambda,

    /// <summary>An OpenWhisk web action: <c>Main(JObject args)</c> returning a <c>JObject</c>.</summary>
    OpenWhisk,
}

/// <summary>How a handler is protected, from the point of view of "can anyone who knows the URL call it".</summary>
internal enum HandlerAccess
{
    /// <summary>Nothing protects the handler.</summary>
    Unprotected,

    /// <summary>Authorization is required, function keys are required, or the handler checks a secret.</summary>
    Protected,

    /// <summary><c>AllowAnonymous</c>: public on purpose.</summary>
    Anonymous,

    /// <summary>The handler's protection cannot be decided (for example a route group that comes from a field).</summary>
    Unknown,
}

/// <summary>One HTTP handler: the method that runs, how it is exposed and where a diagnostic about it belongs.</summary>
internal sealed class Handler
{
    public Handler(
        HandlerKind kind,
        IMethodSymbol method,
        string name,
        Location location,
        IInvocationOperation? endpoint = null,
        IOperation? function = null,
        AttributeData? trigger = null,
        string? route = null)
    {
        Route = route;
        Kind = kind;
        Method = method;
        Name = name;
        Location = location;
        Endpoint = endpoint;
        Function = function;
        Trigger = trigger;
    }

    public HandlerKind Kind { get; }

    /// <summary>The method that handles the request: a declared method, a local function or a lambda's symbol.</summary>
    public IMethodSymbol Method { get; }

    /// <summary>The route pattern (minimal API), the function name (Azure Functions) or <c>Type.Method</c> (others).</summary>
    public string Name { get; }

    /// <summary>The <c>Map*</c> call's name for minimal APIs, the method's identifier otherwise.</summary>
    public Location Location { get; }

    /// <summary>The <c>Map*</c> invocation of a minimal-API endpoint; null for declared handlers.</summary>
    public IInvocationOperation? Endpoint { get; }

    /// <summary>For a minimal-API endpoint, the handler delegate's target: a lambda or a method reference.</summary>
    public IOperation? Function { get; }

    /// <summary>The <c>[HttpTrigger]</c> attribute of an Azure function.</summary>
    public AttributeData? Trigger { get; }

    /// <summary>The constant route of a minimal-API endpoint, with its groups' prefixes; null when unknown.</summary>
    public string? Route { get; }
}

/// <summary>
/// What counts as an HTTP handler in every hosting model of docs/design.md, and whether it is protected. One instance per
/// compilation (<see cref="GetOrCreate"/>), immutable except for lazily computed, thread-safe compilation-wide facts.
/// </summary>
/// <remarks>
/// <para>Handlers: minimal-API <c>Map</c>, <c>MapGet</c>, <c>MapPost</c>, <c>MapPut</c>, <c>MapDelete</c>, <c>MapPatch</c>,
/// <c>MapMethods</c> with a lambda, local function or method group; controller actions (<see cref="Controllers.IsAction"/>);
/// Azure Functions with an <c>[HttpTrigger]</c> parameter; AWS Lambda methods that take an API Gateway proxy request;
/// OpenWhisk <c>Main(JObject)</c> web actions.</para>
/// <para>Protection, see <see cref="GetAccess"/>.</para>
/// </remarks>
internal sealed class Handlers
{
    private static readonly ConditionalWeakTable<Compilation, Handlers> Cache = new();

    private readonly Lazy<bool> _fallbackPolicy;
    private readonly Lazy<bool> _buildsWebHost;
    private readonly Lazy<bool> _extendsForeignControllers;
    private readonly Lazy<MiddlewareFacts> _middleware;
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _protectedActions = new(SymbolEqualityComparer.Default);
    private readonly ConditionalWeakTable<IOperation, object> _bodiesRequiringAuthorization = new();
    private AnalyzerOptions? _analyzerOptions;
    private readonly Lazy<bool> _controllerFilter;
    private readonly Lazy<bool> _workerMiddleware;
    private readonly Lazy<bool> _authenticationScheme;
    private readonly ConcurrentDictionary<IMethodSymbol, HandlerAccess> _parameterRoots = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _checkingMethods = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<(ILocalSymbol, IOperation), HandlerAccess> _localConventions = new(LocalInBodyComparer.Instance);
    private readonly object _treeIndexLock = new();
    private SyntaxIndex[]? _treeIndexes;
    private ulong[]? _treeSummaries;

    private Handlers(Compilation compilation)
    {
        Compilation = compilation;
        Types = KnownTypes.GetOrCreate(compilation);
        INamedTypeSymbol? Get(string name) => compilation.GetBestTypeByMetadataName(name);

        IAuthorizeData = Get("Microsoft.AspNetCore.Authorization.IAuthorizeData");
        IAllowAnonymous = Get("Microsoft.AspNetCore.Authorization.IAllowAnonymous");
        IAuthorizationFilter = Get("Microsoft.AspNetCore.Mvc.Filters.IAuthorizationFilter");
        IAsyncAuthorizationFilter = Get("Microsoft.AspNetCore.Mvc.Filters.IAsyncAuthorizationFilter");
        AuthorizeFilter = Get("Microsoft.AspNetCore.Mvc.Authorization.AuthorizeFilter");
        FilterCollection = Get("Microsoft.AspNetCore.Mvc.Filters.FilterCollection");
        TypeFilterAttribute = Get("Microsoft.AspNetCore.Mvc.TypeFilterAttribute");
        ServiceFilterAttribute = Get("Microsoft.AspNetCore.Mvc.ServiceFilterAttribute");
        AuthorizationOptions = Get("Microsoft.AspNetCore.Authorization.AuthorizationOptions");
        AuthorizationBuilder = Get("Microsoft.AspNetCore.Authorization.AuthorizationBuilder");
        IAuthorizationService = Get("Microsoft.AspNetCore.Authorization.IAuthorizationService");
        IEndpointConventionBuilder = Get("Microsoft.AspNetCore.Builder.IEndpointConventionBuilder");
        RouteGroupBuilder = Get("Microsoft.AspNetCore.Routing.RouteGroupBuilder");
        IApplicationBuilder = Get("Microsoft.AspNetCore.Builder.IApplicationBuilder");
        IResult = Get("Microsoft.AspNetCore.Http.IResult");
        IEndpointFilter = Get("Microsoft.AspNetCore.Http.IEndpointFilter");
        IMiddleware = Get("Microsoft.AspNetCore.Http.IMiddleware");
        IIdentity = Get("System.Security.Principal.IIdentity");
        IFunctionsWorkerMiddleware = Get("Microsoft.Azure.Functions.Worker.Middleware.IFunctionsWorkerMiddleware");
        FunctionContext = Get("Microsoft.Azure.Functions.Worker.FunctionContext");
        HttpHeadAttribute = Get("Microsoft.AspNetCore.Mvc.HttpHeadAttribute");
        HttpOptionsAttribute = Get("Microsoft.AspNetCore.Mvc.HttpOptionsAttribute");
        _buildsWebHost = new Lazy<bool>(() => MayBuildWebHost(), LazyThreadSafetyMode.ExecutionAndPublication);
        _extendsForeignControllers = new Lazy<bool>(() => AnyTypeExtendsForeignController(Compilation.Assembly.GlobalNamespace), LazyThreadSafetyMode.ExecutionAndPublication);
        _fallbackPolicy = new Lazy<bool>(() => AnyGlobalCandidate(AuthorizationCandidateKind.FallbackPolicy, null, (node, model, _) => IsFallbackPolicy((IdentifierNameSyntax)node, model)), LazyThreadSafetyMode.ExecutionAndPublication);
        _middleware = new Lazy<MiddlewareFacts>(ComputeMiddlewareFacts, LazyThreadSafetyMode.ExecutionAndPublication);
        _controllerFilter = new Lazy<bool>(() => AnyGlobalCandidate(AuthorizationCandidateKind.FilterAdd, AuthorizationCandidateKind.RequireAuthorization, IsControllerFilter), LazyThreadSafetyMode.ExecutionAndPublication);
        _authenticationScheme = new Lazy<bool>(ComputeAuthenticationScheme, LazyThreadSafetyMode.ExecutionAndPublication);
        _workerMiddleware = new Lazy<bool>(() => AnyGlobalCandidate(AuthorizationCandidateKind.MiddlewareMethod, null, (node, model, options) => IsCheckingMiddleware(node, model, options, worker: true) is not null), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public Compilation Compilation { get; }

    public KnownTypes Types { get; }

    public INamedTypeSymbol? IAuthorizeData { get; }
    public INamedTypeSymbol? IAllowAnonymous { get; }
    public INamedTypeSymbol? IAuthorizationFilter { get; }
    public INamedTypeSymbol? IAsyncAuthorizationFilter { get; }
    public INamedTypeSymbol? AuthorizeFilter { get; }
    public INamedTypeSymbol? FilterCollection { get; }
    public INamedTypeSymbol? TypeFilterAttribute { get; }
    public INamedTypeSymbol? ServiceFilterAttribute { get; }
    public INamedTypeSymbol? AuthorizationOptions { get; }
    public INamedTypeSymbol? AuthorizationBuilder { get; }
    public INamedTypeSymbol? IAuthorizationService { get; }
    public INamedTypeSymbol? IEndpointConventionBuilder { get; }
    public INamedTypeSymbol? RouteGroupBuilder { get; }
    public INamedTypeSymbol? IApplicationBuilder { get; }
    public INamedTypeSymbol? IResult { get; }
    public INamedTypeSymbol? IEndpointFilter { get; }
    public INamedTypeSymbol? IMiddleware { get; }
    public INamedTypeSymbol? IIdentity { get; }
    public INamedTypeSymbol? IFunctionsWorkerMiddleware { get; }
    public INamedTypeSymbol? FunctionContext { get; }
    public INamedTypeSymbol? HttpHeadAttribute { get; }
    public INamedTypeSymbol? HttpOptionsAttribute { get; }

    /// <summary>True for minimal-API endpoints, controllers, Azure Functions, Lambda or OpenWhisk types in the compilation.</summary>
    public bool HasMinimalApis => Types.IEndpointRouteBuilder is not null;

    public bool HasDeclaredHandlers =>
        Types.ControllerBase is not null || Types.ControllerAttribute is not null
        || Types.WebJobsHttpTriggerAttribute is not null || Types.WorkerHttpTriggerAttribute is not null
        || Types.APIGatewayProxyRequest is not null || Types.APIGatewayHttpApiV2ProxyRequest is not null
        || Types.JObject is not null;

    public static Handlers GetOrCreate(Compilation compilation)
        => Cache.GetValue(compilation, static c => new Handlers(c));

    /// <summary>
    /// True when the app registers an authentication scheme: <c>AddAuthentication(...)</c> (which returns the
    /// <c>AuthenticationBuilder</c> that <c>AddJwtBearer</c>, <c>AddCookie</c> and the other schemes extend),
    /// <c>AddIdentity</c>/<c>AddDefaultIdentity</c> (cookie schemes), or Microsoft.Identity.Web's
    /// <c>AddMicrosoftIdentityWebApiAuthentication</c>/<c>AddMicrosoftIdentityWebAppAuthentication</c>. Decided by
    /// the called method's symbol, once per compilation. The code fix offers <c>[Authorize]</c> only then.
    /// </summary>
    public bool RegistersAuthenticationScheme => _authenticationScheme.Value;

    private static readonly string[] AuthenticationRegistrations =
    {
        "AddAuthentication", "AddIdentity", "AddDefaultIdentity", "AddMicrosoftIdentityWebApiAuthentication", "AddMicrosoftIdentityWebAppAuthentication",
    };

    private bool ComputeAuthenticationScheme()
    {
        foreach (var index in GetTreeIndexes(CancellationToken.None))
        {
            SemanticModel? model = null;
            foreach (var name in AuthenticationRegistrations)
            {
                foreach (var invocationSyntax in index.GetInvocations(name))
                {
                    model ??= GetSemanticModel(index.Tree);
                    if (model.GetSymbolInfo(invocationSyntax).Symbol is IMethodSymbol method && IsAuthenticationRegistration(method))
                        return true;
                }
            }
        }

        return false;
    }

    private static bool IsAuthenticationRegistration(IMethodSymbol method)
    {
        var returned = method.ReturnType;
        if (returned.Name == "AuthenticationBuilder" && returned.ContainingNamespace is { Name: "Authentication", ContainingNamespace: { Name: "AspNetCore", ContainingNamespace.Name: "Microsoft" } })
            return true;
        if (returned.Name == "IdentityBuilder" && method.Name is "AddIdentity" or "AddDefaultIdentity")
            return true;
        for (var ns = method.ContainingNamespace; ns is not null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
        {
            if (ns.Name == "Web" && ns.ContainingNamespace is { Name: "Identity", ContainingNamespace.Name: "Microsoft" })
                return true;
        }

        return false;
    }

    /// <summary>
    /// The analyzer options the compilation-wide facts read per tree (<c>auth_methods</c> in middleware, filters and
    /// policies). Set by the analyzer when the compilation starts; the first caller wins. Without it the facts use the
    /// defaults.
    /// </summary>
    public void UseOptions(AnalyzerOptions options)
        => Interlocked.CompareExchange(ref _analyzerOptions, options, null);

    /// <summary>AS0004's options for one tree, or the defaults when no analyzer options were given.</summary>
    private ActionSecurityOptions OptionsFor(SyntaxTree? tree)
    {
        var options = Volatile.Read(ref _analyzerOptions);
        return options is null || tree is null
            ? ActionSecurityOptions.Default
            : ActionSecurityOptions.For(options, tree, DiagnosticIds.UnauthenticatedHandler);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Discovery
    // ------------------------------------------------------------------------------------------------------------

    /// <summary>Cheap name test for <see cref="TryGetEndpoint"/>.</summary>
    public static bool IsMapMethodName(string name)
        => name is "MapGet" or "MapPost" or "MapPut" or "MapDelete" or "MapPatch" or "MapMethods" or "Map";

    /// <summary>
    /// A minimal-API endpoint: a <c>Map*</c> extension call on an <c>IEndpointRouteBuilder</c> whose handler is a lambda,
    /// a local function or a method group. Endpoints whose handler is a delegate held in a variable are not handlers here
    /// (their body cannot be seen).
    /// </summary>
    public bool TryGetEndpoint(IInvocationOperation invocation, out Handler? handler)
    {
        handler = null;
        var method = invocation.TargetMethod;
        if (!IsMapMethodName(method.Name) || Types.IEndpointRouteBuilder is null || !method.IsExtensionMethod
            || method.Parameters.IsEmpty || !method.Parameters[0].Type.IsOrDerivesFrom(Types.IEndpointRouteBuilder))
        {
            return false;
        }

        IOperation? handlerValue = null;
        IOperation? patternValue = null;
        foreach (var argument in invocation.Arguments)
        {
            var parameter = argument.Parameter;
            if (parameter is null)
                continue;
            if (parameter.Type.Name is "Delegate" or "RequestDelegate" && parameter.Ordinal > 0)
                handlerValue = argument.Value;
            else if (parameter.Name == "pattern")
                patternValue = argument.Value;
        }

        if (handlerValue is null || invocation.Arguments.IsEmpty)
            return false;
        var function = GetDelegateTarget(handlerValue);
        var target = function switch
        {
            IAnonymousFunctionOperation lambda => lambda.Symbol,
            IMethodReferenceOperation reference => reference.Method,
            _ => null,
        };
        if (target is null || function is null)
            return false;

        var route = patternValue?.GetConstantString() is { } pattern
            ? GetGroupPrefix(invocation.Arguments[0].Value) + pattern
            : null;
        var location = GetNameLocation(invocation.Syntax);
        // A lambda has no name: a route that is not constant is named by its expression (MapPost(path, ...)).
        var name = route ?? (target.MethodKind == MethodKind.AnonymousFunction && patternValue is not null ? patternValue.Syntax.ToString() : target.Name);
        handler = new Handler(HandlerKind.MinimalApi, target, name, location, invocation, function, route: route);
        return true;
    }

    /// <summary>
    /// A declared handler: a controller action, an HTTP-triggered Azure function, an API Gateway Lambda handler or an
    /// OpenWhisk web action.
    /// </summary>
    public bool TryGetMethodHandler(IMethodSymbol method, out Handler? handler)
    {
        handler = null;
        if (method.MethodKind != MethodKind.Ordinary || method.Locations.IsEmpty || !method.Locations[0].IsInSource)
            return false;
        var location = method.Locations[0];
        var types = Types;

        // Azure Functions: [FunctionName]/[Function] with an [HttpTrigger] parameter.
        if (types.WebJobsHttpTriggerAttribute is not null || types.WorkerHttpTriggerAttribute is not null)
        {
            foreach (var parameter in method.Parameters)
            {
                foreach (var attribute in parameter.GetAttributes())
                {
                    var attributeClass = attribute.AttributeClass;
                    if (attributeClass is null)
                        continue;
                    var inProcess = attributeClass.InheritsFromOrEquals(types.WebJobsHttpTriggerAttribute);
                    if (!inProcess && !attributeClass.InheritsFromOrEquals(types.WorkerHttpTriggerAttribute))
                        continue;
                    var functionAttribute = method.GetAttribute(inProcess ? types.FunctionNameAttribute : types.FunctionAttribute);
                    if (functionAttribute is null)
                        return false;
                    var name = functionAttribute.ConstructorArguments.Length > 0 && functionAttribute.ConstructorArguments[0].Value is string n
                        ? n
                        : method.Name;
                    handler = new Handler(inProcess ? HandlerKind.AzureFunctionInProcess : HandlerKind.AzureFunctionWorker, method, name, location, trigger: attribute);
                    return true;
                }
            }
        }

        if (method.DeclaredAccessibility != Accessibility.Public)
            return false;

        if (Controllers.IsAction(method, types))
        {
            handler = new Handler(HandlerKind.ControllerAction, method, method.ContainingType.Name + "." + method.Name, location);
            return true;
        }

        // A Lambda handler takes the proxy request first and answers with a proxy response; helpers that merely take a
        // request are not handlers.
        if ((types.APIGatewayProxyRequest is not null || types.APIGatewayHttpApiV2ProxyRequest is not null) && !method.Parameters.IsEmpty)
        {
            var request = method.Parameters[0].Type;
            var response = UnwrapTask(method.ReturnType);
            if ((request.InheritsFromOrEquals(types.APIGatewayProxyRequest) || request.InheritsFromOrEquals(types.APIGatewayHttpApiV2ProxyRequest))
                && (response.InheritsFromOrEquals(types.APIGatewayProxyResponse) || response.InheritsFromOrEquals(types.APIGatewayHttpApiV2ProxyResponse)))
            {
                handler = new Handler(HandlerKind.AwsLambda, method, method.ContainingType.Name + "." + method.Name, location);
                return true;
            }
        }

        if (types.JObject is not null && method.Name == "Main" && method.Parameters.Length == 1
            && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, types.JObject)
            && SymbolEqualityComparer.Default.Equals(UnwrapTask(method.ReturnType), types.JObject))
        {
            handler = new Handler(HandlerKind.OpenWhisk, method, method.ContainingType.Name + "." + method.Name, location);
            return true;
        }

        return false;
    }

    /// <summary>The lambda or method reference a handler argument converts to, through conversions and delegate creations.</summary>
    public static IOperation? GetDelegateTarget(IOperation value)
    {
        var current = value.WalkDownConversion();
        while (current is IDelegateCreationOperation creation)
            current = creation.Target.WalkDownConversion();
        return current is IAnonymousFunctionOperation or IMethodReferenceOperation ? current : null;
    }

    /// <summary><c>T</c> for <c>Task&lt;T&gt;</c> and <c>ValueTask&lt;T&gt;</c>; the type itself otherwise.</summary>
    public static ITypeSymbol UnwrapTask(ITypeSymbol type)
        => type is INamedTypeSymbol { IsGenericType: true, Name: "Task" or "ValueTask", TypeArguments.Length: 1 } task
           && IsThreadingTasksNamespace(task.ContainingNamespace)
            ? task.TypeArguments[0]
            : type;

    /// <summary>True for <c>Task</c>, <c>ValueTask</c> and their generic forms.</summary>
    public static bool IsTaskType(ITypeSymbol? type)
        => type is INamedTypeSymbol { Name: "Task" or "ValueTask" } task && IsThreadingTasksNamespace(task.ContainingNamespace);

    private static bool IsThreadingTasksNamespace(INamespaceSymbol? ns)
        => ns is { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    private static Location GetNameLocation(SyntaxNode invocationSyntax)
    {
        if (invocationSyntax is InvocationExpressionSyntax invocation)
        {
            switch (invocation.Expression)
            {
                case MemberAccessExpressionSyntax access:
                    return access.Name.GetLocation();
                case MemberBindingExpressionSyntax binding:
                    return binding.Name.GetLocation();
                case SimpleNameSyntax simple:
                    return simple.GetLocation();
            }
        }

        return invocationSyntax.GetLocation();
    }

    /// <summary>The constant prefixes of the route groups an endpoint is mapped on, e.g. <c>/api</c>; empty when unknown.</summary>
    private string GetGroupPrefix(IOperation builder)
    {
        var prefix = string.Empty;
        var current = builder.WalkDownConversion();
        for (var depth = 0; depth < 8 && current is not null; depth++)
        {
            if (current is ILocalReferenceOperation)
            {
                var followed = current.FollowSingleAssignment(CancellationToken.None);
                if (followed is ILocalReferenceOperation)
                    break;
                current = followed;
                continue;
            }

            if (current is not IInvocationOperation { TargetMethod.IsExtensionMethod: true } invocation || invocation.Arguments.IsEmpty)
                break;
            if (invocation.TargetMethod.Name == "MapGroup")
            {
                var group = invocation.GetArgument("prefix")?.Value.GetConstantString();
                if (group is null)
                    break;
                prefix = group.TrimEnd('/') + prefix;
            }

            current = invocation.Arguments[0].Value.WalkDownConversion();
        }

        return prefix;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Protection
    // ------------------------------------------------------------------------------------------------------------

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

        if (handler.Kind == HandlerKind.MinimalApi && body is null)
            body = GetBody(handler.Method, handler.Endpoint?.SemanticModel, cancellationToken);
        if (handler.Kind == HandlerKind.OpenWhisk && (body is null || !IsOpenWhiskWebAction(body)))
            return HandlerAccess.Unknown;
        if (body is not null && PerformsSecretCheck(body, options, cancellationToken, depth: 1))
            return HandlerAccess.Protected;

        // A handler that answers 401/403 itself decides who may call it, by a check the analyzer may not recognise.
        if (body is not null && handler.Kind is HandlerKind.MinimalApi or HandlerKind.ControllerAction && BodyAnswersUnauthorized(body, cancellationToken))
            return HandlerAccess.Protected;

        return handler.Kind switch
        {
            HandlerKind.MinimalApi => GetEndpointWideAccess(handler, cancellationToken),
            HandlerKind.ControllerAction => _fallbackPolicy.Value || _middleware.Value.Protects(GetControllerRoutes(handler.Method)) || _controllerFilter.Value
                ? HandlerAccess.Protected
                : IsAssembledElsewhere(handler.Method.ContainingType) ? HandlerAccess.Unknown : HandlerAccess.Unprotected,
            HandlerKind.AzureFunctionWorker => _workerMiddleware.Value ? HandlerAccess.Protected : HandlerAccess.Unprotected,
            _ => HandlerAccess.Unprotected,
        };
    }

    /// <summary>Words of the calls that build an ASP.NET Core app (its host, its MVC services or its controller routes).</summary>
    private static readonly string[] WebHostWords =
    {
        "CreateBuilder", "CreateSlimBuilder", "CreateEmptyBuilder", "CreateDefaultBuilder", "ConfigureWebHostDefaults",
        "ConfigureWebHost", "UseStartup", "AddControllers", "AddControllersWithViews", "AddMvc", "AddMvcCore", "MapControllers",
    };

    /// <summary>
    /// True unless no file of the compilation may build the web app: a project of controllers that another project hosts
    /// (the host calls <c>AddControllers</c>/<c>AddApplicationPart</c> and sets the app's authorization). Word summaries
    /// only, so a false "may" keeps the rule reporting.
    /// </summary>
    private bool MayBuildWebHost()
    {
        foreach (var index in GetTreeIndexes(CancellationToken.None))
        {
            foreach (var word in WebHostWords)
            {
                if (index.MayContain(word))
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A controller of a project that is one part of a multi-project web app: the project does not build the app, and
    /// its controllers build on a base controller of another project (not ASP.NET Core's). The app is assembled
    /// elsewhere, where its authorization (a fallback policy, a global filter, middleware, conventions on the shared
    /// base) is set, out of this compilation's sight. Unknown, not unprotected; every controller of such a project.
    /// </summary>
    private bool IsAssembledElsewhere(INamedTypeSymbol? controller)
        => controller is not null && !_buildsWebHost.Value && (HasForeignBase(controller) || _extendsForeignControllers.Value);

    private bool HasForeignBase(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            var assembly = current.ContainingAssembly;
            if (assembly is null || SymbolEqualityComparer.Default.Equals(assembly, Compilation.Assembly))
                continue;
            return !HandlerScope.IsAspNetCore(current.ContainingNamespace);
        }

        return false;
    }

    /// <summary>Whether a class declared in this compilation derives from another project's <c>ControllerBase</c> subclass.</summary>
    private bool AnyTypeExtendsForeignController(INamespaceSymbol root)
    {
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case INamespaceSymbol ns:
                    foreach (var member in ns.GetMembers())
                        pending.Push(member);
                    break;
                case INamedTypeSymbol { TypeKind: TypeKind.Class } type:
                    if (HasForeignBase(type) && type.IsOrDerivesFrom(Types.ControllerBase))
                        return true;
                    break;
            }
        }

        return false;
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
        var safeOnly = HandlerScope.AnswersSafeMethodsOnly(handler, this);
        var routes = handler.Kind == HandlerKind.ControllerAction
            ? GetControllerRoutes(handler.Method, always: true)
            : handler.Route is null ? Array.Empty<string>() : new[] { handler.Route };
        if (HandlerScope.IsPublicByNature(handler, routes, safeOnly, options))
            return false;
        if (body is not null && HandlerScope.SignsInOrOut(body, cancellationToken))
            return false;
        if (HandlerScope.IsServerless(handler.Kind) || !safeOnly)
            return true;
        return handler.Kind switch
        {
            HandlerKind.ControllerAction => HasProtectedActions(handler.Method.ContainingType, options, cancellationToken),
            HandlerKind.MinimalApi => HasProtectedSiblingEndpoints(handler, cancellationToken),
            _ => false,
        };
    }

    /// <summary>True when an action of the controller (its own methods) carries authorization of its own.</summary>
    private bool HasProtectedActions(INamedTypeSymbol controller, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        if (_protectedActions.TryGetValue(controller, out var known))
            return known;
        var result = false;
        foreach (var member in controller.GetMembers())
        {
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Public } action
                && Controllers.IsAction(action, Types)
                && GetAttributeAccess(action, includeFilters: true, options, cancellationToken) == HandlerAccess.Protected)
            {
                result = true;
                break;
            }
        }

        return _protectedActions.GetOrAdd(controller, result);
    }

    /// <summary>True when the method that maps the endpoint requires authorization on another endpoint or group.</summary>
    private bool HasProtectedSiblingEndpoints(Handler handler, CancellationToken cancellationToken)
    {
        var body = handler.Endpoint?.GetContainingBody();
        if (body is null)
            return false;

        // Once per body: a Program.cs that maps many GET endpoints walks its body once.
        if (_bodiesRequiringAuthorization.TryGetValue(body, out var known))
            return (bool)known;
        var result = false;
        foreach (var operation in body.DescendantsAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (operation is IInvocationOperation { TargetMethod.Name: "RequireAuthorization" } call && IsConventionCall(call))
            {
                result = true;
                break;
            }
        }

        _bodiesRequiringAuthorization.GetValue(body, _ => result);
        return result;
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
        return _fallbackPolicy.Value || _middleware.Value.Protects(handler.Route is null ? Array.Empty<string>() : new[] { handler.Route })
            ? HandlerAccess.Protected
            : HandlerAccess.Unprotected;
    }

    private HandlerAccess GetControllerLocalAccess(IMethodSymbol method, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        var access = GetAttributeAccess(method, includeFilters: true, options, cancellationToken);
        if (access != HandlerAccess.Unprotected)
            return access;
        for (var type = method.ContainingType; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
        {
            // A base class the compilation cannot resolve may carry the protection: nothing can be said.
            if (type.TypeKind == TypeKind.Error)
                return HandlerAccess.Unknown;
            access = GetAttributeAccess(type, includeFilters: true, options, cancellationToken);
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

    /// <summary>Conventions applied to a builder value: chained calls on it and calls on a local that holds it.</summary>
    private HandlerAccess GetConventionsAccess(IOperation builderValue, CancellationToken cancellationToken)
    {
        var access = HandlerAccess.Unprotected;
        var current = builderValue;
        for (var depth = 0; depth < 32; depth++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var parent = current.WalkUpConversion()?.Parent;
            if (parent is IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation convention } && IsConventionCall(convention))
            {
                access = Combine(access, ClassifyConvention(convention, cancellationToken));
                if (access == HandlerAccess.Anonymous)
                    return access;
                current = convention;
                continue;
            }

            if (parent is IInvocationOperation { Instance: { } instance } instanceCall && ReferenceEquals(instance.WalkDownConversion(), current.WalkDownConversion()))
            {
                // Instance conventions such as builder.Add(...) and builder.WithOrder(...) on the builder type itself.
                current = instanceCall;
                continue;
            }

            // var endpoint = app.MapGet(...); endpoint.RequireAuthorization();
            if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
                access = Combine(access, GetLocalConventionsAccess(declarator.Symbol, declarator, cancellationToken));
            else if (parent is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment && ReferenceEquals(assignment.Value.WalkDownConversion(), current.WalkDownConversion()))
                access = Combine(access, GetLocalConventionsAccess(target.Local, assignment, cancellationToken));
            break;
        }

        return access;
    }

    private HandlerAccess GetLocalConventionsAccess(ILocalSymbol local, IOperation anchor, CancellationToken cancellationToken)
    {
        var body = anchor.GetContainingBody();
        if (body is null)
            return HandlerAccess.Unprotected;

        // Every route-builder helper called on app in Program.cs asks about app's conventions: once per local and body.
        var key = (local, body);
        if (_localConventions.TryGetValue(key, out var known))
            return known;
        var computed = ComputeLocalConventionsAccess(local, body, cancellationToken);
        return _localConventions.GetOrAdd(key, computed);
    }

    private HandlerAccess ComputeLocalConventionsAccess(ILocalSymbol local, IOperation body, CancellationToken cancellationToken)
    {
        var access = HandlerAccess.Unprotected;
        foreach (var reference in BodyLocals.For(body, cancellationToken)[local].References)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reference.WalkUpConversion()?.Parent is IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation convention }
                && IsConventionCall(convention))
            {
                access = Combine(access, GetConventionsAccess(reference, cancellationToken));
            }
        }

        return access;
    }

    /// <summary>
    /// An extension call that configures the endpoint or group it is called on (<c>RequireAuthorization</c>, <c>WithName</c>,
    /// <c>AddEndpointFilter</c>, ...), as opposed to one that maps a new endpoint or group on it (<c>MapGet</c>, <c>MapGroup</c>).
    /// </summary>
    private bool IsConventionCall(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (!method.IsExtensionMethod || method.Parameters.IsEmpty)
            return false;
        var first = method.OriginalDefinition.Parameters[0].Type;
        if (first is ITypeParameterSymbol typeParameter)
        {
            foreach (var constraint in typeParameter.ConstraintTypes)
            {
                if (constraint.IsOrDerivesFrom(IEndpointConventionBuilder))
                    return true;
            }

            return false;
        }

        return first.IsOrDerivesFrom(IEndpointConventionBuilder) && !first.IsOrDerivesFrom(Types.IEndpointRouteBuilder);
    }

    /// <summary>One convention call: <c>RequireAuthorization</c>, <c>AllowAnonymous</c>, authorization metadata, endpoint filters.</summary>
    private HandlerAccess ClassifyConvention(IInvocationOperation convention, CancellationToken cancellationToken)
    {
        var method = convention.TargetMethod;
        var options = method.Name is "AddEndpointFilter" or "AddEndpointFilterFactory" ? OptionsFor(convention.Syntax.SyntaxTree) : null;
        switch (method.Name)
        {
            case "RequireAuthorization":
                return HandlerAccess.Protected;
            case "AllowAnonymous":
                return HandlerAccess.Anonymous;
            case "WithMetadata":
            {
                var access = HandlerAccess.Unprotected;
                foreach (var argument in convention.Arguments)
                {
                    if (argument.Parameter?.Ordinal == 0)
                        continue;
                    IEnumerable<IOperation> items = argument.Value is IArrayCreationOperation { Initializer: { } initializer }
                        ? initializer.ElementValues
                        : new[] { argument.Value };
                    foreach (var item in items)
                    {
                        var type = item.WalkDownConversion().Type;
                        if (type.Implements(IAllowAnonymous))
                            return HandlerAccess.Anonymous;
                        if (type.Implements(IAuthorizeData))
                            access = HandlerAccess.Protected;
                    }
                }

                return access;
            }

            case "AddEndpointFilter" or "AddEndpointFilterFactory":
            {
                // AddEndpointFilter<TBuilder, TFilter>(): the filter type; TBuilder is the builder itself.
                foreach (var typeArgument in method.TypeArguments)
                {
                    if (typeArgument is INamedTypeSymbol filterType && !filterType.IsOrDerivesFrom(IEndpointConventionBuilder)
                        && TypePerformsSecretCheck(filterType, options, cancellationToken))
                    {
                        return HandlerAccess.Protected;
                    }
                }

                foreach (var argument in convention.Arguments)
                {
                    if (argument.Parameter?.Ordinal == 0)
                        continue;
                    var value = argument.Value.WalkDownConversion();
                    var target = GetDelegateTarget(value);
                    if (target is IAnonymousFunctionOperation lambda && PerformsSecretCheck(lambda.Body, options, cancellationToken, depth: 1))
                        return HandlerAccess.Protected;
                    if (target is IMethodReferenceOperation reference && MethodPerformsSecretCheck(reference.Method, options, convention.SemanticModel, cancellationToken))
                        return HandlerAccess.Protected;
                    if (value.Type is INamedTypeSymbol filterType && TypePerformsSecretCheck(filterType, options, cancellationToken))
                        return HandlerAccess.Protected;
                }

                return HandlerAccess.Unprotected;
            }

            default:
                return HandlerAccess.Unprotected;
        }
    }

    /// <summary>
    /// Walks from the builder an endpoint is mapped on to the application: route groups and the conventions applied to them.
    /// A builder that comes from a parameter is followed to the call sites of its method (one level).
    /// </summary>
    private HandlerAccess GetBuilderAccess(IOperation builder, CancellationToken cancellationToken, int level)
    {
        var access = HandlerAccess.Unprotected;
        var current = builder.WalkDownConversion();
        for (var depth = 0; depth < 16; depth++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (current)
            {
                case ILocalReferenceOperation localReference:
                {
                    access = Combine(access, GetLocalConventionsAccess(localReference.Local, localReference, cancellationToken));
                    if (access is HandlerAccess.Anonymous or HandlerAccess.Protected)
                        return access;
                    var followed = localReference.FollowSingleAssignment(cancellationToken);
                    if (followed is ILocalReferenceOperation)
                        return IsApplication(localReference.Type) ? access : Combine(access, HandlerAccess.Unknown);
                    current = followed;
                    continue;
                }

                case IInvocationOperation { TargetMethod.IsExtensionMethod: true } invocation when !invocation.Arguments.IsEmpty
                    && invocation.Arguments[0].Value.Type.IsOrDerivesFrom(Types.IEndpointRouteBuilder)
                    && invocation.Type.IsOrDerivesFrom(Types.IEndpointRouteBuilder):
                {
                    // MapGroup(...) and conventions applied to the group before mapping: app.MapGroup("/a").RequireAuthorization()
                    if (invocation.TargetMethod.Name == "MapGroup")
                        access = Combine(access, GetConventionsAccess(invocation, cancellationToken));
                    else
                        access = Combine(access, ClassifyConvention(invocation, cancellationToken));
                    if (access is HandlerAccess.Anonymous or HandlerAccess.Protected)
                        return access;
                    current = invocation.Arguments[0].Value.WalkDownConversion();
                    continue;
                }

                case IParameterReferenceOperation parameterReference:
                {
                    if (IsApplication(parameterReference.Type) || level > 0)
                        return level > 0 && !IsApplication(parameterReference.Type) ? Combine(access, HandlerAccess.Unknown) : access;
                    return Combine(access, GetParameterRootAccess(parameterReference.Parameter, cancellationToken));
                }

                default:
                    // The application itself, or a builder from a field, property or call whose conventions are not visible.
                    return current is not null && IsApplication(current.Type) ? access : Combine(access, HandlerAccess.Unknown);
            }
        }

        return Combine(access, HandlerAccess.Unknown);
    }

    /// <summary>A <c>WebApplication</c> or other application builder: not a route group, so no group conventions.</summary>
    private bool IsApplication(ITypeSymbol? type)
        => type is not null && type.IsOrDerivesFrom(IApplicationBuilder)
           && !type.InheritsFromOrEquals(RouteGroupBuilder);

    /// <summary>
    /// For a builder parameter (<c>static void MapApi(this IEndpointRouteBuilder app)</c>), the access its call sites give:
    /// protected when every call site passes a protected group or applies authorization to the returned builder.
    /// No call site in the compilation means the builder is the application's.
    /// </summary>
    private HandlerAccess GetParameterRootAccess(IParameterSymbol parameter, CancellationToken cancellationToken)
    {
        // app.UseEndpoints(endpoints => endpoints.MapGet(...)): the framework passes the application's own builder.
        if (parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction })
            return HandlerAccess.Unprotected;
        if (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
            return HandlerAccess.Unknown;
        method = method.OriginalDefinition;
        if (_parameterRoots.TryGetValue(method, out var cached))
            return cached;
        var result = ComputeParameterRootAccess(method, parameter.Ordinal, cancellationToken);
        return _parameterRoots.GetOrAdd(method, result);
    }

    private HandlerAccess ComputeParameterRootAccess(IMethodSymbol method, int ordinal, CancellationToken cancellationToken)
    {
        var sites = 0;
        var result = HandlerAccess.Unprotected;
        var protectedSites = 0;
        var indexes = GetTreeIndexes(cancellationToken);
        var summaries = _treeSummaries!;
        var hash = SyntaxIndex.Hash(method.Name);
        for (var i = 0; i < indexes.Length; i++)
        {
            if (!SyntaxIndex.SummaryMayContain(summaries, i * SyntaxIndex.SummaryLength, hash))
                continue;
            cancellationToken.ThrowIfCancellationRequested();
            var index = indexes[i];
            if (!index.MayContain(method.Name) || (!index.MayContainTwice(method.Name) && IsDeclaredIn(method, index.Tree)))
                continue;
            var tree = index.Tree;
            SemanticModel? model = null;
            foreach (var invocationSyntax in index.GetInvocations(method.Name))
            {
                model ??= GetSemanticModel(tree);
                if (model.GetOperation(invocationSyntax, cancellationToken) is not IInvocationOperation call
                    || !SymbolEqualityComparer.Default.Equals(call.TargetMethod.ReducedFrom?.OriginalDefinition ?? call.TargetMethod.OriginalDefinition, method))
                {
                    continue;
                }

                sites++;
                var argument = call.GetArgument(ordinal);
                var access = argument is null ? HandlerAccess.Unknown : GetBuilderAccess(argument.Value, cancellationToken, level: 1);
                if (access is HandlerAccess.Unprotected or HandlerAccess.Unknown
                    && method.ReturnType.IsOrDerivesFrom(Types.IEndpointRouteBuilder))
                {
                    // app.MapGroup("/todos").MapTodos().RequireAuthorization() when MapTodos returns its group.
                    access = Combine(access, GetConventionsAccess(call, cancellationToken));
                }

                if (access is HandlerAccess.Protected or HandlerAccess.Anonymous)
                    protectedSites++;
                else if (access == HandlerAccess.Unknown)
                    result = HandlerAccess.Unknown;
            }
        }

        if (sites > 0 && protectedSites == sites)
            return HandlerAccess.Protected;
        return result;
    }

    private static bool IsDeclaredIn(IMethodSymbol method, SyntaxTree tree)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == tree)
                return true;
        }

        return false;
    }

    /// <summary>
    /// The <see cref="SyntaxIndex"/> of every tree, looked up once per compilation (in tree order), and their word
    /// summaries side by side in <see cref="_treeSummaries"/>.
    /// </summary>
    private SyntaxIndex[] GetTreeIndexes(CancellationToken cancellationToken)
    {
        var indexes = Volatile.Read(ref _treeIndexes);
        if (indexes is not null)
            return indexes;
        var list = new List<SyntaxIndex>();
        foreach (var tree in Compilation.SyntaxTrees)
            list.Add(SyntaxIndex.For(tree, cancellationToken));
        indexes = list.ToArray();
        var summaries = new ulong[indexes.Length * SyntaxIndex.SummaryLength];
        for (var i = 0; i < indexes.Length; i++)
            indexes[i].CopySummary(summaries, i * SyntaxIndex.SummaryLength);
        lock (_treeIndexLock)
        {
            if (_treeIndexes is not null)
                return _treeIndexes;
            _treeSummaries = summaries;
            Volatile.Write(ref _treeIndexes, indexes);
            return indexes;
        }
    }

#pragma warning disable RS1030 // Compilation-wide facts need other trees' models; under analysis the compilation hands out its cached models.
    private SemanticModel GetSemanticModel(SyntaxTree tree) => Compilation.GetSemanticModel(tree);

    /// <summary>
    /// The model of a tree that a symbol's declaring reference points to, or null when the tree belongs to another
    /// compilation: a symbol of a referenced project (a compilation reference in the IDE) keeps its source syntax.
    /// </summary>
    private SemanticModel? GetSemanticModelIfOwn(SyntaxTree tree) => Compilation.ContainsSyntaxTree(tree) ? Compilation.GetSemanticModel(tree) : null;
#pragma warning restore RS1030

    // ------------------------------------------------------------------------------------------------------------
    // Secret checks
    // ------------------------------------------------------------------------------------------------------------

    /// <summary>The body operation of a method, local function or lambda declared in source, or null.</summary>
    public IOperation? GetBody(IMethodSymbol method, SemanticModel? current, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            var model = current is not null && current.SyntaxTree == syntax.SyntaxTree ? current : GetSemanticModelIfOwn(syntax.SyntaxTree);
            var operation = model?.GetOperation(syntax, cancellationToken);
            switch (operation)
            {
                case IAnonymousFunctionOperation lambda:
                    return lambda.Body;
                case ILocalFunctionOperation local:
                    return (IOperation?)local.Body ?? local.IgnoredBody;
                case IMethodBodyBaseOperation body:
                    return body;
                case not null:
                    return operation;
            }
        }

        return null;
    }

    /// <summary>True when a method declared in source checks a secret in its body (calls one level deep included).</summary>
    public bool MethodPerformsSecretCheck(IMethodSymbol method, ActionSecurityOptions? options, SemanticModel? current, CancellationToken cancellationToken)
    {
        method = method.OriginalDefinition;
        if (method.DeclaringSyntaxReferences.IsEmpty)
            return false;
        var cacheable = options is null || ReferenceEquals(options, ActionSecurityOptions.Default);
        if (cacheable && _checkingMethods.TryGetValue(method, out var known))
            return known;
        var body = GetBody(method, current, cancellationToken);
        var result = body is not null && PerformsSecretCheck(body, options, cancellationToken, depth: 1);
        if (cacheable)
            _checkingMethods.TryAdd(method, result);
        return result;
    }

    /// <summary>
    /// True when an operation tree checks a secret: a comparison one side of which is a secret (as AS0003 classifies it,
    /// constant-time or not), <c>CryptographicOperations.FixedTimeEquals</c>, an authentication or authorization call
    /// (<c>IIdentity.IsAuthenticated</c>, <c>AuthenticateAsync</c>, <c>IAuthorizationService.AuthorizeAsync</c>), a call to
    /// a method listed in <c>action_security.auth_methods</c>, or, up to <paramref name="depth"/> levels, a call to a method
    /// of the compilation that does one of these.
    /// </summary>
    public bool PerformsSecretCheck(IOperation body, ActionSecurityOptions? options, CancellationToken cancellationToken, int depth)
    {
        options ??= ActionSecurityOptions.Default;
        foreach (var operation in body.DescendantsAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (operation)
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
                    if (IsSecretComparison(binary.LeftOperand, binary.RightOperand, options, cancellationToken))
                        return true;
                    break;

                case IIsPatternOperation { Pattern: IConstantPatternOperation { Value: { } constant } } pattern
                    when constant.ConstantValue is { HasValue: true, Value: string }:
                    if (IsSecret(pattern.Value, options, cancellationToken))
                        return true;
                    break;

                case IPropertyReferenceOperation { Property.Name: "IsAuthenticated" } property
                    when property.Property.ContainingType.IsOrDerivesFrom(IIdentity):
                    return true;

                // API Gateway passes what its authorizer established; reading it means an authorizer guards the route.
                case IPropertyReferenceOperation { Property.Name: "Authorizer" } authorizer
                    when authorizer.Property.ContainingType?.ContainingNamespace is { Name: "APIGatewayEvents", ContainingNamespace.Name: "Lambda" }:
                    return true;

                case IInvocationOperation invocation:
                    if (IsCheckingInvocation(invocation, options, cancellationToken, depth))
                        return true;
                    break;
            }
        }

        return false;
    }

    private bool IsCheckingInvocation(IInvocationOperation invocation, ActionSecurityOptions options, CancellationToken cancellationToken, int depth)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "FixedTimeEquals" when method.IsMemberOf(Types.CryptographicOperations):
                return true;
            case "AuthenticateAsync" when method.ContainingType?.Name == "AuthenticationHttpContextExtensions":
            case "AuthorizeAsync" when method.ContainingType.IsOrDerivesFrom(IAuthorizationService)
                                       || method.ContainingType?.Name == "AuthorizationServiceExtensions":
                return true;
            case "Equals" or "SequenceEqual" or "Compare" or "CompareOrdinal" or "CompareTo":
            {
                IOperation? left = invocation.Instance;
                IOperation? right = null;
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Value.Type?.SpecialType == SpecialType.None && argument.Value.Type.TypeKind == TypeKind.Enum)
                        continue;
                    if (left is null)
                        left = argument.Value;
                    else if (right is null)
                        right = argument.Value;
                }

                if (left is not null && right is not null && IsSecretComparison(left, right, options, cancellationToken))
                    return true;
                break;
            }
        }

        // A constant-time comparison helper of the app or a library (FixedTimeEquals, ConstantTimeEquals, ...), whose
        // body may be in another assembly: what it compares decides, as for CryptographicOperations.FixedTimeEquals.
        if (invocation.Arguments.Length == 2 && SecretComparisons.IsConstantTimeName(method.Name)
            && IsSecretComparison(invocation.Arguments[0].Value, invocation.Arguments[1].Value, options, cancellationToken))
        {
            return true;
        }

        if (!options.AuthMethods.IsDefaultOrEmpty && IsConfiguredAuthMethod(method, options.AuthMethods))
            return true;
        if (KnownVerifiers.IsVerifier(method))
            return true;

        if (depth > 0 && !method.DeclaringSyntaxReferences.IsEmpty && method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction)
        {
            var body = GetBody(method.OriginalDefinition, invocation.SemanticModel, cancellationToken);
            // Not the method the call is in (recursion); spans compare only within one tree.
            var enclosing = body is not null && body.Syntax.SyntaxTree == invocation.Syntax.SyntaxTree && body.Syntax.Span.Contains(invocation.Syntax.Span);
            if (body is not null && !enclosing && PerformsSecretCheck(body, options, cancellationToken, depth - 1))
                return true;
        }

        return false;
    }

    private bool IsSecretComparison(IOperation left, IOperation right, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        if (IsNullOrDefault(left) || IsNullOrDefault(right))
            return false;
        return SecretChecks.AuthenticatesCaller(left, right, Types, options, cancellationToken);
    }

    private bool IsSecret(IOperation value, ActionSecurityOptions options, CancellationToken cancellationToken)
        => ValueSources.GetSecretEvidence(value, Types, options, cancellationToken).IsSecret;

    private static bool IsNullOrDefault(IOperation operation)
    {
        var value = operation.WalkDownConversion();
        if (value is IDefaultValueOperation)
            return true;
        var constant = value.ConstantValue;
        return constant.HasValue && (constant.Value is null || constant.Value is string { Length: 0 } || constant.Value is not string);
    }

    /// <summary><c>Type.Method</c> entries, the type given by simple name or full metadata name.</summary>
    public static bool IsConfiguredAuthMethod(IMethodSymbol method, ImmutableArray<string> configured)
    {
        foreach (var entry in configured)
        {
            var dot = entry.LastIndexOf('.');
            if (dot <= 0 || dot == entry.Length - 1)
                continue;
            if (string.CompareOrdinal(entry, dot + 1, method.Name, 0, Math.Max(method.Name.Length, entry.Length - dot - 1)) != 0
                || entry.Length - dot - 1 != method.Name.Length)
            {
                continue;
            }

            var type = method.ContainingType;
            if (type is null)
                continue;
            if (dot == type.Name.Length && string.CompareOrdinal(entry, 0, type.Name, 0, dot) == 0)
                return true;
            if (IsFullName(type, entry, dot))
                return true;
        }

        return false;
    }

    internal static bool IsFullName(INamedTypeSymbol type, string entry, int length)
    {
        // Compare "Namespace.Type" right to left without building the name.
        var end = length;
        ISymbol? current = type;
        while (current is not null && !(current is INamespaceSymbol { IsGlobalNamespace: true }))
        {
            var name = current.MetadataName;
            var start = end - name.Length;
            if (start < 0 || string.CompareOrdinal(entry, start, name, 0, name.Length) != 0)
                return false;
            current = current.ContainingSymbol;
            if (current is null || current is INamespaceSymbol { IsGlobalNamespace: true })
                return start == 0;
            if (start == 0 || (entry[start - 1] != '.' && entry[start - 1] != '+'))
                return false;
            end = start - 1;
        }

        return false;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Compilation-wide facts
    // ------------------------------------------------------------------------------------------------------------

    /// <summary>
    /// True when a candidate node of one of the two kinds, anywhere in the compilation, passes <paramref name="test"/>.
    /// Each compilation-wide fact (fallback policy, middleware, controller filters, worker middleware) is computed once
    /// per compilation, lazily and separately, so a handler binds only the candidates of the facts it needs: a
    /// function's worker middleware does not bind the Program.cs statement that configures controllers.
    /// </summary>
    private bool AnyGlobalCandidate(AuthorizationCandidateKind kind, AuthorizationCandidateKind? otherKind, Func<SyntaxNode, SemanticModel, ActionSecurityOptions, bool> test)
    {
        if (Types.IEndpointRouteBuilder is null && IFunctionsWorkerMiddleware is null && Types.ControllerBase is null)
            return false;
        foreach (var index in GetTreeIndexes(CancellationToken.None))
        {
            SemanticModel? model = null;
            ActionSecurityOptions? options = null;
            foreach (var candidate in index.AuthorizationCandidates)
            {
                if (candidate.Kind != kind && candidate.Kind != otherKind)
                    continue;
                model ??= GetSemanticModel(index.Tree);
                options ??= OptionsFor(index.Tree);
                if (test(candidate.Node, model, options))
                    return true;
            }
        }

        return false;
    }

    private bool IsControllerFilter(SyntaxNode node, SemanticModel model, ActionSecurityOptions options)
    {
        var identifier = (IdentifierNameSyntax)node;
        return identifier.Identifier.ValueText == "RequireAuthorization"
            ? IsControllersRequireAuthorization(identifier, model)
            : IsGlobalAuthorizationFilter(identifier, model, options);
    }

    /// <summary>
    /// The secret-checking middleware of the app and the paths it guards. Middleware registered on the application
    /// guards every handler; middleware registered inside a <c>UseWhen</c>/<c>MapWhen</c>/<c>Map</c> branch guards only
    /// the path its predicate names (<c>context.Request.Path.StartsWithSegments("/internal")</c>), and nothing when the
    /// predicate cannot be read. A middleware class counts where it is registered (<c>UseMiddleware&lt;T&gt;()</c>), and
    /// everywhere when no registration is found (it may be registered in a way the analyzer does not see).
    /// </summary>
    private MiddlewareFacts ComputeMiddlewareFacts()
    {
        var prefixes = new List<string>();
        if (Types.IEndpointRouteBuilder is null && IFunctionsWorkerMiddleware is null && Types.ControllerBase is null)
            return MiddlewareFacts.None;
        foreach (var index in GetTreeIndexes(CancellationToken.None))
        {
            SemanticModel? model = null;
            foreach (var candidate in index.AuthorizationCandidates)
            {
                if (candidate.Kind is not (AuthorizationCandidateKind.InlineMiddleware or AuthorizationCandidateKind.MiddlewareMethod))
                    continue;
                model ??= GetSemanticModel(index.Tree);
                var scope = IsCheckingMiddleware(candidate.Node, model, OptionsFor(index.Tree), worker: false);
                if (scope is null)
                    continue;
                if (scope.Length == 0)
                    return MiddlewareFacts.Everywhere;
                prefixes.Add(scope);
            }
        }

        return prefixes.Count == 0 ? MiddlewareFacts.None : new MiddlewareFacts(false, prefixes.ToArray());
    }

    /// <summary>Scope value for middleware that guards nothing (registered under a predicate that cannot be read).</summary>
    private const string NoScope = "\0";

    /// <summary>
    /// For an inline <c>app.Use(...)</c> lambda, or an <c>Invoke</c>/<c>InvokeAsync</c> middleware method taking
    /// <c>HttpContext</c> (or, for <paramref name="worker"/>, <c>FunctionContext</c>), that checks a secret: the path
    /// it guards, empty for every path. Null when it checks nothing or guards nothing.
    /// </summary>
    private string? IsCheckingMiddleware(SyntaxNode node, SemanticModel model, ActionSecurityOptions options, bool worker)
    {
        if (node is IdentifierNameSyntax use)
            return worker ? null : GetCheckingInlineMiddlewareScope(use, model, options);
        if (model.GetDeclaredSymbol(node) is not IMethodSymbol method || method.Parameters.IsEmpty)
            return null;
        var first = method.Parameters[0].Type;
        var matches = worker
            ? SymbolEqualityComparer.Default.Equals(first, FunctionContext)
            : SymbolEqualityComparer.Default.Equals(first, Types.HttpContext) && method.ContainingType.GetMembers().Length > 0;
        if (!matches || !MethodPerformsSecretCheck(method, options, model, CancellationToken.None))
            return null;
        if (worker)
            return string.Empty;
        var scope = GetRegistrationScope(method.ContainingType);
        return scope == NoScope ? null : scope;
    }

    /// <summary>
    /// Where a middleware class is registered with <c>UseMiddleware&lt;T&gt;()</c> or <c>UseMiddleware(typeof(T))</c>:
    /// empty for the application (or when no registration is found), the branch's path, or <see cref="NoScope"/>.
    /// </summary>
    private string GetRegistrationScope(INamedTypeSymbol middleware)
    {
        string? scope = null;
        foreach (var index in GetTreeIndexes(CancellationToken.None))
        {
            if (!index.MayContain("UseMiddleware"))
                continue;
            SemanticModel? model = null;
            foreach (var invocationSyntax in index.GetInvocations("UseMiddleware"))
            {
                model ??= GetSemanticModel(index.Tree);
                if (model.GetOperation(invocationSyntax) is not IInvocationOperation call || call.Arguments.IsEmpty)
                    continue;
                var registered = false;
                foreach (var typeArgument in call.TargetMethod.TypeArguments)
                    registered |= SymbolEqualityComparer.Default.Equals(typeArgument, middleware);
                foreach (var argument in call.Arguments)
                    registered |= argument.Value.WalkDownConversion() is ITypeOfOperation typeOf && SymbolEqualityComparer.Default.Equals(typeOf.TypeOperand, middleware);
                if (!registered)
                    continue;
                var here = GetBranchScope(call.Instance ?? call.Arguments[0].Value, model);
                if (here.Length == 0)
                    return here;
                scope = scope is null || scope == NoScope ? here : scope;
            }
        }

        return scope ?? string.Empty;
    }

    /// <summary>
    /// The branch an application builder belongs to: empty for the application itself; for the builder parameter of a
    /// <c>UseWhen</c>/<c>MapWhen</c> configuration lambda, the path its predicate tests with <c>StartsWithSegments</c> or
    /// <c>StartsWith</c>, or <see cref="NoScope"/> when the predicate says something else; for <c>Map(path, ...)</c>,
    /// the path.
    /// </summary>
    private string GetBranchScope(IOperation builder, SemanticModel model)
    {
        if (builder.WalkDownConversion() is not IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambda })
            return string.Empty;
        if (lambda.DeclaringSyntaxReferences.IsEmpty
            || lambda.DeclaringSyntaxReferences[0].GetSyntax().Parent is not ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax branchSyntax }
            || branchSyntax.SyntaxTree != model.SyntaxTree
            || model.GetOperation(branchSyntax) is not IInvocationOperation branch
            || !(branch.Instance ?? (branch.Arguments.IsEmpty ? null : branch.Arguments[0].Value))?.Type.IsOrDerivesFrom(IApplicationBuilder) == true)
        {
            return string.Empty;
        }

        switch (branch.TargetMethod.Name)
        {
            case "UseWhen" or "MapWhen":
                foreach (var argument in branch.Arguments)
                {
                    if (GetDelegateTarget(argument.Value) is IAnonymousFunctionOperation predicate
                        && !SymbolEqualityComparer.Default.Equals(predicate.Symbol, lambda))
                    {
                        return ReadPathPredicate(predicate) ?? NoScope;
                    }
                }

                return NoScope;
            case "Map":
                return branch.GetArgument("pathMatch")?.Value.GetConstantString() is { Length: > 0 } path ? path : NoScope;
            default:
                return NoScope;
        }
    }

    /// <summary><c>ctx =&gt; ctx.Request.Path.StartsWithSegments("/internal")</c>: <c>/internal</c>.</summary>
    private static string? ReadPathPredicate(IAnonymousFunctionOperation predicate)
    {
        string? path = null;
        foreach (var operation in predicate.Body.DescendantsAndSelf())
        {
            if (operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr })
                return null;
            if (operation is IInvocationOperation { TargetMethod.Name: "StartsWithSegments" or "StartsWith" } call
                && call.Arguments.Length > 0)
            {
                var argument = call.Arguments[call.TargetMethod.IsExtensionMethod || call.Instance is null ? Math.Min(1, call.Arguments.Length - 1) : 0];
                var text = argument.Value.WalkDownConversion() is IObjectCreationOperation { Arguments.Length: > 0 } creation
                    ? creation.Arguments[0].Value.GetConstantString()
                    : argument.Value.GetConstantString();
                if (text is not { Length: > 1 } || text[0] != '/' || path is not null)
                    return null;
                path = text;
            }
        }

        return path;
    }

    /// <summary>The routes of a controller action: its templates, combined with its controller's.</summary>
    private IReadOnlyList<string> GetControllerRoutes(IMethodSymbol action, bool always = false)
    {
        if (!always && !_middleware.Value.HasPrefixes)
            return Array.Empty<string>();
        var own = new List<string>();
        var controller = new List<string>();
        foreach (var attribute in action.GetAttributes())
            AddTemplates(attribute, own);
        for (var type = action.ContainingType; type is not null; type = type.BaseType)
        {
            foreach (var attribute in type.GetAttributes())
                AddTemplates(attribute, controller);
        }

        var routes = new List<string>();
        foreach (var template in own)
        {
            if (template.StartsWith("/", StringComparison.Ordinal) || template.StartsWith("~/", StringComparison.Ordinal))
            {
                routes.Add(template.TrimStart('~'));
                continue;
            }

            foreach (var prefix in controller)
                routes.Add("/" + prefix.Trim('/') + "/" + template);
            if (controller.Count == 0)
                routes.Add("/" + template);
        }

        if (own.Count == 0)
        {
            foreach (var prefix in controller)
                routes.Add("/" + prefix.TrimStart('/'));
        }

        return routes;

        void AddTemplates(AttributeData attribute, List<string> target)
        {
            if (attribute.AttributeClass is null || !attribute.AttributeClass.Implements(Types.IRouteTemplateProvider))
                return;
            foreach (var argument in attribute.ConstructorArguments)
            {
                if (argument.Kind == TypedConstantKind.Primitive && argument.Value is string template)
                    target.Add(template);
            }
        }
    }

    private bool IsFallbackPolicy(IdentifierNameSyntax identifier, SemanticModel model)
    {
        var parent = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : (ExpressionSyntax)identifier;
        if (parent.Parent is InvocationExpressionSyntax invocation && invocation.Expression == parent)
        {
            return model.GetOperation(invocation) is IInvocationOperation { TargetMethod.Name: "SetFallbackPolicy" } call
                   && call.TargetMethod.ContainingType.InheritsFromOrEquals(AuthorizationBuilder)
                   && call.Arguments.Length > 0 && !IsNullOrDefault(call.Arguments[call.Arguments.Length - 1].Value);
        }

        if (parent.Parent is AssignmentExpressionSyntax assignment && assignment.Left == parent)
        {
            return model.GetOperation(assignment) is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } set
                   && property.Property.Name == "FallbackPolicy"
                   && property.Property.ContainingType.InheritsFromOrEquals(AuthorizationOptions)
                   && !IsNullOrDefault(set.Value);
        }

        return false;
    }

    /// <summary><c>options.Filters.Add(new AuthorizeFilter(...))</c>, <c>Filters.Add&lt;T&gt;()</c> of an authorization filter.</summary>
    private bool IsGlobalAuthorizationFilter(IdentifierNameSyntax identifier, SemanticModel model, ActionSecurityOptions options)
    {
        if (FilterCollection is null)
            return false;
        var invocationSyntax = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier
            ? access.Parent as InvocationExpressionSyntax
            : null;
        if (invocationSyntax is null)
            return false;

        // Add(IFilterMetadata) is inherited from Collection<IFilterMetadata>: test the receiver, not the method's type.
        if (model.GetOperation(invocationSyntax) is not IInvocationOperation { Instance: { } receiver } call
            || !receiver.WalkDownConversion().Type.InheritsFromOrEquals(FilterCollection))
        {
            return false;
        }
        foreach (var typeArgument in call.TargetMethod.TypeArguments)
        {
            if (typeArgument.InheritsFromOrEquals(AuthorizeFilter) || (typeArgument is INamedTypeSymbol named && IsGuardingFilterType(named, options, CancellationToken.None)))
                return true;
        }

        foreach (var argument in call.Arguments)
        {
            var value = argument.Value.WalkDownConversion();
            if (value is ITypeOfOperation { TypeOperand: INamedTypeSymbol operand } && IsGuardingFilterType(operand, options, CancellationToken.None))
                return true;
            if (value.Type is INamedTypeSymbol type && (type.InheritsFromOrEquals(AuthorizeFilter) || IsGuardingFilterType(type, options, CancellationToken.None)))
                return true;
        }

        return false;
    }

    private bool IsControllersRequireAuthorization(IdentifierNameSyntax identifier, SemanticModel model)
    {
        if (identifier.Parent is not MemberAccessExpressionSyntax access || access.Parent is not InvocationExpressionSyntax invocationSyntax)
            return false;
        if (model.GetOperation(invocationSyntax) is not IInvocationOperation { TargetMethod.IsExtensionMethod: true } call || call.Arguments.IsEmpty)
            return false;
        var builder = call.Arguments[0].Value.WalkDownConversion();
        if (builder is ILocalReferenceOperation)
            builder = builder.FollowSingleAssignment(CancellationToken.None);
        return builder is IInvocationOperation { TargetMethod.Name: "MapControllers" or "MapDefaultControllerRoute" or "MapControllerRoute" };
    }

    /// <summary><c>app.Use(async (context, next) =&gt; { check; await next(); })</c>: the path it guards (see
    /// <see cref="IsCheckingMiddleware"/>).</summary>
    private string? GetCheckingInlineMiddlewareScope(IdentifierNameSyntax identifier, SemanticModel model, ActionSecurityOptions options)
    {
        if (identifier.Parent is not MemberAccessExpressionSyntax access || access.Parent is not InvocationExpressionSyntax invocationSyntax)
            return null;
        if (model.GetOperation(invocationSyntax) is not IInvocationOperation call || call.Arguments.IsEmpty)
            return null;
        var receiver = call.Instance ?? call.Arguments[0].Value;
        if (!receiver.Type.IsOrDerivesFrom(IApplicationBuilder))
            return null;
        foreach (var argument in call.Arguments)
        {
            if (GetDelegateTarget(argument.Value) is IAnonymousFunctionOperation lambda
                && PerformsSecretCheck(lambda.Body, options, CancellationToken.None, depth: 1))
            {
                var scope = GetBranchScope(receiver, model);
                return scope == NoScope ? null : scope;
            }
        }

        return null;
    }

    /// <summary>A local by symbol, in a body by identity (one operation tree of one semantic model).</summary>
    private sealed class LocalInBodyComparer : IEqualityComparer<(ILocalSymbol Local, IOperation Body)>
    {
        public static readonly LocalInBodyComparer Instance = new();

        public bool Equals((ILocalSymbol Local, IOperation Body) x, (ILocalSymbol Local, IOperation Body) y)
            => ReferenceEquals(x.Body, y.Body) && SymbolEqualityComparer.Default.Equals(x.Local, y.Local);

        public int GetHashCode((ILocalSymbol Local, IOperation Body) obj)
            => (SymbolEqualityComparer.Default.GetHashCode(obj.Local) * 31) + RuntimeHelpers.GetHashCode(obj.Body);
    }
}

/// <summary>Where the app's secret-checking middleware applies: everywhere, or under some path prefixes.</summary>
internal sealed class MiddlewareFacts
{
    public static readonly MiddlewareFacts None = new(false, Array.Empty<string>());
    public static readonly MiddlewareFacts Everywhere = new(true, Array.Empty<string>());

    private readonly string[] _prefixes;

    public MiddlewareFacts(bool everywhere, string[] prefixes)
    {
        IsEverywhere = everywhere;
        _prefixes = prefixes;
    }

    public bool IsEverywhere { get; }

    public bool HasPrefixes => _prefixes.Length > 0;

    /// <summary>True when the middleware guards every path, or one of <paramref name="routes"/> is under a guarded prefix.</summary>
    public bool Protects(IReadOnlyList<string> routes)
    {
        if (IsEverywhere)
            return true;
        foreach (var route in routes)
        {
            foreach (var prefix in _prefixes)
            {
                if (StartsWithSegments(route, prefix))
                    return true;
            }
        }

        return false;
    }

    private static bool StartsWithSegments(string route, string prefix)
    {
        var path = "/" + route.TrimStart('/');
        var start = "/" + prefix.Trim('/');
        return path.StartsWith(start, StringComparison.OrdinalIgnoreCase)
               && (path.Length == start.Length || path[start.Length] == '/');
    }
}
