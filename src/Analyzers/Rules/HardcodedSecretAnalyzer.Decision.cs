using System;
using System.Collections.Immutable;
using ActionSecurity.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace ActionSecurity.Analyzers.Rules;

/// <summary>
/// AS0001's decision on names and values: which names are ambiguous (<c>token</c>, <c>key</c>) and need a secret-shaped
/// value, which values are never secrets (placeholders, prose, key names, identifier codes), and the decision for one
/// configuration-file entry. The other part of the class follows the literal to where it goes.
/// </summary>
public sealed partial class HardcodedSecretAnalyzer
{
    private const int MinSecretLength = 3;

    /// <summary>True when one of the configured <c>excluded_names</c> fragments occurs in <paramref name="name"/>.</summary>
    internal static bool IsExcluded(string name, ActionSecurityOptions options)
        => !options.ExcludedNames.IsDefaultOrEmpty && SecretNames.ContainsFragment(name, options.ExcludedNames);

    /// <summary>Secret words that also name things that are not secrets: a lexer or format token, a method or file signature.</summary>
    internal static readonly ImmutableArray<string> AmbiguousSecretWords = ImmutableArray.Create("token", "tokens", "signature", "signatures", "sig");

    /// <summary>Words before an ambiguous secret word that make it a credential (<c>accessToken</c>, <c>webhookSignature</c>).</summary>
    internal static readonly ImmutableArray<string> CredentialQualifiers = ImmutableArray.Create(
        "access", "refresh", "bearer", "api", "app", "application", "auth", "oauth", "secret", "security", "client", "bot",
        "webhook", "webhooks", "hook", "verification", "verify", "personal", "private", "master", "admin", "session", "id",
        "jwt", "sas", "pat", "github", "gitlab", "slack", "discord", "telegram", "npm", "nuget", "hub", "integration",
        "service", "user", "login", "signing", "shared", "request", "hmac", "csrf", "xsrf", "antiforgery", "push", "device",
        "reset", "invite", "invitation", "confirmation", "registration", "unsubscribe", "magic", "one", "otp");

    /// <summary>
    /// True for a secret name whose only secret word is ambiguous (<c>token</c>, <c>Token</c>, <c>stubToken</c>,
    /// <c>signature</c>) without a word that makes it a credential before it (<c>accessToken</c>, <c>apiToken</c>) and
    /// without an unambiguous secret word anywhere (<c>password</c>, <c>secret</c>, <c>apiKey</c>). Names from
    /// <c>secret_names</c> are never ambiguous.
    /// </summary>
    internal static bool IsAmbiguousSecretName(string name, ActionSecurityOptions options)
    {
        if (!options.ExtraSecretNames.IsDefaultOrEmpty && SecretNames.ContainsFragment(name, options.ExtraSecretNames))
            return false;
        var ambiguous = false;
        int previousStart = -1, previousLength = 0;
        var position = 0;
        while (SecretNames.NextWord(name, ref position, out var start, out var length))
        {
            if (SecretNames.IsOneOf(name, start, length, AmbiguousSecretWords))
            {
                if (previousStart >= 0 && SecretNames.IsOneOf(name, previousStart, previousLength, CredentialQualifiers))
                    return false;
                ambiguous = true;
            }
            else if (SecretNames.IsOneOf(name, start, length, SecretNames.SecretWords))
            {
                return false;
            }
            else if ((SecretNames.IsWord(name, start, length, "key") || SecretNames.IsWord(name, start, length, "keys"))
                     && previousStart >= 0 && SecretNames.IsOneOf(name, previousStart, previousLength, SecretNames.KeyQualifiers))
            {
                return false;
            }

            previousStart = start;
            previousLength = length;
        }

        return ambiguous;
    }

    /// <summary>
    /// A localization or resource key: three or more names joined by dots (<c>Account.Login.Fields.Password</c>). The
    /// value stored under it is a text for people (<c>"Passwort"</c>), so it counts only when it is secret-shaped.
    /// </summary>
    internal static bool IsResourceKey(string key)
    {
        var dots = 0;
        foreach (var c in key)
        {
            if (c == '.')
                dots++;
            else if (c is ':' or '/' or ' ')
                return false;
        }

        return dots >= 2 && SecretText.IsIdentifierPath(key);
    }

    /// <summary>Secret shape for an ambiguous name: a credential format, or <see cref="SecretText.IsSecretShaped"/>.</summary>
    internal static bool HasSecretShape(string value)
        => SecretText.IsSecretShaped(value) || CredentialFormats.Match(value) is not null;

