using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

/// <summary>The part of an HTTP request a value is read from.</summary>
internal enum RequestPart
{
    None,
    Query,
    Header,
    Form,
    Route,
    Cookie,

    /// <summary>System.Web's <c>Request["key"]</c> and <c>Request.Params</c>: query string, form, cookies and server variables.</summary>
    Params,
}

/// <summary>The hosting model whose request API is used; the fixes write that model's idiom.</summary>
internal enum RequestFramework
{
    None,
    AspNetCore,
    AzureFunctionsWorker,
    SystemWeb,
    HttpListener,
    AwsLambda,
    ParsedQueryString,
    OpenWhisk,
}

/// <summary>A keyed read from a request collection, such as <c>request.Query["secret"]</c>.</summary>
internal readonly struct RequestRead
{
    public RequestRead(RequestPart part, RequestFramework framework, string key, IOperation operation, IOperation? collection)
    {
        Part = part;
        Framework = framework;
        Key = key;
        Operation = operation;
        Collection = collection;
    }

    public RequestPart Part { get; }

    public RequestFramework Framework { get; }

    /// <summary>The query parameter, header, form field or route value name.</summary>
    public string Key { get; }

    /// <summary>The indexer access or invocation that reads the value.</summary>
    public IOperation Operation { get; }

    /// <summary>The collection the value is read from, e.g. <c>request.Query</c>; null for System.Web's <c>Request["key"]</c>.</summary>
    public IOperation? Collection { get; }

    public bool IsValid => Part != RequestPart.None;
}

/// <summary>Recognises keyed reads from request collections across the hosting models of docs/design.md.</summary>
internal static class RequestSources
{
    /// <summary>
    /// Classifies an indexer access (<c>request.Query["k"]</c>), a keyed invocation (<c>Query.TryGetValue("k", out v)</c>,
    /// <c>QueryString.Get("k")</c>, <c>Headers.GetValues("k")</c>) or a typed header property (<c>Headers.Authorization</c>).
    /// </summary>
    public static RequestRead Classify(IOperation operation, KnownTypes types, CancellationToken cancellationToken)
    {
        switch (operation)
        {
            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Arguments.Length == 1:
            {
                var key = GetKey(indexer.Arguments[0].Value);
                if (key is null)
                    return default;
                if (indexer.Instance is null)
                    return default;
                var instance = indexer.Instance.WalkDownConversion();

                // System.Web: Request["key"] searches the query string among others.
                if (IsSystemWebRequest(instance.Type, types))
                    return new RequestRead(RequestPart.Params, RequestFramework.SystemWeb, key, indexer, null);

                var (part, framework) = ClassifyCollection(instance, types, cancellationToken);
                return part == RequestPart.None ? default : new RequestRead(part, framework, key, indexer, instance);
            }

            case IPropertyReferenceOperation { Property.IsIndexer: false } property
                when property.Instance is not null && IsTypedHeaderProperty(property, types):
            {
                return new RequestRead(RequestPart.Header, RequestFramework.AspNetCore, property.Property.Name, property, property.Instance);
            }

            case IInvocationOperation invocation:
            {
                var name = invocation.TargetMethod.Name;
                if (name is not ("TryGetValue" or "Get" or "GetValues" or "TryGetValues" or "GetValueOrDefault"))
                    return default;
                var receiver = invocation.Instance;
                var keyIndex = 0;
                if (receiver is null && invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 1)
                {
                    receiver = invocation.Arguments[0].Value;
                    keyIndex = 1;
                }

                if (receiver is null || invocation.Arguments.Length <= keyIndex)
                    return default;
                var key = GetKey(invocation.Arguments[keyIndex].Value);
                if (key is null)
                    return default;
                var instance = receiver.WalkDownConversion();
                var (part, framework) = ClassifyCollection(instance, types, cancellationToken);
                return part == RequestPart.None ? default : new RequestRead(part, framework, key, invocation, instance);
            }

            default:
                return default;
        }
    }

