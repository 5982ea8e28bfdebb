using System.Runtime.CompilerServices;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;

namespace ActionSecurity.Analyzers.Model;

/// <summary>
/// The framework types the rules recognise, resolved once per compilation and shared by every rule. A type that is not
/// referenced is null, which switches off the part of a rule that needs it.
/// </summary>
internal sealed class KnownTypes
{
    private static readonly ConditionalWeakTable<Compilation, KnownTypes> Cache = new();

    private KnownTypes(Compilation compilation)
    {
        Compilation = compilation;
        INamedTypeSymbol? Get(string name) => compilation.GetBestTypeByMetadataName(name);

        String = compilation.GetSpecialType(SpecialType.System_String);
        Object = compilation.GetSpecialType(SpecialType.System_Object);

        HttpContext = Get(KnownTypeNames.MicrosoftAspNetCoreHttpHttpContext);
        HttpRequest = Get(KnownTypeNames.MicrosoftAspNetCoreHttpHttpRequest);
        HttpResponse = Get(KnownTypeNames.MicrosoftAspNetCoreHttpHttpResponse);
        IQueryCollection = Get(KnownTypeNames.MicrosoftAspNetCoreHttpIQueryCollection);
        IHeaderDictionary = Get(KnownTypeNames.MicrosoftAspNetCoreHttpIHeaderDictionary);
        IFormCollection = Get(KnownTypeNames.MicrosoftAspNetCoreHttpIFormCollection);
        IResponseCookies = Get(KnownTypeNames.MicrosoftAspNetCoreHttpIResponseCookies);
        CookieOptions = Get(KnownTypeNames.MicrosoftAspNetCoreHttpCookieOptions);
        Results = Get(KnownTypeNames.MicrosoftAspNetCoreHttpResults);
        TypedResults = Get(KnownTypeNames.MicrosoftAspNetCoreHttpTypedResults);
        RouteValueDictionary = Get(KnownTypeNames.MicrosoftAspNetCoreRoutingRouteValueDictionary);
        IEndpointRouteBuilder = Get(KnownTypeNames.MicrosoftAspNetCoreRoutingIEndpointRouteBuilder);
        QueryHelpers = Get(KnownTypeNames.MicrosoftAspNetCoreWebUtilitiesQueryHelpers);
        HeaderNames = Get(KnownTypeNames.MicrosoftNetHttpHeadersHeaderNames);
        StringValues = Get(KnownTypeNames.MicrosoftExtensionsPrimitivesStringValues);

        ControllerBase = Get(KnownTypeNames.MicrosoftAspNetCoreMvcControllerBase);
        ApiControllerAttribute = Get(KnownTypeNames.MicrosoftAspNetCoreMvcApiControllerAttribute);
        ControllerAttribute = Get(KnownTypeNames.MicrosoftAspNetCoreMvcControllerAttribute);
        NonActionAttribute = Get(KnownTypeNames.MicrosoftAspNetCoreMvcNonActionAttribute);
        NonControllerAttribute = Get(KnownTypeNames.MicrosoftAspNetCoreMvcNonControllerAttribute);
        FromQueryAttribute = Get(KnownTypeNames.MicrosoftAspNetCoreMvcFromQueryAttribute);
        FromHeaderAttribute = Get(KnownTypeNames.MicrosoftAspNetCoreMvcFromHeaderAttribute);
        IBindingSourceMetadata = Get(KnownTypeNames.MicrosoftAspNetCoreMvcModelBindingIBindingSourceMetadata);
        IRouteTemplateProvider = Get(KnownTypeNames.MicrosoftAspNetCoreMvcRoutingIRouteTemplateProvider);
        IActionHttpMethodProvider = Get(KnownTypeNames.MicrosoftAspNetCoreMvcRoutingIActionHttpMethodProvider);
        HttpGetAttribute = Get(KnownTypeNames.MicrosoftAspNetCoreMvcHttpGetAttribute);
        AuthorizeAttribute = Get(KnownTypeNames.MicrosoftAspNetCoreAuthorizationAuthorizeAttribute);
        AllowAnonymousAttribute = Get(KnownTypeNames.MicrosoftAspNetCoreAuthorizationAllowAnonymousAttribute);

        IConfiguration = Get(KnownTypeNames.MicrosoftExtensionsConfigurationIConfiguration);
        IConfigurationSection = Get(KnownTypeNames.MicrosoftExtensionsConfigurationIConfigurationSection);
        ConfigurationBinder = Get(KnownTypeNames.MicrosoftExtensionsConfigurationConfigurationBinder);
        IOptions = Get(KnownTypeNames.MicrosoftExtensionsOptionsIOptions1);
        IOptionsMonitor = Get(KnownTypeNames.MicrosoftExtensionsOptionsIOptionsMonitor1);
        IOptionsSnapshot = Get(KnownTypeNames.MicrosoftExtensionsOptionsIOptionsSnapshot1);

        FunctionNameAttribute = Get(KnownTypeNames.MicrosoftAzureWebJobsFunctionNameAttribute);
        WebJobsHttpTriggerAttribute = Get(KnownTypeNames.MicrosoftAzureWebJobsHttpTriggerAttribute);
        FunctionAttribute = Get(KnownTypeNames.MicrosoftAzureFunctionsWorkerFunctionAttribute);
        WorkerHttpTriggerAttribute = Get(KnownTypeNames.MicrosoftAzureFunctionsWorkerHttpTriggerAttribute);
        HttpRequestData = Get(KnownTypeNames.MicrosoftAzureFunctionsWorkerHttpHttpRequestData);
        HttpResponseData = Get(KnownTypeNames.MicrosoftAzureFunctionsWorkerHttpHttpResponseData);
        HttpHeadersCollection = Get(KnownTypeNames.MicrosoftAzureFunctionsWorkerHttpHttpHeadersCollection);

        APIGatewayProxyRequest = Get(KnownTypeNames.AmazonLambdaAPIGatewayEventsAPIGatewayProxyRequest);
        APIGatewayProxyResponse = Get(KnownTypeNames.AmazonLambdaAPIGatewayEventsAPIGatewayProxyResponse);
        APIGatewayHttpApiV2ProxyRequest = Get(KnownTypeNames.AmazonLambdaAPIGatewayEventsAPIGatewayHttpApiV2ProxyRequest);
        APIGatewayHttpApiV2ProxyResponse = Get(KnownTypeNames.AmazonLambdaAPIGatewayEventsAPIGatewayHttpApiV2ProxyResponse);
        JObject = Get(KnownTypeNames.NewtonsoftJsonLinqJObject);
        JToken = Get(KnownTypeNames.NewtonsoftJsonLinqJToken);

        SystemWebHttpRequest = Get(KnownTypeNames.SystemWebHttpRequest);
        SystemWebHttpRequestBase = Get(KnownTypeNames.SystemWebHttpRequestBase);
        SystemWebHttpResponse = Get(KnownTypeNames.SystemWebHttpResponse);
        HttpUtility = Get(KnownTypeNames.SystemWebHttpUtility);
        HttpListenerRequest = Get(KnownTypeNames.SystemNetHttpListenerRequest);
        HttpListenerResponse = Get(KnownTypeNames.SystemNetHttpListenerResponse);
        NameValueCollection = Get(KnownTypeNames.SystemCollectionsSpecializedNameValueCollection);
        IDictionary2 = Get(KnownTypeNames.SystemCollectionsGenericIDictionary2);
        IReadOnlyDictionary2 = Get(KnownTypeNames.SystemCollectionsGenericIReadOnlyDictionary2);

        Environment = Get(KnownTypeNames.SystemEnvironment);
        Convert = Get(KnownTypeNames.SystemConvert);
        CancellationToken = Get(KnownTypeNames.SystemThreadingCancellationToken);
        SecureString = Get(KnownTypeNames.SystemSecuritySecureString);
        CryptographicOperations = Get(KnownTypeNames.SystemSecurityCryptographyCryptographicOperations);
        HashAlgorithm = Get(KnownTypeNames.SystemSecurityCryptographyHashAlgorithm);
        HMAC = Get(KnownTypeNames.SystemSecurityCryptographyHMAC);
        IncrementalHash = Get(KnownTypeNames.SystemSecurityCryptographyIncrementalHash);
    }

