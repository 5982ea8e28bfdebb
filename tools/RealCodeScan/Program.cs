using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace ActionSecurity.RealCodeScan;

/// <summary>
/// Runs every analyzer of the package over C# source folders that may not build here. The folders given on one command
/// line form one loose compilation: every <c>*.cs</c> file below them (minus <c>bin/</c>, <c>obj/</c> and the
/// <c>--exclude</c> patterns), against the .NET and ASP.NET Core reference packs of the running SDK and Json.NET. Types
/// that cannot be resolved stay compiler errors; the analyzers must cope with them. Configuration files that the package
/// would pass as AdditionalFiles (<c>appsettings*.json</c>, <c>local.settings.json</c>, <c>launchSettings.json</c>,
/// <c>web*.config</c>) are passed too.
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: RealCodeScan [options] <folder> [<folder> ...]
          --name <text>          label for the summary (default: the first folder's name)
          --exclude <regex>      skip files whose path (relative, '/'-separated) matches; repeatable
          --rules <ids>          print only these rules' diagnostics, e.g. AS0004,AS0001 (counts always cover every rule)
          --editorconfig <file>  an .editorconfig whose [*.cs] options apply to every source file
          --implicit-usings <on|off|auto>  add the Web SDK's implicit global usings (auto: when a .csproj enables them)
          --ref <dll|folder>     extra metadata references; repeatable
          --no-config-files      do not pass appsettings/launchSettings/web.config as additional files
          --one-compilation      compile every file as one project (default: one compilation per .csproj found,
                                 its ProjectReferences and theirs as compilation references, in dependency order)
          --quiet                print only the summary
        """;

    public static async Task<int> Main(string[] args)
    {
        var folders = new List<string>();
        var excludes = new List<Regex> { new(@"(^|/)(bin|obj|node_modules|\.git)/", RegexOptions.CultureInvariant) };
        var extraReferences = new List<string>();
        string? name = null, rules = null, editorConfig = null;
        var implicitUsings = "auto";
        var configFiles = true;
        var quiet = false;
        var perProject = true;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--name": name = Next(); break;
                case "--exclude": excludes.Add(new Regex(Next(), RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)); break;
                case "--rules": rules = Next(); break;
                case "--editorconfig": editorConfig = Next(); break;
                case "--implicit-usings": implicitUsings = Next(); break;
                case "--ref": extraReferences.Add(Next()); break;
                case "--no-config-files": configFiles = false; break;
                case "--quiet": quiet = true; break;
                case "--one-compilation": perProject = false; break;
                case "-h" or "--help": Console.WriteLine(Usage); return 0;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        Console.Error.WriteLine($"unknown option {args[i]}\n{Usage}");
                        return 2;
                    }

                    folders.Add(Path.GetFullPath(args[i]));
                    break;
            }
        }

        if (folders.Count == 0 || folders.FirstOrDefault(f => !Directory.Exists(f)) is { } missing && missing is not null)
        {
            Console.Error.WriteLine(folders.Count == 0 ? Usage : $"no such folder: {folders.First(f => !Directory.Exists(f))}");
            return 2;
        }

        var stopwatch = Stopwatch.StartNew();
        var sources = new List<(string Path, string Relative)>();
        var additional = new List<string>();
        var csprojs = new List<string>();
        foreach (var folder in folders)
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
                if (excludes.Any(e => e.IsMatch(relative)))
                {
                    continue;
                }

                var fileName = Path.GetFileName(file);
                if (fileName.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
                {
                    sources.Add((file, relative));
                }
                else if (fileName.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
                {
                    csprojs.Add(file);
                }
                else if (configFiles && IsConfigFile(fileName))
                {
                    additional.Add(file);
                }
            }
        }

        var parse = new CSharpParseOptions(LanguageVersion.Preview, preprocessorSymbols: new[] { "NET", "NETCOREAPP", "NET8_0_OR_GREATER", "RELEASE" });
        var analyzers = typeof(ActionSecurity.Analyzers.DiagnosticIds).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        var optionsProvider = new ScanOptionsProvider(editorConfig is null ? ImmutableDictionary<string, string>.Empty : ReadEditorConfig(editorConfig));
        var references = LoadReferences(extraReferences);
        var units = perProject && csprojs.Count > 0
            ? Projects.Split(csprojs, sources.Select(s => s.Path).ToList(), additional, implicitUsings)
            : new List<Projects.Unit> { Projects.Single(name ?? Path.GetFileName(folders[0]), sources.Select(s => s.Path).ToList(), additional, csprojs, folders, implicitUsings) };

        var diagnostics = new List<Diagnostic>();
        var errors = 0;
        var lines = 0L;
        var built = new Dictionary<Projects.Unit, CSharpCompilation>();
        foreach (var unit in Projects.TopologicalOrder(units))
        {
            var trees = new List<SyntaxTree>(unit.Sources.Count + 1);
            foreach (var path in unit.Sources)
            {
                var text = SourceText.From(SafeRead(path), Encoding.UTF8);
                lines += text.Lines.Count;
                trees.Add(CSharpSyntaxTree.ParseText(text, parse, path));
            }

            if (unit.ImplicitUsings.Length > 0)
            {
                trees.Add(CSharpSyntaxTree.ParseText(string.Concat(unit.ImplicitUsings.Select(u => $"global using global::{u};\n")), parse, "/GlobalUsings.g.cs"));
            }

            var hasTopLevel = trees.Any(t => t.GetCompilationUnitRoot().Members.Any(m => m is Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax));
            var options = new CSharpCompilationOptions(hasTopLevel ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true)
                .WithSpecificDiagnosticOptions(ImmutableDictionary<string, ReportDiagnostic>.Empty.Add("AD0001", ReportDiagnostic.Error));
            // As in an SDK build, a project sees the projects its references reference, too.
            var projectReferences = Closure(unit).Where(built.ContainsKey).Select(r => built[r].ToMetadataReference());
            var compilation = CSharpCompilation.Create(unit.Name, trees, references.Concat(projectReferences), options);
            built[unit] = compilation;
            var analyzerOptions = new AnalyzerOptions(unit.ConfigFiles.Select(p => (AdditionalText)new FileText(p)).ToImmutableArray(), optionsProvider);
            var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                analyzerOptions, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
            diagnostics.AddRange(await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false));
            errors += compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
        }

        stopwatch.Stop();
        var ruleFilter = rules?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var perRule = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var exceptions = new List<Diagnostic>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start))
        {
            if (diagnostic.Id == "AD0001")
            {
                exceptions.Add(diagnostic);
                continue;
            }

            perRule[diagnostic.Id] = perRule.TryGetValue(diagnostic.Id, out var n) ? n + 1 : 1;
            if (!quiet && (ruleFilter is null || ruleFilter.Contains(diagnostic.Id)))
            {
                Console.WriteLine($"{Describe(diagnostic.Location, folders)}: {diagnostic.Id} {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"# {name ?? Path.GetFileName(folders[0])}: {sources.Count} files, {lines} lines, {additional.Count} config files, {units.Count} compilation(s) ({units.Count(u => u.ImplicitUsings.Length > 0)} with implicit usings), {errors} compiler errors (unresolved packages are expected)");
        Console.WriteLine("# per rule: " + (perRule.Count == 0 ? "none" : string.Join(", ", perRule.Select(p => $"{p.Key} {p.Value}"))));
        Console.WriteLine($"# analyzer exceptions: {exceptions.Count}");
        foreach (var exception in exceptions)
        {
            Console.WriteLine("#   " + exception.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Replace('\n', ' '));
        }

        Console.WriteLine($"# time: {stopwatch.Elapsed.TotalSeconds:0.0} s");
        return exceptions.Count == 0 ? 0 : 1;
    }

    private static bool IsConfigFile(string fileName) =>
        (fileName.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) && fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        || fileName.Equals("local.settings.json", StringComparison.OrdinalIgnoreCase)
        || fileName.Equals("launchSettings.json", StringComparison.OrdinalIgnoreCase)
        || (fileName.StartsWith("web", StringComparison.OrdinalIgnoreCase) && fileName.EndsWith(".config", StringComparison.OrdinalIgnoreCase));

    private static string Describe(Location location, List<string> folders)
    {
        if (!location.IsInSource && location.Kind != LocationKind.ExternalFile)
        {
            return "(no location)";
        }

        var span = location.GetLineSpan();
        var path = span.Path;
        foreach (var folder in folders)
        {
            if (path.StartsWith(folder, StringComparison.Ordinal))
            {
                path = Path.GetRelativePath(folder, path).Replace('\\', '/');
                break;
            }
        }

        return $"{path}:{span.StartLinePosition.Line + 1}";
    }

    internal static string SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    private static ImmutableDictionary<string, string> ReadEditorConfig(string path)
    {
        // Only key = value lines are read; every section applies (the scan has one set of options for all files).
        var builder = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';' or '[' || line.IndexOf('=') is var eq && eq <= 0)
            {
                continue;
            }

            builder[line[..eq].Trim()] = line[(eq + 1)..].Trim();
        }

        return builder.ToImmutable();
    }

    /// <summary>Every project <paramref name="unit"/> references, directly or through another project.</summary>
    private static List<Projects.Unit> Closure(Projects.Unit unit)
    {
        var seen = new HashSet<Projects.Unit>();
        var order = new List<Projects.Unit>();
        var pending = new Stack<Projects.Unit>(unit.References);
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (ReferenceEquals(next, unit) || !seen.Add(next))
                continue;
            order.Add(next);
            foreach (var reference in next.References)
                pending.Push(reference);
        }

        return order;
    }

    private static ImmutableArray<MetadataReference> LoadReferences(List<string> extra)
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var files = new List<string>();
        foreach (var pack in new[] { "Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref" })
        {
            var root = Path.Combine(dotnetRoot, "packs", pack);
            var version = Directory.Exists(root)
                ? Directory.GetDirectories(root).Select(Path.GetFileName).Where(v => v!.StartsWith(Environment.Version.Major + ".", StringComparison.Ordinal)).OrderByDescending(v => v, StringComparer.Ordinal).FirstOrDefault()
                : null;
            var directory = version is null ? null : Path.Combine(root, version, "ref", $"net{Environment.Version.Major}.0");
            if (directory is null || !Directory.Exists(directory))
            {
                throw new InvalidOperationException($"reference pack {pack} not found under {root}");
            }

            files.AddRange(Directory.GetFiles(directory, "*.dll"));
        }

        files.Add(typeof(Newtonsoft.Json.Linq.JObject).Assembly.Location);
        foreach (var item in extra)
        {
            files.AddRange(Directory.Exists(item) ? Directory.GetFiles(item, "*.dll") : new[] { item });
        }

        return files.Where(IsManaged).Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToImmutableArray();
    }

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private sealed class FileText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(SafeRead(Path), Encoding.UTF8);
    }

    private sealed class ScanOptionsProvider(ImmutableDictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        private readonly DictionaryOptions options = new(values);

        public override AnalyzerConfigOptions GlobalOptions => options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => options;
    }

    private sealed class DictionaryOptions(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
