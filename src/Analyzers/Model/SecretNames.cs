using System;
using System.Collections.Immutable;

namespace ActionSecurity.Analyzers.Model;

/// <summary>
/// Decides whether an identifier or key denotes a secret. Names are split into words on camelCase and PascalCase
/// boundaries, letter/digit boundaries and any character that is not a letter or digit (<c>_</c>, <c>-</c>, <c>.</c>,
/// <c>:</c>, spaces), so <c>webhookSecret</c>, <c>api_key</c> and <c>X-Hub-Signature-256</c> match while
/// <c>secretary</c>, <c>tokenizer</c> and <c>SecretName</c> (the name of a secret, not its value) do not.
/// Pure and allocation-free for the built-in vocabulary.
/// </summary>
internal static class SecretNames
{
    /// <summary>Words that denote a secret value on their own.</summary>
    internal static readonly ImmutableArray<string> SecretWords = ImmutableArray.Create(
        "apikey", "auth", "authorization", "credential", "credentials", "hmac", "pass", "passphrase", "passwd", "password",
        "passwords", "pw", "pwd", "secret", "secrets", "sig", "signature", "token", "tokens");

    /// <summary>Words that, followed by <c>key</c> or <c>keys</c>, denote a secret key (<c>apiKey</c>, <c>signingKey</c>).</summary>
    internal static readonly ImmutableArray<string> KeyQualifiers = ImmutableArray.Create(
        "access", "account", "admin", "api", "app", "application", "client", "encryption", "function", "functions",
        "hmac", "host", "license", "master", "primary", "private", "secondary", "secret", "shared", "signing",
        "storage", "subscription", "webhook");

    /// <summary>Words that, before a secret word, make it something else (<c>CancellationToken</c>, <c>nextPageToken</c>).</summary>
    internal static readonly ImmutableArray<string> NegatingQualifiers = ImmutableArray.Create(
        "cancellation", "change", "completion", "confirm", "continuation", "count", "final", "first", "input", "max", "min",
        "multi", "next", "num", "output", "page", "paging", "pagination", "prompt", "repeat", "resume", "retype", "second",
        "single", "total", "two");

    /// <summary>
    /// Words that, before <c>token</c> or <c>tokens</c> only, make it a position in a feed (<c>syncToken</c>), while a
    /// <c>syncSecret</c> or a <c>syncPassword</c> is the secret of a synchronisation service.
    /// </summary>
    internal static readonly ImmutableArray<string> CursorQualifiers = ImmutableArray.Create("sync");

    /// <summary>
    /// Words that, before <c>signature</c> only, make it the shape of code (<c>methodSignature</c>, <c>typeSignature</c>),
    /// while a <c>webhookSignature</c> or a <c>requestSignature</c> is a MAC.
    /// </summary>
    internal static readonly ImmutableArray<string> CodeQualifiers = ImmutableArray.Create("method", "methods", "type", "function", "member", "call");

    /// <summary>
    /// Words that, after a secret word, make the name denote something about the secret rather than its value:
    /// its name, header, expiry, endpoint and so on (<c>SecretName</c>, <c>ApiKeyHeader</c>, <c>tokenExpiry</c>), or
    /// a piece of the interface that shows it (<c>AuthButtonColor</c>, <c>passwordIcon</c>).
    /// </summary>
    internal static readonly ImmutableArray<string> NonValueWords = ImmutableArray.Create(
        "algorithm", "alg", "at", "attribute", "button", "caption", "changed", "check", "checked", "checks", "color", "colour", "comparison", "confirmation", "count",
        "description", "display", "domain", "domains", "enabled", "endpoint", "error", "errors", "event", "events", "exception", "expiration",
        "expires", "expiry", "failed", "failure", "field", "file", "fingerprint", "format", "handler", "header", "headers", "height", "hint", "icon", "id",
        "identifier", "identifiers", "ids", "issuer", "kind", "label", "len", "length", "level", "lifetime", "location", "logged", "manager", "message", "mismatch",
        "missing", "mode", "name", "names", "option", "options", "param", "parameter", "path", "pattern", "policies", "policy",
        "prefix", "prompt", "provider", "regex", "required", "requirement", "requirements", "rotation", "rule", "rules", "salt", "scheme",
        "service", "settings", "size", "source", "state", "status", "store", "strength", "style", "timeout", "title", "ttl", "type",
        "through", "uri", "url", "validation", "validator", "variable", "variables", "version", "width");

