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
/// accessible reference, null when ambiguous).
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
    public void Two_accessible_references_defining_the_name_are_ambiguous_and_an_internal_one_is_skipped()
    {
        var publicOne = Library("LibA", "namespace Shared { public class Thing { } }");
        var publicTwo = Library("LibB", "namespace Shared { public class Thing { } }");
        var internalOne = Library("LibC", "namespace Shared { internal class Thing { } }");

        var ambiguous = Compile("class C { }", publicOne, publicTwo);
        Assert.Null(ambiguous.GetBestTypeByMetadataName("Shared.Thing"));

        var single = Compile("class C { }", publicOne, internalOne);
        var type = single.GetBestTypeByMetadataName("Shared.Thing");
        Assert.NotNull(type);
        Assert.Equal("LibA", type!.ContainingAssembly.Name);
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
            var agree = expected.Count == 1 ? SymbolEqualityComparer.Default.Equals(expected[0], actual) : actual is null;
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
