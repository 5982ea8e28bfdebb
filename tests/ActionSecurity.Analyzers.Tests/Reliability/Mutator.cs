using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ActionSecurity.Analyzers.Tests.Reliability;

/// <summary>The ways <see cref="Mutator"/> breaks a source.</summary>
internal enum MutationKind
{
    /// <summary>Cut the text at an offset (often mid-token, mid-string, mid-comment): code being typed.</summary>
    Truncate,

    /// <summary>Delete one to three consecutive lines.</summary>
    DeleteLines,

    /// <summary>Delete a matching <c>()</c>, <c>[]</c> or <c>{}</c> pair: the two brackets only, or the brackets with what they enclose.</summary>
    DeleteBracketPair,

    /// <summary>Insert a copy of a member (method, property, field, type, local function) right after it: duplicate symbols.</summary>
    DuplicateMember,

    /// <summary>Append <c>X</c> to names the source uses but does not declare (<c>HttpRequest</c>, <c>Query</c>, <c>FixedTimeEquals</c>): framework symbols stop resolving.</summary>
    RenameFrameworkName,
}

/// <summary>A broken variant of a corpus item. <see cref="Sources"/> has the item's documents with one of them mutated.</summary>
internal sealed record Mutant(string Name, MutationKind Kind, CorpusItem Item, ImmutableArray<string> Sources)
{
    public override string ToString() => Name;
}

/// <summary>
/// Seeded, deterministic mutation of the corpus. A fixed total budget is spread over the items round-robin, and the
/// operators rotate so each is used about equally whatever the corpus size: the run time stays bounded as rules (and
/// their test inputs) are added. Each item has its own random stream derived from the seed and its name, so adding an
/// item does not change the mutants of the others.
/// </summary>
internal static class Mutator
{
    public const int DefaultSeed = 20240611;

    private static readonly MutationKind[] Kinds = (MutationKind[])Enum.GetValues(typeof(MutationKind));

    public static IEnumerable<Mutant> Generate(IReadOnlyList<CorpusItem> items, int budget, int seed = DefaultSeed)
    {
        if (items.Count == 0 || budget <= 0)
        {
            yield break;
        }

        // How many mutants each item gets, and which operators: item i's k-th mutant uses Kinds[(i + k) % Kinds.Length].
        var quotas = new int[items.Count];
        for (var n = 0; n < budget; n++)
        {
            quotas[n % items.Count]++;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var random = new Random(seed ^ StableHash(item.Name));
            var kinds = Enumerable.Range(0, quotas[i]).Select(k => Kinds[(i + k) % Kinds.Length]).ToList();
            var truncations = kinds.Count(k => k == MutationKind.Truncate);
            var truncationIndex = 0;
            var emitted = new HashSet<string>(StringComparer.Ordinal);
            for (var k = 0; k < kinds.Count; k++)
            {
                var kind = kinds[k];
                var document = random.Next(item.Sources.Length);
                var original = item.Sources[document];
                string? mutated = null;
                string? what = null;

                // An operator may not apply (no brackets, no members): try the others in order rather than lose the slot.
                for (var attempt = 0; attempt < Kinds.Length && mutated is null; attempt++)
                {
                    var tryKind = Kinds[(Array.IndexOf(Kinds, kind) + attempt) % Kinds.Length];
                    (mutated, what) = tryKind switch
                    {
                        MutationKind.Truncate => Truncate(original, truncationIndex++, Math.Max(truncations, 1), random),
                        MutationKind.DeleteLines => DeleteLines(original, random),
                        MutationKind.DeleteBracketPair => DeleteBracketPair(original, random),
                        MutationKind.DuplicateMember => DuplicateMember(original, random),
                        MutationKind.RenameFrameworkName => RenameFrameworkName(original, random),
                        _ => (null, null),
                    };
                    if (mutated is not null)
                    {
                        kind = tryKind;
                    }
                }

                if (mutated is null || mutated == original || !emitted.Add(mutated))
                {
                    continue;
                }

                var name = item.Sources.Length > 1
                    ? $"{item.Name} [doc {document}] {kind}: {what}"
                    : $"{item.Name} {kind}: {what}";
                yield return new Mutant(name, kind, item, item.Sources.SetItem(document, mutated));
            }
        }
    }

    /// <summary>The <paramref name="index"/>-th of <paramref name="count"/> cut points, evenly spread with a random jitter, so cuts land mid-token.</summary>
    internal static (string?, string?) Truncate(string text, int index, int count, Random random)
    {
        if (text.Length < 2)
        {
            return (null, null);
        }

        var stride = Math.Max(1, text.Length / (count + 1));
        var offset = Math.Clamp((index + 1) * stride + random.Next(-stride / 2, stride / 2 + 1), 1, text.Length - 1);
        return (text.Substring(0, offset), $"at {offset} of {text.Length}");
    }

