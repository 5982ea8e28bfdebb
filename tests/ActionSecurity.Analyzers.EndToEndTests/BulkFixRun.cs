using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace ActionSecurity.Analyzers.EndToEndTests;

/// <summary>
/// Makes the apps of <see cref="TemplateApp.All"/> from the SDK's templates, adds the handlers, and runs the pipeline a team
/// runs once: restore, build, <c>dotnet format analyzers --severity warn</c>, build again, and a second format with
/// <c>--verify-no-changes</c>. All apps are in one solution, so each step is one dotnet command for all of them. It runs
/// once per test run, against the package the <see cref="PackageFixture"/> packed, restored offline from its feed.
/// </summary>
public sealed class BulkFixRun
{
    private static readonly TimeSpan NewTimeout = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);
    private static readonly Regex CompilerError = new(@"error (CS\d{4})", RegexOptions.CultureInvariant);

    private static readonly object Gate = new();
    private static BulkFixRun? instance;

    private BulkFixRun(PackageFixture fixture)
    {
        var stopwatch = Stopwatch.StartNew();
        Fixture = fixture;
        Directory = Path.Combine(fixture.WorkDirectory, "bulkfix");
        System.IO.Directory.CreateDirectory(Directory);
        Steps = new List<CliResult>();

        foreach (var app in TemplateApp.All)
        {
            var created = Run(Directory, NewTimeout, new[] { "new", app.Template, "-o", app.Name, "-n", app.Name, "--no-restore", "--no-update-check" }.Concat(app.TemplateArguments).ToArray());
            Assert.True(created.Succeeded, $"`dotnet new {app.Template}` failed. " + created.Describe());
            AddPackageAndHandlers(app, fixture);
        }

        File.WriteAllText(Path.Combine(Directory, "apps.slnx"), "<Solution>" + Environment.NewLine
            + string.Concat(TemplateApp.All.Select(a => $"  <Project Path=\"{a.Name}/{a.Name}.csproj\" />{Environment.NewLine}"))
            + "</Solution>" + Environment.NewLine);
        Solution = Path.Combine(Directory, "apps.slnx");

        Restore = Run(Directory, StepTimeout, "restore", Solution, "-nodeReuse:false", "--disable-build-servers", "-tl:off");
        Assert.True(Restore.Succeeded, "Restoring the template apps failed. " + Restore.Describe());
        BuildBefore = Build();
        OriginalSources = TemplateApp.All.ToDictionary(a => a.Name, a => File.ReadAllText(HandlersPath(a)));
        Format = Run(Directory, StepTimeout, "format", "analyzers", Solution, "--severity", "warn", "--no-restore", "-v", "diag");
        FixedSources = TemplateApp.All.ToDictionary(a => a.Name, a => File.ReadAllText(HandlersPath(a)));
        BuildAfter = Build();
        Verify = Run(Directory, StepTimeout, "format", "analyzers", Solution, "--severity", "warn", "--no-restore", "--verify-no-changes", "-v", "diag");
        Duration = stopwatch.Elapsed;
    }

    public PackageFixture Fixture { get; }

    public string Directory { get; }

    public string Solution { get; }

    public List<CliResult> Steps { get; }

    public CliResult Restore { get; }

    public CliResult BuildBefore { get; }

    public CliResult Format { get; }

    public CliResult BuildAfter { get; }

    public CliResult Verify { get; }

    public IReadOnlyDictionary<string, string> OriginalSources { get; }

    public IReadOnlyDictionary<string, string> FixedSources { get; }

    public TimeSpan Duration { get; }

    /// <summary>The run, made by the first test that asks for it; a failed step fails every test, with its output.</summary>
    public static BulkFixRun Get(PackageFixture fixture)
    {
        fixture.RequirePackage();
        lock (Gate)
        {
            return instance ??= new BulkFixRun(fixture);
        }
    }

    public string ProjectDirectory(TemplateApp app) => Path.Combine(Directory, app.Name);

    public string HandlersPath(TemplateApp app) => Path.Combine(ProjectDirectory(app), app.HandlersFileName);

    /// <summary>The compiler errors (<c>CSxxxx</c>) a build printed, distinct.</summary>
    public static IReadOnlyList<string> CompilerErrors(CliResult build) =>
        build.Output.Split('\n').Where(line => CompilerError.IsMatch(line)).Select(line => line.Trim()).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Every step's command line and time, for the failure messages and the test output.</summary>
    public string Timings() =>
        string.Join(Environment.NewLine, Steps.Select(s => $"{s.Elapsed.TotalSeconds,6:0.0}s  {s.CommandLine}"))
        + Environment.NewLine + $"{Duration.TotalSeconds,6:0.0}s  in all (pack excluded: {Fixture.PackDuration.TotalSeconds:0.0}s)";

    private CliResult Build() =>
        Run(Directory, StepTimeout, "build", Solution, "--no-restore", "-nodeReuse:false", "--disable-build-servers", "-tl:off", "-p:UseSharedCompilation=false");

    private CliResult Run(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var result = DotNetCli.Run(workingDirectory, arguments, timeout, Fixture.ConsumerEnvironment);
        Steps.Add(result);
        return result;
    }

    private void AddPackageAndHandlers(TemplateApp app, PackageFixture fixture)
    {
        var directory = ProjectDirectory(app);
        var projectPath = Path.Combine(directory, app.Name + ".csproj");
        var project = XDocument.Load(projectPath);
        project.Root!.Add(new XElement(
            "ItemGroup",
            new XElement(
                "PackageReference",
                new XAttribute("Include", PackageFixture.PackageId),
                new XAttribute("Version", fixture.PackageVersion),
                new XElement("PrivateAssets", "all"),
                new XElement("IncludeAssets", "runtime; build; native; contentfiles; analyzers; buildtransitive"))));
        project.Save(projectPath);

        File.WriteAllText(HandlersPath(app), app.HandlersSource);
        if (!app.Controllers)
        {
            var programPath = Path.Combine(directory, "Program.cs");
            var program = File.ReadAllText(programPath);
            const string run = "app.Run();";
            var index = program.LastIndexOf(run, StringComparison.Ordinal);
            Assert.True(index >= 0, $"The {app.Template} template's Program.cs has no `{run}`:{Environment.NewLine}{program}");
            program = program.Insert(index, "BulkFix.Hooks.MapHooks(app);" + Environment.NewLine + Environment.NewLine);
            File.WriteAllText(programPath, program);
        }
    }
}
