using System;
using System.Threading.Tasks;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Reliability;

/// <summary>
/// Minimal inputs for faults the reliability suite found in the rules, run through the same checks. Each fails until its
/// rule is fixed, then stays as a regression test. The owner of the rule fixes the rule, not this file.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class ReproTests
{
    /// <summary>
    /// Found by fix soundness on <c>samples/WebhookHandlers</c>: the AS0001 fix picks a top-level-statement local of
    /// <em>another file</em> (<c>app</c> in Program.cs) as "an IConfiguration in scope" and writes
    /// <c>app.Configuration["ApiKey"]</c>, which is CS8801 there. <c>SecretStoreRead.IsDeclaredBefore</c> compares
    /// positions across syntax trees; a local declared in another tree is never usable. Fixed on main in 6a44fcc ("read
    /// configuration only through locals of an enclosing body in the same file"); kept as a regression test.
    /// </summary>
    [Fact]
    public Task AS0001_fix_does_not_use_a_top_level_local_of_another_file() => AssertSoundAsync(
        includeImplicitUsings: true,
        """
        var app = WebApplication.CreateBuilder(args).Build();
        app.Run();
        """,
        """
        public sealed class Client
        {
            private const string ApiKey = "sk_live_0123456789abcdef";
            public string Key() => ApiKey;
        }
        """);

    private static async Task AssertSoundAsync(bool includeImplicitUsings, params string[] sources)
    {
        using var projects = new WarmProjects();
        var robustness = await RobustnessChecks.RunAsync(
            projects, "repro", sources, includeImplicitUsings, RobustnessTests.Analyzers(), RobustnessTests.Providers(), RobustnessChecks.DefaultBound);
        var soundness = await RobustnessChecks.CheckFixesAsync(
            projects, "repro", sources, includeImplicitUsings, RobustnessTests.Analyzers(), RobustnessTests.Providers(), default);
        Assert.True(robustness.Faults.IsEmpty && soundness.Faults.IsEmpty, string.Join(Environment.NewLine, robustness.Faults.AddRange(soundness.Faults)));
        Assert.True(soundness.Diagnostics > 0, "the repro no longer raises anything; update it so it still exercises the fix");
    }
}
