using Microsoft.CodeAnalysis;

namespace ActionSecurity.Analyzers.Infrastructure;

internal static class CompilationExtensions
{
    /// <summary>
    /// Resolves a type by metadata name even when several assemblies define it: the compilation's own definition wins,
    /// then the single one accessible from the compilation. Returns null when none or an ambiguous set is found.
    /// </summary>
    public static INamedTypeSymbol? GetBestTypeByMetadataName(this Compilation compilation, string metadataName)
    {
        var own = compilation.Assembly.GetTypeByMetadataName(metadataName);
        if (own is not null)
            return own;

        // One lookup over all references (Roslyn parses the name once and caches the answer per compilation) instead of
        // one public-API lookup per reference: KnownTypes resolves ~70 names against ~190 references of a web project at
        // every compilation start, which was two thirds of the package's per-edit time (benchmarks/Latency --profile).
        INamedTypeSymbol? best = null;
        foreach (var candidate in compilation.GetTypesByMetadataName(metadataName))
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, compilation.Assembly)
                || !IsAccessibleFrom(candidate, compilation.Assembly))
            {
                continue;
            }

            if (best is not null && !SymbolEqualityComparer.Default.Equals(best, candidate))
                return null;
            best = candidate;
        }

        return best;
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
