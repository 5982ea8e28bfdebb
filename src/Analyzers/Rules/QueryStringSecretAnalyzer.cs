using System.Collections.Immutable;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using ActionSecurity.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Rules;

/// <summary>AS0002: Secret is read from the query string.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class QueryStringSecretAnalyzer : DiagnosticAnalyzer
{
    internal const string ReadKindRead = "Read";
    internal const string ReadKindParameter = "Parameter";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.QueryStringSecret);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.GetOrCreate(start.Compilation);
            if (!types.HasAnyRequestSource)
                return;
            var state = new State(types);
            start.RegisterOperationAction(state.AnalyzeRead, OperationKind.PropertyReference);
            start.RegisterOperationAction(state.AnalyzeComparison, OperationKind.Binary);
            // One callback per invocation, not one per question: every call of the compilation comes through here.
            start.RegisterOperationAction(state.AnalyzeInvocation, OperationKind.Invocation);
            if (types.IBindingSourceMetadata is not null || types.IEndpointRouteBuilder is not null)
            {
                start.RegisterOperationAction(state.AnalyzeFunction, OperationKind.AnonymousFunction, OperationKind.LocalFunction);
                start.RegisterSymbolAction(state.AnalyzeMethod, SymbolKind.Method);
            }
        });
    }

    private sealed class State
    {
        private readonly KnownTypes _types;
        private readonly INamedTypeSymbol? _fromQuery;
        private readonly INamedTypeSymbol? _messageReceivedContext;
        private readonly INamedTypeSymbol? _hub;

        public State(KnownTypes types)
        {
            _types = types;
            _fromQuery = types.FromQueryAttribute;
            _messageReceivedContext = types.Compilation.GetBestTypeByMetadataName(KnownTypeNames.MicrosoftAspNetCoreAuthenticationJwtBearerMessageReceivedContext);
            _hub = types.Compilation.GetBestTypeByMetadataName(KnownTypeNames.MicrosoftAspNetCoreSignalRHub);
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            AnalyzeRead(context);
            AnalyzeComparison(context);
        }

        public void AnalyzeRead(OperationAnalysisContext context)
        {
            var operation = context.Operation;
            if (operation is IPropertyReferenceOperation { Property.IsIndexer: false })
                return;
            if (operation is IInvocationOperation invocation
                && invocation.TargetMethod.Name is not ("TryGetValue" or "Get" or "GetValues" or "GetValueOrDefault"))
            {
                if (invocation.TargetMethod.Name is "MapGet" or "MapPost" or "MapPut" or "MapDelete" or "MapPatch" or "MapMethods" or "Map" or "MapFallback")
                    AnalyzeEndpoint(context, invocation);
                return;
            }

            var read = RequestSources.Classify(operation, _types, context.CancellationToken);
            if (read.Part is not (RequestPart.Query or RequestPart.Params))
                return;
            if (IsTokenHookRequest(read.Collection) || QueryOnlyTransports.IsHubConnection(context.ContainingSymbol, _hub))
                return;
            var options = ActionSecurityOptions.For(context.Options, operation.Syntax.SyntaxTree, DiagnosticIds.QueryStringSecret);
            if (!options.IsSecretName(read.Key))
                return;
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.QueryStringSecret,
                operation.Syntax.GetLocation(),
                Properties(options, ReadKindRead),
                read.Key));
        }

        /// <summary>
        /// A query value that reaches a check that authenticates the caller is a secret whatever its key is called:
        /// <c>[FromQuery] string key</c> or <c>Request.Query["key"]</c> compared with (or passed to a constant-time
        /// comparison against) <c>settings.WebhookKey</c>. Reads and parameters under a secret key are reported where they
        /// are declared; this reports the others, at the read or the parameter.
        /// </summary>
        public void AnalyzeComparison(OperationAnalysisContext context)
        {
            var operation = context.Operation;
            var cancellationToken = context.CancellationToken;
            var source = QuerySecretChecked(operation, context.Options, cancellationToken);
            if (source.Key is null || IsReachedEarlier(operation, source, context.Options, cancellationToken))
                return;
            var options = ActionSecurityOptions.For(context.Options, operation.Syntax.SyntaxTree, DiagnosticIds.QueryStringSecret);
            if (source.Read is not null)
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.QueryStringSecret, source.Read.Syntax.GetLocation(), Properties(options, ReadKindRead), source.Key));
            else if (source.Parameter is { } parameter)
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.QueryStringSecret, parameter.Locations[0], Properties(options, ReadKindParameter), source.Key));
        }

        /// <summary>
        /// The query value without a secret key that <paramref name="operation"/> compares with a secret (or passes to a
        /// constant-time comparison against one); no key when it is not such a check.
        /// </summary>
        private (string? Key, IOperation? Read, IParameterSymbol? Parameter) QuerySecretChecked(IOperation operation, AnalyzerOptions analyzerOptions, CancellationToken cancellationToken)
        {
            if (operation is IBinaryOperation { OperatorKind: not (BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals) })
                return default;
            if (operation is IInvocationOperation { TargetMethod: { } method }
                && method.Name is not ("Equals" or "FixedTimeEquals") && !SecretComparisons.IsConstantTimeName(method.Name))
            {
                return default;
            }

            var comparison = SecretComparisons.Get(operation, _types);
            if (!comparison.IsValid)
                return default;
            var leftSource = TraceQuery(comparison.Left, cancellationToken);
            var rightSource = leftSource.Key is null ? TraceQuery(comparison.Right, cancellationToken) : default;
            var source = leftSource.Key is null ? rightSource : leftSource;
            if (source.Key is null)
                return default;
            var options = ActionSecurityOptions.For(analyzerOptions, operation.Syntax.SyntaxTree, DiagnosticIds.QueryStringSecret);
            if (options.IsSecretName(source.Key))
                return default;
            var check = SecretChecks.ClassifyOperands(comparison.Left, comparison.Right, operation, _types, options, cancellationToken);
            var expected = leftSource.Key is null ? check.Left : check.Right;
            if (!check.IsCheck || !expected.IsSecret || expected.Kind == SecretKind.RequestValue)
                return default;
            if (source.Read is not null)
            {
                return IsTokenHookRequest(RequestSources.Classify(source.Read, _types, cancellationToken).Collection)
                       || QueryOnlyTransports.IsHubConnection(source.Read.SemanticModel?.GetEnclosingSymbol(source.Read.Syntax.SpanStart, cancellationToken), _hub)
                    ? default
                    : source;
            }

            return source.Parameter is { Locations: { Length: > 0 } locations } && locations[0].IsInSource ? source : default;
        }

        /// <summary>
        /// True when a comparison earlier in the same body already checks the same query value, which is reported there:
        /// one query parameter that reaches two checks is one finding.
        /// </summary>
        private bool IsReachedEarlier(IOperation operation, (string? Key, IOperation? Read, IParameterSymbol? Parameter) source, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            var root = operation;
            while (root.Parent is not null)
                root = root.Parent;
            var start = operation.Syntax.SpanStart;
            foreach (var other in root.Descendants())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (other is not (IBinaryOperation or IInvocationOperation) || other.Syntax.SpanStart >= start || other.IsImplicit)
                    continue;
                var earlier = QuerySecretChecked(other, options, cancellationToken);
                if (earlier.Key is null)
                    continue;
                if (source.Read is not null ? ReferenceEquals(earlier.Read?.Syntax, source.Read.Syntax) : SymbolEqualityComparer.Default.Equals(earlier.Parameter, source.Parameter))
                    return true;
            }

            return false;
        }

        /// <summary>
        /// The query read or query-bound parameter a compared value comes from, through locals, defaults, <c>ToString</c>
        /// and, once, the returned values of a helper of the same type in the same file (<c>var provided = ParseApiKey();</c>).
        /// </summary>
        private (string? Key, IOperation? Read, IParameterSymbol? Parameter) TraceQuery(IOperation value, CancellationToken cancellationToken, bool intoHelpers = true)
        {
            var current = value;
            for (var depth = 0; depth < 8; depth++)
            {
                current = current.WalkDownConversion();
                switch (current)
                {
                    case ILocalReferenceOperation local:
                    {
                        var followed = current.FollowSingleAssignment(cancellationToken, depth: 1);
                        if (ReferenceEquals(followed, current) || followed is ILocalReferenceOperation)
                            followed = ValueSources.FollowLocal(local, cancellationToken);
                        if (followed is null)
                            return default;
                        current = followed;
                        continue;
                    }

                    case IParameterReferenceOperation parameter:
                        return IsQueryBound(parameter, cancellationToken, out var key) ? (key, null, parameter.Parameter) : default;

                    case ICoalesceOperation coalesce:
                        current = coalesce.Value;
                        continue;

                    case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                        current = whenFalse.WalkDownConversion().ConstantValue is { HasValue: true, Value: null } ? conditional.WhenTrue : whenFalse;
                        continue;

                    case IInvocationOperation { TargetMethod.Name: "ToString" or "Trim" or "FirstOrDefault" or "First" } passThrough
                        when (passThrough.Instance ?? (passThrough.Arguments.Length > 0 ? passThrough.Arguments[0].Value : null)) is { } receiver:
                        current = receiver;
                        continue;

                    case IInvocationOperation call when intoHelpers && IsHelperOfSameType(call, value):
                        return TraceReturns(call.TargetMethod, call, cancellationToken);

                    case IPropertyReferenceOperation or IInvocationOperation:
                    {
                        var read = RequestSources.Classify(current, _types, cancellationToken);
                        if (read.Part is RequestPart.Query or RequestPart.Params)
                            return (read.Key, read.Operation, null);
                        return read.IsValid ? default : ReadUnderComputedKey(current, cancellationToken);
                    }

                    default:
                        return default;
                }
            }

            return default;
        }

        /// <summary>
        /// A query read whose key is not a constant: <c>Request.Query.TryGetValue(Options.QueryName, out var value)</c>, with the
        /// key's member name (or text) standing for the key. It is reported only when it reaches a check that authenticates
        /// the caller; no fix is offered, since the key is not known.
        /// </summary>
        private (string? Key, IOperation? Read, IParameterSymbol? Parameter) ReadUnderComputedKey(IOperation read, CancellationToken cancellationToken)
        {
            IOperation? collection;
            IOperation? key;
            switch (read)
            {
                case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance } indexer when indexer.Arguments.Length == 1:
                    collection = instance;
                    key = indexer.Arguments[0].Value;
                    break;
                case IInvocationOperation { TargetMethod.Name: "TryGetValue" or "TryGetValues" or "Get" or "GetValues" or "GetValueOrDefault" } invocation
                    when invocation.Instance is not null && invocation.Arguments.Length > 0:
                    collection = invocation.Instance;
                    key = invocation.Arguments[0].Value;
                    break;
                default:
                    return default;
            }

            if (key.Type?.SpecialType != SpecialType.System_String || key.WalkDownConversion().ConstantValue.HasValue)
                return default;
            var (part, _) = RequestSources.ClassifyCollection(collection, _types, cancellationToken);
            if (part is not (RequestPart.Query or RequestPart.Params))
                return default;
            var name = key.WalkDownConversion().GetReferencedSymbol()?.Name ?? key.Syntax.ToString();
            return (name, read, null);
        }

        /// <summary>A call to an ordinary, non-virtual method of the containing type declared in the same file.</summary>
        private bool IsHelperOfSameType(IInvocationOperation call, IOperation origin)
        {
            var method = call.TargetMethod;
            return method.MethodKind == MethodKind.Ordinary && !method.IsVirtual && !method.IsAbstract && !method.IsOverride
                   && method.DeclaringSyntaxReferences.Length == 1 && method.DeclaringSyntaxReferences[0].SyntaxTree == origin.Syntax.SyntaxTree
                   && origin.SemanticModel is not null
                   && call.Instance?.WalkDownConversion() is null or IInstanceReferenceOperation
                   && ValueSources.IsSecretCarrier(method.ReturnType, _types);
        }

        /// <summary>The first query source among the values a helper returns.</summary>
        private (string? Key, IOperation? Read, IParameterSymbol? Parameter) TraceReturns(IMethodSymbol method, IInvocationOperation call, CancellationToken cancellationToken)
        {
            var syntax = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            if (call.SemanticModel!.GetOperation(syntax, cancellationToken) is not { } body)
                return default;
            foreach (var operation in body.Descendants())
            {
                if (operation is IReturnOperation { ReturnedValue: { } returned })
                {
                    var source = TraceQuery(returned, cancellationToken, intoHelpers: false);
                    if (source.Key is not null && source.Parameter is null)
                        return source;
                }
            }

            return default;
        }

        /// <summary><c>[FromQuery]</c>, or a simple parameter that an action or a minimal-API handler binds from the query string.</summary>
        private bool IsQueryBound(IParameterReferenceOperation reference, CancellationToken cancellationToken, out string key)
        {
            var parameter = reference.Parameter;
            key = parameter.Name;
            if (_fromQuery is not null && parameter.GetAttribute(_fromQuery) is { } attribute)
            {
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "Name" && named.Value.Value is string name && name.Length > 0)
                        key = name;
                }

                return true;
            }

            if (!IsImplicitlyBoundCandidate(parameter) || parameter.ContainingSymbol is not IMethodSymbol method)
                return false;
            if (method.MethodKind == MethodKind.Ordinary)
            {
                return Controllers.IsAction(method, _types)
                       && (Controllers.IsApiController(method.ContainingType, _types) || Controllers.AnswersGetOnly(method, _types))
                       && !IsRouteParameterOfAction(method, parameter.Name);
            }

            // A minimal-API lambda: the parameter is not a route value of the pattern or of a group prefix.
            for (var current = reference.Parent; current is not null; current = current.Parent)
            {
                if (current is not IAnonymousFunctionOperation lambda || !SymbolEqualityComparer.Default.Equals(lambda.Symbol, method))
                    continue;
                var parent = lambda.Parent;
                while (parent is IDelegateCreationOperation or IConversionOperation)
                    parent = parent.Parent;
                if (parent is not IArgumentOperation { Parent: IInvocationOperation map } || _types.IEndpointRouteBuilder is null
                    || !map.TargetMethod.IsExtensionMethod || map.TargetMethod.Parameters.IsEmpty
                    || !map.TargetMethod.Parameters[0].Type.IsOrDerivesFrom(_types.IEndpointRouteBuilder))
                {
                    return false;
                }

                var pattern = map.GetArgument("pattern")?.Value.GetConstantString();
                return pattern is not null && map.Arguments.Length > 0
                       && TryGetGroupPrefix(map.Arguments[0].Value, cancellationToken, out var prefix)
                       && !RouteTemplates.HasParameter(pattern, parameter.Name) && !RouteTemplates.HasParameter(prefix, parameter.Name);
            }

            return false;
        }

        /// <summary>
        /// <c>context.Request.Query["access_token"]</c> inside JWT bearer's <c>OnMessageReceived</c>: the framework's own hook
        /// for taking a token from somewhere other than the Authorization header, documented for WebSocket and
        /// Server-Sent Events clients (SignalR), which cannot set headers. Moving the read to a header would break them.
        /// </summary>
        private bool IsTokenHookRequest(IOperation? collection)
        {
            if (_messageReceivedContext is null)
                return false;
            return collection?.WalkDownConversion() is IPropertyReferenceOperation { Instance: { } request }
                   && request.WalkDownConversion() is IPropertyReferenceOperation { Property.Name: "Request", Instance: { } owner }
                   && owner.Type.InheritsFromOrEquals(_messageReceivedContext);
        }

        /// <summary>Explicit <c>[FromQuery]</c> on the parameters of lambdas and local functions.</summary>
        public void AnalyzeFunction(OperationAnalysisContext context)
        {
            var symbol = context.Operation switch
            {
                IAnonymousFunctionOperation lambda => lambda.Symbol,
                ILocalFunctionOperation local => local.Symbol,
                _ => null,
            };
            if (symbol is null)
                return;
            foreach (var parameter in symbol.Parameters)
            {
                if (IsExplicitQueryBinding(parameter, context.Options, out var diagnostic) && diagnostic is not null)
                    context.ReportDiagnostic(diagnostic);
            }
        }

        /// <summary>
        /// Explicit <c>[FromQuery]</c> on method parameters, and implicit query binding of controller actions: every action
        /// of an <c>[ApiController]</c>, and GET-only actions of other controllers (elsewhere a form field comes first).
        /// </summary>
        public void AnalyzeMethod(SymbolAnalysisContext context)
        {
            var method = (IMethodSymbol)context.Symbol;
            // The kind first: accessors and constructors are most methods, and a symbol's first Parameters makes its list.
            if (method.MethodKind != MethodKind.Ordinary || method.Parameters.IsEmpty)
                return;
            var isAction = (bool?)null;
            ActionSecurityOptions? options = null;
            foreach (var parameter in method.Parameters)
            {
                context.CancellationToken.ThrowIfCancellationRequested();

                // Both findings below come from ParameterDiagnostic, which needs such a type: an int, a model or a
                // CancellationToken is ruled out before its attributes are read, which binds them.
                if (!CanReportType(parameter))
                    continue;
                if (IsExplicitQueryBinding(parameter, context.Options, out var diagnostic))
                {
                    if (diagnostic is not null && !TravelsInUrlByDesign(method, parameter.Name, context.CancellationToken))
                        context.ReportDiagnostic(diagnostic);
                    continue;
                }

                // The type and the name first: they rule out almost every parameter, and the action and binding tests walk
                // attributes. The options are read once per method.
                if (!IsSimpleQueryType(parameter.Type) || parameter.Locations.IsEmpty || parameter.Locations[0].SourceTree is not { } tree)
                    continue;
                options ??= ActionSecurityOptions.For(context.Options, tree, DiagnosticIds.QueryStringSecret);
                if (!options.IsSecretName(parameter.Name) || !IsImplicitlyBoundCandidate(parameter))
                    continue;

                isAction ??= Controllers.IsAction(method, _types)
                    && (Controllers.IsApiController(method.ContainingType, _types) || Controllers.AnswersGetOnly(method, _types));
                if (isAction != true || IsRouteParameterOfAction(method, parameter.Name))
                    continue;
                if (ParameterDiagnostic(parameter, context.Options, parameter.Name) is { } implicitBinding
                    && !TravelsInUrlByDesign(method, parameter.Name, context.CancellationToken))
                {
                    context.ReportDiagnostic(implicitBinding);
                }
            }
        }

        /// <summary>
        /// A token the browser must carry in the URL: the parameter of a redirect hop the controller itself sends, a token
        /// of a download link, or of a page an e-mailed link opens (see <see cref="QueryOnlyTransports"/>). Keys and
        /// passwords stay reported.
        /// </summary>
        private bool TravelsInUrlByDesign(IMethodSymbol action, string parameter, CancellationToken cancellationToken)
            => QueryOnlyTransports.NamesToken(parameter)
               && (QueryOnlyTransports.IsRedirectHop(action, parameter, cancellationToken) || QueryOnlyTransports.IsDownloadLink(action, _types, cancellationToken)
                   || QueryOnlyTransports.IsLinkedPage(action, _types, cancellationToken));

        private void AnalyzeEndpoint(OperationAnalysisContext context, IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (_types.IEndpointRouteBuilder is null || !method.IsExtensionMethod || method.Parameters.IsEmpty
                || !method.Parameters[0].Type.IsOrDerivesFrom(_types.IEndpointRouteBuilder))
            {
                return;
            }

            IOperation? handlerValue = null;
            IOperation? patternValue = null;
            IOperation? builderValue = null;
            foreach (var argument in invocation.Arguments)
            {
                switch (argument.Parameter?.Name)
                {
                    case "handler" when argument.Parameter.Type.Name == "Delegate":
                        handlerValue = argument.Value;
                        break;
                    case "pattern":
                        patternValue = argument.Value;
                        break;
                    case "endpoints" or "builder" or "app" or "group":
                        builderValue = argument.Value;
                        break;
                }
            }

            if (handlerValue is null)
                return;
            builderValue ??= invocation.Arguments[0].Value;
            var handler = GetHandlerMethod(handlerValue.WalkDownConversion());
            if (handler is null || handler.Parameters.IsEmpty)
                return;

            // Route values bind before query values; without the full template a parameter may be a route value.
            var pattern = patternValue?.GetConstantString();
            if (pattern is null)
                return;
            if (!TryGetGroupPrefix(builderValue, context.CancellationToken, out var prefix))
                return;

            foreach (var parameter in handler.Parameters)
            {
                if (!IsImplicitlyBoundCandidate(parameter)
                    || RouteTemplates.HasParameter(pattern, parameter.Name)
                    || RouteTemplates.HasParameter(prefix, parameter.Name))
                {
                    continue;
                }

                if (handler.MethodKind is MethodKind.AnonymousFunction or MethodKind.LocalFunction
                    && !parameter.Locations.IsEmpty && parameter.Locations[0].IsInSource)
                {
                    if (ParameterDiagnostic(parameter, context.Options, parameter.Name) is { } diagnostic)
                        context.ReportDiagnostic(diagnostic);
                }
                else if (handler.MethodKind == MethodKind.Ordinary && !Controllers.IsAction(handler, _types))
                {
                    if (ParameterDiagnostic(parameter, context.Options, parameter.Name) is { } diagnostic)
                        context.ReportDiagnostic(diagnostic);
                }
            }
        }

        private static IMethodSymbol? GetHandlerMethod(IOperation handler) => handler switch
        {
            IDelegateCreationOperation creation => GetHandlerMethod(creation.Target.WalkDownConversion()),
            IAnonymousFunctionOperation lambda => lambda.Symbol,
            IMethodReferenceOperation reference => reference.Method,
            _ => null,
        };

        /// <summary>The concatenated constant prefixes of the route groups a builder comes from.</summary>
        private bool TryGetGroupPrefix(IOperation builder, CancellationToken cancellationToken, out string prefix)
        {
            prefix = string.Empty;
            var current = builder.WalkDownConversion();
            for (var depth = 0; depth < 8; depth++)
            {
                if (current is ILocalReferenceOperation)
                {
                    var followed = current.FollowSingleAssignment(cancellationToken);
                    if (followed is ILocalReferenceOperation)
                        return false;
                    current = followed;
                    continue;
                }

                if (current is IInvocationOperation { TargetMethod.Name: "MapGroup" } group)
                {
                    var groupPattern = group.GetArgument("prefix")?.Value.GetConstantString();
                    if (groupPattern is null)
                        return false;
                    prefix = groupPattern + "/" + prefix;
                    var receiver = group.Instance ?? (group.Arguments.Length > 0 ? group.Arguments[0].Value : null);
                    if (receiver is null)
                        return false;
                    current = receiver.WalkDownConversion();
                    continue;
                }

                if (current is IInvocationOperation chained && chained.Type.IsOrDerivesFrom(_types.IEndpointRouteBuilder)
                    && chained.TargetMethod.IsExtensionMethod && chained.Arguments.Length > 0)
                {
                    // Convention calls such as group.RequireAuthorization() return the group itself.
                    current = chained.Arguments[0].Value.WalkDownConversion();
                    continue;
                }

                // The application or another builder whose prefix is not a route group: no more parameters.
                return true;
            }

            return false;
        }

        /// <summary>
        /// True when the parameter carries <c>[FromQuery]</c>; <paramref name="diagnostic"/> is the finding when its key
        /// names a secret. (A diagnostic is returned rather than reported through <c>context.ReportDiagnostic</c>: a
        /// delegate to that method boxes the context struct, once per parameter of every method of the compilation.)
        /// </summary>
        private bool IsExplicitQueryBinding(IParameterSymbol parameter, AnalyzerOptions options, out Diagnostic? diagnostic)
        {
            diagnostic = null;
            if (_fromQuery is null)
                return false;
            var attribute = parameter.GetAttribute(_fromQuery);
            if (attribute is null)
                return false;
            var key = parameter.Name;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Name" && named.Value.Value is string name && name.Length > 0)
                    key = name;
            }

            diagnostic = ParameterDiagnostic(parameter, options, key);
            return true;
        }

        private Diagnostic? ParameterDiagnostic(IParameterSymbol parameter, AnalyzerOptions analyzerOptions, string key)
        {
            if (parameter.Locations.IsEmpty || !parameter.Locations[0].IsInSource)
                return null;
            var location = parameter.Locations[0];
            var options = ActionSecurityOptions.For(analyzerOptions, location.SourceTree!, DiagnosticIds.QueryStringSecret);
            if (!options.IsSecretName(key) || !CanReportType(parameter))
                return null;
            return Diagnostic.Create(Descriptors.QueryStringSecret, location, Properties(options, ReadKindParameter), key);
        }

        /// <summary>A parameter of a type that can carry secret text, and not <c>object</c>: the only parameters reported.</summary>
        private bool CanReportType(IParameterSymbol parameter)
            => ValueSources.IsSecretCarrier(parameter.Type, _types) && parameter.Type.SpecialType != SpecialType.System_Object;

        /// <summary>A parameter that model binding fills from route or query values when it carries no binding attribute.</summary>
        private bool IsImplicitlyBoundCandidate(IParameterSymbol parameter)
        {
            if (parameter.RefKind != RefKind.None || parameter.IsParams)
                return false;
            if (!IsSimpleQueryType(parameter.Type))
                return false;
            foreach (var attribute in parameter.GetAttributes())
            {
                // Any binding-source or model-binder attribute ([FromHeader], [FromRoute], [FromServices], [FromKeyedServices], ...)
                // states where the value comes from.
                var attributeClass = attribute.AttributeClass;
                if (attributeClass is null)
                    continue;
                if (attributeClass.Implements(_types.IBindingSourceMetadata) || attributeClass.Name is "FromKeyedServicesAttribute" or "AsParametersAttribute")
                    return false;
            }

            return true;
        }

        /// <summary><c>string</c>, <c>string[]</c> or <c>StringValues</c>: the types model binding fills from one query key.</summary>
        private bool IsSimpleQueryType(ITypeSymbol type)
            => type.SpecialType == SpecialType.System_String
               || type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_String }
               || SymbolEqualityComparer.Default.Equals(type, _types.StringValues);

        private bool IsRouteParameterOfAction(IMethodSymbol method, string name)
        {
            if (name == "id")
                return true;
            foreach (var template in Controllers.GetRouteTemplates(method, _types))
            {
                if (RouteTemplates.HasParameter(template, name))
                    return true;
            }

            return false;
        }

        private static ImmutableDictionary<string, string?> Properties(ActionSecurityOptions options, string kind)
            => ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticProperties.SecretHeader, options.SecretHeader)
                .Add(DiagnosticProperties.ReadKind, kind);
    }
}
