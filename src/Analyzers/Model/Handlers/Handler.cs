using System;
using System.Collections.Generic;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
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
