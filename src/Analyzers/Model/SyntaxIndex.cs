using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ActionSecurity.Analyzers.Model;

/// <summary>What a global-authorization candidate node may be; see <see cref="SyntaxIndex.AuthorizationCandidates"/>.</summary>
internal enum AuthorizationCandidateKind
{
    /// <summary><c>SetFallbackPolicy(...)</c> or <c>FallbackPolicy = ...</c>: the identifier.</summary>
    FallbackPolicy,

    /// <summary><c>x.Filters.Add(...)</c> or <c>Filters.AddService(...)</c>: the <c>Add</c> identifier.</summary>
    FilterAdd,

    /// <summary><c>RequireAuthorization</c> in a tree that also maps controllers: the identifier.</summary>
    RequireAuthorization,

    /// <summary><c>x.Use(...)</c> with a lambda argument: the <c>Use</c> identifier.</summary>
    InlineMiddleware,

    /// <summary>A method named <c>Invoke</c> or <c>InvokeAsync</c> with parameters: the declaration.</summary>
    MiddlewareMethod,
}

/// <summary>
/// The facts of one syntax tree that the compilation-wide questions need (which methods it invokes, where it could
/// configure global authorization, whether it configures a cookie policy), kept for as long as the tree lives.
/// </summary>
/// <remarks>
/// <para>A compilation-wide question (is there a fallback policy? who calls <c>MapOrders(this IEndpointRouteBuilder)</c>?)
/// used to walk every tree of the compilation once per question and per compilation. The IDE makes a new compilation on
/// every edit but keeps the syntax trees of the files that did not change, so keyed by tree these facts are computed
/// once per file version: an edit re-reads the edited file only.</para>
/// <para>Two levels, because walking syntax is the expensive part (about 0.5 µs a node: a 160,000-line project has a
/// million nodes, and large lists hold their nodes weakly, so a walk re-creates them): every tree gets a scan of its
/// text for the words it contains (32-bit hashes of identifier-like runs of characters, comments and strings included,
/// so it can only say "maybe"), and only a tree that may contain a word a question needs is walked, once. A question
/// asked of every tree (who calls this helper?) first reads a 1,024-bit summary of each tree, kept side by side per
/// compilation, and only then the tree's word list, in the order the words first occur. That list is searched from
/// end to end, which the runtime does with vector instructions: a tree has a few hundred distinct words, so a search
/// costs less than sorting the list did (sorted lists, searched by halves, spent more time sorting every tree than
/// searching the few that questions reach), and a hash set per tree was slower than the walk it saved, because each
/// lookup missed the cache.</para>
/// <para>Only syntax is kept here; the semantic confirmation of the few candidate nodes stays per compilation.</para>
/// </remarks>
internal sealed class SyntaxIndex
{
    private static readonly StripedWeakTable<SyntaxTree, SyntaxIndex> Cache = new();
    private static readonly InvocationExpressionSyntax[] NoInvocations = new InvocationExpressionSyntax[0];
    private static readonly (AuthorizationCandidateKind Kind, SyntaxNode Node)[] NoCandidates = new (AuthorizationCandidateKind, SyntaxNode)[0];

    private static readonly uint[] AuthorizationWords = Hashes("FallbackPolicy", "SetFallbackPolicy", "Filters", "Use", "Invoke", "InvokeAsync");
    private static readonly uint[] ControllerMappingWords = Hashes("MapControllers", "MapDefaultControllerRoute", "MapControllerRoute");
    private static readonly uint RequireAuthorizationWord = Hash("RequireAuthorization");
    private static readonly uint[] CookiePolicyWords = Hashes("UseCookiePolicy");
    private static readonly uint[] WebHostWords = Hashes(
        "CreateBuilder", "CreateSlimBuilder", "CreateEmptyBuilder", "CreateDefaultBuilder", "ConfigureWebHostDefaults",
        "ConfigureWebHost", "UseStartup", "AddControllers", "AddControllersWithViews", "AddMvc", "AddMvcCore", "MapControllers");

