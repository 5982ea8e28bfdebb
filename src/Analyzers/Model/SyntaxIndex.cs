using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ActionSecurity.Analyzers.Model;

/// <summary>What a global-authorization candidate node may be; see <see cref="SyntaxIndex.AuthorizationCandidates"/>.</summary>
internal enum AuthorizationCandidateKind
{
    /// <summary><c>SetFallbackPolicy(...)</c> or <c>FallbackPolicy = ...</c>: the identifier.</summary>
    FallbackPolicy,

    /// <summary><c>x.Filters.Add(...)</c> or <c>Filters.AddService(...)</c>: the <c>Add</c> identifier.</summary>
    FilterAdd,

    /// <summary><c>RequireAuthorization</c> in a tree that also maps controllers: the identifier.</summary>
    RequireAuthorization,

    /// <summary><c>x.Use(...)</c> with a lambda argument: the <c>Use</c> identifier.</summary>
    InlineMiddleware,

    /// <summary>A method named <c>Invoke</c> or <c>InvokeAsync</c> with parameters: the declaration.</summary>
    MiddlewareMethod,
}

/// <summary>
/// The facts of one syntax tree that the compilation-wide questions need (which methods it invokes, where it could
/// configure global authorization, whether it configures a cookie policy), found by one walk of the tree and kept for as
/// long as the tree lives.
/// </summary>
/// <remarks>
/// A compilation-wide question (is there a fallback policy? who calls <c>MapOrders(this IEndpointRouteBuilder)</c>?)
/// used to walk every tree of the compilation once per question and per compilation. The IDE makes a new compilation on
/// every edit but keeps the syntax trees of the files that did not change, so keyed by tree these facts are computed
/// once per file version: an edit re-walks the edited file only. Only syntax is kept here; the semantic confirmation of
/// the few candidate nodes stays per compilation.
/// </remarks>
internal sealed class SyntaxIndex
{
    private static readonly ConditionalWeakTable<SyntaxTree, SyntaxIndex> Cache = new();
    private static readonly List<InvocationExpressionSyntax> NoInvocations = new();

    private readonly SyntaxTree _tree;
    private readonly HashSet<string> _invokedNames = new(System.StringComparer.Ordinal);
    private readonly List<(AuthorizationCandidateKind Kind, SyntaxNode Node)> _candidates = new();
    private Dictionary<string, List<InvocationExpressionSyntax>>? _invocations;

    private SyntaxIndex(SyntaxTree tree, CancellationToken cancellationToken)
    {
        _tree = tree;
        var requireAuthorization = new List<SyntaxNode>();
        var count = 0;
        foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
        {
            if ((++count & 1023) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            switch (node)
            {
                case InvocationExpressionSyntax invocation when GetInvokedName(invocation) is { } name:
                    _invokedNames.Add(name);
                    if (name == "UseCookiePolicy")
                        UsesCookiePolicy = true;
                    break;
                case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Right: MemberAccessExpressionSyntax right } assignment:
                    CookiePolicyFlags |= (RightmostName(assignment.Left), RightmostName(right.Expression), right.Name.Identifier.ValueText) switch
                    {
                        ("Secure", "CookieSecurePolicy", "Always") => CookieFlags.Secure,
                        ("HttpOnly", "HttpOnlyPolicy", "Always") => CookieFlags.HttpOnly,
                        ("MinimumSameSitePolicy", "SameSiteMode", "Strict" or "Lax") => CookieFlags.SameSite,
                        _ => CookieFlags.None,
                    };
                    break;
                case IdentifierNameSyntax { Identifier.ValueText: "SetFallbackPolicy" or "FallbackPolicy" } identifier:
                    _candidates.Add((AuthorizationCandidateKind.FallbackPolicy, identifier));
                    break;
                case IdentifierNameSyntax { Identifier.ValueText: "Add" or "AddService" } add when IsFiltersMember(add):
                    _candidates.Add((AuthorizationCandidateKind.FilterAdd, add));
                    break;
                case IdentifierNameSyntax { Identifier.ValueText: "RequireAuthorization" } require:
                    requireAuthorization.Add(require);
                    break;
                case IdentifierNameSyntax { Identifier.ValueText: "Use" } use when HasLambdaArgument(use):
                    _candidates.Add((AuthorizationCandidateKind.InlineMiddleware, use));
                    break;
                case MethodDeclarationSyntax { Identifier.ValueText: "Invoke" or "InvokeAsync", ParameterList.Parameters.Count: > 0 } method:
                    _candidates.Add((AuthorizationCandidateKind.MiddlewareMethod, method));
                    break;
            }
        }

        // RequireAuthorization counts globally only on the builder MapControllers (or a route variant) returned, and that
        // builder is a call or a local of the same body: a tree that never maps controllers has no such call.
        if (Invokes("MapControllers") || Invokes("MapDefaultControllerRoute") || Invokes("MapControllerRoute"))
        {
            foreach (var require in requireAuthorization)
                _candidates.Add((AuthorizationCandidateKind.RequireAuthorization, require));
        }
    }

