using System;
using System.Collections.Generic;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.CodeFixes.Infrastructure;
using ActionSecurity.Analyzers.CodeFixes.Syntax;
using ActionSecurity.Analyzers.Infrastructure;
using ActionSecurity.Analyzers.Model;
using ActionSecurity.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActionSecurity.Analyzers.CodeFixes.Rules;

/// <summary>
/// AS0004: three actions, each in the handler's own idiom. "Require authorization" appends <c>.RequireAuthorization()</c>
/// to a minimal-API endpoint or puts <c>[Authorize]</c> on a controller action, only when the app registers an
/// authentication scheme (without one every such request would fail), or raises an Azure function's level to
/// <c>AuthorizationLevel.Function</c>. "Add a shared-secret check" inserts a fail-closed, constant-time guard at the top
/// of the handler that answers 401 with no body; it comes first when the app has no authentication scheme. "Allow
/// anonymous access (public on purpose)" appends <c>.AllowAnonymous()</c> or puts <c>[AllowAnonymous]</c> on the action.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnauthenticatedHandlerCodeFixProvider)), Shared]
public sealed class UnauthenticatedHandlerCodeFixProvider : ActionSecurityCodeFixProvider
{
    internal const string RequireAuthorizationVariant = "RequireAuthorization";
    internal const string SharedSecretVariant = "AddSharedSecretCheck";
    internal const string AllowAnonymousVariant = "AllowAnonymous";
    private const string RequireAuthorizationTitle = "Require authorization";
    private const string SharedSecretTitle = "Add a shared-secret check";
    private const string AllowAnonymousTitle = "Allow anonymous access (public on purpose)";

    /// <summary>The environment variable and configuration key the guard reads the expected secret from.</summary>
    internal const string EnvironmentName = SecretStoreRead.DefaultEnvironmentName;
    internal const string ConfigurationKey = SecretStoreRead.DefaultConfigurationKey;

    private static readonly string RequireAuthorizationKey = EquivalenceKeys.For(DiagnosticIds.UnauthenticatedHandler, RequireAuthorizationVariant);
    private static readonly string SharedSecretKey = EquivalenceKeys.For(DiagnosticIds.UnauthenticatedHandler, SharedSecretVariant);
    private static readonly string AllowAnonymousKey = EquivalenceKeys.For(DiagnosticIds.UnauthenticatedHandler, AllowAnonymousVariant);

    public UnauthenticatedHandlerCodeFixProvider()
        : base(DiagnosticIds.UnauthenticatedHandler)
    {
    }

    private protected override Task OfferAsync(FixRequest request, Diagnostic diagnostic)
    {
        // Require authorization is offered only where it cannot break the app (see PlanRequireAuthorization), and then
        // comes first; otherwise the shared-secret guard is the first action.
        var model = request.Model;
        if (Plan(request.Root, model, new TypeNames(model), diagnostic, RequireAuthorizationKey, request.CancellationToken) is not null)
            request.Offer(RequireAuthorizationTitle, RequireAuthorizationKey, diagnostic);
        if (Plan(request.Root, model, new TypeNames(model), diagnostic, SharedSecretKey, request.CancellationToken) is not null)
            request.Offer(SharedSecretTitle, SharedSecretKey, diagnostic);
        if (Plan(request.Root, model, new TypeNames(model), diagnostic, AllowAnonymousKey, request.CancellationToken) is not null)
            request.Offer(AllowAnonymousTitle, AllowAnonymousKey, diagnostic);
        return Task.CompletedTask;
    }

    private protected override void Apply(FixPass pass, Diagnostic diagnostic)
    {
        var editor = pass.Editor;
        var tn = new TypeNames(editor.SemanticModel);
        var plan = Plan(editor.OriginalRoot, editor.SemanticModel, tn, diagnostic, pass.EquivalenceKey, pass.CancellationToken);
        if (plan is null)
            return;
        var rewrite = plan.Rewrite;
        editor.ReplaceNode(plan.Target, (current, _) => rewrite(current));
        var imports = new List<string>(tn.Imports);
        if (imports.Count > 0 && editor.OriginalRoot is CompilationUnitSyntax unit)
            editor.ReplaceNode(unit, (current, _) => UsingDirectives.AddUsings((CompilationUnitSyntax)current, imports));
    }

