using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActionSecurity.Analyzers.Model;

/// <summary>Where the fixes read a secret from.</summary>
internal enum SecretStore
{
    Environment,
    Configuration,
}

/// <summary>One <c>.editorconfig</c> key: its name, default and parser. Declared once so docs and tests can list them.</summary>
internal sealed class OptionDefinition
{
    public OptionDefinition(string name, string defaultValue, string description, params string[] ruleIds)
    {
        Name = name;
        Key = ActionSecurityOptions.Prefix + name;
        DefaultValue = defaultValue;
        Description = description;
        RuleIds = ImmutableArray.Create(ruleIds);
        _ruleKeys = new string[ActionSecurityOptions.KeptRules];
        for (var i = 0; i < _ruleKeys.Length; i++)
            _ruleKeys[i] = ActionSecurityOptions.Prefix + "AS000" + (i + 1).ToString(CultureInfo.InvariantCulture) + "." + name;
    }

    /// <summary>
    /// <c>action_security.ASxxxx.name</c> for AS0001 to AS0009, by <see cref="ActionSecurityOptions.RuleIndex"/>: a rule
    /// reads every option under its own id (<c>action_security.AS0001.secret_header</c> is read even though AS0001 has no
    /// use for it), so each definition makes the keys of all nine once; every tree reads them.
    /// </summary>
    private readonly string[] _ruleKeys;

    /// <summary>The key without prefix, e.g. <c>secret_header</c>.</summary>
    public string Name { get; }

    /// <summary>The full key, e.g. <c>action_security.secret_header</c>.</summary>
    public string Key { get; }

    public string DefaultValue { get; }

    public string Description { get; }

    /// <summary>The rules that read this option.</summary>
    public ImmutableArray<string> RuleIds { get; }

    /// <summary>Reads the option for a rule: <c>action_security.ASxxxx.name</c> wins over <c>action_security.name</c>.</summary>
    public string? Read(AnalyzerConfigOptions options, string? ruleId) => Read(options, ruleId, ReadForAllRules(options));

    /// <summary><see cref="Read(AnalyzerConfigOptions, string?)"/> with the value of <see cref="Key"/> already read.</summary>
    public string? Read(AnalyzerConfigOptions options, string? ruleId, string? forAllRules)
        => ruleId is not null && options.TryGetValue(RuleKey(ruleId), out var perRule) && !string.IsNullOrWhiteSpace(perRule)
            ? perRule.Trim()
            : forAllRules;

    /// <summary>The value of <c>action_security.name</c>, trimmed; null when it is not set or blank.</summary>
    public string? ReadForAllRules(AnalyzerConfigOptions options)
        => options.TryGetValue(Key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private string RuleKey(string ruleId)
        => ActionSecurityOptions.RuleIndex(ruleId) is var rule and >= 0 ? _ruleKeys[rule] : ActionSecurityOptions.Prefix + ruleId + "." + Name;
}

/// <summary>
/// The package's options for one syntax tree and one rule, parsed once per <see cref="AnalyzerConfigOptions"/> instance.
/// Invalid values fall back to the defaults; nothing here throws.
/// </summary>
internal sealed class ActionSecurityOptions
{
    public const string Prefix = "action_security.";
    public const string DefaultSecretHeader = "X-Action-Secret";

    public static readonly OptionDefinition SecretNamesOption = new(
        "secret_names", string.Empty,
        "Extra comma-separated name fragments that denote a secret (for example `pin, otp_code`).",
        DiagnosticIds.HardcodedSecret, DiagnosticIds.QueryStringSecret, DiagnosticIds.NonConstantTimeComparison,
        DiagnosticIds.FailOpenSecretCheck, DiagnosticIds.AuthFailureStatus, DiagnosticIds.SecretLogged);

    public static readonly OptionDefinition ExcludedNamesOption = new(
        "excluded_names", string.Empty,
        "Comma-separated name fragments that never denote a secret, even when they contain a secret word (for example `public_token`).",
        DiagnosticIds.HardcodedSecret, DiagnosticIds.QueryStringSecret, DiagnosticIds.NonConstantTimeComparison,
        DiagnosticIds.FailOpenSecretCheck, DiagnosticIds.AuthFailureStatus, DiagnosticIds.SecretLogged);

