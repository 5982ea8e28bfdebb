using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActionSecurity.Analyzers.Model;

/// <summary>
/// One rule's <see cref="ActionSecurityOptions"/> for the tree it was last asked about. A rule that asks for every
/// operation of a kind (AS0001, for every string literal) asks about the same tree many times in a row; the answer is
/// then one comparison of two references instead of the options provider's lookup of the tree and the cache's lookup of
/// its options.
/// </summary>
/// <remarks>
/// One per rule and compilation (in the analyzer's compilation state), so it holds nothing longer than that state, which
/// holds the compilation. Threads that analyse different trees replace each other's entry; each entry is replaced whole,
/// so a reader always sees a tree with its own options.
/// </remarks>
internal sealed class RuleOptions
{
    private readonly string _ruleId;
    private Entry? _last;

    public RuleOptions(string ruleId) => _ruleId = ruleId;

    public ActionSecurityOptions For(AnalyzerOptions options, SyntaxTree tree)
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && ReferenceEquals(last.Tree, tree) && ReferenceEquals(last.Options, options))
            return last.Result;
        var result = ActionSecurityOptions.For(options, tree, _ruleId);
        Volatile.Write(ref _last, new Entry(options, tree, result));
        return result;
    }

    private sealed class Entry(AnalyzerOptions options, SyntaxTree tree, ActionSecurityOptions result)
    {
        public AnalyzerOptions Options { get; } = options;

        public SyntaxTree Tree { get; } = tree;

        public ActionSecurityOptions Result { get; } = result;
    }
}
