using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ActionSecurity.Analyzers.Model;

/// <summary>
/// The <see cref="SyntaxIndex"/> of every tree of a compilation, in tree order, with their word summaries side by side,
/// and the answers the compilation-wide questions need from every tree at once: which trees may configure
/// authorization, whether any may build the web host, what a cookie policy forces. One per compilation, shared by the
/// analyzers.
/// </summary>
/// <remarks>
/// An edit in the IDE makes a new compilation that holds every syntax tree of the last one but the edited one, in the
/// same order. So a set is made from the last set made, when it is still alive (it is held weakly, and lives as long
/// as its compilation): a tree found at the same position is taken over with its index, and only a changed tree is
/// looked up. The per-tree answers are kept on each <see cref="SyntaxIndex"/>, so the set's answers are one pass over
/// an array. A build, with one compilation, makes one set.
/// <para>The first rules to need the set ask for it at about the same time, from several analyzer threads, and a build
/// indexes every file of the project for it (a few tens of milliseconds on the L benchmark project). The threads index it
/// together: each takes the next tree not yet taken, and only the last trees' indexers are waited for. (Before, the first
/// thread built it inside the lock of a compilation-wide fact of AS0004, the threads that needed that fact next waited for
/// the whole index, each wait counting as their rule's time, and a rule asking outside that lock built it again.)</para>
/// </remarks>
internal sealed class CompilationTrees
{
    private static readonly ConditionalWeakTable<Compilation, CompilationTrees> Cache = new();
    private static WeakReference<CompilationTrees>? _last;

    private int[]? _candidateTrees;
    private int _mayBuildWebHost = Unknown;
    private int _cookiePolicy = Unknown;

    private const int Unknown = -1;

    private readonly ImmutableArray<SyntaxTree> _trees;

    /// <summary>The last set made, whose indexes are taken over tree by tree; let go once this set is complete.</summary>
    private CompilationTrees? _previous;

    /// <summary>Per tree: <see cref="Free"/>, <see cref="Taken"/> by a thread indexing it, or <see cref="Done"/>.</summary>
    private readonly int[] _states;
    private const int Free = 0;
    private const int Taken = 1;
    private const int Done = 2;

    /// <summary>The first tree no thread has taken yet, as far as the threads know.</summary>
    private int _next;

    /// <summary>Trees not yet indexed; the set is complete at zero.</summary>
    private int _remaining;

    /// <summary>Set when an indexer gave a tree back (it was cancelled): the waiting threads then look for it.</summary>
    private int _givenBack;

    /// <summary>Set when the last tree is indexed; the threads waiting for others' trees block on it.</summary>
    private readonly ManualResetEventSlim _complete = new(initialState: false);

    private CompilationTrees(ImmutableArray<SyntaxTree> trees, CompilationTrees? previous)
    {
        _trees = trees;
        _states = new int[trees.Length];
        _remaining = trees.Length;
        Indexes = new SyntaxIndex[trees.Length];
        Summaries = new ulong[trees.Length * SyntaxIndex.SummaryLength];
        if (previous is not null && previous.Indexes.Length == trees.Length && previous.IsComplete)
            _previous = previous;
    }

    /// <summary>Every tree's index, in the compilation's tree order.</summary>
    public SyntaxIndex[] Indexes { get; }

    /// <summary>The 1,024-bit word summary of tree <c>i</c> at <c>i * <see cref="SyntaxIndex.SummaryLength"/></c>.</summary>
    public ulong[] Summaries { get; }

    private bool IsComplete => Volatile.Read(ref _remaining) == 0;

    public static CompilationTrees For(Compilation compilation, CancellationToken cancellationToken)
    {
        if (!Cache.TryGetValue(compilation, out var set))
        {
            set = Cache.GetValue(compilation, static compilation =>
            {
                CompilationTrees? previous = null;
                Volatile.Read(ref _last)?.TryGetTarget(out previous);
                var trees = compilation is CSharpCompilation csharp ? csharp.SyntaxTrees : ImmutableArray.CreateRange(compilation.SyntaxTrees);
                return new CompilationTrees(trees, previous);
            });
        }

        if (!set.IsComplete)
        {
            set.Complete(cancellationToken);
            Volatile.Write(ref _last, new WeakReference<CompilationTrees>(set));
        }

        return set;
    }