    /// <summary>The part and hosting model of a request collection expression such as <c>request.Query</c>.</summary>
    public static (RequestPart Part, RequestFramework Framework) ClassifyCollection(IOperation collection, KnownTypes types, CancellationToken cancellationToken)
    {
        collection = collection.WalkDownConversion();
        if (collection is ILocalReferenceOperation)
        {
            var followed = collection.FollowSingleAssignment(cancellationToken);
            if (followed is not ILocalReferenceOperation)
                return ClassifyCollection(followed, types, cancellationToken);
        }

        switch (collection)
        {
            case IPropertyReferenceOperation { Property.IsIndexer: false } property when property.Instance is not null:
            {
                var owner = property.Instance.Type;
                var name = property.Property.Name;
                if (owner.InheritsFromOrEquals(types.HttpRequest))
                {
                    return name switch
                    {
                        "Query" => (RequestPart.Query, RequestFramework.AspNetCore),
                        "Headers" => (RequestPart.Header, RequestFramework.AspNetCore),
                        "Form" => (RequestPart.Form, RequestFramework.AspNetCore),
                        "RouteValues" => (RequestPart.Route, RequestFramework.AspNetCore),
                        "Cookies" => (RequestPart.Cookie, RequestFramework.AspNetCore),
                        _ => (RequestPart.None, RequestFramework.None),
                    };
                }

                if (IsSystemWebRequest(owner, types))
                {
                    return name switch
                    {
                        "QueryString" => (RequestPart.Query, RequestFramework.SystemWeb),
                        "Headers" => (RequestPart.Header, RequestFramework.SystemWeb),
                        "Form" => (RequestPart.Form, RequestFramework.SystemWeb),
                        "Params" => (RequestPart.Params, RequestFramework.SystemWeb),
                        "Cookies" => (RequestPart.Cookie, RequestFramework.SystemWeb),
                        _ => (RequestPart.None, RequestFramework.None),
                    };
                }

                if (owner.InheritsFromOrEquals(types.HttpListenerRequest))
                {
                    return name switch
                    {
                        "QueryString" => (RequestPart.Query, RequestFramework.HttpListener),
                        "Headers" => (RequestPart.Header, RequestFramework.HttpListener),
                        "Cookies" => (RequestPart.Cookie, RequestFramework.HttpListener),
                        _ => (RequestPart.None, RequestFramework.None),
                    };
                }

                if (owner.InheritsFromOrEquals(types.APIGatewayProxyRequest) || owner.InheritsFromOrEquals(types.APIGatewayHttpApiV2ProxyRequest))
                {
                    return name switch
                    {
                        "QueryStringParameters" or "MultiValueQueryStringParameters" => (RequestPart.Query, RequestFramework.AwsLambda),
                        "Headers" or "MultiValueHeaders" => (RequestPart.Header, RequestFramework.AwsLambda),
                        "PathParameters" => (RequestPart.Route, RequestFramework.AwsLambda),
                        _ => (RequestPart.None, RequestFramework.None),
                    };
                }

                if (owner.InheritsFromOrEquals(types.HttpRequestData))
                {
                    return name switch
                    {
                        "Query" => (RequestPart.Query, RequestFramework.AzureFunctionsWorker),
                        "Headers" => (RequestPart.Header, RequestFramework.AzureFunctionsWorker),
                        _ => (RequestPart.None, RequestFramework.None),
                    };
                }

                break;
            }

            case IInvocationOperation invocation:
            {
                var method = invocation.TargetMethod;
                if (((method.Name == "ParseQueryString" && method.IsMemberOf(types.HttpUtility))
                     || (method.Name == "ParseQuery" && method.IsMemberOf(types.QueryHelpers))
                     || (method.Name == "ParseNullableQuery" && method.IsMemberOf(types.QueryHelpers)))
                    && !(invocation.Arguments.Length > 0 && IsOutgoingResponseText(invocation.Arguments[0].Value, cancellationToken)))
                {
                    return (RequestPart.Query, RequestFramework.ParsedQueryString);
                }

                break;
            }

            case IPropertyReferenceOperation { Property.IsIndexer: true } jsonIndexer
                when types.JToken is not null && jsonIndexer.Type.InheritsFromOrEquals(types.JToken) && jsonIndexer.Arguments.Length == 1:
            {
                // OpenWhisk raw web actions: args["__ow_headers"]["x-secret"].
                var key = GetKey(jsonIndexer.Arguments[0].Value);
                if (key == "__ow_headers")
                    return (RequestPart.Header, RequestFramework.OpenWhisk);
                break;
            }
        }

        var type = collection.Type;
        if (type is null)
            return (RequestPart.None, RequestFramework.None);
        if (type.IsOrDerivesFrom(types.IQueryCollection))
            return (RequestPart.Query, RequestFramework.AspNetCore);
        if (type.IsOrDerivesFrom(types.IHeaderDictionary))
            return (RequestPart.Header, RequestFramework.AspNetCore);
        if (type.IsOrDerivesFrom(types.IFormCollection))
            return (RequestPart.Form, RequestFramework.AspNetCore);
        if (type.IsOrDerivesFrom(types.HttpHeadersCollection))
            return (RequestPart.Header, RequestFramework.AzureFunctionsWorker);
        return (RequestPart.None, RequestFramework.None);
    }

