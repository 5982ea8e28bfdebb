using System;
using System.Collections.Generic;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

/// <summary>
/// Handlers whose answer holds nothing a caller could abuse, which AS0004 leaves out of its default scope: the app's
/// own embedded files, one app-wide value that no input selects, and pure functions of their input.
/// </summary>
internal static class HandlerDisclosure
{
    /// <summary>
    /// True when the handler discloses nothing private and changes nothing:
    /// <list type="bullet">
    /// <item>a GET/HEAD/OPTIONS handler that answers with a resource embedded in an assembly
    /// (<c>Assembly.GetManifestResourceStream</c>): static content shipped with the app, like its images and scripts;</item>
    /// <item>a handler that takes no input (only a <c>CancellationToken</c>, or values of a closed set: <c>bool</c>, an
    /// enum), issues no command (no call whose result it drops, logging aside) and answers only scalars (a flag, a
    /// number, a version string) that are not secrets: an app-wide setting such as "is this feature on";</item>
    /// <item>a pure function of its input: it reads no state of its class (no <c>this</c>, no non-constant field) and
    /// calls only value-type, string, collection and LINQ methods.</item>
    /// </list>
    /// </summary>
    public static bool DisclosesNothing(Handler handler, IOperation body, bool safeOnly, Handlers handlers, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        if (safeOnly && ServesEmbeddedResource(body, cancellationToken) || OnlyThrowsOrRedirects(body) || IsEmpty(body) || ActsOnlyInDevelopment(body))
            return true;

        // A state-changing verb says the handler acts; without a verb, it may be a reader reached by GET.
        if (!safeOnly && !HasNoVerb(handler, handlers.Types))
            return false;
        var method = handler.Method;
        if (method.Parameters.IsEmpty || AllClosedSetInputs(method))
            return AnswersNonSecretScalarsOnly(body, computedOnly: !safeOnly, handlers, options, cancellationToken);
        return !method.ReturnsVoid && !Handlers.IsTaskType(method.ReturnType is INamedTypeSymbol { IsGenericType: false } plain ? plain : null)
               && IsPureFunction(body, cancellationToken);
    }

    /// <summary>
    /// The handler acts only when the app runs in the Development environment: it starts with a guard that leaves
    /// otherwise (<c>if (!env.IsDevelopment()) return NotFound();</c>), or its work sits inside
    /// <c>if (env.IsDevelopment()) { ... }</c> and everything else in the body (the <c>else</c> branch included) is
    /// inert (<see cref="IsInert"/>): <c>var reply = new Reply(); if (env.IsDevelopment()) { ... } else { reply.Message
    /// = "development only"; } return reply;</c>. A code generator or a data seeder for developers is not served in
    /// production. Statements before the guard must be inert too: work done before it runs in every environment.
    /// </summary>
    internal static bool ActsOnlyInDevelopment(IOperation body)
    {
        var block = body switch
        {
            IMethodBodyOperation { BlockBody: { } blockBody } => blockBody,
            IBlockOperation own => own,
            _ => null,
        };
        if (block is null)
            return false;
        var gated = false;
        foreach (var statement in block.Operations)
        {
            if (statement is IConditionalOperation { Condition: var condition } conditional)
            {
                if (conditional.WhenFalse is null && IsDevelopmentTest(condition, negated: true) && Handlers.Leaves(conditional.WhenTrue))
                    return true;
                if (IsDevelopmentTest(condition, negated: false) && (conditional.WhenFalse is null || IsInert(conditional.WhenFalse))
                    || IsDevelopmentTest(condition, negated: true) && conditional.WhenFalse is not null && IsInert(conditional.WhenTrue))
                {
                    gated = true;
                    continue;
                }
            }

            if (!IsInert(statement))
                return false;
        }

        return gated;
    }

