using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;

namespace ActionSecurity.Benchmarks.Runner;

/// <summary>One row of csc's <c>-p:ReportAnalyzer=true</c> report: an analyzer assembly and the analyzers in it.</summary>
public sealed class AnalyzerAssemblyTime
{
    public AnalyzerAssemblyTime(string name, double seconds)
    {
        Name = name;
        Seconds = seconds;
    }

    /// <summary>Simple assembly name (before the first comma of the display name).</summary>
    public string Name { get; }

    public double Seconds { get; }

    public Dictionary<string, double> Analyzers { get; } = new(StringComparer.Ordinal);
}

public sealed class AnalyzerReport
{
    public double TotalAnalyzerSeconds { get; set; } = double.NaN;

    public double TotalGeneratorSeconds { get; set; } = double.NaN;

    public Dictionary<string, AnalyzerAssemblyTime> Assemblies { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Parses the report csc prints with <c>/reportanalyzer</c> from an MSBuild text log (detailed verbosity):
/// <code>
/// Total analyzer execution time: 0.401 seconds.
///    Time (s)    %   Analyzer
///       0.072   18   ActionSecurity.Analyzers, Version=0.1.0.0, ...
///       0.072   18      ActionSecurity.Analyzers.Rules.QueryStringSecretAnalyzer (AS0002)
/// Total generator execution time: 1.344 seconds.
/// </code>
/// Times shown as <c>&lt;0.001</c> count as 0.0005 s.
/// </summary>
public static partial class ReportAnalyzerLog
{
    [GeneratedRegex(@"Total (analyzer|generator) execution time: ([\d.]+) seconds")]
    private static partial Regex TotalLine();

    [GeneratedRegex(@"^\s*(<?[\d.]+)\s+(<?\d+)\s{3}(\s*)(\S.*?)\s*$")]
    private static partial Regex Row();

    public static AnalyzerReport Parse(string logPath)
    {
        var report = new AnalyzerReport();
        var section = "";
        AnalyzerAssemblyTime? current = null;
        foreach (var raw in File.ReadLines(logPath))
        {
            var total = TotalLine().Match(raw);
            if (total.Success)
            {
                section = total.Groups[1].Value;
                var seconds = double.Parse(total.Groups[2].Value, CultureInfo.InvariantCulture);
                if (section == "analyzer")
                    report.TotalAnalyzerSeconds = Add(report.TotalAnalyzerSeconds, seconds);
                else
                    report.TotalGeneratorSeconds = Add(report.TotalGeneratorSeconds, seconds);
                current = null;
                continue;
            }

            if (section != "analyzer")
                continue;
            var row = Row().Match(raw);
            if (!row.Success)
            {
                if (raw.Contains("Done executing task", StringComparison.Ordinal))
                    section = "";
                continue;
            }

            var time = ParseTime(row.Groups[1].Value);
            var name = row.Groups[4].Value;
            if (name.Contains(", Version=", StringComparison.Ordinal))
            {
                var simple = name[..name.IndexOf(',', StringComparison.Ordinal)];
                if (!report.Assemblies.TryGetValue(simple, out current))
                {
                    current = new AnalyzerAssemblyTime(simple, time);
                    report.Assemblies[simple] = current;
                }
            }
            else if (current is not null)
            {
                var analyzer = name;
                current.Analyzers[analyzer] = current.Analyzers.TryGetValue(analyzer, out var previous) ? previous + time : time;
            }
        }

        return report;
    }

    private static double Add(double accumulated, double value) => double.IsNaN(accumulated) ? value : accumulated + value;

    private static double ParseTime(string text) =>
        text.StartsWith('<') ? 0.0005 : double.Parse(text, CultureInfo.InvariantCulture);
}
