using System.Collections.Generic;
using System.Threading;

namespace ActionSecurity.Analyzers.Infrastructure;

/// <summary>
/// A lock-free memo of answers that depend on their key alone: a fixed array of immutable entries indexed by the key's
/// hash. An entry replaces whatever entry was in its place, so an answer may have to be worked out again, never be wrong.
/// </summary>
/// <remarks>
/// The per-compilation caches of the rules are read and filled by every analyzer thread at once. As
/// <c>ConcurrentDictionary</c>s they took a lock for every add (all of them while growing), and on a build machine with
/// more busy threads than cores a thread that waits for a lock whose holder lost its core waits a scheduler slice: in a
/// profile of the L benchmark build the package's threads spent a few per cent of its time in those waits. A memo takes
/// no lock, does not grow and costs one array of <c>capacity</c> references.
/// </remarks>
internal sealed class Memo<TKey, TValue>
    where TKey : notnull
{
    private readonly Entry?[] _entries;
    private readonly IEqualityComparer<TKey> _comparer;
    private readonly int _shift;

    /// <param name="comparer">How keys compare.</param>
    /// <param name="capacityBits">
    /// The memo holds up to 2^<paramref name="capacityBits"/> entries; the default, 4,096 entries (32 KB), holds more than
    /// the handlers, controllers or names a compilation asks about in most apps.
    /// </param>
    public Memo(IEqualityComparer<TKey> comparer, int capacityBits = 12)
    {
        capacityBits = capacityBits < 1 ? 1 : capacityBits > 24 ? 24 : capacityBits;
        _entries = new Entry?[1 << capacityBits];
        _comparer = comparer;
        _shift = 32 - capacityBits;
    }

    public bool TryGetValue(TKey key, out TValue value)
    {
        var hash = _comparer.GetHashCode(key);
        var entry = Volatile.Read(ref _entries[IndexOf(hash)]);
        if (entry is not null && entry.Hash == hash && _comparer.Equals(entry.Key, key))
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Keeps <paramref name="value"/> as the answer for <paramref name="key"/>, in place of the entry it collides with.</summary>
    public void Set(TKey key, TValue value)
    {
        var hash = _comparer.GetHashCode(key);
        Volatile.Write(ref _entries[IndexOf(hash)], new Entry(hash, key, value));
    }

    /// <summary><see cref="Set"/>, then <paramref name="value"/>: <c>return memo.Keep(key, Compute(key));</c></summary>
    public TValue Keep(TKey key, TValue value)
    {
        Set(key, value);
        return value;
    }

    // Fibonacci hashing: the top bits of the product, so that hashes that differ in their high bits only still spread.
    private int IndexOf(int hash) => (int)(unchecked((uint)hash * 2654435769u) >> _shift);

    private sealed class Entry(int hash, TKey key, TValue value)
    {
        public readonly int Hash = hash;
        public readonly TKey Key = key;
        public readonly TValue Value = value;
    }
}