    private readonly SyntaxTree _tree;
    private readonly uint[] _words;
    private readonly uint[] _repeated;
    private readonly ulong[] _summary = new ulong[SummaryLength];
    private Walk? _walk;
    private IReadOnlyList<(AuthorizationCandidateKind Kind, SyntaxNode Node)>? _candidates;
    private int _mayBuildWebHost = Unknown;
    private int _cookiePolicy = Unknown;

    private const int Unknown = -1;

    /// <summary>Above the <see cref="CookieFlags"/> bits in <see cref="_cookiePolicy"/>: the tree calls <c>UseCookiePolicy</c>.</summary>
    private const int UsesCookiePolicyBit = 1 << 16;

    [MethodImpl(Jit.Optimized)]
    private SyntaxIndex(SyntaxTree tree, CancellationToken cancellationToken)
    {
        _tree = tree;
        var text = tree.GetText(cancellationToken);

        // Every word's hash into a scratch open-addressing table (one per thread, reused from tree to tree): the distinct
        // words and those seen twice come out of it. Files repeat their words many times, so keeping every occurrence
        // cost more than the scan.
        var table = WordTable.ForThread();
        var buffer = table.Buffer;
        var hash = 0u;
        var inWord = false;
        for (var start = 0; start < text.Length; start += buffer.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = System.Math.Min(buffer.Length, text.Length - start);
            text.CopyTo(start, buffer, 0, count);
            for (var i = 0; i < count; i++)
            {
                var c = buffer[i];
                if (IsWordCharacter(c))
                {
                    hash = inWord ? Step(hash, c) : Step(Seed, c);
                    inWord = true;
                }
                else if (inWord)
                {
                    table.Add(Finish(hash));
                    inWord = false;
                }
            }
        }

        if (inWord)
            table.Add(Finish(hash));
        (_words, _repeated) = table.Drain();
        foreach (var word in _words)
        {
            var (index, bit) = SummaryProbe(word);
            _summary[index] |= bit;
            (index, bit) = SummaryProbe((word >> 16) | (word << 16));
            _summary[index] |= bit;
        }
    }

    /// <summary>Longs in <see cref="CopySummary"/>: 1,024 bits a tree.</summary>
    public const int SummaryLength = 16;

    /// <summary>The tree this index describes.</summary>
    public SyntaxTree Tree => _tree;

    /// <summary>True when the tree calls <c>UseCookiePolicy</c>.</summary>
    public bool UsesCookiePolicy => (GetCookiePolicy() & UsesCookiePolicyBit) != 0;

    /// <summary>The attributes the tree's <c>CookiePolicyOptions</c>-shaped assignments force (see
    /// <see cref="CompilationTrees.CookiePolicyForced"/>).</summary>
    public CookieFlags CookiePolicyFlags => (CookieFlags)(GetCookiePolicy() & ~UsesCookiePolicyBit);

    /// <summary>Nodes that may configure authorization for the whole application, in tree order.</summary>
    public IReadOnlyList<(AuthorizationCandidateKind Kind, SyntaxNode Node)> AuthorizationCandidates
    {
        get
        {
            var known = Volatile.Read(ref _candidates);
            if (known is not null)
                return known;
            known = ContainsAny(AuthorizationWords) || (Contains(RequireAuthorizationWord) && ContainsAny(ControllerMappingWords))
                ? GetWalk().Candidates
                : NoCandidates;
            Volatile.Write(ref _candidates, known);
            return known;
        }
    }

    /// <summary>
    /// False when the tree's text has none of the words of the calls that build an ASP.NET Core app (its host, its MVC
    /// services or its controller routes); true when it may.
    /// </summary>
    public bool MayBuildWebHost
    {
        get
        {
            var known = Volatile.Read(ref _mayBuildWebHost);
            if (known == Unknown)
            {
                known = ContainsAny(WebHostWords) ? 1 : 0;
                Volatile.Write(ref _mayBuildWebHost, known);
            }

            return known != 0;
        }
    }

    /// <summary>The index of <paramref name="tree"/>, built on first use.</summary>
    public static SyntaxIndex For(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (Cache.TryGetValue(tree, out var existing))
            return existing;
        var built = new SyntaxIndex(tree, cancellationToken);
        return Cache.GetValue(tree, _ => built);
    }

