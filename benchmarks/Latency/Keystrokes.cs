using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ActionSecurity.Benchmarks.Latency;

/// <summary>
/// What one simulated keystroke cost: the package's callbacks per analyzer (Roslyn's own measurement), and for the whole
/// <c>GetAnalyzerSemanticDiagnosticsAsync</c> call its wall time, the process's CPU time, the memory allocated, the time
/// the process stood paused for garbage collection, and the time the runtime spent compiling code.
/// </summary>
internal sealed record Keystroke(
    IReadOnlyDictionary<string, double> CallbackMs,
    double WallMs,
    double CpuMs,
    double AllocatedMb,
    double GcPauseMs,
    double JitMs)
{
    public double TotalCallbackMs => CallbackMs.Values.Sum();
}

/// <summary>A run of counted keystrokes and the figures the latency report gives for it.</summary>
internal sealed class Keystrokes
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly List<Keystroke> _keystrokes = new();

    public int Count => _keystrokes.Count;

    /// <summary>Who owned the code the runtime compiled during these keystrokes, from <see cref="JitListener"/>.</summary>
    public string JitByOwner { get; set; } = "";

    public IEnumerable<string> Analyzers => _keystrokes.Count == 0 ? Enumerable.Empty<string>() : _keystrokes[0].CallbackMs.Keys;

    public void Add(Keystroke keystroke) => _keystrokes.Add(keystroke);

    public double MedianOf(string analyzer)
        => Program.Median(_keystrokes.Select(k => k.CallbackMs.TryGetValue(analyzer, out var ms) ? ms : 0).ToList());

    /// <param name="targetMs">The per-keystroke budget, said met or missed; null to leave it out.</param>
    public void Describe(StringBuilder sb, double? targetMs)
    {
        var callbacks = _keystrokes.Select(k => k.TotalCallbackMs).ToList();
        var median = Program.Median(callbacks);
        var target = targetMs is { } ms ? string.Create(Inv, $"; budget ≤ {ms:F0} ms — {(median <= ms ? "met" : "**missed**")}") : "";
        sb.Append(Inv, $"- analyzer callbacks: **{median:F2} ms** (min {callbacks.Min():F2}, lower quartile {Program.Quantile(callbacks, 0.25):F2}, max {callbacks.Max():F2}){target}\n");
        sb.Append(Inv, $"- wall time of `GetAnalyzerSemanticDiagnosticsAsync` for the already-bound document: {Median(k => k.WallMs):F1} ms (includes the analyzer driver's own work; the BenchmarkDotNet run compares it with a no-op analyzer); process CPU time (all threads) of that call: {Median(k => k.CpuMs):F1} ms\n");
        sb.Append(Inv, $"- during that call: {Median(k => k.AllocatedMb):F1} MB allocated (all threads, the driver's and the compiler's included), {Median(k => k.GcPauseMs):F1} ms paused for garbage collection, {Median(k => k.JitMs):F1} ms of code compiled by the runtime (medians){(JitByOwner.Length > 0 ? $"; the code compiled over these keystrokes: {JitByOwner}" : "")}\n");
    }

    private double Median(System.Func<Keystroke, double> figure) => Program.Median(_keystrokes.Select(figure).ToList());
}