    /// <summary>The key of a read: a constant string, or a <c>HeaderNames.X</c> field (static readonly since ASP.NET Core 6).</summary>
    public static string? GetKey(IOperation operation)
    {
        var constant = operation.GetConstantString();
        if (constant is not null)
            return constant;
        if (operation.WalkDownConversion() is IFieldReferenceOperation { Field: { IsStatic: true, ContainingType.Name: "HeaderNames" } field })
            return field.Name;
        return null;
    }

    /// <summary>
    /// Text another server sent back to an outgoing call: the content of a response object (<c>response.Content</c>,
    /// <c>ExecuteRequest(...).Content</c>) or what an HTTP client read (<c>ReadAsStringAsync</c>, <c>GetStringAsync</c>,
    /// <c>DownloadString</c>). An OAuth request-token exchange parses such a body as a query string; it is not the caller's
    /// request.
    /// </summary>
    private static bool IsOutgoingResponseText(IOperation text, CancellationToken cancellationToken)
    {
        var current = text;
        for (var depth = 0; depth < 6; depth++)
        {
            current = current.WalkDownConversion();
            switch (current)
            {
                case ILocalReferenceOperation:
                {
                    var followed = current.FollowSingleAssignment(cancellationToken, depth: 1);
                    if (ReferenceEquals(followed, current) || followed is ILocalReferenceOperation)
                        return false;
                    current = followed;
                    continue;
                }

                case IAwaitOperation awaited:
                    current = awaited.Operation;
                    continue;
                case IInvocationOperation { TargetMethod.Name: "ReadAsStringAsync" or "GetStringAsync" or "DownloadString" or "DownloadStringTaskAsync" }:
                    return true;
                case IPropertyReferenceOperation { Property.IsIndexer: false, Instance: { Type: { } owner } }:
                    return IsResponseTypeName(owner.Name);
                case IFieldReferenceOperation { Instance: { Type: { } fieldOwner } }:
                    return IsResponseTypeName(fieldOwner.Name);
                default:
                    return false;
            }
        }

        return false;
    }

    private static bool IsResponseTypeName(string name)
        => name.EndsWith("Response", System.StringComparison.Ordinal) || name.EndsWith("ResponseMessage", System.StringComparison.Ordinal)
           || name == "HttpContent";

    public static bool IsSystemWebRequest(ITypeSymbol? type, KnownTypes types)
        => type.InheritsFromOrEquals(types.SystemWebHttpRequest) || type.InheritsFromOrEquals(types.SystemWebHttpRequestBase);

    private static bool IsTypedHeaderProperty(IPropertyReferenceOperation property, KnownTypes types)
        => types.IHeaderDictionary is not null
           && types.StringValues is not null
           && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType.OriginalDefinition, types.IHeaderDictionary)
           && SymbolEqualityComparer.Default.Equals(property.Property.Type, types.StringValues);
}
