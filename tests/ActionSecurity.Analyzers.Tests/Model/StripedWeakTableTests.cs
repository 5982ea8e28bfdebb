using System.Linq;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.Infrastructure;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Model;

/// <summary>The striped weak table answers as one table would: one value per key, whichever thread adds it first.</summary>
public sealed class StripedWeakTableTests
{
    private sealed class Key
    {
    }

    private sealed class Value(int made)
    {
        public int Made { get; } = made;
    }

    [Fact]
    public void A_key_keeps_the_value_it_was_first_given()
    {
        var table = new StripedWeakTable<Key, Value>();
        var key = new Key();
        Assert.False(table.TryGetValue(key, out _));
        var first = table.GetValue(key, _ => new Value(1));
        var second = table.GetValue(key, _ => new Value(2));
        Assert.Same(first, second);
        Assert.Equal(1, second.Made);
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
                seen[thread][k] = table.GetValue(keys[k], _ => new Value(thread));
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
}
