using System;
using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace ActionSecurity.Analyzers.Model;

/// <summary>One well-known credential format: a cheap anchor that must occur, then a pattern that must match.</summary>
internal sealed class CredentialFormat
{
    /// <summary>
    /// A guard against pathological input, not a budget: the timeout is wall-clock time, so on a loaded machine (a CI
    /// agent, an IDE busy elsewhere) a short one made ordinary matches time out and credentials went unreported at
    /// random. The patterns are anchored and linear; one second is never reached by a real match.
    /// </summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    public CredentialFormat(string id, string description, string storeName, string anchor, string pattern, int minDistinctCharacters = 8)
    {
        Id = id;
        StoreName = storeName;
        Description = description;
        Anchor = anchor;
        Anchors = ImmutableArray.Create(anchor.Split('|'));
        Pattern = pattern;
        MinDistinctCharacters = minDistinctCharacters;
        Regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, MatchTimeout);
    }

    /// <summary>Stable id used in docs and tests (<c>github-classic</c>).</summary>
    public string Id { get; }

    /// <summary>What the format is, for the docs and the diagnostic message.</summary>
    public string Description { get; }

    /// <summary>The name the fix gives the secret in the store when no symbol or key names it (<c>GitHubToken</c>).</summary>
    public string StoreName { get; }

    /// <summary>
    /// Ordinal substrings separated by <c>|</c>, one of which every match contains; values without any of them are
    /// skipped without running the pattern.
    /// </summary>
    public string Anchor { get; }

    public ImmutableArray<string> Anchors { get; }

    public string Pattern { get; }

    /// <summary>
    /// Documentation placeholders such as <c>ghp_xxxxxxxx…</c> match the pattern but repeat a few characters; a match
    /// needs at least this many distinct characters in its random part (the group named <c>body</c>).
    /// </summary>
    public int MinDistinctCharacters { get; }

    public Regex Regex { get; }
}

/// <summary>
/// The data-driven list of credential formats AS0001 recognises in any string literal and any configuration value,
/// whatever name it is assigned to. docs/rules/AS0001.md lists the same table; a unit test keeps them in step.
/// </summary>
internal static class CredentialFormats
{
    /// <summary>The AWS documentation's example keys; they match the format but are published placeholders.</summary>
    private const string AwsExampleSuffix = "EXAMPLE";

    /// <summary>The Azure Storage emulator (Azurite) account key, published in Microsoft's documentation.</summary>
    internal const string StorageEmulatorAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static readonly ImmutableArray<CredentialFormat> All = ImmutableArray.Create(
        new CredentialFormat("aws-access-key-id", "AWS access key id", "AwsAccessKeyId", "AKIA|ASIA|ABIA|ACCA",
            @"(?<![A-Z0-9])(AKIA|ASIA|ABIA|ACCA)(?<body>[A-Z2-7]{16})(?![A-Z0-9])", 6),
        new CredentialFormat("github-classic", "GitHub token", "GithubToken", "ghp_|gho_|ghu_|ghs_|ghr_",
            @"(?<![A-Za-z0-9_])gh[pousr]_(?<body>[A-Za-z0-9]{36})(?![A-Za-z0-9_])"),
        new CredentialFormat("github-fine-grained", "GitHub fine-grained personal access token", "GithubToken", "github_pat_",
            @"github_pat_(?<body>[A-Za-z0-9_]{60,255})"),
        new CredentialFormat("slack-token", "Slack token", "SlackToken", "xox",
            @"(?<![A-Za-z0-9])xox[abposr]-(?<body>[0-9]{6,}-[0-9A-Za-z-]{8,})"),
        new CredentialFormat("slack-webhook", "Slack incoming webhook URL", "SlackWebhookUrl", "hooks.slack.com/",
            @"https://hooks\.slack\.com/(services|workflows|triggers)/(?<body>T[0-9A-Z]{6,}/[0-9A-Za-z]{6,}/[0-9A-Za-z]{16,})"),
        new CredentialFormat("stripe-secret-key", "Stripe live secret key", "StripeSecretKey", "sk_live_",
            @"(?<![A-Za-z0-9])sk_live_(?<body>[0-9A-Za-z]{20,247})"),
        new CredentialFormat("stripe-restricted-key", "Stripe live restricted key", "StripeRestrictedKey", "rk_live_",
            @"(?<![A-Za-z0-9])rk_live_(?<body>[0-9A-Za-z]{20,247})"),
        new CredentialFormat("stripe-webhook-secret", "Stripe webhook signing secret", "StripeWebhookSecret", "whsec_",
            @"(?<![A-Za-z0-9])whsec_(?<body>[0-9A-Za-z+/=]{24,})"),
        new CredentialFormat("google-api-key", "Google API key", "GoogleApiKey", "AIza",
            @"(?<![A-Za-z0-9])AIza(?<body>[0-9A-Za-z_\-]{35})(?![A-Za-z0-9_\-])"),
        new CredentialFormat("azure-storage-account-key", "Azure Storage account key in a connection string", "StorageConnectionString", "AccountKey=",
            @"AccountKey=(?<body>[A-Za-z0-9+/]{80,100}={0,2})"),
        new CredentialFormat("pem-private-key", "PEM private key block", "PrivateKey", "PRIVATE KEY",
            @"-----BEGIN (RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY( BLOCK)?-----\s*([A-Za-z][A-Za-z-]*:[^\n]*\n\s*)*(?<body>[A-Za-z0-9+/]{4,})", 3),
        new CredentialFormat("jwt", "JSON Web Token with a signature", "Jwt", "eyJ",
            @"(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{4,}\.(?<body>[A-Za-z0-9_\-]{16,})"),
        new CredentialFormat("sendgrid-api-key", "SendGrid API key", "SendGridApiKey", "SG.",
            @"(?<![A-Za-z0-9])SG\.[A-Za-z0-9_\-]{22}\.(?<body>[A-Za-z0-9_\-]{43})"),
        new CredentialFormat("npm-token", "npm access token", "NpmToken", "npm_",
            @"(?<![A-Za-z0-9])npm_(?<body>[A-Za-z0-9]{36})(?![A-Za-z0-9])"));