    /// <summary>
    /// Names like <c>key</c>, <c>Key</c> or <c>stripeKey</c>: a key that may be a secret or a lookup key. Only a
    /// secret-shaped value makes them a secret (see <see cref="HasSecretShape"/>).
    /// </summary>
    internal static bool IsAmbiguousKeyName(string name)
    {
        var position = 0;
        int lastStart = -1, lastLength = 0, previousStart = -1, previousLength = 0;
        while (SecretNames.NextWord(name, ref position, out var start, out var length))
        {
            if (char.IsDigit(name[start]))
                continue;
            previousStart = lastStart;
            previousLength = lastLength;
            lastStart = start;
            lastLength = length;
        }

        if (lastStart < 0 || !SecretNames.IsWord(name, lastStart, lastLength, "key"))
            return false;
        if (previousStart < 0)
            return true;
        return !SecretNames.IsOneOf(name, previousStart, previousLength, NonSecretKeyQualifiers);
    }

    /// <summary>Words before <c>Key</c> that make it a lookup or public key, never a secret.</summary>
    internal static readonly ImmutableArray<string> NonSecretKeyQualifiers = ImmutableArray.Create(
        "public", "cache", "partition", "row", "sort", "foreign", "lookup", "map", "dictionary", "composite", "unique",
        "index", "idempotency", "primary", "sorting", "group", "route", "resource", "entity", "object", "registry",
        "setting", "settings", "config", "configuration", "section", "env", "environment", "header", "claim", "query",
        "storage", "state", "session", "item", "translation", "localization", "message", "label", "hot", "short", "menu",
        "node", "tree", "hash", "sequence", "s3", "blob", "file", "bucket", "distinct", "dedup", "ordering", "publishable",
        "site", "validation", "option", "options", "feature", "flag", "toggle", "property", "field", "column", "table", "tag",
        "json", "xml", "attribute", "dictionary", "name", "value", "type", "event", "command", "action", "check", "path",
        "url", "host", "culture", "language", "locale", "text", "string", "resx");

    /// <summary>
    /// Words that, ending a secret-ish name, make it name a state or an event about a secret rather than the secret
    /// (<c>SecretLogged</c>, <c>AuthFailureStatus</c>, <c>FailOpenSecretCheck</c>). AS0001 only; the shared
    /// <see cref="SecretNames"/> vocabulary is unchanged.
    /// </summary>
    internal static readonly ImmutableArray<string> StateWords = ImmutableArray.Create(
        "status", "state", "check", "checks", "logged", "failure", "failed", "error", "errors", "result", "comparison",
        "validation", "missing", "exception", "event", "events", "issued", "revoked", "rotation", "rotated", "reset",
        "changed", "expired", "required", "invalid", "valid", "mismatch");

    internal static bool EndsWithStateWord(string name)
    {
        var position = 0;
        int lastStart = -1, lastLength = 0;
        while (SecretNames.NextWord(name, ref position, out var start, out var length))
        {
            lastStart = start;
            lastLength = length;
        }

        return lastStart >= 0 && SecretNames.IsOneOf(name, lastStart, lastLength, StateWords);
    }

    /// <summary>
    /// True when the value is a word of the name of the type that declares it, or of that type's namespace
    /// (<c>Password = "deluge"</c> in <c>DelugeSettings</c>): the product's own name, its published default password,
    /// shipped as the default of a settings form. Anyone can guess it, so it is no secret of the project.
    /// </summary>
    internal static bool NamesOwner(string value, ISymbol? symbol)
    {
        if (value.Length < 3)
            return false;
        foreach (var c in value)
        {
            if (!char.IsLetterOrDigit(c))
                return false;
        }

        for (var type = symbol as INamedTypeSymbol ?? symbol?.ContainingType; type is not null; type = type.ContainingType)
        {
            if (SecretNames.ContainsWord(type.Name, value))
                return true;
        }

        var ns = symbol?.ContainingNamespace;
        return ns is { IsGlobalNamespace: false } && SecretNames.ContainsWord(ns.Name, value);
    }

