using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.Infrastructure;
using ActionSecurity.Analyzers.Model;
using ActionSecurity.Analyzers.Tests.Meta;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Model;

/// <summary>
/// One rule of type identity for the whole package: a known type is matched by its full metadata name and, where several
/// referenced assemblies declare that name, the one from the expected assembly is kept; none is ever dropped. Checked
/// against the real in-process Functions host (which declares its own <c>Microsoft.Extensions.Logging.LoggerExtensions</c>)
/// and against an in-memory assembly that declares a public duplicate of every name in <see cref="KnownTypeNames"/>.
/// </summary>
public sealed class TypeIdentityTests
{
    private static readonly Regex Block = new(@"^```csharp noncompliant[^\n]*\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline);

    private static readonly Lazy<MetadataReference> Duplicates = new(() => CompileDuplicates(KnownNames(), "KnownTypeDuplicates"));

    /// <summary>Every metadata name the package resolves, read from <see cref="KnownTypeNames"/>.</summary>
    public static ImmutableArray<string> KnownNames() => typeof(KnownTypeNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToImmutableArray();

    [Fact]
    public void The_Functions_host_declares_a_second_LoggerExtensions_and_the_logging_one_is_kept()
    {
        var compilation = Compile(ReferenceSets.Get(ReferenceSet.Default));
        var declared = compilation.GetTypesByMetadataName(KnownTypeNames.MicrosoftExtensionsLoggingLoggerExtensions)
            .Where(t => t.DeclaredAccessibility == Accessibility.Public)
            .Select(t => t.ContainingAssembly.Name)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(new[] { "Microsoft.Azure.WebJobs.Host", "Microsoft.Extensions.Logging.Abstractions" }, declared);

        var type = compilation.GetBestTypeByMetadataName(KnownTypeNames.MicrosoftExtensionsLoggingLoggerExtensions);
        Assert.Equal("Microsoft.Extensions.Logging.Abstractions", type?.ContainingAssembly.Name);
    }

    [Fact]
    public void Every_known_name_resolves_to_the_same_type_when_a_duplicate_of_each_is_referenced()
    {
        var clean = Compile(ReferenceSets.Get(ReferenceSet.Default));
        var duplicated = Compile(ReferenceSets.Get(ReferenceSet.Default).Add(Duplicates.Value));
        var names = KnownNames();
        Assert.True(names.Length > 80, $"expected the package's type names, found {names.Length}");
        var wrong = new List<string>();
        foreach (var name in names)
        {
            var expected = clean.GetBestTypeByMetadataName(name);
            var actual = duplicated.GetBestTypeByMetadataName(name);
            Assert.Equal(
                clean.GetTypesByMetadataName(name).Count(t => t.DeclaredAccessibility == Accessibility.Public) + 1,
                duplicated.GetTypesByMetadataName(name).Count(t => t.DeclaredAccessibility == Accessibility.Public));
            var expectedAssembly = expected?.ContainingAssembly.Name ?? "KnownTypeDuplicates";
            if (actual is null || actual.ContainingAssembly.Name != expectedAssembly)
                wrong.Add($"{name}: expected {expectedAssembly}, got {actual?.ContainingAssembly.Name ?? "null"}");
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void Every_rule_resolves_the_real_types_when_a_duplicate_of_each_is_referenced()
    {
        // KnownTypes, CookieTypes and the sinks of AS0008 all go through the one lookup.
        var clean = KnownTypes.GetOrCreate(Compile(ReferenceSets.Get(ReferenceSet.Default)));
        var duplicated = KnownTypes.GetOrCreate(Compile(ReferenceSets.Get(ReferenceSet.Default).Add(Duplicates.Value)));
        var properties = typeof(KnownTypes).GetProperties().Where(p => p.PropertyType == typeof(INamedTypeSymbol)).ToList();
        Assert.True(properties.Count > 60);
        foreach (var property in properties)
        {
            var expected = (INamedTypeSymbol?)property.GetValue(clean);
            var actual = (INamedTypeSymbol?)property.GetValue(duplicated);
            Assert.True(
                expected?.ContainingAssembly.Name == actual?.ContainingAssembly.Name,
                $"{property.Name}: {expected?.ContainingAssembly.Name ?? "null"} without duplicates, {actual?.ContainingAssembly.Name ?? "null"} with them");
        }
    }

    public static IEnumerable<object[]> NoncompliantExamples()
    {
        foreach (var id in RuleCatalog.Ids)
        {
            var path = Path.Combine(RuleCatalog.RepositoryRoot, "docs", "rules", id + ".md");
            if (!File.Exists(path))
                continue;
            var count = Block.Matches(File.ReadAllText(path).Replace("\r\n", "\n")).Count;
            for (var i = 0; i < count; i++)
                yield return new object[] { id, i };
        }
    }

    /// <summary>
    /// Every rule's noncompliant doc example, compiled against the real in-process Functions assemblies (the host's
    /// duplicate <c>LoggerExtensions</c> among them) plus a public duplicate of every known type the example does not name
    /// (a name it writes would not compile: CS0433), still raises its rule.
    /// </summary>
    [Theory]
    [MemberData(nameof(NoncompliantExamples))]
    public async Task Noncompliant_doc_example_reports_with_duplicate_types_referenced(string id, int index)
    {
        var text = File.ReadAllText(Path.Combine(RuleCatalog.RepositoryRoot, "docs", "rules", id + ".md")).Replace("\r\n", "\n");
        var code = Block.Matches(text)[index].Groups["code"].Value;
        var written = new HashSet<string>(
            CSharpSyntaxTree.ParseText(code).GetRoot().DescendantNodes().OfType<SimpleNameSyntax>().Select(n => n.Identifier.ValueText),
            StringComparer.Ordinal);
        var unnamed = KnownNames().Where(n =>
        {
            var simple = SimpleName(n);
            return !written.Contains(simple)
                && !(simple.EndsWith("Attribute", StringComparison.Ordinal) && written.Contains(simple.Substring(0, simple.Length - "Attribute".Length)));
        }).ToImmutableArray();
        var duplicates = CompileDuplicates(unnamed, "KnownTypeDuplicates");

        using var workspace = new TestWorkspace();
        var settings = new ProjectSettings(
            ReferenceSets.Get(ReferenceSet.Default).Add(duplicates), LanguageVersion.Latest, NullableContextOptions.Disable,
            OutputKind.DynamicallyLinkedLibrary, EditorConfig: null, IncludeImplicitUsings: true);
        var solution = workspace.CreateSolution(settings, new[] { code });
        var result = await AnalyzerRunner.RunAsync(solution.Project, RuleCatalog.CreateAnalyzers().ToImmutableArray(), default);

        var errors = result.CompilerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, $"{id}.md noncompliant example #{index} does not compile:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        Assert.Contains(result.AnalyzerDiagnostics, d => d.Id == id && !d.IsSuppressed);
    }

    private static string SimpleName(string metadataName)
    {
        var start = metadataName.LastIndexOf('.') + 1;
        var tick = metadataName.IndexOf('`', start);
        return tick < 0 ? metadataName.Substring(start) : metadataName.Substring(start, tick - start);
    }

    /// <summary>A public, empty type for each metadata name, in the name's namespace and with its arity.</summary>
    private static MetadataReference CompileDuplicates(IEnumerable<string> names, string assemblyName)
    {
        var source = new StringBuilder();
        foreach (var name in names)
        {
            var lastDot = name.LastIndexOf('.');
            var tick = name.IndexOf('`', lastDot + 1);
            var simple = tick < 0 ? name.Substring(lastDot + 1) : name.Substring(lastDot + 1, tick - lastDot - 1);
            var arity = tick < 0 ? 0 : int.Parse(name.Substring(tick + 1), System.Globalization.CultureInfo.InvariantCulture);
            var parameters = arity == 0 ? "" : "<" + string.Join(", ", Enumerable.Range(1, arity).Select(i => "T" + i)) + ">";
            source.Append("namespace ").Append(name, 0, lastDot).Append(" { public class ").Append(simple).Append(parameters).AppendLine(" { } }");
        }

        var compilation = CSharpCompilation.Create(
            assemblyName,
            new[] { CSharpSyntaxTree.ParseText(source.ToString()) },
            ReferenceSets.Net,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray(), filePath: "/" + assemblyName + ".dll");
    }

    private static CSharpCompilation Compile(ImmutableArray<MetadataReference> references)
        => CSharpCompilation.Create(
            "TypeIdentityTests",
            new[] { CSharpSyntaxTree.ParseText("class C { }") },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
}
