using System;
using System.Collections.Generic;

namespace ActionSecurity.Analyzers.EndToEndTests;

/// <summary>
/// A project that uses the package the way a user does: a PackageReference written as `dotnet add package` writes one
/// for a development dependency, and the analysis mode, when there is one, set in the .csproj itself.
/// Each test that builds gets its own consumer, so no build sees another's outputs.
/// </summary>
public sealed class Consumer
{
    /// <summary>The minimal-API handler of the issue: the shared secret is read from the query string.</summary>
    public const string WebProgram =
        """
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();

        app.MapGet("/hook", (HttpRequest request) => request.Query["secret"] == "x" ? Results.Ok() : Results.Unauthorized());

        app.Run();

        """;

    /// <summary>The expression AS0002 is about.</summary>
    public const string QueryRead = "request.Query[\"secret\"]";

    /// <summary>What the AS0002 fix turns <see cref="QueryRead"/> into.</summary>
    public const string HeaderRead = "request.Headers[\"X-Secret\"]";

    private const string LibraryProgram =
        """
        namespace Consumer;

        public static class Nothing
        {
            public static int Answer() => 42;
        }

        """;

    /// <summary>An appsettings.json with a real-looking secret, for the configuration-file part of AS0001.</summary>
    public const string AppSettingsWithSecret =
        """
        {
          "Logging": { "LogLevel": { "Default": "Information" } },
          "Webhooks": {
            "GitHubSecret": "k3v9Qw2LmZ8rT5yX1pB7nC4dF6gH0jS"
          }
        }

        """;

    /// <summary>Two handlers that read their secret from the query string: the findings a baseline accepts.</summary>
    public const string BaselineProgram =
        """
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();

        app.MapGet("/a", (HttpRequest request) => request.Query["secret"] == "x" ? Results.Ok() : Results.Unauthorized());
        app.MapGet("/b", (HttpRequest request) => request.Query["token"] == "y" ? Results.Ok() : Results.Unauthorized());

        app.Run();

        """;

    private readonly string? _program;

    private Consumer(string name, string? mode, bool web, string? editorConfig = null, string? appSettings = null, string? program = null)
    {
        Name = name;
        Mode = mode;
        Web = web;
        EditorConfig = editorConfig;
        AppSettings = appSettings;
        _program = program;
    }

    /// <summary>No mode set: the package's default.</summary>
    public static Consumer Default { get; } = new("Consumer.Default", null, web: true);

    public static Consumer Strict { get; } = new("Consumer.Strict", "strict", web: true);

    public static Consumer None { get; } = new("Consumer.None", "none", web: true);

    /// <summary>Strict mode, but the user's .editorconfig sets AS0002 back to a warning: the user's setting must win.</summary>
    public static Consumer StrictWithUserSeverity { get; } = new(
        "Consumer.StrictWithUserSeverity",
        "strict",
        web: true,
        editorConfig: """
            root = true

            [*.cs]
            dotnet_diagnostic.AS0002.severity = warning

            """);

    public static Consumer Sarif { get; } = new("Consumer.Sarif", null, web: true);

    public static Consumer Fix { get; } = new("Consumer.Fix", null, web: true);

    /// <summary>A mode the package does not know; a plain library, as only the MSBuild side is looked at.</summary>
    public static Consumer UnknownMode { get; } = new("Consumer.UnknownMode", "Paranoid", web: false);

    /// <summary>A web project whose appsettings.json holds a secret: the package's targets pass it to the analyzers.</summary>
    public static Consumer ConfigFile { get; } = new("Consumer.ConfigFile", null, web: true, appSettings: AppSettingsWithSecret);

    /// <summary>Strict mode with findings that a baseline accepts.</summary>
    public static Consumer Baseline { get; } = new("Consumer.Baseline", "strict", web: true, program: BaselineProgram);

    /// <summary>No mode in the project: the mode comes from the command line, and changes between builds.</summary>
    public static Consumer ModeSwitch { get; } = new("Consumer.ModeSwitch", null, web: true);

    public static Consumer SecuritySeverity { get; } = new("Consumer.SecuritySeverity", null, web: true);

    public static IReadOnlyList<Consumer> All { get; } = new[] { Default, Strict, None, StrictWithUserSeverity, Sarif, Fix, UnknownMode, ConfigFile, Baseline, ModeSwitch, SecuritySeverity };

    public string Name { get; }

    public string? Mode { get; }

    public bool Web { get; }

    /// <summary>An .editorconfig next to the project, or null for none.</summary>
    public string? EditorConfig { get; }

    /// <summary>An appsettings.json next to the project, or null for none.</summary>
    public string? AppSettings { get; }

    public string Program => _program ?? (Web ? WebProgram : LibraryProgram);

    /// <summary>1-based line and column span of <see cref="QueryRead"/> in <see cref="WebProgram"/>.</summary>
    public static (int Line, int FirstColumn, int LastColumn) QueryReadPosition()
    {
        var lines = WebProgram.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var index = lines[i].IndexOf(QueryRead, StringComparison.Ordinal);
            if (index >= 0)
            {
                return (i + 1, index + 1, index + QueryRead.Length);
            }
        }

        throw new InvalidOperationException("The query read is missing from the consumer program.");
    }

    public string ProjectFile(string packageId, string packageVersion)
    {
        var sdk = Web ? "Microsoft.NET.Sdk.Web" : "Microsoft.NET.Sdk";
        var mode = Mode is null ? "" : $"\n    <ActionSecurityAnalysisMode>{Mode}</ActionSecurityAnalysisMode>";
        return $"""
            <Project Sdk="{sdk}">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>{mode}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{packageId}" Version="{packageVersion}">
                  <PrivateAssets>all</PrivateAssets>
                  <IncludeAssets>runtime; build; native; contentfiles; analyzers; buildtransitive</IncludeAssets>
                </PackageReference>
              </ItemGroup>
            </Project>

            """;
    }

    public override string ToString() => Name;
}
