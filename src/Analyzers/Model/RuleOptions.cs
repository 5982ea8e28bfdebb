using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActionSecurity.Analyzers.Model;

/// <summary>
/// One rule's <see cref="ActionSecurityOptions"/> per tree, for a rule that asks for every operation of a kind (AS0001,
/// for every string literal; AS0008, for every logged argument). The answer is then one lookup of the tree in a weak
/// table and one comparison of two references, instead of the options provider's lookup of the tree (an immutable
/// dictionary of every tree of the compilation) and the cache's lookup of its options.
/// </summary>
/// <remarks>
/// <para>One per rule and compilation (in the analyzer's compilation state). The driver hands a thread the operations of
/// one declaration after another, in no order of trees: a cache of the last tree asked about, per rule or per thread,
/// missed on about a quarter of the literals of a large project, and a miss cost about ten times a hit. Keyed weakly by
/// tree, an entry lives as long as its tree and keeps nothing alive.</para>
/// <para>The entry holds the <see cref="AnalyzerOptions"/> it was read under: the IDE keeps a tree across edits of an
/// <c>.editorconfig</c>, with new options. Each entry is replaced whole, so a reader always sees options with the
/// <see cref="AnalyzerOptions"/> they came from. One table, not striped: it adds one entry per tree, where the
/// per-operation caches add one per operation.</para>
/// </remarks>
internal sealed class RuleOptions
{
    private readonly string _ruleId;
    private readonly ConditionalWeakTable<SyntaxTree, Slot> _byTree = new();

    public RuleOptions(string ruleId) => _ruleId = ruleId;

    public ActionSecurityOptions For(AnalyzerOptions options, SyntaxTree tree)
    {
        if (_byTree.TryGetValue(tree, out var slot) && slot.Last is { } known && ReferenceEquals(known.Options, options))
            return known.Result;
        var result = ActionSecurityOptions.For(options, tree, _ruleId);
        (slot ?? _byTree.GetValue(tree, static _ => new Slot())).Last = new Entry(options, result);
        return result;
    }

    private sealed class Slot
    {
        private volatile Entry? _last;

        public Entry? Last
        {
            get => _last;
            set => _last = value;
        }
    }

    private sealed class Entry(AnalyzerOptions options, ActionSecurityOptions result)
    {
        public AnalyzerOptions Options { get; } = options;

        public ActionSecurityOptions Result { get; } = result;
    }
}
