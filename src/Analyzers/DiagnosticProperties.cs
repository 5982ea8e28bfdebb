namespace ActionSecurity.Analyzers;

/// <summary>
/// The keys of the properties the analyzers attach to their diagnostics for the code fixes: the one place where a key
/// is spelled, so an analyzer and its fixer cannot disagree on it, and one option travels under one name.
/// </summary>
internal static class DiagnosticProperties
{
    /// <summary>AS0001: the name the fix gives the secret in the store (symbol, key or format name).</summary>
    public const string SecretName = "SecretName";

    /// <summary>AS0001, AS0007, AS0009: what the fix rewrites (one of the rule's <c>Kind…</c> values).</summary>
    public const string Kind = "Kind";

    /// <summary>AS0002, AS0004: the header the fix reads the secret from (<c>action_security.secret_header</c>).</summary>
    public const string SecretHeader = "SecretHeader";

    /// <summary>AS0002: what was read from the query string (a read or a bound parameter).</summary>
    public const string ReadKind = "ReadKind";

    /// <summary>AS0003, AS0006: which operand holds the expected secret, <c>Left</c> or <c>Right</c>.</summary>
    public const string ExpectedOperand = "ExpectedOperand";

    /// <summary>
    /// AS0003, AS0006: <see cref="ExpectedGuardNone"/> when the expected value needs no missing-secret guard (it is a
    /// hash output, never empty); absent otherwise.
    /// </summary>
    public const string ExpectedGuard = "ExpectedGuard";

    public const string ExpectedGuardNone = "None";

    /// <summary>AS0003, AS0006: the secret-store key of the expected secret (it names the fix's pattern variable).</summary>
    public const string ExpectedKey = "ExpectedKey";

    /// <summary>AS0006: an enclosing <c>if</c> skips the check while the secret is missing; no fix.</summary>
    public const string Skipped = "Skipped";

    /// <summary>AS0003: the code already denies when the expected secret is missing; the fix adds no guard of its own.</summary>
    public const string FailClosed = "FailClosed";

    /// <summary>AS0004: the <c>HandlerKind</c> of the handler.</summary>
    public const string HandlerKind = "HandlerKind";

    /// <summary>AS0004: <c>environment</c> or <c>configuration</c> (<c>action_security.secret_store</c>).</summary>
    public const string SecretStore = "SecretStore";

    /// <summary>AS0007: the status the fixed answer keeps (401, or 403 when the code already answered 403).</summary>
    public const string Status = "Status";

    /// <summary>AS0008: how the secret appears in the log call (one of the <c>Form…</c> values).</summary>
    public const string Form = "Form";

    /// <summary>AS0009: the cookie flags to set, as an integer.</summary>
    public const string Flags = "Flags";
}
