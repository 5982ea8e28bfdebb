using System;
using System.Collections.Immutable;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using ActionSecurity.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Rules;

/// <summary>AS0008: Secret is written to a log.</summary>
/// <remarks>
/// Sinks: <c>ILogger</c> extension methods and <c>ILogger.Log</c>, <c>[LoggerMessage]</c> methods, <c>Console.Write*</c>
/// (and <c>Console.Out</c>/<c>Console.Error</c>), <c>Debug</c>/<c>Trace</c> writes, <c>Activity.SetTag/AddTag/SetBaggage/AddBaggage</c>,
/// and the Lambda logger. An argument is looked into through interpolations, concatenations, <c>string.Format</c>/<c>Concat</c>/<c>Join</c>,
/// <c>params</c> arrays and anonymous objects, and each secret part is reported where it is written. Also reports logging the
/// whole URL or query string of a request from whose query string the handler reads a secret.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SecretLoggedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The secret is a whole argument of the sink (or an element of its <c>params</c> array).</summary>
    internal const string FormArgument = "Argument";

    /// <summary>The secret is a hole of an interpolated string.</summary>
    internal const string FormInterpolation = "Interpolation";

    /// <summary>The secret is an operand of a string concatenation or of <c>string.Format</c>/<c>Concat</c>/<c>Join</c>, or a member of an anonymous object.</summary>
    internal const string FormPart = "Part";

    /// <summary>The whole URL or query string of a request that carries a secret in its query string.</summary>
    internal const string FormUrl = "Url";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.SecretLogged);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(static start =>
        {
            var sinks = LogSinks.Create(start.Compilation);
            if (!sinks.HasAny)
                return;
            var state = new State(KnownTypes.GetOrCreate(start.Compilation), sinks);
            start.RegisterOperationAction(state.AnalyzeInvocation, OperationKind.Invocation);
        });
    }

    private sealed class State
    {
        private readonly KnownTypes _types;
        private readonly LogSinks _sinks;

        public State(KnownTypes types, LogSinks sinks)
        {
            _types = types;
            _sinks = sinks;
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (!_sinks.IsSink(invocation))
                return;
            ActionSecurityOptions? options = null;
            foreach (var argument in invocation.Arguments)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (!IsLoggedArgument(invocation, argument))
                    continue;
                options ??= ActionSecurityOptions.For(context.Options, invocation.Syntax.SyntaxTree, DiagnosticIds.SecretLogged);
                if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } elements })
                {
                    foreach (var element in elements.ElementValues)
                        Inspect(context, element, FormArgument, options, 0);
                }
                else
                {
                    Inspect(context, argument.Value, FormArgument, options, 0);
                }
            }
        }

        private static bool IsLoggedArgument(IInvocationOperation invocation, IArgumentOperation argument)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                return false;
            var parameter = argument.Parameter;
            if (parameter is null)
                return false;
            if (invocation.TargetMethod.IsExtensionMethod && parameter.Ordinal == 0)
                return false;
            var type = parameter.Type;
            return type.TypeKind != TypeKind.Delegate && type.TypeKind != TypeKind.Enum && type.SpecialType != SpecialType.System_Boolean
                   && parameter.Name is not ("key" or "eventId" or "exception" or "logLevel" or "category" or "formatter");
        }

        private void Inspect(OperationAnalysisContext context, IOperation value, string form, ActionSecurityOptions options, int depth)
        {
            if (depth > 4)
                return;
            var operation = value.WalkDownConversion();
            switch (operation)
            {
                case IInterpolatedStringOperation interpolated:
                    foreach (var part in interpolated.Parts)
                    {
                        if (part is IInterpolationOperation interpolation)
                            Inspect(context, interpolation.Expression, FormInterpolation, options, depth + 1);
                    }

                    return;

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation when concatenation.Type?.SpecialType == SpecialType.System_String:
                    Inspect(context, concatenation.LeftOperand, FormPart, options, depth + 1);
                    Inspect(context, concatenation.RightOperand, FormPart, options, depth + 1);
                    return;

                case IInvocationOperation { TargetMethod: { Name: "Format" or "Concat" or "Join", ContainingType.SpecialType: SpecialType.System_String } } format:
                    foreach (var argument in format.Arguments)
                    {
                        if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } elements })
                        {
                            foreach (var element in elements.ElementValues)
                                Inspect(context, element, FormPart, options, depth + 1);
                        }
                        else if (argument.Value.Type?.SpecialType != SpecialType.System_String || argument.Value.ConstantValue.HasValue is false)
                        {
                            Inspect(context, argument.Value, FormPart, options, depth + 1);
                        }
                    }

                    return;

                case IAnonymousObjectCreationOperation anonymous:
                    foreach (var member in anonymous.Initializers)
                    {
                        if (member is ISimpleAssignmentOperation assignment)
                            Inspect(context, assignment.Value, FormPart, options, depth + 1);
                    }

                    return;
            }

            // A constant is logged only when it is a secret-named const holding a value (not a key name): const ApiKey = "sk_...".
            if (operation.ConstantValue.HasValue && !IsSecretConstant(operation))
                return;

            // A prefix or substring of a secret is reported as the secret: secret[..10], Substring(0, n), AsSpan(0, n).
            var carrier = UnwrapSlice(operation, _sinks, context.CancellationToken);
            if (carrier is null)
                return;
            var evidence = ValueSources.GetSecretEvidenceOnce(carrier, _types, options, context.CancellationToken);
            if (evidence.IsSecret)
            {
                if (!IsInvalidated(carrier))
                    Report(context, operation, form, evidence.Name);
                return;
            }

            var collection = GetRequestCollection(operation, context.CancellationToken);
            if (collection is not null)
            {
                Report(context, operation, form, collection);
                return;
            }

            var queryKey = GetLoggedUrlSecretKey(operation, options, context.CancellationToken);
            if (queryKey is not null)
                Report(context, operation, FormUrl, queryKey);
        }

        /// <summary>
        /// True when the logged secret opens nothing any more: the body that logs it revokes it (passes it, or the object
        /// it is read from, to a <c>Remove…</c>, <c>TryRemove…</c>, <c>Delete…</c>, <c>Revoke…</c>, <c>Invalidate…</c> or
        /// <c>Expire…</c> call), or it is logged in the <c>catch</c> of a <c>try</c> that unprotects or decrypts it (a token
        /// that failed decryption is forged, tampered with or sealed with a retired key).
        /// </summary>
        private static bool IsInvalidated(IOperation carrier)
        {
            var value = carrier.WalkDownConversion();
            var logged = LoggedValue.Of(value);
            if (!logged.IsKnown)
                return false;
            for (var current = value.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                    break;
                if (current is ICatchClauseOperation { Parent: ITryOperation attempt })
                {
                    if (PassesTo(attempt.Body, logged, IsDecryption, includeOwner: false))
                        return true;
                    break;
                }
            }

            return PassesTo(value.GetContainingBody(), logged, IsRevocation, includeOwner: true);
        }

        private static bool IsDecryption(string name)
            => name.StartsWith("Unprotect", StringComparison.Ordinal) || name.StartsWith("TryUnprotect", StringComparison.Ordinal)
               || name.StartsWith("Decrypt", StringComparison.Ordinal) || name.StartsWith("TryDecrypt", StringComparison.Ordinal);

        private static bool IsRevocation(string name)
            => name.StartsWith("Remove", StringComparison.Ordinal) || name.StartsWith("TryRemove", StringComparison.Ordinal)
               || name.StartsWith("Delete", StringComparison.Ordinal) || name.StartsWith("Revoke", StringComparison.Ordinal)
               || name.StartsWith("Invalidate", StringComparison.Ordinal) || name.StartsWith("Expire", StringComparison.Ordinal);

        /// <summary>True when <paramref name="root"/> calls a method <paramref name="isMatch"/> accepts with the logged value as an argument.</summary>
        private static bool PassesTo(IOperation root, LoggedValue logged, Func<string, bool> isMatch, bool includeOwner)
        {
            foreach (var descendant in root.DescendantsAndSelf())
            {
                if (descendant is not IInvocationOperation call || !isMatch(call.TargetMethod.Name))
                    continue;
                foreach (var argument in call.Arguments)
                {
                    if (logged.Matches(argument.Value, includeOwner))
                        return true;
                }
            }

            return false;
        }

        /// <summary>What a logged value reads: a symbol (with the object it is read from), or <c>this</c>.</summary>
        private readonly struct LoggedValue
        {
            private readonly ISymbol? _symbol;
            private readonly ISymbol? _owner;
            private readonly bool _isThis;

            private LoggedValue(ISymbol? symbol, ISymbol? owner, bool isThis)
            {
                _symbol = symbol;
                _owner = owner;
                _isThis = isThis;
            }

            public bool IsKnown => _symbol is not null || _isThis;

            public static LoggedValue Of(IOperation operation)
            {
                operation = StripToString(operation);
                if (operation is IInstanceReferenceOperation)
                    return new LoggedValue(null, null, isThis: true);
                var owner = operation is IMemberReferenceOperation { Instance: { } instance } ? instance.GetReferencedSymbol() : null;
                return new LoggedValue(operation.GetReferencedSymbol(), owner, isThis: false);
            }

            /// <summary>True when <paramref name="argument"/> is the logged value, or (with <paramref name="includeOwner"/>) the object it is read from.</summary>
            public bool Matches(IOperation argument, bool includeOwner)
            {
                var other = Of(argument);
                if (_isThis)
                    return other._isThis;
                if (other._symbol is null)
                    return false;
                if (SymbolEqualityComparer.Default.Equals(other._symbol, _symbol) && SymbolEqualityComparer.Default.Equals(other._owner, _owner))
                    return true;
                return includeOwner && _owner is not null && other._owner is null && SymbolEqualityComparer.Default.Equals(other._symbol, _owner);
            }

            private static IOperation StripToString(IOperation operation)
            {
                operation = operation.WalkDownConversion();
                while (operation is IInvocationOperation { TargetMethod.Name: "ToString", Arguments.Length: 0, Instance: { } instance })
                    operation = instance.WalkDownConversion();
                return operation;
            }
        }

        /// <summary>
        /// A secret-named <c>const</c> whose text looks like a value, not like the name of one: random-looking text, or
        /// letters mixed with digits or symbols (<c>"P@ssw0rd!"</c>). Key names (<c>"X-Api-Key"</c>, <c>"hostwebclient"</c>,
        /// <c>"Auth:Password"</c>) and placeholders are not secrets.
        /// </summary>
        private static bool IsSecretConstant(IOperation operation)
        {
            if (operation is not (IFieldReferenceOperation { Field.IsConst: true } or ILocalReferenceOperation { Local.IsConst: true }))
                return false;
            var value = operation.ConstantValue.Value as string;
            if (value is null || value.Length < 6 || SecretText.LooksLikeKeyName(value) || SecretText.IsPlaceholder(value))
                return false;
            if (SecretText.IsHighEntropy(value))
                return true;
            bool letters = false, digitsOrSymbols = false;
            foreach (var c in value)
            {
                if (char.IsWhiteSpace(c))
                    return false;
                if (char.IsLetter(c))
                    letters = true;
                else if (c is not (':' or '_' or '-' or '.' or '/'))
                    digitsOrSymbols = true;
            }

            return letters && digitsOrSymbols;
        }

        /// <summary>
        /// The string a slice is taken from: <c>secret[..10]</c>, <c>secret[2..]</c>, <c>secret.Substring(0, n)</c>,
        /// <c>secret.AsSpan(0, n)</c>, <c>span.Slice(0, n)</c>, <c>Remove(n)</c>, and <c>ToString()</c> of a span. The last
        /// four characters at most (<c>secret[^4..]</c>, <c>Substring(secret.Length - 4)</c>), the usual masked form, are
        /// not a slice worth reporting: null. Returns <paramref name="operation"/> itself when it is no slice.
        /// </summary>
        private static IOperation? UnwrapSlice(IOperation operation, LogSinks sinks, CancellationToken cancellationToken)
        {
            // The body is looked up (a walk to the root) only for a slice, which few logged values are.
            var logged = operation;
            for (var depth = 0; depth < 4; depth++)
            {
                operation = operation.WalkDownConversion();
                switch (operation)
                {
                    case ILocalReferenceOperation local when depth == 0:
                        // var prefix = secret[..10]; log(prefix)
                        if (!MayHoldSlice(local.Local))
                            return operation;
                        var followed = operation.FollowSingleAssignment(cancellationToken, depth: 1).WalkDownConversion();
                        if (followed is not (IImplicitIndexerReferenceOperation or IInvocationOperation { TargetMethod.Name: "Substring" or "Remove" or "AsSpan" or "AsMemory" or "Slice" }))
                            return operation;
                        operation = followed;
                        continue;
                    case IImplicitIndexerReferenceOperation { Instance: { } instance, Argument: var argument }:
                        if (IsShortSuffix(argument.WalkDownConversion()) || RevealsOnlyFormatMarker(instance, logged.GetContainingBody(), PrefixLength(argument.WalkDownConversion()), cancellationToken))
                            return null;
                        operation = instance;
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "Substring" or "Remove", Instance: { Type.SpecialType: SpecialType.System_String } instance } substring:
                        if (substring.TargetMethod.Name == "Substring" && substring.Arguments.Length == 1 && IsLengthMinusShort(substring.Arguments[0].Value, instance))
                            return null;
                        if (substring.TargetMethod.Name == "Substring" && substring.Arguments.Length == 2 && substring.Arguments[0].Value.ConstantValue is { HasValue: true, Value: 0 }
                            && RevealsOnlyFormatMarker(instance, logged.GetContainingBody(), substring.Arguments[1].Value.ConstantValue is { HasValue: true, Value: int length } ? length : -1, cancellationToken))
                        {
                            return null;
                        }

                        operation = instance;
                        continue;
                    case IInvocationOperation { TargetMethod: { Name: "AsSpan" or "AsMemory", IsExtensionMethod: true } } span when span.Arguments.Length > 0:
                        operation = span.Arguments[0].Value;
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "Slice" or "ToString", Instance: { Type: INamedTypeSymbol instanceType } instance }
                        when sinks.IsSpanOrMemory(instanceType):
                        operation = instance;
                        continue;
                    default:
                        return operation;
                }
            }

            return operation;
        }

        /// <summary>
        /// False when the local's declaration already shows it holds no slice: an initializer that is no element access
        /// and no <c>Substring</c>/<c>Remove</c>/<c>AsSpan</c>/<c>AsMemory</c>/<c>Slice</c> call (a later assignment would
        /// make two writes, which is no single value either). Spares building the body's local writes for every logged local.
        /// </summary>
        private static bool MayHoldSlice(ILocalSymbol local)
        {
            if (local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value })
            {
                return true;
            }

            while (true)
            {
                switch (value)
                {
                    case ParenthesizedExpressionSyntax parenthesized:
                        value = parenthesized.Expression;
                        continue;
                    case CastExpressionSyntax cast:
                        value = cast.Expression;
                        continue;
                    case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed:
                        value = suppressed.Operand;
                        continue;
                    case ElementAccessExpressionSyntax:
                        return true;
                    case InvocationExpressionSyntax { Expression: var callee }:
                        var name = SyntaxIndex.RightmostName(callee);
                        return name is null or "Substring" or "Remove" or "AsSpan" or "AsMemory" or "Slice";
                    case ConditionalAccessExpressionSyntax:
                        return true;
                    default:
                        return false;
                }
            }
        }

        /// <summary>The length of a leading range, <c>..n</c> or <c>0..n</c>; -1 for any other argument.</summary>
        private static int PrefixLength(IOperation argument)
            => argument is IRangeOperation { RightOperand: { } right } range
               && right.WalkDownConversion().ConstantValue is { HasValue: true, Value: int count }
               && (range.LeftOperand is null || range.LeftOperand.WalkDownConversion().ConstantValue is { HasValue: true, Value: 0 })
                ? count
                : -1;

        /// <summary>
        /// True when the first <paramref name="count"/> characters of <paramref name="instance"/> show at most four
        /// characters beyond the public marker of a credential format the same body checks the value starts with
        /// (<c>if (!secret.StartsWith("whsec_")) return; … secret[..10]</c>): no more than the masked last-four form.
        /// <paramref name="body"/> is the body that logs it.
        /// </summary>
        private static bool RevealsOnlyFormatMarker(IOperation instance, IOperation? body, int count, CancellationToken cancellationToken)
        {
            if (count < 0 || body is null || instance.GetReferencedSymbol() is not { } symbol)
                return false;
            foreach (var descendant in body.DescendantsAndSelf())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (descendant is IInvocationOperation { TargetMethod.Name: "StartsWith", Instance: { } checkedValue } startsWith
                    && startsWith.Arguments.Length >= 1 && startsWith.Arguments[0].Value.GetConstantString() is { } marker
                    && count - marker.Length <= 4 && CredentialFormats.IsFormatMarker(marker)
                    && SymbolEqualityComparer.Default.Equals(checkedValue.GetReferencedSymbol(), symbol))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>^1</c> … <c>^4</c> as the start of a range to the end.</summary>
        private static bool IsShortSuffix(IOperation argument)
            => argument is IRangeOperation { LeftOperand: IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat, Operand.ConstantValue: { HasValue: true, Value: int count } }, RightOperand: null }
               && count <= 4;

        /// <summary><c>s.Length - 1</c> … <c>s.Length - 4</c>.</summary>
        private static bool IsLengthMinusShort(IOperation start, IOperation instance)
            => start.WalkDownConversion() is IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract, LeftOperand: IPropertyReferenceOperation { Property.Name: "Length" } length, RightOperand.ConstantValue: { HasValue: true, Value: int count } }
               && count <= 4 && length.Instance?.GetReferencedSymbol() is { } symbol
               && SymbolEqualityComparer.Default.Equals(symbol, instance.GetReferencedSymbol());

        /// <summary>
        /// When <paramref name="operation"/> is a whole header, query or cookie collection of a request (incoming or, in a
        /// typed client, outgoing), or its text, a short description of it; otherwise null. Such collections carry
        /// <c>Authorization</c>, API-key headers, session cookies and query tokens.
        /// </summary>
        private string? GetRequestCollection(IOperation operation, CancellationToken cancellationToken)
        {
            for (var depth = 0; depth < 4; depth++)
            {
                operation = operation.WalkDownConversion();
                switch (operation)
                {
                    case IInvocationOperation { TargetMethod.Name: "ToString", Arguments.Length: 0, Instance: { } instance }:
                        operation = instance;
                        continue;
                    case IPropertyReferenceOperation { Property.Name: "Value", Instance: { } instance } when SymbolEqualityComparer.Default.Equals(instance.Type, _sinks.QueryString):
                        operation = instance;
                        continue;
                    case ILocalReferenceOperation:
                        var followed = operation.FollowSingleAssignment(cancellationToken);
                        if (ReferenceEquals(followed, operation) || followed is ILocalReferenceOperation)
                            return null;
                        operation = followed;
                        continue;
                    case IPropertyReferenceOperation { Property.IsIndexer: false, Instance: { } owner } property:
                        var part = property.Property.Name switch
                        {
                            "Headers" or "MultiValueHeaders" => "request headers",
                            "Query" or "QueryString" or "QueryStringParameters" or "MultiValueQueryStringParameters" => "query string",
                            "Cookies" => "request cookies",
                            _ => null,
                        };
                        return part is not null && IsRequest(owner.Type) ? part : null;
                    default:
                        return null;
                }
            }

            return null;
        }

        private bool IsRequest(ITypeSymbol? type)
            => type.InheritsFromOrEquals(_types.HttpRequest) || type.InheritsFromOrEquals(_types.HttpRequestData)
               || type.InheritsFromOrEquals(_types.SystemWebHttpRequest) || type.InheritsFromOrEquals(_types.SystemWebHttpRequestBase)
               || type.InheritsFromOrEquals(_types.HttpListenerRequest) || type.InheritsFromOrEquals(_sinks.HttpRequestMessage)
               || type.InheritsFromOrEquals(_types.APIGatewayProxyRequest) || type.InheritsFromOrEquals(_types.APIGatewayHttpApiV2ProxyRequest);

        private static void Report(OperationAnalysisContext context, IOperation operation, string form, string name)
        {
            var properties = form switch
            {
                FormArgument => ArgumentProperties,
                FormInterpolation => InterpolationProperties,
                FormPart => PartProperties,
                _ => ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Form, form),
            };
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.SecretLogged, operation.Syntax.GetLocation(), properties, name));
        }

        private static readonly ImmutableDictionary<string, string?> ArgumentProperties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Form, FormArgument);
        private static readonly ImmutableDictionary<string, string?> InterpolationProperties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Form, FormInterpolation);
        private static readonly ImmutableDictionary<string, string?> PartProperties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Form, FormPart);

        /// <summary>
        /// When <paramref name="operation"/> is the whole URL or query string of a request and the enclosing handler reads a
        /// secret from that query string, the secret's key; otherwise null.
        /// </summary>
        private string? GetLoggedUrlSecretKey(IOperation operation, ActionSecurityOptions options, CancellationToken cancellationToken)
        {
            if (!IsUrlOrQueryString(operation))
                return null;
            foreach (var descendant in operation.GetContainingBody().DescendantsAndSelf())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (descendant is not (IPropertyReferenceOperation { Property.IsIndexer: true } or IInvocationOperation))
                    continue;
                var read = RequestSources.Classify(descendant, _types, cancellationToken);
                if (read.Part is RequestPart.Query or RequestPart.Params && options.IsSecretName(read.Key))
                    return read.Key;
            }

            return null;
        }

        /// <summary>
        /// <c>request.QueryString</c>, <c>request.GetDisplayUrl()</c>/<c>GetEncodedUrl()</c>/<c>GetEncodedPathAndQuery()</c>,
        /// <c>req.Url</c>, <c>req.Url.Query</c>, <c>RawUrl</c>, and <c>ToString()</c>/<c>Value</c> of them.
        /// </summary>
        private bool IsUrlOrQueryString(IOperation operation)
        {
            for (var depth = 0; depth < 4; depth++)
            {
                operation = operation.WalkDownConversion();
                switch (operation)
                {
                    case IInvocationOperation { TargetMethod.Name: "GetDisplayUrl" or "GetEncodedUrl" or "GetEncodedPathAndQuery" } url
                        when url.Arguments.Length == 1:
                        return url.Arguments[0].Value.Type.InheritsFromOrEquals(_types.HttpRequest);

                    case IInvocationOperation { TargetMethod.Name: "ToString", Arguments.Length: 0, Instance: { } instance }:
                        operation = instance;
                        continue;

                    case IPropertyReferenceOperation { Property.Name: "Value" or "Query" or "PathAndQuery" or "AbsoluteUri" or "OriginalString" } part
                        when part.Instance is not null && (part.Property.Name != "Value" || SymbolEqualityComparer.Default.Equals(part.Instance.Type, _sinks.QueryString)):
                        if (part.Property.Name == "Query" && !SymbolEqualityComparer.Default.Equals(part.Instance.Type, _sinks.Uri))
                            return false;
                        operation = part.Instance;
                        continue;

                    case IPropertyReferenceOperation { Property.Name: "QueryString" or "Url" or "RawUrl" } request when request.Instance is not null:
                    {
                        var type = request.Instance.Type;
                        return type.InheritsFromOrEquals(_types.HttpRequest) || type.InheritsFromOrEquals(_types.HttpRequestData)
                               || type.InheritsFromOrEquals(_types.SystemWebHttpRequest) || type.InheritsFromOrEquals(_types.SystemWebHttpRequestBase)
                               || type.InheritsFromOrEquals(_types.HttpListenerRequest);
                    }

                    default:
                        return false;
                }
            }

            return false;
        }
    }
}