    /// <summary>The node to replace and how, or null when the action cannot be written soundly for this handler.</summary>
    private static FixPlan? Plan(SyntaxNode root, SemanticModel model, TypeNames tn, Diagnostic diagnostic, string key, CancellationToken cancellationToken)
    {
        var handler = FindHandler(root, model, diagnostic, cancellationToken);
        if (handler is null)
            return null;
        if (key == RequireAuthorizationKey)
            return PlanRequireAuthorization(handler, model, tn, cancellationToken);
        if (key == AllowAnonymousKey)
            return PlanAllowAnonymous(handler, model, tn, cancellationToken);
        return key == SharedSecretKey ? PlanSharedSecret(handler, model, tn, diagnostic, cancellationToken) : null;
    }

    /// <summary><c>.AllowAnonymous()</c> on a minimal-API endpoint, <c>[AllowAnonymous]</c> on a controller action.</summary>
    private static FixPlan? PlanAllowAnonymous(Handler handler, SemanticModel model, TypeNames tn, CancellationToken cancellationToken)
    {
        switch (handler.Kind)
        {
            case HandlerKind.MinimalApi when handler.Endpoint?.Syntax is InvocationExpressionSyntax endpoint:
                return new FixPlan(endpoint, current => AppendCall((ExpressionSyntax)current, "AllowAnonymous"));

            case HandlerKind.ControllerAction:
            {
                if (Handlers.GetOrCreate(model.Compilation).Types.AllowAnonymousAttribute is null)
                    return null;
                var declaration = GetDeclaration<MethodDeclarationSyntax>(handler.Method, model.SyntaxTree, cancellationToken);
                if (declaration is null)
                    return null;
                tn.MoveTo(declaration.SpanStart);
                var name = tn.Attribute(KnownTypeNames.MicrosoftAspNetCoreAuthorizationAllowAnonymousAttribute);
                return new FixPlan(declaration, current => AddAuthorize((MethodDeclarationSyntax)current, name));
            }

            default:
                return null;
        }
    }