    internal static (string?, string?) DeleteLines(string text, Random random)
    {
        var lines = text.Split('\n');
        if (lines.Length < 2)
        {
            return (null, null);
        }

        var start = random.Next(lines.Length);
        var count = Math.Min(1 + random.Next(3), lines.Length - start);
        return (string.Join('\n', lines.Take(start).Concat(lines.Skip(start + count))), $"lines {start + 1}-{start + count}");
    }

    internal static (string?, string?) DeleteBracketPair(string text, Random random)
    {
        var pairs = new List<(int Open, int Close)>();
        var stack = new Stack<int>();
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(' or '[' or '{':
                    stack.Push(i);
                    break;
                case ')' or ']' or '}':
                    if (stack.Count > 0 && Matches(text[stack.Peek()], text[i]))
                    {
                        pairs.Add((stack.Pop(), i));
                    }

                    break;
            }
        }

        if (pairs.Count == 0)
        {
            return (null, null);
        }

        var (open, close) = pairs[random.Next(pairs.Count)];
        if (random.Next(2) == 0)
        {
            var withoutBrackets = text.Substring(0, open) + text.Substring(open + 1, close - open - 1) + text.Substring(close + 1);
            return (withoutBrackets, $"brackets '{text[open]}{text[close]}' at {open}..{close}");
        }

        return (text.Substring(0, open) + text.Substring(close + 1), $"'{text[open]}…{text[close]}' with contents at {open}..{close}");

        static bool Matches(char open, char close) => (open, close) is ('(', ')') or ('[', ']') or ('{', '}');
    }

    internal static (string?, string?) DuplicateMember(string text, Random random)
    {
        var root = CSharpSyntaxTree.ParseText(text).GetRoot();
        var members = root.DescendantNodes()
            .Where(n => n is MemberDeclarationSyntax and not GlobalStatementSyntax and not BaseNamespaceDeclarationSyntax || n is LocalFunctionStatementSyntax)
            .ToList();
        if (members.Count == 0)
        {
            return (null, null);
        }

        var member = members[random.Next(members.Count)];
        var span = member.FullSpan;
        var copy = text.Substring(span.Start, span.Length);
        return (text.Substring(0, span.End) + copy + text.Substring(span.End), $"{member.Kind()} at {member.SpanStart}");
    }

    /// <summary>
    /// Renames, by whole-word text replacement, one name (three times in four) or every name (otherwise) that the source
    /// uses but never declares: with the framework's metadata referenced, those are framework types, members and
    /// namespaces, and after the rename they no longer bind.
    /// </summary>
    internal static (string?, string?) RenameFrameworkName(string text, Random random)
    {
        var names = UndeclaredNames(text);
        if (names.Count == 0)
        {
            return (null, null);
        }

        var chosen = random.Next(4) == 0 ? names : new List<string> { names[random.Next(names.Count)] };
        var result = text;
        foreach (var name in chosen)
        {
            result = ReplaceWholeWord(result, name, name + "X");
        }

        return (result, chosen.Count == 1 ? chosen[0] : $"all {chosen.Count} framework names");
    }

    internal static List<string> UndeclaredNames(string text)
    {
        var root = CSharpSyntaxTree.ParseText(text).GetRoot();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in root.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && token.Parent is not IdentifierNameSyntax and not GenericNameSyntax)
            {
                declared.Add(token.ValueText);
            }
        }

        return root.DescendantNodes()
            .OfType<SimpleNameSyntax>()
            .Select(n => n.Identifier.ValueText)
            .Where(n => n.Length > 1 && char.IsUpper(n[0]) && !declared.Contains(n))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
    }

    private static string ReplaceWholeWord(string text, string word, string replacement)
    {
        var builder = new StringBuilder(text.Length + 16);
        var i = 0;
        while (i < text.Length)
        {
            var at = text.IndexOf(word, i, StringComparison.Ordinal);
            if (at < 0)
            {
                break;
            }

            var end = at + word.Length;
            var isWord = (at == 0 || !IsIdentifierChar(text[at - 1])) && (end == text.Length || !IsIdentifierChar(text[end]));
            builder.Append(text, i, at - i).Append(isWord ? replacement : word);
            i = end;
        }

        return builder.Append(text, i, text.Length - i).ToString();

        static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c == '_';
    }

    /// <summary>FNV-1a over the UTF-16 code units: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    internal static int StableHash(string text)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in text)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }
}