    /// <summary>Identifier codes such as diagnostic ids and error codes (<c>AS0001</c>, <c>ERR42</c>): capitals then digits.</summary>
    internal static bool IsIdentifierCode(string value)
    {
        var i = 0;
        while (i < value.Length && value[i] is >= 'A' and <= 'Z')
            i++;
        var letters = i;
        while (i < value.Length && value[i] is >= '0' and <= '9')
            i++;
        var digits = i - letters;
        return i == value.Length && letters is >= 1 and <= 4 && digits is >= 2 and <= 6;
    }

    internal static bool IsBlank(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsWhiteSpace(c))
                return false;
        }

        return true;
    }

    /// <summary>
    /// True when a value that goes somewhere secret is itself a secret and not the text around one: not a placeholder,
    /// prose, a format string, a reference or a key name. <paramref name="strict"/> (key and credential sinks) only
    /// rejects blank values.
    /// </summary>
    internal static bool IsSecretValue(string value, bool strict, ActionSecurityOptions? options, bool keyNamesAreSecrets = false, string? name = null)
    {
        if (IsBlank(value))
            return false;
        if (strict)
            return true;
        if (value.Length < MinSecretLength || SecretText.IsPlaceholder(value) || SecretText.IsReference(value)
            || SecretText.IsNaturalLanguage(value) || SecretText.IsFormatString(value) || IsIdentifierCode(value)
            || CredentialFormats.IsPublicByDesign(value) || SecretText.IsUrlWithoutCredentials(value)
            || SecretText.IsAuthParametersWithoutSecret(value, options))
        {
            return false;
        }

        // In code, a value that reads as a name is one: a key or header name, a path of identifiers, or the name of the
        // symbol it is assigned to spelled another way. In a configuration file the value is what the app will use.
        if (!keyNamesAreSecrets
            && (SecretText.LooksLikeKeyName(value, options) || SecretText.IsIdentifierPath(value) || SecretText.SpellsName(value, name)))
        {
            return false;
        }

        return true;
    }

    /// <summary>
    /// The decision for one configuration value. <paramref name="developmentOnly"/>: the file only runs on a developer's
    /// machine (<see cref="ConfigFiles.IsDevelopmentOnly"/>), where local-only connection strings are not secrets.
    /// </summary>
    internal static bool IsConfigSecret(ConfigEntry entry, ActionSecurityOptions options, bool developmentOnly = false)
    {
        var value = entry.Value;
        if (IsBlank(value) || SecretText.IsReference(value) || CredentialFormats.IsPublicByDesign(value))
            return false;
        if (developmentOnly && !options.ReportLocalConnectionStrings && CredentialFormats.IsLocalOnlyConnectionString(value))
            return false;

        // An excluded section or key silences everything under it: a JSON file has no #pragma.
        if (IsExcluded(entry.Path, options))
            return false;
        if (CredentialFormats.Match(value) is not null)
            return true;
        if (CredentialFormats.GetConnectionStringSecretKey(value) is not null)
            return true;
        if (entry.IsConnectionString || SecretNames.NamesDigest(entry.Name))
            return false;
        if (options.IsSecretName(entry.Name))
        {
            if (!IsSecretValue(value, strict: false, options, keyNamesAreSecrets: true) || IsNonSecretSetting(value))
                return false;
            return !IsAmbiguousSecretName(entry.Name, options) || HasSecretShape(value) || HasSecretSection(entry.Path);
        }

        if (IsAmbiguousKeyName(entry.Name))
            return IsSecretValue(value, strict: false, options, keyNamesAreSecrets: true) && (HasSecretShape(value) || HasSecretSection(entry.Path));
        return false;
    }

    /// <summary>Setting values that are clearly switches or addresses rather than secrets (<c>true</c>, <c>https://…</c>, numbers).</summary>
    private static bool IsNonSecretSetting(string value)
    {
        if (bool.TryParse(value, out _) || double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) && value.Length < 8)
            return true;
        return (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
               && value.IndexOf('@') < 0 && value.IndexOf('?') < 0;
    }

    /// <summary>A <c>Key</c> under a section about signing or authentication (<c>Jwt:Key</c>, <c>Authentication:Hmac:Key</c>).</summary>
    private static bool HasSecretSection(string path)
    {
        var position = 0;
        while (SecretNames.NextWord(path, ref position, out var start, out var length))
        {
            if (SecretNames.IsOneOf(path, start, length, SecretSections))
                return true;
        }

        return false;
    }

    private static readonly ImmutableArray<string> SecretSections = ImmutableArray.Create(
        "jwt", "jwtbearer", "auth", "authentication", "signing", "hmac", "webhook", "webhooks", "encryption", "crypto", "security");
}
