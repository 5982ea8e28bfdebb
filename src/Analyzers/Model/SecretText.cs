using System;
using System.Collections.Immutable;

namespace ActionSecurity.Analyzers.Model;

/// <summary>
/// What a string value looks like: random enough to be a credential, prose, a placeholder, a reference to a secret
/// kept elsewhere, or the name of a key. Used by AS0001 to tell a hard-coded secret from the text around secrets.
/// Pure; no Regex.
/// </summary>
internal static class SecretText
{
    /// <summary>Minimum Shannon entropy, in bits per character, of a value that counts as random.</summary>
    public const double HighEntropyBitsPerChar = 3.5;

    /// <summary>Minimum length of a value that can count as random by entropy alone.</summary>
    public const int HighEntropyMinLength = 16;

    /// <summary>
    /// Whole values that are documentation placeholders, not secrets (compared case-insensitively after trimming and
    /// removing surrounding <c>&lt;&gt;</c>, <c>[]</c>, <c>{}</c>, <c>()</c>). "changeme" is deliberately absent: it is a
    /// weak real secret.
    /// </summary>
    internal static readonly ImmutableArray<string> Placeholders = ImmutableArray.Create(
        "null", "none", "undefined", "nil", "empty", "n/a", "na", "tbd", "todo", "fixme", "placeholder", "dummy",
        "example", "sample", "redacted", "removed", "hidden", "masked", "secret", "password", "token", "apikey", "api-key",
        "api_key", "key", "value", "string", "true", "false", "default", "test", "basic", "bearer", "digest", "negotiate",
        "ntlm", "hmac", "anonymous");

    /// <summary>Words that mark a placeholder when a value is built around them (<c>your-secret</c>, <c>my_api_key_here</c>).</summary>
    internal static readonly ImmutableArray<string> PlaceholderWords = ImmutableArray.Create(
        "your", "yours", "here", "insert", "replace", "enter", "put", "placeholder", "redacted", "xxx", "xxxx");

    /// <summary>Common English function and interface words; a value of several words containing one is prose.</summary>
    internal static readonly ImmutableArray<string> FunctionWords = ImmutableArray.Create(
        "a", "an", "the", "is", "are", "was", "be", "been", "not", "no", "your", "you", "my", "our", "their", "its", "it",
        "this", "that", "these", "of", "to", "in", "on", "for", "with", "and", "or", "but", "at", "by", "from", "as",
        "what", "which", "who", "how", "when", "where", "why", "please", "enter", "must", "should", "can", "cannot",
        "could", "will", "would", "invalid", "missing", "required", "failed", "wrong", "incorrect", "does", "do", "did",
        "has", "have", "had", "if", "than", "then", "there", "too", "very", "least", "most", "characters");

