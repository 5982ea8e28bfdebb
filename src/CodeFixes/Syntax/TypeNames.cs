using System;
using System.Collections.Generic;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActionSecurity.Analyzers.CodeFixes.Syntax;

/// <summary>
/// Short type names that bind at the insertion point, with the <c>using</c> directives they need. A name that binds to
/// something else there is written fully qualified with <c>global::</c> instead.
/// </summary>
internal sealed class TypeNames
{
    private readonly SemanticModel _model;
    private readonly SortedSet<string> _imports = new(StringComparer.Ordinal);
    private int _position;

    public TypeNames(SemanticModel model) => _model = model;

    public IEnumerable<string> Imports => _imports;

    public void MoveTo(int position) => _position = position;

    /// <summary>The type in a type context: <c>CryptographicOperations</c> or <c>global::System.Security.Cryptography.CryptographicOperations</c>.</summary>
    public TypeSyntax Type(string metadataName)
    {
        var (symbol, shortName) = Resolve(metadataName, attribute: false);
        if (shortName is not null)
            return IdentifierName(shortName);
        NameSyntax name = AliasQualifiedName(IdentifierName(Token(SyntaxKind.GlobalKeyword)), IdentifierName(symbol!.ContainingNamespace.IsGlobalNamespace ? symbol.Name : FirstNamespace(symbol)));
        foreach (var part in RemainingParts(symbol!))
            name = QualifiedName(name, IdentifierName(part));
        return name;
    }

    /// <summary>The type in an expression context (before a member access).</summary>
    public ExpressionSyntax Expr(string metadataName)
    {
        var (symbol, shortName) = Resolve(metadataName, attribute: false);
        if (shortName is not null)
            return IdentifierName(shortName);
        ExpressionSyntax expression = AliasQualifiedName(IdentifierName(Token(SyntaxKind.GlobalKeyword)), IdentifierName(symbol!.ContainingNamespace.IsGlobalNamespace ? symbol.Name : FirstNamespace(symbol)));
        foreach (var part in RemainingParts(symbol!))
            expression = MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, expression, IdentifierName(part));
        return expression;
    }

    /// <summary>An attribute name without its <c>Attribute</c> suffix when that binds.</summary>
    public NameSyntax Attribute(string metadataName)
    {
        var (_, shortName) = Resolve(metadataName, attribute: true);
        if (shortName is not null)
            return IdentifierName(shortName.EndsWith("Attribute", StringComparison.Ordinal) ? shortName.Substring(0, shortName.Length - "Attribute".Length) : shortName);
        return (NameSyntax)Type(metadataName);
    }

    private (INamedTypeSymbol? Symbol, string? ShortName) Resolve(string metadataName, bool attribute)
    {
        var symbol = _model.Compilation.GetBestTypeByMetadataName(metadataName);
        if (symbol is null)
            return (null, metadataName.Substring(metadataName.LastIndexOf('.') + 1));
        var found = _model.LookupNamespacesAndTypes(_position, name: symbol.Name);
        if (attribute && found.IsEmpty && symbol.Name.EndsWith("Attribute", StringComparison.Ordinal))
            found = _model.LookupNamespacesAndTypes(_position, name: symbol.Name.Substring(0, symbol.Name.Length - "Attribute".Length));
        if (found.IsEmpty)
        {
            if (!symbol.ContainingNamespace.IsGlobalNamespace)
                _imports.Add(symbol.ContainingNamespace.ToDisplayString());
            return (symbol, symbol.Name);
        }

        foreach (var candidate in found)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate, symbol))
                return (symbol, symbol.Name);
        }

        return (symbol, null);
    }

    private static string FirstNamespace(INamedTypeSymbol symbol)
    {
        INamespaceSymbol ns = symbol.ContainingNamespace;
        while (!ns.ContainingNamespace.IsGlobalNamespace)
            ns = ns.ContainingNamespace;
        return ns.Name;
    }

    private static IEnumerable<string> RemainingParts(INamedTypeSymbol symbol)
    {
        var parts = new List<string>();
        for (INamespaceSymbol? ns = symbol.ContainingNamespace; ns is not null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
            parts.Insert(0, ns.Name);
        if (parts.Count > 0)
            parts.RemoveAt(0);
        parts.Add(symbol.Name);
        return symbol.ContainingNamespace.IsGlobalNamespace ? Array.Empty<string>() : parts;
    }
}

/// <summary><c>using</c> directives a fix adds itself, for names it writes short without the simplifier.</summary>
internal static class UsingDirectives
{
    /// <summary>Adds <c>using</c> directives for <paramref name="namespaces"/> that the unit does not have, System first, sorted.</summary>
    public static CompilationUnitSyntax AddUsings(CompilationUnitSyntax unit, IEnumerable<string> namespaces)
    {
        foreach (var ns in namespaces)
        {
            var usings = unit.Usings;
            var present = false;
            var index = usings.Count;
            for (var i = 0; i < usings.Count; i++)
            {
                var existing = usings[i];
                if (existing.Alias is not null || existing.StaticKeyword.IsKind(SyntaxKind.StaticKeyword) || existing.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) || existing.Name is null)
                    continue;
                var text = existing.Name.ToString();
                if (text == ns)
                {
                    present = true;
                    break;
                }

                if (index == usings.Count && CompareNamespaces(ns, text) < 0)
                    index = i;
            }

            if (present)
                continue;
            var endOfLine = usings.Count > 0 ? usings[usings.Count - 1].GetTrailingTrivia() : TriviaList(ElasticCarriageReturnLineFeed);
            var directive = UsingDirective(ParseName(ns)).WithTrailingTrivia(endOfLine);
            if (index == 0 && usings.Count > 0)
            {
                // Keep a file header on the first line.
                var first = usings[0];
                directive = directive.WithLeadingTrivia(first.GetLeadingTrivia());
                usings = usings.Replace(first, first.WithLeadingTrivia());
            }

            unit = unit.WithUsings(usings.Insert(index, directive));
        }

        return unit;
    }

    private static int CompareNamespaces(string a, string b)
    {
        var aSystem = a == "System" || a.StartsWith("System.", StringComparison.Ordinal);
        var bSystem = b == "System" || b.StartsWith("System.", StringComparison.Ordinal);
        if (aSystem != bSystem)
            return aSystem ? -1 : 1;
        return string.CompareOrdinal(a, b);
    }
}
