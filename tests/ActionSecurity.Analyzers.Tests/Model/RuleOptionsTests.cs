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
