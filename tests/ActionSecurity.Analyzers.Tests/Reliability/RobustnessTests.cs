using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.Tests.Meta;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace ActionSecurity.Analyzers.Tests.Reliability;

/// <summary>
/// Every analyzer and every fix provider of the package (found by reflection, so rules merged later are covered) over
/// broken code: empty and syntax-error sources, and seeded mutants of every C# source the tests, docs and samples use.
/// No analyzer exception (AD0001), no fix-provider exception, no input slower than <see cref="RobustnessChecks.DefaultBound"/>.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class RobustnessTests(ITestOutputHelper output)
{
    /// <summary>Mutants per CI run; <c>ACTIONSECURITY_MUTANTS</c> overrides it for a deeper run by hand.</summary>
    public const int DefaultMutantBudget = 400;

    internal static int MutantBudget =>
        int.TryParse(Environment.GetEnvironmentVariable("ACTIONSECURITY_MUTANTS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : DefaultMutantBudget;

    /// <summary>The mutation seed; <c>ACTIONSECURITY_MUTATION_SEED</c> overrides it to explore other mutants by hand (CI keeps the fixed one).</summary>
    internal static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable("ACTIONSECURITY_MUTATION_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : Mutator.DefaultSeed;

    internal static ImmutableArray<DiagnosticAnalyzer> Analyzers() => RuleCatalog.CreateAnalyzers().ToImmutableArray();

    internal static ImmutableArray<CodeFixProvider> Providers() => RuleCatalog.CreateCodeFixes().ToImmutableArray();

    /// <summary>Hand-written worst cases: empty, only trivia, a lone keyword, half-typed handlers of each kind the rules look at.</summary>
    internal static readonly ImmutableArray<string> BrokenSources = ImmutableArray.Create(
        "",
        " \n\t\r\n",
        "// just a comment",
        "#if",
        "class",
        "using",
        "using Microsoft.AspNetCore.Http;",
        "using Microsoft.AspNetCore.Http; class C { string M(HttpRequest r) => r.Query[",
        "using Microsoft.AspNetCore.Http; class C { string M(HttpRequest r) => r.Query[\"secret\"",
        "using Microsoft.AspNetCore.Http; class C { bool M(HttpRequest r) => r.Headers[\"X-Action-Secret\"] == ",
        "using Microsoft.AspNetCore.Http; class C { void M(HttpResponse r) { r.Cookies.Append(\"session\", ",
        "using Microsoft.AspNetCore.Http; class C { void M(HttpResponse r) { r.Cookies.Append(\"session\", \"v\", new CookieOptions { ",
        "using Microsoft.AspNetCore.Builder; class C { void M(WebApplication app) { app.MapGet(\"/x\", (string secret) => ",
        "using Microsoft.AspNetCore.Builder; class C { void M(WebApplication app) { app.MapGet(\"/x\", ) } }",
        "using Microsoft.AspNetCore.Mvc; [ApiController] class C : ControllerBase { [HttpGet] public IActionResult Get( => ",
        "using Microsoft.AspNetCore.Mvc; class C : ControllerBase { public IActionResult Get() { if (Request.Query[\"token\"] != ) return Unauthorized(; } }",
        "using System; class C { const string Secret = ; bool M(string s) => s == Secret; }",
        "using System; class C { string password = \"",
        "class C { string apiKey = $\"{",
        "using Microsoft.Extensions.Logging; class C { void M(ILogger l, string secret) { l.LogInformation(\"{S}\", ",
        "using System.Security.Cryptography; class C { bool M(byte[] a, byte[] b) => CryptographicOperations.FixedTimeEquals(a, ",
        "using Newtonsoft.Json.Linq; class A { public static JObject Main(JObject args) { var s = args[\"__ow_query\"][",
        "using Microsoft.Azure.Functions.Worker; using Microsoft.Azure.Functions.Worker.Http; class F { [Function(\"f\")] public HttpResponseData Run([HttpTrigger(AuthorizationLevel.Anonymous, \"get\")] HttpRequestData req) { var q = req.Url.Query; ",
        "using Amazon.Lambda.APIGatewayEvents; class L { public APIGatewayProxyResponse H(APIGatewayProxyRequest r) => r.QueryStringParameters[\"secret\"] == ",
        "class C { void M() { var x = new { secret = \"a\", token = } } }",
        "class C<T> where T : { void M(T secret) { if (secret == default) { } } }",
        "partial class C { partial void M(string secret); } partial class C { partial void M(string secret) { _ = secret == \"x\"; } }",
        "class C { string Secret { get => \"s\"; set => } }",
        "namespace N; class C { string token = nameof(; }",
        "record R(string Secret = \"abc\") { }",
        "class C { static readonly string password = \"p\"; void M() { switch (password) { case \"p\": break; case } } }");

    [Fact]
    public async Task Empty_and_broken_sources()
    {
        var analyzers = Analyzers();
        var providers = Providers();
        using var workspace = new WarmProjects();
        var failures = new List<RobustnessResult>();
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var implicitUsings in new[] { false, true })
        {
            for (var i = 0; i < BrokenSources.Length; i++)
            {
                var name = $"broken #{i} (implicit usings: {implicitUsings})";
                sources[name] = BrokenSources[i];
                var result = await RobustnessChecks.RunAsync(
                    workspace, name, new[] { BrokenSources[i] }, implicitUsings, analyzers, providers, RobustnessChecks.DefaultBound);
                if (!result.Faults.IsEmpty)
                {
                    failures.Add(result);
                }
            }
        }

        output.WriteLine($"{analyzers.Length} analyzers, {providers.Length} fix providers, {BrokenSources.Length * 2} broken sources");
        Assert.True(failures.Count == 0, Report(failures, n => sources[n]));
    }

    [Fact]
    public void Corpus_holds_the_test_inputs_doc_examples_and_samples()
    {
        var items = SourceCorpus.Items;
        foreach (var group in items.GroupBy(i => i.Origin))
        {
            output.WriteLine($"{group.Key}: {group.Count()} items");
        }

        Assert.True(items.Count(i => i.Origin == CorpusOrigin.TestInput) >= 50, "too few test inputs collected; is the raw-string extractor broken?");
        Assert.Contains(items, i => i.Origin == CorpusOrigin.DocExample);
        Assert.Contains(items, i => i.Origin == CorpusOrigin.Sample && i.Sources.Length > 1);
        Assert.DoesNotContain(items, i => i.Sources.Any(s => s.Contains("[|", StringComparison.Ordinal) || s.Contains("{|AS", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Mutants_of_every_corpus_source_never_crash_or_hang()
    {
        var analyzers = Analyzers();
        var providers = Providers();
        var corpus = SourceCorpus.Items;
        var mutants = Mutator.Generate(corpus, MutantBudget, Seed).ToList();
        var stopwatch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var failures = new List<RobustnessResult>();
        var byKind = new Dictionary<MutationKind, int>();
        int diagnostics = 0, registrations = 0, actions = 0;
        RobustnessResult? slowest = null;

        using (var workspace = new WarmProjects())
        {
            foreach (var mutant in mutants)
            {
                var result = await RobustnessChecks.RunAsync(
                    workspace, mutant.Name, mutant.Sources, mutant.Item.IncludeImplicitUsings, analyzers, providers, RobustnessChecks.DefaultBound);
                byKind[mutant.Kind] = byKind.GetValueOrDefault(mutant.Kind) + 1;
                diagnostics += result.Diagnostics;
                registrations += result.FixRegistrations;
                actions += result.ActionsComputed;
                if (slowest is null || result.Elapsed > slowest.Elapsed)
                {
                    slowest = result;
                }

                if (!result.Faults.IsEmpty)
                {
                    failures.Add(result);
                }
            }
        }

        output.WriteLine($"seed {Seed}, budget {MutantBudget}, corpus {corpus.Length} items, {analyzers.Length} analyzers, {providers.Length} fix providers");
        output.WriteLine($"mutants checked: {mutants.Count} ({string.Join(", ", byKind.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))})");
        output.WriteLine($"diagnostics on mutants: {diagnostics}; fix registrations: {registrations}; first actions computed: {actions}");
        output.WriteLine($"time: {stopwatch.Elapsed.TotalSeconds:0.0} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.0} s process CPU; slowest mutant {slowest?.Elapsed.TotalMilliseconds:0} ms ({slowest?.Name})");
        Assert.True(mutants.Count >= Math.Min(MutantBudget, corpus.Length) / 2, $"only {mutants.Count} mutants were generated");
        var sources = mutants.ToDictionary(m => m.Name, m => string.Join("\n// ---- next document ----\n", m.Sources));
        Assert.True(failures.Count == 0, Report(failures, n => sources[n]));
    }

    /// <summary>A failure report: each failing input's faults, then the input itself, ready to paste into a repro test.</summary>
    internal static string Report(IReadOnlyList<RobustnessResult> failures, Func<string, string> sourceOf)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{failures.Count} input(s) made an analyzer or fix provider fail:");
        foreach (var failure in failures.Take(10))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"==== {failure.Name}");
            foreach (var fault in failure.Faults.Distinct())
            {
                text.AppendLine(fault);
            }

            text.AppendLine("---- input:");
            text.AppendLine(sourceOf(failure.Name));
        }

        if (failures.Count > 10)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"… and {failures.Count - 10} more: {string.Join("; ", failures.Skip(10).Select(f => f.Name))}");
        }

        return text.ToString();
    }
}
