using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Host.Mef;
using Microsoft.CodeAnalysis.Text;

namespace ActionSecurity.Analyzers.Tests.Verifiers;

/// <summary>How the test project is built.</summary>
internal sealed record ProjectSettings(
    ImmutableArray<MetadataReference> References,
    LanguageVersion LanguageVersion,
    NullableContextOptions Nullable,
    OutputKind? OutputKind,
    string? EditorConfig,
    bool IncludeImplicitUsings);

/// <summary>
/// The project of the runners that go beyond one analyzer and its fix (the reliability suite, the scenarios, fix order
/// and fix text across every provider), and the input conventions the library tests share with them.
/// One <see cref="AdhocWorkspace"/> (MEF host: Workspaces + CSharp.Workspaces, so Formatter and Simplifier work for C#)
/// holding one C# project <c>TestProject</c>. Test documents are <c>/0/Test0.cs</c>, <c>/0/Test1.cs</c>, …; the
/// optional Web SDK implicit usings are <c>/0/GlobalUsings.cs</c>; the optional <c>.editorconfig</c> is an analyzer
/// config document at <c>/.editorconfig</c>, so <c>action_security.*</c> keys reach analyzers through
/// <c>AnalyzerConfigOptionsProvider.GetOptions(tree)</c> and <c>dotnet_diagnostic.*.severity</c> works as in a build.
/// </summary>
internal sealed class TestWorkspace : IDisposable
{
    public const string ProjectName = "TestProject";
    public const string GlobalUsingsPath = "/0/GlobalUsings.cs";
    public const string EditorConfigPath = "/.editorconfig";

    /// <summary>The implicit usings of Microsoft.NET.Sdk.Web.</summary>
    public static readonly ImmutableArray<string> WebSdkImplicitUsings = ImmutableArray.Create(
        "System",
        "System.Collections.Generic",
        "System.IO",
        "System.Linq",
        "System.Net.Http",
        "System.Net.Http.Json",
        "System.Threading",
        "System.Threading.Tasks",
        "Microsoft.AspNetCore.Builder",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Http",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.Extensions.Configuration",
        "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting",
        "Microsoft.Extensions.Logging");

    /// <summary>The text of <see cref="GlobalUsingsPath"/>.</summary>
    public static readonly string GlobalUsingsText = string.Concat(WebSdkImplicitUsings.Select(u => $"global using global::{u};\n"));

    private readonly AdhocWorkspace _workspace = new(MefHostServices.DefaultHost);

    public void Dispose() => _workspace.Dispose();

    public static string PathOf(int documentIndex) => $"/0/Test{documentIndex}.cs";

    /// <summary>A fresh solution with the given test document texts (in order) and the settings' extras.</summary>
    public TestSolution CreateSolution(ProjectSettings settings, IReadOnlyList<string> sources)
    {
        var projectId = ProjectId.CreateNewId(ProjectName);
        var parseOptions = new CSharpParseOptions(settings.LanguageVersion, DocumentationMode.Parse);
        var outputKind = settings.OutputKind ?? (HasTopLevelStatements(sources, parseOptions)
            ? OutputKind.ConsoleApplication
            : OutputKind.DynamicallyLinkedLibrary);
        var compilationOptions = new CSharpCompilationOptions(
            outputKind,
            nullableContextOptions: settings.Nullable,
            allowUnsafe: true)
            // As the .NET SDK does (NoWarn CS1701;CS1702): reference-version unification notes for older netstandard assemblies.
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                ["CS1701"] = ReportDiagnostic.Suppress,
                ["CS1702"] = ReportDiagnostic.Suppress,
            });

        var solution = _workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(
                projectId,
                VersionStamp.Create(),
                ProjectName,
                ProjectName,
                LanguageNames.CSharp,
                filePath: "/0/" + ProjectName + ".csproj",
                compilationOptions: compilationOptions,
                parseOptions: parseOptions,
                metadataReferences: settings.References));

        var documentIds = ImmutableArray.CreateBuilder<DocumentId>();
        for (var i = 0; i < sources.Count; i++)
        {
            var id = DocumentId.CreateNewId(projectId, PathOf(i));
            solution = solution.AddDocument(DocumentInfo.Create(
                id,
                $"Test{i}.cs",
                loader: TextLoader.From(TextAndVersion.Create(SourceText.From(sources[i]), VersionStamp.Create(), PathOf(i))),
                filePath: PathOf(i)));
            documentIds.Add(id);
        }

        if (settings.IncludeImplicitUsings)
        {
            var text = GlobalUsingsText;
            solution = solution.AddDocument(DocumentInfo.Create(
                DocumentId.CreateNewId(projectId, GlobalUsingsPath),
                "GlobalUsings.cs",
                loader: TextLoader.From(TextAndVersion.Create(SourceText.From(text), VersionStamp.Create(), GlobalUsingsPath)),
                filePath: GlobalUsingsPath));
        }

        if (settings.EditorConfig is { } editorConfig)
        {
            solution = solution.AddAnalyzerConfigDocument(
                DocumentId.CreateNewId(projectId, EditorConfigPath),
                ".editorconfig",
                SourceText.From(NormalizeEditorConfig(editorConfig)),
                filePath: EditorConfigPath);
        }

        return new TestSolution(solution, projectId, documentIds.ToImmutable());
    }

    /// <summary>Accepts bare <c>key = value</c> lines by putting them under <c>root = true</c> and <c>[*.cs]</c>.</summary>
    public static string NormalizeEditorConfig(string text) =>
        text.Split('\n').Any(line => line.TrimStart().StartsWith('['))
            ? text
            : "root = true\n\n[*.cs]\n" + text;

    private static bool HasTopLevelStatements(IReadOnlyList<string> sources, CSharpParseOptions options) =>
        sources.Any(s => HasTopLevelStatements(s, options.LanguageVersion));

    public static bool HasTopLevelStatements(string source, LanguageVersion languageVersion) =>
        source.Contains(';', StringComparison.Ordinal)
        && CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(languageVersion)).GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
}

/// <summary>A solution snapshot and the ids of its test documents, in order.</summary>
internal sealed record TestSolution(Solution Solution, ProjectId ProjectId, ImmutableArray<DocumentId> DocumentIds)
{
    public Project Project => Solution.GetProject(ProjectId)!;

    public TestSolution With(Solution solution) => this with { Solution = solution };

    public async System.Threading.Tasks.Task<ImmutableArray<string>> GetTextsAsync()
    {
        var builder = ImmutableArray.CreateBuilder<string>(DocumentIds.Length);
        foreach (var id in DocumentIds)
        {
            var document = Solution.GetDocument(id) ?? throw new InvalidOperationException($"Document {id} was removed by a fix.");
            builder.Add((await document.GetTextAsync().ConfigureAwait(false)).ToString());
        }

        return builder.MoveToImmutable();
    }
}
