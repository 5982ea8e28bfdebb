using System;
using System.Collections.Immutable;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

// Checks a handler (or a filter, middleware, helper) performs in its body.
internal sealed partial class Handlers
{
    /// <summary>The body operation of a method, local function or lambda declared in source, or null.</summary>
    public IOperation? GetBody(IMethodSymbol method, SemanticModel? current, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            var model = current is not null && current.SyntaxTree == syntax.SyntaxTree ? current : GetSemanticModelIfOwn(syntax.SyntaxTree);
            var operation = model?.GetOperation(syntax, cancellationToken);
            switch (operation)
            {
                case IAnonymousFunctionOperation lambda:
                    return lambda.Body;
                case ILocalFunctionOperation local:
                    return (IOperation?)local.Body ?? local.IgnoredBody;
                case IMethodBodyBaseOperation body:
                    return body;
                case not null:
                    return operation;
            }
        }

        return null;
    }

    /// <summary>True when a method declared in source checks a secret in its body (calls one level deep included).</summary>
    public bool MethodPerformsSecretCheck(IMethodSymbol method, ActionSecurityOptions? options, SemanticModel? current, CancellationToken cancellationToken)
    {
        method = method.OriginalDefinition;
        if (method.DeclaringSyntaxReferences.IsEmpty)
            return false;
        var cacheable = options is null || ReferenceEquals(options, ActionSecurityOptions.Default);
        if (cacheable && _checkingMethods.TryGetValue(method, out var known))
            return known;
        var body = GetBody(method, current, cancellationToken);
        var result = body is not null && PerformsSecretCheck(body, options, cancellationToken, depth: 1);
        if (cacheable)
            _checkingMethods.TryAdd(method, result);
        return result;
    }

    /// <summary>
    /// True when an operation tree checks a secret: a comparison one side of which is a secret (as AS0003 classifies it,
    /// constant-time or not), <c>CryptographicOperations.FixedTimeEquals</c>, an authentication or authorization call
    /// (<c>IIdentity.IsAuthenticated</c>, <c>AuthenticateAsync</c>, <c>IAuthorizationService.AuthorizeAsync</c>), a call to
    /// a method listed in <c>action_security.auth_methods</c>, or, up to <paramref name="depth"/> levels, a call to a method
    /// of the compilation that does one of these.
    /// </summary>
    public bool PerformsSecretCheck(IOperation body, ActionSecurityOptions? options, CancellationToken cancellationToken, int depth)
    {
        options ??= ActionSecurityOptions.Default;
        foreach (var operation in body.DescendantsAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (operation)
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
                    if (IsSecretComparison(binary.LeftOperand, binary.RightOperand, options, cancellationToken))
                        return true;
                    break;

                case IIsPatternOperation { Pattern: IConstantPatternOperation { Value: { } constant } } pattern
                    when constant.ConstantValue is { HasValue: true, Value: string }:
                    if (IsSecret(pattern.Value, options, cancellationToken))
                        return true;
                    break;

                case IPropertyReferenceOperation { Property.Name: "IsAuthenticated" } property
                    when property.Property.ContainingType.IsOrDerivesFrom(IIdentity):
                    return true;

                // API Gateway passes what its authorizer established; reading it means an authorizer guards the route.
                case IPropertyReferenceOperation { Property.Name: "Authorizer" } authorizer
                    when authorizer.Property.ContainingType?.ContainingNamespace is { Name: "APIGatewayEvents", ContainingNamespace.Name: "Lambda" }:
                    return true;

                case IInvocationOperation invocation:
                    if (IsCheckingInvocation(invocation, options, cancellationToken, depth))
                        return true;
                    break;
            }
        }

        return false;
    }

    private bool IsCheckingInvocation(IInvocationOperation invocation, ActionSecurityOptions options, CancellationToken cancellationToken, int depth)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "FixedTimeEquals" when method.IsMemberOf(Types.CryptographicOperations):
                return true;
            case "AuthenticateAsync" when method.ContainingType?.Name == "AuthenticationHttpContextExtensions":
            case "AuthorizeAsync" when method.ContainingType.IsOrDerivesFrom(IAuthorizationService)
                                       || method.ContainingType?.Name == "AuthorizationServiceExtensions":
                return true;
            case "Equals" or "SequenceEqual" or "Compare" or "CompareOrdinal" or "CompareTo":
            {
                IOperation? left = invocation.Instance;
                IOperation? right = null;
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Value.Type?.SpecialType == SpecialType.None && argument.Value.Type.TypeKind == TypeKind.Enum)
                        continue;
                    if (left is null)
                        left = argument.Value;
                    else if (right is null)
                        right = argument.Value;
                }

                if (left is not null && right is not null && IsSecretComparison(left, right, options, cancellationToken))
                    return true;
                break;
            }
        }

        // A constant-time comparison helper of the app or a library (FixedTimeEquals, ConstantTimeEquals, ...), whose
        // body may be in another assembly: what it compares decides, as for CryptographicOperations.FixedTimeEquals.
        if (invocation.Arguments.Length == 2 && SecretComparisons.IsConstantTimeName(method.Name)
            && IsSecretComparison(invocation.Arguments[0].Value, invocation.Arguments[1].Value, options, cancellationToken))
        {
            return true;
        }

        if (!options.AuthMethods.IsDefaultOrEmpty && IsConfiguredAuthMethod(method, options.AuthMethods))
            return true;
        if (KnownVerifiers.IsVerifier(method))
            return true;

        if (depth > 0 && !method.DeclaringSyntaxReferences.IsEmpty && method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction)
        {
            var body = GetBody(method.OriginalDefinition, invocation.SemanticModel, cancellationToken);
            // Not the method the call is in (recursion); spans compare only within one tree.
            var enclosing = body is not null && body.Syntax.SyntaxTree == invocation.Syntax.SyntaxTree && body.Syntax.Span.Contains(invocation.Syntax.Span);
            if (body is not null && !enclosing && PerformsSecretCheck(body, options, cancellationToken, depth - 1))
                return true;
        }

        return false;
    }

    private bool IsSecretComparison(IOperation left, IOperation right, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        if (IsNullOrDefault(left) || IsNullOrDefault(right))
            return false;
        return SecretChecks.AuthenticatesCaller(left, right, Types, options, cancellationToken);
    }

    private bool IsSecret(IOperation value, ActionSecurityOptions options, CancellationToken cancellationToken)
        => ValueSources.GetSecretEvidence(value, Types, options, cancellationToken).IsSecret;

    private static bool IsNullOrDefault(IOperation operation)
    {
        var value = operation.WalkDownConversion();
        if (value is IDefaultValueOperation)
            return true;
        var constant = value.ConstantValue;
        return constant.HasValue && (constant.Value is null || constant.Value is string { Length: 0 } || constant.Value is not string);
    }

    /// <summary><c>Type.Method</c> entries, the type given by simple name or full metadata name.</summary>
    public static bool IsConfiguredAuthMethod(IMethodSymbol method, ImmutableArray<string> configured)
    {
        foreach (var entry in configured)
        {
            var dot = entry.LastIndexOf('.');
            if (dot <= 0 || dot == entry.Length - 1)
                continue;
            if (string.CompareOrdinal(entry, dot + 1, method.Name, 0, Math.Max(method.Name.Length, entry.Length - dot - 1)) != 0
                || entry.Length - dot - 1 != method.Name.Length)
            {
                continue;
            }

            var type = method.ContainingType;
            if (type is null)
                continue;
            if (dot == type.Name.Length && string.CompareOrdinal(entry, 0, type.Name, 0, dot) == 0)
                return true;
            if (IsFullName(type, entry, dot))
                return true;
        }

        return false;
    }

    internal static bool IsFullName(INamedTypeSymbol type, string entry, int length)
    {
        // Compare "Namespace.Type" right to left without building the name.
        var end = length;
        ISymbol? current = type;
        while (current is not null && !(current is INamespaceSymbol { IsGlobalNamespace: true }))
        {
            var name = current.MetadataName;
            var start = end - name.Length;
            if (start < 0 || string.CompareOrdinal(entry, start, name, 0, name.Length) != 0)
                return false;
            current = current.ContainingSymbol;
            if (current is null || current is INamespaceSymbol { IsGlobalNamespace: true })
                return start == 0;
            if (start == 0 || (entry[start - 1] != '.' && entry[start - 1] != '+'))
                return false;
            end = start - 1;
        }

        return false;
    }
}
