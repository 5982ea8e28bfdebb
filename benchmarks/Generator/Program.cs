using System;
using System.IO;

namespace ActionSecurity.Benchmarks.Generator;

/// <summary>
/// <c>generate --size S|M|L [--out DIR]</c>: writes the generated web project (default benchmarks/generated/&lt;size&gt;).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var size = "S";
        string? output = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--size" when i + 1 < args.Length:
                    size = args[++i];
                    break;
                case "--out" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                case "-h" or "--help":
                    Console.WriteLine("usage: Generator --size S|M|L [--out DIR]");
                    return 0;
                default:
                    Console.Error.WriteLine($"unknown argument: {args[i]}");
                    return 2;
            }
        }

        if (!ProjectGenerator.TryParseSize(size, out var projectSize))
        {
            Console.Error.WriteLine($"unknown size '{size}' (S, M or L)");
            return 2;
        }

        output ??= Path.Combine(FindBenchmarksDirectory(), "generated", projectSize.ToString());
        var summary = ProjectGenerator.WriteTo(projectSize, output);
        Console.WriteLine($"{projectSize}: {summary.Files} files, {summary.Lines} lines, {summary.Modules} modules -> {output}");
        Console.WriteLine($"  planted mistakes: {summary.MistakeSummary}");
        return 0;
    }

    private static string FindBenchmarksDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "benchmarks", "run.sh")))
                return Path.Combine(dir.FullName, "benchmarks");
            dir = dir.Parent;
        }

        return Path.Combine(Directory.GetCurrentDirectory(), "benchmarks");
    }
}
