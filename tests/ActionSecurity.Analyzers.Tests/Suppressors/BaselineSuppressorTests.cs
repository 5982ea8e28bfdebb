using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.Rules;
using ActionSecurity.Analyzers.Suppressors;
using ActionSecurity.Analyzers.Tests.Meta;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Suppressors;

/// <summary>
/// The baseline's suppressor on real AS0002 findings: what it suppresses, what it leaves, and that it survives moves.
/// The recording side (the package's MSBuild task) is tested end to end with the packed package.
/// </summary>
public sealed class BaselineSuppressorTests
{
    private const string ProjectDirectory = "/repo/Web";
    private const string ProgramPath = ProjectDirectory + "/Program.cs";
    private const string BaselinePath = ProjectDirectory + "/" + Baseline.FileName;

    private const string SecretLine = "app.MapGet(\"/a\", (HttpRequest request) => request.Query[\"secret\"] == \"x\" ? Results.Ok() : Results.Unauthorized());";
    private const string TokenLine = "app.MapGet(\"/b\", (HttpRequest request) => request.Query[\"token\"] == \"y\" ? Results.Ok() : Results.Unauthorized());";

    private static string Program(params string[] handlers) =>
        "using Microsoft.AspNetCore.Builder;\nusing Microsoft.AspNetCore.Http;\n\nvar app = WebApplication.Create(args);\n"
        + string.Join("\n", handlers) + "\napp.Run();\n";

    private static string BaselineOf(params (string Rule, string File, string Line, int Count)[] findings)
    {
        var text = new StringBuilder("{ \"version\": 1, \"findings\": [");
        text.Append(string.Join(",", findings.Select(f =>
            $"{{ \"rule\": \"{f.Rule}\", \"file\": \"{f.File}\", \"fingerprint\": \"{Baseline.Fingerprint(f.Line)}\", \"count\": {f.Count} }}")));
        return text.Append("] }").ToString();
    }

    [Fact]
    public async Task Suppresses_a_recorded_finding_and_leaves_the_others()
    {
        var diagnostics = await AnalyzeAsync(Program(SecretLine, TokenLine), BaselineOf(("AS0002", "Program.cs", SecretLine, 1)));

        var secret = Assert.Single(diagnostics, d => d.GetMessage().Contains("'secret'", StringComparison.Ordinal));
        Assert.True(secret.IsSuppressed);

        var token = Assert.Single(diagnostics, d => d.GetMessage().Contains("'token'", StringComparison.Ordinal));
        Assert.False(token.IsSuppressed);
    }

    [Fact]
    public async Task Recorded_finding_stays_suppressed_after_moving_and_reindenting()
    {
        var moved = Program("// a comment that pushes everything down", "", TokenLine, "    " + SecretLine.Replace(" == ", "  ==  ", StringComparison.Ordinal));

        var diagnostics = await AnalyzeAsync(moved, BaselineOf(("AS0002", "Program.cs", SecretLine, 1)));

        Assert.True(Assert.Single(diagnostics, d => d.GetMessage().Contains("'secret'", StringComparison.Ordinal)).IsSuppressed);
        Assert.False(Assert.Single(diagnostics, d => d.GetMessage().Contains("'token'", StringComparison.Ordinal)).IsSuppressed);
    }

    [Fact]
    public async Task An_edit_of_the_flagged_line_makes_it_a_new_finding()
    {
        var edited = SecretLine.Replace("\"/a\"", "\"/a2\"", StringComparison.Ordinal);

        var diagnostics = await AnalyzeAsync(Program(edited), BaselineOf(("AS0002", "Program.cs", SecretLine, 1)));

        Assert.False(Assert.Single(diagnostics).IsSuppressed);
    }

    [Fact]
    public async Task A_key_recorded_once_suppresses_only_the_first_of_two_identical_findings()
    {
        var diagnostics = await AnalyzeAsync(Program(SecretLine, SecretLine), BaselineOf(("AS0002", "Program.cs", SecretLine, 1)));

        Assert.Equal(2, diagnostics.Length);
        var ordered = diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.True(ordered[0].IsSuppressed);
        Assert.False(ordered[1].IsSuppressed);
    }

    [Fact]
    public async Task Another_rule_or_another_file_is_not_suppressed()
    {
        var diagnostics = await AnalyzeAsync(
            Program(SecretLine),
            BaselineOf(("AS0003", "Program.cs", SecretLine, 1), ("AS0002", "Other/Program.cs", SecretLine, 1)));

        Assert.False(Assert.Single(diagnostics).IsSuppressed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ \"findings\": [ { \"rule\": \"AS0002\", ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{ \"findings\": [ 1, \"x\", { \"rule\": 5 } ] }")]
    public async Task A_malformed_baseline_suppresses_nothing_and_does_not_throw(string baseline)
    {
        var diagnostics = await AnalyzeAsync(Program(SecretLine), baseline);

        Assert.False(Assert.Single(diagnostics).IsSuppressed);
    }

    [Fact]
    public async Task Without_a_baseline_file_nothing_is_suppressed()
    {
        var diagnostics = await AnalyzeAsync(Program(SecretLine), baseline: null);

        Assert.False(Assert.Single(diagnostics).IsSuppressed);
    }

