using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

/// <summary>Why a value counts as a secret.</summary>
internal enum SecretKind
{
    None,

    /// <summary>A local, parameter, field or property whose name denotes a secret.</summary>
    SecretNamedSymbol,

    /// <summary>A request header, query, form or route value under a secret key.</summary>
    RequestValue,

    /// <summary>An environment variable, configuration value or bound option under a secret key.</summary>
    SecretStore,

    /// <summary>The output of an HMAC or hash function, or a text encoding of it.</summary>
    HashOutput,
}

/// <summary>What the value-source tracing found out about a value.</summary>
internal readonly struct SecretEvidence
{
    public SecretEvidence(SecretKind kind, string name, IOperation source, RequestPart requestPart = RequestPart.None)
    {
        Kind = kind;
        Name = name;
        Source = source;
        RequestPart = requestPart;
    }

    public SecretKind Kind { get; }

    /// <summary>The symbol name or key that makes the value a secret; used in messages.</summary>
    public string Name { get; }

    /// <summary>The operation where the secret originates (after following locals and transparent conversions).</summary>
    public IOperation Source { get; }

    public RequestPart RequestPart { get; }

    public bool IsSecret => Kind != SecretKind.None;
}

/// <summary>
/// "Where did this value come from?" for the secret-ness rules of docs/design.md. Follows locals assigned once to their value
/// and looks through calls that keep a value secret (<c>ToString</c>, <c>Trim</c>, <c>Encoding.UTF8.GetBytes</c>,
/// <c>Convert.ToHexString</c>, <c>?? ""</c>, ...).
/// </summary>
internal static partial class ValueSources
{
    private const int MaxDepth = 8;

    /// <summary>
    /// The answer for each operation asked about, with the options it was worked out under. The same operands are asked
    /// about by AS0003 (the comparison), AS0004 (the handler's secret check), AS0006 and AS0007 (the guard's sense), each
    /// following locals and calls again; operation trees are shared by every analyzer of a compilation, so the first
    /// answer serves the others. Weak keys: an entry lives as long as its operation tree and keeps nothing alive.
    /// </summary>
    private static readonly StripedWeakTable<IOperation, EvidenceSlot> Known = new();

    public static SecretEvidence GetSecretEvidence(IOperation? value, KnownTypes types, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        // An operation of another kind carries no secret (Evaluate answers no at once): answered without a cache entry,
        // which costs more than that answer (a lock, a weak handle the collector tracks). Most operands asked about are
        // literals, creations and the like. (A parameter keeps its entry: its binding attributes cost more to read again
        // than the entry does, as AS0003's time in the L build showed when it had none.)
        if (value is null || !MayCarrySecret(value.WalkDownConversion().Kind))
            return default;
        var slot = Known.GetValue(value, static _ => new EvidenceSlot());
        if (slot.Last is { } known && ReferenceEquals(known.Options, options))
            return known.Evidence;
        var evidence = Evaluate(value, types, options, cancellationToken, MaxDepth);
        slot.Last = new KnownEvidence(options, evidence);
        return evidence;
    }

    /// <summary>
    /// <see cref="GetSecretEvidence"/> for a value no other rule asks about (a logged argument): worked out without a
    /// cache entry, since only the one caller would read it.
    /// </summary>
    public static SecretEvidence GetSecretEvidenceOnce(IOperation? value, KnownTypes types, ActionSecurityOptions options, CancellationToken cancellationToken)
        => value is null || !MayCarrySecret(value.WalkDownConversion().Kind) ? default : Evaluate(value, types, options, cancellationToken, MaxDepth);

    /// <summary>The last answer for one operation; replaced whole, so a reader sees an answer and its options together.</summary>
    private sealed class EvidenceSlot
    {
        private volatile KnownEvidence? _last;

        public KnownEvidence? Last
        {
            get => _last;
            set => _last = value;
        }
    }

    /// <summary>An answer of <see cref="GetSecretEvidence"/> and the options it holds under.</summary>
    private sealed class KnownEvidence(ActionSecurityOptions options, SecretEvidence evidence)
    {
        public ActionSecurityOptions Options { get; } = options;

