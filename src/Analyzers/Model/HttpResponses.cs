using System;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

/// <summary>An HTTP answer produced by an operation: its status when known, and the operation carrying its body.</summary>
internal readonly struct HttpAnswer
{
    public HttpAnswer(int? status, IOperation? body, bool isAnswer = true)
    {
        Status = status;
        Body = body;
        IsAnswer = isAnswer;
    }

    public bool IsAnswer { get; }

    public int? Status { get; }

    public IOperation? Body { get; }
}

/// <summary>
/// The ways handlers produce an HTTP answer, across the hosting models: <c>Results</c>/<c>TypedResults</c>,
/// <c>ControllerBase</c> helpers, MVC result objects, <c>HttpResponseMessage</c>, <c>CreateResponse(HttpStatusCode)</c>
/// (Functions), status-code properties (<c>HttpResponse</c>, <c>HttpListenerResponse</c>, <c>HttpResponseData</c>,
/// System.Web, API Gateway responses) and OpenWhisk's <c>statusCode</c> key.
/// </summary>
internal sealed class HttpResponses
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, HttpResponses> Cache = new();

    /// <summary>
    /// What a created type answers with (an <c>HttpResponseMessage</c>, an MVC result, or neither): asked for every object
    /// creation of the compilation, answered once per type, where each answer walks the type's bases or interfaces.
    /// </summary>
    private readonly Memo<ITypeSymbol, CreatedAnswer> _createdTypes = new(SymbolEqualityComparer.Default);

    private enum CreatedAnswer
    {
        None,
        ResponseMessage,
        ActionResult,
    }

    private HttpResponses(Compilation compilation)
    {
        INamedTypeSymbol? Get(string name) => compilation.GetBestTypeByMetadataName(name);
        var types = KnownTypes.GetOrCreate(compilation);
        Types = types;
        IResult = Get(KnownTypeNames.MicrosoftAspNetCoreHttpIResult);
        IActionResult = Get(KnownTypeNames.MicrosoftAspNetCoreMvcIActionResult);
        ActionResult = Get(KnownTypeNames.MicrosoftAspNetCoreMvcActionResult);
        ActionResultOfT = Get(KnownTypeNames.MicrosoftAspNetCoreMvcActionResult1);
        ObjectResult = Get(KnownTypeNames.MicrosoftAspNetCoreMvcObjectResult);
        StatusCodeResult = Get(KnownTypeNames.MicrosoftAspNetCoreMvcStatusCodeResult);
        ContentResult = Get(KnownTypeNames.MicrosoftAspNetCoreMvcContentResult);
        JsonResult = Get(KnownTypeNames.MicrosoftAspNetCoreMvcJsonResult);
        UnauthorizedResult = Get(KnownTypeNames.MicrosoftAspNetCoreMvcUnauthorizedResult);
        StatusCodes = Get(KnownTypeNames.MicrosoftAspNetCoreHttpStatusCodes);
        HttpStatusCode = Get(KnownTypeNames.SystemNetHttpStatusCode);
        HttpResponseMessage = Get(KnownTypeNames.SystemNetHttpHttpResponseMessage);
        Exception = Get(KnownTypeNames.SystemException);
        PageModel = Get(KnownTypeNames.MicrosoftAspNetCoreMvcRazorPagesPageModel);
    }

    public KnownTypes Types { get; }
    public INamedTypeSymbol? IResult { get; }
    public INamedTypeSymbol? IActionResult { get; }
    public INamedTypeSymbol? ActionResult { get; }
    public INamedTypeSymbol? ActionResultOfT { get; }
    public INamedTypeSymbol? ObjectResult { get; }
    public INamedTypeSymbol? StatusCodeResult { get; }
    public INamedTypeSymbol? ContentResult { get; }
    public INamedTypeSymbol? JsonResult { get; }
    public INamedTypeSymbol? UnauthorizedResult { get; }
    public INamedTypeSymbol? StatusCodes { get; }
    public INamedTypeSymbol? HttpStatusCode { get; }
    public INamedTypeSymbol? HttpResponseMessage { get; }
    public INamedTypeSymbol? Exception { get; }

    /// <summary>Razor Pages' <c>PageModel</c>, whose handlers answer with the same helpers as a controller (<c>BadRequest(...)</c>, <c>Unauthorized()</c>).</summary>
    public INamedTypeSymbol? PageModel { get; }

    /// <summary>True for a controller or a Razor Pages model: a type whose instance helpers (<c>BadRequest()</c>, <c>Forbid()</c>) answer the request.</summary>
    public bool IsAnsweringType(INamedTypeSymbol? type)
        => type is not null && (Types.ControllerBase is not null && type.InheritsFromOrEquals(Types.ControllerBase)
                                || PageModel is not null && type.InheritsFromOrEquals(PageModel));

    public static HttpResponses GetOrCreate(Compilation compilation)
        => Cache.GetValue(compilation, static c => new HttpResponses(c));

    /// <summary>The status a helper's name implies; null when the name is not a known answer.</summary>
    public static int? StatusForName(string name) => name switch
    {
        "Unauthorized" or "Challenge" => 401,
        "Forbid" => 403,
        "Ok" or "Content" or "Text" or "Json" or "Bytes" or "File" or "Stream" or "PhysicalFile" or "VirtualFile" => 200,
        "Created" or "CreatedAtRoute" or "CreatedAtAction" => 201,
        "Accepted" or "AcceptedAtRoute" or "AcceptedAtAction" => 202,
        "NoContent" => 204,
        "Redirect" or "LocalRedirect" or "RedirectToRoute" or "RedirectToAction" or "RedirectToPage" => 302,
        "RedirectPermanent" or "LocalRedirectPermanent" => 301,
        "BadRequest" or "ValidationProblem" => 400,
        "NotFound" => 404,
        "Conflict" => 409,
        "UnprocessableEntity" => 422,
        "Problem" or "InternalServerError" => 500,
        _ => null,
    };

    /// <summary>Result factory calls: <c>Results.X</c>, <c>TypedResults.X</c>, <c>ControllerBase.X</c>, <c>CreateResponse(status)</c>.</summary>
    public HttpAnswer ClassifyInvocation(IInvocationOperation invocation, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        var owner = method.ContainingType;
        if (owner is null)
            return default;

        if (method.Name is "CreateResponse" or "CreateErrorResponse")
        {
            var statusArgument = FindArgumentOfType(invocation, HttpStatusCode);
            if (statusArgument is null)
            {
                // HttpRequestData.CreateResponse() answers 200 OK.
                return method.Parameters.Length == (method.IsExtensionMethod ? 1 : 0) && ReturnsResponse(method)
                    ? new HttpAnswer(200, null)
                    : default;
            }

            var status = GetStatus(statusArgument.Value);
            return status is null ? default : new HttpAnswer(status, BodyArguments(invocation, statusArgument));
        }

        // The name decides first: most calls of a handler are no answer, and the type tests below walk base types.
        var named = StatusForName(method.Name);
        if (named is null && method.Name != "StatusCode")
            return default;
        var isResults = SymbolEqualityComparer.Default.Equals(owner, Types.Results) || SymbolEqualityComparer.Default.Equals(owner, Types.TypedResults);
        var isController = !isResults && !method.IsStatic && IsAnsweringType(owner)
                           && (method.ReturnType.Implements(IActionResult) || method.ReturnType.InheritsFromOrEquals(ActionResult));
        if (!isResults && !isController)
            return default;

        if (method.Name == "StatusCode")
        {
            var argument = invocation.GetArgument("statusCode");
            var status = argument is null ? null : GetStatus(argument.Value);
            return status is null ? default : new HttpAnswer(status, BodyArguments(invocation, argument));
        }

        var explicitStatus = invocation.GetArgument("statusCode");
        if (explicitStatus is not null && explicitStatus.ArgumentKind == ArgumentKind.Explicit)
        {
            var status = GetStatus(explicitStatus.Value);
            return status is null ? default : new HttpAnswer(status, BodyArguments(invocation, explicitStatus));
        }

        return new HttpAnswer(named, BodyArguments(invocation, explicitStatus));
    }

    /// <summary>MVC result objects and <c>HttpResponseMessage</c>.</summary>
    public HttpAnswer ClassifyCreation(IObjectCreationOperation creation, CancellationToken cancellationToken)
    {
        var type = creation.Type as INamedTypeSymbol;
        if (type is null)
            return default;

        if (type.SpecialType != SpecialType.None || type.TypeKind != TypeKind.Class)
            return default;
        if (!_createdTypes.TryGetValue(type, out var kind))
        {
            kind = HttpResponseMessage is not null && type.InheritsFromOrEquals(HttpResponseMessage) ? CreatedAnswer.ResponseMessage
                : IActionResult is not null && type.Implements(IActionResult) ? CreatedAnswer.ActionResult
                : CreatedAnswer.None;
            _createdTypes.Set(type, kind);
        }

        if (kind == CreatedAnswer.None)
            return default;
        if (kind == CreatedAnswer.ResponseMessage)
        {
            var statusArgument = FindConstructorArgument(creation, HttpStatusCode);
            var status = statusArgument is null ? (creation.Arguments.Length == 0 ? 200 : null) : GetStatus(statusArgument.Value);
            var initialized = GetInitializedStatus(creation);
            status = initialized ?? status;
            return status is null ? default : new HttpAnswer(status, GetInitializedValue(creation, "Content"));
        }

        int? statusValue = GetInitializedStatus(creation);
        if (statusValue is null)
        {
            var ctorStatus = FindConstructorArgumentByName(creation, "statusCode");
            if (ctorStatus is not null)
                statusValue = GetStatus(ctorStatus.Value);
        }

        if (statusValue is null)
        {
            for (var current = type; current is not null && statusValue is null; current = current.BaseType)
            {
                var name = current.Name;
                if (name.EndsWith("ObjectResult", StringComparison.Ordinal) && name.Length > "ObjectResult".Length)
                    statusValue = StatusForName(name.Substring(0, name.Length - "ObjectResult".Length));
                else if (name.EndsWith("Result", StringComparison.Ordinal) && name.Length > "Result".Length && name is not ("ObjectResult" or "StatusCodeResult" or "ActionResult"))
                    statusValue = StatusForName(name.Substring(0, name.Length - "Result".Length));
                else if (name is "ObjectResult")
                    statusValue = 200;
            }
        }

        if (statusValue is null)
            return default;
        IOperation? body = null;
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Name is "value" or "content" or "error" or "modelState")
                body = argument.Value;
        }

        body ??= GetInitializedValue(creation, "Value") ?? GetInitializedValue(creation, "Content");
        return new HttpAnswer(statusValue, body);
    }

    /// <summary><c>StatusCode</c> of a response or result object, and OpenWhisk's <c>["statusCode"]</c>.</summary>
    public bool IsStatusCodeTarget(IOperation target)
    {
        if (target is IPropertyReferenceOperation { Property.Name: "StatusCode" } property)
        {
            var owner = property.Property.ContainingType;
            if (owner is null)
                return false;
            if (owner.InheritsFromOrEquals(Types.HttpResponse) || owner.InheritsFromOrEquals(Types.HttpListenerResponse)
                || owner.InheritsFromOrEquals(Types.HttpResponseData) || owner.InheritsFromOrEquals(Types.SystemWebHttpResponse)
                || owner.InheritsFromOrEquals(Types.APIGatewayProxyResponse) || owner.InheritsFromOrEquals(Types.APIGatewayHttpApiV2ProxyResponse)
                || owner.InheritsFromOrEquals(HttpResponseMessage))
            {
                // Status set in an object initializer of a response message is classified with the creation.
                return !(owner.InheritsFromOrEquals(HttpResponseMessage) && property.Instance is IInstanceReferenceOperation);
            }

            return false;
        }

        if (target is IPropertyReferenceOperation { Property.IsIndexer: true } indexer && Types.JToken is not null
            && indexer.Arguments.Length == 1 && indexer.Property.ContainingType.InheritsFromOrEquals(Types.JToken))
        {
            return string.Equals(indexer.Arguments[0].Value.GetConstantString(), "statusCode", StringComparison.Ordinal);
        }

        return false;
    }

    /// <summary>
    /// The function that contains <paramref name="operation"/> is an HTTP handler: it returns an HTTP result or response,
    /// is a controller action or a function with an HTTP trigger, is an OpenWhisk <c>Main(JObject)</c>, or is a lambda
    /// passed to <c>Map*</c>.
    /// </summary>
    public bool IsInHandler(IOperation operation, ISymbol containingSymbol, KnownTypes types)
    {
        IMethodSymbol? method = null;
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda)
            {
                if (lambda.Parent is IDelegateCreationOperation { Parent: IArgumentOperation { Parent: IInvocationOperation map } }
                    && map.TargetMethod.Name.StartsWith("Map", StringComparison.Ordinal)
                    && map.TargetMethod.IsExtensionMethod && map.TargetMethod.Parameters.Length > 0
                    && map.TargetMethod.Parameters[0].Type.IsOrDerivesFrom(types.IEndpointRouteBuilder))
                {
                    return true;
                }

                method = lambda.Symbol;
                break;
            }

            if (current is ILocalFunctionOperation local)
            {
                method = local.Symbol;
                break;
            }
        }

        method ??= containingSymbol as IMethodSymbol;
        if (method is null)
            return false;
        if (IsResponseType(UnwrapTask(method.ReturnType)))
            return true;
        if (method.MethodKind == MethodKind.Ordinary)
        {
            if (method.HasAttribute(types.FunctionNameAttribute) || method.HasAttribute(types.FunctionAttribute))
                return true;
            if (Controllers.IsAction(method, types))
                return true;
            if (method.Name == "Main" && types.JObject is not null && method.Parameters.Length == 1
                && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, types.JObject))
            {
                return true;
            }
        }

        return false;
    }

    public static ITypeSymbol UnwrapTask(ITypeSymbol type)
        => type is INamedTypeSymbol { IsGenericType: true, Name: "Task" or "ValueTask", TypeArguments.Length: 1 } task
            ? task.TypeArguments[0]
            : type;

    public bool IsResponseType(ITypeSymbol? type)
    {
        if (type is null || type.SpecialType != SpecialType.None)
            return false;
        return type.IsOrDerivesFrom(IResult) || type.IsOrDerivesFrom(IActionResult)
               || type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, ActionResultOfT)
               || type.InheritsFromOrEquals(Types.HttpResponseData)
               || type.InheritsFromOrEquals(Types.APIGatewayProxyResponse)
               || type.InheritsFromOrEquals(Types.APIGatewayHttpApiV2ProxyResponse)
               || type.InheritsFromOrEquals(HttpResponseMessage);
    }

    private bool ReturnsResponse(IMethodSymbol method) => IsResponseType(UnwrapTask(method.ReturnType));

    /// <summary>The status a value denotes: an <c>int</c> constant, an <c>HttpStatusCode</c> member, or a cast of either.</summary>
    public static int? GetStatus(IOperation value)
    {
        var constant = value.WalkDownConversion().ConstantValue;
        if (!constant.HasValue)
            constant = value.ConstantValue;
        if (!constant.HasValue)
            return null;
        return constant.Value switch
        {
            int i => i,
            short s => s,
            long l when l is > 0 and < 1000 => (int)l,
            _ => null,
        };
    }

    private static IArgumentOperation? FindArgumentOfType(IInvocationOperation invocation, INamedTypeSymbol? type)
    {
        if (type is null)
            return null;
        foreach (var argument in invocation.Arguments)
        {
            if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, type))
                return argument;
        }

        return null;
    }

    private static IArgumentOperation? FindConstructorArgument(IObjectCreationOperation creation, INamedTypeSymbol? type)
    {
        if (type is null)
            return null;
        foreach (var argument in creation.Arguments)
        {
            if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, type))
                return argument;
        }

        return null;
    }

    private static IArgumentOperation? FindConstructorArgumentByName(IObjectCreationOperation creation, string name)
    {
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Name == name)
                return argument;
        }

        return null;
    }

    private static int? GetInitializedStatus(IObjectCreationOperation creation)
    {
        var value = GetInitializedValue(creation, "StatusCode");
        return value is null ? null : GetStatus(value);
    }

    private static IOperation? GetInitializedValue(IObjectCreationOperation creation, string property)
    {
        if (creation.Initializer is null)
            return null;
        foreach (var initializer in creation.Initializer.Initializers)
        {
            if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment && target.Property.Name == property)
                return assignment.Value;
        }

        return null;
    }

    /// <summary>The arguments that make up the body: everything but the status, content type and serializer settings.</summary>
    private static IOperation? BodyArguments(IInvocationOperation invocation, IArgumentOperation? status)
    {
        IOperation? body = null;
        foreach (var argument in invocation.Arguments)
        {
            if (ReferenceEquals(argument, status) || argument.ArgumentKind != ArgumentKind.Explicit)
                continue;
            if (invocation.TargetMethod.IsExtensionMethod && argument.Parameter?.Ordinal == 0)
                continue;
            var name = argument.Parameter?.Name;
            if (name is "contentType" or "options" or "jsonSerializerOptions" or "serializerSettings" or "contentEncoding"
                or "extensions" or "type" or "instance" or "statusCode")
            {
                continue;
            }

            if (argument.Value.WalkDownConversion() is IDefaultValueOperation || argument.Value.WalkDownConversion().ConstantValue is { HasValue: true, Value: null })
                continue;
            body ??= argument.Value;
            if (!ReferenceEquals(body, argument.Value))
                return invocation; // several body arguments: inspect the whole call
        }

        return body;
    }
}