    public Compilation Compilation { get; }

    /// <summary>
    /// <see cref="Controllers.IsController"/> of each class asked about, for the compilation: every method of a class
    /// asks, in every rule. Kept here, with strong keys, and not in a weak table: the symbols belong to the compilation
    /// this object lives as long as, and a weak table's entry costs a handle the collector tracks and an add under a lock.
    /// </summary>
    internal Memo<INamedTypeSymbol, bool> ControllerClasses { get; } = new(SymbolEqualityComparer.Default);

    public INamedTypeSymbol String { get; }
    public INamedTypeSymbol Object { get; }

    public INamedTypeSymbol? HttpContext { get; }
    public INamedTypeSymbol? HttpRequest { get; }
    public INamedTypeSymbol? HttpResponse { get; }
    public INamedTypeSymbol? IQueryCollection { get; }
    public INamedTypeSymbol? IHeaderDictionary { get; }
    public INamedTypeSymbol? IFormCollection { get; }
    public INamedTypeSymbol? IResponseCookies { get; }
    public INamedTypeSymbol? CookieOptions { get; }
    public INamedTypeSymbol? Results { get; }
    public INamedTypeSymbol? TypedResults { get; }
    public INamedTypeSymbol? RouteValueDictionary { get; }
    public INamedTypeSymbol? IEndpointRouteBuilder { get; }
    public INamedTypeSymbol? QueryHelpers { get; }
    public INamedTypeSymbol? HeaderNames { get; }
    public INamedTypeSymbol? StringValues { get; }

