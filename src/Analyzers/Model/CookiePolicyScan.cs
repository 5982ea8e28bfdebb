using System.Threading;
using Microsoft.CodeAnalysis;

namespace ActionSecurity.Analyzers.Model;

/// <summary>
/// Finds what <c>CookiePolicyOptions</c> force across the compilation: <c>Secure = CookieSecurePolicy.Always</c>,
/// <c>HttpOnly = HttpOnlyPolicy.Always</c>, <c>MinimumSameSitePolicy = SameSiteMode.Strict/Lax</c>, counted only when
/// the app also calls <c>UseCookiePolicy</c> (the options do nothing without the middleware).
/// </summary>
/// <remarks>
/// Syntax only, read from each tree's <see cref="SyntaxIndex"/> (one walk per file version, shared with the other
/// compilation-wide questions), so no other tree is bound. The three pairs are specific: <c>CookieSecurePolicy</c>
/// assigned to a property named <c>Secure</c>, and <c>HttpOnlyPolicy</c>, exist only on <c>CookiePolicyOptions</c>.
/// </remarks>
internal static class CookiePolicyScan
{
    public static CookieFlags Forced(Compilation compilation, CancellationToken cancellationToken)
    {
        var forced = CookieFlags.None;
        var usesPolicy = false;
        foreach (var tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var index = SyntaxIndex.For(tree, cancellationToken);
            usesPolicy |= index.UsesCookiePolicy;
            forced |= index.CookiePolicyFlags;
        }

        return usesPolicy ? forced : CookieFlags.None;
    }
}
