using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
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
/// "Where did this value come from?" for the secret-ness rules of DESIGN.md. Follows locals assigned once to their value
/// and looks through calls that keep a value secret (<c>ToString</c>, <c>Trim</c>, <c>Encoding.UTF8.GetBytes</c>,
/// <c>Convert.ToHexString</c>, <c>?? ""</c>, ...).
/// </summary>
internal static class ValueSources
{
    private const int MaxDepth = 6;

    public static SecretEvidence GetSecretEvidence(IOperation? value, KnownTypes types, ActionSecurityOptions options, CancellationToken cancellationToken)
        => value is null ? default : Evaluate(value, types, options, cancellationToken, MaxDepth);

    private static SecretEvidence Evaluate(IOperation value, KnownTypes types, ActionSecurityOptions options, CancellationToken cancellationToken, int depth)
    {
        if (depth <= 0)
            return default;
        cancellationToken.ThrowIfCancellationRequested();
        value = value.WalkDownConversion();

        switch (value)
        {
            case ILocalReferenceOperation local:
            {
                if (IsSecretCarrier(local.Local.Type, types) && options.IsSecretName(local.Local.Name))
                    return new SecretEvidence(SecretKind.SecretNamedSymbol, local.Local.Name, value);
                var followed = value.FollowSingleAssignment(cancellationToken, depth: 1);
                return ReferenceEquals(followed, value) || followed is ILocalReferenceOperation { } same && SymbolEqualityComparer.Default.Equals(same.Local, local.Local)
                    ? default
                    : Evaluate(followed, types, options, cancellationToken, depth - 1);
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
                return IsSecretCarrier(field.Field.Type, types) && options.IsSecretName(field.Field.Name)
                    ? new SecretEvidence(SecretKind.SecretNamedSymbol, field.Field.Name, value)
                    : default;

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
                    var kind = IsBoundOption(property.Instance, types) ? SecretKind.SecretStore : SecretKind.SecretNamedSymbol;
                    return new SecretEvidence(kind, property.Property.Name, value);
                }

                return default;
            }

            case IInvocationOperation invocation:
                return EvaluateInvocation(invocation, types, options, cancellationToken, depth);

            case ICoalesceOperation coalesce:
                return Evaluate(coalesce.Value, types, options, cancellationToken, depth - 1);

            case IConditionalAccessOperation conditionalAccess:
                return Evaluate(conditionalAccess.WhenNotNull, types, options, cancellationToken, depth - 1);

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

        if (!method.ReturnsVoid && IsSecretCarrier(method.ReturnType, types) && options.IsSecretName(method.Name) && !method.Name.StartsWith("Is", System.StringComparison.Ordinal))
            return new SecretEvidence(SecretKind.SecretNamedSymbol, method.Name, invocation);
        return default;
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

    /// <summary>True for <c>options.Value</c>, <c>monitor.CurrentValue</c> or <c>snapshot.Value</c> of the options pattern.</summary>
    private static bool IsBoundOption(IOperation? instance, KnownTypes types)
    {
        if (instance?.WalkDownConversion() is not IPropertyReferenceOperation { Property.Name: "Value" or "CurrentValue" } access)
            return false;
        var owner = access.Property.ContainingType?.OriginalDefinition;
        return SymbolEqualityComparer.Default.Equals(owner, types.IOptions)
               || SymbolEqualityComparer.Default.Equals(owner, types.IOptionsMonitor)
               || SymbolEqualityComparer.Default.Equals(owner, types.IOptionsSnapshot)
               || access.Instance?.Type.Implements(types.IOptions) == true;
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
}
