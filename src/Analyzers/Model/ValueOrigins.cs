using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

/// <summary>Where a compared value comes from, as far as it decides whether a comparison authenticates the caller.</summary>
internal enum OriginKind
{
    /// <summary>Not known: a parameter of a helper, the result of a call, a member of an object.</summary>
    Unknown,

    /// <summary>The caller's request: a header, query, form, route or cookie read, or a parameter bound from one (also its members).</summary>
    Request,

    /// <summary>A constant, or a value computed from constants only (<c>static readonly</c> fields initialised from constants).</summary>
    Constant,

    /// <summary>A member of an element being searched: <c>x.Token</c> in <c>items.Where(x =&gt; x.Token == token)</c> or a <c>foreach</c> variable.</summary>
    Element,

    /// <summary>Data that is no secret whatever it is called: a formatted number, date or enum, a header of an outgoing call's response.</summary>
    NotSecret,
}

/// <summary>The origin of a compared value and the object it is a member of.</summary>
internal readonly struct ValueOrigin
{
    public ValueOrigin(OriginKind kind, ISymbol? root = null, bool isMember = false, string? text = null)
    {
        Kind = kind;
        Root = root;
        IsMember = isMember;
        Text = text;
    }

    public OriginKind Kind { get; }

    /// <summary>The parameter, local or (for <c>this</c>) containing type the value is a member of; null when it is no member chain.</summary>
    public ISymbol? Root { get; }

    /// <summary>True when the value is read through at least one field or property of <see cref="Root"/>.</summary>
    public bool IsMember { get; }

    /// <summary>The text of a constant origin, when it is known.</summary>
    public string? Text { get; }
}

/// <summary>Where compared values come from: the part of the value-source tracing the one model of a caller check asks.</summary>
internal static partial class ValueSources
{
    /// <summary>
    /// The origin of a compared value: follows conversions, locals written once, <c>??</c>, conditional expressions with
    /// one empty branch and the calls that keep a value (<c>ToString</c>, <c>Trim</c>, <c>FirstOrDefault</c>, ...), then
    /// classifies what it reaches (see <see cref="OriginKind"/>).
    /// </summary>
    public static ValueOrigin GetOrigin(IOperation? value, KnownTypes types, CancellationToken cancellationToken)
        => value is null ? default : Origin(value, types, cancellationToken, MaxDepth);

    private static ValueOrigin Origin(IOperation value, KnownTypes types, CancellationToken cancellationToken, int depth)
    {
        if (depth <= 0)
            return default;
        value = value.WalkDownConversion();
        if (value.ConstantValue.HasValue)
            return new ValueOrigin(OriginKind.Constant, text: value.ConstantValue.Value as string);
        switch (value)
        {
            case ILocalReferenceOperation local:
            {
                if (IsIterationVariable(local.Local, cancellationToken))
                    return new ValueOrigin(OriginKind.Element, local.Local);
                var followed = value.FollowSingleAssignment(cancellationToken, depth: 1);
                if (ReferenceEquals(followed, value) || followed is ILocalReferenceOperation same && SymbolEqualityComparer.Default.Equals(same.Local, local.Local))
                {
                    var source = FollowLocal(local, cancellationToken);
                    if (source is IInvocationOperation outRead && IsOutRead(outRead))
                        return OriginOfKeyedRead(outRead, types, cancellationToken);
                    return source is null ? new ValueOrigin(OriginKind.Unknown, local.Local) : Origin(source, types, cancellationToken, depth - 1);
                }

                return Origin(followed, types, cancellationToken, depth - 1);
            }

            case IParameterReferenceOperation parameter:
            {
                if (GetBoundRequestKey(parameter.Parameter, types, out _) is not null)
                    return new ValueOrigin(OriginKind.Request, parameter.Parameter);
                return new ValueOrigin(IsPredicateParameter(parameter.Parameter) ? OriginKind.Element : OriginKind.Unknown, parameter.Parameter);
            }

            case IInstanceReferenceOperation instance:
                return new ValueOrigin(OriginKind.Unknown, instance.Type);

            case IFieldReferenceOperation { Field.IsConst: true } constantField:
                return new ValueOrigin(OriginKind.Constant, text: constantField.Field.ConstantValue as string);

            case IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } } staticField:
            {
                var assigned = FindMemberAssignment(staticField.Field, value, cancellationToken).Value;
                if (assigned is not null && IsComputedFromConstants(assigned))
                    return new ValueOrigin(OriginKind.Constant, text: assigned.WalkDownConversion().ConstantValue.Value as string);
                return default;
            }

            case IFieldReferenceOperation { Instance: { } fieldInstance }:
                return MemberOf(fieldInstance, types, cancellationToken, depth);

            case IPropertyReferenceOperation property:
            {
                var read = RequestSources.Classify(property, types, cancellationToken);
                if (read.IsValid)
                    return new ValueOrigin(OriginKind.Request);
                if (property.Property.IsIndexer)
                {
                    if (IsResponseHeaders(property.Instance?.Type))
                        return new ValueOrigin(OriginKind.NotSecret);
                    return property.Instance is not null && property.Arguments.Length == 1
                           && property.Arguments[0].Value.Type?.SpecialType == SpecialType.System_Int32
                        ? Origin(property.Instance, types, cancellationToken, depth - 1)
                        : default;
                }

                return property.Instance is null ? default : MemberOf(property.Instance, types, cancellationToken, depth);
            }

