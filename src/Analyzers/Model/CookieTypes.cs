using System.Runtime.CompilerServices;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;

namespace ActionSecurity.Analyzers.Model;

/// <summary>
/// The framework types that write cookies and carry cookie attributes, resolved once per compilation. Kept apart from
/// <see cref="KnownTypes"/> because only the cookie rules (AS0005, AS0009) and their fixes use them.
/// </summary>
internal sealed class CookieTypes
{
    private CookieTypes(Compilation compilation, KnownTypes known)
    {
        INamedTypeSymbol? Get(string name) => compilation.GetBestTypeByMetadataName(name);

        Known = known;
        IResponseCookies = known.IResponseCookies;
        CookieOptions = known.CookieOptions;
        HttpResponse = known.HttpResponse;
        IHeaderDictionary = known.IHeaderDictionary;
        CookieBuilder = Get(KnownTypeNames.MicrosoftAspNetCoreHttpCookieBuilder);
        AspNetSameSiteMode = Get(KnownTypeNames.MicrosoftAspNetCoreHttpSameSiteMode);
        CookieSecurePolicy = Get(KnownTypeNames.MicrosoftAspNetCoreHttpCookieSecurePolicy);
        CookiePolicyOptions = Get(KnownTypeNames.MicrosoftAspNetCoreBuilderCookiePolicyOptions);

        HttpResponseData = known.HttpResponseData;
        WorkerHttpCookies = Get(KnownTypeNames.MicrosoftAzureFunctionsWorkerHttpHttpCookies);
        WorkerHttpCookie = Get(KnownTypeNames.MicrosoftAzureFunctionsWorkerHttpHttpCookie);
        WorkerIHttpCookie = Get(KnownTypeNames.MicrosoftAzureFunctionsWorkerHttpIHttpCookie);
        WorkerSameSite = Get(KnownTypeNames.MicrosoftAzureFunctionsWorkerHttpSameSite);
        WorkerHeaders = known.HttpHeadersCollection;

        HttpListenerResponse = known.HttpListenerResponse;
        NetCookie = Get(KnownTypeNames.SystemNetCookie);
        NetCookieCollection = Get(KnownTypeNames.SystemNetCookieCollection);
        WebHeaderCollection = Get(KnownTypeNames.SystemNetWebHeaderCollection);
        HttpResponseHeader = Get(KnownTypeNames.SystemNetHttpResponseHeader);
        HttpHeaders = Get(KnownTypeNames.SystemNetHttpHeadersHttpHeaders);
        HttpResponseHeaders = Get(KnownTypeNames.SystemNetHttpHeadersHttpResponseHeaders);

        SystemWebHttpResponse = known.SystemWebHttpResponse;
        SystemWebHttpResponseBase = Get(KnownTypeNames.SystemWebHttpResponseBase);
        SystemWebHttpCookie = Get(KnownTypeNames.SystemWebHttpCookie);
        SystemWebHttpCookieCollection = Get(KnownTypeNames.SystemWebHttpCookieCollection);
        NameValueCollection = known.NameValueCollection;
        LambdaContext = Get(KnownTypeNames.AmazonLambdaCoreILambdaContext);
    }

    public KnownTypes Known { get; }

    public INamedTypeSymbol? IResponseCookies { get; }
    public INamedTypeSymbol? CookieOptions { get; }
    public INamedTypeSymbol? HttpResponse { get; }
    public INamedTypeSymbol? IHeaderDictionary { get; }
    public INamedTypeSymbol? CookieBuilder { get; }
    public INamedTypeSymbol? AspNetSameSiteMode { get; }
    public INamedTypeSymbol? CookieSecurePolicy { get; }
    public INamedTypeSymbol? CookiePolicyOptions { get; }

    public INamedTypeSymbol? HttpResponseData { get; }
    public INamedTypeSymbol? WorkerHttpCookies { get; }
    public INamedTypeSymbol? WorkerHttpCookie { get; }
    public INamedTypeSymbol? WorkerIHttpCookie { get; }
    public INamedTypeSymbol? WorkerSameSite { get; }
    public INamedTypeSymbol? WorkerHeaders { get; }

    public INamedTypeSymbol? HttpListenerResponse { get; }
    public INamedTypeSymbol? NetCookie { get; }
    public INamedTypeSymbol? NetCookieCollection { get; }
    public INamedTypeSymbol? WebHeaderCollection { get; }
    public INamedTypeSymbol? HttpResponseHeader { get; }
    public INamedTypeSymbol? HttpHeaders { get; }
    public INamedTypeSymbol? HttpResponseHeaders { get; }

    public INamedTypeSymbol? SystemWebHttpResponse { get; }
    public INamedTypeSymbol? SystemWebHttpResponseBase { get; }
    public INamedTypeSymbol? SystemWebHttpCookie { get; }
    public INamedTypeSymbol? SystemWebHttpCookieCollection { get; }
    public INamedTypeSymbol? NameValueCollection { get; }
    public INamedTypeSymbol? LambdaContext { get; }

    /// <summary>
    /// True for a type that implements a framework cookie abstraction itself (a response cookie collection, the worker's
    /// cookie collection): framework plumbing, not an app setting a cookie. A base type or interface the compilation
    /// cannot resolve (its package is missing) counts by its name, <c>IResponseCookies</c> or <c>HttpCookies</c>.
    /// </summary>
    public bool ImplementsCookieAbstraction(INamedTypeSymbol? type)
        => type is not null
           && ((IResponseCookies is not null && type.IsOrDerivesFrom(IResponseCookies))
               || (WorkerHttpCookies is not null && type.IsOrDerivesFrom(WorkerHttpCookies))
               || (NetCookieCollection is not null && type.IsOrDerivesFrom(NetCookieCollection))
               || (SystemWebHttpCookieCollection is not null && type.IsOrDerivesFrom(SystemWebHttpCookieCollection))
               || HasUnresolvedCookieBase(type));

    private static bool HasUnresolvedCookieBase(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.TypeKind == TypeKind.Error && current.Name is "HttpCookies" or "IResponseCookies")
                return true;
        }

        foreach (var contract in type.Interfaces)
        {
            if (contract.TypeKind == TypeKind.Error && contract.Name == "IResponseCookies")
                return true;
        }

        return false;
    }

    /// <summary>True when anything that can write a cookie or a response header is referenced.</summary>
    public bool HasAnyCookieWriter =>
        IResponseCookies is not null || IHeaderDictionary is not null || CookieBuilder is not null
        || WorkerHttpCookies is not null || HttpListenerResponse is not null || HttpHeaders is not null
        || WebHeaderCollection is not null || SystemWebHttpResponse is not null || SystemWebHttpResponseBase is not null;

    public bool IsSystemWebResponse(ITypeSymbol? type)
        => type.InheritsFromOrEquals(SystemWebHttpResponse) || type.InheritsFromOrEquals(SystemWebHttpResponseBase);

    private static readonly ConditionalWeakTable<Compilation, CookieTypes> Cache = new();

    public static CookieTypes GetOrCreate(Compilation compilation)
        => Cache.GetValue(compilation, static c => new CookieTypes(c, KnownTypes.GetOrCreate(c)));
}