    /// <summary>False when the tree's text does not contain <paramref name="word"/> as a whole word; true when it may.</summary>
    public bool MayContain(string word) => Contains(Hash(word));

    /// <summary><see cref="MayContain(string)"/> for a word's <see cref="Hash"/>.</summary>
    public bool MayContain(uint hash) => Contains(hash);

    /// <summary>
    /// False when <paramref name="word"/> occurs at most once in the tree's text; true when it may occur more often. A
    /// helper's own file names it once, in its declaration, and need not be searched for calls.
    /// </summary>
    public bool MayContainTwice(string word) => System.Array.IndexOf(_repeated, Hash(word)) >= 0;

    /// <summary>The hash under which <see cref="MayContain"/> and <see cref="SummaryMayContain"/> look a word up.</summary>
    public static uint Hash(string word)
    {
        var hash = Seed;
        foreach (var c in word)
            hash = Step(hash, c);
        return Finish(hash);
    }

    /// <summary>
    /// Copies a 1,024-bit Bloom filter of the tree's words to <paramref name="target"/>: a compilation keeps its trees'
    /// summaries side by side, so asking every tree about one word reads one small array (most trees answer "no" there)
    /// instead of touching every tree's word list.
    /// </summary>
    public void CopySummary(ulong[] target, int offset) => System.Array.Copy(_summary, 0, target, offset, SummaryLength);

    /// <summary>False when the summary copied at <paramref name="offset"/> rules out a word of this hash.</summary>
    public static bool SummaryMayContain(ulong[] summaries, int offset, uint hash)
    {
        var (index, bit) = SummaryProbe(hash);
        var (index2, bit2) = SummaryProbe((hash >> 16) | (hash << 16));
        return (summaries[offset + index] & bit) != 0 && (summaries[offset + index2] & bit2) != 0;
    }

    /// <summary>The invocations of a method of this simple name in the tree, in tree order.</summary>
    public IReadOnlyList<InvocationExpressionSyntax> GetInvocations(string name)
        => MayContain(name) && GetWalk().Invocations.TryGetValue(name, out var found) ? found : NoInvocations;

    /// <summary>The simple name an invocation calls: <c>Name</c> of <c>x.Name(...)</c>, <c>Name(...)</c>, <c>x?.Name(...)</c>.</summary>
    private static string? GetInvokedName(InvocationExpressionSyntax invocation) => RightmostName(invocation.Expression);

    private static readonly uint[] CookieOptionWords = Hashes("CookieSecurePolicy", "HttpOnlyPolicy", "MinimumSameSitePolicy");

    private const uint Seed = 2166136261;

    private static uint Step(uint hash, char c) => (hash ^ c) * 16777619;

    /// <summary>A word's hash is never 0, the empty slot of <see cref="WordTable"/>.</summary>
    private static uint Finish(uint hash) => hash == 0 ? 1 : hash;

    private static uint[] Hashes(params string[] words)
    {
        var hashes = new uint[words.Length];
        for (var i = 0; i < words.Length; i++)
            hashes[i] = Hash(words[i]);
        return hashes;
    }

    private bool ContainsAny(uint[] hashes)
    {
        foreach (var hash in hashes)
        {
            if (Contains(hash))
                return true;
        }

        return false;
    }

    private bool Contains(uint hash) => System.Array.IndexOf(_words, hash) >= 0;

    private static (int Index, ulong Bit) SummaryProbe(uint hash)
    {
        var position = (int)(hash & ((SummaryLength * 64) - 1));
        return (position >> 6, 1UL << (position & 63));
    }