    public static readonly OptionDefinition SecretHeaderOption = new(
        "secret_header", DefaultSecretHeader,
        "The request header the fixes read the shared secret from. When it is not set, the AS0002 fix names the header after the query key (`api_key` → `X-Api-Key`) and the AS0004 guard reads `X-Action-Secret`.",
        DiagnosticIds.QueryStringSecret, DiagnosticIds.UnauthenticatedHandler);

    public static readonly OptionDefinition SecretStoreOption = new(
        "secret_store", "environment",
        "`environment` or `configuration`: what the fixes emit to read an expected secret.",
        DiagnosticIds.HardcodedSecret, DiagnosticIds.UnauthenticatedHandler);

    public static readonly OptionDefinition AuthMethodsOption = new(
        "auth_methods", string.Empty,
        "Comma-separated `Type.Method` names (type name or full metadata name) whose call counts as an authentication check.",
        DiagnosticIds.UnauthenticatedHandler);

    public static readonly OptionDefinition ReportLocalConnectionStringsOption = new(
        "report_local_connection_strings", "false",
        "`true` makes AS0001 also report connection strings that only reach the local machine (`localhost`, `127.0.0.1`, `(localdb)`, emulators) in code and in development-only configuration files.",
        DiagnosticIds.HardcodedSecret);

    public static readonly OptionDefinition SharedDomainOption = new(
        "shared_domain", "auto",
        "`auto`, `true` or `false`: where AS0005 reports direct cookie writes. `auto` reports them in serverless and web-action handlers (Azure Functions, AWS Lambda, OpenWhisk) and in apps whose shipped configuration names a shared platform host; `true` reports them everywhere; `false` never.",
        DiagnosticIds.DirectSetCookie);

    public static readonly OptionDefinition HandlerScopeOption = new(
        "handler_scope", "default",
        "`default` or `all`: which unprotected handlers AS0004 reports (`all`: every handler without an explicit `[Authorize]` or `[AllowAnonymous]`).",
        DiagnosticIds.UnauthenticatedHandler);

    public static readonly OptionDefinition PublicHandlersOption = new(
        "public_handlers", string.Empty,
        "Comma-separated handler names (`Login`, `Status.Get`) and routes (`/status`) that are public by nature, added to AS0004's built-in list.",
        DiagnosticIds.UnauthenticatedHandler);

    /// <summary>Every option the package reads.</summary>
    public static readonly ImmutableArray<OptionDefinition> All = ImmutableArray.Create(
        SecretNamesOption, ExcludedNamesOption, SecretHeaderOption, SecretStoreOption, AuthMethodsOption,
        ReportLocalConnectionStringsOption, SharedDomainOption,
        HandlerScopeOption, PublicHandlersOption);

    private static readonly ActionSecurityOptions Defaults = new(
        ImmutableArray<string>.Empty, ImmutableArray<string>.Empty, DefaultSecretHeader, SecretStore.Environment,
        ImmutableArray<string>.Empty);

    private static readonly ConditionalWeakTable<AnalyzerConfigOptions, ConcurrentDictionary<string, ActionSecurityOptions>> Cache = new();

    private ActionSecurityOptions(
        ImmutableArray<string> secretNames,
        ImmutableArray<string> excludedNames,
        string secretHeader,
        SecretStore secretStore,
        ImmutableArray<string> authMethods,
        bool allHandlers = false,
        ImmutableArray<string> publicHandlers = default)
    {
        AllHandlers = allHandlers;
        PublicHandlers = publicHandlers.IsDefault ? ImmutableArray<string>.Empty : publicHandlers;
        ExtraSecretNames = secretNames;
        ExcludedNames = excludedNames;
        SecretHeader = secretHeader;
        SecretStore = secretStore;
        AuthMethods = authMethods;
    }

    /// <summary>The options when nothing is configured.</summary>
    public static ActionSecurityOptions Default => Defaults;

    public ImmutableArray<string> ExtraSecretNames { get; }

    public ImmutableArray<string> ExcludedNames { get; }

    public string SecretHeader { get; }

    public SecretStore SecretStore { get; }

    public ImmutableArray<string> AuthMethods { get; }

    /// <summary>AS0001: report local-only connection strings in code and in development-only configuration files.</summary>
    public bool ReportLocalConnectionStrings { get; private set; }

    /// <summary><c>handler_scope = all</c>: AS0004 reports every unprotected handler, not only the default scope.</summary>
    public bool AllHandlers { get; }

