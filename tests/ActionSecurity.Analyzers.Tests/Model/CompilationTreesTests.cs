using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.Model;
using ActionSecurity.Analyzers.Tests.Reliability;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Model;

/// <summary>
/// The trees of a compilation (<see cref="CompilationTrees"/>): made from the last compilation's set when an edit
/// replaced one tree, as the IDE does on every keystroke, so every answer must follow the edited text.
/// </summary>
public sealed class CompilationTreesTests
{
    private const string Host = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllers();
        var app = builder.Build();
        app.MapControllers();
        app.Run();
        """;

    private const string ProtectedHost = """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.CookiePolicy;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllers();
        builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.Configure<CookiePolicyOptions>(o => o.Secure = CookieSecurePolicy.Always);
        var app = builder.Build();
        app.UseCookiePolicy();
        app.MapControllers();
        app.Run();
        """;

    private const string Controllers = """
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        [ApiController, Route("orders")]
        public sealed class OrdersController : ControllerBase
        {
            [HttpPost]
            public IActionResult Create()
            {
                Response.Cookies.Append("pref", "compact", new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict });
                return Ok();
            }
        }
        """;

    [Fact]
    public void A_set_made_after_an_edit_answers_for_the_edited_tree()
    {
        var host = Parse(Host, "/App/Program.cs");
        var first = CSharpCompilation.Create("App", new[] { Parse("class A { }", "/App/A.cs"), host, Parse("class B { }", "/App/B.cs") });
        var before = CompilationTrees.For(first, CancellationToken.None);
        var second = first.ReplaceSyntaxTree(host, Parse(ProtectedHost, "/App/Program.cs"));
        var after = CompilationTrees.For(second, CancellationToken.None);
        var third = second.ReplaceSyntaxTree(second.SyntaxTrees.ElementAt(1), Parse("class P { }", "/App/Program.cs"));
        var last = CompilationTrees.For(third, CancellationToken.None);

        Assert.Same(before, CompilationTrees.For(first, CancellationToken.None));
        Assert.Same(before.Indexes[0], after.Indexes[0]);
        Assert.Same(before.Indexes[2], after.Indexes[2]);
        Assert.NotSame(before.Indexes[1], after.Indexes[1]);

        Assert.Empty(before.GetCandidateTrees());
        Assert.Equal(new[] { 1 }, after.GetCandidateTrees());
        Assert.Empty(last.GetCandidateTrees());

        Assert.Equal(CookieFlags.None, before.CookiePolicyForced());
        Assert.Equal(CookieFlags.Secure, after.CookiePolicyForced());
        Assert.Equal(CookieFlags.None, last.CookiePolicyForced());

        Assert.True(before.MayBuildWebHost());
        Assert.True(after.MayBuildWebHost());
        Assert.False(last.MayBuildWebHost());

        var fallback = SyntaxIndex.Hash("FallbackPolicy");
        Assert.False(before.MayContain(1, fallback));
        Assert.True(after.MayContain(1, fallback));
        Assert.False(last.MayContain(1, fallback));
        Assert.False(after.MayContain(0, fallback));
    }

    [Fact]
    public void A_set_made_after_a_file_is_added_holds_every_tree_in_order()
    {
        var first = CSharpCompilation.Create("App", new[] { Parse("class A { }", "/App/A.cs") });
        CompilationTrees.For(first, CancellationToken.None);
        var second = first.AddSyntaxTrees(Parse(ProtectedHost, "/App/Program.cs"));

        var trees = CompilationTrees.For(second, CancellationToken.None);

        Assert.Equal(second.SyntaxTrees, trees.Indexes.Select(i => i.Tree));
        Assert.Equal(new[] { 1 }, trees.GetCandidateTrees());
        Assert.True(trees.MayContain(1, SyntaxIndex.Hash("UseCookiePolicy")));
    }

    /// <summary>Threads that ask for the set at once all get the one set, complete, with every tree's index in tree order.</summary>
    [Fact]
    public async Task Threads_asking_at_once_share_one_complete_set()
    {
        var trees = Enumerable.Range(0, 400).Select(i => Parse(i == 123 ? ProtectedHost : $"class C{i} {{ void M() {{ }} }}", $"/App/F{i}.cs")).ToArray();
        var compilation = CSharpCompilation.Create("App", trees);
        using var start = new Barrier(4);

        var askers = Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() =>
            {
                start.SignalAndWait(TimeSpan.FromSeconds(30));
                return CompilationTrees.For(compilation, CancellationToken.None);
            }))
            .ToArray();
        var sets = await Task.WhenAll(askers).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(sets, set => Assert.Same(sets[0], set));
        Assert.Equal(trees, sets[0].Indexes.Select(index => index.Tree));
        Assert.Equal(new[] { 123 }, sets[0].GetCandidateTrees());
        Assert.True(sets[0].MayContain(123, SyntaxIndex.Hash("UseCookiePolicy")));
        Assert.False(sets[0].MayContain(122, SyntaxIndex.Hash("UseCookiePolicy")));
    }

    /// <summary>An asker cancelled while indexing leaves nothing half made: the next asker gets the complete set.</summary>
    [Fact]
    public async Task A_set_left_by_a_cancelled_asker_is_completed_by_the_next()
    {
        var trees = Enumerable.Range(0, 50).Select(i => Parse(i == 7 ? ProtectedHost : $"class C{i} {{ }}", $"/App/F{i}.cs")).ToArray();
        var compilation = CSharpCompilation.Create("App", trees);

        Assert.ThrowsAny<OperationCanceledException>(() => CompilationTrees.For(compilation, new CancellationToken(canceled: true)));

        // Run with a time limit: a set left waiting for the cancelled asker would never complete.
        var set = await Task.Run(() => CompilationTrees.For(compilation, CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(trees, set.Indexes.Select(index => index.Tree));
        Assert.Equal(new[] { 7 }, set.GetCandidateTrees());
        Assert.Equal(CookieFlags.Secure, set.CookiePolicyForced());
    }

    /// <summary>
    /// Keystrokes in Program.cs, each a new compilation analyzed from scratch: the fallback policy and the cookie policy
    /// typed in silence AS0004 and AS0009 in the other file, and reappear when they are deleted again.
    /// </summary>
    [Fact]
    public async Task Edits_of_one_file_change_what_the_rules_report_in_another()
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var options = new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable);
        var host = CSharpSyntaxTree.ParseText(Host, parse, "/App/Program.cs");
        var compilation = CSharpCompilation.Create(
            "App",
            new[] { CSharpSyntaxTree.ParseText(Controllers, parse, "/App/OrdersController.cs"), host },
            ReferenceSets.Get(ReferenceSet.Default),
            options);

        var reported = new[] { await Rules(compilation) };
        var edited = compilation.ReplaceSyntaxTree(host, host.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(ProtectedHost)));
        reported = reported.Append(await Rules(edited)).ToArray();
        var reverted = edited.ReplaceSyntaxTree(edited.SyntaxTrees.Last(), host);
        reported = reported.Append(await Rules(reverted)).ToArray();

        Assert.Equal(new[] { "AS0004 AS0009", string.Empty, "AS0004 AS0009" }, reported);
    }

    private static async Task<string> Rules(Compilation compilation)
    {
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var diagnostics = await compilation
            .WithAnalyzers(RobustnessTests.Analyzers(), new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty))
            .GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return string.Join(" ", diagnostics.Select(d => d.Id).Where(id => id is "AS0004" or "AS0009").Distinct().OrderBy(id => id));
    }

    private static SyntaxTree Parse(string source, string path) => CSharpSyntaxTree.ParseText(source, path: path);
}
