using System;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ActionSecurity.Analyzers.Tests.Verifiers;

/// <summary>
/// Verifies an analyzer and its code fix with Microsoft.CodeAnalysis.Testing. Use
/// <c>using Verify = CSharpCodeFixVerifier&lt;XAnalyzer, XCodeFixProvider&gt;;</c>. Prefer
/// <see cref="VerifyCodeFixAsync(string, string)"/> whenever a diagnostic is expected: one call checks the diagnostics,
/// the fixed code, its re-analysis and Fix All in document, project and solution.
/// </summary>
public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>
    /// The analyzer's only diagnostic; throws when it supports several (name the id instead). Its id, location and
    /// severity are checked; its message only when <see cref="DiagnosticResult.WithArguments"/> or
    /// <see cref="DiagnosticResult.WithMessage"/> says what it should be.
    /// </summary>
    public static DiagnosticResult Diagnostic()
    {
        var descriptors = new TAnalyzer().SupportedDiagnostics;
        if (descriptors.Length != 1)
        {
            throw new InvalidOperationException(
                $"Diagnostic() expects the analyzer's only diagnostic, but {typeof(TAnalyzer).Name} supports {descriptors.Length} "
                + $"({string.Join(", ", descriptors.Select(d => d.Id))}). Name the id: Diagnostic(\"{descriptors.FirstOrDefault()?.Id ?? "ID"}\").");
        }

        return Diagnostic(descriptors[0]);
    }

    /// <summary>
    /// A diagnostic with this id: one of the analyzer's (its severity is checked), or a compiler id such as <c>CS0103</c>
    /// (any severity, unless <see cref="DiagnosticResult.WithSeverity"/> and <see cref="DiagnosticResult.WithOptions"/> say otherwise).
    /// </summary>
    public static DiagnosticResult Diagnostic(string diagnosticId)
    {
        ArgumentException.ThrowIfNullOrEmpty(diagnosticId);
        return new TAnalyzer().SupportedDiagnostics.FirstOrDefault(d => d.Id == diagnosticId) is { } descriptor
            ? Diagnostic(descriptor)
            : new DiagnosticResult(diagnosticId, DiagnosticSeverity.Error).WithOptions(DiagnosticOptions.IgnoreSeverity);
    }

    /// <summary>
    /// A diagnostic of this descriptor. Unlike the library's, the message is not expected to be the bare format when no
    /// arguments are given (<c>WithMessage(null)</c>): <c>Diagnostic().WithLocation(0)</c> checks the id, span and severity.
    /// </summary>
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new DiagnosticResult(descriptor).WithMessage(null);

    /// <summary>Diagnostics only (no fix is applied).</summary>
    public static Task VerifyAnalyzerAsync([StringSyntax("C#-test")] string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Markup in <paramref name="source"/> gives the diagnostics; <paramref name="fixedSource"/> equal to it asserts that no fix is offered.</summary>
    public static Task VerifyCodeFixAsync([StringSyntax("C#-test")] string source, [StringSyntax("C#-test")] string fixedSource) =>
        VerifyCodeFixAsync(source, Array.Empty<DiagnosticResult>(), fixedSource);

    public static Task VerifyCodeFixAsync([StringSyntax("C#-test")] string source, DiagnosticResult expected, [StringSyntax("C#-test")] string fixedSource) =>
        VerifyCodeFixAsync(source, new[] { expected }, fixedSource);

    public static Task VerifyCodeFixAsync([StringSyntax("C#-test")] string source, DiagnosticResult[] expected, [StringSyntax("C#-test")] string fixedSource)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>The library's code-fix test with this project's settings; see <see cref="ProjectCodeFixTest{TAnalyzer, TCodeFix}"/>.</summary>
    public sealed class Test : ProjectCodeFixTest<TAnalyzer, TCodeFix>
    {
    }
}
