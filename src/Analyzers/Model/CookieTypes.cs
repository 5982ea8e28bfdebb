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
        CookieBuilder = Get("Microsoft.AspNetCore.Http.CookieBuilder");
        AspNetSameSiteMode = Get("Microsoft.AspNetCore.Http.SameSiteMode");
        CookieSecurePolicy = Get("Microsoft.AspNetCore.Http.CookieSecurePolicy");
        CookiePolicyOptions = Get("Microsoft.AspNetCore.Builder.CookiePolicyOptions");

        HttpResponseData = known.HttpResponseData;
        WorkerHttpCookies = Get("Microsoft.Azure.Functions.Worker.Http.HttpCookies");
        WorkerHttpCookie = Get("Microsoft.Azure.Functions.Worker.Http.HttpCookie");
        WorkerIHttpCookie = Get("Microsoft.Azure.Functions.Worker.Http.IHttpCookie");
        WorkerSameSite = Get("Microsoft.Azure.Functions.Worker.Http.SameSite");
        WorkerHeaders = known.HttpHeadersCollection;

        HttpListenerResponse = known.HttpListenerResponse;
        NetCookie = Get("System.Net.Cookie");
        NetCookieCollection = Get("System.Net.CookieCollection");
        WebHeaderCollection = Get("System.Net.WebHeaderCollection");
        HttpResponseHeader = Get("System.Net.HttpResponseHeader");
        HttpHeaders = Get("System.Net.Http.Headers.HttpHeaders");
        HttpResponseHeaders = Get("System.Net.Http.Headers.HttpResponseHeaders");

        SystemWebHttpResponse = known.SystemWebHttpResponse;
        SystemWebHttpResponseBase = Get("System.Web.HttpResponseBase");
        SystemWebHttpCookie = Get("System.Web.HttpCookie");
        SystemWebHttpCookieCollection = Get("System.Web.HttpCookieCollection");
        NameValueCollection = known.NameValueCollection;
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
