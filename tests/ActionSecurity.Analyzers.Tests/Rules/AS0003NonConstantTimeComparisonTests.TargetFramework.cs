using System.Linq;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.SecretComparisonAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.SecretComparisonCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

/// <summary>
/// AS0003 on a target framework without <c>System.Security.Cryptography.CryptographicOperations</c> (.NET Standard 2.0,
/// like .NET Framework and .NET Core before 2.1): the comparison is still reported, and no fix is offered, because the
/// fix would call a type that does not exist there.
/// </summary>
public sealed partial class AS0003NonConstantTimeComparisonTests
{
    private const string ApiKeyComparison = """
        class C
        {
            bool M(string apiKey, string provided) => {|#0:provided == apiKey|};
        }
        """;

    [Fact]
    public void NetStandard20_references_have_no_CryptographicOperations()
    {
        var compilation = CSharpCompilation.Create(
            "NetStandard20Probe",
            new[] { CSharpSyntaxTree.ParseText("class C { }") },
            ReferenceSets.Get(ReferenceSet.NetStandard20),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.NotNull(compilation.GetTypeByMetadataName("System.Security.Cryptography.HMACSHA256"));
        Assert.Null(compilation.GetTypeByMetadataName("System.Security.Cryptography.CryptographicOperations"));
    }

    /// <summary>
    /// The message says why no fix is offered: the target framework has no <c>CryptographicOperations.FixedTimeEquals</c>,
    /// so it names the remedy by hand instead of the API.
    /// </summary>
    [Fact]
    public Task NoFix_when_the_target_framework_has_no_CryptographicOperations() => new Verify.Test
    {
        TestCode = ApiKeyComparison,
        FixedCode = ApiKeyComparison,
        References = ReferenceSet.NetStandard20,
        ExpectedDiagnostics =
        {
            Verify.Diagnostic("AS0003").WithLocation(0)
                .WithMessage("Secret 'apiKey' is compared in non-constant time; this target framework has no CryptographicOperations.FixedTimeEquals, so no fix is offered: compare every byte without stopping at the first difference"),
        },
    }.RunAsync();

    /// <summary>The control: the same input on .NET 10 gets the fix.</summary>
    [Fact]
    public Task Fixes_the_same_input_when_the_target_framework_has_CryptographicOperations() => new Verify.Test
    {
        TestCode = ApiKeyComparison,
        FixedCode = """
            using System.Security.Cryptography;
            using System.Text;

            class C
            {
                bool M(string apiKey, string provided) => !string.IsNullOrEmpty(apiKey) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided ?? ""), Encoding.UTF8.GetBytes(apiKey));
            }
            """,
        References = ReferenceSet.None,
        ExpectedDiagnostics =
        {
            Verify.Diagnostic("AS0003").WithLocation(0)
                .WithMessage("Secret 'apiKey' is compared in non-constant time; use CryptographicOperations.FixedTimeEquals"),
        },
    }.RunAsync();
}