    /// <summary>Shannon entropy of the characters of <paramref name="value"/>, in bits per character.</summary>
    public static double Entropy(string value)
    {
        if (value.Length == 0)
            return 0;

        // Values are short; count with a small open-addressed table over the UTF-16 code units.
        var counts = new int[128];
        var others = 0;
        var distinctOthers = new System.Collections.Generic.Dictionary<char, int>();
        foreach (var c in value)
        {
            if (c < 128)
            {
                counts[c]++;
            }
            else
            {
                others++;
                distinctOthers.TryGetValue(c, out var n);
                distinctOthers[c] = n + 1;
            }
        }

        double entropy = 0;
        double length = value.Length;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = count / length;
                entropy -= p * Math.Log(p, 2);
            }
        }

        if (others > 0)
        {
            foreach (var pair in distinctOthers)
            {
                var p = pair.Value / length;
                entropy -= p * Math.Log(p, 2);
            }
        }

        return entropy;
    }

    /// <summary>Number of distinct characters in <paramref name="value"/> from <paramref name="start"/>.</summary>
    public static int DistinctCharacters(string value, int start = 0)
    {
        var seen = new bool[128];
        var distinct = 0;
        var nonAscii = 0;
        for (var i = start; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 128)
            {
                nonAscii++;
                continue;
            }

            if (!seen[c])
            {
                seen[c] = true;
                distinct++;
            }
        }

        return distinct + Math.Min(nonAscii, 1);
    }

    /// <summary>
    /// True for a value that looks randomly generated: long enough, no spaces, enough entropy, and a mix of character
    /// classes (a long lower-case word or a GUID does not count).
    /// </summary>
    public static bool IsHighEntropy(string value)
    {
        if (value.Length < HighEntropyMinLength || value.IndexOf(' ') >= 0 || IsGuid(value))
            return false;
        int lower = 0, upper = 0, digits = 0, symbols = 0;
        foreach (var c in value)
        {
            if (c is >= 'a' and <= 'z')
                lower++;
            else if (c is >= 'A' and <= 'Z')
                upper++;
            else if (c is >= '0' and <= '9')
                digits++;
            else
                symbols++;
        }

        // Letters with separators only (cache_user_profile) or PascalCase words (ThisIsMySigningKey) are identifiers,
        // not random: random text mixes digits with letters, or upper with lower case inside words.
        if (digits == 0 && (upper == 0 || lower == 0 || IsWordCased(value)))
            return false;
        if (lower + upper == 0)
            return false;

        // Hex strings carry at most four bits per character; accept them at a lower bar when long.
        var isHex = symbols == 0 && (upper == 0 || lower == 0) && IsHex(value);
        if (isHex)
            return value.Length >= 32 && Entropy(value) >= 3.0;
        return Entropy(value) >= HighEntropyBitsPerChar;
    }

    /// <summary>True when every upper-case letter starts a word: it follows a non-letter or a lower-case letter and is followed by a lower-case letter or the end.</summary>
    private static bool IsWordCased(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (!char.IsUpper(value[i]))
                continue;
            var next = i + 1 < value.Length ? value[i + 1] : ' ';
            if (char.IsUpper(next) || char.IsDigit(next))
                return false;
        }

        return true;
    }

    private static bool IsHex(string value)
    {
        foreach (var c in value)
        {
            if (!(c is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F'))
                return false;
        }

        return true;
    }

    /// <summary>True for a GUID in its usual 36-character form, with or without braces.</summary>
    public static bool IsGuid(string value)
    {
        var s = value.Length == 38 && value[0] == '{' && value[37] == '}' ? value.Substring(1, 36) : value;
        if (s.Length != 36)
            return false;
        for (var i = 0; i < s.Length; i++)
        {
            var dash = i is 8 or 13 or 18 or 23;
            if (dash ? s[i] != '-' : !(s[i] is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F'))
                return false;
        }

        return true;
    }

    /// <summary>
    /// True for prose: several words separated by spaces, mostly letters, that either end like a sentence or contain a
    /// common English function or interface word ("Please enter your password", "What is your favourite colour").
    /// "correct horse battery staple" is not prose by this test, and stays a passphrase.
    /// </summary>
    public static bool IsNaturalLanguage(string value)
    {
        var text = value.Trim();
        if (text.IndexOf(' ') < 0)
            return false;
        int letters = 0, others = 0, words = 0;
        var functionWord = false;
        var position = 0;
        while (position < text.Length)
        {
            while (position < text.Length && text[position] == ' ')
                position++;
            var start = position;
            while (position < text.Length && text[position] != ' ')
            {
                var c = text[position];
                if (char.IsLetter(c))
                    letters++;
                else if (c is not ('\'' or ',' or '.' or '?' or '!' or ':' or ';' or '-'))
                    others++;
                position++;
            }

            if (position > start)
            {
                words++;
                var word = TrimPunctuation(text, start, position);
                if (word.Length > 0 && IsOneOf(word, FunctionWords))
                    functionWord = true;
            }
        }

        if (words < 2 || letters < 2 * others + 4)
            return false;
        var last = text[text.Length - 1];
        return functionWord || last is '.' or '?' or '!' or ':';
    }

    private static string TrimPunctuation(string text, int start, int end)
    {
        while (start < end && !char.IsLetterOrDigit(text[start]))
            start++;
        while (end > start && !char.IsLetterOrDigit(text[end - 1]))
            end--;
        return text.Substring(start, end - start);
    }

    /// <summary>
    /// True for a documented placeholder: a word from <see cref="Placeholders"/> (possibly in angle brackets or braces),
    /// a value made of one repeated character (<c>xxxxxxxx</c>, <c>********</c>), or a value built around a placeholder
    /// word (<c>&lt;your-secret&gt;</c>, <c>YOUR_API_KEY_HERE</c>, <c>{{secret}}</c>).
    /// </summary>
    public static bool IsPlaceholder(string value)
    {
        var text = value.Trim();
        if (text.Length == 0)
            return true;
        if (text.Length >= 2 && (text[0], text[text.Length - 1]) is ('<', '>') or ('[', ']') or ('{', '}') or ('(', ')'))
            return true;
        if (DistinctCharacters(text) == 1 && text.Length > 1)
            return true;
        if (IsOneOf(text, Placeholders))
            return true;

        var position = 0;
        while (SecretNames.NextWord(text, ref position, out var start, out var length))
        {
            var word = text.Substring(start, length);
            if (IsOneOf(word, PlaceholderWords))
                return true;
            if (word.Length >= 3 && DistinctCharacters(word) == 1 && (word[0] is 'x' or 'X'))
                return true;
        }

        return false;
    }

    /// <summary>
    /// True for a value that is a reference to a secret kept elsewhere rather than the secret: Key Vault references,
    /// <c>${VAR}</c>, <c>$(Var)</c>, <c>%VAR%</c>, <c>#{Var}#</c>, <c>{{ var }}</c> and <c>env:</c>/<c>vault:</c>-style URIs.
    /// </summary>
    public static bool IsReference(string value)
    {
        var text = value.Trim();
        if (text.Length == 0)
            return true;
        if (text.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
            return true;
        if (text.StartsWith("${", StringComparison.Ordinal) || text.StartsWith("$(", StringComparison.Ordinal)
            || text.StartsWith("#{", StringComparison.Ordinal) || text.StartsWith("{{", StringComparison.Ordinal))
        {
            return true;
        }

        if (text.Length > 2 && text[0] == '%' && text[text.Length - 1] == '%')
            return true;
        return text.StartsWith("env:", StringComparison.OrdinalIgnoreCase)
               || text.StartsWith("vault:", StringComparison.OrdinalIgnoreCase)
               || text.StartsWith("keyvault:", StringComparison.OrdinalIgnoreCase)
               || text.StartsWith("secretsmanager:", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// True for a value that merely names a key: an identifier or configuration path with no spaces that contains a
    /// secret word and is made of letters only, or of letters and digits joined by separators (<c>Auth:Password</c>,
    /// <c>ACTION_SECRET</c>, <c>X-Hub-Signature-256</c>, <c>ApiKey</c>). <c>Password123</c> and <c>s3cr3t</c> are not key names.
    /// </summary>
    public static bool LooksLikeKeyName(string value, ActionSecurityOptions? options = null)
    {
        if (value.Length == 0 || value.Length > 128 || !char.IsLetter(value[0]))
            return false;
        var separators = 0;
        var digits = 0;
        foreach (var c in value)
        {
            if (c is ':' or '_' or '-' or '.' or '/')
                separators++;
            else if (char.IsDigit(c))
                digits++;
            else if (!char.IsLetter(c))
                return false;
        }

        if (digits > 0 && separators == 0)
            return false;
        if (!ContainsSecretWord(value, options))
            return false;

        // Digits only as whole words between separators (X-Hub-Signature-256), never glued to letters (pa55word).
        for (var i = 1; i < value.Length; i++)
        {
            if ((char.IsDigit(value[i]) && char.IsLetter(value[i - 1])) || (char.IsLetter(value[i]) && char.IsDigit(value[i - 1])))
                return false;
        }

        return true;
    }

    /// <summary>True when one of the words of <paramref name="value"/> alone, or the whole value, denotes a secret.</summary>
    public static bool ContainsSecretWord(string value, ActionSecurityOptions? options = null)
    {
        if (options is null ? SecretNames.IsSecret(value) : options.IsSecretName(value))
            return true;
        var position = 0;
        while (SecretNames.NextWord(value, ref position, out var start, out var length))
        {
            foreach (var word in SecretNames.SecretWords)
            {
                if (word.Length == length && string.Compare(value, start, word, 0, length, StringComparison.OrdinalIgnoreCase) == 0)
                    return true;
            }

            if (length == 3 && string.Compare(value, start, "key", 0, 3, StringComparison.OrdinalIgnoreCase) == 0)
                return true;
        }

        return false;
    }

    /// <summary>True for a composite format or template string: <c>{0}</c>, <c>{name}</c> or <c>{{name}}</c> holes.</summary>
    public static bool IsFormatString(string value)
    {
        var open = value.IndexOf('{');
        while (open >= 0 && open + 1 < value.Length)
        {
            var close = value.IndexOf('}', open + 1);
            if (close < 0)
                return false;
            var inner = value.Substring(open + 1, close - open - 1).Trim('{', ' ');
            if (inner.Length > 0 && inner.Length <= 40 && (char.IsLetterOrDigit(inner[0]) || inner[0] == '_'))
            {
                var ok = true;
                foreach (var c in inner)
                {
                    if (!(char.IsLetterOrDigit(c) || c is '_' or ':' or ',' or '.' or '-' or ' '))
                    {
                        ok = false;
                        break;
                    }
                }

                if (ok)
                    return true;
            }

            open = value.IndexOf('{', close);
        }

        return false;
    }

    private static bool IsOneOf(string value, ImmutableArray<string> words)
    {
        foreach (var word in words)
        {
            if (string.Equals(value, word, StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return false;
    }
}