    /// <summary>True when <paramref name="name"/> denotes a secret value under the built-in vocabulary.</summary>
    public static bool IsSecret(string? name) => IsSecret(name, ImmutableArray<string>.Empty, ImmutableArray<string>.Empty);

    /// <summary>
    /// True when <paramref name="name"/> denotes a secret value. <paramref name="extraSecretWords"/> and
    /// <paramref name="excludedFragments"/> come from configuration; an excluded fragment wins over everything.
    /// </summary>
    public static bool IsSecret(string? name, ImmutableArray<string> extraSecretWords, ImmutableArray<string> excludedFragments)
    {
        if (name is null || name.Length == 0)
            return false;
        if (!excludedFragments.IsDefaultOrEmpty && ContainsFragment(name, excludedFragments))
            return false;
        if (!extraSecretWords.IsDefaultOrEmpty && ContainsFragment(name, extraSecretWords))
            return true;

        var secret = false;
        var beforeStart = -1;
        var beforeLength = 0;
        var previousStart = -1;
        var previousLength = 0;
        var position = 0;
        while (NextWord(name, ref position, out var start, out var length))
        {
            if (IsOneOf(name, start, length, SecretWords))
            {
                if ((previousStart < 0 || !Negates(name, previousStart, previousLength, start, length))
                    && !IsPublicKeyToken(name, beforeStart, beforeLength, previousStart, previousLength, start, length))
                {
                    secret = true;
                }
            }
            else if (IsWord(name, start, length, "key") || IsWord(name, start, length, "keys"))
            {
                if (previousStart >= 0 && IsOneOf(name, previousStart, previousLength, KeyQualifiers))
                    secret = true;
            }
            else if (secret && IsOneOf(name, start, length, NonValueWords))
            {
                secret = false;
            }

            beforeStart = previousStart;
            beforeLength = previousLength;
            previousStart = start;
            previousLength = length;
        }

        return secret;
    }

    /// <summary>
    /// True when <paramref name="name"/> holds a digest of a secret rather than the secret: one of its words is
    /// <c>hash</c>, <c>hashed</c> or <c>hashes</c> (<c>PasswordHash</c>, <c>HashedApiKey</c>). A hard-coded digest gives
    /// nobody the password or key it was computed from (a seeded user's <c>PasswordHash</c>, the stored hash of an API
    /// key); comparing one is still a check of the secret.
    /// </summary>
    public static bool NamesDigest(string? name)
        => name is not null && (ContainsWord(name, "hash") || ContainsWord(name, "hashed") || ContainsWord(name, "hashes"));

    /// <summary>
    /// <c>PublicKeyToken</c>: the short hash of an assembly's strong-name public key (<c>publicKeyToken="b77a5c561934e089"</c>
    /// in every binding redirect of a <c>Web.config</c>), public by definition.
    /// </summary>
    private static bool IsPublicKeyToken(string name, int publicStart, int publicLength, int keyStart, int keyLength, int start, int length)
        => publicStart >= 0 && IsWord(name, start, length, "token") && IsWord(name, keyStart, keyLength, "key")
           && IsWord(name, publicStart, publicLength, "public");

    /// <summary>True when the word before a secret word makes it something else (<see cref="NegatingQualifiers"/>,
    /// <see cref="CursorQualifiers"/> before <c>token(s)</c>, <see cref="CodeQualifiers"/> before <c>signature</c>,
    /// <c>user</c> before <c>secrets</c>).</summary>
    private static bool Negates(string name, int qualifierStart, int qualifierLength, int start, int length)
        => IsOneOf(name, qualifierStart, qualifierLength, NegatingQualifiers)
           || (IsOneOf(name, qualifierStart, qualifierLength, CursorQualifiers)
               && (IsWord(name, start, length, "token") || IsWord(name, start, length, "tokens")))
           || (IsOneOf(name, qualifierStart, qualifierLength, CodeQualifiers) && IsWord(name, start, length, "signature"))
           // UserSecrets: .NET's store of development secrets (its id, its folder), while a userSecret is one.
           || (IsWord(name, qualifierStart, qualifierLength, "user") && IsWord(name, start, length, "secrets"));

