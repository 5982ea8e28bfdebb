using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ActionSecurity.Analyzers.Tests.Verifiers;

/// <summary>
/// What a test input is compiled against, on top of the .NET 10 reference assemblies (always present, except with
/// <see cref="NetStandard20"/>). Every flag maps to references created once per process. <see cref="Default"/> has all
/// of them: they live in distinct namespaces and do not collide. A test drops one to check that a rule switches itself
/// off when a framework is absent.
/// </summary>
[Flags]
public enum ReferenceSet
{
    /// <summary>Only the .NET 10 reference assemblies (Basic.Reference.Assemblies.Net100).</summary>
    None = 0,

    /// <summary>The ASP.NET Core reference pack (Microsoft.AspNetCore.App.Ref).</summary>
    AspNetCore = 1,

    /// <summary>Newtonsoft.Json (OpenWhisk actions: <c>Main(JObject args)</c>).</summary>
    Newtonsoft = 2,

    /// <summary>
    /// The real in-process Azure Functions assemblies: Microsoft.Azure.WebJobs(.Extensions.Http) and the host, which declares
    /// its own <c>Microsoft.Extensions.Logging.LoggerExtensions</c> (a duplicate type name every lookup must survive).
    /// </summary>
    AzureFunctionsInProcess = 4,

    /// <summary>Stub of the Azure Functions isolated worker (Stubs/AzureFunctionsWorker.cs).</summary>
    AzureFunctionsWorker = 8,

    /// <summary>Stub of AWS Lambda's API Gateway events (Stubs/AwsLambda.cs).</summary>
    AwsLambda = 16,

    /// <summary>Stub of classic ASP.NET's System.Web (Stubs/SystemWeb.cs).</summary>
    SystemWeb = 32,

    Default = AspNetCore | Newtonsoft | AzureFunctionsInProcess | AzureFunctionsWorker | AwsLambda | SystemWeb,

    /// <summary>
    /// Instead of .NET 10: the .NET Standard 2.0 reference assemblies (NETStandard.Library 2.0.3, copied to
    /// <c>TestReferences/netstandard2.0</c>), a target framework without <c>CryptographicOperations</c>. Alone: the other
    /// sets are built for .NET 10.
    /// </summary>
    NetStandard20 = 64,
}