    /// <summary>Indexes trees no other thread has taken until none is left, then waits for those others are indexing.</summary>
    private void Complete(CancellationToken cancellationToken)
    {
        while (!IsComplete)
        {
            var position = TakeTree();
            if (position < 0)
            {
                // Every tree is taken: wait for their indexers (one tree each, well under a millisecond), blocked rather
                // than spinning, so that an indexer that lost its core gets it back; every millisecond, look again for a
                // tree a cancelled indexer gave back.
                _complete.Wait(1, cancellationToken);
                continue;
            }

            try
            {
                IndexTree(position, cancellationToken);
            }
            catch
            {
                Volatile.Write(ref _states[position], Free);
                Volatile.Write(ref _givenBack, 1);
                throw;
            }

            Volatile.Write(ref _states[position], Done);
            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                _previous = null;
                _complete.Set();
            }
        }
    }

    /// <summary>The position of a tree this thread now holds, or -1 when every tree is taken or done.</summary>
    private int TakeTree()
    {
        // Read before the increment, so that threads waiting for the last trees do not push the cursor on for ever.
        while (Volatile.Read(ref _next) < _states.Length)
        {
            var position = Interlocked.Increment(ref _next) - 1;
            if (position >= _states.Length)
                break;
            if (Interlocked.CompareExchange(ref _states[position], Taken, Free) == Free)
                return position;
        }

        // Past the end: a tree given back by a cancelled indexer is found by looking through them all.
        if (Volatile.Read(ref _givenBack) == 0)
            return -1;
        Volatile.Write(ref _givenBack, 0);
        for (var position = 0; position < _states.Length; position++)
        {
            if (Interlocked.CompareExchange(ref _states[position], Taken, Free) == Free)
            {
                Volatile.Write(ref _givenBack, 1);
                return position;
            }
        }

        return -1;
    }

    private void IndexTree(int position, CancellationToken cancellationToken)
    {
        var tree = _trees[position];
        var offset = position * SyntaxIndex.SummaryLength;
        if (_previous is { } previous && ReferenceEquals(previous.Indexes[position].Tree, tree))
        {
            Indexes[position] = previous.Indexes[position];
            Array.Copy(previous.Summaries, offset, Summaries, offset, SyntaxIndex.SummaryLength);
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var index = SyntaxIndex.For(tree, cancellationToken);
        index.CopySummary(Summaries, offset);
        Indexes[position] = index;
    }

    /// <summary>True when tree <paramref name="position"/> may contain the word of <paramref name="hash"/>
    /// (<see cref="SyntaxIndex.Hash"/>): its summary first, then its word list.</summary>
    public bool MayContain(int position, uint hash)
        => SyntaxIndex.SummaryMayContain(Summaries, position * SyntaxIndex.SummaryLength, hash) && Indexes[position].MayContain(hash);

    /// <summary>The positions of the trees that hold <see cref="SyntaxIndex.AuthorizationCandidates"/>, in tree order.</summary>
    public int[] GetCandidateTrees()
    {
        var known = Volatile.Read(ref _candidateTrees);
        if (known is not null)
            return known;
        var positions = new List<int>();
        for (var i = 0; i < Indexes.Length; i++)
        {
            if (Indexes[i].AuthorizationCandidates.Count > 0)
                positions.Add(i);
        }

        known = positions.ToArray();
        Volatile.Write(ref _candidateTrees, known);
        return known;
    }

    /// <summary>
    /// False when no tree may build the web app (see <see cref="SyntaxIndex.MayBuildWebHost"/>): a project of
    /// controllers that another project hosts (the host calls <c>AddControllers</c>/<c>AddApplicationPart</c> and sets
    /// the app's authorization). Words only, so a false "may" keeps the rules reporting.
    /// </summary>
    public bool MayBuildWebHost()
    {
        var known = Volatile.Read(ref _mayBuildWebHost);
        if (known != Unknown)
            return known != 0;
        var any = false;
        foreach (var index in Indexes)
        {
            if (index.MayBuildWebHost)
            {
                any = true;
                break;
            }
        }

        Volatile.Write(ref _mayBuildWebHost, any ? 1 : 0);
        return any;
    }

    /// <summary>
    /// What <c>CookiePolicyOptions</c> force across the compilation: <c>Secure = CookieSecurePolicy.Always</c>,
    /// <c>HttpOnly = HttpOnlyPolicy.Always</c>, <c>MinimumSameSitePolicy = SameSiteMode.Strict/Lax</c>, counted only
    /// when the app also calls <c>UseCookiePolicy</c> (the options do nothing without the middleware).
    /// </summary>
    /// <remarks>
    /// Syntax only, so no other tree is bound. The three pairs are specific: <c>CookieSecurePolicy</c> assigned to a
    /// property named <c>Secure</c>, and <c>HttpOnlyPolicy</c>, exist only on <c>CookiePolicyOptions</c>.
    /// </remarks>
    public CookieFlags CookiePolicyForced()
    {
        var known = Volatile.Read(ref _cookiePolicy);
        if (known != Unknown)
            return (CookieFlags)known;
        var forced = CookieFlags.None;
        var usesPolicy = false;
        foreach (var index in Indexes)
        {
            usesPolicy |= index.UsesCookiePolicy;
            forced |= index.CookiePolicyFlags;
        }

        var result = usesPolicy ? forced : CookieFlags.None;
        Volatile.Write(ref _cookiePolicy, (int)result);
        return result;
    }
}