    /// <summary>The Azure Cosmos DB emulator key, published in Microsoft's documentation.</summary>
    internal const string CosmosEmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    /// <summary>
    /// Prefixes of values that are public by design and never AS0001, whatever name they are under: Stripe publishable
    /// keys (meant for browsers) and Mapbox public tokens. Signed licence files are public by design too
    /// (<see cref="IsSignedLicense"/>).
    /// </summary>
    internal static readonly ImmutableArray<string> PublicPrefixes = ImmutableArray.Create("pk_live_", "pk_test_", "pk.eyJ");

    /// <summary>Words that mark a value as a documentation sample when they occur in its random part.</summary>
    private static readonly ImmutableArray<string> SampleWords = ImmutableArray.Create("EXAMPLE", "xxxxxx", "SAMPLE", "DUMMY", "PLACEHOLDER");

    /// <summary>Connection-string keys naming the server; a connection string whose servers are all local reaches nothing remote.</summary>
    internal static readonly ImmutableArray<string> ConnectionStringServerKeys = ImmutableArray.Create(
        "Server", "Data Source", "DataSource", "Host", "Hostname", "Address", "Addr", "Network Address", "Endpoint",
        "AccountEndpoint", "BlobEndpoint", "QueueEndpoint", "TableEndpoint", "FileEndpoint", "Contact Points");

    /// <summary>Connection-string switches that point at a local emulator.</summary>
    internal static readonly ImmutableArray<string> EmulatorSwitches = ImmutableArray.Create("UseDevelopmentStorage", "UseDevelopmentEmulator");

