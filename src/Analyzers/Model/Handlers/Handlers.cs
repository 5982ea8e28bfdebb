using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActionSecurity.Analyzers.Model;

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
internal sealed partial class Handlers
{
    private static readonly ConditionalWeakTable<Compilation, Handlers> Cache = new();

    private readonly Fact<bool> _fallbackPolicy;
    private readonly Fact<bool> _extendsForeignControllers;
    private readonly Fact<MiddlewareFacts> _middleware;
    private readonly Memo<INamedTypeSymbol, bool> _protectedActions = new(SymbolEqualityComparer.Default);
    private readonly ConditionalWeakTable<SyntaxNode, object> _bodiesRequiringAuthorization = new();
    private AnalyzerOptions? _analyzerOptions;
    private readonly Fact<bool> _controllerFilter;
    private readonly Fact<bool> _workerMiddleware;
    private readonly Fact<bool> _authenticationScheme;
    private readonly Memo<IMethodSymbol, HandlerAccess> _parameterRoots = new(SymbolEqualityComparer.Default);
    private readonly Memo<IMethodSymbol, bool> _checkingMethods = new(SymbolEqualityComparer.Default);
    private readonly Memo<IMethodSymbol, HandlerAccess> _ownConventions = new(SymbolEqualityComparer.Default);
    private readonly Memo<INamedTypeSymbol, HandlerAccess> _controllerClassAccess = new(SymbolEqualityComparer.Default);
    private readonly Memo<(IMethodSymbol, int), bool> _checkingHelpers = new(MethodAtDepthComparer.Instance);
    private readonly Memo<(ISymbol, SyntaxNode), HandlerAccess> _localConventions = new(SymbolInBodyComparer.Instance);