    /// <summary><c>call.Name()</c>, keeping the call's trailing trivia after the new call.</summary>
    private static SyntaxNode AppendCall(ExpressionSyntax call, string name)
        => InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, call.WithoutTrailingTrivia(), IdentifierName(name)),
                ArgumentList())
            .WithTrailingTrivia(call.GetTrailingTrivia());

    private static Handler? FindHandler(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Location.IsInSource || diagnostic.Location.SourceTree != model.SyntaxTree)
            return null;
        var handlers = Handlers.GetOrCreate(model.Compilation);
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (diagnostic.Properties.TryGetValue(DiagnosticProperties.HandlerKind, out var kind) && kind == nameof(HandlerKind.MinimalApi))
        {
            var invocation = node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (invocation is null || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
                return null;
            return handlers.TryGetEndpoint(operation, out var endpoint, cancellationToken) ? endpoint : null;
        }

        var declaration = node.FirstAncestorOrSelf<MethodDeclarationSyntax>();
        if (declaration is null || model.GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol method)
            return null;
        return handlers.TryGetMethodHandler(method, out var declared) ? declared : null;
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Require authorization
    // ----------------------------------------------------------------------------------------------------------------

    /// <summary>
    /// <c>RequireAuthorization()</c> / <c>[Authorize]</c> only when the app registers an authentication scheme
    /// (<see cref="Handlers.RegistersAuthenticationScheme"/>): without one, authorization cannot authenticate anybody
    /// and every request to the handler fails. Raising an Azure function to <c>AuthorizationLevel.Function</c> needs no
    /// scheme: the host checks function keys.
    /// </summary>
    private static FixPlan? PlanRequireAuthorization(Handler handler, SemanticModel model, TypeNames tn, CancellationToken cancellationToken)
    {
        var handlers = Handlers.GetOrCreate(model.Compilation);
        switch (handler.Kind)
        {
            case HandlerKind.MinimalApi when handler.Endpoint?.Syntax is InvocationExpressionSyntax endpoint:
                if (!handlers.RegistersAuthenticationScheme(cancellationToken))
                    return null;
                return new FixPlan(endpoint, current => AppendCall((ExpressionSyntax)current, "RequireAuthorization"));

            case HandlerKind.ControllerAction:
            {
                if (handlers.Types.AuthorizeAttribute is null || !handlers.RegistersAuthenticationScheme(cancellationToken))
                    return null;
                var declaration = GetDeclaration<MethodDeclarationSyntax>(handler.Method, model.SyntaxTree, cancellationToken);
                if (declaration is null)
                    return null;
                tn.MoveTo(declaration.SpanStart);
                var name = tn.Attribute(KnownTypeNames.MicrosoftAspNetCoreAuthorizationAuthorizeAttribute);
                return new FixPlan(declaration, current => AddAuthorize((MethodDeclarationSyntax)current, name));
            }

            case HandlerKind.AzureFunctionInProcess or HandlerKind.AzureFunctionWorker:
            {
                if (handler.Trigger?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax { ArgumentList: { } arguments } attribute
                    || attribute.SyntaxTree != model.SyntaxTree)
                {
                    return null;
                }

                foreach (var argument in arguments.Arguments)
                {
                    if (model.GetSymbolInfo(argument.Expression, cancellationToken).Symbol is IFieldSymbol { Name: "Anonymous", ContainingType.Name: "AuthorizationLevel" })
                    {
                        var expression = argument.Expression;
                        return expression switch
                        {
                            MemberAccessExpressionSyntax access => new FixPlan(access.Name, current => IdentifierName("Function").WithTriviaFrom(current)),
                            IdentifierNameSyntax identifier => new FixPlan(identifier, current => IdentifierName("Function").WithTriviaFrom(current)),
                            _ => null,
                        };
                    }
                }

                return null;
            }

            default:
                return null;
        }
    }

    /// <summary><c>[Authorize]</c> as the first attribute list of the method, keeping its leading trivia (comments) in front.</summary>
    private static SyntaxNode AddAuthorize(MethodDeclarationSyntax method, NameSyntax name)
    {
        var attribute = Attribute(name);
        var leading = method.GetLeadingTrivia();
        var list = AttributeList(SingletonSeparatedList(attribute)).WithAdditionalAnnotations(Formatter.Annotation);
        var stripped = method.WithoutLeadingTrivia();
        var lists = stripped.AttributeLists.Insert(0, list.WithTrailingTrivia(ElasticCarriageReturnLineFeed));
        return stripped.WithAttributeLists(lists).WithLeadingTrivia(leading);
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Shared-secret check
    // ----------------------------------------------------------------------------------------------------------------

    private static FixPlan? PlanSharedSecret(Handler handler, SemanticModel model, TypeNames tn, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var handlers = Handlers.GetOrCreate(model.Compilation);
        var types = handlers.Types;
        if (types.CryptographicOperations is null)
            return null;

        // The function whose body gets the guard.
        SyntaxNode? function = handler.Function is IAnonymousFunctionOperation lambda
            ? lambda.Syntax
            : GetDeclaration<SyntaxNode>(handler.Method, model.SyntaxTree, cancellationToken);
        if (function is null || function.SyntaxTree != model.SyntaxTree)
            return null;
        var (block, expressionBody) = GetBody(function);
        if (block is null && expressionBody is null)
            return null;
        var canAddParameters = function is ParenthesizedLambdaExpressionSyntax;
        var position = block?.OpenBraceToken.Span.End ?? expressionBody!.SpanStart;
        tn.MoveTo(position);
        var method = handler.Method;
        var isAsync = method.IsAsync;
        var returnType = method.ReturnType;
        var unwrapped = isAsync ? Handlers.UnwrapTask(returnType) : returnType;
        var returnsValue = !method.ReturnsVoid && !(isAsync && Handlers.IsTaskType(returnType) && returnType is INamedTypeSymbol { IsGenericType: false });

        var header = diagnostic.Properties.TryGetValue(DiagnosticProperties.SecretHeader, out var configuredHeader) && configuredHeader is not null
            ? configuredHeader
            : ActionSecurityOptions.DefaultSecretHeader;
        var useConfiguration = diagnostic.Properties.TryGetValue(DiagnosticProperties.SecretStore, out var store) && store == "configuration";
        var nullable = (model.GetNullableContext(position) & NullableContext.AnnotationsEnabled) != 0;

        var taken = LocalNames.DeclaredIn(function);
        string Unique(string baseName) => LocalNames.Unique(model, position, baseName, taken);
        var added = new List<ParameterSyntax>();

        // How to read the provided secret, and how to answer 401.
        ExpressionSyntax? provided;
        ResponseIdiom idiom;
        ExpressionSyntax? responseTarget = null;
        switch (handler.Kind)
        {
            case HandlerKind.MinimalApi:
            {
                idiom = MinimalApiIdiom(method, function, unwrapped, returnsValue, isAsync, handlers);
                if (idiom == ResponseIdiom.None)
                    return null;
                var request = FindParameter(method, types.HttpRequest);
                var context = FindParameter(method, types.HttpContext);
                ExpressionSyntax? requestExpression = request is not null ? IdentifierName(request.Name)
                    : context is not null ? Member(IdentifierName(context.Name), "Request")
                    : null;
                if (idiom == ResponseIdiom.StatusCode)
                {
                    if (context is null)
                    {
                        if (!canAddParameters || types.HttpContext is null)
                            return null;
                        var name = Unique("context");
                        added.Add(Parameter(Identifier(name)).WithType(tn.Type(KnownTypeNames.MicrosoftAspNetCoreHttpHttpContext)));
                        responseTarget = IdentifierName(name);
                        requestExpression = Member(IdentifierName(name), "Request");
                    }
                    else
                    {
                        responseTarget = IdentifierName(context.Name);
                    }
                }

                if (requestExpression is null)
                {
                    if (!canAddParameters || types.HttpRequest is null)
                        return null;
                    var name = Unique("request");
                    added.Add(Parameter(Identifier(name)).WithType(tn.Type(KnownTypeNames.MicrosoftAspNetCoreHttpHttpRequest)));
                    requestExpression = IdentifierName(name);
                }

                provided = HeaderRead.AsString(requestExpression, header);
                break;
            }

            case HandlerKind.ControllerAction:
            {
                idiom = ControllerIdiom(unwrapped, returnsValue, method, handlers);
                if (idiom == ResponseIdiom.None || types.HttpRequest is null)
                    return null;
                var request = FindParameter(method, types.HttpRequest);
                ExpressionSyntax requestExpression = request is not null ? IdentifierName(request.Name) : IdentifierName("Request");
                if (request is null && !method.ContainingType.InheritsFromOrEquals(types.ControllerBase))
                    return null;
                provided = HeaderRead.AsString(requestExpression, header);
                break;
            }

            case HandlerKind.AzureFunctionInProcess or HandlerKind.AzureFunctionWorker:
            {
                var request = FindParameter(method, types.HttpRequest);
                var data = FindParameter(method, types.HttpRequestData);
                if (request is not null && types.HttpRequest is not null && returnsValue && IsActionResult(unwrapped, handlers))
                {
                    idiom = ResponseIdiom.UnauthorizedResult;
                    provided = HeaderRead.AsString(IdentifierName(request.Name), header);
                }
                else if (data is not null && returnsValue && SymbolEqualityComparer.Default.Equals(unwrapped, types.HttpResponseData)
                         && HasCreateResponse(data.Type, model, position))
                {
                    idiom = ResponseIdiom.CreateResponse;
                    responseTarget = IdentifierName(data.Name);
                    provided = HeaderRead.WorkerHeaderOrEmpty(IdentifierName(data.Name), header, Unique("headerValues"));
                }
                else
                {
                    return null;
                }

                break;
            }

            case HandlerKind.AwsLambda:
            {
                var request = FindParameter(method, types.APIGatewayProxyRequest) ?? FindParameter(method, types.APIGatewayHttpApiV2ProxyRequest);
                if (request is null || !returnsValue || unwrapped is not INamedTypeSymbol responseType
                    || !(SymbolEqualityComparer.Default.Equals(responseType, types.APIGatewayProxyResponse) || SymbolEqualityComparer.Default.Equals(responseType, types.APIGatewayHttpApiV2ProxyResponse)))
                {
                    return null;
                }

                idiom = ResponseIdiom.ApiGateway;
                responseTarget = tn.Type(SymbolEqualityComparer.Default.Equals(responseType, types.APIGatewayProxyResponse)
                    ? KnownTypeNames.AmazonLambdaAPIGatewayEventsAPIGatewayProxyResponse
                    : KnownTypeNames.AmazonLambdaAPIGatewayEventsAPIGatewayHttpApiV2ProxyResponse);
                provided = HeaderRead.LambdaHeaderOrEmpty(IdentifierName(request.Name), header, Unique("headerValue"));
                break;
            }

            case HandlerKind.OpenWhisk:
            {
                if (!returnsValue || method.Parameters.Length != 1 || types.JObject is null)
                    return null;
                idiom = ResponseIdiom.JObject;
                provided = HeaderRead.OpenWhiskHeaderOrEmpty(IdentifierName(method.Parameters[0].Name), header, nullable);
                break;
            }

            default:
                return null;
        }

        if (returnsValue && !isAsync && idiom != ResponseIdiom.StatusCode && Handlers.IsTaskType(returnType))
            return null;

        // Where the expected secret comes from.
        var configuration = FindConfiguration(model, position, function, method, types);
        if (configuration is null && useConfiguration && canAddParameters && handler.Kind == HandlerKind.MinimalApi && types.IConfiguration is not null)
        {
            var name = Unique("configuration");
            added.Add(Parameter(Identifier(name)).WithType(tn.Type(KnownTypeNames.MicrosoftExtensionsConfigurationIConfiguration)));
            configuration = IdentifierName(name);
        }

        var expected = configuration is not null
            ? SecretStoreRead.Configuration(configuration, ConfigurationKey)
            : (ExpressionSyntax)InvocationExpression(Member(tn.Expr(KnownTypeNames.SystemEnvironment), "GetEnvironmentVariable"), ArgumentList(SingletonSeparatedList(Argument(HeaderRead.Name(EnvironmentName)))));

        var expectedName = Unique(LocalNames.ExpectedSecret);
        var providedName = Unique("providedSecret");
        var response = UnauthorizedResponse.Statements(idiom, responseTarget, returnsValue, isAsync, tn);
        var guard = Guard(expectedName, expected, providedName, provided, response);
        var parameters = added.ToArray();

        return new FixPlan(function, current => InsertGuard(current, guard, parameters, returnsValue));
    }

    private static ResponseIdiom MinimalApiIdiom(IMethodSymbol method, SyntaxNode function, ITypeSymbol unwrapped, bool returnsValue, bool isAsync, Handlers handlers)
    {
        if (!returnsValue)
            return ResponseIdiom.StatusCode;
        if (Handlers.IsTaskType(method.ReturnType) && !isAsync && method.ReturnType is INamedTypeSymbol { IsGenericType: false })
            return ResponseIdiom.StatusCode;
        if (handlers.IResult is null)
            return ResponseIdiom.None;
        if (SymbolEqualityComparer.Default.Equals(unwrapped, handlers.IResult) || unwrapped.SpecialType == SpecialType.System_Object)
            return ResponseIdiom.Results;

        // A lambda without an explicit return type infers IResult once Results.Unauthorized() is one of its returns.
        if (function is ParenthesizedLambdaExpressionSyntax { ReturnType: null } or SimpleLambdaExpressionSyntax
            && unwrapped.Implements(handlers.IResult) && unwrapped.TypeKind != TypeKind.Interface)
        {
            return ResponseIdiom.Results;
        }

        return ResponseIdiom.None;
    }

    private static ResponseIdiom ControllerIdiom(ITypeSymbol unwrapped, bool returnsValue, IMethodSymbol method, Handlers handlers)
    {
        if (!returnsValue)
            return ResponseIdiom.None;
        if (IsActionResult(unwrapped, handlers))
        {
            return method.ContainingType.InheritsFromOrEquals(handlers.Types.ControllerBase)
                ? ResponseIdiom.ControllerUnauthorized
                : ResponseIdiom.UnauthorizedResult;
        }

        return handlers.IResult is not null && SymbolEqualityComparer.Default.Equals(unwrapped, handlers.IResult)
            ? ResponseIdiom.Results
            : ResponseIdiom.None;
    }

    /// <summary><c>IActionResult</c>, <c>ActionResult</c> and <c>ActionResult&lt;T&gt;</c>: types an <c>UnauthorizedResult</c> converts to.</summary>
    private static bool IsActionResult(ITypeSymbol type, Handlers handlers)
    {
        if (type is not INamedTypeSymbol named || named.ContainingNamespace is not { Name: "Mvc", ContainingNamespace.Name: "AspNetCore" })
            return false;
        return named.Name is "IActionResult" or "ActionResult";
    }

    private static bool HasCreateResponse(ITypeSymbol requestType, SemanticModel model, int position)
    {
        foreach (var symbol in model.LookupSymbols(position, requestType, "CreateResponse", includeReducedExtensionMethods: true))
        {
            if (symbol is IMethodSymbol { Parameters.Length: >= 1 } method
                && method.Parameters[method.Parameters.Length - 1].Type.Name == "HttpStatusCode")
            {
                return true;
            }
        }

        return false;
    }

    private static IParameterSymbol? FindParameter(IMethodSymbol method, INamedTypeSymbol? type)
    {
        if (type is null)
            return null;
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Type.InheritsFromOrEquals(type))
                return parameter;
        }

        return null;
    }

    /// <summary>An <c>IConfiguration</c> the handler can read without new dependencies: a parameter, a captured local, a field or property.</summary>
    private static ExpressionSyntax? FindConfiguration(SemanticModel model, int position, SyntaxNode function, IMethodSymbol method, KnownTypes types)
    {
        if (types.IConfiguration is null)
            return null;
        var isStaticFunction = function switch
        {
            AnonymousFunctionExpressionSyntax anonymous => anonymous.Modifiers.Any(SyntaxKind.StaticKeyword),
            LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.StaticKeyword),
            _ => false,
        };
        var instance = !method.IsStatic && !isStaticFunction && !IsInStaticContext(function, model);
        foreach (var symbol in model.LookupSymbols(position))
        {
            switch (symbol)
            {
                case IParameterSymbol parameter when parameter.Type.IsOrDerivesFrom(types.IConfiguration):
                    if (isStaticFunction && !SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method))
                        continue;
                    return IdentifierName(parameter.Name);
                case ILocalSymbol local when local.Type.IsOrDerivesFrom(types.IConfiguration) && !isStaticFunction:
                {
                    var declared = false;
                    foreach (var reference in local.DeclaringSyntaxReferences)
                        declared |= reference.Span.End <= function.SpanStart;
                    if (declared)
                        return IdentifierName(local.Name);
                    break;
                }

                case IFieldSymbol { IsImplicitlyDeclared: false } field when field.Type.IsOrDerivesFrom(types.IConfiguration) && (field.IsStatic || instance):
                    return IdentifierName(field.Name);
                case IPropertySymbol { IsIndexer: false, GetMethod: not null } property when property.Type.IsOrDerivesFrom(types.IConfiguration)
                    && (property.IsStatic || instance) && model.IsAccessible(position, property.GetMethod):
                    return IdentifierName(property.Name);
            }
        }

        return null;
    }

    private static bool IsInStaticContext(SyntaxNode function, SemanticModel model)
    {
        var member = function.FirstAncestorOrSelf<MemberDeclarationSyntax>();
        return member is null || member is GlobalStatementSyntax || (model.GetDeclaredSymbol(member)?.IsStatic ?? true);
    }

    private static (BlockSyntax? Block, ExpressionSyntax? Expression) GetBody(SyntaxNode function) => function switch
    {
        AnonymousFunctionExpressionSyntax anonymous => (anonymous.Block, anonymous.ExpressionBody),
        BaseMethodDeclarationSyntax method => (method.Body, method.ExpressionBody?.Expression),
        LocalFunctionStatementSyntax local => (local.Body, local.ExpressionBody?.Expression),
        _ => (null, null),
    };

    private static T? GetDeclaration<T>(IMethodSymbol method, SyntaxTree tree, CancellationToken cancellationToken)
        where T : SyntaxNode
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == tree && reference.GetSyntax(cancellationToken) is T node)
                return node;
        }

        return null;
    }

    /// <summary>Puts the guard first in the body, turning an expression body into a block, and appends new parameters.</summary>
    private static SyntaxNode InsertGuard(SyntaxNode current, StatementSyntax[] guard, ParameterSyntax[] parameters, bool returnsValue)
    {
        var (block, expression) = GetBody(current);
        BlockSyntax newBlock;
        if (block is not null)
        {
            newBlock = block.WithStatements(block.Statements.InsertRange(0, guard));
        }
        else if (expression is not null)
        {
            // `=> throw new X(...)` becomes the statement `throw new X(...);`: a throw expression cannot be returned.
            StatementSyntax last = expression is ThrowExpressionSyntax thrown
                ? ThrowStatement(thrown.Expression.WithoutTrivia())
                : returnsValue
                    ? ReturnStatement(expression.WithoutTrivia())
                    : ExpressionStatement(expression.WithoutTrivia());
            // Explicit line breaks: the formatter keeps a block that is on one line on one line.
            var statements = new List<StatementSyntax>();
            foreach (var statement in guard)
                statements.Add(statement.WithTrailingTrivia(ElasticCarriageReturnLineFeed));
            statements.Add(last.WithTrailingTrivia(ElasticCarriageReturnLineFeed));
            newBlock = Block(Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(ElasticCarriageReturnLineFeed), List(statements), Token(SyntaxKind.CloseBraceToken))
                .WithAdditionalAnnotations(Formatter.Annotation);
        }
        else
        {
            return current;
        }

        switch (current)
        {
            case ParenthesizedLambdaExpressionSyntax lambda:
            {
                var result = block is not null
                    ? lambda.WithBlock(newBlock)
                    : lambda.WithExpressionBody(null).WithBlock(newBlock.WithTriviaFrom(lambda.ExpressionBody!));
                if (parameters.Length > 0)
                    result = result.WithParameterList(result.ParameterList.AddParameters(parameters));
                return result;
            }

            case SimpleLambdaExpressionSyntax simple:
                return block is not null
                    ? simple.WithBlock(newBlock)
                    : simple.WithExpressionBody(null).WithBlock(newBlock.WithTriviaFrom(simple.ExpressionBody!));
            case AnonymousMethodExpressionSyntax anonymous:
                return anonymous.WithBlock(newBlock);
            case MethodDeclarationSyntax method:
                return block is not null
                    ? method.WithBody(newBlock)
                    : method.WithExpressionBody(null).WithSemicolonToken(default)
                        .WithBody(newBlock.WithTrailingTrivia(method.SemicolonToken.TrailingTrivia)).WithAdditionalAnnotations(Formatter.Annotation);
            case LocalFunctionStatementSyntax local:
                return block is not null
                    ? local.WithBody(newBlock)
                    : local.WithExpressionBody(null).WithSemicolonToken(default)
                        .WithBody(newBlock.WithTrailingTrivia(local.SemicolonToken.TrailingTrivia)).WithAdditionalAnnotations(Formatter.Annotation);
            default:
                return current;
        }
    }

    /// <summary>
    /// <code>
    /// var expectedSecret = &lt;secret store&gt;;
    /// var providedSecret = &lt;header&gt;;
    /// if (string.IsNullOrEmpty(expectedSecret) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(providedSecret), Encoding.UTF8.GetBytes(expectedSecret)))
    /// {
    ///     &lt;401&gt;
    /// }
    /// </code>
    /// </summary>
    private static StatementSyntax[] Guard(string expectedName, ExpressionSyntax expected, string providedName, ExpressionSyntax provided, StatementSyntax[] response)
    {
        var expectedDeclaration = LocalDeclarationStatement(VariableDeclaration(IdentifierName("var"))
            .AddVariables(VariableDeclarator(Identifier(expectedName)).WithInitializer(EqualsValueClause(expected))));
        var providedDeclaration = LocalDeclarationStatement(VariableDeclaration(IdentifierName("var"))
            .AddVariables(VariableDeclarator(Identifier(providedName)).WithInitializer(EqualsValueClause(provided))));
        var condition = ConstantTimeComparison.Mismatches(
            ComparisonOperand.String(IdentifierName(providedName), mayBeNull: false), ComparisonOperand.String(IdentifierName(expectedName)), ExpectedGuard.NotEmpty)!;
        var check = IfStatement(condition, Block(response));
        return new StatementSyntax[]
        {
            expectedDeclaration.WithAdditionalAnnotations(Formatter.Annotation),
            providedDeclaration.WithAdditionalAnnotations(Formatter.Annotation),
            check.WithAdditionalAnnotations(Formatter.Annotation),
        };
    }

    private static MemberAccessExpressionSyntax Member(ExpressionSyntax expression, string name)
        => MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, expression, IdentifierName(name));

    private sealed class FixPlan
    {
        public FixPlan(SyntaxNode target, Func<SyntaxNode, SyntaxNode> rewrite)
        {
            Target = target;
            Rewrite = rewrite;
        }

        public SyntaxNode Target { get; }

        public Func<SyntaxNode, SyntaxNode> Rewrite { get; }
    }
}