    /// <summary>True when the tree calls <c>UseCookiePolicy</c>.</summary>
    public bool UsesCookiePolicy { get; }

    /// <summary>The attributes the tree's <c>CookiePolicyOptions</c>-shaped assignments force (see <c>CookiePolicyScan</c>).</summary>
    public CookieFlags CookiePolicyFlags { get; }

    /// <summary>Nodes that may configure authorization for the whole application, in tree order.</summary>
    public IReadOnlyList<(AuthorizationCandidateKind Kind, SyntaxNode Node)> AuthorizationCandidates => _candidates;

    /// <summary>The index of <paramref name="tree"/>, built on first use.</summary>
    public static SyntaxIndex For(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (Cache.TryGetValue(tree, out var existing))
            return existing;
        var built = new SyntaxIndex(tree, cancellationToken);
        return Cache.GetValue(tree, _ => built);
    }

    /// <summary>True when the tree invokes a method, local function or delegate of this simple name.</summary>
    public bool Invokes(string name) => _invokedNames.Contains(name);

    /// <summary>The invocations of a method of this simple name in the tree, in tree order.</summary>
    public IReadOnlyList<InvocationExpressionSyntax> GetInvocations(string name, CancellationToken cancellationToken)
    {
        if (!_invokedNames.Contains(name))
            return NoInvocations;
        var invocations = Volatile.Read(ref _invocations);
        if (invocations is null)
        {
            // Built only for the few trees whose call sites are looked up (the ones that call a route-builder helper).
            invocations = new Dictionary<string, List<InvocationExpressionSyntax>>(System.StringComparer.Ordinal);
            foreach (var node in _tree.GetRoot(cancellationToken).DescendantNodes())
            {
                if (node is InvocationExpressionSyntax invocation && GetInvokedName(invocation) is { } invoked)
                {
                    if (!invocations.TryGetValue(invoked, out var list))
                        invocations[invoked] = list = new List<InvocationExpressionSyntax>();
                    list.Add(invocation);
                }
            }

            invocations = Interlocked.CompareExchange(ref _invocations, invocations, null) ?? invocations;
        }

        return invocations.TryGetValue(name, out var found) ? found : NoInvocations;
    }

    /// <summary>The simple name an invocation calls: <c>Name</c> of <c>x.Name(...)</c>, <c>Name(...)</c>, <c>x?.Name(...)</c>.</summary>
    public static string? GetInvokedName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        _ => null,
    };

    private static string? RightmostName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        _ => null,
    };

    /// <summary><c>x.Filters.Add</c>: the receiver is a member or identifier named <c>Filters</c>.</summary>
    private static bool IsFiltersMember(IdentifierNameSyntax name)
        => name.Parent is MemberAccessExpressionSyntax access && access.Name == name
           && access.Expression switch
           {
               MemberAccessExpressionSyntax inner => inner.Name.Identifier.ValueText == "Filters",
               IdentifierNameSyntax identifier => identifier.Identifier.ValueText == "Filters",
               _ => false,
           };

    private static bool HasLambdaArgument(IdentifierNameSyntax name)
    {
        if (name.Parent is not MemberAccessExpressionSyntax access || access.Parent is not InvocationExpressionSyntax invocation)
            return false;
        foreach (var argument in invocation.ArgumentList.Arguments)
        {
            if (argument.Expression is AnonymousFunctionExpressionSyntax)
                return true;
        }

        return false;
    }
}