        public SecretEvidence Evidence { get; } = evidence;
    }

    /// <summary>The kinds of operation <see cref="Evaluate"/> looks into; it answers no for every other.</summary>
    private static bool MayCarrySecret(OperationKind kind)
        => kind is OperationKind.LocalReference or OperationKind.ParameterReference or OperationKind.FieldReference
            or OperationKind.ArrayElementReference or OperationKind.PropertyReference or OperationKind.Invocation
            or OperationKind.Coalesce or OperationKind.ConditionalAccess or OperationKind.Conditional
            or OperationKind.ConditionalAccessInstance or OperationKind.Binary or OperationKind.InterpolatedString;

    private static SecretEvidence Evaluate(IOperation value, KnownTypes types, ActionSecurityOptions options, CancellationToken cancellationToken, int depth)
    {
        if (depth <= 0)
            return default;
        cancellationToken.ThrowIfCancellationRequested();
        value = value.WalkDownConversion();

        // Every kind a case below takes is in MayCarrySecret, which answers the others without coming here.
        switch (value)
        {
            case ILocalReferenceOperation local:
            {
                var followed = value.FollowSingleAssignment(cancellationToken, depth: 1);
                if (IsSecretCarrier(local.Local.Type, types) && options.IsSecretName(local.Local.Name))
                {
                    // var expectedSecret = config["Webhooks:Token"]: a secret-store read whatever the local is called.
                    if (!ReferenceEquals(followed, value) && followed is not ILocalReferenceOperation)
                    {
                        if (Evaluate(followed, types, options, cancellationToken, depth - 1) is { Kind: SecretKind.SecretStore } stored)
                            return stored;
                        var read = followed is ICoalesceOperation coalesce ? coalesce.Value : followed;
                        if (GetSecretStoreKey(read, types) is not null)
                            return new SecretEvidence(SecretKind.SecretStore, local.Local.Name, read);
                    }

                    return new SecretEvidence(SecretKind.SecretNamedSymbol, local.Local.Name, value);
                }

                if (ReferenceEquals(followed, value) || followed is ILocalReferenceOperation { } same && SymbolEqualityComparer.Default.Equals(same.Local, local.Local))
                {
                    // Locals written once by an out argument or declared by a pattern.
                    var source = FollowLocal(local, cancellationToken);
                    if (source is IInvocationOperation outRead && IsOutRead(outRead))
                    {
                        var read = RequestSources.Classify(outRead, types, cancellationToken);
                        return read.IsValid && options.IsSecretName(read.Key)
                            ? new SecretEvidence(SecretKind.RequestValue, read.Key, outRead, read.Part)
                            : default;
                    }

                    return source is null ? default : Evaluate(source, types, options, cancellationToken, depth - 1);
                }

                return Evaluate(followed, types, options, cancellationToken, depth - 1);
            }

            case IParameterReferenceOperation parameter:
            {
                var symbol = parameter.Parameter;
                var bound = GetBoundRequestKey(symbol, types, out var part);
                if (bound is not null)
                {
                    return options.IsSecretName(bound)
                        ? new SecretEvidence(SecretKind.RequestValue, bound, value, part)
                        : default;
                }

                return IsSecretCarrier(symbol.Type, types) && options.IsSecretName(symbol.Name)
                    ? new SecretEvidence(SecretKind.SecretNamedSymbol, symbol.Name, value)
                    : default;
            }

            case IFieldReferenceOperation field:
            {
                if (!IsSecretCarrier(field.Field.Type, types))
                    return default;
                if (options.IsSecretName(field.Field.Name))
                    return new SecretEvidence(SecretKind.SecretNamedSymbol, field.Field.Name, value);

                // A field the type assigns once, in its initializer or a constructor: _expected = configuration["Secret"].
                var assigned = FindMemberAssignment(field.Field, value, cancellationToken);
                return assigned.Value is null ? default : Evaluate(assigned.Value, types, options, cancellationToken, depth - 1);
            }

            case IArrayElementReferenceOperation element:
                // header.Split(',')[1], values[0]
                return Evaluate(element.ArrayReference, types, options, cancellationToken, depth - 1);

            case IPropertyReferenceOperation property:
            {
                var read = RequestSources.Classify(property, types, cancellationToken);
                if (read.IsValid)
                {
                    return options.IsSecretName(read.Key)
                        ? new SecretEvidence(SecretKind.RequestValue, read.Key, value, read.Part)
                        : default;
                }

                var storeKey = GetSecretStoreKey(property, types);
                if (storeKey is not null)
                {
                    return options.IsSecretName(storeKey)
                        ? new SecretEvidence(SecretKind.SecretStore, storeKey, value)
                        : default;
                }

                if (!property.Property.IsIndexer && IsSecretCarrier(property.Property.Type, types) && options.IsSecretName(property.Property.Name))
                {
                    var kind = IsBoundOption(property.Instance, types, cancellationToken) || IsSettingsObject(property.Instance)
                        ? SecretKind.SecretStore
                        : SecretKind.SecretNamedSymbol;
                    return new SecretEvidence(kind, property.Property.Name, value);
                }

                // hmac.Hash after TransformFinalBlock.
                if (property.Property.Name == "Hash" && property.Property.ContainingType.InheritsFromOrEquals(types.HashAlgorithm))
                    return new SecretEvidence(SecretKind.HashOutput, property.Property.Name, value);

                // headers["X-Secret"][0]: an element of a StringValues or array keeps its secret-ness.
                if (property.Property.IsIndexer && property.Instance is not null && property.Arguments.Length == 1
                    && property.Arguments[0].Value.Type?.SpecialType == SpecialType.System_Int32
                    && SymbolEqualityComparer.Default.Equals(property.Instance.Type, types.StringValues))
                {
                    return Evaluate(property.Instance, types, options, cancellationToken, depth - 1);
                }

                // A get-only auto-property assigned once in a constructor.
                if (!property.Property.IsIndexer && IsSecretCarrier(property.Property.Type, types))
                {
                    var assigned = FindMemberAssignment(property.Property, value, cancellationToken);
                    if (assigned.Value is not null)
                        return Evaluate(assigned.Value, types, options, cancellationToken, depth - 1);
                }

                return default;
            }

            case IInvocationOperation invocation:
                return EvaluateInvocation(invocation, types, options, cancellationToken, depth);

            case ICoalesceOperation coalesce:
                return Evaluate(coalesce.Value, types, options, cancellationToken, depth - 1);

            case IConditionalAccessOperation conditionalAccess:
                return Evaluate(conditionalAccess.WhenNotNull, types, options, cancellationToken, depth - 1);

            // headers.TryGetValues("X-Action-Secret", out var values) ? string.Join(",", values) : null: the branch that
            // is not a constant carries the value (the header read the AS0002 fix writes for the isolated worker).
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional when conditional.Type is not null:
            {
                var whenTrue = conditional.WhenTrue.WalkDownConversion().ConstantValue.HasValue
                    ? default
                    : Evaluate(conditional.WhenTrue, types, options, cancellationToken, depth - 1);
                return whenTrue.IsSecret || whenFalse.WalkDownConversion().ConstantValue.HasValue
                    ? whenTrue
                    : Evaluate(whenFalse, types, options, cancellationToken, depth - 1);
            }

            case IConditionalAccessInstanceOperation instance:
            {
                for (IOperation? parent = instance.Parent; parent is not null; parent = parent.Parent)
                {
                    if (parent is IConditionalAccessOperation access)
                        return Evaluate(access.Operation, types, options, cancellationToken, depth - 1);
                }

                return default;
            }

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation
                when concatenation.Type?.SpecialType == SpecialType.System_String:
            {
                // "sha256=" + hex keeps the secret-ness of its non-constant part.
                var left = concatenation.LeftOperand.GetConstantString() is null
                    ? Evaluate(concatenation.LeftOperand, types, options, cancellationToken, depth - 1)
                    : default;
                return left.IsSecret
                    ? left
                    : concatenation.RightOperand.GetConstantString() is null
                        ? Evaluate(concatenation.RightOperand, types, options, cancellationToken, depth - 1)
                        : default;
            }

            case IInterpolatedStringOperation interpolated:
            {
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation interpolation)
                    {
                        var evidence = Evaluate(interpolation.Expression, types, options, cancellationToken, depth - 1);
                        if (evidence.IsSecret)
                            return evidence;
                    }
                }

                return default;
            }

