using System.Runtime.CompilerServices;

namespace ActionSecurity.Analyzers.Infrastructure;

/// <summary>
/// A <see cref="ConditionalWeakTable{TKey, TValue}"/> split into stripes by the key's identity, each with a lock of its
/// own. Weak keys, as in one table: an entry lives as long as its key and keeps nothing alive.
/// </summary>
/// <remarks>
/// A table takes one lock for every entry it adds. The per-operation caches (<see cref="BodyLocals"/>, the secret
/// evidence of <c>ValueSources</c>) add tens of thousands of entries from every analyzer thread at once, and in a
/// profile of a concurrent build of the L benchmark project the threads spent about an eighth of the package's time
/// waiting for that one lock. Lookups of a present key take no lock in either form.
/// </remarks>
internal sealed class StripedWeakTable<TKey, TValue>
    where TKey : class
    where TValue : class
{
    // 256 stripes: the top eight bits of the key's identity hash, spread by a Fibonacci multiplier so that they do not
    // follow the low bits each stripe's own table buckets by.
    private const int StripeBits = 8;

    private readonly ConditionalWeakTable<TKey, TValue>[] _stripes = CreateStripes();

    public bool TryGetValue(TKey key, out TValue value) => StripeOf(key).TryGetValue(key, out value!);

    /// <summary>The value for <paramref name="key"/>, made by <paramref name="create"/> when there is none; when two
    /// threads race, both get the value that was added first.</summary>
    public TValue GetValue(TKey key, ConditionalWeakTable<TKey, TValue>.CreateValueCallback create) => StripeOf(key).GetValue(key, create);

    private ConditionalWeakTable<TKey, TValue> StripeOf(TKey key)
        => _stripes[unchecked((uint)RuntimeHelpers.GetHashCode(key) * 2654435769u) >> (32 - StripeBits)];

    private static ConditionalWeakTable<TKey, TValue>[] CreateStripes()
    {
        var stripes = new ConditionalWeakTable<TKey, TValue>[1 << StripeBits];
        for (var i = 0; i < stripes.Length; i++)
            stripes[i] = new ConditionalWeakTable<TKey, TValue>();
        return stripes;
    }
}
