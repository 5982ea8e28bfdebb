using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActionSecurity.Analyzers.Model;

/// <summary>
/// One rule's <see cref="ActionSecurityOptions"/> for the tree each thread last asked about. A rule that asks for every
/// operation of a kind (AS0001, for every string literal) asks about the same tree many times in a row on one thread;
/// the answer is then one comparison of two references instead of the options provider's lookup of the tree and the
/// cache's lookup of its options.
/// </summary>
/// <remarks>
/// <para>One per rule and compilation (in the analyzer's compilation state), so it holds nothing longer than that state,
/// which holds the compilation. The driver analyses several trees at once, one per thread: with one entry for all
/// threads, they replaced each other's entry about one time in four in a build of a large project, and a miss costs
/// about ten times a hit. So each thread has a slot, chosen by its managed thread id (two threads that share a slot only
/// miss more often).</para>
/// <para>Each entry is replaced whole, so a reader always sees a tree with its own options.</para>
/// </remarks>
internal sealed class RuleOptions
{
    /// <summary>A power of two: more than the threads a driver analyses with on most machines.</summary>
    private const int SlotCount = 16;

    private readonly string _ruleId;
    private readonly Entry?[] _slots = new Entry?[SlotCount];

    public RuleOptions(string ruleId) => _ruleId = ruleId;

    public ActionSecurityOptions For(AnalyzerOptions options, SyntaxTree tree)
    {
        var slot = Thread.CurrentThread.ManagedThreadId & (SlotCount - 1);
        var last = Volatile.Read(ref _slots[slot]);
        if (last is not null && ReferenceEquals(last.Tree, tree) && ReferenceEquals(last.Options, options))
            return last.Result;
        var result = ActionSecurityOptions.For(options, tree, _ruleId);
        Volatile.Write(ref _slots[slot], new Entry(options, tree, result));
        return result;
    }

    private sealed class Entry(AnalyzerOptions options, SyntaxTree tree, ActionSecurityOptions result)
    {
        public AnalyzerOptions Options { get; } = options;

        public SyntaxTree Tree { get; } = tree;

        public ActionSecurityOptions Result { get; } = result;
    }
}
