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

        INamedTypeSymbol? best = null;
        foreach (var reference in compilation.References)
        {
            if (compilation.GetAssemblyOrModuleSymbol(reference) is not IAssemblySymbol assembly)
                continue;
            var candidate = assembly.GetTypeByMetadataName(metadataName);
            if (candidate is null || !IsAccessibleFrom(candidate, compilation.Assembly))
                continue;
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
