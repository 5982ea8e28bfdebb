using System;
using System.Collections.Generic;
using System.Globalization;
using ActionSecurity.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ActionSecurity.Analyzers.CodeFixes.Syntax;

/// <summary>Names for the locals and pattern variables a fix introduces, free where they are declared and later.</summary>
internal static class LocalNames
{
    /// <summary>The name of the expected secret when nothing better names it.</summary>
    public const string ExpectedSecret = "expectedSecret";

    /// <summary>
    /// Every name declared anywhere in <paramref name="scope"/>: locals, pattern and out variables, parameters (lambdas'
    /// included), local functions and foreach variables. A new name must avoid these too, not only the names in scope at
    /// the insertion point, because one declared later in the same body would then clash with it.
    /// </summary>
    public static HashSet<string> DeclaredIn(SyntaxNode scope) => DeclaredIn(scope, around: null);

    /// <summary>
    /// As <see cref="DeclaredIn(SyntaxNode)"/>, but without the names declared inside lambdas and local functions that do
    /// not contain <paramref name="around"/>: those are never in scope at it, and a sibling handler's <c>token</c> does not
    /// make this one's <c>token2</c>.
    /// </summary>
    private static HashSet<string> DeclaredIn(SyntaxNode scope, SyntaxNode? around)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in scope.DescendantNodes(n => around is null || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax) || n.Span.Contains(around.Span)))
        {
            if (around is not null && node is AnonymousFunctionExpressionSyntax && !node.Span.Contains(around.Span))
                continue;
            switch (node)
            {
                case SingleVariableDesignationSyntax single:
                    declared.Add(single.Identifier.ValueText);
                    break;
                case VariableDeclaratorSyntax declarator:
                    declared.Add(declarator.Identifier.ValueText);
                    break;
                case ParameterSyntax parameter:
                    declared.Add(parameter.Identifier.ValueText);
                    break;
                case LocalFunctionStatementSyntax function:
                    declared.Add(function.Identifier.ValueText);
                    break;
                case ForEachStatementSyntax forEach:
                    declared.Add(forEach.Identifier.ValueText);
                    break;
            }
        }

        return declared;
    }

    /// <summary>
    /// <paramref name="baseName"/>, or <c>baseName2</c>, <c>baseName3</c>, … : the first that is not in
    /// <paramref name="taken"/> (the names declared in the function that gets the new local, and the names handed out)
    /// and not in scope at <paramref name="position"/>. The name returned is added to <paramref name="taken"/>.
    /// </summary>
    public static string Unique(SemanticModel model, int position, string baseName, ISet<string> taken)
    {
        var name = baseName;
        for (var i = 2; taken.Contains(name) || !model.LookupSymbols(position, name: name).IsEmpty; i++)
            name = baseName + i.ToString(CultureInfo.InvariantCulture);
        taken.Add(name);
        return name;
    }

    /// <summary>
    /// <paramref name="baseName"/>, or <c>baseName2</c>, <c>baseName3</c>, … : the first that is not declared in the
    /// member around <paramref name="target"/>, not in scope at it, and not in <paramref name="taken"/> (names this fix
    /// has already handed out). The name returned is added to <paramref name="taken"/> when that is given.
    /// </summary>
    public static string Unique(SemanticModel model, SyntaxNode target, string baseName, ISet<string>? taken = null)
    {
        var member = target.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? target;
        var declared = DeclaredIn(member, target);
        var name = baseName;
        for (var i = 2; taken?.Contains(name) == true || declared.Contains(name) || !model.LookupSymbols(target.SpanStart, name: name).IsEmpty; i++)
            name = baseName + i.ToString(CultureInfo.InvariantCulture);
        taken?.Add(name);
        return name;
    }

    /// <summary>
    /// A local named after a store key: <c>ACTION_SECRET</c> → <c>actionSecret</c>, <c>Webhook:Secret</c> →
    /// <c>webhookSecret</c>; <paramref name="fallback"/> when the key has no usable word or names a keyword.
    /// </summary>
    public static string FromKey(string key, string fallback)
    {
        var builder = new System.Text.StringBuilder();
        var position = 0;
        while (SecretNames.NextWord(key, ref position, out var start, out var length))
        {
            var word = key.Substring(start, length);
            if (builder.Length == 0)
            {
                if (char.IsDigit(word[0]))
                    continue;
                builder.Append(word.ToLowerInvariant());
            }
            else
            {
                builder.Append(char.ToUpperInvariant(word[0])).Append(word.Substring(1).ToLowerInvariant());
            }
        }

        var name = builder.ToString();
        if (name.Length == 0 || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None)
            return fallback;
        return name;
    }
}
