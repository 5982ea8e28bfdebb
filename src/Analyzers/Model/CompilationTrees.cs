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
/// </remarks>
internal sealed class CompilationTrees
{
    private static readonly ConditionalWeakTable<Compilation, CompilationTrees> Cache = new();
    private static WeakReference<CompilationTrees>? _last;

    private int[]? _candidateTrees;
    private int _mayBuildWebHost = Unknown;
    private int _cookiePolicy = Unknown;

    private const int Unknown = -1;

    private CompilationTrees(SyntaxIndex[] indexes, ulong[] summaries)
    {
        Indexes = indexes;
        Summaries = summaries;
    }

    /// <summary>Every tree's index, in the compilation's tree order.</summary>
    public SyntaxIndex[] Indexes { get; }

    /// <summary>The 1,024-bit word summary of tree <c>i</c> at <c>i * <see cref="SyntaxIndex.SummaryLength"/></c>.</summary>
    public ulong[] Summaries { get; }

    public static CompilationTrees For(Compilation compilation, CancellationToken cancellationToken)
    {
        if (Cache.TryGetValue(compilation, out var existing))
            return existing;
        CompilationTrees? previous = null;
        Volatile.Read(ref _last)?.TryGetTarget(out previous);
        var built = Build(compilation, previous, cancellationToken);
        var kept = Cache.GetValue(compilation, _ => built);
        Volatile.Write(ref _last, new WeakReference<CompilationTrees>(kept));
        return kept;
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

    private static CompilationTrees Build(Compilation compilation, CompilationTrees? previous, CancellationToken cancellationToken)
    {
        var trees = compilation is CSharpCompilation csharp ? csharp.SyntaxTrees : ImmutableArray.CreateRange(compilation.SyntaxTrees);
        var indexes = new SyntaxIndex[trees.Length];
        var summaries = new ulong[trees.Length * SyntaxIndex.SummaryLength];
        var reuse = previous is not null && previous.Indexes.Length == trees.Length;
        if (reuse)
            Array.Copy(previous!.Summaries, summaries, summaries.Length);
        for (var i = 0; i < trees.Length; i++)
        {
            if (reuse && ReferenceEquals(previous!.Indexes[i].Tree, trees[i]))
            {
                indexes[i] = previous.Indexes[i];
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            indexes[i] = SyntaxIndex.For(trees[i], cancellationToken);
            indexes[i].CopySummary(summaries, i * SyntaxIndex.SummaryLength);
        }

        return new CompilationTrees(indexes, summaries);
    }
}
