using System.Collections.Generic;
using System.Linq;
using ActionSecurity.Analyzers.Infrastructure;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Model;

/// <summary>
/// <see cref="CompilationExtensions.GetBestTypeByMetadataName"/> walks the merged global namespace; these tests hold it to
/// the answers of <c>Compilation.GetTypesByMetadataName</c> with the package's rule (own definition first, then the one
/// accessible reference, and among several the one from the expected assembly; see also <see cref="TypeIdentityTests"/>).
/// </summary>
public sealed class TypeLookupTests
{
    [Theory]
    [InlineData("Microsoft.AspNetCore.Http.HttpContext", "Microsoft.AspNetCore.Http.HttpContext")]
    [InlineData("Microsoft.Extensions.Options.IOptions`1", "Microsoft.Extensions.Options.IOptions<TOptions>")]
    [InlineData("System.Collections.Generic.Dictionary`2+KeyCollection", "System.Collections.Generic.Dictionary<TKey, TValue>.KeyCollection")]
    [InlineData("System.Environment+SpecialFolder", "System.Environment.SpecialFolder")]
    [InlineData("System.Security.Cryptography.CryptographicOperations", "System.Security.Cryptography.CryptographicOperations")]
    public void Resolves_framework_types_generic_and_nested(string metadataName, string display)
    {
        var compilation = Compile("class C { }");
        var type = compilation.GetBestTypeByMetadataName(metadataName);
        Assert.NotNull(type);
        Assert.Equal(display, type!.ToDisplayString());
        Assert.Equal(metadataName, MetadataNameOf(type));
    }

    [Theory]
    [InlineData("Microsoft.AspNetCore.Http.NoSuchType")]
    [InlineData("No.Such.Namespace.HttpContext")]
    [InlineData("Microsoft.Extensions.Options.IOptions")]
    [InlineData("Microsoft.AspNetCore.Http.HttpContext`1")]
    [InlineData("System.Environment+NoSuchNested")]
    [InlineData("HttpContext")]
    public void Missing_name_namespace_arity_or_nested_type_is_null(string metadataName)
    {
        var compilation = Compile("class C { }");
        Assert.Null(compilation.GetBestTypeByMetadataName(metadataName));
    }

    [Fact]
    public void The_compilations_own_definition_wins_over_the_reference()
    {
        var compilation = Compile("namespace Microsoft.AspNetCore.Http { public abstract class HttpContext { public int Own; } }");
        var type = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Http.HttpContext");
        Assert.NotNull(type);
        Assert.True(SymbolEqualityComparer.Default.Equals(compilation.Assembly, type!.ContainingAssembly));
    }

    [Fact]
    public void Global_namespace_and_nested_source_types_resolve()
    {
        var compilation = Compile("public class Outer { public class Inner<T> { } } namespace A.B { class Leaf { } }");
        Assert.Equal("Outer.Inner<T>", compilation.GetBestTypeByMetadataName("Outer+Inner`1")?.ToDisplayString());
        Assert.Equal("A.B.Leaf", compilation.GetBestTypeByMetadataName("A.B.Leaf")?.ToDisplayString());
    }

    [Fact]
    public void Of_two_accessible_references_the_expected_assembly_wins_and_an_internal_one_is_skipped()
    {
        var unrelated = Library("LibA", "namespace Shared.Things { public class Thing { } }");
        var expected = Library("Shared.Things.Core", "namespace Shared.Things { public class Thing { } }");
        var internalOne = Library("Shared.Things", "namespace Shared.Things { internal class Thing { } }");

        foreach (var order in new[] { new[] { unrelated, expected }, new[] { expected, unrelated } })
        {
            var type = Compile("class C { }", order).GetBestTypeByMetadataName("Shared.Things.Thing");
            Assert.Equal("Shared.Things.Core", type?.ContainingAssembly.Name);
        }

        var single = Compile("class C { }", unrelated, internalOne);
        Assert.Equal("LibA", single.GetBestTypeByMetadataName("Shared.Things.Thing")?.ContainingAssembly.Name);
    }

    [Fact]
    public void Of_two_equally_unrelated_references_the_first_is_kept_never_none()
    {
        var first = Library("LibA", "namespace Shared { public class Thing { } }");
        var second = Library("LibB", "namespace Shared { public class Thing { } }");
        Assert.Equal("LibA", Compile("class C { }", first, second).GetBestTypeByMetadataName("Shared.Thing")?.ContainingAssembly.Name);
    }

    [Fact]
    public void Agrees_with_GetTypesByMetadataName_on_every_name_the_package_resolves()
    {
        var compilation = Compile("class C { }");
        var names = typeof(CompilationExtensions).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(v => v.StartsWith("Microsoft.", System.StringComparison.Ordinal) || v.StartsWith("System.", System.StringComparison.Ordinal))
            .Where(v => v.IndexOf(' ') < 0)
            .Distinct()
            .ToList();
        Assert.True(names.Count > 50, $"expected the package's type names, found {names.Count}");
        var mismatches = new List<string>();
        foreach (var name in names)
        {
            var expected = compilation.GetTypesByMetadataName(name)
                .Where(t => t.DeclaredAccessibility == Accessibility.Public)
                .ToList();
            var actual = compilation.GetBestTypeByMetadataName(name);
            var agree = expected.Count == 0 ? actual is null : expected.Any(t => SymbolEqualityComparer.Default.Equals(t, actual));
            if (!agree)
                mismatches.Add($"{name}: expected {string.Join(", ", expected)}, got {actual?.ToDisplayString() ?? "null"}");
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    private static string MetadataNameOf(INamedTypeSymbol type)
        => type.ContainingType is { } outer
            ? MetadataNameOf(outer) + "+" + type.MetadataName
            : type.ContainingNamespace.ToDisplayString() + "." + type.MetadataName;

    private static MetadataReference Library(string name, string source)
    {
        var library = CSharpCompilation.Create(
            name,
            new[] { CSharpSyntaxTree.ParseText(source) },
            ReferenceSets.Net,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return library.ToMetadataReference();
    }

    private static CSharpCompilation Compile(string source, params MetadataReference[] extra)
        => CSharpCompilation.Create(
            "TypeLookupTests",
            new[] { CSharpSyntaxTree.ParseText(source) },
            ReferenceSets.Get(ReferenceSet.AspNetCore).AddRange(extra),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
}