    /// <summary>Handler names and routes that are public by nature (<c>public_handlers</c>), besides the built-in list.</summary>
    public ImmutableArray<string> PublicHandlers { get; }

    public bool IsSecretName(string? name)
    {
        if (name is null || !ExtraSecretNames.IsDefaultOrEmpty || !ExcludedNames.IsDefaultOrEmpty)
            return SecretNames.IsSecret(name, ExtraSecretNames, ExcludedNames);

        // The built-in vocabulary alone: the answer depends on the name only, and the same names (the parameters,
        // locals and keys of a code base) are asked about again and again by every rule.
        if (BuiltInVerdicts.TryGetValue(name, out var known))
            return known;
        return BuiltInVerdicts.Keep(name, SecretNames.IsSecret(name));
    }

    /// <summary>Names judged under the built-in vocabulary, for the process: 8,192 entries at most, so a long-lived host does not grow it.</summary>
    private static readonly Memo<string, bool> BuiltInVerdicts = new(StringComparer.Ordinal, capacityBits: 13);

    /// <summary>
    /// The options of <paramref name="ruleId"/> for <paramref name="tree"/>. Every rule asks for most operations it
    /// reports on or looks into (AS0001 for every string literal), so the answers are kept per tree: one lookup of the
    /// tree in a weak table and one comparison of two references, where the options provider looks the tree up in an
    /// immutable dictionary of every tree of the compilation and the options are then parsed from that tree's
    /// configuration. (The driver hands a thread the declarations of many trees in turn: a cache of the last tree asked
    /// about missed on about a quarter of the literals of the L benchmark project, each miss about ten times a hit.)
    /// </summary>
    /// <remarks>
    /// <para>The first rule to ask about a tree reads the keys that hold for every rule (<c>action_security.name</c>)
    /// once for the tree; each rule then reads only its own (<c>action_security.ASxxxx.name</c>) when it first asks. A
    /// build hands every tree a configuration object of its own, so a cache keyed by that object added an entry, under a
    /// weak table's lock, for every tree.</para>
    /// <para>The entry holds the <see cref="AnalyzerOptions"/> it was read under and is replaced whole when they change:
    /// the IDE keeps a tree across edits of an <c>.editorconfig</c>, with new options. Weak keys: an entry lives as long
    /// as its tree and keeps nothing alive.</para>
    /// </remarks>
    public static ActionSecurityOptions For(AnalyzerOptions options, SyntaxTree tree, string ruleId)
    {
        var rule = RuleIndex(ruleId);
        if (rule < 0)
            return TryGetConfig(options, tree) is { } config ? For(config, ruleId) : Defaults;
        if (!ByTree.TryGetValue(tree, out var slot) || slot.Last is not { } entry || !ReferenceEquals(entry.Options, options))
        {
            entry = new TreeEntry(options, TryGetConfig(options, tree));
            slot ??= ByTree.GetValue(tree, static _ => new TreeSlot());
            slot.Last = entry;
        }

        return Volatile.Read(ref entry.PerRule[rule]) ?? entry.Fill(rule, ruleId);
    }

    private static readonly StripedWeakTable<SyntaxTree, TreeSlot> ByTree = new();

    /// <summary>The rules kept per tree: AS0001 to AS0009. Another id is read each time it is asked for.</summary>
    internal const int KeptRules = 9;

    /// <summary>AS0001 to AS0009 as 0 to 8 (<see cref="KeptRules"/>); -1 for any other id.</summary>
    internal static int RuleIndex(string ruleId)
        => ruleId is { Length: 6 } && ruleId.StartsWith("AS000", StringComparison.Ordinal) && ruleId[5] - '1' is >= 0 and < KeptRules ? ruleId[5] - '1' : -1;

    private sealed class TreeSlot
    {
        private volatile TreeEntry? _last;

        public TreeEntry? Last
        {
            get => _last;
            set => _last = value;
        }
    }

    /// <summary>One tree's options under one <see cref="AnalyzerOptions"/>: the keys for every rule, and each rule's options as it asks.</summary>
    private sealed class TreeEntry
    {
        private readonly AnalyzerConfigOptions? _config;

        /// <summary>The value of <c>action_security.name</c> of each option of <see cref="All"/>, in that order.</summary>
        private readonly string?[] _forAllRules;

