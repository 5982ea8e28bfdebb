using System;
using System.Collections.Generic;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

// App-wide facts: computed once per compilation, lazily.
internal sealed partial class Handlers
{
    /// <summary>
    /// True when the app registers an authentication scheme: <c>AddAuthentication(...)</c> (which returns the
    /// <c>AuthenticationBuilder</c> that <c>AddJwtBearer</c>, <c>AddCookie</c> and the other schemes extend),
    /// <c>AddIdentity</c>/<c>AddDefaultIdentity</c> (cookie schemes), or Microsoft.Identity.Web's
    /// <c>AddMicrosoftIdentityWebApiAuthentication</c>/<c>AddMicrosoftIdentityWebAppAuthentication</c>. Decided by
    /// the called method's symbol, once per compilation. The code fix offers <c>[Authorize]</c> only then.
    /// </summary>
    public bool RegistersAuthenticationScheme(CancellationToken cancellationToken) => _authenticationScheme.Get(cancellationToken);

    private static readonly string[] AuthenticationRegistrations =
    {
        "AddAuthentication", "AddIdentity", "AddDefaultIdentity", "AddMicrosoftIdentityWebApiAuthentication", "AddMicrosoftIdentityWebAppAuthentication",
    };

    private static readonly uint[] AuthenticationRegistrationHashes = Array.ConvertAll(AuthenticationRegistrations, SyntaxIndex.Hash);

    private static readonly uint UseMiddlewareHash = SyntaxIndex.Hash("UseMiddleware");

    private bool ComputeAuthenticationScheme(CancellationToken cancellationToken)
    {
        var trees = GetTrees(cancellationToken);
        for (var i = 0; i < trees.Indexes.Length; i++)
        {
            SemanticModel? model = null;
            var index = trees.Indexes[i];
            for (var n = 0; n < AuthenticationRegistrations.Length; n++)
            {
                if (!trees.MayContain(i, AuthenticationRegistrationHashes[n]))
                    continue;
                var name = AuthenticationRegistrations[n];
                foreach (var invocationSyntax in index.GetInvocations(name))
                {
                    model ??= GetSemanticModel(index.Tree);
                    if (model.GetSymbolInfo(invocationSyntax, cancellationToken).Symbol is IMethodSymbol method && IsAuthenticationRegistration(method))
                        return true;
                }
            }
        }

        return false;
    }

    private static bool IsAuthenticationRegistration(IMethodSymbol method)
    {
        var returned = method.ReturnType;
        if (returned.Name == "AuthenticationBuilder" && returned.ContainingNamespace is { Name: "Authentication", ContainingNamespace: { Name: "AspNetCore", ContainingNamespace.Name: "Microsoft" } })
            return true;
        if (returned.Name == "IdentityBuilder" && method.Name is "AddIdentity" or "AddDefaultIdentity")
            return true;
        for (var ns = method.ContainingNamespace; ns is not null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
        {
            if (ns.Name == "Web" && ns.ContainingNamespace is { Name: "Identity", ContainingNamespace.Name: "Microsoft" })
                return true;
        }

        return false;
    }

    /// <summary>
    /// A controller of a project that is one part of a multi-project web app: the project does not build the app, and
    /// its controllers build on a base controller of another project (not ASP.NET Core's). The app is assembled
    /// elsewhere, where its authorization (a fallback policy, a global filter, middleware, conventions on the shared
    /// base) is set, out of this compilation's sight. Unknown, not unprotected; every controller of such a project.
    /// </summary>
    private bool IsAssembledElsewhere(INamedTypeSymbol? controller, CancellationToken cancellationToken)
        => controller is not null && !GetTrees(cancellationToken).MayBuildWebHost() && (HasForeignBase(controller) || _extendsForeignControllers.Get(cancellationToken));

    private bool HasForeignBase(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            var assembly = current.ContainingAssembly;
            if (assembly is null || SymbolEqualityComparer.Default.Equals(assembly, Compilation.Assembly))
                continue;
            return !HandlerScope.IsAspNetCore(current.ContainingNamespace);
        }

        return false;
    }