    public INamedTypeSymbol? ControllerBase { get; }
    public INamedTypeSymbol? ApiControllerAttribute { get; }
    public INamedTypeSymbol? ControllerAttribute { get; }
    public INamedTypeSymbol? NonActionAttribute { get; }
    public INamedTypeSymbol? NonControllerAttribute { get; }
    public INamedTypeSymbol? FromQueryAttribute { get; }
    public INamedTypeSymbol? FromHeaderAttribute { get; }
    public INamedTypeSymbol? IBindingSourceMetadata { get; }
    public INamedTypeSymbol? IRouteTemplateProvider { get; }
    public INamedTypeSymbol? IActionHttpMethodProvider { get; }
    public INamedTypeSymbol? HttpGetAttribute { get; }
    public INamedTypeSymbol? AuthorizeAttribute { get; }
    public INamedTypeSymbol? AllowAnonymousAttribute { get; }

    public INamedTypeSymbol? IConfiguration { get; }
    public INamedTypeSymbol? IConfigurationSection { get; }
    public INamedTypeSymbol? ConfigurationBinder { get; }
    public INamedTypeSymbol? IOptions { get; }
    public INamedTypeSymbol? IOptionsMonitor { get; }
    public INamedTypeSymbol? IOptionsSnapshot { get; }

    public INamedTypeSymbol? FunctionNameAttribute { get; }
    public INamedTypeSymbol? WebJobsHttpTriggerAttribute { get; }
    public INamedTypeSymbol? FunctionAttribute { get; }
    public INamedTypeSymbol? WorkerHttpTriggerAttribute { get; }
    public INamedTypeSymbol? HttpRequestData { get; }
    public INamedTypeSymbol? HttpResponseData { get; }
    public INamedTypeSymbol? HttpHeadersCollection { get; }

    public INamedTypeSymbol? APIGatewayProxyRequest { get; }
    public INamedTypeSymbol? APIGatewayProxyResponse { get; }
    public INamedTypeSymbol? APIGatewayHttpApiV2ProxyRequest { get; }
    public INamedTypeSymbol? APIGatewayHttpApiV2ProxyResponse { get; }
    public INamedTypeSymbol? JObject { get; }
    public INamedTypeSymbol? JToken { get; }

    public INamedTypeSymbol? SystemWebHttpRequest { get; }
    public INamedTypeSymbol? SystemWebHttpRequestBase { get; }
    public INamedTypeSymbol? SystemWebHttpResponse { get; }
    public INamedTypeSymbol? HttpUtility { get; }
    public INamedTypeSymbol? HttpListenerRequest { get; }
    public INamedTypeSymbol? HttpListenerResponse { get; }
    public INamedTypeSymbol? NameValueCollection { get; }
    public INamedTypeSymbol? IDictionary2 { get; }
    public INamedTypeSymbol? IReadOnlyDictionary2 { get; }

    public INamedTypeSymbol? Environment { get; }
    public INamedTypeSymbol? Convert { get; }
    public INamedTypeSymbol? CancellationToken { get; }
    public INamedTypeSymbol? SecureString { get; }
    public INamedTypeSymbol? CryptographicOperations { get; }
    public INamedTypeSymbol? HashAlgorithm { get; }
    public INamedTypeSymbol? HMAC { get; }
    public INamedTypeSymbol? IncrementalHash { get; }

    /// <summary>True when any request type the rules read from is referenced.</summary>
    public bool HasAnyRequestSource =>
        HttpRequest is not null || HttpRequestData is not null || SystemWebHttpRequest is not null
        || SystemWebHttpRequestBase is not null || HttpListenerRequest is not null || APIGatewayProxyRequest is not null
        || APIGatewayHttpApiV2ProxyRequest is not null || HttpUtility is not null || QueryHelpers is not null;

    public static KnownTypes GetOrCreate(Compilation compilation)
        => Cache.GetValue(compilation, static c => new KnownTypes(c));
}