    private Handlers(Compilation compilation)
    {
        Compilation = compilation;
        Types = KnownTypes.GetOrCreate(compilation);
        INamedTypeSymbol? Get(string name) => compilation.GetBestTypeByMetadataName(name);

        IAuthorizeData = Get(KnownTypeNames.MicrosoftAspNetCoreAuthorizationIAuthorizeData);
        IAllowAnonymous = Get(KnownTypeNames.MicrosoftAspNetCoreAuthorizationIAllowAnonymous);
        IAuthorizationFilter = Get(KnownTypeNames.MicrosoftAspNetCoreMvcFiltersIAuthorizationFilter);
        IAsyncAuthorizationFilter = Get(KnownTypeNames.MicrosoftAspNetCoreMvcFiltersIAsyncAuthorizationFilter);
        AuthorizeFilter = Get(KnownTypeNames.MicrosoftAspNetCoreMvcAuthorizationAuthorizeFilter);
        FilterCollection = Get(KnownTypeNames.MicrosoftAspNetCoreMvcFiltersFilterCollection);
        TypeFilterAttribute = Get(KnownTypeNames.MicrosoftAspNetCoreMvcTypeFilterAttribute);
        ServiceFilterAttribute = Get(KnownTypeNames.MicrosoftAspNetCoreMvcServiceFilterAttribute);
        AuthorizationOptions = Get(KnownTypeNames.MicrosoftAspNetCoreAuthorizationAuthorizationOptions);
        AuthorizationBuilder = Get(KnownTypeNames.MicrosoftAspNetCoreAuthorizationAuthorizationBuilder);
        IAuthorizationService = Get(KnownTypeNames.MicrosoftAspNetCoreAuthorizationIAuthorizationService);
        IEndpointConventionBuilder = Get(KnownTypeNames.MicrosoftAspNetCoreBuilderIEndpointConventionBuilder);
        RouteGroupBuilder = Get(KnownTypeNames.MicrosoftAspNetCoreRoutingRouteGroupBuilder);
        IApplicationBuilder = Get(KnownTypeNames.MicrosoftAspNetCoreBuilderIApplicationBuilder);
        IResult = Get(KnownTypeNames.MicrosoftAspNetCoreHttpIResult);
        IIdentity = Get(KnownTypeNames.SystemSecurityPrincipalIIdentity);
        IFunctionsWorkerMiddleware = Get(KnownTypeNames.MicrosoftAzureFunctionsWorkerMiddlewareIFunctionsWorkerMiddleware);
        FunctionContext = Get(KnownTypeNames.MicrosoftAzureFunctionsWorkerFunctionContext);
        HttpHeadAttribute = Get(KnownTypeNames.MicrosoftAspNetCoreMvcHttpHeadAttribute);
        HttpOptionsAttribute = Get(KnownTypeNames.MicrosoftAspNetCoreMvcHttpOptionsAttribute);
        PageModel = Get(KnownTypeNames.MicrosoftAspNetCoreMvcRazorPagesPageModel);
        _extendsForeignControllers = new Fact<bool>(ct => AnyTypeExtendsForeignController(Compilation.Assembly.GlobalNamespace, ct));
        _fallbackPolicy = new Fact<bool>(ct => AnyGlobalCandidate(AuthorizationCandidateKind.FallbackPolicy, null, (node, model, _, c) => IsFallbackPolicy((IdentifierNameSyntax)node, model, c), ct));
        _middleware = new Fact<MiddlewareFacts>(ComputeMiddlewareFacts);
        _controllerFilter = new Fact<bool>(ct => AnyGlobalCandidate(AuthorizationCandidateKind.FilterAdd, AuthorizationCandidateKind.RequireAuthorization, IsControllerFilter, ct));
        _authenticationScheme = new Fact<bool>(ComputeAuthenticationScheme);
        _workerMiddleware = new Fact<bool>(ct => AnyGlobalCandidate(AuthorizationCandidateKind.MiddlewareMethod, null, (node, model, options, c) => IsCheckingMiddleware(node, model, options, worker: true, c) is not null, ct));
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
    public INamedTypeSymbol? IIdentity { get; }
    public INamedTypeSymbol? IFunctionsWorkerMiddleware { get; }
    public INamedTypeSymbol? FunctionContext { get; }
    public INamedTypeSymbol? HttpHeadAttribute { get; }
    public INamedTypeSymbol? HttpOptionsAttribute { get; }
    public INamedTypeSymbol? PageModel { get; }

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

    /// <summary>The <see cref="SyntaxIndex"/> of every tree, shared by the analyzers of the compilation.</summary>
    private CompilationTrees GetTrees(CancellationToken cancellationToken) => CompilationTrees.For(Compilation, cancellationToken);

    /// <summary>A method by symbol, with a depth.</summary>
    private sealed class MethodAtDepthComparer : IEqualityComparer<(IMethodSymbol Method, int Depth)>
    {
        public static readonly MethodAtDepthComparer Instance = new();

        public bool Equals((IMethodSymbol Method, int Depth) x, (IMethodSymbol Method, int Depth) y)
            => x.Depth == y.Depth && SymbolEqualityComparer.Default.Equals(x.Method, y.Method);

        public int GetHashCode((IMethodSymbol Method, int Depth) obj)
            => (SymbolEqualityComparer.Default.GetHashCode(obj.Method) * 31) + obj.Depth;
    }

    /// <summary>A local by symbol, in a body by its syntax node.</summary>
    private sealed class SymbolInBodyComparer : IEqualityComparer<(ISymbol Symbol, SyntaxNode Body)>
    {
        public static readonly SymbolInBodyComparer Instance = new();

        public bool Equals((ISymbol Symbol, SyntaxNode Body) x, (ISymbol Symbol, SyntaxNode Body) y)
            => ReferenceEquals(x.Body, y.Body) && SymbolEqualityComparer.Default.Equals(x.Symbol, y.Symbol);

        public int GetHashCode((ISymbol Symbol, SyntaxNode Body) obj)
            => (SymbolEqualityComparer.Default.GetHashCode(obj.Symbol) * 31) + RuntimeHelpers.GetHashCode(obj.Body);
    }

    /// <summary>
    /// A compilation-wide fact, computed once on first need with the asking caller's cancellation token. A computation
    /// that is cancelled or fails caches nothing: the next caller computes again.
    /// </summary>
    private sealed class Fact<T>
    {
        private readonly Func<CancellationToken, T> _compute;
        private readonly object _gate = new();
        private T _value = default!;
        private volatile bool _known;

        public Fact(Func<CancellationToken, T> compute) => _compute = compute;

        public T Get(CancellationToken cancellationToken)
        {
            if (_known)
                return _value;
            lock (_gate)
            {
                if (!_known)
                {
                    _value = _compute(cancellationToken);
                    _known = true;
                }

                return _value;
            }
        }
    }
}