    /// <summary>Whether a class declared in this compilation derives from another project's <c>ControllerBase</c> subclass.</summary>
    private bool AnyTypeExtendsForeignController(INamespaceSymbol root, CancellationToken cancellationToken)
    {
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (pending.Pop())
            {
                case INamespaceSymbol ns:
                    foreach (var member in ns.GetMembers())
                        pending.Push(member);
                    break;
                case INamedTypeSymbol { TypeKind: TypeKind.Class } type:
                    if (HasForeignBase(type) && type.IsOrDerivesFrom(Types.ControllerBase))
                        return true;
                    break;
            }
        }

        return false;
    }

    /// <summary>
    /// True when a candidate node of one of the two kinds, anywhere in the compilation, passes <paramref name="test"/>.
    /// Each compilation-wide fact (fallback policy, middleware, controller filters, worker middleware) is computed once
    /// per compilation, lazily and separately, so a handler binds only the candidates of the facts it needs: a
    /// function's worker middleware does not bind the Program.cs statement that configures controllers.
    /// </summary>
    private bool AnyGlobalCandidate(AuthorizationCandidateKind kind, AuthorizationCandidateKind? otherKind, Func<SyntaxNode, SemanticModel, ActionSecurityOptions, CancellationToken, bool> test, CancellationToken cancellationToken)
    {
        if (Types.IEndpointRouteBuilder is null && IFunctionsWorkerMiddleware is null && Types.ControllerBase is null)
            return false;
        var trees = GetTrees(cancellationToken);
        foreach (var position in trees.GetCandidateTrees())
        {
            var index = trees.Indexes[position];
            SemanticModel? model = null;
            ActionSecurityOptions? options = null;
            foreach (var candidate in index.AuthorizationCandidates)
            {
                if (candidate.Kind != kind && candidate.Kind != otherKind)
                    continue;
                model ??= GetSemanticModel(index.Tree);
                options ??= OptionsFor(index.Tree);
                if (test(candidate.Node, model, options, cancellationToken))
                    return true;
            }
        }

        return false;
    }

    private bool IsControllerFilter(SyntaxNode node, SemanticModel model, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        var identifier = (IdentifierNameSyntax)node;
        return identifier.Identifier.ValueText == "RequireAuthorization"
            ? IsControllersRequireAuthorization(identifier, model, cancellationToken)
            : IsGlobalAuthorizationFilter(identifier, model, options, cancellationToken);
    }

    /// <summary>
    /// The secret-checking middleware of the app and the paths it guards. Middleware registered on the application
    /// guards every handler; middleware registered inside a <c>UseWhen</c>/<c>MapWhen</c>/<c>Map</c> branch guards only
    /// the path its predicate names (<c>context.Request.Path.StartsWithSegments("/internal")</c>), and nothing when the
    /// predicate cannot be read. A middleware class counts where it is registered (<c>UseMiddleware&lt;T&gt;()</c>), and
    /// everywhere when no registration is found (it may be registered in a way the analyzer does not see).
    /// </summary>
    private MiddlewareFacts ComputeMiddlewareFacts(CancellationToken cancellationToken)
    {
        var prefixes = new List<string>();
        if (Types.IEndpointRouteBuilder is null && IFunctionsWorkerMiddleware is null && Types.ControllerBase is null)
            return MiddlewareFacts.None;
        var trees = GetTrees(cancellationToken);
        foreach (var position in trees.GetCandidateTrees())
        {
            var index = trees.Indexes[position];
            SemanticModel? model = null;
            foreach (var candidate in index.AuthorizationCandidates)
            {
                if (candidate.Kind is not (AuthorizationCandidateKind.InlineMiddleware or AuthorizationCandidateKind.MiddlewareMethod))
                    continue;
                model ??= GetSemanticModel(index.Tree);
                var scope = IsCheckingMiddleware(candidate.Node, model, OptionsFor(index.Tree), worker: false, cancellationToken);
                if (scope is null)
                    continue;
                if (scope.Length == 0)
                    return MiddlewareFacts.Everywhere;
                prefixes.Add(scope);
            }
        }

        return prefixes.Count == 0 ? MiddlewareFacts.None : new MiddlewareFacts(false, prefixes.ToArray());
    }

    /// <summary>Scope value for middleware that guards nothing (registered under a predicate that cannot be read).</summary>
    private const string NoScope = "\0";

    /// <summary>
    /// For an inline <c>app.Use(...)</c> lambda, or an <c>Invoke</c>/<c>InvokeAsync</c> middleware method taking
    /// <c>HttpContext</c> (or, for <paramref name="worker"/>, <c>FunctionContext</c>), that checks a secret: the path
    /// it guards, empty for every path. Null when it checks nothing or guards nothing.
    /// </summary>
    private string? IsCheckingMiddleware(SyntaxNode node, SemanticModel model, ActionSecurityOptions options, bool worker, CancellationToken cancellationToken)
    {
        if (node is IdentifierNameSyntax use)
            return worker ? null : GetCheckingInlineMiddlewareScope(use, model, options, cancellationToken);
        if (model.GetDeclaredSymbol(node, cancellationToken) is not IMethodSymbol method || method.Parameters.IsEmpty)
            return null;
        var first = method.Parameters[0].Type;
        var matches = worker
            ? SymbolEqualityComparer.Default.Equals(first, FunctionContext)
            : SymbolEqualityComparer.Default.Equals(first, Types.HttpContext) && method.ContainingType.GetMembers().Length > 0;
        if (!matches || !MethodPerformsSecretCheck(method, options, model, cancellationToken))
            return null;
        if (worker)
            return string.Empty;
        var scope = GetRegistrationScope(method.ContainingType, cancellationToken);
        return scope == NoScope ? null : scope;
    }

    /// <summary>
    /// Where a middleware class is registered with <c>UseMiddleware&lt;T&gt;()</c> or <c>UseMiddleware(typeof(T))</c>:
    /// empty for the application (or when no registration is found), the branch's path, or <see cref="NoScope"/>.
    /// </summary>
    private string GetRegistrationScope(INamedTypeSymbol middleware, CancellationToken cancellationToken)
    {
        string? scope = null;
        var trees = GetTrees(cancellationToken);
        for (var i = 0; i < trees.Indexes.Length; i++)
        {
            if (!trees.MayContain(i, UseMiddlewareHash))
                continue;
            var index = trees.Indexes[i];
            SemanticModel? model = null;
            foreach (var invocationSyntax in index.GetInvocations("UseMiddleware"))
            {
                model ??= GetSemanticModel(index.Tree);
                if (model.GetOperation(invocationSyntax, cancellationToken) is not IInvocationOperation call || call.Arguments.IsEmpty)
                    continue;
                var registered = false;
                foreach (var typeArgument in call.TargetMethod.TypeArguments)
                    registered |= SymbolEqualityComparer.Default.Equals(typeArgument, middleware);
                foreach (var argument in call.Arguments)
                    registered |= argument.Value.WalkDownConversion() is ITypeOfOperation typeOf && SymbolEqualityComparer.Default.Equals(typeOf.TypeOperand, middleware);
                if (!registered)
                    continue;
                var here = GetBranchScope(call.Instance ?? call.Arguments[0].Value, model, cancellationToken);
                if (here.Length == 0)
                    return here;
                scope = scope is null || scope == NoScope ? here : scope;
            }
        }

        return scope ?? string.Empty;
    }

    /// <summary>
    /// The branch an application builder belongs to: empty for the application itself; for the builder parameter of a
    /// <c>UseWhen</c>/<c>MapWhen</c> configuration lambda, the path its predicate tests with <c>StartsWithSegments</c> or
    /// <c>StartsWith</c>, or <see cref="NoScope"/> when the predicate says something else; for <c>Map(path, ...)</c>,
    /// the path.
    /// </summary>
    private string GetBranchScope(IOperation builder, SemanticModel model, CancellationToken cancellationToken)
    {
        if (builder.WalkDownConversion() is not IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambda })
            return string.Empty;
        if (lambda.DeclaringSyntaxReferences.IsEmpty
            || lambda.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken).Parent is not ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax branchSyntax }
            || branchSyntax.SyntaxTree != model.SyntaxTree
            || model.GetOperation(branchSyntax, cancellationToken) is not IInvocationOperation branch
            || !(branch.Instance ?? (branch.Arguments.IsEmpty ? null : branch.Arguments[0].Value))?.Type.IsOrDerivesFrom(IApplicationBuilder) == true)
        {
            return string.Empty;
        }

        switch (branch.TargetMethod.Name)
        {
            case "UseWhen" or "MapWhen":
                foreach (var argument in branch.Arguments)
                {
                    if (GetDelegateTarget(argument.Value) is IAnonymousFunctionOperation predicate
                        && !SymbolEqualityComparer.Default.Equals(predicate.Symbol, lambda))
                    {
                        return ReadPathPredicate(predicate) ?? NoScope;
                    }
                }

                return NoScope;
            case "Map":
                return branch.GetArgument("pathMatch")?.Value.GetConstantString() is { Length: > 0 } path ? path : NoScope;
            default:
                return NoScope;
        }
    }

    /// <summary><c>ctx =&gt; ctx.Request.Path.StartsWithSegments("/internal")</c>: <c>/internal</c>.</summary>
    private static string? ReadPathPredicate(IAnonymousFunctionOperation predicate)
    {
        string? path = null;
        foreach (var operation in predicate.Body.DescendantsAndSelf())
        {
            if (operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr })
                return null;
            if (operation is IInvocationOperation { TargetMethod.Name: "StartsWithSegments" or "StartsWith" } call
                && call.Arguments.Length > 0)
            {
                var argument = call.Arguments[call.TargetMethod.IsExtensionMethod || call.Instance is null ? Math.Min(1, call.Arguments.Length - 1) : 0];
                var text = argument.Value.WalkDownConversion() is IObjectCreationOperation { Arguments.Length: > 0 } creation
                    ? creation.Arguments[0].Value.GetConstantString()
                    : argument.Value.GetConstantString();
                if (text is not { Length: > 1 } || text[0] != '/' || path is not null)
                    return null;
                path = text;
            }
        }

        return path;
    }

    /// <summary>The routes of a controller action: its templates, combined with its controller's.</summary>
    private IReadOnlyList<string> GetControllerRoutes(IMethodSymbol action, CancellationToken cancellationToken, bool always = false)
    {
        if (!always && !_middleware.Get(cancellationToken).HasPrefixes)
            return Array.Empty<string>();
        var own = new List<string>();
        var controller = new List<string>();
        foreach (var attribute in action.GetAttributes())
            AddTemplates(attribute, own);
        for (var type = action.ContainingType; type is not null; type = type.BaseType)
        {
            foreach (var attribute in type.GetAttributes())
                AddTemplates(attribute, controller);
        }

        var routes = new List<string>();
        foreach (var template in own)
        {
            if (template.StartsWith("/", StringComparison.Ordinal) || template.StartsWith("~/", StringComparison.Ordinal))
            {
                routes.Add(template.TrimStart('~'));
                continue;
            }

            foreach (var prefix in controller)
                routes.Add("/" + prefix.Trim('/') + "/" + template);
            if (controller.Count == 0)
                routes.Add("/" + template);
        }

        if (own.Count == 0)
        {
            foreach (var prefix in controller)
                routes.Add("/" + prefix.TrimStart('/'));
        }

        return routes;

        void AddTemplates(AttributeData attribute, List<string> target)
        {
            if (attribute.AttributeClass is null || !attribute.AttributeClass.Implements(Types.IRouteTemplateProvider))
                return;
            foreach (var argument in attribute.ConstructorArguments)
            {
                if (argument.Kind == TypedConstantKind.Primitive && argument.Value is string template)
                    target.Add(template);
            }
        }
    }

    private bool IsFallbackPolicy(IdentifierNameSyntax identifier, SemanticModel model, CancellationToken cancellationToken)
    {
        var parent = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : (ExpressionSyntax)identifier;
        if (parent.Parent is InvocationExpressionSyntax invocation && invocation.Expression == parent)
        {
            return model.GetOperation(invocation, cancellationToken) is IInvocationOperation { TargetMethod.Name: "SetFallbackPolicy" } call
                   && call.TargetMethod.ContainingType.InheritsFromOrEquals(AuthorizationBuilder)
                   && call.Arguments.Length > 0 && !IsNullOrDefault(call.Arguments[call.Arguments.Length - 1].Value);
        }

        if (parent.Parent is AssignmentExpressionSyntax assignment && assignment.Left == parent)
        {
            return model.GetOperation(assignment, cancellationToken) is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } set
                   && property.Property.Name == "FallbackPolicy"
                   && property.Property.ContainingType.InheritsFromOrEquals(AuthorizationOptions)
                   && !IsNullOrDefault(set.Value);
        }

        return false;
    }

    /// <summary><c>options.Filters.Add(new AuthorizeFilter(...))</c>, <c>Filters.Add&lt;T&gt;()</c> of an authorization filter.</summary>
    private bool IsGlobalAuthorizationFilter(IdentifierNameSyntax identifier, SemanticModel model, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        if (FilterCollection is null)
            return false;
        var invocationSyntax = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier
            ? access.Parent as InvocationExpressionSyntax
            : null;
        if (invocationSyntax is null)
            return false;

        // Add(IFilterMetadata) is inherited from Collection<IFilterMetadata>: test the receiver, not the method's type.
        if (model.GetOperation(invocationSyntax, cancellationToken) is not IInvocationOperation { Instance: { } receiver } call
            || !receiver.WalkDownConversion().Type.InheritsFromOrEquals(FilterCollection))
        {
            return false;
        }
        foreach (var typeArgument in call.TargetMethod.TypeArguments)
        {
            if (typeArgument.InheritsFromOrEquals(AuthorizeFilter) || (typeArgument is INamedTypeSymbol named && IsGuardingFilterType(named, options, cancellationToken)))
                return true;
        }

        foreach (var argument in call.Arguments)
        {
            var value = argument.Value.WalkDownConversion();
            if (value is ITypeOfOperation { TypeOperand: INamedTypeSymbol operand } && IsGuardingFilterType(operand, options, cancellationToken))
                return true;
            if (value.Type is INamedTypeSymbol type && (type.InheritsFromOrEquals(AuthorizeFilter) || IsGuardingFilterType(type, options, cancellationToken)))
                return true;
        }

        return false;
    }

    private bool IsControllersRequireAuthorization(IdentifierNameSyntax identifier, SemanticModel model, CancellationToken cancellationToken)
    {
        if (identifier.Parent is not MemberAccessExpressionSyntax access || access.Parent is not InvocationExpressionSyntax invocationSyntax)
            return false;
        if (model.GetOperation(invocationSyntax, cancellationToken) is not IInvocationOperation { TargetMethod.IsExtensionMethod: true } call || call.Arguments.IsEmpty)
            return false;
        var builder = call.Arguments[0].Value.WalkDownConversion();
        if (builder is ILocalReferenceOperation)
            builder = builder.FollowSingleAssignment(cancellationToken);
        return builder is IInvocationOperation { TargetMethod.Name: "MapControllers" or "MapDefaultControllerRoute" or "MapControllerRoute" };
    }

    /// <summary><c>app.Use(async (context, next) =&gt; { check; await next(); })</c>: the path it guards (see
    /// <see cref="IsCheckingMiddleware"/>).</summary>
    private string? GetCheckingInlineMiddlewareScope(IdentifierNameSyntax identifier, SemanticModel model, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        if (identifier.Parent is not MemberAccessExpressionSyntax access || access.Parent is not InvocationExpressionSyntax invocationSyntax)
            return null;
        if (model.GetOperation(invocationSyntax, cancellationToken) is not IInvocationOperation call || call.Arguments.IsEmpty)
            return null;
        var receiver = call.Instance ?? call.Arguments[0].Value;
        if (!receiver.Type.IsOrDerivesFrom(IApplicationBuilder))
            return null;
        foreach (var argument in call.Arguments)
        {
            if (GetDelegateTarget(argument.Value) is IAnonymousFunctionOperation lambda
                && PerformsSecretCheck(lambda.Body, options, cancellationToken, depth: 1))
            {
                var scope = GetBranchScope(receiver, model, cancellationToken);
                return scope == NoScope ? null : scope;
            }
        }

        return null;
    }

    // The app-wide facts are the one place that asks the compilation for other trees' models (RS0030 bans it elsewhere;
    // RS1030 warns about it in general): under analysis the compilation hands out its cached models.
#pragma warning disable RS1030, RS0030
    private SemanticModel GetSemanticModel(SyntaxTree tree) => Compilation.GetSemanticModel(tree);

    /// <summary>
    /// The model of a tree that a symbol's declaring reference points to, or null when the tree belongs to another
    /// compilation: a symbol of a referenced project (a compilation reference in the IDE) keeps its source syntax.
    /// </summary>
    private SemanticModel? GetSemanticModelIfOwn(SyntaxTree tree) => Compilation.ContainsSyntaxTree(tree) ? Compilation.GetSemanticModel(tree) : null;
#pragma warning restore RS1030, RS0030
}