            case IArrayElementReferenceOperation element:
                return Origin(element.ArrayReference, types, cancellationToken, depth - 1);

            // model?.ConfirmPassword: the member of what stands before the ?.
            case IConditionalAccessOperation access:
                return Origin(access.WhenNotNull, types, cancellationToken, depth - 1);

            case IConditionalAccessInstanceOperation instance:
                return instance.GetConditionalAccessReceiver() is { } tested ? Origin(tested, types, cancellationToken, depth - 1) : default;

            case ICoalesceOperation coalesce:
                return Origin(coalesce.Value, types, cancellationToken, depth - 1);

            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
            {
                // key = query.TryGetValue("key", out var v) ? v.ToString() : null
                if (IsNullOrEmpty(whenFalse))
                    return Origin(conditional.WhenTrue, types, cancellationToken, depth - 1);
                return IsNullOrEmpty(conditional.WhenTrue) ? Origin(whenFalse, types, cancellationToken, depth - 1) : default;
            }

            case IInvocationOperation invocation:
            {
                var method = invocation.TargetMethod;
                if (method.Name is "Get" or "GetValues" or "GetValueOrDefault")
                {
                    var keyed = OriginOfKeyedRead(invocation, types, cancellationToken);
                    if (keyed.Kind != OriginKind.Unknown)
                        return keyed;
                }

                var receiver = invocation.Instance ?? (method.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
                if (method.Name == "ToString" && receiver?.Type is { } formatted && formatted.IsPlainData())
                    return new ValueOrigin(OriginKind.NotSecret);
                if (receiver is not null && method.Name is "ToString" or "Trim" or "TrimStart" or "TrimEnd" or "ToLower" or "ToLowerInvariant"
                        or "ToUpper" or "ToUpperInvariant" or "First" or "FirstOrDefault" or "Single" or "SingleOrDefault" or "Last"
                        or "LastOrDefault" or "Replace" or "Substring" or "Split" or "ElementAt" or "ElementAtOrDefault" or "AsSpan")
                {
                    return Origin(receiver, types, cancellationToken, depth - 1);
                }

                return default;
            }

            default:
                return default;
        }
    }

    private static ValueOrigin MemberOf(IOperation instance, KnownTypes types, CancellationToken cancellationToken, int depth)
    {
        var owner = Origin(instance, types, cancellationToken, depth - 1);
        return owner.Kind == OriginKind.Constant ? default : new ValueOrigin(owner.Kind, owner.Root, isMember: owner.Root is not null);
    }

    private static ValueOrigin OriginOfKeyedRead(IInvocationOperation read, KnownTypes types, CancellationToken cancellationToken)
    {
        if (RequestSources.Classify(read, types, cancellationToken).IsValid)
            return new ValueOrigin(OriginKind.Request);
        var receiver = read.Instance ?? (read.TargetMethod.IsExtensionMethod && read.Arguments.Length > 0 ? read.Arguments[0].Value : null);
        return IsResponseHeaders(receiver?.Type) ? new ValueOrigin(OriginKind.NotSecret) : default;
    }

    private static bool IsNullOrEmpty(IOperation operation)
    {
        operation = operation.WalkDownConversion();
        return operation is IDefaultValueOperation
               || operation.ConstantValue is { HasValue: true, Value: null or "" }
               || operation is IFieldReferenceOperation { Field: { Name: "Empty", ContainingType.SpecialType: SpecialType.System_String } };
    }

    /// <summary>A value made of constants only: a constant, or a call, creation or concatenation of constants.</summary>
    private static bool IsComputedFromConstants(IOperation value)
    {
        value = value.WalkDownConversion();
        if (value.ConstantValue.HasValue)
            return true;
        switch (value)
        {
            case IInvocationOperation invocation when invocation.Instance is null && !invocation.Arguments.IsEmpty:
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.ArgumentKind == ArgumentKind.Explicit && !argument.Value.WalkDownConversion().ConstantValue.HasValue
                        && argument.Value.WalkDownConversion() is not IFieldReferenceOperation { Field.IsConst: true })
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>Headers of a response to an outgoing call (<c>HttpResponseMessage.Headers</c>): what another server sent, not the caller.</summary>
    private static bool IsResponseHeaders(ITypeSymbol? type)
        => type is INamedTypeSymbol { Name: "HttpResponseHeaders" or "HttpContentHeaders", ContainingNamespace: { Name: "Headers", ContainingNamespace.Name: "Http" } };

    /// <summary>A <c>foreach</c> iteration variable.</summary>
    private static bool IsIterationVariable(ILocalSymbol local, CancellationToken cancellationToken)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is ForEachStatementSyntax)
                return true;
        }

        return false;
    }

    /// <summary>The parameter of a one-parameter lambda that is a predicate (<c>Func&lt;T, bool&gt;</c>, <c>Predicate&lt;T&gt;</c>) passed to a call: a search.</summary>
    private static bool IsPredicateParameter(IParameterSymbol parameter)
        => parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction, Parameters.Length: 1 } lambda
           && lambda.ReturnType.SpecialType == SpecialType.System_Boolean;
}