/// <summary>
/// The metadata references of test inputs. .NET itself comes from Basic.Reference.Assemblies.Net100. The ASP.NET Core
/// reference pack is found next to the running runtime
/// (<c>&lt;dotnet root&gt;/shared/Microsoft.NETCore.App/&lt;ver&gt;</c> → <c>&lt;dotnet root&gt;/packs/Microsoft.AspNetCore.App.Ref/&lt;same major&gt;/ref/net&lt;major&gt;.0</c>),
/// falling back to the ASP.NET Core shared framework.
/// Stubs (embedded <c>Stubs/*.cs</c>) are compiled once each into an in-memory assembly and referenced as metadata, the
/// way the real framework would be: they are never part of the test project's documents, so analyzers do not run on
/// them, fixes cannot touch them, and Fix All at Solution scope sees only the test's own documents.
/// </summary>
public static class ReferenceSets
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyNet = new(
        () => Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().ToImmutableArray());
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyNetStandard20 = new(() => LoadTestReferenceDirectory("netstandard2.0"));
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyAspNetCore = new(() => LoadAspNetCore());
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyNewtonsoft = new(
        () => ImmutableArray.Create<MetadataReference>(MetadataReference.CreateFromFile(typeof(Newtonsoft.Json.Linq.JObject).Assembly.Location)));
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyFunctionsInProcess = new(() => LoadTestReferences(
        "Microsoft.Azure.WebJobs.dll", "Microsoft.Azure.WebJobs.Extensions.Http.dll", "Microsoft.Azure.WebJobs.Host.dll"));
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyFunctionsWorker = new(() => CompileStub("AzureFunctionsWorker"));
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyAwsLambda = new(() => CompileStub("AwsLambda"));
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazySystemWeb = new(() => CompileStub("SystemWeb"));

    /// <summary>The .NET 10 reference assemblies.</summary>
    public static ImmutableArray<MetadataReference> Net => LazyNet.Value;

    public static ImmutableArray<MetadataReference> Get(ReferenceSet set)
    {
        if (set.HasFlag(ReferenceSet.NetStandard20))
        {
            return set == ReferenceSet.NetStandard20
                ? LazyNetStandard20.Value
                : throw new ArgumentException($"{ReferenceSet.NetStandard20} cannot be combined with other sets ({set}): they are built for .NET 10.", nameof(set));
        }

        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        builder.AddRange(Net);
        if (set.HasFlag(ReferenceSet.AspNetCore))
        {
            builder.AddRange(LazyAspNetCore.Value);
        }

        if (set.HasFlag(ReferenceSet.Newtonsoft))
        {
            builder.AddRange(LazyNewtonsoft.Value);
        }

        if (set.HasFlag(ReferenceSet.AzureFunctionsInProcess))
        {
            builder.AddRange(LazyFunctionsInProcess.Value);
        }

        if (set.HasFlag(ReferenceSet.AzureFunctionsWorker))
        {
            builder.AddRange(LazyFunctionsWorker.Value);
        }

        if (set.HasFlag(ReferenceSet.AwsLambda))
        {
            builder.AddRange(LazyAwsLambda.Value);
        }

        if (set.HasFlag(ReferenceSet.SystemWeb))
        {
            builder.AddRange(LazySystemWeb.Value);
        }

        return builder.ToImmutable();
    }

    /// <summary>The text of an embedded stub, e.g. <c>"AwsLambda"</c>.</summary>
    public static string GetStubSource(string name)
    {
        var resource = "Stubs." + name + ".cs";
        using var stream = typeof(ReferenceSets).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded stub '{resource}' not found; stubs are EmbeddedResource items in the test project.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static ImmutableArray<MetadataReference> LoadAspNetCore()
    {
        if (FindRefPack("Microsoft.AspNetCore.App.Ref") is { } pack)
        {
            return FromDirectory(pack);
        }

        // No reference pack: the ASP.NET Core shared framework next to Microsoft.NETCore.App, same major version.
        var runtimeDirectory = RuntimeDirectory();
        var sharedRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", "Microsoft.AspNetCore.App"));
        var version = PickVersion(sharedRoot)
            ?? throw new InvalidOperationException($"Neither Microsoft.AspNetCore.App.Ref nor the shared framework '{sharedRoot}' was found.");
        return FromDirectory(Path.Combine(sharedRoot, version));
    }

    private static string RuntimeDirectory() => Path.GetDirectoryName(typeof(object).Assembly.Location)!;

    /// <summary><c>&lt;dotnet root&gt;/packs/&lt;name&gt;/&lt;highest version of the running major&gt;/ref/net&lt;major&gt;.0</c>, or null.</summary>
    private static string? FindRefPack(string name)
    {
        // <root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll
        var dotnetRoot = Path.GetFullPath(Path.Combine(RuntimeDirectory(), "..", "..", ".."));
        var packRoot = Path.Combine(dotnetRoot, "packs", name);
        if (PickVersion(packRoot) is not { } version)
        {
            return null;
        }

        var major = Environment.Version.Major;
        var refDirectory = Path.Combine(packRoot, version, "ref", $"net{major}.0");
        return Directory.Exists(refDirectory) ? refDirectory : null;
    }

    /// <summary>The highest version directory under <paramref name="root"/> whose major matches the running runtime.</summary>
    private static string? PickVersion(string root)
    {
        if (!Directory.Exists(root))
        {
            return null;
        }

        var major = Environment.Version.Major;
        return Directory.GetDirectories(root)
            .Select(Path.GetFileName)
            .Select(name => (Name: name!, Parsed: Version.TryParse(name!.Split('-')[0], out var v) ? v : null))
            .Where(x => x.Parsed is not null && x.Parsed.Major == major)
            .OrderByDescending(x => x.Parsed)
            .Select(x => x.Name)
            .FirstOrDefault();
    }

    private static ImmutableArray<MetadataReference> FromDirectory(string directory) =>
        FromFiles(Directory.GetFiles(directory, "*.dll"));

    private static ImmutableArray<MetadataReference> FromFiles(IEnumerable<string> files) =>
        files.OrderBy(f => f, StringComparer.Ordinal)
            .Where(IsManagedAssembly)
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))
            .ToImmutableArray();

    private static bool IsManagedAssembly(string path)
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

    private static ImmutableArray<MetadataReference> LoadTestReferenceDirectory(string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "TestReferences", name);
        return Directory.Exists(directory)
            ? FromDirectory(directory)
            : throw new InvalidOperationException($"Test references '{directory}' are missing; the test project copies them from its PackageDownload.");
    }

    private static ImmutableArray<MetadataReference> LoadTestReferences(params string[] fileNames)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "TestReferences");
        return fileNames.Select(name =>
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"Test reference '{path}' is missing; the test project copies it from its PackageDownload.");
            }

            return (MetadataReference)MetadataReference.CreateFromFile(path);
        }).ToImmutableArray();
    }

    private static ImmutableArray<MetadataReference> CompileStub(string name)
    {
        var tree = CSharpSyntaxTree.ParseText(
            GetStubSource(name),
            new CSharpParseOptions(LanguageVersion.CSharp10),
            path: $"/Stubs/{name}.cs");
        var compilation = CSharpCompilation.Create(
            "ActionSecurity.Stubs." + name,
            new[] { tree },
            Net,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException(
                $"Stub '{name}' does not compile:{Environment.NewLine}"
                + string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        return ImmutableArray.Create<MetadataReference>(MetadataReference.CreateFromImage(image.ToArray(), filePath: $"/Stubs/{name}.dll"));
    }
}
