namespace ActionSecurity.Analyzers;

/// <summary>The rule ids. They are a contract: docs, samples and users' configuration refer to them.</summary>
public static class DiagnosticIds
{
    public const string HardcodedSecret = "AS0001";
    public const string QueryStringSecret = "AS0002";
    public const string NonConstantTimeComparison = "AS0003";
    public const string UnauthenticatedHandler = "AS0004";
    public const string DirectSetCookie = "AS0005";
    public const string FailOpenSecretCheck = "AS0006";
    public const string AuthFailureStatus = "AS0007";
    public const string SecretLogged = "AS0008";
    public const string InsecureCookieFlags = "AS0009";
}
