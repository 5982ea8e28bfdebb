using System.Linq;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using ActionSecurity.Analyzers.Model;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Model;

/// <summary>
/// Following a local to its value through the per-body index (<see cref="BodyLocals"/>): each test passes the local
/// to <c>Probe(...)</c> and checks what <see cref="OperationExtensions.FollowSingleAssignment"/> and
/// <see cref="ValueSources.FollowLocal"/> find.
/// </summary>
public sealed class BodyLocalsTests
{
    [Fact]
    public void Initializer_alone_is_followed()
        => Assert.Equal("\"a\"", Follow("var s = \"a\"; Probe(s);"));

    [Fact]
    public void Declaration_then_one_assignment_is_followed()
        => Assert.Equal("\"b\"", Follow("string s; s = \"b\"; Probe(s);"));

    [Theory]
    [InlineData("var s = \"a\"; s = \"b\"; Probe(s);")]
    [InlineData("var s = \"a\"; s += \"b\"; Probe(s);")]
    [InlineData("string? s = null; s ??= \"b\"; Probe(s);")]
    [InlineData("var s = \"a\"; (s, var t) = (\"b\", 1); Probe(s);")]
    [InlineData("var s = \"a\"; Write(out s); Probe(s);")]
    [InlineData("var s = \"a\"; Touch(ref s); Probe(s);")]
    public void A_second_write_of_any_kind_stops_the_follow(string body)
        => Assert.Equal("s", Follow(body));

    [Fact]
    public void Increment_counts_as_a_write()
        => Assert.Equal("i", Follow("var i = 1; i++; Probe(i);"));

    [Fact]
    public void Out_argument_is_the_single_write_FollowLocal_reports()
    {
        var (followed, local) = Probe("System.Collections.Generic.Dictionary<string, string> d = new(); d.TryGetValue(\"k\", out var v); Probe(v);");
        Assert.Equal("v", followed);
        Assert.Equal("d.TryGetValue(\"k\", out var v)", local);
    }

    [Fact]
    public void Declaration_pattern_is_the_single_write_FollowLocal_reports_as_the_matched_value()
    {
        var (followed, local) = Probe("object o = \"x\"; if (o is string s) Probe(s);");
        Assert.Equal("s", followed);
        Assert.Equal("o", local);
    }

    [Fact]
    public void References_are_listed_in_body_order()
    {
        var (body, local) = Bind("var s = \"a\"; Probe(s); Probe(s.Length);");
        var references = BodyLocals.For(body, CancellationToken.None)[local].References;
        Assert.Equal(2, references.Count);
        Assert.True(references[0].Syntax.SpanStart < references[1].Syntax.SpanStart);
        Assert.Same(BodyLocals.For(body, CancellationToken.None), BodyLocals.For(body, CancellationToken.None));
    }

    [Fact]
    public void Each_local_gets_its_own_references_from_the_one_walk()
    {
        // The first local asked for lists the references of every local; the second, never written, is a foreach
        // variable the write index has no record of.
        var (body, local) = Bind("var s = \"a\"; Probe(s); foreach (var c in s) { Probe(c); Probe(c); Probe(c); }");
        var index = BodyLocals.For(body, CancellationToken.None);
        var written = index[local].References;
        Assert.Equal(2, written.Count);
        Assert.All(written, reference => Assert.Equal("s", reference.Syntax.ToString()));
        var loopVariable = body.Descendants().OfType<IForEachLoopOperation>().Single().Locals.Single();
        var read = index[loopVariable].References;
        Assert.Equal(3, read.Count);
        Assert.All(read, reference => Assert.Equal("c", reference.Syntax.ToString()));
    }

    [Fact]
    public void The_index_of_a_body_is_not_shared_with_the_same_body_of_another_semantic_model()
    {
        var (body, _) = Bind("var s = \"a\"; Probe(s);");
        var model = body.SemanticModel!;
        var again = model.Compilation.GetSemanticModel(model.SyntaxTree).GetOperation(body.Syntax)!;
        Assert.NotSame(body, again);
        Assert.NotSame(BodyLocals.For(body, CancellationToken.None), BodyLocals.For(again, CancellationToken.None));
        Assert.Same(BodyLocals.For(again, CancellationToken.None), BodyLocals.For(again, CancellationToken.None));
    }

    private static string Follow(string body) => Probe(body).Followed;

    private static (string Followed, string? Local) Probe(string body)
    {
        var (operation, _) = BindProbe(body);
        var followed = operation.FollowSingleAssignment(CancellationToken.None).Syntax.ToString();
        var local = operation.WalkDownConversion() is ILocalReferenceOperation reference
            ? ValueSources.FollowLocal(reference, CancellationToken.None)?.Syntax.ToString()
            : null;
        return (followed, local);
    }

    private static (IOperation Body, ILocalSymbol Local) Bind(string body)
    {
        var (operation, root) = BindProbe(body);
        return (root, ((ILocalReferenceOperation)operation.WalkDownConversion()).Local);
    }

    private static (IOperation Probed, IOperation Root) BindProbe(string body)
    {
        var source = """
            #nullable enable
            class C
            {
                void M()
                {
            """ + body + """

                }

                static void Probe(object value) { }
                static void Write(out string value) => value = "w";
                static void Touch(ref string value) { }
            }
            """;
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create("BodyLocalsTests", new[] { tree }, ReferenceSets.Net, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var model = compilation.GetSemanticModel(tree);
        var probe = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .First(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "Probe" });
        var invocation = (IInvocationOperation)model.GetOperation(probe)!;
        var root = invocation.GetContainingBody()!;
        return (invocation.Arguments[0].Value, root);
    }
}