    private static bool IsWordCharacter(char c)
        => c < 128
            ? (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9 || c == '_'
            : char.IsLetterOrDigit(c);

    /// <summary>
    /// The scratch table of one thread's index builds: word hashes by open addressing (0 is empty), whether each was
    /// seen again, the words in the order they were first seen (so emptying the table touches only them), and the text
    /// buffer.
    /// </summary>
    private sealed class WordTable
    {
        [System.ThreadStatic]
        private static WordTable? _forThread;

        private uint[] _keys = new uint[1024];
        private bool[] _again = new bool[1024];
        private uint[] _order = new uint[512];
        private int[] _slots = new int[512];
        /// <summary>32 minus log2 of the table's length.</summary>
        private int _shift = 32 - 10;
        private int _count;

        public char[] Buffer { get; } = new char[4096];

        /// <summary>This thread's table, empty (a build that was cancelled may have left words in it).</summary>
        public static WordTable ForThread()
        {
            var table = _forThread ??= new WordTable();
            table.Clear();
            return table;
        }

        [MethodImpl(Jit.Optimized)]
        public void Add(uint hash)
        {
            var slot = Probe(hash);
            if (_keys[slot] == hash)
            {
                _again[slot] = true;
                return;
            }

            _keys[slot] = hash;
            if (_count == _order.Length)
                System.Array.Resize(ref _order, _order.Length * 2);
            _order[_count++] = hash;
            if (_count * 2 > _keys.Length)
                Grow();
        }

        /// <summary>The distinct words and the repeated ones, in the order they first occurred; the table is left empty.</summary>
        [MethodImpl(Jit.Optimized)]
        public (uint[] Words, uint[] Repeated) Drain()
        {
            var words = new uint[_count];
            System.Array.Copy(_order, words, _count);
            FindSlots();
            var repeated = 0;
            for (var i = 0; i < _count; i++)
            {
                if (_again[_slots[i]])
                    repeated++;
            }

            var again = new uint[repeated];
            repeated = 0;
            for (var i = 0; i < _count; i++)
            {
                if (_again[_slots[i]])
                    again[repeated++] = _order[i];
            }

            EmptySlots();
            return (words, again);
        }

        private void Clear()
        {
            FindSlots();
            EmptySlots();
        }

        /// <summary>The slot of every word, in <see cref="_slots"/>, found before any is emptied: an emptied slot would cut
        /// the probe chain of the words after it.</summary>
        [MethodImpl(Jit.Optimized)]
        private void FindSlots()
        {
            if (_slots.Length < _count)
                _slots = new int[_order.Length];
            for (var i = 0; i < _count; i++)
                _slots[i] = Probe(_order[i]);
        }

        [MethodImpl(Jit.Optimized)]
        private void EmptySlots()
        {
            for (var i = 0; i < _count; i++)
            {
                _keys[_slots[i]] = 0;
                _again[_slots[i]] = false;
            }

            _count = 0;
        }

        /// <summary>The slot that holds <paramref name="hash"/>, or the empty slot where it would go.</summary>
        [MethodImpl(Jit.Optimized)]
        private int Probe(uint hash)
        {
            var mask = _keys.Length - 1;
            var slot = (int)((hash * 2654435769u) >> _shift); // the product's high bits: its low bits mix poorly
            while (_keys[slot] != hash && _keys[slot] != 0)
                slot = (slot + 1) & mask;
            return slot;
        }

        private void Grow()
        {
            var keys = _keys;
            var again = _again;
            _keys = new uint[keys.Length * 2];
            _again = new bool[keys.Length * 2];
            _shift--;
            for (var i = 0; i < keys.Length; i++)
            {
                if (keys[i] == 0)
                    continue;
                var slot = Probe(keys[i]);
                _keys[slot] = keys[i];
                _again[slot] = again[i];
            }
        }
    }

    private int GetCookiePolicy()
    {
        var known = Volatile.Read(ref _cookiePolicy);
        if (known != Unknown)
            return known;
        var uses = ContainsAny(CookiePolicyWords);
        known = uses || ContainsAny(CookieOptionWords)
            ? (int)GetWalk().CookiePolicyFlags | (uses && GetWalk().UsesCookiePolicy ? UsesCookiePolicyBit : 0)
            : 0;
        Volatile.Write(ref _cookiePolicy, known);
        return known;
    }

    private Walk GetWalk()
    {
        var walk = Volatile.Read(ref _walk);
        if (walk is not null)
            return walk;
        walk = new Walk(_tree);
        return Interlocked.CompareExchange(ref _walk, walk, null) ?? walk;
    }

    /// <summary>One walk of the tree's syntax: invocations by name and the candidate nodes.</summary>
    private sealed class Walk
    {
        public Walk(SyntaxTree tree)
        {
            var requireAuthorization = new List<SyntaxNode>();
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                switch (node)
                {
                    case InvocationExpressionSyntax invocation when GetInvokedName(invocation) is { } name:
                        if (!Invocations.TryGetValue(name, out var list))
                            Invocations[name] = list = new List<InvocationExpressionSyntax>();
                        list.Add(invocation);
                        break;
                    case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Right: MemberAccessExpressionSyntax right } assignment:
                        CookiePolicyFlags |= (RightmostName(assignment.Left), RightmostName(right.Expression), right.Name.Identifier.ValueText) switch
                        {
                            ("Secure", "CookieSecurePolicy", "Always") => CookieFlags.Secure,
                            ("HttpOnly", "HttpOnlyPolicy", "Always") => CookieFlags.HttpOnly,
                            ("MinimumSameSitePolicy", "SameSiteMode", "Strict" or "Lax") => CookieFlags.SameSite,
                            _ => CookieFlags.None,
                        };
                        break;
                    case IdentifierNameSyntax { Identifier.ValueText: "SetFallbackPolicy" or "FallbackPolicy" } identifier:
                        Candidates.Add((AuthorizationCandidateKind.FallbackPolicy, identifier));
                        break;
                    case IdentifierNameSyntax { Identifier.ValueText: "Add" or "AddService" } add when IsFiltersMember(add):
                        Candidates.Add((AuthorizationCandidateKind.FilterAdd, add));
                        break;
                    case IdentifierNameSyntax { Identifier.ValueText: "RequireAuthorization" } require:
                        requireAuthorization.Add(require);
                        break;
                    case IdentifierNameSyntax { Identifier.ValueText: "Use" } use when HasLambdaArgument(use):
                        Candidates.Add((AuthorizationCandidateKind.InlineMiddleware, use));
                        break;
                    case MethodDeclarationSyntax { Identifier.ValueText: "Invoke" or "InvokeAsync", ParameterList.Parameters.Count: > 0 } method:
                        Candidates.Add((AuthorizationCandidateKind.MiddlewareMethod, method));
                        break;
                }
            }

            // RequireAuthorization counts globally only on the builder MapControllers (or a route variant) returned, and
            // that builder is a call or a local of the same body: a tree that never maps controllers has no such call.
            if (Invocations.ContainsKey("MapControllers") || Invocations.ContainsKey("MapDefaultControllerRoute") || Invocations.ContainsKey("MapControllerRoute"))
            {
                foreach (var require in requireAuthorization)
                    Candidates.Add((AuthorizationCandidateKind.RequireAuthorization, require));
            }
        }

