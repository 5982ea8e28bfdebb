using Microsoft.CodeAnalysis.Diagnostics;

namespace ActionSecurity.Analyzers.Infrastructure;

/// <summary>How every rule treats generated code: not analyzed, and no second look at where a diagnostic lands.</summary>
/// <remarks>
/// <para>Without <see cref="GeneratedCodeAnalysisFlags.Analyze"/> the driver runs none of a rule's callbacks on generated
/// code: generated files (<c>*.g.cs</c>, <c>*.designer.cs</c>, an <c>&lt;auto-generated&gt;</c> header,
/// <c>generated_code = true</c>), symbols marked <c>[GeneratedCode]</c> and hidden line regions. So every diagnostic a
/// rule reports comes from user code.</para>
/// <para>Without <see cref="GeneratedCodeAnalysisFlags.ReportDiagnostics"/> the driver would also check each reported
/// diagnostic's location again, and the first diagnostic in a file makes it read every token of that file, under a lock
/// the analyzer threads share, to find <c>[GeneratedCode]</c> declarations. In a profile of the L benchmark build that
/// check was about a tenth of the package's analyzer time. The flag skips only that second check: the one place it could
/// matter is a diagnostic placed on another declaration than the one analyzed (an AS0004 handler mapped from user code
/// but declared in generated code), which is then reported where the user's code exposes it.</para>
/// </remarks>
internal static class GeneratedCode
{
    public const GeneratedCodeAnalysisFlags Flags = GeneratedCodeAnalysisFlags.ReportDiagnostics;
}
