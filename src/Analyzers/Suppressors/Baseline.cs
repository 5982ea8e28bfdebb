using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ActionSecurity.Analyzers.Suppressors;

/// <summary>
/// The findings a project accepted: the content of <c>actionsecurity.baseline.json</c>, keyed by rule, file and
/// fingerprint, each with the number of findings that key covers.
/// </summary>
/// <remarks>
/// <para>
/// The file is written by the package's MSBuild targets (<c>-p:ActionSecurityUpdateBaseline=true</c>) from the SARIF log
/// of a compile; the inline task there computes the same <see cref="Key"/> from a SARIF result (its rule id, the file of
/// its artifact location made relative to the project directory, and the line of its region's start) as this class
/// does from a diagnostic's location. Both sides must keep to the rules below, or recorded findings stop matching.
/// </para>
/// <list type="bullet">
/// <item><b>File</b>: relative to the directory that holds the baseline (the project directory), with <c>/</c> as
/// separator, compared case-insensitively; a file on another root stays absolute.</item>
/// <item><b>Fingerprint</b>: the first 16 hex digits (lower case) of the SHA-256 of the UTF-8 text of the line the finding
/// starts on, with every whitespace character removed. No line number, so the finding survives code moving up or down
/// and re-indenting; an edit of that very line makes it a new finding.</item>
/// <item><b>Count</b>: how many findings of that rule in that file start on a line with that fingerprint. When there are
/// more now, the first ones in file order are suppressed and the rest reported.</item>
/// </list>
/// </remarks>
internal sealed class Baseline
{
    public const string FileName = "actionsecurity.baseline.json";

    private readonly Dictionary<string, int> _counts;

    private Baseline(Dictionary<string, int> counts)
    {
        _counts = counts;
    }

    public int Count => _counts.Count;

    /// <summary>How many findings the baseline accepts for this key; 0 when none.</summary>
    public int Accepted(string key) => _counts.TryGetValue(key, out var count) ? count : 0;

    public static string Key(string ruleId, string relativeFile, string fingerprint)
        => ruleId + "|" + relativeFile + "|" + fingerprint;

    /// <summary>Reads the file; null when it is not a baseline (malformed JSON, or no <c>findings</c> array).</summary>
    public static Baseline? Parse(string text)
    {
        if (!MiniJson.TryParse(text, out var root) || root is not Dictionary<string, object?> document
            || !document.TryGetValue("findings", out var findingsValue) || findingsValue is not List<object?> findings)
        {
            return null;
        }

        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in findings)
        {
            if (item is not Dictionary<string, object?> finding
                || !TryGetString(finding, "rule", out var rule)
                || !TryGetString(finding, "file", out var file)
                || !TryGetString(finding, "fingerprint", out var fingerprint))
            {
                continue;
            }

            var count = finding.TryGetValue("count", out var countValue) && countValue is double number && number >= 1
                ? (int)Math.Min(number, int.MaxValue)
                : 1;
            var key = Key(rule, NormalizeSeparators(file), fingerprint);
            counts[key] = counts.TryGetValue(key, out var existing) ? existing + count : count;
        }

        return new Baseline(counts);
    }

    /// <summary>The fingerprint of the line a finding starts on (see the remarks of <see cref="Baseline"/>).</summary>
    public static string Fingerprint(string lineText)
    {
        var normalized = new StringBuilder(lineText.Length);
        foreach (var character in lineText)
        {
            if (!char.IsWhiteSpace(character))
                normalized.Append(character);
        }

        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(normalized.ToString()));
        var hex = new StringBuilder(16);
        for (var i = 0; i < 8; i++)
            hex.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
        return hex.ToString();
    }

    /// <summary><paramref name="path"/> relative to <paramref name="directory"/>, with <c>/</c> separators.</summary>
    public static string RelativePath(string directory, string path)
    {
        var from = Split(directory);
        var to = Split(path);
        var common = 0;
        while (common < from.Length && common < to.Length && string.Equals(from[common], to[common], StringComparison.OrdinalIgnoreCase))
            common++;

        // Another drive: the path is kept whole.
        if (common == 0)
            return NormalizeSeparators(path);

        var relative = new StringBuilder();
        for (var i = common; i < from.Length; i++)
            relative.Append("../");
        for (var i = common; i < to.Length; i++)
        {
            relative.Append(to[i]);
            if (i < to.Length - 1)
                relative.Append('/');
        }

        return relative.ToString();
    }

    private static string[] Split(string path)
    {
        var normalized = NormalizeSeparators(path).TrimEnd('/');
        return normalized.Split('/');
    }

    private static string NormalizeSeparators(string path) => path.Replace('\\', '/');

    private static bool TryGetString(Dictionary<string, object?> finding, string name, out string value)
    {
        if (finding.TryGetValue(name, out var raw) && raw is string text && text.Length > 0)
        {
            value = text;
            return true;
        }

        value = "";
        return false;
    }
}