    [Fact]
    public async Task Suppresses_a_recorded_finding_in_a_configuration_file()
    {
        const string secretLine = "  \"Webhooks\": { \"GitHubSecret\": \"k3v9Qw2LmZ8rT5yX1pB7nC4dF6gH0jS\" },";
        const string tokenLine = "  \"Stripe\": { \"ApiKey\": \"Zp4Lq8Rt2Wv6Yb1Nc5Mf9Hg3Jk7Ds0Xa\" }";
        var settings = "{\n" + secretLine + "\n" + tokenLine + "\n}\n";
        var baseline = BaselineOf(("AS0001", "appsettings.json", secretLine, 1));

        var diagnostics = await AnalyzeAsync(
            Program(),
            baseline,
            new HardcodedSecretAnalyzer(),
            DiagnosticIds.HardcodedSecret,
            new InMemoryText(ProjectDirectory + "/appsettings.json", settings));

        Assert.Equal(2, diagnostics.Length);
        Assert.All(diagnostics, d => Assert.Equal(LocationKind.ExternalFile, d.Location.Kind));
        var ordered = diagnostics.OrderBy(d => d.Location.GetLineSpan().StartLinePosition.Line).ToList();
        Assert.True(ordered[0].IsSuppressed);
        Assert.False(ordered[1].IsSuppressed);
    }

    [Fact]
    public void Fingerprint_ignores_whitespace_only()
    {
        Assert.Equal(Baseline.Fingerprint("a == b;"), Baseline.Fingerprint("\t  a==b ;\r"));
        Assert.NotEqual(Baseline.Fingerprint("a == b;"), Baseline.Fingerprint("a != b;"));
        Assert.Matches("^[0-9a-f]{16}$", Baseline.Fingerprint("a == b;"));
    }

    [Theory]
    [InlineData("/repo/Web", "/repo/Web/Program.cs", "Program.cs")]
    [InlineData("/repo/Web/", "/repo/Web/Handlers/Hook.cs", "Handlers/Hook.cs")]
    [InlineData("/repo/Web", "/repo/Shared/Linked.cs", "../Shared/Linked.cs")]
    [InlineData(@"C:\repo\Web", @"C:\repo\Web\appsettings.json", "appsettings.json")]
    [InlineData(@"C:\repo\Web", @"D:\other\File.cs", "D:/other/File.cs")]
    public void Relative_path_uses_forward_slashes(string directory, string path, string expected)
    {
        Assert.Equal(expected, Baseline.RelativePath(directory, path));
    }

    [Fact]
    public void Suppressor_covers_every_rule_with_a_baseline_suppression_id()
    {
        var suppressor = new BaselineSuppressor();
        Assert.Equal(RuleCatalog.Ids, suppressor.SupportedSuppressions.Select(s => s.SuppressedDiagnosticId).OrderBy(id => id, StringComparer.Ordinal));
        Assert.All(suppressor.SupportedSuppressions, s => Assert.Equal("ASB" + s.SuppressedDiagnosticId.Substring(2), s.Id));
        Assert.All(suppressor.SupportedSuppressions, s => Assert.Equal(BaselineSuppressor.Justification, s.Justification.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(new[] { typeof(BaselineSuppressor) }, RuleCatalog.SuppressorTypes);
        Assert.True(typeof(BaselineSuppressor).IsSealed);
        Assert.Equal(new[] { LanguageNames.CSharp }, typeof(BaselineSuppressor).GetCustomAttribute<DiagnosticAnalyzerAttribute>()!.Languages);
    }

    /// <summary>The AS0002 diagnostics of <paramref name="program"/>, after the suppressor ran with the baseline as an additional file.</summary>
    private static Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string program, string? baseline)
        => AnalyzeAsync(program, baseline, new QueryStringSecretAnalyzer(), DiagnosticIds.QueryStringSecret);

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(
        string program, string? baseline, DiagnosticAnalyzer analyzer, string id, params AdditionalText[] otherFiles)
    {
        var tree = CSharpSyntaxTree.ParseText(program, new CSharpParseOptions(LanguageVersion.Latest), ProgramPath);
        var compilation = CSharpCompilation.Create(
            "Web",
            new[] { tree },
            ReferenceSets.Get(ReferenceSet.AspNetCore),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The test program does not compile: " + string.Join(Environment.NewLine, errors));

        var additionalFiles = baseline is null
            ? ImmutableArray.Create(otherFiles)
            : ImmutableArray.Create(otherFiles).Add(new InMemoryText(BaselinePath, baseline));
        var exceptions = new StringBuilder();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(additionalFiles),
            onAnalyzerException: (exception, analyzer, _) => exceptions.AppendLine(analyzer.GetType().Name + ": " + exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: true);
        var analyzers = ImmutableArray.Create(analyzer, new BaselineSuppressor());
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.True(exceptions.Length == 0, exceptions.ToString());
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics.Where(d => d.Id == id).ToImmutableArray();
    }

    private sealed class InMemoryText : AdditionalText
    {
        private readonly SourceText _text;

        public InMemoryText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
