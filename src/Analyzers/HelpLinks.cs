namespace ActionSecurity.Analyzers;

internal static class HelpLinks
{
    public const string Base = "https://github.com/action-security/ActionSecurity.Analyzers/blob/main/docs/rules/";

    public static string For(string id) => Base + id + ".md";
}
