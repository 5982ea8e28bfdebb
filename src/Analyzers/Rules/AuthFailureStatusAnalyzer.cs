using System;
using System.Collections.Immutable;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using ActionSecurity.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Rules;

/// <summary>AS0007: Failed authentication is not answered with 401/403.</summary>
/// <remarks>
/// Starts from the operations that produce an HTTP answer (result factories, result and response objects, status-code
/// assignments, <c>throw</c> in a handler) and walks up to the nearest enclosing branch. It reports when that branch is
/// the one taken when a secret check (<see cref="SecretChecks"/>) fails: the true branch of a rejecting condition
/// (<c>a != b</c>, <c>!ok</c>), the false branch of an accepting one (<c>else</c>, <c>: </c>), or a statement after
/// <c>if (accepted) return ...;</c> in the same block. Any other condition between the answer and the check stops the
/// walk, so answers that belong to unrelated checks are never reported.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AuthFailureStatusAnalyzer : DiagnosticAnalyzer
{
    internal const string KindResult = "Result";
    internal const string KindStatusValue = "StatusValue";
    internal const string KindThrow = "Throw";
    internal const string KindBody = "Body";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.AuthFailureStatus);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.GetOrCreate(start.Compilation);
            if (!types.HasAnyRequestSource)
                return;
            var responses = HttpResponses.GetOrCreate(start.Compilation);
            var state = new State(types, responses);
            start.RegisterOperationAction(state.AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterOperationAction(state.AnalyzeObjectCreation, OperationKind.ObjectCreation);
            start.RegisterOperationAction(state.AnalyzeAssignment, OperationKind.SimpleAssignment);
            start.RegisterOperationAction(state.AnalyzeThrow, OperationKind.Throw);
        });
    }

    private sealed class State
    {
        private readonly KnownTypes _types;
        private readonly HttpResponses _responses;

        public State(KnownTypes types, HttpResponses responses)
        {
            _types = types;
            _responses = responses;
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var answer = _responses.ClassifyInvocation(invocation, context.CancellationToken);
            if (answer.IsAnswer)
                AnalyzeAnswer(context, invocation, answer);
        }

        public void AnalyzeObjectCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            var answer = _responses.ClassifyCreation(creation, context.CancellationToken);
            if (answer.IsAnswer)
                AnalyzeAnswer(context, creation, answer);
        }

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (!_responses.IsStatusCodeTarget(assignment.Target))
                return;
            var status = HttpResponses.GetStatus(assignment.Value);
            if (status is null or 401 or 403)
                return;
            if (!IsInFailureBranch(assignment, context, out var afterGuard) || afterGuard && status < 400)
                return;
            Report(context, assignment.Value, KindStatusValue, 401, "status " + status.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        public void AnalyzeThrow(OperationAnalysisContext context)
        {
            var throwOperation = (IThrowOperation)context.Operation;
            if (throwOperation.Exception is null)
                return; // a rethrow inside catch
            if (!_responses.IsInHandler(throwOperation, context.ContainingSymbol, _types))
                return;
            if (!IsInFailureBranch(throwOperation, context, out _))
                return;
            Report(context, throwOperation, KindThrow, 401, "an exception");
        }

        private void AnalyzeAnswer(OperationAnalysisContext context, IOperation operation, HttpAnswer answer)
        {
            if (answer.Status is 401 or 403)
            {
                if (answer.Body is null || !IsTellingBody(answer.Body, context))
                    return;
                if (!IsInFailureBranch(operation, context, out _))
                    return;
                Report(context, operation, KindBody, answer.Status.Value, "a body that tells what failed");
                return;
            }

            if (!IsInFailureBranch(operation, context, out var afterGuard) || afterGuard && answer.Status is null or < 400)
                return;
            var text = answer.Status is { } status
                ? "status " + status.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : "a status other than 401 or 403";
            Report(context, operation, KindResult, 401, text);
        }

        private void Report(OperationAnalysisContext context, IOperation operation, string kind, int status, string text)
        {
            // An endpoint that already requires a signed-in user re-verifies (a master password before a sensitive change):
            // a 401 there would sign the user out, and 400 is the right contract.
            if (RequiresAuthenticatedCaller(operation, context.ContainingSymbol, context))
                return;

            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticProperties.Kind, kind)
                .Add(DiagnosticProperties.Status, status == 403 ? "403" : "401");
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.AuthFailureStatus, operation.Syntax.GetLocation(), properties, text));
        }

        /// <summary>
        /// True when the controller action or minimal-API endpoint around <paramref name="operation"/> requires a signed-in
        /// user by its own declaration: <c>[Authorize]</c> or an authorization filter attribute on the action, its class or
        /// a base class (not overridden by <c>[AllowAnonymous]</c> on the action), or <c>RequireAuthorization()</c> on the
        /// endpoint or its route group. Application-wide facts (a fallback policy, a middleware) are not asked: they say
        /// nothing about the endpoint that receives a webhook next to them.
        /// </summary>
        private bool RequiresAuthenticatedCaller(IOperation operation, ISymbol containingSymbol, OperationAnalysisContext context)
        {
            var handlers = Handlers.GetOrCreate(_types.Compilation);
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is ILocalFunctionOperation)
                    return false;
                if (current is not IAnonymousFunctionOperation lambda)
                    continue;
                var parent = lambda.Parent;
                while (parent is IDelegateCreationOperation or IConversionOperation)
                    parent = parent.Parent;
                if (parent is not IArgumentOperation { Parent: IInvocationOperation map } || map.Arguments.IsEmpty
                    || !handlers.TryGetEndpoint(map, out var endpoint) || endpoint is null)
                {
                    return false;
                }

                return HasAuthorizeAttribute(lambda.Symbol, handlers) is true
                       || RequiresAuthorization(map, context.CancellationToken);
            }

            if (containingSymbol is not IMethodSymbol method || !Controllers.IsAction(method, _types))
                return false;
            if (HasAuthorizeAttribute(method, handlers) is { } decided)
                return decided;
            for (var type = method.ContainingType; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
            {
                if (HasAuthorizeAttribute(type, handlers) is { } typeDecision)
                    return typeDecision;
            }

            return false;
        }

        /// <summary>True for <c>[Authorize]</c>-like or authorization-filter attributes, false for <c>[AllowAnonymous]</c>, null for neither.</summary>
        private static bool? HasAuthorizeAttribute(ISymbol symbol, Handlers handlers)
        {
            bool? result = null;
            foreach (var attribute in symbol.GetAttributes())
            {
                var attributeClass = attribute.AttributeClass;
                if (attributeClass is null)
                    continue;
                if (attributeClass.Implements(handlers.IAllowAnonymous))
                    return false;
                if (attributeClass.Implements(handlers.IAuthorizeData) || attributeClass.Implements(handlers.IAuthorizationFilter)
                    || attributeClass.Implements(handlers.IAsyncAuthorizationFilter))
                {
                    result = true;
                }
            }

            return result;
        }

        /// <summary><c>RequireAuthorization()</c> chained on the endpoint, or on the route group it is mapped on (also through a local).</summary>
        private static bool RequiresAuthorization(IInvocationOperation map, CancellationToken cancellationToken)
        {
            // app.MapPost(...).RequireAuthorization()
            IOperation current = map;
            for (var depth = 0; depth < 16; depth++)
            {
                var parent = current.Parent;
                while (parent is IConversionOperation)
                    parent = parent.Parent;
                if (parent is not IArgumentOperation { Parent: IInvocationOperation chained } argument
                    || !chained.TargetMethod.IsExtensionMethod || argument.Parameter?.Ordinal != 0)
                {
                    break;
                }

                if (chained.TargetMethod.Name == "RequireAuthorization")
                    return true;
                if (chained.TargetMethod.Name == "AllowAnonymous")
                    return false;
                current = chained;
            }

            // var group = app.MapGroup("/x").RequireAuthorization(); group.MapPost(...)
            var builder = map.Arguments[0].Value.WalkDownConversion();
            for (var depth = 0; depth < 6; depth++)
            {
                if (builder is ILocalReferenceOperation)
                {
                    var followed = builder.FollowSingleAssignment(cancellationToken, depth: 1);
                    if (ReferenceEquals(followed, builder))
                        return false;
                    builder = followed;
                    continue;
                }

                if (builder is not IInvocationOperation { TargetMethod.IsExtensionMethod: true } call || call.Arguments.IsEmpty)
                    return false;
                if (call.TargetMethod.Name == "RequireAuthorization")
                    return true;
                builder = call.Arguments[0].Value.WalkDownConversion();
            }

            return false;
        }

        /// <summary>Exception text, the secret itself, or a message that names the part of the check that failed.</summary>
        private bool IsTellingBody(IOperation body, OperationAnalysisContext context)
        {
            ActionSecurityOptions? options = null;
            foreach (var descendant in body.DescendantsAndSelf())
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                switch (descendant)
                {
                    case ILiteralOperation { ConstantValue: { HasValue: true, Value: string text } }:
                        if (NamesCheckPart(text))
                            return true;
                        break;
                    case ILocalReferenceOperation or IParameterReferenceOperation or IPropertyReferenceOperation or IInvocationOperation
                        when descendant.Type.InheritsFromOrEquals(_responses.Exception):
                        return true;
                    case IPropertyReferenceOperation { Property.Name: "Message" or "StackTrace" } property
                        when property.Instance?.Type.InheritsFromOrEquals(_responses.Exception) == true:
                        return true;
                    case ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation:
                        options ??= ActionSecurityOptions.For(context.Options, body.Syntax.SyntaxTree, DiagnosticIds.AuthFailureStatus);
                        if (ValueSources.GetSecretEvidence(descendant, _types, options, context.CancellationToken).IsSecret)
                            return true;
                        break;
                }
            }

            return false;
        }

        private static readonly string[] PartWords =
        {
            "header", "query", "signature", "secret", "token", "key", "password", "hmac", "hash", "expected", "mismatch",
            "missing", "does not match", "doesn't match", "timestamp", "configured", "environment", "digest",
        };

        private static bool NamesCheckPart(string text)
        {
            foreach (var word in PartWords)
            {
                if (text.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
                    return true;
            }

            return false;
        }

        /// <summary>
        /// Walks up from the answer to the nearest enclosing branch and decides whether it is the branch taken when a
        /// secret check fails. Stops at function boundaries and at any other branch or loop.
        /// </summary>
        /// <param name="afterGuard">
        /// True when the answer only follows an accepting guard (<c>if (ok) return ...;</c>) in its block. Such code often
        /// serves another path (a cache hit, an admin key), so only error answers and exceptions are reported there.
        /// </param>
        private bool IsInFailureBranch(IOperation operation, OperationAnalysisContext context, out bool afterGuard)
        {
            afterGuard = false;
            SecretCheck check;
            var current = operation;
            for (var depth = 0; depth < 32; depth++)
            {
                var parent = current.Parent;
                if (parent is null)
                    return false;
                switch (parent)
                {
                    case IConditionalOperation conditional:
                    {
                        if (ReferenceEquals(conditional.Condition, current))
                            return false;
                        check = SecretChecks.AnalyzeCondition(conditional.Condition, _types, Options(context, operation), context.CancellationToken);
                        return ReferenceEquals(conditional.WhenTrue, current)
                            ? check.Sense == CheckSense.TrueWhenRejected
                            : check.Sense == CheckSense.TrueWhenAuthenticated;
                    }

                    case IBlockOperation block:
                        if (FollowsAcceptingGuard(block, current, context, operation, out check))
                        {
                            afterGuard = true;
                            return true;
                        }

                        break;

                    case IAnonymousFunctionOperation or ILocalFunctionOperation or ILoopOperation or ISwitchOperation
                        or ISwitchCaseOperation or ISwitchExpressionOperation or ITryOperation or ICatchClauseOperation
                        or ICoalesceOperation or IConditionalAccessOperation or IMethodBodyOperation:
                        return false;

                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr }:
                        return false;
                }

                current = parent;
            }

            return false;
        }

        /// <summary>
        /// True when, in <paramref name="block"/>, the statement <paramref name="statement"/> comes after
        /// <c>if (accepted) { ...; return/throw; }</c> with no <c>else</c>: it only runs when the check failed.
        /// </summary>
        private bool FollowsAcceptingGuard(IBlockOperation block, IOperation statement, OperationAnalysisContext context, IOperation answer, out SecretCheck check)
        {
            check = default;
            var operations = block.Operations;
            var index = operations.IndexOf(statement);
            for (var i = index - 1; i >= 0; i--)
            {
                if (operations[i] is not IConditionalOperation { WhenFalse: null } guard || !AlwaysExits(guard.WhenTrue))
                    continue;
                var guardCheck = SecretChecks.AnalyzeCondition(guard.Condition, _types, Options(context, answer), context.CancellationToken);
                if (guardCheck.Sense == CheckSense.TrueWhenAuthenticated)
                {
                    check = guardCheck;
                    return true;
                }
            }

            return false;
        }

        private static bool AlwaysExits(IOperation? operation) => operation switch
        {
            IReturnOperation => true,
            IThrowOperation => true,
            IExpressionStatementOperation { Operation: IThrowOperation } => true,
            IBlockOperation { Operations.Length: > 0 } block => AlwaysExits(block.Operations[block.Operations.Length - 1]),
            _ => false,
        };

        private static ActionSecurityOptions Options(OperationAnalysisContext context, IOperation operation)
            => ActionSecurityOptions.For(context.Options, operation.Syntax.SyntaxTree, DiagnosticIds.AuthFailureStatus);
    }
}

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

    private HttpResponses(Compilation compilation)
    {
        INamedTypeSymbol? Get(string name) => compilation.GetBestTypeByMetadataName(name);
        var types = KnownTypes.GetOrCreate(compilation);
        Types = types;
        IResult = Get("Microsoft.AspNetCore.Http.IResult");
        IActionResult = Get("Microsoft.AspNetCore.Mvc.IActionResult");
        ActionResult = Get("Microsoft.AspNetCore.Mvc.ActionResult");
        ActionResultOfT = Get("Microsoft.AspNetCore.Mvc.ActionResult`1");
        ObjectResult = Get("Microsoft.AspNetCore.Mvc.ObjectResult");
        StatusCodeResult = Get("Microsoft.AspNetCore.Mvc.StatusCodeResult");
        ContentResult = Get("Microsoft.AspNetCore.Mvc.ContentResult");
        JsonResult = Get("Microsoft.AspNetCore.Mvc.JsonResult");
        UnauthorizedResult = Get("Microsoft.AspNetCore.Mvc.UnauthorizedResult");
        StatusCodes = Get("Microsoft.AspNetCore.Http.StatusCodes");
        HttpStatusCode = Get("System.Net.HttpStatusCode");
        HttpResponseMessage = Get("System.Net.Http.HttpResponseMessage");
        Exception = Get("System.Exception");
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

        var isResults = SymbolEqualityComparer.Default.Equals(owner, Types.Results) || SymbolEqualityComparer.Default.Equals(owner, Types.TypedResults);
        var isController = !isResults && Types.ControllerBase is not null && !method.IsStatic && owner.InheritsFromOrEquals(Types.ControllerBase)
                           && (method.ReturnType.Implements(IActionResult) || method.ReturnType.InheritsFromOrEquals(ActionResult));
        if (!isResults && !isController)
            return default;

        if (method.Name == "StatusCode")
        {
            var argument = invocation.GetArgument("statusCode");
            var status = argument is null ? null : GetStatus(argument.Value);
            return status is null ? default : new HttpAnswer(status, BodyArguments(invocation, argument));
        }

        var named = StatusForName(method.Name);
        if (named is null)
            return default;
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

        if (HttpResponseMessage is not null && type.InheritsFromOrEquals(HttpResponseMessage))
        {
            var statusArgument = FindConstructorArgument(creation, HttpStatusCode);
            var status = statusArgument is null ? (creation.Arguments.Length == 0 ? 200 : null) : GetStatus(statusArgument.Value);
            var initialized = GetInitializedStatus(creation);
            status = initialized ?? status;
            return status is null ? default : new HttpAnswer(status, GetInitializedValue(creation, "Content"));
        }

        if (IActionResult is null || !type.Implements(IActionResult))
            return default;
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