        public Dictionary<string, List<InvocationExpressionSyntax>> Invocations { get; } = new(System.StringComparer.Ordinal);

        public List<(AuthorizationCandidateKind Kind, SyntaxNode Node)> Candidates { get; } = new();

        public bool UsesCookiePolicy => Invocations.ContainsKey("UseCookiePolicy");

        public CookieFlags CookiePolicyFlags { get; }
    }

    /// <summary>The name an expression ends in: <c>Substring</c> for <c>a.b.Substring</c>, <c>x.Substring</c> or <c>?.Substring</c>.</summary>
    internal static string? RightmostName(ExpressionSyntax expression) => expression switch
    {
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        _ => null,
    };

    /// <summary><c>x.Filters.Add</c>: the receiver is a member or identifier named <c>Filters</c>.</summary>
    private static bool IsFiltersMember(IdentifierNameSyntax name)
        => name.Parent is MemberAccessExpressionSyntax access && access.Name == name
           && access.Expression switch
           {
               MemberAccessExpressionSyntax inner => inner.Name.Identifier.ValueText == "Filters",
               IdentifierNameSyntax identifier => identifier.Identifier.ValueText == "Filters",
               _ => false,
           };

    private static bool HasLambdaArgument(IdentifierNameSyntax name)
    {
        if (name.Parent is not MemberAccessExpressionSyntax access || access.Parent is not InvocationExpressionSyntax invocation)
            return false;
        foreach (var argument in invocation.ArgumentList.Arguments)
        {
            if (argument.Expression is AnonymousFunctionExpressionSyntax)
                return true;
        }

        return false;
    }
}
