using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.Infrastructure;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Model;

/// <summary><see cref="Memo{TKey, TValue}"/> may forget an answer, never give a wrong one.</summary>
public sealed class MemoTests
{
    [Fact]
    public void Gives_back_what_was_kept_and_nothing_for_an_unknown_key()
    {
        var memo = new Memo<string, int>(StringComparer.Ordinal, 8);
        Assert.Equal(3, memo.Keep("three", 3));
        memo.Set("four", 4);

        Assert.True(memo.TryGetValue("three", out var three));
        Assert.Equal(3, three);
        Assert.True(memo.TryGetValue("four", out var four));
        Assert.Equal(4, four);
        Assert.False(memo.TryGetValue("five", out _));
    }

    [Fact]
    public void Compares_keys_with_its_comparer()
    {
        var memo = new Memo<string, bool>(StringComparer.OrdinalIgnoreCase, 8);
        memo.Set("ApiKey", true);

        Assert.True(memo.TryGetValue("APIKEY", out var found) && found);
        Assert.False(new Memo<string, bool>(StringComparer.Ordinal, 8).TryGetValue("APIKEY", out _));
    }

    [Fact]
    public void A_full_memo_forgets_answers_but_never_answers_for_another_key()
    {
        // Two places for a thousand keys: most are replaced, and every hit must be the key's own answer.
        var memo = new Memo<int, int>(EqualityComparer<int>.Default, 1);
        var hits = 0;
        for (var key = 0; key < 1_000; key++)
        {
            memo.Set(key, key * 7);
            for (var probe = 0; probe <= key; probe++)
            {
                if (memo.TryGetValue(probe, out var value))
                {
                    Assert.Equal(probe * 7, value);
                    hits++;
                }
            }
        }

        Assert.True(hits >= 1_000, $"only {hits} hits: the last key set must always be found");
    }

    [Fact]
    public void Threads_that_fill_and_read_it_at_once_never_read_a_wrong_answer()
    {
        var memo = new Memo<string, string>(StringComparer.Ordinal, 6);
        var wrong = 0;
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            for (var n = 0; n < 20_000; n++)
            {
                var key = "name" + ((n * 31 + worker) % 500);
                if (memo.TryGetValue(key, out var value))
                {
                    if (value != key.ToUpperInvariant())
                        Interlocked.Increment(ref wrong);
                }
                else
                {
                    memo.Set(key, key.ToUpperInvariant());
                }
            }
        });

        Assert.Equal(0, wrong);
    }
}
