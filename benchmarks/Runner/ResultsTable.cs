using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace ActionSecurity.Benchmarks.Runner;

/// <summary>Renders the markdown results: whole-build table, analyzer assemblies, this package per analyzer, targets.</summary>
public static class ResultsTable
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Write(Options options, IReadOnlyList<BenchConfig> configs, IReadOnlyList<BuildRun> runs, DateTime started, string startLoad, string endLoad)
    {
        var sb = new StringBuilder();
        var ok = runs.Where(r => r.Succeeded).ToList();
        var baseline = ok.Where(r => r.Config == "baseline").ToList();
        var baselineWall = Median(baseline.Select(r => r.WallSeconds));
        var baselineRss = Median(baseline.Select(r => (double)r.MaxRssKb));
        var baselineCpu = Median(baseline.Select(r => r.CpuSeconds));
        var baselineAssemblies = baseline.SelectMany(r => r.Report.Assemblies.Keys).ToHashSet(StringComparer.Ordinal);

        sb.Append(Inv, $"# Build performance — size {options.Size}, {started:yyyy-MM-dd HH:mm}\n\n");
        sb.Append("Produced by `benchmarks/run.sh");
        sb.Append(Inv, $" --size {options.Size} --runs {options.Runs}`");
        sb.Append(". Every configuration builds the same generated project; configurations alternate inside each round and the order rotates between rounds.\n\n");

        sb.Append("## Machine\n\n");
        sb.Append(Inv, $"- CPU: {Program.Capture("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").Trim()}, `nproc` = {Environment.ProcessorCount}\n");
        sb.Append(Inv, $"- memory: {Program.Capture("awk '/MemTotal/ {printf \"%.1f GiB\", $2/1048576}' /proc/meminfo")}\n");
        sb.Append(Inv, $"- OS: {Program.Capture("uname -sr")}; `dotnet --version` = {Program.Capture("dotnet --version")}\n");
        sb.Append(Inv, $"- load average (1/5/15 min) at start: {startLoad}; at end: {endLoad} — the machine is shared, so read the noise band below\n");
        sb.Append(Inv, $"- generated project: {ProjectStats(options.ProjectDirectory)}\n\n");

        sb.Append("## Whole build\n\n");
        sb.Append("| configuration | builds ok | wall median (s) | wall min–max (s) | wall vs baseline | CPU user+sys median (s) | CPU vs baseline | analyzer time, all assemblies (s) | analyzer time, the configuration's own assemblies (s) | own analyzer time / baseline wall | peak RSS median (MB) | RSS min–max (MB) | RSS vs baseline | warnings |\n");
        sb.Append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        var own = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var config in configs)
        {
            var all = runs.Where(r => r.Config == config.Id).ToList();
            var good = all.Where(r => r.Succeeded).ToList();
            if (good.Count == 0)
            {
                sb.Append(Inv, $"| {config.Title} | 0/{all.Count} | build failed | | | | | | | | | | | |\n");
                continue;
            }

            var wall = good.Select(r => r.WallSeconds).ToList();
            var rss = good.Select(r => r.MaxRssKb / 1024.0).ToList();
            var ownAssemblies = OwnAssemblies(config, good, baselineAssemblies);
            var ownTime = Median(good.Select(r => ownAssemblies.Sum(a => r.Report.Assemblies.TryGetValue(a, out var t) ? t.Seconds : 0)));
            own[config.Id] = ownTime;
            sb.Append(Inv, $"| {config.Title} | {good.Count}/{all.Count} | {Median(wall):F2} | {wall.Min():F2}–{wall.Max():F2} | {Ratio(Median(wall), baselineWall)} ");
            sb.Append(Inv, $"| {Median(good.Select(r => r.CpuSeconds)):F2} | {Ratio(Median(good.Select(r => r.CpuSeconds)), baselineCpu)} ");
            sb.Append(Inv, $"| {Median(good.Select(r => r.Report.TotalAnalyzerSeconds)):F3} | {(config.Id == "baseline" ? "–" : ownTime.ToString("F3", Inv))} ");
            sb.Append(Inv, $"| {(config.Id == "baseline" ? "–" : Percent(ownTime / baselineWall))} ");
            sb.Append(Inv, $"| {Median(rss):F0} | {rss.Min():F0}–{rss.Max():F0} | {Ratio(Median(good.Select(r => (double)r.MaxRssKb)), baselineRss)} | {Median(good.Select(r => (double)r.Warnings)):F0} |\n");
        }

        sb.Append('\n');
        sb.Append("*Own assemblies*: analyzer assemblies that the configuration adds to the baseline (for `AnalysisMode=All`, the SDK's NetAnalyzers assemblies, which the baseline runs with fewer rules). ");
        sb.Append("Analyzer times are the sums csc reports with `-p:ReportAnalyzer=true`: wall-clock durations of analyzer callbacks, which run concurrently (so they may exceed the build's share of wall time) and stretch with the machine's load like wall time does.\n\n");

        sb.Append("## Analyzer assemblies (median seconds per build, min–max)\n\n");
        foreach (var config in configs)
        {
            var good = ok.Where(r => r.Config == config.Id).ToList();
            if (good.Count == 0)
                continue;
            sb.Append(Inv, $"**{config.Title}**\n\n| assembly | median (s) | min–max (s) |\n|---|---|---|\n");
            var names = good.SelectMany(r => r.Report.Assemblies.Keys).Distinct(StringComparer.Ordinal);
            var rows = names
                .Select(n => (Name: n, Times: good.Select(r => r.Report.Assemblies.TryGetValue(n, out var a) ? a.Seconds : 0).ToList()))
                .OrderByDescending(x => Median(x.Times))
                .Take(8);
            foreach (var (name, times) in rows)
                sb.Append(Inv, $"| {name} | {Median(times):F3} | {times.Min():F3}–{times.Max():F3} |\n");
            sb.Append('\n');
        }

        var ours = ok.Where(r => r.Config == "actionsecurity").ToList();
        if (ours.Count > 0)
        {
            sb.Append("## ActionSecurity.Analyzers per analyzer (median seconds per build)\n\n");
            var analyzers = ours.SelectMany(r => r.Report.Assemblies.Values.Where(a => a.Name.StartsWith("ActionSecurity.", StringComparison.Ordinal)).SelectMany(a => a.Analyzers.Keys)).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal);
            var reference = ok.Where(r => r.Config == "reference").ToList();
            if (reference.Count > 0)
                sb.Append(Inv, $"The reference build ({options.ReferenceName}) in the same run, for comparison.\n\n| analyzer | median (s) | min–max (s) | reference median (s) | reference min–max (s) |\n|---|---|---|---|---|\n");
            else
                sb.Append("| analyzer | median (s) | min–max (s) |\n|---|---|---|\n");
            foreach (var analyzer in analyzers)
            {
                var times = Times(ours, analyzer);
                sb.Append(Inv, $"| {analyzer} | {Median(times):F3} | {times.Min():F3}–{times.Max():F3} ");
                if (reference.Count > 0)
                {
                    var before = Times(reference, analyzer);
                    sb.Append(Inv, $"| {Median(before):F3} | {before.Min():F3}–{before.Max():F3} ");
                }

                sb.Append("|\n");
            }

            sb.Append("\n(`<0.001` in csc's report is counted as 0.0005 s.)\n\n");
        }

        sb.Append("## Targets (issue 9)\n\n");
        var baselineRuns = baseline.Select(r => r.WallSeconds).ToList();
        var noise = baselineRuns.Count > 0 ? (baselineRuns.Max() - baselineRuns.Min()) / baselineWall : double.NaN;
        sb.Append(Inv, $"- noise band of the baseline wall time in this run: ±{Percent(noise / 2)} (max−min = {Percent(noise)} of the median)\n");
        if (own.TryGetValue("actionsecurity", out var ourTime))
        {
            sb.Append(Inv, $"- this package's analyzer time / baseline build wall time: {Percent(ourTime / baselineWall)} (target ≤ 1 %) — {Verdict(ourTime / baselineWall <= 0.01)}\n");
            if (own.TryGetValue("reference", out var referenceTime) && referenceTime > 0)
                sb.Append(Inv, $"- against the reference build ({options.ReferenceName}) in the same run: {Percent(referenceTime / baselineWall)} of the baseline build; this build's analyzer time is {ourTime / referenceTime:F3}× the reference's\n");
            foreach (var peer in new[] { "scs", "sonar" })
            {
                if (own.TryGetValue(peer, out var peerTime) && peerTime > 0)
                    sb.Append(Inv, $"- vs {configs.First(c => c.Id == peer).Title}: {ourTime / peerTime:F3}× its analyzer time (target ≤ 0.1×) — {Verdict(ourTime <= peerTime / 10)}\n");
            }

            var oursWall = Median(ours.Select(r => r.WallSeconds));
            var oursRss = Median(ours.Select(r => (double)r.MaxRssKb));
            sb.Append(Inv, $"- whole-build wall time vs baseline: {Ratio(oursWall, baselineWall)} (target within 3 %, noise band above) — {Verdict(oursWall <= baselineWall * 1.03)}\n");
            var oursCpu = Median(ours.Select(r => r.CpuSeconds));
            sb.Append(Inv, $"- whole-build CPU time (user+sys) vs baseline: {Ratio(oursCpu, baselineCpu)} — less sensitive than wall time to other load on a shared machine\n");
            sb.Append(Inv, $"- peak memory vs baseline: {Ratio(oursRss, baselineRss)} (target within 5 %) — {Verdict(oursRss <= baselineRss * 1.05)}\n");
        }

        sb.Append("\n## Configurations and method\n\n");
        foreach (var config in configs)
            sb.Append(Inv, $"- `{config.Id}` — {config.Title}: {config.Description}\n");
        sb.Append("- every build: `dotnet build BenchWeb.csproj --no-restore --no-incremental -c Release -m:1 -nodeReuse:false -p:ReportAnalyzer=true -p:UseSharedCompilation=false`, ");
        sb.Append("a detailed file log parsed for csc's analyzer report; restore is done once per configuration beforehand and not timed; ");
        sb.Append(Inv, $"{options.Warmup} untimed warm-up build(s) of the baseline first\n");
        sb.Append("- wall time: the whole `dotnet build` process, median over the runs; CPU time: user+sys of the build's process tree (`/usr/bin/time`), which other load on the machine disturbs much less than wall time\n");
        sb.Append("- peak memory: `/usr/bin/time -v` \"Maximum resident set size\" — the largest RSS of any single process in the build's tree, which is csc (it hosts the analyzers) since the compiler server is off\n");

        sb.Append("\n## Raw runs\n\n| round | configuration | ok | wall (s) | CPU (s) | analyzers (s) | generators (s) | max RSS (MB) | warnings |\n|---|---|---|---|---|---|---|---|---|\n");
        foreach (var r in runs)
            sb.Append(Inv, $"| {r.Round} | {r.Config} | {(r.Succeeded ? "yes" : "no")} | {r.WallSeconds:F2} | {r.CpuSeconds:F2} | {r.Report.TotalAnalyzerSeconds:F3} | {r.Report.TotalGeneratorSeconds:F3} | {r.MaxRssKb / 1024} | {r.Warnings} |\n");
        return sb.ToString();
    }

    private static HashSet<string> OwnAssemblies(BenchConfig config, IReadOnlyList<BuildRun> runs, HashSet<string> baselineAssemblies)
    {
        var names = runs.SelectMany(r => r.Report.Assemblies.Keys).ToHashSet(StringComparer.Ordinal);
        if (config.Id == "ca-all")
            return names.Where(n => n.Contains("NetAnalyzers", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        names.ExceptWith(baselineAssemblies);
        return names;
    }

    private static string ProjectStats(string directory)
    {
        var files = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .ToList();
        var lines = files.Sum(f => File.ReadLines(f).LongCount());
        return string.Create(Inv, $"{files.Count} C# files, {lines:N0} lines");
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToList();
        if (sorted.Count == 0)
            return double.NaN;
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string Ratio(double value, double baseline) =>
        double.IsNaN(value) || double.IsNaN(baseline) || baseline == 0 ? "n/a" : (value / baseline).ToString("F3", Inv) + "×";

    /// <summary>One analyzer's seconds in each of <paramref name="runs"/>, summed over the package's assemblies.</summary>
    private static List<double> Times(IEnumerable<BuildRun> runs, string analyzer) =>
        runs.Select(r => r.Report.Assemblies.Values.Sum(a => a.Analyzers.TryGetValue(analyzer, out var t) ? t : 0)).ToList();

    private static string Percent(double fraction) =>
        double.IsNaN(fraction) ? "n/a" : (fraction * 100).ToString("F2", Inv) + " %";

    private static string Verdict(bool met) => met ? "met" : "**missed**";
}
