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

    [Fact]
    public void A_tree_reads_the_keys_for_every_rule_once_and_each_rule_its_own_keys_once()
    {
        var tree = Tree("G");
        var provider = new PerTreeProvider(new() { [tree] = new() { ["build_property.TargetFramework"] = "net10.0", ["action_security.secret_names"] = "pin_code" } });
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, provider);
        var rules = new[] { DiagnosticIds.HardcodedSecret, DiagnosticIds.QueryStringSecret, DiagnosticIds.UnauthenticatedHandler, DiagnosticIds.SecretLogged };

        for (var round = 0; round < 3; round++)
        {
            foreach (var rule in rules)
                Assert.Equal(new[] { "pin_code" }, ActionSecurityOptions.For(options, tree, rule).ExtraSecretNames);
        }

        // One lookup of action_security.<name> per option, then, per rule, one of action_security.ASxxxx.<name> for each
        // option a rule's options hold (all but shared_domain, which AS0005 reads elsewhere).
        var perRule = ActionSecurityOptions.All.Length - 1;
        Assert.Equal(ActionSecurityOptions.All.Length + rules.Length * perRule, provider.Lookups);
    }

    [Fact]
    public void A_key_of_the_package_is_read_whatever_its_case_and_only_for_its_rule()
    {
        var tree = Tree("H");
        var options = Options(new() { [tree] = new() { ["build_property.TargetFramework"] = "net10.0", ["Action_Security.AS0002.Secret_Header"] = "X-Hub-Token" } });

        Assert.Equal("X-Hub-Token", ActionSecurityOptions.For(options, tree, DiagnosticIds.QueryStringSecret).SecretHeader);
        Assert.Equal(ActionSecurityOptions.DefaultSecretHeader, ActionSecurityOptions.For(options, tree, DiagnosticIds.UnauthenticatedHandler).SecretHeader);
    }

    private static SyntaxTree Tree(string name) => CSharpSyntaxTree.ParseText($"class {name} {{ }}", path: $"/src/{name}.cs");

    private static AnalyzerOptions Options(Dictionary<SyntaxTree, Dictionary<string, string>> perTree)
        => new(ImmutableArray<AdditionalText>.Empty, new PerTreeProvider(perTree));

    /// <summary>
    /// One configuration object per tree, made up front, as the compiler's provider has. Keys compare without case, as
    /// the compiler's do; the provider counts the lookups of all its configurations.
    /// </summary>
    private sealed class PerTreeProvider : AnalyzerConfigOptionsProvider
    {
        private readonly AnalyzerConfigOptions _empty;
        private readonly Dictionary<SyntaxTree, AnalyzerConfigOptions> _perTree;
        private int _lookups;

        public PerTreeProvider(Dictionary<SyntaxTree, Dictionary<string, string>> perTree)
        {
            _empty = new Config(this, new Dictionary<string, string>());
            _perTree = perTree.ToDictionary(pair => pair.Key, pair => (AnalyzerConfigOptions)new Config(this, pair.Value));
        }

        /// <summary>Calls of <see cref="AnalyzerConfigOptions.TryGetValue"/> on every configuration of the provider.</summary>
        public int Lookups => Volatile.Read(ref _lookups);

        public override AnalyzerConfigOptions GlobalOptions => _empty;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _perTree.TryGetValue(tree, out var options) ? options : _empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _empty;

        private sealed class Config(PerTreeProvider owner, Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            private readonly Dictionary<string, string> _values = new(values, System.StringComparer.OrdinalIgnoreCase);

            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
            {
                Interlocked.Increment(ref owner._lookups);
                return _values.TryGetValue(key, out value);
            }
        }
    }
}