    /// <summary>
    /// Finds the next word of <paramref name="name"/> from <paramref name="position"/>. A word is a run of lower-case
    /// letters after at most one upper-case letter, a run of upper-case letters (an acronym, which leaves its last letter
    /// to the next word when that one continues in lower case), or a run of digits.
    /// </summary>
    internal static bool NextWord(string name, ref int position, out int start, out int length)
    {
        var i = position;
        while (i < name.Length && !char.IsLetterOrDigit(name[i]))
            i++;
        start = i;
        if (i >= name.Length)
        {
            length = 0;
            position = i;
            return false;
        }

        if (char.IsDigit(name[i]))
        {
            while (i < name.Length && char.IsDigit(name[i]))
                i++;
        }
        else if (char.IsUpper(name[i]))
        {
            i++;
            if (i < name.Length && char.IsUpper(name[i]))
            {
                while (i < name.Length && char.IsUpper(name[i]))
                    i++;
                if (i < name.Length && char.IsLower(name[i]) && i - start > 1)
                    i--;
            }
            else
            {
                while (i < name.Length && char.IsLower(name[i]))
                    i++;
            }
        }
        else
        {
            while (i < name.Length && char.IsLower(name[i]))
                i++;
            if (i == start)
                i++;
        }

        length = i - start;
        position = i;
        return true;
    }

    /// <summary>True when the word at <paramref name="start"/> of <paramref name="name"/> is one of <paramref name="words"/>, ignoring case.</summary>
    internal static bool IsOneOf(string name, int start, int length, ImmutableArray<string> words)
    {
        foreach (var word in words)
        {
            if (IsWord(name, start, length, word))
                return true;
        }

        return false;
    }

    /// <summary>True when one of the words of <paramref name="name"/> (split as <see cref="NextWord"/> does) is <paramref name="word"/>.</summary>
    internal static bool ContainsWord(string name, string word)
    {
        var position = 0;
        while (NextWord(name, ref position, out var start, out var length))
        {
            if (IsWord(name, start, length, word))
                return true;
        }

        return false;
    }

    /// <summary>True when the word at <paramref name="start"/> of <paramref name="name"/> is <paramref name="word"/>, ignoring case.</summary>
    internal static bool IsWord(string name, int start, int length, string word)
        => word.Length == length && string.Compare(name, start, word, 0, length, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>
    /// True when one of <paramref name="fragments"/> occurs in <paramref name="name"/> as a whole sequence of words, so
    /// the fragment <c>webhook_key</c> matches <c>MyWebhookKey</c> and <c>X-Webhook-Key</c> but not <c>webhookKeyboard</c>.
    /// </summary>
    internal static bool ContainsFragment(string name, ImmutableArray<string> fragments)
    {
        foreach (var fragment in fragments)
        {
            if (fragment.Length == 0)
                continue;
            var nameStartPosition = 0;
            while (NextWord(name, ref nameStartPosition, out var nameStart, out var nameLength))
            {
                if (MatchesWordsFrom(name, nameStart, fragment))
                    return true;
            }
        }

        return false;
    }

    private static bool MatchesWordsFrom(string name, int nameStart, string fragment)
    {
        var namePosition = nameStart;
        var fragmentPosition = 0;
        var matchedAny = false;
        while (NextWord(fragment, ref fragmentPosition, out var fragmentStart, out var fragmentLength))
        {
            if (!NextWord(name, ref namePosition, out var wordStart, out var wordLength)
                || wordLength != fragmentLength
                || string.Compare(name, wordStart, fragment, fragmentStart, wordLength, StringComparison.OrdinalIgnoreCase) != 0)
            {
                return false;
            }

            matchedAny = true;
        }

        return matchedAny;
    }
}
