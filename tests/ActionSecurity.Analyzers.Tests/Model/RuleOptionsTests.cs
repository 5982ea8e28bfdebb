using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using ActionSecurity.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Model;

public sealed class RuleOptionsTests
{
    [Fact]
    public void Each_tree_gets_its_own_options_when_trees_alternate()
    {
        var plain = CSharpSyntaxTree.ParseText("class A { }", path: "/src/A.cs");
        var configured = CSharpSyntaxTree.ParseText("class B { }", path: "/src/B.cs");
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new PerTreeProvider(new Dictionary<SyntaxTree, string>
        {
            [configured] = "pin_code",
        }));
        var ruleOptions = new RuleOptions(DiagnosticIds.HardcodedSecret);

        for (var round = 0; round < 2; round++)
        {
            Assert.Empty(ruleOptions.For(options, plain).ExtraSecretNames);
            Assert.Equal(new[] { "pin_code" }, ruleOptions.For(options, configured).ExtraSecretNames);
            Assert.Equal(new[] { "pin_code" }, ruleOptions.For(options, configured).ExtraSecretNames);
        }

        // Another compilation's options for the same tree are not mistaken for the last ones.
        var unconfigured = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new PerTreeProvider(new Dictionary<SyntaxTree, string>()));
        Assert.Empty(ruleOptions.For(unconfigured, configured).ExtraSecretNames);
    }

    [Fact]
    public void Threads_that_analyse_different_trees_at_once_each_get_their_trees_options()
    {
        var trees = new SyntaxTree[6];
        var names = new Dictionary<SyntaxTree, string>();
        for (var i = 0; i < trees.Length; i++)
        {
            trees[i] = CSharpSyntaxTree.ParseText($"class C{i} {{ }}", path: $"/src/C{i}.cs");
            if (i % 2 == 1)
                names[trees[i]] = "pin_" + i;
        }

        var provider = new PerTreeProvider(names);
        foreach (var tree in trees)
            provider.GetOptions(tree); // filled here, so the threads below only read it
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, provider);
        var ruleOptions = new RuleOptions(DiagnosticIds.HardcodedSecret);
        var wrong = 0;

        System.Threading.Tasks.Parallel.For(0, 12, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = 6 }, worker =>
        {
            for (var n = 0; n < 2_000; n++)
            {
                // Each worker stays on one tree for a run of asks, then moves on, as the driver does.
                var index = (worker + n / 50) % trees.Length;
                var got = ruleOptions.For(options, trees[index]).ExtraSecretNames;
                var expected = index % 2 == 1 ? new[] { "pin_" + index } : System.Array.Empty<string>();
                if (!System.Linq.Enumerable.SequenceEqual(got, expected))
                    System.Threading.Interlocked.Increment(ref wrong);
            }
        });

        Assert.Equal(0, wrong);
    }

    private sealed class PerTreeProvider(Dictionary<SyntaxTree, string> secretNames) : AnalyzerConfigOptionsProvider
    {
        private static readonly AnalyzerConfigOptions Empty = new Config(null);
        private readonly Dictionary<SyntaxTree, AnalyzerConfigOptions> _perTree = new();

        public override AnalyzerConfigOptions GlobalOptions => Empty;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree)
        {
            if (!secretNames.TryGetValue(tree, out var names))
                return Empty;
            if (!_perTree.TryGetValue(tree, out var options))
                _perTree[tree] = options = new Config(names);
            return options;
        }

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;

        private sealed class Config(string? secretNames) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
            {
                value = key == "action_security.secret_names" ? secretNames : null;
                return value is not null;
            }
        }
    }
}
