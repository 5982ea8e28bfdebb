using System;
using Microsoft.CodeAnalysis;

namespace ActionSecurity.Analyzers.Infrastructure;

internal static class CompilationExtensions
{
    /// <summary>
    /// Resolves a type by its full metadata name, the one rule of type identity in the package. The compilation's own
    /// definition wins; otherwise the definitions accessible from the compilation are candidates, and when several
    /// assemblies declare the name the one from the expected assembly is chosen: the assembly whose name shares the
    /// longest dotted prefix with the type's namespace (<c>Microsoft.Extensions.Logging.Abstractions</c> for
    /// <c>Microsoft.Extensions.Logging.LoggerExtensions</c>, not <c>Microsoft.Azure.WebJobs.Host</c>, which declares a type
    /// of the same name), then the first in reference order. A name declared several times is never dropped: null means
    /// that no accessible definition exists.
    /// </summary>
    /// <remarks>
    /// Walks the compilation's merged global namespace (<c>Microsoft</c> → <c>AspNetCore</c> → <c>Http</c>) instead of
    /// asking every reference for the full name: a namespace is merged once per compilation from the few assemblies that
    /// declare it, and the binder has usually merged it already for the document's usings, while
    /// <c>Compilation.GetTypesByMetadataName</c> visits each of the ~190 references of a web project for each name. The
    /// package resolves ~130 names at every compilation start, that is, on every edit in the IDE. References with an
    /// extern alias are not in the global namespace and are not found.
    /// </remarks>
    public static INamedTypeSymbol? GetBestTypeByMetadataName(this Compilation compilation, string metadataName)
    {
        var ns = compilation.GlobalNamespace;
        var start = 0;
        var plus = metadataName.IndexOf('+');
        var typeEnd = plus < 0 ? metadataName.Length : plus;
        var lastDot = metadataName.LastIndexOf('.', typeEnd - 1);
        while (start < lastDot)
        {
            var dot = metadataName.IndexOf('.', start);
            var part = metadataName.Substring(start, dot - start);
            INamespaceSymbol? next = null;
            foreach (var member in ns.GetMembers(part))
            {
                if (member is INamespaceSymbol child)
                {
                    next = child;
                    break;
                }
            }

            if (next is null)
                return null;
            ns = next;
            start = dot + 1;
        }

        var (name, arity) = SplitArity(metadataName, lastDot + 1, typeEnd);
        INamedTypeSymbol? best = null;
        var bestScore = -1;
        foreach (var candidate in ns.GetTypeMembers(name, arity))
        {
            var resolved = plus < 0 ? candidate : ResolveNested(candidate, metadataName, plus);
            if (resolved is null)
                continue;

            // The compilation's own definition wins over every reference.
            if (SymbolEqualityComparer.Default.Equals(resolved.ContainingAssembly, compilation.Assembly))
                return resolved;
            if (!IsAccessibleFrom(resolved, compilation.Assembly))
                continue;
            if (best is null)
            {
                best = resolved;
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(best, resolved))
                continue;

            // Several assemblies declare the name: keep the one from the expected assembly.
            if (bestScore < 0)
                bestScore = SharedPrefix(best.ContainingAssembly?.Name, metadataName, lastDot);
            var score = SharedPrefix(resolved.ContainingAssembly?.Name, metadataName, lastDot);
            if (score > bestScore)
            {
                best = resolved;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>
    /// How many leading dotted segments <paramref name="assemblyName"/> shares with the namespace
    /// <c>metadataName[..namespaceEnd]</c>: 3 for <c>Microsoft.Extensions.Logging.Abstractions</c> and
    /// <c>Microsoft.Extensions.Logging</c>, 1 for <c>Microsoft.Azure.WebJobs.Host</c>.
    /// </summary>
    private static int SharedPrefix(string? assemblyName, string metadataName, int namespaceEnd)
    {
        if (assemblyName is null || namespaceEnd <= 0)
            return 0;
        var segments = 0;
        var i = 0;
        while (true)
        {
            var atEnd = i == namespaceEnd || i == assemblyName.Length;
            if (atEnd || metadataName[i] == '.' || assemblyName[i] == '.')
            {
                var namespaceBoundary = i == namespaceEnd || metadataName[i] == '.';
                var assemblyBoundary = i == assemblyName.Length || assemblyName[i] == '.';
                if (namespaceBoundary && assemblyBoundary)
                    segments++;
                if (atEnd || !(namespaceBoundary && assemblyBoundary))
                    return segments;
            }
            else if (metadataName[i] != assemblyName[i])
            {
                return segments;
            }

            i++;
        }
    }

    private static INamedTypeSymbol? ResolveNested(INamedTypeSymbol outer, string metadataName, int plus)
    {
        var current = outer;
        var start = plus + 1;
        while (current is not null && start <= metadataName.Length)
        {
            var next = metadataName.IndexOf('+', start);
            var end = next < 0 ? metadataName.Length : next;
            var (name, arity) = SplitArity(metadataName, start, end);
            INamedTypeSymbol? found = null;
            foreach (var member in current.GetTypeMembers(name, arity))
            {
                found = member;
                break;
            }

            current = found;
            if (next < 0)
                break;
            start = next + 1;
        }

        return current;
    }

    private static (string Name, int Arity) SplitArity(string metadataName, int start, int end)
    {
        var tick = metadataName.IndexOf('`', start, end - start);
        if (tick < 0)
            return (metadataName.Substring(start, end - start), 0);
        var arity = 0;
        for (var i = tick + 1; i < end && char.IsDigit(metadataName[i]); i++)
            arity = (arity * 10) + (metadataName[i] - '0');
        return (metadataName.Substring(start, tick - start), arity);
    }

    private static bool IsAccessibleFrom(INamedTypeSymbol type, IAssemblySymbol within)
    {
        for (ISymbol? current = type; current is INamedTypeSymbol named; current = named.ContainingType)
        {
            switch (named.DeclaredAccessibility)
            {
                case Accessibility.Public:
                    continue;
                case Accessibility.Internal:
                case Accessibility.ProtectedOrInternal:
                    if (!named.ContainingAssembly.GivesAccessTo(within))
                        return false;
                    continue;
                default:
                    return false;
            }
        }

        return true;
    }
}
