using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace ActionSecurity.RealCodeScan;

/// <summary>
/// Splits scanned sources into compilations the way the projects' own builds would: one per <c>.csproj</c>, holding the
/// <c>*.cs</c> files below it that no nested project claims, referencing its <c>ProjectReference</c>s as compilations
/// (metadata to the analyzers, as in a real build, so one app's startup code never speaks for another app). Implicit
/// usings follow the project's SDK and its <c>ImplicitUsings</c> property (in the .csproj or a Directory.Build.props above it).
/// </summary>
internal static class Projects
{
    private static readonly string[] SdkUsings =
    {
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
    };

    private static readonly string[] WebSdkUsings = SdkUsings.Concat(new[]
    {
        "System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http",
        "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
    }).ToArray();

    internal sealed class Unit(string name, List<string> sources, List<string> configFiles, string[] implicitUsings)
    {
        public string Name { get; } = name;

        public List<string> Sources { get; } = sources;

        public List<string> ConfigFiles { get; } = configFiles;

        public string[] ImplicitUsings { get; } = implicitUsings;

        public List<Unit> References { get; } = new();
    }

    public static Unit Single(string name, List<string> sources, List<string> configFiles, List<string> csprojs, List<string> folders, string mode)
    {
        var on = mode switch
        {
            "on" => true,
            "off" => false,
            _ => csprojs.Any(p => EnablesImplicitUsings(Program.SafeRead(p)))
                 || folders.Any(f => EnablesImplicitUsings(Program.SafeRead(Path.Combine(f, "Directory.Build.props")))),
        };
        return new Unit(name, sources, configFiles, on ? WebSdkUsings : Array.Empty<string>());
    }

    public static List<Unit> Split(List<string> csprojs, List<string> sources, List<string> configFiles, string mode)
    {
        var directories = csprojs.Select(p => Path.GetDirectoryName(Path.GetFullPath(p))!).ToList();
        string? Owner(string file)
        {
            string? best = null;
            foreach (var directory in directories)
            {
                if (file.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal) && (best is null || directory.Length > best.Length))
                {
                    best = directory;
                }
            }

            return best;
        }

        var byDirectory = new Dictionary<string, (List<string> Sources, List<string> Config)>(StringComparer.Ordinal);
        foreach (var directory in directories.Distinct())
        {
            byDirectory[directory] = (new List<string>(), new List<string>());
        }

        var orphans = new List<string>();
        foreach (var file in sources)
        {
            if (Owner(file) is { } owner)
            {
                byDirectory[owner].Sources.Add(file);
            }
            else
            {
                orphans.Add(file);
            }
        }

        foreach (var file in configFiles)
        {
            if (Owner(file) is { } owner)
            {
                byDirectory[owner].Config.Add(file);
            }
        }

        var units = new Dictionary<string, Unit>(StringComparer.Ordinal);
        foreach (var csproj in csprojs.Select(Path.GetFullPath).Distinct())
        {
            var directory = Path.GetDirectoryName(csproj)!;
            if (units.ContainsKey(directory))
            {
                continue;
            }

            var text = Program.SafeRead(csproj);
            var web = Regex.IsMatch(text, @"Sdk\s*=\s*""Microsoft\.NET\.Sdk\.(Web|Razor|BlazorWebAssembly|Worker)""", RegexOptions.IgnoreCase);
            var on = mode switch
            {
                "on" => true,
                "off" => false,
                _ => EnablesImplicitUsings(text) || (!Regex.IsMatch(text, @"<ImplicitUsings>\s*(disable|false)", RegexOptions.IgnoreCase) && PropsEnable(directory)),
            };
            units[directory] = new Unit(Path.GetFileNameWithoutExtension(csproj), byDirectory[directory].Sources, byDirectory[directory].Config,
                on ? (web ? WebSdkUsings : SdkUsings) : Array.Empty<string>());
        }

        foreach (var csproj in csprojs.Select(Path.GetFullPath).Distinct())
        {
            var directory = Path.GetDirectoryName(csproj)!;
            foreach (Match match in Regex.Matches(Program.SafeRead(csproj), @"<ProjectReference\s+Include\s*=\s*""([^""]+)""", RegexOptions.IgnoreCase))
            {
                var target = Path.GetDirectoryName(Path.GetFullPath(Path.Combine(directory, match.Groups[1].Value.Replace('\\', '/'))))!;
                if (units.TryGetValue(target, out var referenced) && !ReferenceEquals(referenced, units[directory]) && !units[directory].References.Contains(referenced))
                {
                    units[directory].References.Add(referenced);
                }
            }
        }

        var result = units.Values.Where(u => u.Sources.Count > 0).ToList();
        if (orphans.Count > 0)
        {
            result.Add(new Unit("(files outside any project)", orphans, new List<string>(), Array.Empty<string>()));
        }

        return result;
    }

    /// <summary>Referenced projects first; a reference cycle (malformed input) is broken where it is met.</summary>
    public static List<Unit> TopologicalOrder(List<Unit> units)
    {
        var order = new List<Unit>();
        var state = new Dictionary<Unit, int>();
        void Visit(Unit unit)
        {
            if (state.TryGetValue(unit, out var s))
            {
                return;
            }

            state[unit] = 1;
            foreach (var reference in unit.References)
            {
                Visit(reference);
            }

            state[unit] = 2;
            order.Add(unit);
        }

        foreach (var unit in units)
        {
            Visit(unit);
        }

        return order.Where(units.Contains).ToList();
    }

    private static bool EnablesImplicitUsings(string text) =>
        Regex.IsMatch(text, @"<ImplicitUsings>\s*(enable|true)\s*</ImplicitUsings>", RegexOptions.IgnoreCase);

    private static bool PropsEnable(string directory)
    {
        for (var current = directory; current is not null; current = Path.GetDirectoryName(current))
        {
            var props = Path.Combine(current, "Directory.Build.props");
            if (File.Exists(props))
            {
                var text = Program.SafeRead(props);
                if (EnablesImplicitUsings(text))
                {
                    return true;
                }

                if (!text.Contains("GetPathOfFileAbove", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }
        }

        return false;
    }
}
