using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.CodeFixes.Infrastructure;
using ActionSecurity.Analyzers.CodeFixes.Syntax;
using ActionSecurity.Analyzers.Infrastructure;
using ActionSecurity.Analyzers.Model;
using ActionSecurity.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
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
public sealed class UnauthenticatedHandlerCodeFixProvider : CodeFixProvider
{
    internal const string RequireAuthorizationVariant = "RequireAuthorization";
    internal const string SharedSecretVariant = "AddSharedSecretCheck";
    internal const string AllowAnonymousVariant = "AllowAnonymous";
    private const string RequireAuthorizationTitle = "Require authorization";
    private const string SharedSecretTitle = "Add a shared-secret check";
    private const string AllowAnonymousTitle = "Allow anonymous access (public on purpose)";

    /// <summary>The environment variable and configuration key the guard reads the expected secret from.</summary>
    internal const string EnvironmentName = "ACTION_SECRET";
    internal const string ConfigurationKey = "ActionSecret";

    private static readonly string RequireAuthorizationKey = EquivalenceKeys.For(DiagnosticIds.UnauthenticatedHandler, RequireAuthorizationVariant);
    private static readonly string SharedSecretKey = EquivalenceKeys.For(DiagnosticIds.UnauthenticatedHandler, SharedSecretVariant);
    private static readonly string AllowAnonymousKey = EquivalenceKeys.For(DiagnosticIds.UnauthenticatedHandler, AllowAnonymousVariant);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnauthenticatedHandler);

    public override FixAllProvider GetFixAllProvider()
        => FixAllProvider.Create(static (context, document, diagnostics) => FixAllAsync(document, diagnostics, context.CodeActionEquivalenceKey, context.CancellationToken));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
            return;
        foreach (var diagnostic in context.Diagnostics)
        {
            // Require authorization is offered only where it cannot break the app (see PlanRequireAuthorization), and
            // then comes first; otherwise the shared-secret guard is the first action.
            if (Plan(root, model, new TypeNames(model), diagnostic, RequireAuthorizationKey, context.CancellationToken) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(RequireAuthorizationTitle, ct => ApplyAsync(document, diagnostic, RequireAuthorizationKey, ct), RequireAuthorizationKey),
                    diagnostic);
            }

            if (Plan(root, model, new TypeNames(model), diagnostic, SharedSecretKey, context.CancellationToken) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(SharedSecretTitle, ct => ApplyAsync(document, diagnostic, SharedSecretKey, ct), SharedSecretKey),
                    diagnostic);
            }

            if (Plan(root, model, new TypeNames(model), diagnostic, AllowAnonymousKey, context.CancellationToken) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(AllowAnonymousTitle, ct => ApplyAsync(document, diagnostic, AllowAnonymousKey, ct), AllowAnonymousKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, string key, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        Apply(editor, diagnostic, key, cancellationToken);
        return editor.GetChangedDocument();
    }

    private static async Task<Document?> FixAllAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        if (diagnostics.IsEmpty || key is null)
            return null;
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var ordered = diagnostics.Sort(static (a, b) => b.Location.SourceSpan.Start.CompareTo(a.Location.SourceSpan.Start));
        foreach (var diagnostic in ordered)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Apply(editor, diagnostic, key, cancellationToken);
        }

        return editor.GetChangedDocument();
    }

    private static void Apply(DocumentEditor editor, Diagnostic diagnostic, string key, CancellationToken cancellationToken)
    {
        var tn = new TypeNames(editor.SemanticModel);
        var plan = Plan(editor.OriginalRoot, editor.SemanticModel, tn, diagnostic, key, cancellationToken);
        if (plan is null)
            return;
        var rewrite = plan.Rewrite;
        editor.ReplaceNode(plan.Target, (current, _) => rewrite(current));
        var imports = new List<string>(tn.Imports);
        if (imports.Count > 0 && editor.OriginalRoot is CompilationUnitSyntax unit)
            editor.ReplaceNode(unit, (current, _) => AddUsings((CompilationUnitSyntax)current, imports));
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
                var name = tn.Attribute("Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute");
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
        if (diagnostic.Properties.TryGetValue(UnauthenticatedHandlerAnalyzer.HandlerKindProperty, out var kind) && kind == nameof(HandlerKind.MinimalApi))
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
                var name = tn.Attribute("Microsoft.AspNetCore.Authorization.AuthorizeAttribute");
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

    private enum ResponseIdiom
    {
        None,

        /// <summary><c>return Results.Unauthorized();</c></summary>
        Results,

        /// <summary><c>context.Response.StatusCode = StatusCodes.Status401Unauthorized; return;</c> (or <c>return Task.CompletedTask;</c>).</summary>
        StatusCode,

        /// <summary><c>return Unauthorized();</c> in a controller.</summary>
        ControllerUnauthorized,

        /// <summary><c>return new UnauthorizedResult();</c></summary>
        UnauthorizedResult,

        /// <summary><c>return req.CreateResponse(HttpStatusCode.Unauthorized);</c></summary>
        CreateResponse,

        /// <summary><c>return new APIGatewayProxyResponse { StatusCode = 401 };</c></summary>
        ApiGateway,

        /// <summary><c>return new JObject { ["statusCode"] = 401 };</c></summary>
        JObject,
    }

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

        var header = diagnostic.Properties.TryGetValue(UnauthenticatedHandlerAnalyzer.SecretHeaderProperty, out var configuredHeader) && configuredHeader is not null
            ? configuredHeader
            : ActionSecurityOptions.DefaultSecretHeader;
        var useConfiguration = diagnostic.Properties.TryGetValue(UnauthenticatedHandlerAnalyzer.SecretStoreProperty, out var store) && store == "configuration";
        var nullable = (model.GetNullableContext(position) & NullableContext.AnnotationsEnabled) != 0;

        var names = new NameScope(model, position, function);
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
                        var name = names.Unique("context");
                        added.Add(Parameter(Identifier(name)).WithType(tn.Type("Microsoft.AspNetCore.Http.HttpContext")));
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
                    var name = names.Unique("request");
                    added.Add(Parameter(Identifier(name)).WithType(tn.Type("Microsoft.AspNetCore.Http.HttpRequest")));
                    requestExpression = IdentifierName(name);
                }

                provided = AspNetCoreHeader(requestExpression, header);
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
                provided = AspNetCoreHeader(requestExpression, header);
                break;
            }

            case HandlerKind.AzureFunctionInProcess or HandlerKind.AzureFunctionWorker:
            {
                var request = FindParameter(method, types.HttpRequest);
                var data = FindParameter(method, types.HttpRequestData);
                if (request is not null && types.HttpRequest is not null && returnsValue && IsActionResult(unwrapped, handlers))
                {
                    idiom = ResponseIdiom.UnauthorizedResult;
                    provided = AspNetCoreHeader(IdentifierName(request.Name), header);
                }
                else if (data is not null && returnsValue && SymbolEqualityComparer.Default.Equals(unwrapped, types.HttpResponseData)
                         && HasCreateResponse(data.Type, model, position))
                {
                    idiom = ResponseIdiom.CreateResponse;
                    responseTarget = IdentifierName(data.Name);
                    provided = WorkerHeader(IdentifierName(data.Name), header, names.Unique("headerValues"));
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
                provided = LambdaHeader(IdentifierName(request.Name), header, names.Unique("headerValue"));
                break;
            }

            case HandlerKind.OpenWhisk:
            {
                if (!returnsValue || method.Parameters.Length != 1 || types.JObject is null)
                    return null;
                idiom = ResponseIdiom.JObject;
                provided = OpenWhiskHeader(IdentifierName(method.Parameters[0].Name), header, nullable);
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
            var name = names.Unique("configuration");
            added.Add(Parameter(Identifier(name)).WithType(tn.Type("Microsoft.Extensions.Configuration.IConfiguration")));
            configuration = IdentifierName(name);
        }

        var expected = configuration is not null
            ? (ExpressionSyntax)ElementAccessExpression(configuration, BracketedArgumentList(SingletonSeparatedList(Argument(StringLiteral(ConfigurationKey)))))
            : InvocationExpression(
                Member(tn.Expr("System.Environment"), "GetEnvironmentVariable"),
                ArgumentList(SingletonSeparatedList(Argument(StringLiteral(EnvironmentName)))));

        var expectedName = names.Unique("expectedSecret");
        var providedName = names.Unique("providedSecret");
        var response = Response(idiom, responseTarget, returnsValue, isAsync, tn);
        var guard = Guard(expectedName, expected, providedName, provided, response, tn);
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
            StatementSyntax last = returnsValue
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
    private static StatementSyntax[] Guard(string expectedName, ExpressionSyntax expected, string providedName, ExpressionSyntax provided, StatementSyntax[] response, TypeNames tn)
    {
        var expectedDeclaration = LocalDeclarationStatement(VariableDeclaration(IdentifierName("var"))
            .AddVariables(VariableDeclarator(Identifier(expectedName)).WithInitializer(EqualsValueClause(expected))));
        var providedDeclaration = LocalDeclarationStatement(VariableDeclaration(IdentifierName("var"))
            .AddVariables(VariableDeclarator(Identifier(providedName)).WithInitializer(EqualsValueClause(provided))));
        var missing = InvocationExpression(
            Member(PredefinedType(Token(SyntaxKind.StringKeyword)), "IsNullOrEmpty"),
            ArgumentList(SingletonSeparatedList(Argument(IdentifierName(expectedName)))));
        var equal = InvocationExpression(
            Member(tn.Expr("System.Security.Cryptography.CryptographicOperations"), "FixedTimeEquals"),
            ArgumentList(SeparatedList(new[]
            {
                Argument(Utf8Bytes(IdentifierName(providedName), tn)),
                Argument(Utf8Bytes(IdentifierName(expectedName), tn)),
            })));
        var condition = BinaryExpression(SyntaxKind.LogicalOrExpression, missing, PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, equal));
        var check = IfStatement(condition, Block(response));
        return new StatementSyntax[]
        {
            expectedDeclaration.WithAdditionalAnnotations(Formatter.Annotation),
            providedDeclaration.WithAdditionalAnnotations(Formatter.Annotation),
            check.WithAdditionalAnnotations(Formatter.Annotation),
        };
    }

    private static StatementSyntax[] Response(ResponseIdiom idiom, ExpressionSyntax? target, bool returnsValue, bool isAsync, TypeNames tn)
    {
        ExpressionSyntax value;
        switch (idiom)
        {
            case ResponseIdiom.Results:
                value = InvocationExpression(Member(tn.Expr("Microsoft.AspNetCore.Http.Results"), "Unauthorized"));
                break;
            case ResponseIdiom.ControllerUnauthorized:
                value = InvocationExpression(IdentifierName("Unauthorized"));
                break;
            case ResponseIdiom.UnauthorizedResult:
                value = ObjectCreationExpression(tn.Type("Microsoft.AspNetCore.Mvc.UnauthorizedResult")).WithArgumentList(ArgumentList());
                break;
            case ResponseIdiom.CreateResponse:
                value = InvocationExpression(
                    Member(target!, "CreateResponse"),
                    ArgumentList(SingletonSeparatedList(Argument(Member(tn.Expr("System.Net.HttpStatusCode"), "Unauthorized")))));
                break;
            case ResponseIdiom.ApiGateway:
                value = ObjectCreationExpression((TypeSyntax)target!)
                    .WithInitializer(InitializerExpression(
                        SyntaxKind.ObjectInitializerExpression,
                        SingletonSeparatedList<ExpressionSyntax>(AssignmentExpression(
                            SyntaxKind.SimpleAssignmentExpression, IdentifierName("StatusCode"), NumericLiteral(401)))));
                break;
            case ResponseIdiom.JObject:
                value = ObjectCreationExpression(tn.Type("Newtonsoft.Json.Linq.JObject"))
                    .WithInitializer(InitializerExpression(
                        SyntaxKind.ObjectInitializerExpression,
                        SingletonSeparatedList<ExpressionSyntax>(AssignmentExpression(
                            SyntaxKind.SimpleAssignmentExpression,
                            ImplicitElementAccess(BracketedArgumentList(SingletonSeparatedList(Argument(StringLiteral("statusCode"))))),
                            NumericLiteral(401)))));
                break;
            case ResponseIdiom.StatusCode:
            {
                var set = ExpressionStatement(AssignmentExpression(
                    SyntaxKind.SimpleAssignmentExpression,
                    Member(Member(target!, "Response"), "StatusCode"),
                    Member(tn.Expr("Microsoft.AspNetCore.Http.StatusCodes"), "Status401Unauthorized")));
                StatementSyntax exit = returnsValue && !isAsync
                    ? ReturnStatement(Member(tn.Expr("System.Threading.Tasks.Task"), "CompletedTask"))
                    : ReturnStatement();
                return new[] { set, exit };
            }

            default:
                throw new InvalidOperationException("No response idiom.");
        }

        return new StatementSyntax[] { ReturnStatement(value) };
    }

    /// <summary><c>request.Headers["X-Action-Secret"].ToString()</c>: the header as a string, empty when missing.</summary>
    private static ExpressionSyntax AspNetCoreHeader(ExpressionSyntax request, string header)
        => InvocationExpression(Member(
            ElementAccessExpression(Member(request, "Headers"), BracketedArgumentList(SingletonSeparatedList(Argument(StringLiteral(header))))),
            "ToString"));

    /// <summary><c>req.Headers.TryGetValues("X-Action-Secret", out var values) ? string.Join(",", values) : string.Empty</c>.</summary>
    private static ExpressionSyntax WorkerHeader(ExpressionSyntax request, string header, string valuesName)
        => ConditionalExpression(
            InvocationExpression(
                Member(Member(request, "Headers"), "TryGetValues"),
                ArgumentList(SeparatedList(new[]
                {
                    Argument(StringLiteral(header)),
                    Argument(DeclarationExpression(IdentifierName("var"), SingleVariableDesignation(Identifier(valuesName))))
                        .WithRefKindKeyword(Token(SyntaxKind.OutKeyword)),
                }))),
            InvocationExpression(
                Member(PredefinedType(Token(SyntaxKind.StringKeyword)), "Join"),
                ArgumentList(SeparatedList(new[] { Argument(StringLiteral(",")), Argument(IdentifierName(valuesName)) }))),
            EmptyString());

    /// <summary><c>request.Headers != null &amp;&amp; request.Headers.TryGetValue("X-Action-Secret", out var value) ? value : string.Empty</c>.</summary>
    private static ExpressionSyntax LambdaHeader(ExpressionSyntax request, string header, string valueName)
        => ConditionalExpression(
            BinaryExpression(
                SyntaxKind.LogicalAndExpression,
                BinaryExpression(SyntaxKind.NotEqualsExpression, Member(request, "Headers"), LiteralExpression(SyntaxKind.NullLiteralExpression)),
                InvocationExpression(
                    Member(Member(request, "Headers"), "TryGetValue"),
                    ArgumentList(SeparatedList(new[]
                    {
                        Argument(StringLiteral(header)),
                        Argument(DeclarationExpression(IdentifierName("var"), SingleVariableDesignation(Identifier(valueName))))
                            .WithRefKindKeyword(Token(SyntaxKind.OutKeyword)),
                    })))),
            IdentifierName(valueName),
            EmptyString());

    /// <summary><c>(string?)args["__ow_headers"]?["x-action-secret"] ?? string.Empty</c>: OpenWhisk passes headers lower-cased.</summary>
    private static ExpressionSyntax OpenWhiskHeader(ExpressionSyntax args, string header, bool nullable)
    {
        TypeSyntax stringType = PredefinedType(Token(SyntaxKind.StringKeyword));
        if (nullable)
            stringType = NullableType(stringType);
        var headers = ElementAccessExpression(args, BracketedArgumentList(SingletonSeparatedList(Argument(StringLiteral("__ow_headers")))));
        var value = ConditionalAccessExpression(
            headers,
            ElementBindingExpression(BracketedArgumentList(SingletonSeparatedList(Argument(StringLiteral(header.ToLowerInvariant()))))));
        return BinaryExpression(SyntaxKind.CoalesceExpression, CastExpression(stringType, value), EmptyString());
    }

    private static ExpressionSyntax Utf8Bytes(ExpressionSyntax value, TypeNames tn)
        => InvocationExpression(
            Member(Member(tn.Expr("System.Text.Encoding"), "UTF8"), "GetBytes"),
            ArgumentList(SingletonSeparatedList(Argument(value))));

    private static ExpressionSyntax EmptyString() => Member(PredefinedType(Token(SyntaxKind.StringKeyword)), "Empty");

    private static MemberAccessExpressionSyntax Member(ExpressionSyntax expression, string name)
        => MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, expression, IdentifierName(name));

    private static LiteralExpressionSyntax StringLiteral(string value)
        => LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(value));

    private static LiteralExpressionSyntax NumericLiteral(int value)
        => LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(value));

    /// <summary>
    /// Short type names that bind at the insertion point, with the <c>using</c> directives they need. A name that binds to
    /// something else there is written fully qualified with <c>global::</c> instead.
    /// </summary>
    private sealed class TypeNames
    {
        private readonly SemanticModel _model;
        private readonly SortedSet<string> _imports = new(StringComparer.Ordinal);
        private int _position;

        public TypeNames(SemanticModel model) => _model = model;

        public IEnumerable<string> Imports => _imports;

        public void MoveTo(int position) => _position = position;

        public bool Has(string metadataName) => _model.Compilation.GetBestTypeByMetadataName(metadataName) is not null;

        /// <summary>The type in a type context: <c>CryptographicOperations</c> or <c>global::System.Security.Cryptography.CryptographicOperations</c>.</summary>
        public TypeSyntax Type(string metadataName)
        {
            var (symbol, shortName) = Resolve(metadataName, attribute: false);
            if (shortName is not null)
                return IdentifierName(shortName);
            NameSyntax name = AliasQualifiedName(IdentifierName(Token(SyntaxKind.GlobalKeyword)), IdentifierName(symbol!.ContainingNamespace.IsGlobalNamespace ? symbol.Name : FirstNamespace(symbol)));
            foreach (var part in RemainingParts(symbol!))
                name = QualifiedName(name, IdentifierName(part));
            return name;
        }

        /// <summary>The type in an expression context (before a member access).</summary>
        public ExpressionSyntax Expr(string metadataName)
        {
            var (symbol, shortName) = Resolve(metadataName, attribute: false);
            if (shortName is not null)
                return IdentifierName(shortName);
            ExpressionSyntax expression = AliasQualifiedName(IdentifierName(Token(SyntaxKind.GlobalKeyword)), IdentifierName(symbol!.ContainingNamespace.IsGlobalNamespace ? symbol.Name : FirstNamespace(symbol)));
            foreach (var part in RemainingParts(symbol!))
                expression = MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, expression, IdentifierName(part));
            return expression;
        }

        /// <summary>An attribute name without its <c>Attribute</c> suffix when that binds.</summary>
        public NameSyntax Attribute(string metadataName)
        {
            var (_, shortName) = Resolve(metadataName, attribute: true);
            if (shortName is not null)
                return IdentifierName(shortName.EndsWith("Attribute", StringComparison.Ordinal) ? shortName.Substring(0, shortName.Length - "Attribute".Length) : shortName);
            return (NameSyntax)Type(metadataName);
        }

        private (INamedTypeSymbol? Symbol, string? ShortName) Resolve(string metadataName, bool attribute)
        {
            var symbol = _model.Compilation.GetBestTypeByMetadataName(metadataName);
            if (symbol is null)
                return (null, metadataName.Substring(metadataName.LastIndexOf('.') + 1));
            var found = _model.LookupNamespacesAndTypes(_position, name: symbol.Name);
            if (attribute && found.IsEmpty && symbol.Name.EndsWith("Attribute", StringComparison.Ordinal))
                found = _model.LookupNamespacesAndTypes(_position, name: symbol.Name.Substring(0, symbol.Name.Length - "Attribute".Length));
            if (found.IsEmpty)
            {
                if (!symbol.ContainingNamespace.IsGlobalNamespace)
                    _imports.Add(symbol.ContainingNamespace.ToDisplayString());
                return (symbol, symbol.Name);
            }

            foreach (var candidate in found)
            {
                if (SymbolEqualityComparer.Default.Equals(candidate, symbol))
                    return (symbol, symbol.Name);
            }

            return (symbol, null);
        }

        private static string FirstNamespace(INamedTypeSymbol symbol)
        {
            INamespaceSymbol ns = symbol.ContainingNamespace;
            while (!ns.ContainingNamespace.IsGlobalNamespace)
                ns = ns.ContainingNamespace;
            return ns.Name;
        }

        private static IEnumerable<string> RemainingParts(INamedTypeSymbol symbol)
        {
            var parts = new List<string>();
            for (INamespaceSymbol? ns = symbol.ContainingNamespace; ns is not null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
                parts.Insert(0, ns.Name);
            if (parts.Count > 0)
                parts.RemoveAt(0);
            parts.Add(symbol.Name);
            return symbol.ContainingNamespace.IsGlobalNamespace ? Array.Empty<string>() : parts;
        }
    }

    /// <summary>Adds <c>using</c> directives for <paramref name="namespaces"/> that the unit does not have, System first, sorted.</summary>
    private static CompilationUnitSyntax AddUsings(CompilationUnitSyntax unit, IEnumerable<string> namespaces)
    {
        foreach (var ns in namespaces)
        {
            var usings = unit.Usings;
            var present = false;
            var index = usings.Count;
            for (var i = 0; i < usings.Count; i++)
            {
                var existing = usings[i];
                if (existing.Alias is not null || existing.StaticKeyword.IsKind(SyntaxKind.StaticKeyword) || existing.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) || existing.Name is null)
                    continue;
                var text = existing.Name.ToString();
                if (text == ns)
                {
                    present = true;
                    break;
                }

                if (index == usings.Count && CompareNamespaces(ns, text) < 0)
                    index = i;
            }

            if (present)
                continue;
            var endOfLine = usings.Count > 0 ? usings[usings.Count - 1].GetTrailingTrivia() : TriviaList(ElasticCarriageReturnLineFeed);
            var directive = UsingDirective(ParseName(ns)).WithTrailingTrivia(endOfLine);
            if (index == 0 && usings.Count > 0)
            {
                // Keep a file header on the first line.
                var first = usings[0];
                directive = directive.WithLeadingTrivia(first.GetLeadingTrivia());
                usings = usings.Replace(first, first.WithLeadingTrivia());
            }

            unit = unit.WithUsings(usings.Insert(index, directive));
        }

        return unit;
    }

    private static int CompareNamespaces(string a, string b)
    {
        var aSystem = a == "System" || a.StartsWith("System.", StringComparison.Ordinal);
        var bSystem = b == "System" || b.StartsWith("System.", StringComparison.Ordinal);
        if (aSystem != bSystem)
            return aSystem ? -1 : 1;
        return string.CompareOrdinal(a, b);
    }

    /// <summary>Names free at the insertion point and not declared later in the function.</summary>
    private sealed class NameScope
    {
        private readonly SemanticModel _model;
        private readonly int _position;
        private readonly HashSet<string> _taken;

        public NameScope(SemanticModel model, int position, SyntaxNode function)
        {
            _model = model;
            _position = position;
            _taken = LocalNames.DeclaredIn(function);
        }

        public string Unique(string baseName)
        {
            var name = baseName;
            for (var i = 2; _taken.Contains(name) || !_model.LookupSymbols(_position, name: name).IsEmpty; i++)
                name = baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _taken.Add(name);
            return name;
        }
    }

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
