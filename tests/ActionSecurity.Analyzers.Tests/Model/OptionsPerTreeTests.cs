using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Model;

/// <summary><see cref="ActionSecurityOptions.For(AnalyzerOptions, SyntaxTree, string)"/> keeps each tree's options per rule.</summary>
public sealed class OptionsPerTreeTests
{
    [Fact]
    public void Each_tree_gets_its_own_options_when_trees_alternate()
    {
        var plain = Tree("A");
        var configured = Tree("B");
        var options = Options(new() { [configured] = new() { ["action_security.secret_names"] = "pin_code" } });

        for (var round = 0; round < 2; round++)
        {
            Assert.Empty(ActionSecurityOptions.For(options, plain, DiagnosticIds.HardcodedSecret).ExtraSecretNames);
            Assert.Equal(new[] { "pin_code" }, ActionSecurityOptions.For(options, configured, DiagnosticIds.HardcodedSecret).ExtraSecretNames);
            Assert.Equal(new[] { "pin_code" }, ActionSecurityOptions.For(options, configured, DiagnosticIds.HardcodedSecret).ExtraSecretNames);
        }
    }

    [Fact]
    public void Each_rule_gets_its_own_options_for_the_same_tree()
    {
        var tree = Tree("C");
        var options = Options(new() { [tree] = new() { ["action_security.AS0008.secret_names"] = "pin_code" } });

        for (var round = 0; round < 2; round++)
        {
            Assert.Empty(ActionSecurityOptions.For(options, tree, DiagnosticIds.HardcodedSecret).ExtraSecretNames);
            Assert.Equal(new[] { "pin_code" }, ActionSecurityOptions.For(options, tree, DiagnosticIds.SecretLogged).ExtraSecretNames);
        }
    }

    [Fact]
    public void New_analyzer_options_for_the_same_tree_are_read_again()
    {
        // The IDE keeps a tree when only an .editorconfig changes.
        var tree = Tree("D");
        var before = Options(new() { [tree] = new() { ["action_security.secret_names"] = "pin_code" } });
        var after = Options(new());

        Assert.Equal(new[] { "pin_code" }, ActionSecurityOptions.For(before, tree, DiagnosticIds.HardcodedSecret).ExtraSecretNames);
        Assert.Empty(ActionSecurityOptions.For(after, tree, DiagnosticIds.HardcodedSecret).ExtraSecretNames);
        Assert.Equal(new[] { "pin_code" }, ActionSecurityOptions.For(before, tree, DiagnosticIds.HardcodedSecret).ExtraSecretNames);
    }

    [Fact]
    public void Threads_that_analyse_different_trees_at_once_each_get_their_trees_options()
    {
        var trees = Enumerable.Range(0, 6).Select(i => Tree("E" + i)).ToArray();
        var perTree = new Dictionary<SyntaxTree, Dictionary<string, string>>();
        for (var i = 1; i < trees.Length; i += 2)
            perTree[trees[i]] = new() { ["action_security.secret_names"] = "pin_" + i };
        var options = Options(perTree);
        var wrong = 0;

        Parallel.For(0, 12, new ParallelOptions { MaxDegreeOfParallelism = 6 }, worker =>
        {
            for (var n = 0; n < 2_000; n++)
            {
                // Each worker stays on one tree for a run of asks, then moves on, and asks for two rules.
                var index = (worker + n / 50) % trees.Length;
                var rule = n % 3 == 0 ? DiagnosticIds.SecretLogged : DiagnosticIds.HardcodedSecret;
                var got = ActionSecurityOptions.For(options, trees[index], rule).ExtraSecretNames;
                var expected = index % 2 == 1 ? new[] { "pin_" + index } : new string[0];
                if (!got.SequenceEqual(expected))
                    Interlocked.Increment(ref wrong);
            }
        });

        Assert.Equal(0, wrong);
    }

    [Fact]
    public void A_name_kept_under_the_built_in_vocabulary_is_judged_again_under_configured_names()
    {
        var tree = Tree("F");
        var configured = ActionSecurityOptions.For(
            Options(new() { [tree] = new() { ["action_security.secret_names"] = "pin_code", ["action_security.excluded_names"] = "webhook_token" } }),
            tree,
            DiagnosticIds.HardcodedSecret);

        for (var round = 0; round < 2; round++)
        {
            Assert.False(ActionSecurityOptions.Default.IsSecretName("PinCode"));
            Assert.True(configured.IsSecretName("PinCode"));
            Assert.True(ActionSecurityOptions.Default.IsSecretName("WebhookToken"));
            Assert.False(configured.IsSecretName("WebhookToken"));
        }
    }

    private static SyntaxTree Tree(string name) => CSharpSyntaxTree.ParseText($"class {name} {{ }}", path: $"/src/{name}.cs");

    private static AnalyzerOptions Options(Dictionary<SyntaxTree, Dictionary<string, string>> perTree)
        => new(ImmutableArray<AdditionalText>.Empty, new PerTreeProvider(perTree));

    /// <summary>One configuration object per tree, made up front, as the compiler's provider has.</summary>
    private sealed class PerTreeProvider : AnalyzerConfigOptionsProvider
    {
        private static readonly AnalyzerConfigOptions Empty = new Config(new Dictionary<string, string>());
        private readonly Dictionary<SyntaxTree, AnalyzerConfigOptions> _perTree;

        public PerTreeProvider(Dictionary<SyntaxTree, Dictionary<string, string>> perTree)
            => _perTree = perTree.ToDictionary(pair => pair.Key, pair => (AnalyzerConfigOptions)new Config(pair.Value));

        public override AnalyzerConfigOptions GlobalOptions => Empty;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _perTree.TryGetValue(tree, out var options) ? options : Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;

        private sealed class Config(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }
}
