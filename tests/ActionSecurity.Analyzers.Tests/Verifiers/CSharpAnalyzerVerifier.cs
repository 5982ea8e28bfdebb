using System;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActionSecurity.Analyzers.Tests.Verifiers;

/// <summary>Verifies the diagnostics of one analyzer. Use <c>using Verify = CSharpAnalyzerVerifier&lt;XAnalyzer&gt;;</c>.</summary>
public static class CSharpAnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>The analyzer's only diagnostic; throws when it supports several (name the id instead).</summary>
    public static ExpectedDiagnostic Diagnostic() => DiagnosticFactory.Default(new TAnalyzer());

    /// <summary>A diagnostic with this id: one of the analyzer's, or a compiler id such as <c>CS0103</c>.</summary>
    public static ExpectedDiagnostic Diagnostic(string diagnosticId) => DiagnosticFactory.ForId(new TAnalyzer(), diagnosticId);

    public static ExpectedDiagnostic Diagnostic(DiagnosticDescriptor descriptor) => ExpectedDiagnostic.Create(descriptor);

    public static Task VerifyAnalyzerAsync([StringSyntax("C#-test")] string source, params ExpectedDiagnostic[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>The full set of options; see <see cref="VerifierTest"/> for what <see cref="RunAsync"/> checks.</summary>
    public sealed class Test : VerifierTest
    {
        public override async Task RunAsync(CancellationToken cancellationToken = default)
        {
            using var workspace = new TestWorkspace();
            await VerifyInputAsync(workspace, CreateAnalyzers(), cancellationToken).ConfigureAwait(false);
        }

        internal override ImmutableArray<DiagnosticAnalyzer> CreateAnalyzers() => ImmutableArray.Create<DiagnosticAnalyzer>(new TAnalyzer());
    }
}

/// <summary>Builds <see cref="ExpectedDiagnostic"/>s from an analyzer's descriptors.</summary>
internal static class DiagnosticFactory
{
    public static ExpectedDiagnostic Default(DiagnosticAnalyzer analyzer)
    {
        var descriptors = analyzer.SupportedDiagnostics;
        if (descriptors.Length != 1)
        {
            throw VerifierTest.DefaultIdNotAvailable(ImmutableArray.Create(analyzer), "Diagnostic()");
        }

        return ExpectedDiagnostic.Create(descriptors[0]);
    }

    public static ExpectedDiagnostic ForId(DiagnosticAnalyzer analyzer, string diagnosticId)
    {
        ArgumentException.ThrowIfNullOrEmpty(diagnosticId);
        return analyzer.SupportedDiagnostics.FirstOrDefault(d => d.Id == diagnosticId) is { } descriptor
            ? ExpectedDiagnostic.Create(descriptor)
            : ExpectedDiagnostic.Create(diagnosticId);
    }
}
