using System;
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

    /// <summary>
    /// This thread's last hit, per table type: a callback asks about the same body or tree many times in a row (every
    /// local it follows, every literal of a file), and two weak-reference reads cost less than a table lookup. Weak, so a
    /// thread that moves on keeps nothing alive; the two references are made once per thread and pointed anew.
    /// </summary>
    [ThreadStatic]
    private static LastHit? _lastHit;

    public bool TryGetValue(TKey key, out TValue value)
    {
        var last = _lastHit;
        if (last is not null && ReferenceEquals(last.Table, this) && last.Key.TryGetTarget(out var lastKey) && ReferenceEquals(lastKey, key)
            && last.Value.TryGetTarget(out var lastValue))
        {
            value = lastValue;
            return true;
        }

        if (!StripeOf(key).TryGetValue(key, out value!))
            return false;
        Remember(key, value);
        return true;
    }

    /// <summary>The value for <paramref name="key"/>, made by <paramref name="create"/> when there is none; when two
    /// threads race, both get the value that was added first.</summary>
    public TValue GetValue(TKey key, ConditionalWeakTable<TKey, TValue>.CreateValueCallback create)
    {
        var value = StripeOf(key).GetValue(key, create);
        Remember(key, value);
        return value;
    }

    private void Remember(TKey key, TValue value)
    {
        var last = _lastHit ??= new LastHit();
        last.Table = this;
        last.Key.SetTarget(key);
        last.Value.SetTarget(value);
    }

    private sealed class LastHit
    {
        public readonly WeakReference<TKey> Key = new(null!);
        public readonly WeakReference<TValue> Value = new(null!);
        public StripedWeakTable<TKey, TValue>? Table;
    }

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
