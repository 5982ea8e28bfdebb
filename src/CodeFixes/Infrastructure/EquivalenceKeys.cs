namespace ActionSecurity.Analyzers.CodeFixes.Infrastructure;

internal static class EquivalenceKeys
{
    public static string For(string id, string variant) => "ActionSecurity." + id + "." + variant;
}
