using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml.Linq;
using Xunit;

namespace ActionSecurity.Analyzers.EndToEndTests;

/// <summary>
/// Packs src/Package once per test run into a temporary feed, under a version no earlier run used, and writes the
/// consumer projects that build against it. Consumers restore into a private NUGET_PACKAGES folder under the same
/// temporary directory, so a stale copy of the package from the user's cache can never be the one tested. The
/// restore runs once for all consumers; each test then builds its own consumer with --no-restore.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    public const string PackageId = "ActionSecurity.Analyzers";

    /// <summary>Set to 1 to keep the temporary directory (feed, consumers, logs) for inspection.</summary>
    public const string KeepVariable = "ACTIONSECURITY_E2E_KEEP";

    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan RestoreTimeout = TimeSpan.FromMinutes(4);

    private readonly object restoreGate = new();
    private CliResult? restoreResult;

    public PackageFixture()
    {
        RepositoryRoot = FindRepositoryRoot();
        var stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        WorkDirectory = Path.Combine(Path.GetTempPath(), $"actionsecurity-e2e-{stamp}-{Environment.ProcessId}");
        FeedDirectory = Path.Combine(WorkDirectory, "feed");
        PackagesDirectory = Path.Combine(WorkDirectory, "packages");
        ConsumersDirectory = Path.Combine(WorkDirectory, "consumers");
        Directory.CreateDirectory(FeedDirectory);
        Directory.CreateDirectory(PackagesDirectory);
        Directory.CreateDirectory(ConsumersDirectory);

        // The version in the repository plus a suffix unique to this run: no cache anywhere can hold it already.
        PackageVersion = ReadVersionPrefix(RepositoryRoot) + "-e2e." + stamp + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

        var stopwatch = Stopwatch.StartNew();
        PackResult = Pack();
        PackDuration = stopwatch.Elapsed;
        PackagePath = Path.Combine(FeedDirectory, $"{PackageId}.{PackageVersion}.nupkg");
        if (PackResult.Succeeded && File.Exists(PackagePath))
        {
            WriteConsumers();
        }
    }

    public string RepositoryRoot { get; }

    public string WorkDirectory { get; }

    public string FeedDirectory { get; }

    /// <summary>The private NUGET_PACKAGES folder every consumer restores into.</summary>
    public string PackagesDirectory { get; }

    public string ConsumersDirectory { get; }

    public string PackageVersion { get; }

    public string PackagePath { get; }

    public CliResult PackResult { get; }

    public TimeSpan PackDuration { get; }

    /// <summary>The consumer's environment: the private package folder.</summary>
    public IReadOnlyDictionary<string, string> ConsumerEnvironment => new Dictionary<string, string>
    {
        ["NUGET_PACKAGES"] = PackagesDirectory,
    };

    /// <summary>The packed .nupkg; fails the calling test with the pack output when packing failed.</summary>
    public string RequirePackage()
    {
        Assert.True(PackResult.Succeeded, "Packing src/Package failed: " + PackResult.Describe());
        Assert.True(File.Exists(PackagePath), $"Packing succeeded but {PackagePath} is missing. " + PackResult.Describe());
        return PackagePath;
    }

    /// <summary>
    /// The project file of a consumer, restored. All consumers are restored by one `dotnet restore` the first time
    /// any test asks for one; a failed restore fails every test that needs it, with the restore's output.
    /// </summary>
    public string RequireConsumer(Consumer consumer)
    {
        RequirePackage();
        lock (restoreGate)
        {
            restoreResult ??= DotNetCli.Run(
                ConsumersDirectory,
                new[] { "restore", "consumers.slnx", "-nodeReuse:false", "--disable-build-servers", "-tl:off" },
                RestoreTimeout,
                ConsumerEnvironment);
        }

        Assert.True(restoreResult.Succeeded, "Restoring the consumer projects failed: " + restoreResult.Describe());
        return ProjectPath(consumer);
    }

    public string ProjectPath(Consumer consumer) =>
        Path.Combine(ConsumersDirectory, consumer.Name, consumer.Name + ".csproj");

    public string ProjectDirectory(Consumer consumer) => Path.Combine(ConsumersDirectory, consumer.Name);

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable(KeepVariable) == "1")
        {
            return;
        }

        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover directory under the temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private CliResult Pack()
    {
        var project = Path.Combine(RepositoryRoot, "src", "Package", "ActionSecurity.Analyzers.Package.csproj");

        // Restore on its own, without the version below: a restore that sees a different PackageVersion rewrites
        // project.assets.json and would make the developer's next ordinary build redo work.
        var restore = DotNetCli.Run(RepositoryRoot, new[] { "restore", project, "-nodeReuse:false", "--disable-build-servers", "-tl:off" }, PackTimeout);
        if (!restore.Succeeded)
        {
            return restore;
        }

        // The configuration the tests were built in: after `dotnet test` of the solution the analyzer assemblies in
        // that configuration are already up to date, so packing only zips them. PackageVersion (not Version) keeps
        // the assemblies' own inputs unchanged, for the same reason.
        return DotNetCli.Run(
            RepositoryRoot,
            new[]
            {
                "pack", project,
                "--no-restore",
                "-c", BuildConfiguration,
                "-o", FeedDirectory,
                "-p:PackageVersion=" + PackageVersion,
                "-p:UseSharedCompilation=false",
                "-nodeReuse:false",
                "--disable-build-servers",
                "-tl:off",
            },
            PackTimeout);
    }

    private static string BuildConfiguration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    private void WriteConsumers()
    {
        // The consumers live outside the repository; these files stop MSBuild and NuGet from walking further up and
        // picking up anything that happens to be in the temp folder's parents.
        File.WriteAllText(Path.Combine(WorkDirectory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(WorkDirectory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(WorkDirectory, "Directory.Packages.props"), "<Project />\n");

        // The local feed is added to the sources of the machine (no <clear/>): the user-level NuGet.config, and
        // with it the machine's normal sources, still applies.
        File.WriteAllText(Path.Combine(WorkDirectory, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="ActionSecurityEndToEnd" value="{FeedDirectory}" />
              </packageSources>
            </configuration>
            """);

        var solution = new StringBuilder();
        solution.AppendLine("<Solution>");
        foreach (var consumer in Consumer.All)
        {
            var directory = ProjectDirectory(consumer);
            Directory.CreateDirectory(directory);
            File.WriteAllText(ProjectPath(consumer), consumer.ProjectFile(PackageId, PackageVersion));
            File.WriteAllText(Path.Combine(directory, "Program.cs"), consumer.Program);
            if (consumer.AppSettings is not null)
            {
                File.WriteAllText(Path.Combine(directory, "appsettings.json"), consumer.AppSettings);
            }

            if (consumer.EditorConfig is not null)
            {
                File.WriteAllText(Path.Combine(directory, ".editorconfig"), consumer.EditorConfig);
            }

            solution.AppendLine($"  <Project Path=\"{consumer.Name}/{consumer.Name}.csproj\" />");
        }

        solution.AppendLine("</Solution>");
        File.WriteAllText(Path.Combine(ConsumersDirectory, "consumers.slnx"), solution.ToString());
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ActionSecurity.Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ActionSecurity.Analyzers.sln was not found above " + AppContext.BaseDirectory);
    }

    private static string ReadVersionPrefix(string repositoryRoot)
    {
        var props = XDocument.Load(Path.Combine(repositoryRoot, "Directory.Build.props"));
        var prefix = props.Descendants().FirstOrDefault(e => e.Name.LocalName == "VersionPrefix")?.Value.Trim();
        return string.IsNullOrEmpty(prefix) ? "0.1.0" : prefix;
    }
}
