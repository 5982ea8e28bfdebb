using Microsoft.CodeAnalysis;

namespace ActionSecurity.Analyzers;

/// <summary>Every diagnostic the package reports. The only place a <see cref="DiagnosticDescriptor"/> is created.</summary>
/// <remarks>
/// Severity policy: a rule that is precise defaults to Warning; a rule with known false positives would default to Info
/// until its measured precision reaches 0.98. Nothing is hidden or disabled by default; strict mode raises all to Error.
/// </remarks>
internal static class Descriptors
{
    public const string CompilationEndTag = "CompilationEnd";

    public static readonly DiagnosticDescriptor HardcodedSecret = Create(
        DiagnosticIds.HardcodedSecret,
        "Secret is hard-coded",
        "Secret '{0}' is hard-coded; read it from the secret store",
        "A secret written in source code ends up in source control, in build outputs and in every clone of the repository, and cannot be rotated without a release. Read it from an environment variable or configuration instead.",
        DiagnosticSeverity.Warning,
        "CWE-798");

    public static readonly DiagnosticDescriptor QueryStringSecret = Create(
        DiagnosticIds.QueryStringSecret,
        "Secret is read from the query string",
        "Secret '{0}' is read from the query string; read it from a request header",
        "URLs, query strings included, are recorded by proxies, load balancers, access logs and browser history, so a secret passed in the query string leaks to everyone who can read those. Send it in a request header instead.",
        DiagnosticSeverity.Warning,
        "CWE-598");

    public static readonly DiagnosticDescriptor NonConstantTimeComparison = Create(
        DiagnosticIds.NonConstantTimeComparison,
        "Secret is compared in non-constant time",
        "Secret '{0}' is compared in non-constant time; {1}",
        "An ordinary equality comparison stops at the first differing character, so the time it takes tells an attacker how much of a guessed secret or signature is right. Compare secrets with CryptographicOperations.FixedTimeEquals.",
        DiagnosticSeverity.Warning,
        "CWE-208");

    public static readonly DiagnosticDescriptor UnauthenticatedHandler = Create(
        DiagnosticIds.UnauthenticatedHandler,
        "HTTP handler has no authentication",
        "HTTP handler '{0}' has no authentication; anyone who knows its URL can call it",
        "A handler that neither requires authorization nor checks a shared secret can be invoked by anyone who learns its URL. Require authorization, add a shared-secret check, or mark it as public on purpose with AllowAnonymous.",
        DiagnosticSeverity.Warning,
        "CWE-306");

    public static readonly DiagnosticDescriptor DirectSetCookie = Create(
        DiagnosticIds.DirectSetCookie,
        "Handler sets a cookie directly",
        "Cookie is set directly through '{0}'; on a shared domain other tenants can read and overwrite it",
        "A handler that runs on a shared domain (a serverless or function platform host) shares its cookies with every other tenant of that domain. Do not set cookies from handlers; serve the handler from your own domain behind a proxy if cookies are needed.",
        DiagnosticSeverity.Warning,
        "CWE-668");

    public static readonly DiagnosticDescriptor FailOpenSecretCheck = Create(
        DiagnosticIds.FailOpenSecretCheck,
        "Secret check fails open when the expected secret is missing",
        "Secret check against '{0}' lets every request in when the expected secret is not configured; deny when it is null or empty",
        "When the expected secret comes from the environment or configuration and is missing, a comparison with a missing request value succeeds (null equals null, empty equals empty) and everyone is let in. Deny the request when the expected secret is null or empty.",
        DiagnosticSeverity.Warning,
        "CWE-636");

    public static readonly DiagnosticDescriptor AuthFailureStatus = Create(
        DiagnosticIds.AuthFailureStatus,
        "Failed authentication is not answered with 401/403",
        "Failed secret check is answered with {0}; answer 401 or 403 with no body",
        "A failed authentication check that answers with another status, throws, or returns details in the body lets clients confuse it with other failures and can leak which part of the check failed. Answer 401 Unauthorized or 403 Forbidden with no body.",
        DiagnosticSeverity.Warning,
        "CWE-209");

    public static readonly DiagnosticDescriptor SecretLogged = Create(
        DiagnosticIds.SecretLogged,
        "Secret is written to a log",
        "Secret '{0}' is written to a log",
        "Logs are kept for a long time, copied to other systems and read by many people, so a secret written to a log is a leaked secret. Log without the secret, or log a masked form of it.",
        DiagnosticSeverity.Warning,
        "CWE-532");

    public static readonly DiagnosticDescriptor InsecureCookieFlags = Create(
        DiagnosticIds.InsecureCookieFlags,
        "Cookie lacks Secure, HttpOnly or SameSite",
        "Cookie is written without {0}",
        "A cookie without Secure can be sent over plain HTTP, one without HttpOnly can be read by injected script, and one without SameSite is sent on cross-site requests. Set Secure, HttpOnly and SameSite Strict or Lax on every cookie.",
        DiagnosticSeverity.Warning,
        "CWE-614");

    private static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string description,
        DiagnosticSeverity severity,
        string cwe,
        bool compilationEnd = false)
    {
        var tags = compilationEnd
            ? new[] { cwe, "Security", CompilationEndTag }
            : new[] { cwe, "Security" };
#pragma warning disable RS0030 // Descriptors.cs is the one place that creates descriptors.
        return new DiagnosticDescriptor(
            id,
            title,
            messageFormat,
            DiagnosticCategories.Security,
            severity,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: HelpLinks.For(id),
            customTags: tags);
#pragma warning restore RS0030
    }
}