    /// <summary>
    /// The operation changes nothing outside the handler: it calls only ASP.NET Core's result factories and methods of
    /// the base library's value types, strings, collections and LINQ, and assigns only locals, parameters and members
    /// of locals (the reply it builds).
    /// </summary>
    private static bool IsInert(IOperation operation)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            switch (descendant)
            {
                case IInvocationOperation call when !HandlerScope.IsAspNetCore(call.TargetMethod.ContainingNamespace) && !IsPureType(call.TargetMethod.ContainingType):
                case IInvalidOperation or IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicIndexerAccessOperation:
                case IAssignmentOperation assignment when !IsOwnTarget(assignment.Target):
                case IIncrementOrDecrementOperation increment when !IsOwnTarget(increment.Target):
                    return false;
            }
        }

        return true;
    }

    /// <summary>A local, a parameter, or a member of a local or of an object being initialized.</summary>
    private static bool IsOwnTarget(IOperation target)
        => target switch
        {
            ILocalReferenceOperation or IParameterReferenceOperation => true,
            IMemberReferenceOperation { Instance: { } instance } => instance.WalkDownConversion() is ILocalReferenceOperation
                                                                     or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver },
            _ => false,
        };

    /// <summary>
    /// A minimal-API endpoint mapped only when the app runs in the Development environment:
    /// <c>if (app.Environment.IsDevelopment()) { app.MapPost("/reset-db", ...); }</c>, or in the <c>else</c> of
    /// <c>if (!app.Environment.IsDevelopment())</c>. Production never routes it.
    /// </summary>
    internal static bool IsMappedOnlyInDevelopment(IInvocationOperation endpoint)
    {
        IOperation child = endpoint;
        for (var current = endpoint.Parent; current is not null; child = current, current = current.Parent)
        {
            if (current is IConditionalOperation conditional
                && (ReferenceEquals(conditional.WhenTrue, child) && IsDevelopmentTest(conditional.Condition, negated: false)
                    || ReferenceEquals(conditional.WhenFalse, child) && IsDevelopmentTest(conditional.Condition, negated: true)))
            {
                return true;
            }
            if (current is IMethodBodyOperation or IAnonymousFunctionOperation or ILocalFunctionOperation)
                return false;
        }

        return false;
    }

    /// <summary><c>env.IsDevelopment()</c> of ASP.NET Core's or the generic host's environment (with <paramref name="negated"/>, <c>!env.IsDevelopment()</c>).</summary>
    internal static bool IsDevelopmentTest(IOperation condition, bool negated)
    {
        var value = condition.WalkDownConversion();
        if (negated)
        {
            if (value is not IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
                return false;
            value = not.Operand.WalkDownConversion();
        }

        return value is IInvocationOperation { TargetMethod.Name: "IsDevelopment" } call
               && call.TargetMethod.ContainingNamespace is { } ns && RootNamespace(ns) == "Microsoft";
    }

    private static string RootNamespace(INamespaceSymbol ns)
    {
        var current = ns;
        while (current.ContainingNamespace is { IsGlobalNamespace: false } outer)
            current = outer;
        return current.Name;
    }

    /// <summary>
    /// The body has no statement at all (<c>public void Post([FromBody] string value) { }</c>, as project templates
    /// leave their example actions) or only answers <c>null</c>: whatever its verb, the handler does nothing and
    /// answers nothing.
    /// </summary>
    private static bool IsEmpty(IOperation body)
    {
        foreach (var operation in body.Descendants())
        {
            switch (operation)
            {
                case IBlockOperation:
                case IReturnOperation { ReturnedValue: null }:
                    continue;
                case IReturnOperation { ReturnedValue: { } returned } when returned.WalkDownConversion().ConstantValue is { HasValue: true, Value: null }:
                    continue;
                case IConversionOperation or ILiteralOperation or IDefaultValueOperation
                    when operation.Parent is IReturnOperation or IConversionOperation && operation.ConstantValue is { HasValue: true, Value: null }:
                    continue;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The whole body is one statement built from constants that throws a new exception (<c>throw new
    /// Exception("Test the error page")</c>) or answers an ASP.NET Core redirect (<c>Results.Redirect("/docs")</c>,
    /// <c>RedirectToAction("Index")</c>): the handler neither acts nor answers anything but the app's error page or
    /// another address.
    /// </summary>
    private static bool OnlyThrowsOrRedirects(IOperation body)
    {
        var current = body;
        for (var depth = 0; depth < 4; depth++)
        {
            switch (current)
            {
                case IMethodBodyOperation method:
                    current = method.BlockBody ?? method.ExpressionBody;
                    continue;
                case IBlockOperation { Operations.Length: 1 } block:
                    current = block.Operations[0];
                    continue;
                case IExpressionStatementOperation statement:
                    current = statement.Operation;
                    continue;
                case IReturnOperation { ReturnedValue: { } returned }:
                    current = returned.WalkDownConversion();
                    continue;
                case IInvocationOperation redirect when redirect.TargetMethod.Name.StartsWith("Redirect", StringComparison.Ordinal)
                                                        || redirect.TargetMethod.Name == "LocalRedirect":
                    return HandlerScope.IsAspNetCore(redirect.TargetMethod.ContainingNamespace) && HandlerScope.AllArgumentsConstant(redirect.Arguments);
                case IThrowOperation { Exception: { } exception }:
                    return exception.WalkDownConversion() is IObjectCreationOperation { Initializer: null } creation
                           && HandlerScope.AllArgumentsConstant(creation.Arguments);
                default:
                    return false;
            }
        }

        return false;
    }

    private static bool ServesEmbeddedResource(IOperation body, CancellationToken cancellationToken)
    {
        foreach (var operation in body.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (operation is IInvocationOperation { TargetMethod.Name: "GetManifestResourceStream" } call && IsReflectionAssembly(call.TargetMethod.ContainingType))
                return true;
        }

        return false;
    }

    /// <summary><c>System.Reflection.Assembly</c> or a subclass, told by name and namespace (the type may come from several references).</summary>
    private static bool IsReflectionAssembly(INamedTypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current is { Name: "Assembly", ContainingNamespace: { Name: "Reflection", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } })
                return true;
        }

        return false;
    }

    private static bool AllClosedSetInputs(IMethodSymbol method)
    {
        foreach (var parameter in method.Parameters)
        {
            var type = parameter.Type;
            if (type.TypeKind == TypeKind.Enum || type.SpecialType == SpecialType.System_Boolean
                || type is { Name: "CancellationToken", ContainingNamespace.Name: "Threading" })
            {
                continue;
            }

            return false;
        }

        return true;
    }

    /// <summary>The operations of a body outside the lambdas and local functions it declares.</summary>
    internal static IEnumerable<IOperation> OwnOperations(IOperation body)
    {
        var pending = new Stack<IOperation>();
        pending.Push(body);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            yield return operation;
            foreach (var child in operation.ChildOperations)
            {
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                    pending.Push(child);
            }
        }
    }

    /// <summary>A controller action with no HTTP-method attribute: it answers every verb.</summary>
    private static bool HasNoVerb(Handler handler, KnownTypes types)
    {
        if (handler.Kind != HandlerKind.ControllerAction || types.IActionHttpMethodProvider is null)
            return false;
        foreach (var attribute in handler.Method.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass && attributeClass.Implements(types.IActionHttpMethodProvider))
                return false;
        }

        return true;
    }

    /// <summary>
    /// Every answer is a scalar that is no secret. With <paramref name="computedOnly"/> (a handler that also answers
    /// POST), at least one answer must be computed: a handler that only answers constants (an acknowledgement such as
    /// <c>"ok"</c>) may act on the request and merely confirm it.
    /// </summary>
    private static bool AnswersNonSecretScalarsOnly(IOperation body, bool computedOnly, Handlers handlers, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        var answers = 0;
        foreach (var operation in OwnOperations(body))
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (operation)
            {
                case IExpressionStatementOperation { Operation: var statement } when IsDroppedCommand(statement):
                    return false;
                case IReturnOperation { ReturnedValue: { } returned }:
                    if (!CountAnswers(returned, computedOnly, handlers, options, cancellationToken, ref answers))
                        return false;
                    break;
            }
        }

        return answers > 0;
    }

    /// <summary>False when an answer is not a non-secret scalar; each arm of a <c>switch</c> or <c>?:</c> is an answer, a <c>throw</c> arm none.</summary>
    private static bool CountAnswers(IOperation returned, bool computedOnly, Handlers handlers, ActionSecurityOptions options, CancellationToken cancellationToken, ref int answers)
    {
        var value = returned.WalkDownConversion();
        switch (value)
        {
            case IThrowOperation:
                return true;
            case ISwitchExpressionOperation switchExpression:
                foreach (var arm in switchExpression.Arms)
                {
                    if (!CountAnswers(arm.Value, computedOnly, handlers, options, cancellationToken, ref answers))
                        return false;
                }

                return true;
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return CountAnswers(conditional.WhenTrue, computedOnly, handlers, options, cancellationToken, ref answers)
                       && CountAnswers(whenFalse, computedOnly, handlers, options, cancellationToken, ref answers);
        }

        var answer = Unwrap(value);
        if (answer is null || !IsScalar(answer.Type) || ValueSources.GetSecretEvidence(answer, handlers.Types, options, cancellationToken).IsSecret)
            return false;
        if (!computedOnly || !answer.ConstantValue.HasValue)
            answers++;
        return true;
    }

    /// <summary>
    /// True when an answer of the body is a secret: <c>return Ok(_settings.ApiKey)</c>, <c>Results.Json(new { key =
    /// _store.SigningKey })</c> (each member of an anonymous object counts), each arm of a <c>?:</c> or <c>switch</c>.
    /// A GET handler that hands out a secret is reported whatever its siblings do.
    /// </summary>
    public static bool AnswersSecret(IOperation body, Handlers handlers, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        foreach (var operation in OwnOperations(body))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (operation is IReturnOperation { ReturnedValue: { } returned } && IsSecretAnswer(returned, handlers, options, cancellationToken, 0))
                return true;
        }

        return false;
    }

    private static bool IsSecretAnswer(IOperation returned, Handlers handlers, ActionSecurityOptions options, CancellationToken cancellationToken, int depth)
    {
        if (depth > 4)
            return false;
        var value = returned.WalkDownConversion();
        switch (value)
        {
            case ISwitchExpressionOperation switchExpression:
                foreach (var arm in switchExpression.Arms)
                {
                    if (IsSecretAnswer(arm.Value, handlers, options, cancellationToken, depth + 1))
                        return true;
                }

                return false;
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return IsSecretAnswer(conditional.WhenTrue, handlers, options, cancellationToken, depth + 1)
                       || IsSecretAnswer(whenFalse, handlers, options, cancellationToken, depth + 1);
        }

        var answer = Unwrap(value);
        if (answer is IAnonymousObjectCreationOperation anonymous)
        {
            foreach (var initializer in anonymous.Initializers)
            {
                if (initializer is ISimpleAssignmentOperation { Value: var member } && IsSecretAnswer(member, handlers, options, cancellationToken, depth + 1))
                    return true;
            }

            return false;
        }

        return answer is not null && !answer.ConstantValue.HasValue && IsScalar(answer.Type)
               && ValueSources.GetSecretEvidence(answer, handlers.Types, options, cancellationToken).IsSecret;
    }

    /// <summary>
    /// True when a statement of the body (lambdas and local functions aside) drops a call's result: a command, also one
    /// the compiler cannot bind (a call into a missing package is still a call).
    /// </summary>
    internal static bool IssuesCommand(IOperation body)
    {
        foreach (var operation in OwnOperations(body))
        {
            if (operation is IExpressionStatementOperation { Operation: var statement }
                && (IsDroppedCommand(statement) || StatementValue(statement) is IInvalidOperation { Syntax: Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax }))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What an expression statement evaluates, under an <c>await</c> and conversions.</summary>
    private static IOperation StatementValue(IOperation statement)
        => (statement is IAwaitOperation awaited ? awaited.Operation : statement).WalkDownConversion();

    /// <summary>A call whose result the statement drops (a command), other than logging.</summary>
    private static bool IsDroppedCommand(IOperation statement)
        => StatementValue(statement) is IInvocationOperation call && !IsLoggingCall(call.TargetMethod);

    /// <summary>A method of <c>Microsoft.Extensions.Logging</c> (<c>LogInformation</c>, <c>BeginScope</c>, ...).</summary>
    internal static bool IsLoggingCall(IMethodSymbol method)
        => method.ContainingNamespace is { Name: "Logging", ContainingNamespace: { Name: "Extensions", ContainingNamespace.Name: "Microsoft" } };

    /// <summary>The value inside <c>await Task.FromResult(x)</c>, <c>Ok(x)</c>, <c>Json(x)</c>, <c>Content(x)</c>, <c>new JsonResult(x)</c>, <c>Results.Ok(x)</c>, or the value itself.</summary>
    private static IOperation? Unwrap(IOperation returned)
    {
        var value = returned.WalkDownConversion();
        if (value is IAwaitOperation { Operation: IInvocationOperation { TargetMethod.Name: "FromResult", Arguments.Length: 1 } fromResult })
            value = fromResult.Arguments[0].Value.WalkDownConversion();
        switch (value)
        {
            case IInvocationOperation { TargetMethod.Name: "Ok" or "Json" or "Content" } call when call.Arguments.Length >= 1
                                                                                                 && HandlerScope.IsAspNetCore(call.TargetMethod.ContainingNamespace):
                return call.Arguments[0].Value.WalkDownConversion();
            case IObjectCreationOperation { Type.Name: "JsonResult" or "ObjectResult" or "OkObjectResult" } creation when creation.Arguments.Length >= 1
                                                                                                                       && HandlerScope.IsAspNetCore(creation.Type?.ContainingNamespace):
                return creation.Arguments[0].Value.WalkDownConversion();
            default:
                return value;
        }
    }

    private static bool IsScalar(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            type = nullable.TypeArguments[0];
        return type is not null
            && (type.SpecialType == SpecialType.System_String
                || type.IsPlainData()
                || type is { Name: "Version", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } });
    }

    private static bool IsPureFunction(IOperation body, CancellationToken cancellationToken)
    {
        foreach (var operation in body.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (operation)
            {
                case IInstanceReferenceOperation:
                case IFieldReferenceOperation { Field.IsConst: false }:
                case IObjectCreationOperation creation when !IsPureType(creation.Type):
                case IInvocationOperation call when !IsPureType(call.TargetMethod.ContainingType):
                    return false;
            }
        }

        return true;
    }

    /// <summary>Value types, strings, tuples, collections and LINQ of the base library: nothing that reaches outside the process.</summary>
    private static bool IsPureType(ITypeSymbol? type)
    {
        if (type is null)
            return false;
        if (type.SpecialType != SpecialType.None || type.IsTupleType || type.TypeKind == TypeKind.Enum)
            return true;
        var ns = type.ContainingNamespace;
        if (ns is { Name: "System", ContainingNamespace.IsGlobalNamespace: true })
            return type.IsValueType || type.Name is "String" or "Math" or "Convert" or "StringComparer" or "Array" or "Enum" or "Tuple";
        if (ns is { Name: "Linq" or "Text" or "Globalization", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
            return ns.Name != "Text" || type.Name == "StringBuilder";
        return ns is { Name: "Generic", ContainingNamespace: { Name: "Collections", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };
    }
}
