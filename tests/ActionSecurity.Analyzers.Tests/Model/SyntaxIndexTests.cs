using System.Linq;
using System.Threading;
using ActionSecurity.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Model;

/// <summary>The per-tree facts behind the compilation-wide questions (<see cref="SyntaxIndex"/>).</summary>
public sealed class SyntaxIndexTests
{
    [Fact]
    public void One_index_per_tree_shared_by_every_compilation_that_holds_the_tree()
    {
        var tree = Parse("class C { void M() { } }");
        var other = Parse("class D { }");
        var first = CSharpCompilation.Create("A", new[] { tree, other });
        var second = first.ReplaceSyntaxTree(other, Parse("class E { }"));

        Assert.Same(SyntaxIndex.For(first.SyntaxTrees.First(), CancellationToken.None), SyntaxIndex.For(second.SyntaxTrees.First(), CancellationToken.None));
        Assert.NotSame(SyntaxIndex.For(first.SyntaxTrees.Last(), CancellationToken.None), SyntaxIndex.For(second.SyntaxTrees.Last(), CancellationToken.None));
    }

    [Fact]
    public void Words_are_whole_identifier_like_runs_anywhere_in_the_text()
    {
        var index = SyntaxIndex.For(Parse("""
            // calls MapOrders once
            class C { void M(object app) { Helpers.MapOrders(app); var x_1 = "Use"; } }
            """), CancellationToken.None);

        Assert.True(index.MayContain("MapOrders"));
        Assert.True(index.MayContain("x_1"));
        Assert.True(index.MayContain("Use"));
        Assert.False(index.MayContain("Map"));
        Assert.False(index.MayContain("MapOrder"));
        Assert.False(index.MayContain("MapOrdersX"));
        Assert.True(index.MayContainTwice("MapOrders"));
        Assert.False(index.MayContainTwice("Helpers"));
    }

    [Fact]
    public void Summary_never_rules_out_a_word_the_tree_contains()
    {
        var words = Enumerable.Range(0, 400).Select(i => "Word" + i).ToList();
        var index = SyntaxIndex.For(Parse("class C { int " + string.Join(", ", words) + "; }"), CancellationToken.None);
        var summaries = new ulong[SyntaxIndex.SummaryLength * 2];
        index.CopySummary(summaries, SyntaxIndex.SummaryLength);

        Assert.All(words, w => Assert.True(SyntaxIndex.SummaryMayContain(summaries, SyntaxIndex.SummaryLength, SyntaxIndex.Hash(w)), w));
        Assert.False(SyntaxIndex.SummaryMayContain(summaries, 0, SyntaxIndex.Hash("Word1")));
    }

    [Fact]
    public void Invocations_by_simple_name_include_member_unqualified_and_conditional_calls_but_not_declarations()
    {
        var index = SyntaxIndex.For(Parse("""
            static class Routes
            {
                public static object MapOrders(this object app) => app;
                static void Use(object app)
                {
                    app.MapOrders();
                    MapOrders(app);
                    app?.MapOrders();
                    System.Func<object, object> f = MapOrders;
                }
            }
            """), CancellationToken.None);

        var calls = index.GetInvocations("MapOrders");
        Assert.Equal(3, calls.Count);
        Assert.All(calls, c => Assert.IsType<InvocationExpressionSyntax>(c));
        Assert.Empty(index.GetInvocations("Routes"));
        Assert.Empty(index.GetInvocations("Missing"));
    }

    [Fact]
    public void RequireAuthorization_is_a_global_candidate_only_in_a_tree_that_maps_controllers()
    {
        const string Module = "class M { void Map(dynamic group) { group.MapGet(\"/\", (System.Func<int>)(() => 1)).RequireAuthorization(); } }";
        const string Program = "class P { void Map(dynamic app) { app.MapControllers().RequireAuthorization(); } }";

        Assert.Empty(SyntaxIndex.For(Parse(Module), CancellationToken.None).AuthorizationCandidates);
        var candidates = SyntaxIndex.For(Parse(Program), CancellationToken.None).AuthorizationCandidates;
        Assert.Equal(AuthorizationCandidateKind.RequireAuthorization, Assert.Single(candidates).Kind);
    }

    [Fact]
    public void Fallback_policy_filters_inline_middleware_and_middleware_methods_are_candidates()
    {
        var index = SyntaxIndex.For(Parse("""
            class P
            {
                void Configure(dynamic options, dynamic app, dynamic list)
                {
                    options.FallbackPolicy = null;
                    options.Filters.Add(null);
                    list.Add(null);
                    app.Use(async (System.Func<System.Threading.Tasks.Task> next) => await next());
                    app.Use(null);
                }

                public System.Threading.Tasks.Task InvokeAsync(object context) => System.Threading.Tasks.Task.CompletedTask;
                public void Invoke() { }
            }
            """), CancellationToken.None);

        Assert.Equal(
            new[] { AuthorizationCandidateKind.FallbackPolicy, AuthorizationCandidateKind.FilterAdd, AuthorizationCandidateKind.InlineMiddleware, AuthorizationCandidateKind.MiddlewareMethod },
            index.AuthorizationCandidates.Select(c => c.Kind).ToArray());
    }

    [Fact]
    public void Cookie_policy_flags_and_UseCookiePolicy()
    {
        var index = SyntaxIndex.For(Parse("""
            class P
            {
                void Configure(dynamic options, dynamic app)
                {
                    options.Secure = CookieSecurePolicy.Always;
                    options.MinimumSameSitePolicy = SameSiteMode.None;
                    app.UseCookiePolicy();
                }
            }
            """), CancellationToken.None);
        var quiet = SyntaxIndex.For(Parse("class Q { void M(dynamic o) { o.Secure = true; } }"), CancellationToken.None);

        Assert.True(index.UsesCookiePolicy);
        Assert.Equal(CookieFlags.Secure, index.CookiePolicyFlags);
        Assert.False(quiet.UsesCookiePolicy);
        Assert.Equal(CookieFlags.None, quiet.CookiePolicyFlags);
    }

    private static SyntaxTree Parse(string source) => CSharpSyntaxTree.ParseText(source);
}