        public TreeEntry(AnalyzerOptions options, AnalyzerConfigOptions? config)
        {
            Options = options;
            _config = config;
            _forAllRules = config is null ? new string?[All.Length] : ReadForAllRules(config);
        }

        public AnalyzerOptions Options { get; }

        /// <summary>AS0001 to AS0009 by <see cref="RuleIndex"/>; null until the rule asks.</summary>
        public readonly ActionSecurityOptions?[] PerRule = new ActionSecurityOptions?[KeptRules];

        /// <summary>Reads the options of one rule; two threads that race read the same values.</summary>
        public ActionSecurityOptions Fill(int rule, string ruleId)
        {
            var options = _config is null ? Defaults : Parse(_config, ruleId, _forAllRules);
            Volatile.Write(ref PerRule[rule], options);
            return options;
        }
    }

    private static AnalyzerConfigOptions? TryGetConfig(AnalyzerOptions options, SyntaxTree tree)
    {
        try
        {
            return options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public static ActionSecurityOptions For(AnalyzerConfigOptions config, string ruleId)
    {
        var perRule = Cache.GetValue(config, static _ => new ConcurrentDictionary<string, ActionSecurityOptions>(StringComparer.Ordinal));
        if (perRule.TryGetValue(ruleId, out var cached))
            return cached;
        return perRule.GetOrAdd(ruleId, Parse(config, ruleId));
    }

    private static ActionSecurityOptions Parse(AnalyzerConfigOptions config, string ruleId) => Parse(config, ruleId, ReadForAllRules(config));

    /// <summary>The value of <c>action_security.name</c> of each option of <see cref="All"/>, in that order.</summary>
    private static string?[] ReadForAllRules(AnalyzerConfigOptions config)
    {
        var values = new string?[All.Length];
        for (var i = 0; i < All.Length; i++)
            values[i] = All[i].ReadForAllRules(config);
        return values;
    }

    /// <summary>The options of <paramref name="ruleId"/>, with the values of the keys for every rule already read (<see cref="All"/>'s order).</summary>
    private static ActionSecurityOptions Parse(AnalyzerConfigOptions config, string ruleId, string?[] forAllRules)
    {
        string? Read(OptionDefinition option) => option.Read(config, ruleId, forAllRules[All.IndexOf(option)]);
        var secretNames = ParseList(Read(SecretNamesOption));
        var excluded = ParseList(Read(ExcludedNamesOption));
        var header = ParseHeader(Read(SecretHeaderOption));
        var store = ParseStore(Read(SecretStoreOption));
        var authMethods = ParseList(Read(AuthMethodsOption));
        var reportLocal = string.Equals(Read(ReportLocalConnectionStringsOption), "true", StringComparison.OrdinalIgnoreCase);
        var allHandlers = string.Equals(Read(HandlerScopeOption), "all", StringComparison.OrdinalIgnoreCase);
        var publicHandlers = ParseList(Read(PublicHandlersOption));
        if (secretNames.IsEmpty && excluded.IsEmpty && header == DefaultSecretHeader && store == SecretStore.Environment && authMethods.IsEmpty
            && !reportLocal && !allHandlers && publicHandlers.IsEmpty)
        {
            return Defaults;
        }

        return new ActionSecurityOptions(secretNames, excluded, header, store, authMethods, allHandlers, publicHandlers) { ReportLocalConnectionStrings = reportLocal };
    }

    internal static ImmutableArray<string> ParseList(string? value)
    {
        if (value is null)
            return ImmutableArray<string>.Empty;
        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var part in value.Split(',', ';'))
        {
            var trimmed = part.Trim();
            if (trimmed.Length > 0)
                builder.Add(trimmed);
        }

        return builder.ToImmutable();
    }

    /// <summary>A header name is an RFC 7230 token; anything else falls back to the default.</summary>
    internal static string ParseHeader(string? value)
    {
        if (value is null || value.Length == 0)
            return DefaultSecretHeader;
        foreach (var c in value)
        {
            var ok = c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
                || "!#$%&'*+-.^_`|~".IndexOf(c) >= 0;
            if (!ok)
                return DefaultSecretHeader;
        }

        return value;
    }

    internal static SecretStore ParseStore(string? value)
        => string.Equals(value, "configuration", StringComparison.OrdinalIgnoreCase) ? SecretStore.Configuration : SecretStore.Environment;
}