    /// <summary>
    /// True for a value that is public by design (<see cref="PublicPrefixes"/>) or a published emulator key (the
    /// Azure Storage emulator key, the Cosmos DB emulator key); such values are never secrets.
    /// </summary>
    public static bool IsPublicByDesign(string value)
    {
        var text = value.Trim();
        foreach (var prefix in PublicPrefixes)
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal))
                return true;
        }

        return text == StorageEmulatorAccountKey || text == CosmosEmulatorKey || IsSignedLicense(text);
    }

    /// <summary>True when <paramref name="marker"/> is the fixed, public start of a credential format (<c>whsec_</c>, <c>ghp_</c>, <c>AKIA</c>).</summary>
    public static bool IsFormatMarker(string marker)
    {
        foreach (var format in All)
        {
            foreach (var anchor in format.Anchors)
            {
                if (string.Equals(anchor, marker, StringComparison.Ordinal))
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True for a licence file signed by its vendor: a JWT whose header declares <c>"typ": "license+jwt"</c>. The product
    /// checks it with the vendor's public key, and the licensee ships it inside the app on purpose; it unlocks no account
    /// or API, so it is not a secret of the app.
    /// </summary>
    public static bool IsSignedLicense(string value)
    {
        if (!value.StartsWith("eyJ", StringComparison.Ordinal))
            return false;
        var dot = value.IndexOf('.');
        if (dot < 8 || dot > 400)
            return false;
        var header = value.Substring(0, dot).Replace('-', '+').Replace('_', '/');
        header = header.PadRight(header.Length + ((4 - (header.Length % 4)) % 4), '=');
        string json;
        try
        {
            json = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header));
        }
        catch (FormatException)
        {
            return false;
        }

        var typ = json.IndexOf("\"typ\"", StringComparison.Ordinal);
        return typ >= 0 && json.IndexOf("license+jwt", typ, StringComparison.OrdinalIgnoreCase) > typ;
    }

    /// <summary>
    /// True for a one-line <c>key=value;</c> connection string whose servers are all on the local machine
    /// (<c>localhost</c>, <c>127.0.0.1</c>, <c>::1</c>, <c>(localdb)\…</c>, <c>.</c>, <c>host.docker.internal</c>) or
    /// that points at a local emulator (<c>UseDevelopmentStorage=true</c>, <c>UseDevelopmentEmulator=true</c>). A
    /// connection string without a server key is not local-only.
    /// </summary>
    public static bool IsLocalOnlyConnectionString(string value)
    {
        if (value.Length < 8 || value.IndexOf('=') < 0 || value.IndexOf('\n') >= 0)
            return false;
        var sawServer = false;
        var start = 0;
        while (start < value.Length)
        {
            var end = value.IndexOf(';', start);
            if (end < 0)
                end = value.Length;
            var equals = value.IndexOf('=', start);
            if (equals > start && equals < end)
            {
                var key = value.Substring(start, equals - start).Trim();
                var item = value.Substring(equals + 1, end - equals - 1).Trim().Trim('"', '\'');
                if (IsOneOfIgnoreCase(key, EmulatorSwitches) && string.Equals(item, "true", StringComparison.OrdinalIgnoreCase))
                    return true;
                if (IsOneOfIgnoreCase(key, ConnectionStringServerKeys))
                {
                    foreach (var host in item.Split(','))
                    {
                        // "tcp:127.0.0.1,1433": SQL Server writes the port after a comma.
                        if (!IsLocalHost(host) && !IsPort(host))
                            return false;
                    }

                    sawServer = true;
                }
            }

            start = end + 1;
        }

        return sawServer;
    }

    /// <summary>True for a server address on the local machine: <c>localhost</c>, loopback, LocalDB, <c>.</c>, with an optional scheme, port or instance.</summary>
    internal static bool IsLocalHost(string server)
    {
        var text = server.Trim();
        if (text.StartsWith("tcp:", StringComparison.OrdinalIgnoreCase) || text.StartsWith("np:", StringComparison.OrdinalIgnoreCase))
            text = text.Substring(text.IndexOf(':') + 1);
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
            text = text.Substring(scheme + 3);
        if (text.StartsWith("(localdb)", StringComparison.OrdinalIgnoreCase) || text == "." || text.StartsWith(".\\", StringComparison.Ordinal)
            || text.StartsWith("(local)", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text.StartsWith("[::1]", StringComparison.Ordinal) || text == "::1")
            return true;
        var cut = text.IndexOfAny(HostEnd);
        var host = cut < 0 ? text : text.Substring(0, cut);
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
               || host.Equals("host.docker.internal", StringComparison.OrdinalIgnoreCase)
               || host.StartsWith("127.", StringComparison.Ordinal);
    }

    private static readonly char[] HostEnd = { ':', '/', '\\', ',' };

    private static bool IsPort(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed.Length > 5)
            return false;
        foreach (var c in trimmed)
        {
            if (!char.IsDigit(c))
                return false;
        }

        return true;
    }

    private static bool IsOneOfIgnoreCase(string value, ImmutableArray<string> words)
    {
        foreach (var word in words)
        {
            if (string.Equals(value, word, StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return false;
    }

    /// <summary>Connection-string keys whose value is a secret.</summary>
    internal static readonly ImmutableArray<string> ConnectionStringSecretKeys = ImmutableArray.Create(
        "Password", "Pwd", "AccountKey", "SharedAccessKey", "SharedAccessSignature", "SharedSecretValue");

    /// <summary>Shortest value worth checking; every format above is longer.</summary>
    private const int MinLength = 20;

    /// <summary>The first credential format <paramref name="value"/> contains, or null.</summary>
    public static CredentialFormat? Match(string value)
    {
        if (value.Length < MinLength)
            return null;
        var present = PresentAnchors(value);
        if (present == 0)
            return null;
        for (var index = 0; index < All.Length; index++)
        {
            var format = All[index];
            if ((present & (1L << index)) == 0)
                continue;
            System.Text.RegularExpressions.Match match;
            try
            {
                match = format.Regex.Match(value);
            }
            catch (RegexMatchTimeoutException)
            {
                continue;
            }

            while (match.Success)
            {
                var body = match.Groups["body"];
                var text = body.Success ? body.Value : match.Value;
                if (!IsPublishedExample(format, match.Value, text) && SecretText.DistinctCharacters(text) >= format.MinDistinctCharacters)
                    return format;
                match = match.NextMatch();
            }
        }

        return null;
    }

    /// <summary>
    /// The formats (bit <c>i</c> for <c>All[i]</c>) one of whose anchors occurs in <paramref name="value"/>, found in one
    /// pass: only the positions holding an anchor's first character are compared. Every literal of a project comes here.
    /// </summary>
    private static long PresentAnchors(string value)
    {
        long present = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= AnchorsByFirstCharacter.Length || AnchorsByFirstCharacter[c] is not { } candidates)
                continue;
            foreach (var (anchor, format) in candidates)
            {
                if (anchor.Length <= value.Length - i && string.CompareOrdinal(value, i, anchor, 0, anchor.Length) == 0)
                    present |= 1L << format;
            }
        }

        return present;
    }

    /// <summary>For each ASCII character, the anchors that start with it and the index of their format in <see cref="All"/>.</summary>
    private static readonly (string Anchor, int Format)[]?[] AnchorsByFirstCharacter = BuildAnchorIndex();

    private static (string Anchor, int Format)[]?[] BuildAnchorIndex()
    {
        var lists = new System.Collections.Generic.List<(string, int)>?[128];
        for (var index = 0; index < All.Length; index++)
        {
            foreach (var anchor in All[index].Anchors)
            {
                var first = anchor[0];
                (lists[first] ??= new System.Collections.Generic.List<(string, int)>()).Add((anchor, index));
            }
        }

        var table = new (string Anchor, int Format)[]?[128];
        for (var c = 0; c < table.Length; c++)
            table[c] = lists[c]?.ToArray();
        return table;
    }

    private static bool IsPublishedExample(CredentialFormat format, string match, string body)
    {
        if ((format.Id == "aws-access-key-id" && match.EndsWith(AwsExampleSuffix, StringComparison.Ordinal))
            || (format.Id == "azure-storage-account-key" && (body == StorageEmulatorAccountKey || body == CosmosEmulatorKey)))
        {
            return true;
        }

        foreach (var word in SampleWords)
        {
            if (body.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
                return true;
        }

        return false;
    }

    /// <summary>
    /// A connection-string keyword is a name of a few words (<c>Password</c>, <c>User ID</c>, <c>Jet OLEDB:Database
    /// Password</c>); text before an <c>=</c> that holds a quote or runs to more words is a sentence that quotes an
    /// example (<c>If you have an eclair server: 'type=eclair;…;password=eclairpassword'</c>), not a connection string.
    /// </summary>
    private static bool IsProse(string key)
    {
        if (key.IndexOf('\'') >= 0 || key.IndexOf('"') >= 0)
            return true;
        var words = 1;
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] == ' ' && i > 0 && key[i - 1] != ' ' && ++words > 4)
                return true;
        }

        return false;
    }

    /// <summary>
    /// The secret key of a connection string (<c>Password</c>, <c>Pwd</c>, <c>AccountKey</c>, <c>SharedAccessKey</c>, …)
    /// that has a real value, or null. Values that are empty, placeholders or references do not count. The value must be
    /// a <c>key=value;</c> list: a single <c>Password=</c> inside prose is not a connection string.
    /// </summary>
    public static string? GetConnectionStringSecretKey(string value)
    {
        // A connection string is one line; a multi-line text that happens to contain "Password=" is something else
        // (a script, a document, a whole configuration file).
        if (value.Length < 8 || value.IndexOf('=') < 0 || value.IndexOf(';') < 0 || value.IndexOf('\n') >= 0)
            return null;
        var start = 0;
        while (start < value.Length)
        {
            var end = value.IndexOf(';', start);
            if (end < 0)
                end = value.Length;
            var equals = value.IndexOf('=', start);
            if (equals > start && equals < end)
            {
                var key = value.Substring(start, equals - start).Trim();
                if (IsProse(key))
                    return null;
                foreach (var secretKey in ConnectionStringSecretKeys)
                {
                    if (!string.Equals(key, secretKey, StringComparison.OrdinalIgnoreCase))
                        continue;
                    var item = value.Substring(equals + 1, end - equals - 1).Trim().Trim('"', '\'');
                    if (item.Length > 0 && !SecretText.IsPlaceholder(item) && !SecretText.IsReference(item)
                        && !SecretText.IsFormatString(item) && item != StorageEmulatorAccountKey && item != CosmosEmulatorKey)
                    {
                        return secretKey;
                    }
                }
            }

            start = end + 1;
        }

        return null;
    }
}
