using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.Infrastructure;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Model;

/// <summary>
/// The striped weak table answers as one table would: one value per key, whichever thread adds it first; its thread's
/// last hit answers only for its own table and key, and keeps nothing alive.
/// </summary>
public sealed class StripedWeakTableTests
{
    private sealed class Key;

    private sealed class Value(string name)
    {
        public string Name { get; } = name;
    }

    [Fact]
    public void A_key_keeps_the_value_it_was_first_given()
    {
        var table = new StripedWeakTable<Key, Value>();
        var key = new Key();
        Assert.False(table.TryGetValue(key, out _));
        var first = table.GetValue(key, _ => new Value("1"));
        var second = table.GetValue(key, _ => new Value("2"));
        Assert.Same(first, second);
        Assert.Equal("1", second.Name);
        Assert.True(table.TryGetValue(key, out var found));
        Assert.Same(first, found);
    }

    [Fact]
    public void Threads_that_race_on_the_same_keys_all_get_one_value_per_key()
    {
        var table = new StripedWeakTable<Key, Value>();
        var keys = Enumerable.Range(0, 4000).Select(_ => new Key()).ToArray();
        var seen = new Value[8][];
        Parallel.For(0, seen.Length, thread =>
        {
            seen[thread] = new Value[keys.Length];
            for (var i = 0; i < keys.Length; i++)
            {
                // Each thread walks the keys from a different place, so adds of the same key meet on different stripes.
                var k = (i + thread * 500) % keys.Length;
                seen[thread][k] = table.GetValue(keys[k], _ => new Value(thread.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        });

        for (var k = 0; k < keys.Length; k++)
        {
            Assert.True(table.TryGetValue(keys[k], out var kept));
            foreach (var values in seen)
                Assert.Same(kept, values[k]);
        }

        Assert.Equal(keys.Length, seen[0].Distinct().Count());
    }

    [Fact]
    public void Alternating_keys_and_two_tables_of_one_type_each_get_their_own_values()
    {
        var first = new StripedWeakTable<Key, Value>();
        var second = new StripedWeakTable<Key, Value>();
        var a = new Key();
        var b = new Key();
        first.GetValue(a, _ => new Value("first a"));
        first.GetValue(b, _ => new Value("first b"));
        second.GetValue(a, _ => new Value("second a"));

        for (var round = 0; round < 3; round++)
        {
            Assert.True(first.TryGetValue(a, out var fa));
            Assert.Equal("first a", fa.Name);
            Assert.True(second.TryGetValue(a, out var sa));
            Assert.Equal("second a", sa.Name);
            Assert.True(first.TryGetValue(b, out var fb));
            Assert.Equal("first b", fb.Name);
            Assert.False(second.TryGetValue(b, out _));
            Assert.Equal("first b", first.GetValue(b, _ => new Value("made again")).Name);
        }
    }

    [Fact]
    public void The_last_hit_keeps_neither_key_nor_value_alive()
    {
        var table = new StripedWeakTable<Key, Value>();
        var (key, value) = AddAndLookUp(table);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(key.TryGetTarget(out _), "the key outlived every reference of the test");
        Assert.False(value.TryGetTarget(out _), "the value outlived its key");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference<Key> Key, WeakReference<Value> Value) AddAndLookUp(StripedWeakTable<Key, Value> table)
    {
        var key = new Key();
        var value = table.GetValue(key, _ => new Value("v"));
        Assert.True(table.TryGetValue(key, out var found) && ReferenceEquals(found, value));
        return (new WeakReference<Key>(key), new WeakReference<Value>(value));
    }
}
