using System;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

/// <summary>The cookie attributes AS0009 asks for.</summary>
[Flags]
internal enum CookieFlags
{
    None = 0,
    Secure = 1,
    HttpOnly = 2,
    SameSite = 4,
    All = Secure | HttpOnly | SameSite,
}

/// <summary>How a cookie is written; decides where its attributes live and which fixes apply.</summary>
internal enum CookieWriteKind
{
    None,

    /// <summary>ASP.NET Core <c>IResponseCookies.Append</c> (attributes in a <c>CookieOptions</c> argument).</summary>
    AspNetCoreAppend,

    /// <summary>Azure Functions isolated worker <c>HttpCookies.Append</c> (attributes in an <c>HttpCookie</c> argument).</summary>
    WorkerAppend,

    /// <summary><c>HttpListenerResponse.SetCookie/AppendCookie/Cookies.Add</c> (attributes in a <c>System.Net.Cookie</c>).</summary>
    HttpListener,

    /// <summary>System.Web <c>Response.Cookies.Add/Set</c>, <c>Response.SetCookie/AppendCookie</c> (an <c>HttpCookie</c>).</summary>
    SystemWeb,

    /// <summary>A <c>Set-Cookie</c> header written by name (attributes in the header text).</summary>
    Header,

    /// <summary>ASP.NET Web API <c>HttpResponseHeaders.AddCookies</c> (not analysed for attributes).</summary>
    WebApiAddCookies,
}

/// <summary>One statement or expression that emits a <c>Set-Cookie</c> header.</summary>
internal sealed class CookieWrite
{
    public CookieWrite(CookieWriteKind kind, IOperation operation, string api)
    {
        Kind = kind;
        Operation = operation;
        Api = api;
    }

    public CookieWriteKind Kind { get; }

    /// <summary>The invocation or assignment that writes the cookie.</summary>
    public IOperation Operation { get; }

    /// <summary>The API as shown in the AS0005 message, e.g. <c>IResponseCookies.Append</c>.</summary>
    public string Api { get; }

    /// <summary>The response object the cookie collection belongs to (<c>R</c> in <c>R.Cookies.Append(..)</c>), when known.</summary>
    public IOperation? Response { get; set; }

    /// <summary>Cookie name and value arguments of <c>Append(name, value, ...)</c>.</summary>
    public IArgumentOperation? Name { get; set; }

    public IArgumentOperation? Value { get; set; }

    /// <summary>The argument holding the attributes: <c>CookieOptions</c>, <c>HttpCookie</c> or <c>Cookie</c>.</summary>
    public IArgumentOperation? Carrier { get; set; }

    /// <summary>The type the carrier must have (for tracing the object it was built from).</summary>
    public INamedTypeSymbol? CarrierType { get; set; }

    /// <summary>The value written to a <c>Set-Cookie</c> header.</summary>
    public IOperation? HeaderValue { get; set; }
}

/// <summary>Where a cookie's attributes were set, and which of Secure/HttpOnly/SameSite are not set securely.</summary>
internal sealed class CookieAttributes
{
    public CookieAttributes(IObjectCreationOperation? creation, CookieFlags insecure, System.Collections.Immutable.ImmutableArray<ISimpleAssignmentOperation> assignments)
    {
        Creation = creation;
        Insecure = insecure;
        Assignments = assignments;
    }

    /// <summary>The <c>new CookieOptions { ... }</c> (or cookie object) the attributes start from; null when there is none.</summary>
    public IObjectCreationOperation? Creation { get; }

    /// <summary>Flags that are missing, or set to an insecure constant, with certainty.</summary>
    public CookieFlags Insecure { get; }

    /// <summary>Every assignment to a flag property (initializer members and later assignments to the same local).</summary>
    public System.Collections.Immutable.ImmutableArray<ISimpleAssignmentOperation> Assignments { get; }
}

internal static class CookieWrites
{
    public const string SetCookieHeader = "Set-Cookie";

    /// <summary>Classifies an invocation or assignment as a cookie write, or returns null.</summary>
    public static CookieWrite? Classify(IOperation operation, CookieTypes types, CancellationToken cancellationToken) => operation switch
    {
        IInvocationOperation invocation => ClassifyInvocation(invocation, types, cancellationToken),
        IAssignmentOperation assignment => ClassifyAssignment(assignment, types),
        _ => null,
    };

