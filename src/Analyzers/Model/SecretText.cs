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
        "ntlm", "hmac", "anonymous", "obfuscated", "censored", "notset", "not-set", "unset", "none-set");

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
    /// True for the parameters of an HTTP authentication scheme none of which holds a secret:
    /// <c>MediaBrowser Client="App", Device="App", DeviceId="v3", Version="v3"</c> names the client to a media server that
    /// reads the user's token from another header. A scheme followed by <c>name=value</c> pairs (values plain or quoted),
    /// separated by commas; a pair whose name denotes a secret (<c>Token="…"</c>, <c>oauth_signature="…"</c>) makes it a
    /// credential, and so does a bare token after the scheme (<c>Basic dXNlcjpwYXNz</c>).
    /// </summary>
    public static bool IsAuthParametersWithoutSecret(string value, ActionSecurityOptions? options)
    {
        var i = 0;
        SkipSpaces(value, ref i);
        if (ReadToken(value, ref i) == 0 || i >= value.Length || value[i] != ' ')
            return false;
        while (true)
        {
            SkipSpaces(value, ref i);
            var nameStart = i;
            var nameLength = ReadToken(value, ref i);
            if (nameLength == 0)
                return false;
            SkipSpaces(value, ref i);
            if (i >= value.Length || value[i] != '=')
                return false;
            i++;
            SkipSpaces(value, ref i);
            if (i < value.Length && value[i] == '"')
            {
                var close = i + 1;
                while (close < value.Length && value[close] != '"')
                    close += value[close] == '\\' ? 2 : 1;
                if (close >= value.Length)
                    return false;
                i = close + 1;
            }
            else if (ReadToken(value, ref i) == 0)
            {
                return false;
            }

            var name = value.Substring(nameStart, nameLength);
            if (options is null ? SecretNames.IsSecret(name) : options.IsSecretName(name))
                return false;
            SkipSpaces(value, ref i);
            if (i >= value.Length)
                return true;
            if (value[i] != ',')
                return false;
            i++;
        }

        static void SkipSpaces(string text, ref int index)
        {
            while (index < text.Length && text[index] == ' ')
                index++;
        }

        // An HTTP token, less the characters no scheme or parameter name uses in practice.
        static int ReadToken(string text, ref int index)
        {
            var start = index;
            while (index < text.Length && (char.IsLetterOrDigit(text[index]) || text[index] is '-' or '_' or '.'))
                index++;
            return index - start;
        }
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
        if (IsOneOf(text, Placeholders) || IsMarker(text))
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
    /// A marker that stands in for a secret (what a settings page shows instead of a stored password, and recognises when
    /// it comes back unchanged): a name in capitals (letters and <c>_</c>, digits only at its end), wrapped on both sides
    /// in the same run of two or more symbols, possibly several times (<c>|||%%PREVIOUS_PASSWORD%%|||</c>, <c>__MASKED__</c>, <c>##REDACTED##</c>). No secret
    /// generator writes a value like that.
    /// </summary>
    private static bool IsMarker(string text)
    {
        var start = 0;
        var end = text.Length;
        var wrapped = false;
        while (true)
        {
            var run = 0;
            while (start + run < end && !char.IsLetterOrDigit(text[start + run]) && text[start + run] != ' ')
                run++;
            if (run < 2 || end - start <= 2 * run)
                break;
            var left = text.Substring(start, run);
            var right = text.Substring(end - run, run);
            var mirrored = left.ToCharArray();
            Array.Reverse(mirrored);
            if (right != left && right != new string(mirrored))
                break;
            start += run;
            end -= run;
            wrapped = true;
        }

        if (!wrapped || end - start < 3 || text[start] is < 'A' or > 'Z')
            return false;
        var i = start;
        while (i < end && text[i] is >= 'A' and <= 'Z' or '_')
            i++;
        while (i < end && text[i] is >= '0' and <= '9')
            i++;
        return i == end;
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

        // Digits as whole words between separators (X-Hub-Signature-256) or as a number ending a word (v2, b64,
        // sha256), never inside a word (pa55word, p4ss).
        for (var i = 1; i < value.Length; i++)
        {
            if (char.IsLetter(value[i]) && char.IsDigit(value[i - 1]))
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

    /// <summary>Fewest characters a secret-shaped value has (see <see cref="IsSecretShaped"/>).</summary>
    public const int SecretShapeMinLength = 8;

    /// <summary>Fewest bits of randomness a secret-shaped value carries once its words and numbers are discounted.</summary>
    public const double SecretShapeMinBits = 24;

    /// <summary>
    /// True for a value whose shape is that of a generated secret: at least <see cref="SecretShapeMinLength"/>
    /// characters, not a GUID, and at least <see cref="SecretShapeMinBits"/> bits in the characters that are neither
    /// separators nor part of a word or a number (see <see cref="RandomBits"/>). <c>t0k3n-9f8e7d</c>,
    /// <c>Zk3x9QpL2mN7vB4t</c> and long hex strings are secret-shaped; <c>NUMBER_OF_BYTES-eng</c>,
    /// <c>FFmpeg:novalidation</c>, <c>BusinessUnitConversionInvite</c> and <c>hddvd</c> are not.
    /// </summary>
    public static bool IsSecretShaped(string value)
        => value.Length >= SecretShapeMinLength && value.IndexOf(' ') < 0 && !IsGuid(value) && RandomBits(value) >= SecretShapeMinBits;

    /// <summary>
    /// Estimated bits of randomness in <paramref name="value"/>, counting only the characters that do not belong to a
    /// word or a number. The value is cut into segments at every character that is not a letter or digit, and each
    /// segment into words as identifiers are (<see cref="SecretNames.NextWord"/>). Discounted: words of two or more
    /// letters with a vowel (<c>Provider</c>, <c>mpeg</c>, <c>Is</c>), acronyms of up to five capitals (<c>URL</c>), a
    /// number of up to four digits ending a segment (<c>v2</c>, <c>sha256</c>), a capital with a number of up to four
    /// digits (<c>X509</c>), segments of up to four digits (<c>8859</c>), and longer digit segments count 3.3 bits a digit. Every other character (single letters between digits, vowel-less fragments,
    /// digits inside a word) counts at the bits of the alphabet the value uses: 4 for hex, up to 5.95 for mixed-case
    /// letters and digits. A value of hex digits only (with at least one digit and one letter, twelve or more) counts
    /// every hex digit.
    /// </summary>
    public static double RandomBits(string value)
    {
        bool lower = false, upper = false, digit = false, hexOnly = true;
        var hexCount = 0;
        var hexLetters = false;
        foreach (var c in value)
        {
            if (c is >= 'a' and <= 'z')
                lower = true;
            else if (c is >= 'A' and <= 'Z')
                upper = true;
            else if (c is >= '0' and <= '9')
                digit = true;
            else if (char.IsLetterOrDigit(c))
                return 0; // not ASCII: words in another script, not a generated secret
            else
                continue;

            if (c is >= '0' and <= '9')
            {
                hexCount++;
            }
            else if (c is >= 'a' and <= 'f' or >= 'A' and <= 'F')
            {
                hexCount++;
                hexLetters = true;
            }
            else
            {
                hexOnly = false;
            }
        }

        if (hexOnly && digit && hexLetters && hexCount >= 12 && !(lower && upper))
            return hexCount * 4.0;
        var alphabet = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0);
        if (alphabet == 0)
            return 0;
        var bitsPerChar = Math.Log(alphabet, 2);

        double bits = 0;
        var i = 0;
        while (i < value.Length)
        {
            if (!char.IsLetterOrDigit(value[i]))
            {
                i++;
                continue;
            }

            var segmentStart = i;
            while (i < value.Length && char.IsLetterOrDigit(value[i]))
                i++;
            bits += SegmentBits(value, segmentStart, i, bitsPerChar);
        }

        return bits;
    }

    private static double SegmentBits(string value, int start, int end, double bitsPerChar)
    {
        var allDigits = true;
        for (var k = start; k < end; k++)
        {
            if (!char.IsDigit(value[k]))
            {
                allDigits = false;
                break;
            }
        }

        if (allDigits)
            return end - start <= 4 ? 0 : (end - start) * 3.32;

        var segment = value.Substring(start, end - start);
        double bits = 0;
        var position = 0;
        var previousWasLetters = false;
        var previousBits = 0.0;
        var previousIsCapital = false;
        while (SecretNames.NextWord(segment, ref position, out var wordStart, out var length))
        {
            var isDigits = char.IsDigit(segment[wordStart]);
            double wordBits = 0;
            if (isDigits)
            {
                if (previousIsCapital && length <= 4)
                {
                    // A capital and a number are one name (X509, H264): take back the capital's bits.
                    bits -= previousBits;
                }
                else if (!(previousWasLetters && wordStart + length == segment.Length && length <= 4))
                {
                    wordBits = length * bitsPerChar;
                }
            }
            else if (!IsWordLike(segment, wordStart, length))
            {
                wordBits = length * bitsPerChar;
            }

            bits += wordBits;
            previousWasLetters = !isDigits;
            previousIsCapital = !isDigits && length == 1 && char.IsUpper(segment[wordStart]);
            previousBits = wordBits;
        }

        return bits;
    }

    /// <summary>Common abbreviations without a vowel that identifiers use as words (<c>Https</c>, <c>Db</c>, <c>Xml</c>).</summary>
    internal static readonly ImmutableArray<string> VowellessWords = ImmutableArray.Create(
        "db", "http", "https", "xml", "html", "sql", "cfg", "msg", "btn", "img", "src", "dst", "str", "ctx", "pkg", "lib",
        "tmp", "cmd", "std", "sdk", "dll", "js", "css", "svg", "png", "jpg", "pdf", "mvc", "crm", "cms", "px", "pt", "ms",
        "ns", "nth", "rtl", "ltr", "tv", "dvd", "mp", "bg", "fg", "nr", "qty", "pwd", "mfa", "sms", "ssl", "tls", "dns",
        "ftp", "smtp", "tcp", "jwt", "mb", "kb", "gb", "hd", "sd", "hdr", "cb", "ws", "wss", "grpc", "rpc", "kv");

    /// <summary>A word of an identifier or of a language: two or more letters with a vowel, an acronym of two to five capitals, or a common vowel-less abbreviation.</summary>
    private static bool IsWordLike(string text, int start, int length)
    {
        if (length < 2)
            return false;
        foreach (var word in VowellessWords)
        {
            if (word.Length == length && string.Compare(text, start, word, 0, length, StringComparison.OrdinalIgnoreCase) == 0)
                return true;
        }

        var allUpper = true;
        var vowel = false;
        for (var k = start; k < start + length; k++)
        {
            var c = text[k];
            if (!char.IsUpper(c))
                allUpper = false;
            if (char.ToLowerInvariant(c) is 'a' or 'e' or 'i' or 'o' or 'u' or 'y')
                vowel = true;
        }

        return vowel || (allUpper && length <= 5);
    }

    /// <summary>
    /// True for a path of names rather than a value: two or more segments joined by <c>.</c>, <c>:</c> or <c>/</c>
    /// (<c>Account.Login.Fields.Password</c>, <c>store:mongoDB:valueRepresentation</c>, <c>WM/ParentalRating</c>), or
    /// by <c>-</c> or <c>_</c> when every segment starts with a capital (<c>X-GitHub-Hook-ID</c>,
    /// <c>MS_WebHookDisableHttps</c>), whose words and numbers leave at most one stray character. A leading <c>/</c>
    /// or <c>~/</c> is allowed (<c>/connect/token</c>).
    /// <c>open-sesame</c> (lower-case words joined by dashes) stays a possible passphrase.
    /// </summary>
    public static bool IsIdentifierPath(string value)
    {
        // A route or resource path may start at the root: /connect/token, ~/api/keys.
        if (value.StartsWith("~/", StringComparison.Ordinal))
            value = value.Substring(2);
        else if (value.StartsWith("/", StringComparison.Ordinal))
            value = value.Substring(1);
        if (value.Length < 3 || value.Length > 256 || !char.IsLetter(value[0]))
            return false;
        var pathSeparators = 0;
        var otherSeparators = 0;
        var segmentStartsUpper = true;
        var atSegmentStart = true;
        foreach (var c in value)
        {
            if (c is '.' or ':' or '/')
            {
                pathSeparators++;
                atSegmentStart = true;
                continue;
            }

            if (c is '-' or '_')
            {
                otherSeparators++;
                atSegmentStart = true;
                continue;
            }

            if (!char.IsLetterOrDigit(c))
                return false;
            if (atSegmentStart && !char.IsUpper(c))
                segmentStartsUpper = false;
            atSegmentStart = false;
        }

        if (pathSeparators == 0 && (otherSeparators == 0 || !segmentStartsUpper))
            return false;
        return RandomBits(value) < 7;
    }

    /// <summary>True for an absolute URL that carries no credential: no user information and no query string.</summary>
    public static bool IsUrlWithoutCredentials(string value)
    {
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0 || scheme > 12 || value.IndexOf(' ') >= 0)
            return false;
        for (var k = 0; k < scheme; k++)
        {
            if (!(char.IsLetterOrDigit(value[k]) || value[k] is '+' or '-' or '.'))
                return false;
        }

        var authorityEnd = value.IndexOf('/', scheme + 3);
        var at = value.IndexOf('@', scheme + 3);
        if (at >= 0 && (authorityEnd < 0 || at < authorityEnd))
            return false;
        return value.IndexOf('?') < 0 && value.IndexOf('#') < 0;
    }

    /// <summary>
    /// True when <paramref name="value"/> spells <paramref name="name"/>: the same letters and digits, ignoring case
    /// and separators, possibly without a final <c>Key</c>, <c>Name</c> or <c>Id</c> word
    /// (<c>ManageResetPassword = "manageresetpassword"</c>, <c>EnablePasswordLogin = "enable-password-login"</c>,
    /// <c>HostWebClientKey = "hostwebclient"</c>). Such a value is the name of something, not a secret.
    /// </summary>
    public static bool SpellsName(string value, string? name)
    {
        if (name is null || name.Length == 0)
            return false;
        int i = 0, j = 0, matched = 0;
        while (true)
        {
            while (i < value.Length && !char.IsLetterOrDigit(value[i]))
                i++;
            while (j < name.Length && !char.IsLetterOrDigit(name[j]))
                j++;
            if (i >= value.Length || j >= name.Length)
                return i >= value.Length && matched >= 3 && (j >= name.Length || IsNameSuffix(name, j));
            if (char.ToLowerInvariant(value[i]) != char.ToLowerInvariant(name[j]))
                return false;
            i++;
            j++;
            matched++;
        }
    }

    /// <summary>True when what is left of <paramref name="name"/> from <paramref name="start"/> is the word <c>Key</c>, <c>Name</c> or <c>Id</c> (<c>HostWebClientKey = "hostwebclient"</c>).</summary>
    private static bool IsNameSuffix(string name, int start)
    {
        var rest = name.Substring(start).TrimEnd('_');
        return rest.Length > 0 && char.IsUpper(rest[0]) && rest is "Key" or "Keys" or "Name" or "Id" or "ID";
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
