using System.Collections.Generic;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

// Access through endpoint conventions, route groups and the call sites of route-builder helpers.
internal sealed partial class Handlers
{
    /// <summary>Conventions applied to a builder value: chained calls on it and calls on a local that holds it.</summary>
    private HandlerAccess GetConventionsAccess(IOperation builderValue, CancellationToken cancellationToken)
    {
        var access = HandlerAccess.Unprotected;
        var current = builderValue;
        for (var depth = 0; depth < 32; depth++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var parent = current.WalkUpConversion()?.Parent;
            if (parent is IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation convention } && IsConventionCall(convention))
            {
                access = Combine(access, ClassifyConvention(convention, cancellationToken));
                if (access == HandlerAccess.Anonymous)
                    return access;
                current = convention;
                continue;
            }

            if (parent is IInvocationOperation { Instance: { } instance } instanceCall && ReferenceEquals(instance.WalkDownConversion(), current.WalkDownConversion()))
            {
                // Instance conventions such as builder.Add(...) and builder.WithOrder(...) on the builder type itself.
                current = instanceCall;
                continue;
            }

            // var endpoint = app.MapGet(...); endpoint.RequireAuthorization();
            if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
                access = Combine(access, GetLocalConventionsAccess(declarator.Symbol, declarator, cancellationToken));
            else if (parent is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment && ReferenceEquals(assignment.Value.WalkDownConversion(), current.WalkDownConversion()))
                access = Combine(access, GetLocalConventionsAccess(target.Local, assignment, cancellationToken));
            break;
        }