    private static CookieWrite? ClassifyInvocation(IInvocationOperation invocation, CookieTypes types, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "Append":
                if (types.IResponseCookies is not null && method.ContainingType.IsOrDerivesFrom(types.IResponseCookies))
                    return AspNetCoreAppend(invocation, types);
                if (types.WorkerHttpCookies is not null && method.ContainingType.IsOrDerivesFrom(types.WorkerHttpCookies))
                    return WorkerAppend(invocation, types);
                return HeaderInvocation(invocation, types);
            case "SetCookie" or "AppendCookie":
                if (method.ContainingType.InheritsFromOrEquals(types.HttpListenerResponse))
                    return CookieObject(CookieWriteKind.HttpListener, invocation, "HttpListenerResponse." + method.Name, types.NetCookie);
                if (types.IsSystemWebResponse(method.ContainingType))
                    return CookieObject(CookieWriteKind.SystemWeb, invocation, "HttpResponse." + method.Name, types.SystemWebHttpCookie);
                return null;
            case "Add" or "Set":
                if (method.ContainingType.InheritsFromOrEquals(types.NetCookieCollection) && method.Name == "Add"
                    && IsResponseCookies(invocation.Instance, types, listener: true, cancellationToken))
                {
                    return CookieObject(CookieWriteKind.HttpListener, invocation, "HttpListenerResponse.Cookies.Add", types.NetCookie);
                }

                if (method.ContainingType.InheritsFromOrEquals(types.SystemWebHttpCookieCollection)
                    && IsResponseCookies(invocation.Instance, types, listener: false, cancellationToken))
                {
                    return CookieObject(CookieWriteKind.SystemWeb, invocation, "HttpResponse.Cookies." + method.Name, types.SystemWebHttpCookie);
                }

                return HeaderInvocation(invocation, types);
            case "AddCookies":
                if (method.IsExtensionMethod && method.Parameters.Length > 0
                    && method.Parameters[0].Type.InheritsFromOrEquals(types.HttpResponseHeaders))
                {
                    return new CookieWrite(CookieWriteKind.WebApiAddCookies, invocation, "HttpResponseHeaders.AddCookies");
                }

                return null;
            case "TryAdd" or "TryAddWithoutValidation" or "AppendCommaSeparatedValues" or "SetCommaSeparatedValues"
                or "AddHeader" or "AppendHeader":
                return HeaderInvocation(invocation, types);
            default:
                return null;
        }
    }

    private static CookieWrite AspNetCoreAppend(IInvocationOperation invocation, CookieTypes types)
    {
        IArgumentOperation? name = null, value = null, options = null;
        foreach (var argument in invocation.Arguments)
        {
            var parameter = argument.Parameter;
            if (parameter is null)
                continue;
            if (types.CookieOptions is not null && parameter.Type.InheritsFromOrEquals(types.CookieOptions))
                options = argument;
            else if (parameter.Type.SpecialType == SpecialType.System_String && name is null)
                name = argument;
            else if (parameter.Type.SpecialType == SpecialType.System_String)
                value = argument;
        }

        return new CookieWrite(CookieWriteKind.AspNetCoreAppend, invocation, "IResponseCookies.Append")
        {
            Response = CookiesOwner(invocation.Instance, types.HttpResponse),
            Name = name,
            Value = value,
            Carrier = options,
            CarrierType = types.CookieOptions,
        };
    }

    private static CookieWrite WorkerAppend(IInvocationOperation invocation, CookieTypes types)
    {
        IArgumentOperation? name = null, value = null, cookie = null;
        foreach (var argument in invocation.Arguments)
        {
            var parameter = argument.Parameter;
            if (parameter is null)
                continue;
            if (parameter.Type.SpecialType == SpecialType.System_String)
            {
                if (name is null)
                    name = argument;
                else
                    value = argument;
            }
            else
            {
                cookie = argument;
            }
        }

        return new CookieWrite(CookieWriteKind.WorkerAppend, invocation, "HttpCookies.Append")
        {
            Response = CookiesOwner(invocation.Instance, types.HttpResponseData),
            Name = name,
            Value = value,
            Carrier = cookie,
            CarrierType = types.WorkerHttpCookie,
        };
    }

    private static CookieWrite CookieObject(CookieWriteKind kind, IInvocationOperation invocation, string api, INamedTypeSymbol? carrierType)
    {
        IArgumentOperation? cookie = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter && (carrierType is null || parameter.Type.InheritsFromOrEquals(carrierType)))
            {
                cookie = argument;
                break;
            }
        }

        return new CookieWrite(kind, invocation, api) { Carrier = cookie, CarrierType = carrierType };
    }

    /// <summary><c>R</c> in <c>R.Cookies</c> when <c>R</c> has the given response type.</summary>
    private static IOperation? CookiesOwner(IOperation? instance, INamedTypeSymbol? responseType)
    {
        if (instance?.WalkDownConversion() is IPropertyReferenceOperation { Property.Name: "Cookies", Instance: { } owner }
            && owner.Type.InheritsFromOrEquals(responseType))
        {
            return owner;
        }

        return null;
    }

    /// <summary>True when a cookie collection is a response's <c>Cookies</c> (directly or through a local assigned once).</summary>
    private static bool IsResponseCookies(IOperation? instance, CookieTypes types, bool listener, CancellationToken cancellationToken)
    {
        if (instance is null)
            return false;
        var value = instance.FollowSingleAssignment(cancellationToken);
        if (value is not IPropertyReferenceOperation { Property.Name: "Cookies", Instance: { } owner })
            return false;
        return listener ? owner.Type.InheritsFromOrEquals(types.HttpListenerResponse) : types.IsSystemWebResponse(owner.Type);
    }

    private static CookieWrite? HeaderInvocation(IInvocationOperation invocation, CookieTypes types)
    {
        var method = invocation.TargetMethod;
        IOperation? receiver;
        var first = 0;
        if (method.IsExtensionMethod && invocation.Instance is null)
        {
            if (invocation.Arguments.IsEmpty)
                return null;
            receiver = FirstByOrdinal(invocation, 0)?.Value;
            first = 1;
        }
        else
        {
            receiver = invocation.Instance;
        }

        if (receiver is null)
            return null;
        var receiverType = receiver.WalkDownConversion().Type;
        var isHeaderMethod = method.Name is "AddHeader" or "AppendHeader";
        if (isHeaderMethod)
        {
            if (!types.IsSystemWebResponse(receiverType) && !receiverType.InheritsFromOrEquals(types.HttpListenerResponse))
                return null;
        }
        else if (!IsHeaderCollection(receiver, types))
        {
            return null;
        }

        var key = FirstByOrdinal(invocation, first);
        if (key is null || !IsSetCookieKey(key.Value, types))
            return null;
        var value = FirstByOrdinal(invocation, first + 1);
        var typeName = isHeaderMethod ? receiverType?.Name : HeaderCollectionName(receiver);
        return new CookieWrite(CookieWriteKind.Header, invocation, typeName + "." + method.Name + "(\"Set-Cookie\")")
        {
            HeaderValue = value?.Value,
        };
    }

    private static CookieWrite? ClassifyAssignment(IAssignmentOperation assignment, CookieTypes types)
    {
        if (assignment.Target is not IPropertyReferenceOperation target || target.Instance is null)
            return null;
        var property = target.Property;
        if (property.IsIndexer)
        {
            if (target.Arguments.Length != 1 || !IsHeaderCollection(target.Instance, types)
                || !IsSetCookieKey(target.Arguments[0].Value, types))
            {
                return null;
            }

            return new CookieWrite(CookieWriteKind.Header, assignment, HeaderCollectionName(target.Instance) + "[\"Set-Cookie\"]")
            {
                HeaderValue = assignment is ISimpleAssignmentOperation ? assignment.Value : null,
            };
        }

        if (property.Name == "SetCookie" && types.IHeaderDictionary is not null
            && property.ContainingType.IsOrDerivesFrom(types.IHeaderDictionary))
        {
            return new CookieWrite(CookieWriteKind.Header, assignment, "IHeaderDictionary.SetCookie")
            {
                HeaderValue = assignment is ISimpleAssignmentOperation ? assignment.Value : null,
            };
        }

        return null;
    }

    private static IArgumentOperation? FirstByOrdinal(IInvocationOperation invocation, int ordinal)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
                return argument;
        }

        return null;
    }

    /// <summary>
    /// ASP.NET Core <c>IHeaderDictionary</c>, <c>System.Net.Http.Headers.HttpHeaders</c> (<c>HttpResponseMessage</c>, the
    /// Functions worker's <c>HttpHeadersCollection</c>), <c>WebHeaderCollection</c>, and the <c>Headers</c> of a System.Web
    /// response (a <c>NameValueCollection</c>, counted only as a response's own headers).
    /// </summary>
    private static bool IsHeaderCollection(IOperation receiver, CookieTypes types)
    {
        var type = receiver.WalkDownConversion().Type;
        if (type is null)
            return false;
        if (types.IHeaderDictionary is not null && type.IsOrDerivesFrom(types.IHeaderDictionary))
            return true;
        if (type.InheritsFromOrEquals(types.HttpHeaders) || type.InheritsFromOrEquals(types.WorkerHeaders)
            || type.InheritsFromOrEquals(types.WebHeaderCollection))
        {
            return true;
        }

        // An OpenWhisk web action answers with a JObject whose "headers" object carries Set-Cookie.
        if (types.Known.JObject is not null && SymbolEqualityComparer.Default.Equals(type, types.Known.JObject))
            return true;
        if (IsLambdaResponseHeaders(receiver, types))
            return true;

        return type.InheritsFromOrEquals(types.NameValueCollection)
               && receiver.WalkDownConversion() is IPropertyReferenceOperation { Property.Name: "Headers", Instance: { } owner }
               && (types.IsSystemWebResponse(owner.Type) || owner.Type.InheritsFromOrEquals(types.HttpListenerResponse));
    }

    /// <summary>
    /// The <c>Headers</c>/<c>MultiValueHeaders</c> dictionary of an API Gateway proxy response: <c>response.Headers</c>,
    /// or the dictionary created for it in an initializer (<c>Headers = new Dictionary&lt;string, string&gt; { ["Set-Cookie"] = … }</c>).
    /// </summary>
    private static bool IsLambdaResponseHeaders(IOperation receiver, CookieTypes types)
    {
        var known = types.Known;
        if (known.APIGatewayProxyResponse is null && known.APIGatewayHttpApiV2ProxyResponse is null)
            return false;
        var walked = receiver.WalkDownConversion();
        IOperation? headers = walked;
        if (walked is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
        {
            // The receiver of an initializer: the initializer's creation, assigned to a property of the response.
            var creation = walked.Parent;
            while (creation is not null and not IObjectCreationOperation)
                creation = creation.Parent;
            headers = creation.WalkUpConversion()?.Parent is ISimpleAssignmentOperation { Target: { } target } ? target : null;
        }

        return headers is IPropertyReferenceOperation { Property.Name: "Headers" or "MultiValueHeaders", Instance: { } owner }
               && (owner.Type.InheritsFromOrEquals(known.APIGatewayProxyResponse) || owner.Type.InheritsFromOrEquals(known.APIGatewayHttpApiV2ProxyResponse));
    }

    private static string HeaderCollectionName(IOperation receiver)
        => receiver.WalkDownConversion().Type?.Name ?? "Headers";

    /// <summary><c>"Set-Cookie"</c> in any casing, <c>HeaderNames.SetCookie</c>, or <c>HttpResponseHeader.SetCookie</c>.</summary>
    public static bool IsSetCookieKey(IOperation key, CookieTypes types)
    {
        var walked = key.WalkDownConversion();
        if (walked.ConstantValue is { HasValue: true, Value: string text })
            return string.Equals(text, SetCookieHeader, StringComparison.OrdinalIgnoreCase);
        if (walked is IFieldReferenceOperation { Field: { IsStatic: true, Name: "SetCookie" } field })
        {
            var container = field.ContainingType;
            return (types.Known.HeaderNames is not null && SymbolEqualityComparer.Default.Equals(container, types.Known.HeaderNames))
                   || (types.HttpResponseHeader is not null && SymbolEqualityComparer.Default.Equals(container, types.HttpResponseHeader));
        }

        return false;
    }
}
