using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace ActionSecurity.Benchmarks.Generator;

public enum ProjectSize
{
    S,
    M,
    L,
}

public sealed record GeneratedFile(string Path, string Content);

public sealed record GenerationSummary(int Files, int Lines, int Modules, string MistakeSummary);

/// <summary>
/// Generates the benchmark web project. Everything is derived from <see cref="Seed"/>; each module has its own
/// random stream (seed + module index), so a smaller size is an exact prefix of a larger one.
/// </summary>
public static class ProjectGenerator
{
    public const int Seed = 20240917;

    /// <summary>Probability that one opportunity for a rule's mistake is taken (2–5 % is realistic).</summary>
    public const double MistakeRate = 0.035;

    /// <summary>The ~3,000-line handler file the per-document latency benchmark analyzes.</summary>
    public const string HubFilePath = "Handlers/HandlerHub.cs";

    public const string ProjectFileName = "BenchWeb.csproj";

    private const int HubModules = 11;

    public static bool TryParseSize(string text, out ProjectSize size) =>
        Enum.TryParse(text, ignoreCase: true, out size) && Enum.IsDefined(size);

    public static int ModuleCount(ProjectSize size) => size switch
    {
        ProjectSize.S => 12,
        ProjectSize.M => 55,
        _ => 170,
    };

    /// <summary>The C# sources only (what a compilation needs), paths relative to the project directory.</summary>
    public static IReadOnlyList<GeneratedFile> GenerateSources(ProjectSize size) => Generate(size, out _);

    public static IReadOnlyList<GeneratedFile> Generate(ProjectSize size, out MistakeLog mistakes)
    {
        mistakes = new MistakeLog();
        var files = new List<GeneratedFile>();
        var names = new List<string>();
        for (var i = 0; i < ModuleCount(size); i++)
        {
            var module = new ModuleWriter(ModuleName(i), new Random(Seed + i), mistakes);
            names.Add(module.Name);
            module.WriteModuleFiles(files, handlersInOwnFiles: true);
        }

        var hub = new StringBuilder();
        hub.Append("// Many handlers in one file: the document the per-document latency benchmark analyzes.\n");
        hub.Append(Usings.Handlers);
        for (var k = 0; k < HubModules; k++)
        {
            var module = new ModuleWriter($"Hub{k + 1:D2}", new Random(Seed + 100_000 + k), mistakes);
            names.Add(module.Name);
            module.WriteModuleFiles(files, handlersInOwnFiles: false);
            hub.Append('\n').Append("namespace Contoso.Commerce.Modules.").Append(module.Name).Append("\n{\n");
            hub.Append(module.HandlerClasses());
            hub.Append("}\n");
        }

        files.Add(new GeneratedFile(HubFilePath, hub.ToString()));
        files.Add(new GeneratedFile("Program.cs", Shared.Program(names)));
        files.Add(new GeneratedFile("Infrastructure/SecretComparer.cs", Shared.SecretComparer));
        files.Add(new GeneratedFile("Infrastructure/RequestLoggingMiddleware.cs", Shared.RequestLogging));
        files.Add(new GeneratedFile("Stubs/AzureFunctionsWorker.cs", Stubs.AzureFunctionsWorker));
        files.Add(new GeneratedFile("Stubs/AwsLambda.cs", Stubs.AwsLambda));
        return files;
    }

    public static GenerationSummary WriteTo(ProjectSize size, string directory)
    {
        var sources = Generate(size, out var mistakes);
        if (Directory.Exists(directory))
        {
            foreach (var sub in new[] { "Modules", "Handlers", "Infrastructure", "Stubs" })
            {
                var path = Path.Combine(directory, sub);
                if (Directory.Exists(path))
                    Directory.Delete(path, recursive: true);
            }
        }

        var lines = 0;
        foreach (var file in sources.Concat(ProjectFiles.All))
        {
            var path = Path.Combine(directory, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Content);
            if (file.Path.EndsWith(".cs", StringComparison.Ordinal))
                lines += CountLines(file.Content);
        }

        return new GenerationSummary(sources.Count, lines, ModuleCount(size) + HubModules, mistakes.ToString());
    }

    public static int CountLines(string text)
    {
        var n = 0;
        foreach (var c in text)
        {
            if (c == '\n')
                n++;
        }

        return n;
    }

    private static readonly string[] Entities =
    {
        "Order", "Invoice", "Customer", "Product", "Shipment", "Payment", "Refund", "Subscription", "Coupon",
        "Inventory", "Warehouse", "Supplier", "Review", "Ticket", "Account", "Report", "Notification", "Campaign",
        "Catalog", "Cart", "Quote", "Contract", "Delivery", "Voucher", "Membership",
    };

    private static string ModuleName(int index) => $"{Entities[index % Entities.Length]}{index / Entities.Length + 1:D2}";
}

/// <summary>Counts the mistakes planted per rule (what a perfect analyzer would at least report).</summary>
public sealed class MistakeLog
{
    private readonly SortedDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public void Add(string rule) => _counts[rule] = _counts.TryGetValue(rule, out var n) ? n + 1 : 1;

    public override string ToString() => string.Join(", ", _counts.Select(kv => $"{kv.Key}={kv.Value}"));
}

internal static class Usings
{
    public const string Handlers = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Net;
        using System.Security.Cryptography;
        using System.Text;
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.Lambda.APIGatewayEvents;
        using Amazon.Lambda.Core;
        using Contoso.Commerce.Infrastructure;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Routing;
        using Microsoft.Azure.Functions.Worker;
        using Microsoft.Azure.Functions.Worker.Http;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.Logging;
        using Microsoft.Extensions.Options;

        """;
}