        return access;
    }

    private HandlerAccess GetLocalConventionsAccess(ILocalSymbol local, IOperation anchor, CancellationToken cancellationToken)
    {
        var body = anchor.GetContainingBody();

        // Every route-builder helper called on app in Program.cs asks about app's conventions: once per local and body.
        var key = ((ISymbol)local, body.Syntax);
        if (_localConventions.TryGetValue(key, out var known))
            return known;
        var computed = ComputeLocalConventionsAccess(local, body, cancellationToken);
        return _localConventions.Keep(key, computed);
    }

    private HandlerAccess ComputeLocalConventionsAccess(ILocalSymbol local, IOperation body, CancellationToken cancellationToken)
    {
        var access = HandlerAccess.Unprotected;
        foreach (var reference in BodyLocals.For(body, cancellationToken)[local].References)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reference.WalkUpConversion()?.Parent is IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation convention }
                && IsConventionCall(convention))
            {
                access = Combine(access, GetConventionsAccess(reference, cancellationToken));
            }
        }

        return access;
    }

    /// <summary>
    /// An extension call that configures the endpoint or group it is called on (<c>RequireAuthorization</c>, <c>WithName</c>,
    /// <c>AddEndpointFilter</c>, ...), as opposed to one that maps a new endpoint or group on it (<c>MapGet</c>, <c>MapGroup</c>).
    /// </summary>
    private bool IsConventionCall(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (!method.IsExtensionMethod || method.Parameters.IsEmpty)
            return false;
        var first = method.OriginalDefinition.Parameters[0].Type;
        if (first is ITypeParameterSymbol typeParameter)
        {
            foreach (var constraint in typeParameter.ConstraintTypes)
            {
                if (constraint.IsOrDerivesFrom(IEndpointConventionBuilder))
                    return true;
            }

            return false;
        }

        return first.IsOrDerivesFrom(IEndpointConventionBuilder) && !first.IsOrDerivesFrom(Types.IEndpointRouteBuilder);
    }

    /// <summary>One convention call: <c>RequireAuthorization</c>, <c>AllowAnonymous</c>, authorization metadata, endpoint filters.</summary>
    private HandlerAccess ClassifyConvention(IInvocationOperation convention, CancellationToken cancellationToken)
    {
        var method = convention.TargetMethod;
        var options = method.Name is "AddEndpointFilter" or "AddEndpointFilterFactory" ? OptionsFor(convention.Syntax.SyntaxTree) : null;
        switch (method.Name)
        {
            case "RequireAuthorization":
                return HandlerAccess.Protected;
            case "AllowAnonymous":
                return HandlerAccess.Anonymous;
            case "WithMetadata":
            {
                var access = HandlerAccess.Unprotected;
                foreach (var argument in convention.Arguments)
                {
                    if (argument.Parameter?.Ordinal == 0)
                        continue;
                    IEnumerable<IOperation> items = argument.Value is IArrayCreationOperation { Initializer: { } initializer }
                        ? initializer.ElementValues
                        : new[] { argument.Value };
                    foreach (var item in items)
                    {
                        var type = item.WalkDownConversion().Type;
                        if (type.Implements(IAllowAnonymous))
                            return HandlerAccess.Anonymous;
                        if (type.Implements(IAuthorizeData))
                            access = HandlerAccess.Protected;
                    }
                }

                return access;
            }

            case "AddEndpointFilter" or "AddEndpointFilterFactory":
            {
                // AddEndpointFilter<TBuilder, TFilter>(): the filter type; TBuilder is the builder itself.
                foreach (var typeArgument in method.TypeArguments)
                {
                    if (typeArgument is INamedTypeSymbol filterType && !filterType.IsOrDerivesFrom(IEndpointConventionBuilder)
                        && TypePerformsSecretCheck(filterType, options, cancellationToken))
                    {
                        return HandlerAccess.Protected;
                    }
                }

                foreach (var argument in convention.Arguments)
                {
                    if (argument.Parameter?.Ordinal == 0)
                        continue;
                    var value = argument.Value.WalkDownConversion();
                    var target = GetDelegateTarget(value);
                    if (target is IAnonymousFunctionOperation lambda && PerformsSecretCheck(lambda.Body, options, cancellationToken, depth: 1))
                        return HandlerAccess.Protected;
                    if (target is IMethodReferenceOperation reference && MethodPerformsSecretCheck(reference.Method, options, convention.SemanticModel, cancellationToken))
                        return HandlerAccess.Protected;
                    if (value.Type is INamedTypeSymbol filterType && TypePerformsSecretCheck(filterType, options, cancellationToken))
                        return HandlerAccess.Protected;
                }

                return HandlerAccess.Unprotected;
            }

            default:
                return ClassifyOwnConvention(convention, cancellationToken);
        }
    }

    /// <summary>
    /// A convention of the project's own, which applies ASP.NET Core's to the builder it is given
    /// (<c>static RouteHandlerBuilder RequireCommon(this RouteHandlerBuilder b) =&gt; b.WithTags("Diag").RequireAuthorization("policy")</c>):
    /// what its unconditional <c>RequireAuthorization</c> and <c>AllowAnonymous</c> calls on that builder say. One level:
    /// a convention it calls in turn is not read. Kept per method.
    /// </summary>
    private HandlerAccess ClassifyOwnConvention(IInvocationOperation convention, CancellationToken cancellationToken)
    {
        var method = convention.TargetMethod.OriginalDefinition;
        if (method.DeclaringSyntaxReferences.IsEmpty || method.Parameters.IsEmpty)
            return HandlerAccess.Unprotected;
        if (_ownConventions.TryGetValue(method, out var known))
            return known;
        var access = HandlerAccess.Unprotected;
        if (GetBody(method, convention.SemanticModel, cancellationToken) is { } body)
        {
            foreach (var operation in body.Descendants())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (operation is IInvocationOperation { TargetMethod.Name: "RequireAuthorization" or "AllowAnonymous" } call
                    && IsConventionCall(call) && AppliesToParameter(call, method.Parameters[0]) && !IsConditional(call, body))
                {
                    access = Combine(access, call.TargetMethod.Name == "AllowAnonymous" ? HandlerAccess.Anonymous : HandlerAccess.Protected);
                }
            }
        }

        return _ownConventions.Keep(method, access);
    }

    /// <summary>The convention is applied to the parameter itself, through other conventions chained on it.</summary>
    private bool AppliesToParameter(IInvocationOperation call, IParameterSymbol parameter)
    {
        var current = call;
        for (var depth = 0; depth < 16; depth++)
        {
            var receiver = current.Arguments.IsEmpty ? null : current.Arguments[0].Value.WalkDownConversion();
            switch (receiver)
            {
                case IParameterReferenceOperation reference:
                    return SymbolEqualityComparer.Default.Equals(reference.Parameter.OriginalDefinition, parameter);
                case IInvocationOperation inner when IsConventionCall(inner):
                    current = inner;
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>The operation runs only on some paths of the body: under an <c>if</c>, a <c>?:</c>, a <c>switch</c> or a loop.</summary>
    private static bool IsConditional(IOperation operation, IOperation body)
    {
        for (var current = operation.Parent; current is not null && !ReferenceEquals(current, body); current = current.Parent)
        {
            if (current is IConditionalOperation or ISwitchOperation or ISwitchExpressionOperation or ILoopOperation or ICoalesceOperation or IConditionalAccessOperation)
                return true;
        }

        return false;
    }

    /// <summary>
    /// Walks from the builder an endpoint is mapped on to the application: route groups and the conventions applied to them.
    /// A builder that comes from a parameter is followed to the call sites of its method (one level), unless
    /// <paramref name="nearOnly"/> asks only about the groups and conventions of the method that maps the endpoint.
    /// </summary>
    private HandlerAccess GetBuilderAccess(IOperation builder, CancellationToken cancellationToken, int level, bool nearOnly = false)
    {
        var access = HandlerAccess.Unprotected;
        var current = builder.WalkDownConversion();
        for (var depth = 0; depth < 16; depth++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (current)
            {
                case ILocalReferenceOperation localReference:
                {
                    access = Combine(access, GetLocalConventionsAccess(localReference.Local, localReference, cancellationToken));
                    if (access is HandlerAccess.Anonymous or HandlerAccess.Protected)
                        return access;
                    var followed = localReference.FollowSingleAssignment(cancellationToken);
                    if (followed is ILocalReferenceOperation)
                        return IsApplication(localReference.Type) ? access : Combine(access, HandlerAccess.Unknown);
                    current = followed;
                    continue;
                }

                case IInvocationOperation { TargetMethod.IsExtensionMethod: true } invocation when !invocation.Arguments.IsEmpty
                    && invocation.Arguments[0].Value.Type.IsOrDerivesFrom(Types.IEndpointRouteBuilder)
                    && invocation.Type.IsOrDerivesFrom(Types.IEndpointRouteBuilder):
                {
                    // MapGroup(...) and conventions applied to the group before mapping: app.MapGroup("/a").RequireAuthorization()
                    if (invocation.TargetMethod.Name == "MapGroup")
                        access = Combine(access, GetConventionsAccess(invocation, cancellationToken));
                    else
                        access = Combine(access, ClassifyConvention(invocation, cancellationToken));
                    if (access is HandlerAccess.Anonymous or HandlerAccess.Protected)
                        return access;
                    current = invocation.Arguments[0].Value.WalkDownConversion();
                    continue;
                }

                case IParameterReferenceOperation parameterReference:
                {
                    access = Combine(access, GetParameterConventionsAccess(parameterReference, cancellationToken));
                    if (access is HandlerAccess.Anonymous or HandlerAccess.Protected || nearOnly)
                        return access;
                    if (IsApplication(parameterReference.Type) || level > 0)
                        return level > 0 && !IsApplication(parameterReference.Type) ? Combine(access, HandlerAccess.Unknown) : access;
                    return Combine(access, GetParameterRootAccess(parameterReference.Parameter, cancellationToken));
                }

                default:
                    // The application itself, or a builder from a field, property or call whose conventions are not visible.
                    return current is not null && IsApplication(current.Type) ? access : Combine(access, HandlerAccess.Unknown);
            }
        }

        return Combine(access, HandlerAccess.Unknown);
    }

    /// <summary>
    /// The conventions the method applies, unconditionally, to a builder it is given:
    /// <c>static void Map(RouteGroupBuilder group) { group.RequireAuthorization(); group.MapPost(...); }</c>. A route
    /// group's conventions reach every endpoint of the group, those mapped before the call too. Once per parameter and
    /// body.
    /// </summary>
    private HandlerAccess GetParameterConventionsAccess(IParameterReferenceOperation parameterReference, CancellationToken cancellationToken)
    {
        var body = parameterReference.GetContainingBody();
        var parameter = parameterReference.Parameter;
        var key = ((ISymbol)parameter, body.Syntax);
        if (_localConventions.TryGetValue(key, out var known))
            return known;
        var access = HandlerAccess.Unprotected;
        foreach (var operation in body.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (operation is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter)
                && reference.WalkUpConversion()?.Parent is IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation convention }
                && IsConventionCall(convention) && !IsConditional(convention, body))
            {
                access = Combine(access, GetConventionsAccess(reference, cancellationToken));
            }
        }

        return _localConventions.Keep(key, access);
    }

    /// <summary>A <c>WebApplication</c> or other application builder: not a route group, so no group conventions.</summary>
    private bool IsApplication(ITypeSymbol? type)
        => type is not null && type.IsOrDerivesFrom(IApplicationBuilder)
           && !type.InheritsFromOrEquals(RouteGroupBuilder);

    /// <summary>
    /// For a builder parameter (<c>static void MapApi(this IEndpointRouteBuilder app)</c>), the access its call sites give:
    /// protected when every call site passes a protected group or applies authorization to the returned builder.
    /// No call site in the compilation means the builder is the application's.
    /// </summary>
    private HandlerAccess GetParameterRootAccess(IParameterSymbol parameter, CancellationToken cancellationToken)
    {
        // app.UseEndpoints(endpoints => endpoints.MapGet(...)): the framework passes the application's own builder.
        if (parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction })
            return HandlerAccess.Unprotected;
        if (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
            return HandlerAccess.Unknown;
        method = method.OriginalDefinition;
        if (_parameterRoots.TryGetValue(method, out var cached))
            return cached;
        var result = ComputeParameterRootAccess(method, parameter.Ordinal, cancellationToken);
        return _parameterRoots.Keep(method, result);
    }

    private HandlerAccess ComputeParameterRootAccess(IMethodSymbol method, int ordinal, CancellationToken cancellationToken)
    {
        var sites = 0;
        var result = HandlerAccess.Unprotected;
        var protectedSites = 0;
        var trees = GetTrees(cancellationToken);
        var hash = SyntaxIndex.Hash(method.Name);
        for (var i = 0; i < trees.Indexes.Length; i++)
        {
            if (!trees.MayContain(i, hash))
                continue;
            cancellationToken.ThrowIfCancellationRequested();
            var index = trees.Indexes[i];
            if (!index.MayContainTwice(method.Name) && IsDeclaredIn(method, index.Tree))
                continue;
            var tree = index.Tree;
            SemanticModel? model = null;
            foreach (var invocationSyntax in index.GetInvocations(method.Name))
            {
                model ??= GetSemanticModel(tree);
                if (model.GetOperation(invocationSyntax, cancellationToken) is not IInvocationOperation call
                    || !SymbolEqualityComparer.Default.Equals(call.TargetMethod.ReducedFrom?.OriginalDefinition ?? call.TargetMethod.OriginalDefinition, method))
                {
                    continue;
                }

                sites++;
                var argument = call.GetArgument(ordinal);
                var access = argument is null ? HandlerAccess.Unknown : GetBuilderAccess(argument.Value, cancellationToken, level: 1);
                if (access is HandlerAccess.Unprotected or HandlerAccess.Unknown
                    && method.ReturnType.IsOrDerivesFrom(Types.IEndpointRouteBuilder))
                {
                    // app.MapGroup("/todos").MapTodos().RequireAuthorization() when MapTodos returns its group.
                    access = Combine(access, GetConventionsAccess(call, cancellationToken));
                }

                if (access is HandlerAccess.Protected or HandlerAccess.Anonymous)
                    protectedSites++;
                else if (access == HandlerAccess.Unknown)
                    result = HandlerAccess.Unknown;
            }
        }

        if (sites > 0 && protectedSites == sites)
            return HandlerAccess.Protected;
        return result;
    }

    private static bool IsDeclaredIn(IMethodSymbol method, SyntaxTree tree)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == tree)
                return true;
        }

        return false;
    }
}
