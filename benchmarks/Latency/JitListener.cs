using System;
using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Linq;

namespace ActionSecurity.Benchmarks.Latency;

/// <summary>
/// Listens to the runtime's JIT events in process and sums, per owner (this package, the compiler, the base library),
/// how many methods were compiled and how long each compilation took, from its start event to its load event on the same
/// thread. Says whose code a keystroke's recompilation was.
/// </summary>
internal sealed class JitListener : EventListener
{
    private const int MethodLoadVerbose = 143;
    private const int MethodJittingStarted = 145;
    private const long JitKeyword = 0x10;

    private readonly ConcurrentDictionary<string, (int Methods, double Ms)> _byOwner = new();
    private readonly ConcurrentDictionary<long, (DateTime Start, string Owner)> _started = new();

    /// <summary>The sums since the last reset, as text, and starts over.</summary>
    public string Reset()
    {
        var total = _byOwner.Values.Sum(v => v.Ms);
        var text = string.Join(", ", _byOwner.OrderByDescending(kv => kv.Value.Ms)
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value.Methods} methods, {(total > 0 ? 100 * kv.Value.Ms / total : 0):F0} % of the time")));
        _byOwner.Clear();
        return text.Length == 0 ? "none" : text;
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)JitKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventId == MethodJittingStarted && eventData.Payload is { Count: > 4 } payload)
        {
            _started[eventData.OSThreadId] = (eventData.TimeStamp, Owner(payload[4] as string));
        }
        else if (eventData.EventId == MethodLoadVerbose && _started.TryRemove(eventData.OSThreadId, out var started))
        {
            var ms = (eventData.TimeStamp - started.Start).TotalMilliseconds;
            _byOwner.AddOrUpdate(started.Owner, (1, ms), (_, sum) => (sum.Methods + 1, sum.Ms + ms));
        }
    }

    private static string Owner(string? typeName)
        => typeName is null ? "other"
            : typeName.StartsWith("ActionSecurity.", StringComparison.Ordinal) ? "the package"
            : typeName.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) ? "the compiler (Microsoft.CodeAnalysis)"
            : typeName.StartsWith("System.", StringComparison.Ordinal) ? "the base library (System)"
            : "other";
}
