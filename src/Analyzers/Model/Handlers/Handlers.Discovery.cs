using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

// Discovery: which methods, lambdas and functions are HTTP handlers.
internal sealed partial class Handlers
{
    /// <summary>Cheap name test for <see cref="TryGetEndpoint"/>.</summary>
    public static bool IsMapMethodName(string name)
        => name is "MapGet" or "MapPost" or "MapPut" or "MapDelete" or "MapPatch" or "MapMethods" or "Map";

    /// <summary>
    /// A minimal-API endpoint: a <c>Map*</c> extension call on an <c>IEndpointRouteBuilder</c> whose handler is a lambda,
    /// a local function or a method group. Endpoints whose handler is a delegate held in a variable are not handlers here
    /// (their body cannot be seen).
    /// </summary>
    public bool TryGetEndpoint(IInvocationOperation invocation, out Handler? handler, CancellationToken cancellationToken = default)
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
            ? GetGroupPrefix(invocation.Arguments[0].Value, cancellationToken) + pattern
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

        // Azure Functions: [FunctionName]/[Function] with an [HttpTrigger] parameter. The method's own attributes first:
        // reading a parameter's binds its attributes, and every method of the compilation comes here.
        var hasTriggers = types.WebJobsHttpTriggerAttribute is not null || types.WorkerHttpTriggerAttribute is not null;
        var functionName = hasTriggers ? method.GetAttribute(types.FunctionNameAttribute) : null;
        var function = hasTriggers ? method.GetAttribute(types.FunctionAttribute) : null;
        if (functionName is not null || function is not null)
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
                    var functionAttribute = inProcess ? functionName : function;
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
            if (request.TypeKind == TypeKind.Class && request.SpecialType == SpecialType.None
                && (request.InheritsFromOrEquals(types.APIGatewayProxyRequest) || request.InheritsFromOrEquals(types.APIGatewayHttpApiV2ProxyRequest))
                && UnwrapTask(method.ReturnType) is var response
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
    private string GetGroupPrefix(IOperation builder, CancellationToken cancellationToken)
    {
        var prefix = string.Empty;
        var current = builder.WalkDownConversion();
        for (var depth = 0; depth < 8 && current is not null; depth++)
        {
            if (current is ILocalReferenceOperation)
            {
                var followed = current.FollowSingleAssignment(cancellationToken);
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
}
