using System;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

// Access through the body: a handler that refuses a caller it cannot identify.
internal sealed partial class Handlers
{
    private readonly Memo<ITypeSymbol, bool> _callerContextTypes = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// True when the body refuses a caller it cannot identify: a guard that leaves the handler (it throws or returns)
    /// on a value computed from the caller's identity, so an anonymous request never gets past it. The value comes
    /// from the caller's <c>ClaimsPrincipal</c> (<c>User</c>, <c>HttpContext.User</c>, a <c>ClaimsPrincipal</c>
    /// parameter) as the receiver or an argument of a call (<c>userService.GetUserAsync(User)</c>,
    /// <c>User.IsInRole(...)</c>), or from a call on the project's own caller context: a type, not ASP.NET Core's or a
    /// controller, that is built from the principal or exposes it (<see cref="IsCallerContextType"/>). Guards are
    /// <c>if (test) { ...; return/throw }</c> with the value in the test (directly or through a local assigned once),
    /// and <c>value ?? throw ...</c>.
    /// </summary>
    private bool RefusesUnidentifiedCaller(IOperation body, CancellationToken cancellationToken)
    {
        foreach (var operation in body.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (operation)
            {
                case IConditionalOperation { WhenFalse: null } guard when Leaves(guard.WhenTrue) && TestsCallerIdentity(guard.Condition, cancellationToken):
                    return true;
                case ICoalesceOperation { WhenNull: { } whenNull } coalesce
                    when whenNull.WalkDownConversion() is IThrowOperation && IsCallerIdentityValue(coalesce.Value, cancellationToken):
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the body branches on what ASP.NET Core says of the caller, without refusing anyone:
    /// <c>if (!User.IsInRole("moderator"))</c> narrows a query, <c>User.Identity.IsAuthenticated ? … : "guest"</c> names
    /// the author. Such a handler was written for anonymous and signed-in callers alike; its access is decided in its
    /// code. A branch on a value the project's own services derive from the principal (an account that may be null) is
    /// not this: it may merely skip work for a caller nobody refused.
    /// </summary>
    public static bool BranchesOnCallerIdentity(IOperation body, CancellationToken cancellationToken)
    {
        foreach (var operation in body.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (operation is IConditionalOperation conditional && AsksThePrincipal(conditional.Condition))
                return true;
        }

        return false;
    }

    /// <summary>
    /// True when the handler acts for its caller through the app's own current user: it takes the value of a member of
    /// a project type named for the current user (<c>_workContext.GetCurrentUser()</c>, <c>CurrentCustomer</c>,
    /// <c>_currentUserService.UserId</c>) and uses it (as an argument, in a query, as the object it changes), not only
    /// in a log. Storefronts and similar apps give every caller, a guest included, an account of their own that way;
    /// a cart, a wish list or a language choice is that caller's own, whoever calls.
    /// </summary>
    public static bool ActsForCurrentUser(IOperation body, CancellationToken cancellationToken)
    {
        foreach (var operation in body.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var member = operation switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                IPropertyReferenceOperation property => (ISymbol)property.Property,
                _ => null,
            };
            if (member is not null && IsCurrentUserMember(member) && IsUsed(operation, cancellationToken))
                return true;
        }

        return false;
    }

    /// <summary>A member of a project type whose name, or its type's, names the current user (<c>GetCurrentUserAsync</c>, <c>ICurrentUserService</c>).</summary>
    private static bool IsCurrentUserMember(ISymbol member)
    {
        var type = member.ContainingType;
        if (type is null || HandlerScope.IsAspNetCore(type.ContainingNamespace) || type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true })
            return false;
        return NamesCurrentUser(member.Name) || NamesCurrentUser(type.Name);
    }

    private static readonly string[] CurrentSubjects = { "CurrentUser", "CurrentCustomer", "CurrentAccount", "CurrentMember", "CurrentVisitor", "CurrentShopper", "CurrentGuest" };

    private static bool NamesCurrentUser(string name)
    {
        foreach (var subject in CurrentSubjects)
        {
            if (name.IndexOf(subject, StringComparison.OrdinalIgnoreCase) >= 0)
                return true;
        }

        return false;
    }

    /// <summary>
    /// True when the value is used beyond a log: not dropped, and when a local keeps it, the local is read somewhere
    /// outside a logging call.
    /// </summary>
    private static bool IsUsed(IOperation value, CancellationToken cancellationToken)
    {
        var current = value;
        while (current.Parent is IAwaitOperation or IConversionOperation)
            current = current.Parent;
        switch (current.Parent)
        {
            case IExpressionStatementOperation:
                return false;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: var local } }:
                foreach (var reference in BodyLocals.For(current.GetContainingBody(), cancellationToken)[local].References)
                {
                    if (!IsLogged(reference))
                        return true;
                }

                return false;
            default:
                return !IsLogged(current);
        }
    }

    /// <summary>True when the value is an argument of a call to <c>Microsoft.Extensions.Logging</c>.</summary>
    private static bool IsLogged(IOperation value)
    {
        for (var current = value.Parent; current is not null; current = current.Parent)
        {
            if (current is IInvocationOperation call)
                return HandlerDisclosure.IsLoggingCall(call.TargetMethod);
            if (current is IBlockOperation or IExpressionStatementOperation)
                return false;
        }

        return false;
    }

    /// <summary>A call on the principal (<c>User.IsInRole(…)</c>, <c>User.HasClaim(…)</c>) or a property of it
    /// (<c>User.Identity</c>, and so <c>User.Identity.IsAuthenticated</c>).</summary>
    private static bool AsksThePrincipal(IOperation condition)
    {
        foreach (var operation in condition.DescendantsAndSelf())
        {
            var instance = operation switch
            {
                IPropertyReferenceOperation property => property.Instance,
                IInvocationOperation invocation => invocation.Instance,
                _ => null,
            };
            if (instance is not null && IsPrincipal(instance.WalkDownConversion().Type))
                return true;
        }

        return false;
    }

    /// <summary>A branch that leaves the handler: a <c>return</c> or <c>throw</c>, alone or among a block's statements.</summary>
    internal static bool Leaves(IOperation branch)
    {
        if (IsExit(branch))
            return true;
        if (branch is not IBlockOperation block)
            return false;
        foreach (var statement in block.Operations)
        {
            if (IsExit(statement))
                return true;
        }

        return false;
    }

    private static bool IsExit(IOperation statement)
        => statement is IReturnOperation or IThrowOperation
           || statement is IExpressionStatementOperation { Operation: IThrowOperation };

    private bool TestsCallerIdentity(IOperation condition, CancellationToken cancellationToken)
    {
        foreach (var operation in condition.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IInvocationOperation invocation when IsCallerIdentityCall(invocation):
                    return true;

                // A call the compiler could not bind (an argument of a missing package's type): its receiver still tells.
                case IInvalidOperation invalid:
                    foreach (var child in invalid.ChildOperations)
                    {
                        if (IsCallerIdentityType(child.WalkDownConversion().Type))
                            return true;
                    }

                    break;
                case ILocalReferenceOperation local:
                    var assigned = local.FollowSingleAssignment(cancellationToken);
                    if (!ReferenceEquals(assigned, local) && IsCallerIdentityValue(assigned, cancellationToken))
                        return true;
                    break;
            }
        }

        return false;
    }

    private bool IsCallerIdentityValue(IOperation value, CancellationToken cancellationToken)
    {
        var current = value.WalkDownConversion();
        for (var depth = 0; depth < 4; depth++)
        {
            switch (current)
            {
                case IAwaitOperation awaited:
                    current = awaited.Operation.WalkDownConversion();
                    continue;
                case IInvocationOperation invocation:
                    return IsCallerIdentityCall(invocation);
                case IPropertyReferenceOperation { Instance: { } instance }:
                    // User.Identity.Name, context.UserId
                    return IsCallerIdentityType(instance.WalkDownConversion().Type);
                default:
                    cancellationToken.ThrowIfCancellationRequested();
                    return false;
            }
        }

        return false;
    }

    /// <summary>The caller's principal, or the project's caller-context type.</summary>
    private bool IsCallerIdentityType(ITypeSymbol? type) => IsPrincipal(type) || IsCallerContextType(type);

    /// <summary>A call that takes the caller's principal, is made on it, or is made on the project's caller context.</summary>
    private bool IsCallerIdentityCall(IInvocationOperation invocation)
    {
        if (IsCallerIdentityType(invocation.Instance?.WalkDownConversion().Type))
            return true;
        foreach (var argument in invocation.Arguments)
        {
            if (IsPrincipal(argument.Value.WalkDownConversion().Type))
                return true;
        }

        return false;
    }

    /// <summary>
    /// <c>System.Security.Claims.ClaimsPrincipal</c> or a subclass. Told by name and namespace: a type of a referenced
    /// project's compilation may present it as another symbol of the same type.
    /// </summary>
    private static bool IsPrincipal(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current is { Name: "ClaimsPrincipal", ContainingNamespace: { Name: "Claims", ContainingNamespace: { Name: "Security", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } })
                return true;
        }

        return false;
    }

    /// <summary><c>Microsoft.AspNetCore.Http.HttpContext</c> or a subclass, told by name and namespace.</summary>
    private static bool IsHttpContext(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current is { Name: "HttpContext", ContainingNamespace: { Name: "Http", ContainingNamespace: { Name: "AspNetCore", ContainingNamespace: { Name: "Microsoft", ContainingNamespace.IsGlobalNamespace: true } } } })
                return true;
        }

        return false;
    }

    /// <summary>
    /// A type of the project that carries the caller's identity: it has a <c>ClaimsPrincipal</c> or <c>HttpContext</c>
    /// property, or a method that takes a <c>ClaimsPrincipal</c> (it is built from the signed-in user). Controllers,
    /// page models and ASP.NET Core's own types (which expose <c>User</c> to everything) are not.
    /// </summary>
    private bool IsCallerContextType(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Interface } named || named.SpecialType != SpecialType.None)
            return false;
        if (_callerContextTypes.TryGetValue(named, out var known))
            return known;
        var result = !HandlerScope.IsAspNetCore(named.ContainingNamespace) && !named.InheritsFromOrEquals(Types.ControllerBase)
                     && !named.InheritsFromOrEquals(PageModel) && CarriesPrincipal(named);
        return _callerContextTypes.Keep(named, result);
    }

    private static bool CarriesPrincipal(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            switch (member)
            {
                case IPropertySymbol property when IsPrincipal(property.Type) || IsHttpContext(property.Type):
                    return true;
                case IMethodSymbol { MethodKind: MethodKind.Ordinary } method:
                    foreach (var parameter in method.Parameters)
                    {
                        if (IsPrincipal(parameter.Type))
                            return true;
                    }

                    break;
            }
        }

        return false;
    }
}
