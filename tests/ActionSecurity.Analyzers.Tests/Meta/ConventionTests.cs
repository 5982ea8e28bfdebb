using System;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Reflection;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Meta;

public sealed class ConventionTests
{
    /// <summary>Ids that have no fix, each with the reason. Every other implemented id must have a fix provider.</summary>
    internal static readonly ImmutableDictionary<string, string> NoCodeFix = ImmutableDictionary<string, string>.Empty;

    [Fact]
    public void Analyzers_are_sealed_CSharp_analyzers_without_instance_state()
    {
        Assert.NotEmpty(RuleCatalog.AnalyzerTypes);
        foreach (var type in RuleCatalog.AnalyzerTypes)
        {
            Assert.True(type.IsSealed, type.Name + " is not sealed");
            Assert.EndsWith("Analyzer", type.Name, StringComparison.Ordinal);
            var attribute = type.GetCustomAttribute<DiagnosticAnalyzerAttribute>();
            Assert.NotNull(attribute);
            Assert.Equal(new[] { LanguageNames.CSharp }, attribute!.Languages);
            var fields = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(f => !f.Name.Contains("k__BackingField", StringComparison.Ordinal) || f.FieldType != typeof(ImmutableArray<DiagnosticDescriptor>));
            Assert.Empty(fields);
        }
    }

    [Fact]
    public void Analyzers_enable_concurrency_skip_generated_code_and_register_only_at_compilation_start()
    {
        foreach (var analyzer in RuleCatalog.CreateAnalyzers())
        {
            var context = new RecordingAnalysisContext();
            analyzer.Initialize(context);
            var name = analyzer.GetType().Name;
            Assert.True(context.ConcurrentExecution, name + " does not enable concurrent execution");
            // Not Analyze: no callback runs on generated code. ReportDiagnostics only spares the driver a second check of
            // each diagnostic's location (Infrastructure/GeneratedCode.cs); GeneratedCodeTests shows nothing is reported there.
            Assert.True(context.GeneratedCode == GeneratedCode.Flags, name + " does not call ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags)");
            Assert.True((context.GeneratedCode & GeneratedCodeAnalysisFlags.Analyze) == 0, name + " analyzes generated code");
            Assert.True(context.CompilationStartActions > 0, name + " registers no compilation start action");
            Assert.True(context.OtherRegistrations == 0, name + " registers actions outside the compilation start action");
        }
    }

    [Fact]
    public void Code_fixes_are_sealed_shared_exported_and_fix_known_ids()
    {
        foreach (var type in RuleCatalog.CodeFixTypes)
        {
            Assert.True(type.IsSealed, type.Name + " is not sealed");
            Assert.EndsWith("CodeFixProvider", type.Name, StringComparison.Ordinal);
            Assert.NotNull(type.GetCustomAttribute<SharedAttribute>());
            var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
            Assert.NotNull(export);
            Assert.Equal(type.Name, export!.Name);
            Assert.Equal(new[] { LanguageNames.CSharp }, export.Languages);
            var provider = (CodeFixProvider)Activator.CreateInstance(type)!;
            Assert.NotNull(provider.GetFixAllProvider());
            Assert.NotEmpty(provider.FixableDiagnosticIds);
            Assert.All(provider.FixableDiagnosticIds, id => Assert.Contains(id, RuleCatalog.Ids));
        }
    }

    [Fact]
    public void Every_implemented_rule_has_a_fix_or_a_stated_reason_for_none()
    {
        foreach (var id in RuleCatalog.Ids.Where(id => RuleCatalog.AnalyzersFor(id).Any()))
        {
            var hasFix = RuleCatalog.CodeFixesFor(id).Any();
            Assert.True(hasFix || NoCodeFix.ContainsKey(id), id + " has no code fix and no entry in NoCodeFix");
        }
    }

    [Fact]
    public void Every_implemented_rule_has_a_test_class_with_a_code_fix_test()
    {
        var testTypes = typeof(ConventionTests).Assembly.GetTypes();
        foreach (var id in RuleCatalog.Ids.Where(id => RuleCatalog.AnalyzersFor(id).Any()))
        {
            var testClass = testTypes.SingleOrDefault(t => t.Name.StartsWith(id, StringComparison.Ordinal) && t.Name.EndsWith("Tests", StringComparison.Ordinal));
            Assert.True(testClass is not null, "no test class " + id + "*Tests");
            if (RuleCatalog.CodeFixesFor(id).Any())
            {
                var fixTests = testClass!.GetMethods().Where(m => m.Name.StartsWith("Fixes_", StringComparison.Ordinal)
                    || m.Name.StartsWith("Reports_and_fixes_", StringComparison.Ordinal)
                    || m.Name.StartsWith("FixAll_", StringComparison.Ordinal));
                Assert.True(fixTests.Any(), testClass.Name + " has no Fixes_/Reports_and_fixes_/FixAll_ test");
            }
        }
    }

    [Fact]
    public void Analyzer_assembly_targets_netstandard20_and_references_no_workspaces_or_third_party_assembly()
    {
        var assembly = RuleCatalog.AnalyzerAssembly;
        var framework = assembly.GetCustomAttribute<System.Runtime.Versioning.TargetFrameworkAttribute>();
        Assert.Equal(".NETStandard,Version=v2.0", framework?.FrameworkName);
        var allowed = new[] { "netstandard", "Microsoft.CodeAnalysis", "Microsoft.CodeAnalysis.CSharp", "System.Collections.Immutable", "System.Memory", "System.Runtime.CompilerServices.Unsafe" };
        foreach (var reference in assembly.GetReferencedAssemblies())
            Assert.True(allowed.Contains(reference.Name), "the analyzer assembly references " + reference.Name);
    }

    /// <summary>Records what an analyzer's Initialize does, as the testing library's recording context does.</summary>
    private sealed class RecordingAnalysisContext : AnalysisContext
    {
        public bool ConcurrentExecution { get; private set; }
        public GeneratedCodeAnalysisFlags? GeneratedCode { get; private set; }
        public int CompilationStartActions { get; private set; }
        public int OtherRegistrations { get; private set; }

        public override void EnableConcurrentExecution() => ConcurrentExecution = true;
        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => GeneratedCode = analysisMode;
        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) => CompilationStartActions++;
        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => OtherRegistrations++;
        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => OtherRegistrations++;
        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => OtherRegistrations++;
        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => OtherRegistrations++;
        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => OtherRegistrations++;
        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => OtherRegistrations++;
        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => OtherRegistrations++;
        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => OtherRegistrations++;
        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => OtherRegistrations++;
        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => OtherRegistrations++;
        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => OtherRegistrations++;
    }
}
