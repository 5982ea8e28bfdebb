using System;
using System.Collections.Generic;
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

    /// <summary>
    /// True when a method declared in source checks a secret in its body, calls two levels deep included: a filter's or
    /// a middleware's entry point often asks a method of its own for the request's status, which asks a password or
    /// signature helper. Filters and middleware are judged once per type, so the deeper walk is paid once.
    /// </summary>
    public bool MethodPerformsSecretCheck(IMethodSymbol method, ActionSecurityOptions? options, SemanticModel? current, CancellationToken cancellationToken)
    {
        method = method.OriginalDefinition;
        if (method.DeclaringSyntaxReferences.IsEmpty)
            return false;
        var cacheable = options is null || ReferenceEquals(options, ActionSecurityOptions.Default);
        if (cacheable && _checkingMethods.TryGetValue(method, out var known))
            return known;
        var body = GetBody(method, current, cancellationToken);
        var result = body is not null && PerformsSecretCheck(body, options, cancellationToken, depth: 2);
        if (cacheable)
            _checkingMethods.Set(method, result);
        return result;
    }

    /// <summary>
    /// True when an operation tree checks who the caller is: an authentication or authorization call
    /// (<c>IIdentity.IsAuthenticated</c>, <c>AuthenticateAsync</c>, <c>IAuthorizationService.AuthorizeAsync</c>, an API
    /// Gateway authorizer's result), a verifier of the catalogue (<see cref="KnownVerifiers"/>), a method listed in
    /// <c>action_security.auth_methods</c>, a comparison that authenticates the caller under the one model of such checks
    /// (<see cref="SecretChecks.ContainsSecretComparison"/>, shared with AS0003, AS0006 and AS0007),
    /// <c>CryptographicOperations.FixedTimeEquals</c> of two values, a constant-time comparison helper of the app or a
    /// library whose operands that model accepts, or, up to <paramref name="depth"/>
    /// levels, a call to a method of the compilation that does one of these.
    /// </summary>
    /// <remarks>Cheapest evidence first: the symbol tests, then the comparisons (value flow), then the called methods' bodies.</remarks>
    public bool PerformsSecretCheck(IOperation body, ActionSecurityOptions? options, CancellationToken cancellationToken, int depth)
    {
        options ??= ActionSecurityOptions.Default;
        List<IInvocationOperation>? helpers = null;
        List<IInvocationOperation>? constantTimeCalls = null;
        // One walk of the body: the symbol tests answer at once; the comparisons and calls it collects are judged after,
        // by value flow, only when no symbol test has answered.
        List<IOperation>? comparisons = null;
        foreach (var operation in body.DescendantsAndSelf())
        {
            // The kind first: one virtual call rules out most nodes, where each pattern below is an interface check.
            if (operation.Kind is not (OperationKind.PropertyReference or OperationKind.Binary or OperationKind.Invocation or OperationKind.Invalid))
                continue;
            cancellationToken.ThrowIfCancellationRequested();
            switch (operation)
            {
                case IPropertyReferenceOperation { Property.Name: "IsAuthenticated" } property
                    when property.Property.ContainingType.IsOrDerivesFrom(IIdentity):
                    return true;

                // API Gateway passes what its authorizer established; reading it means an authorizer guards the route.
                case IPropertyReferenceOperation { Property.Name: "Authorizer" } authorizer
                    when authorizer.Property.ContainingType?.ContainingNamespace is { Name: "APIGatewayEvents", ContainingNamespace.Name: "Lambda" }:
                    return true;

                case IInvalidOperation invalid when KnownVerifiers.IsUnresolvedVerifierCall(invalid):
                    return true;

                case IBinaryOperation binary:
                    if (SecretChecks.MayBeComparison(binary, Types))
                        (comparisons ??= new List<IOperation>()).Add(binary);
                    break;

                case IInvocationOperation invocation:
                    if (IsAuthenticatingCall(invocation.TargetMethod, options))
                        return true;
                    if (SecretChecks.MayBeComparison(invocation, Types))
                        (comparisons ??= new List<IOperation>()).Add(invocation);
                    if (invocation.Arguments.Length == 2 && SecretComparisons.IsConstantTimeName(invocation.TargetMethod.Name))
                    {
                        // The base library's constant-time comparison exists to compare secrets and MACs: whatever its
                        // operands are called, two values it compares are a check (a password helper that hashes what
                        // it is given and compares the digests).
                        if (SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, Types.CryptographicOperations)
                            && !IsNullOrDefault(invocation.Arguments[0].Value) && !IsNullOrDefault(invocation.Arguments[1].Value))
                        {
                            return true;
                        }

                        (constantTimeCalls ??= new List<IInvocationOperation>()).Add(invocation);
                    }
                    if (depth > 0 && !invocation.TargetMethod.DeclaringSyntaxReferences.IsEmpty
                        && invocation.TargetMethod.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction)
                    {
                        (helpers ??= new List<IInvocationOperation>()).Add(invocation);
                    }

                    break;
            }
        }

        if (comparisons is not null && SecretChecks.AnyIsSecretComparison(comparisons, Types, options, cancellationToken)
            || constantTimeCalls is not null && ComparesInConstantTimeHelper(constantTimeCalls, options, cancellationToken))
        {
            return true;
        }

        if (helpers is null)
            return false;
        foreach (var invocation in helpers)
        {
            if (HelperPerformsSecretCheck(invocation, options, cancellationToken, depth - 1))
                return true;
        }

        return false;
    }

    /// <summary>
    /// Whether a method of the compilation that a body calls checks a secret, <paramref name="depth"/> more levels
    /// deep. Many handlers call the same services: with the default options the answer is kept per method and depth.
    /// </summary>
    private bool HelperPerformsSecretCheck(IInvocationOperation invocation, ActionSecurityOptions options, CancellationToken cancellationToken, int depth)
    {
        var method = invocation.TargetMethod.OriginalDefinition;
        // Not the method the call is in (recursion); spans compare only within one tree.
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == invocation.Syntax.SyntaxTree && reference.Span.Contains(invocation.Syntax.Span))
                return false;
        }

        var cacheable = ReferenceEquals(options, ActionSecurityOptions.Default) && method.MethodKind == MethodKind.Ordinary;
        if (cacheable && _checkingHelpers.TryGetValue((method, depth), out var known))
            return known;
        var body = GetBody(method, invocation.SemanticModel, cancellationToken);
        var result = body is not null && PerformsSecretCheck(body, options, cancellationToken, depth);
        if (cacheable)
            _checkingHelpers.Set((method, depth), result);
        return result;
    }

    /// <summary>A call that authenticates or authorizes by its symbol alone.</summary>
    private bool IsAuthenticatingCall(IMethodSymbol method, ActionSecurityOptions options)
    {
        switch (method.Name)
        {
            case "AuthenticateAsync" when method.ContainingType?.Name == "AuthenticationHttpContextExtensions":
            case "AuthorizeAsync" when method.ContainingType.IsOrDerivesFrom(IAuthorizationService)
                                       || method.ContainingType?.Name == "AuthorizationServiceExtensions":
                return true;
        }

        return (!options.AuthMethods.IsDefaultOrEmpty && IsConfiguredAuthMethod(method, options.AuthMethods)) || KnownVerifiers.IsVerifier(method);
    }

    /// <summary>
    /// A constant-time comparison helper of the app or a library (<c>FixedTimeEquals</c>, <c>ConstantTimeEquals</c>, ...),
    /// whose body may be in another assembly: the one model judges the two values it compares.
    /// </summary>
    private bool ComparesInConstantTimeHelper(List<IInvocationOperation> calls, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        foreach (var invocation in calls)
        {
            if (!IsNullOrDefault(invocation.Arguments[0].Value) && !IsNullOrDefault(invocation.Arguments[1].Value)
                && SecretChecks.AuthenticatesCaller(invocation.Arguments[0].Value, invocation.Arguments[1].Value, Types, options, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

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