            default:
                return default;
        }
    }

    private static SecretEvidence EvaluateInvocation(IInvocationOperation invocation, KnownTypes types, ActionSecurityOptions options, CancellationToken cancellationToken, int depth)
    {
        var method = invocation.TargetMethod;
        var read = RequestSources.Classify(invocation, types, cancellationToken);
        if (read.IsValid && method.Name is "Get" or "GetValues" or "GetValueOrDefault")
        {
            return options.IsSecretName(read.Key)
                ? new SecretEvidence(SecretKind.RequestValue, read.Key, invocation, read.Part)
                : default;
        }

        var storeKey = GetSecretStoreKey(invocation, types);
        if (storeKey is not null)
        {
            return options.IsSecretName(storeKey)
                ? new SecretEvidence(SecretKind.SecretStore, storeKey, invocation)
                : default;
        }

        if (IsHashComputation(invocation, types))
            return new SecretEvidence(SecretKind.HashOutput, method.Name, invocation);

        // Calls that keep the secret-ness of their receiver or first argument.
        switch (method.Name)
        {
            case "ToString" or "Trim" or "TrimStart" or "TrimEnd" or "ToLower" or "ToLowerInvariant" or "ToUpper"
                or "ToUpperInvariant" or "Replace" or "Substring" or "First" or "FirstOrDefault" or "Single"
                or "SingleOrDefault" or "Last" or "LastOrDefault" or "ToArray" or "AsSpan" or "AsMemory" or "Normalize"
                or "Value" or "ToObject" or "GetString":
            {
                var receiver = invocation.Instance ?? (method.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
                if (receiver is not null)
                {
                    var evidence = Evaluate(receiver, types, options, cancellationToken, depth - 1);
                    if (evidence.IsSecret || method.Name != "GetString")
                        return evidence;
                }

                // Static conversions of their argument: BitConverter.ToString(hash), Encoding.UTF8.GetString(bytes).
                if ((method.IsStatic && !method.IsExtensionMethod) || method.Name == "GetString")
                {
                    foreach (var argument in invocation.Arguments)
                    {
                        var evidence = Evaluate(argument.Value, types, options, cancellationToken, depth - 1);
                        if (evidence.IsSecret)
                            return evidence;
                    }
                }

                break;
            }

            case "Split" or "Select" or "ElementAt" or "ElementAtOrDefault" or "Remove" or "PadLeft" or "PadRight" or "Span":
            {
                var receiver = invocation.Instance ?? (method.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
                if (receiver is not null)
                    return Evaluate(receiver, types, options, cancellationToken, depth - 1);
                break;
            }

            case "GetBytes" or "ToHexString" or "ToHexStringLower" or "ToBase64String" or "FromBase64String" or "FromHexString"
                or "Join" or "Concat":
            {
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Value.GetConstantString() is not null)
                        continue;
                    var evidence = Evaluate(argument.Value, types, options, cancellationToken, depth - 1);
                    if (evidence.IsSecret)
                        return evidence;
                }

                break;
            }
        }

        // A typed getter (GetToken<T>(path), a JSON document's node read as a string or a bool) answers whatever its
        // path names: its own name does not make the value a secret.
        if (!method.ReturnsVoid && IsSecretCarrier(method.ReturnType, types) && options.IsSecretName(method.Name) && !method.Name.StartsWith("Is", System.StringComparison.Ordinal)
            && !IsTypedGetter(method.OriginalDefinition))
        {
            return new SecretEvidence(SecretKind.SecretNamedSymbol, method.Name, invocation);
        }

        return default;
    }

    /// <summary>
    /// The value a local holds when its single write is not a plain initializer or assignment: the invocation whose
    /// <c>out</c> argument declares or writes it (<c>headers.TryGetValue("k", out var v)</c>), or the input of the pattern
    /// that declares it (<c>config["k"] is { Length: &gt; 0 } expected</c>). Null when the local has another write.
    /// </summary>
    public static IOperation? FollowLocal(ILocalReferenceOperation reference, CancellationToken cancellationToken)
    {
        if (BodyLocals.Of(reference, cancellationToken) is not { Assignments: 0, OtherWrites: 0, IndirectWrites: 1 } writes)
            return null;
        return writes.IndirectSource is IPatternOperation pattern ? GetPatternInput(pattern) : writes.IndirectSource;
    }

    /// <summary>The value a top-level pattern (possibly under <c>and</c>/<c>or</c>/<c>not</c>) is matched against.</summary>
    private static IOperation? GetPatternInput(IPatternOperation pattern)
    {
        IOperation? current = pattern;
        while (current?.Parent is IBinaryPatternOperation or INegatedPatternOperation)
            current = current.Parent;
        return current?.Parent is IIsPatternOperation isPattern ? isPattern.Value : null;
    }

    /// <summary>True for a keyed read that writes its value through an <c>out</c> argument (<c>TryGetValue</c>, <c>TryGetValues</c>).</summary>
    private static bool IsOutRead(IInvocationOperation invocation)
        => invocation.TargetMethod.Name is "TryGetValue" or "TryGetValues";

    /// <summary>
    /// True when a hash output comes from a keyed hash, so comparing it is a signature check: <c>HMACSHA256.HashData(key, data)</c>,
    /// <c>hmac.ComputeHash(data)</c> on an <c>HMAC</c>, <c>hmac.Hash</c>, or an <c>IncrementalHash</c> made by <c>CreateHMAC</c>.
    /// </summary>
    public static bool IsKeyedHash(SecretEvidence evidence, KnownTypes types, CancellationToken cancellationToken)
    {
        if (evidence.Kind != SecretKind.HashOutput)
            return false;
        IOperation? instance;
        switch (evidence.Source)
        {
            case IInvocationOperation invocation:
                if (invocation.TargetMethod.IsStatic)
                    return invocation.TargetMethod.ContainingType.InheritsFromOrEquals(types.HMAC);
                instance = invocation.Instance;
                break;
            case IPropertyReferenceOperation property:
                instance = property.Instance;
                break;
            default:
                return false;
        }

        if (instance is null)
            return false;
        if (instance.Type.InheritsFromOrEquals(types.HMAC))
            return true;
        var origin = instance.WalkDownConversion();
        if (origin is ILocalReferenceOperation)
            origin = origin.FollowSingleAssignment(cancellationToken);
        else if (origin is IFieldReferenceOperation field)
            origin = FindMemberAssignment(field.Field, field, cancellationToken).Value?.WalkDownConversion();
        return origin switch
        {
            IObjectCreationOperation creation => creation.Type.InheritsFromOrEquals(types.HMAC),
            IInvocationOperation { TargetMethod.Name: "CreateHMAC" } create => create.TargetMethod.ContainingType.InheritsFromOrEquals(types.IncrementalHash),
            IInvocationOperation { TargetMethod.Name: "Create" } factory => factory.Type.InheritsFromOrEquals(types.HMAC),
            _ => false,
        };
    }

    /// <summary>
    /// The key of a secret-store read: <c>Environment.GetEnvironmentVariable("K")</c>, <c>configuration["K"]</c>,
    /// <c>configuration.GetValue&lt;string&gt;("K")</c>, <c>configuration.GetSection("K").Value</c>,
    /// <c>configuration.GetConnectionString("K")</c>. Null when the operation is no such read.
    /// </summary>
    public static string? GetSecretStoreKey(IOperation operation, KnownTypes types)
    {
        switch (operation.WalkDownConversion())
        {
            case IInvocationOperation invocation:
            {
                var method = invocation.TargetMethod;
                if (method.Name == "GetEnvironmentVariable" && method.IsMemberOf(types.Environment) && invocation.Arguments.Length >= 1)
                    return invocation.Arguments[0].Value.GetConstantString();
                if (types.IConfiguration is null)
                    return null;
                if (method.Name is "GetValue" or "GetConnectionString" or "GetSection" or "GetRequiredSection")
                {
                    var receiver = invocation.Instance ?? (method.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
                    if (receiver?.Type.IsOrDerivesFrom(types.IConfiguration) == true)
                    {
                        var keyArgument = invocation.Instance is null ? 1 : 0;
                        var key = invocation.Arguments.Length > keyArgument ? invocation.Arguments[keyArgument].Value.GetConstantString() : null;
                        if (key is null)
                            return null;
                        var prefix = method.Name is "GetSection" or "GetRequiredSection" ? null : GetSectionPath(receiver, types);
                        return prefix is null ? key : prefix + ":" + key;
                    }
                }

                return null;
            }

            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer
                when indexer.Arguments.Length == 1 && indexer.Instance?.Type.IsOrDerivesFrom(types.IConfiguration) == true:
            {
                var key = indexer.Arguments[0].Value.GetConstantString();
                if (key is null)
                    return null;
                var prefix = GetSectionPath(indexer.Instance, types);
                return prefix is null ? key : prefix + ":" + key;
            }

            case IPropertyReferenceOperation { Property.Name: "Value" } sectionValue
                when sectionValue.Instance?.Type.IsOrDerivesFrom(types.IConfigurationSection) == true:
                return GetSectionPath(sectionValue.Instance, types);

            default:
                return null;
        }
    }

    private static string? GetSectionPath(IOperation? operation, KnownTypes types)
    {
        if (operation?.WalkDownConversion() is IInvocationOperation { TargetMethod.Name: "GetSection" or "GetRequiredSection" } section
            && section.Arguments.Length >= 1)
        {
            var key = section.Arguments[section.Arguments.Length - 1].Value.GetConstantString();
            var parent = GetSectionPath(section.Instance ?? (section.Arguments.Length > 1 ? section.Arguments[0].Value : null), types);
            return key is null ? null : parent is null ? key : parent + ":" + key;
        }

        return null;
    }

    /// <summary>
    /// True for <c>options.Value</c>, <c>monitor.CurrentValue</c> or <c>snapshot.Value</c> of the options pattern, also
    /// through a local or a field assigned once from it (<c>_settings = options.Value</c> in a constructor).
    /// </summary>
    private static bool IsBoundOption(IOperation? instance, KnownTypes types, CancellationToken cancellationToken)
    {
        instance = instance?.WalkDownConversion();
        if (instance is ILocalReferenceOperation)
            instance = instance.FollowSingleAssignment(cancellationToken);
        else if (instance is IFieldReferenceOperation field)
            instance = FindMemberAssignment(field.Field, field, cancellationToken).Value?.WalkDownConversion();

        // _settings = options?.Value
        if (instance is IConditionalAccessOperation conditional)
            instance = conditional.WhenNotNull.WalkDownConversion();
        else if (instance is IPropertyReferenceOperation { Property.IsIndexer: false } property && property.Property.Name is not ("Value" or "CurrentValue"))
            instance = FindMemberAssignment(property.Property, property, cancellationToken).Value?.WalkDownConversion();
        if (instance is not IPropertyReferenceOperation { Property.Name: "Value" or "CurrentValue" } access)
            return false;
        var owner = access.Property.ContainingType?.OriginalDefinition;
        return SymbolEqualityComparer.Default.Equals(owner, types.IOptions)
               || SymbolEqualityComparer.Default.Equals(owner, types.IOptionsMonitor)
               || SymbolEqualityComparer.Default.Equals(owner, types.IOptionsSnapshot)
               || access.Instance?.Type.Implements(types.IOptions) == true;
    }

    /// <summary>
    /// A settings object bound from configuration and injected: a member chain through a type named <c>…Settings</c>
    /// (<c>globalSettings.BitPay.WebhookKey</c>, <c>_billingSettings.StripeWebhookKey</c>).
    /// </summary>
    private static bool IsSettingsObject(IOperation? instance)
    {
        for (var i = 0; i < 4 && instance is not null; i++)
        {
            instance = instance.WalkDownConversion();
            if (instance.Type is INamedTypeSymbol { TypeKind: TypeKind.Class } type && type.Name.EndsWith("Settings", System.StringComparison.Ordinal))
                return true;
            instance = instance switch
            {
                IPropertyReferenceOperation { Property.IsIndexer: false } property => property.Instance,
                IFieldReferenceOperation field => field.Instance,
                _ => null,
            };
        }

        return false;
    }

    /// <summary><c>ComputeHash</c>, <c>HashData</c>, <c>GetHashAndReset</c>, <c>GetCurrentHash</c>, <c>TryComputeHash</c> and <c>Hash</c> of the hash and HMAC types.</summary>
    public static bool IsHashComputation(IInvocationOperation invocation, KnownTypes types)
    {
        var method = invocation.TargetMethod;
        if (method.Name is not ("ComputeHash" or "HashData" or "GetHashAndReset" or "GetCurrentHash" or "HashDataAsync" or "ComputeHashAsync"))
            return false;
        var owner = method.ContainingType;
        return owner.InheritsFromOrEquals(types.HashAlgorithm) || owner.InheritsFromOrEquals(types.IncrementalHash);
    }

    /// <summary>The request key a parameter is bound from by <c>[FromHeader]</c>, <c>[FromQuery]</c>, <c>[FromForm]</c> or <c>[FromRoute]</c>.</summary>
    public static string? GetBoundRequestKey(IParameterSymbol parameter, KnownTypes types, out RequestPart part)
    {
        part = RequestPart.None;
        if (types.IBindingSourceMetadata is null)
            return null;
        foreach (var attribute in parameter.GetAttributes())
        {
            var attributeClass = attribute.AttributeClass;
            if (attributeClass is null || !attributeClass.Implements(types.IBindingSourceMetadata))
                continue;
            part = attributeClass.Name switch
            {
                "FromHeaderAttribute" => RequestPart.Header,
                "FromQueryAttribute" => RequestPart.Query,
                "FromFormAttribute" => RequestPart.Form,
                "FromRouteAttribute" => RequestPart.Route,
                _ => RequestPart.None,
            };
            if (part == RequestPart.None)
                continue;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Name" && named.Value.Value is string name && name.Length > 0)
                    return name;
            }

            return parameter.Name;
        }

        return null;
    }

    /// <summary>Types that can hold a secret value: strings, characters and bytes in their usual containers.</summary>
    public static bool IsSecretCarrier(ITypeSymbol? type, KnownTypes types)
    {
        if (type is null)
            return false;
        switch (type.SpecialType)
        {
            case SpecialType.System_String:
            case SpecialType.System_Object:
                return true;
            case SpecialType.None:
                break;
            default:
                return false;
        }

        if (type is IArrayTypeSymbol array)
            return array.ElementType.SpecialType is SpecialType.System_Byte or SpecialType.System_Char;
        if (type.TypeKind == TypeKind.Dynamic)
            return true;
        if (SymbolEqualityComparer.Default.Equals(type, types.StringValues) || SymbolEqualityComparer.Default.Equals(type, types.SecureString))
            return true;
        if (type is INamedTypeSymbol { IsGenericType: true } generic && generic.TypeArguments.Length == 1
            && generic.TypeArguments[0].SpecialType is SpecialType.System_Byte or SpecialType.System_Char
            && generic.Name is "ReadOnlySpan" or "Span" or "ReadOnlyMemory" or "Memory")
        {
            return true;
        }

        return types.JToken is not null && type.InheritsFromOrEquals(types.JToken);
    }

    /// <summary>A generic method that answers its own type parameter: <c>T GetToken&lt;T&gt;(string path)</c>.</summary>
    private static bool IsTypedGetter(IMethodSymbol method)
        => method.IsGenericMethod && method.ReturnType is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method };
}
