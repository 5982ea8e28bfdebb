// The package's MSBuild tasks, compiled by MSBuild's RoslynCodeTaskFactory when a build first uses them (see
// buildTransitive/ActionSecurity.Analyzers.targets). Only the base class library and MSBuild's own assemblies: the
// package has no dependency.
//
// ActionSecurityWriteBaseline turns the SARIF log of a compile into actionsecurity.baseline.json.
// ActionSecurityAddSecuritySeverity adds each rule's security-severity to the SARIF log the build was asked for.
//
// The baseline's key must stay identical to src/Analyzers/Suppressors/Baseline.cs, which matches diagnostics against
// it: the rule id; the file relative to the project directory with '/' separators, compared case-insensitively; and the
// first 16 hex digits of the SHA-256 of the UTF-8 text of the line the finding starts on, every whitespace character
// removed. The end-to-end tests record a baseline with this task and build against it with the suppressor.

#nullable enable

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace ActionSecurity.Analyzers.Build
{
    /// <summary>Writes the baseline file from the unsuppressed ASxxxx results of a SARIF 2.1 log.</summary>
    public sealed class ActionSecurityWriteBaseline : Task
    {
        [Required]
        public string SarifFile { get; set; } = "";

        [Required]
        public string ProjectDirectory { get; set; } = "";

        [Required]
        public string BaselineFile { get; set; } = "";

        [Output]
        public int FindingCount { get; set; }

        public override bool Execute()
        {
            if (!File.Exists(SarifFile))
            {
                Log.LogError(null, "ASMSB002", null, null, 0, 0, 0, 0, "The compiler wrote no SARIF log at '{0}', so the baseline was not updated.", SarifFile);
                return false;
            }

            JsonValue log;
            try
            {
                log = JsonValue.Parse(File.ReadAllText(SarifFile));
            }
            catch (FormatException e)
            {
                Log.LogError(null, "ASMSB002", null, null, 0, 0, 0, 0, "The SARIF log '{0}' could not be read ({1}), so the baseline was not updated.", SarifFile, e.Message);
                return false;
            }

            var findings = new SortedDictionary<string, Finding>(StringComparer.Ordinal);
            var lineCache = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var run in log.Get("runs").Items())
            {
                foreach (var result in run.Get("results").Items())
                {
                    var ruleId = result.Get("ruleId").Text;
                    if (ruleId == null || !IsRuleId(ruleId) || result.Get("suppressions").Items().Any())
                        continue;
                    var physical = result.Get("locations").Items().FirstOrDefault()?.Get("physicalLocation");
                    var uri = physical?.Get("artifactLocation").Get("uri").Text;
                    var startLine = physical?.Get("region").Get("startLine").Number;
                    if (uri == null || startLine == null)
                        continue;
                    string path;
                    try
                    {
                        path = new Uri(uri).LocalPath;
                    }
                    catch (UriFormatException)
                    {
                        continue;
                    }

                    if (!lineCache.TryGetValue(path, out var lines))
                    {
                        lines = File.Exists(path) ? SplitLines(File.ReadAllText(path)) : new string[0];
                        lineCache[path] = lines;
                    }

                    var line = (int)startLine.Value - 1;
                    if (line < 0 || line >= lines.Length)
                    {
                        Log.LogWarning(null, "ASMSB003", null, null, 0, 0, 0, 0, "{0} at {1}({2}) is not recorded: the line is not in the file.", ruleId, path, startLine.Value);
                        continue;
                    }

                    var file = RelativePath(ProjectDirectory, path);
                    var fingerprint = Fingerprint(lines[line]);
                    var key = file.ToLowerInvariant() + "|" + ruleId + "|" + fingerprint;
                    if (findings.TryGetValue(key, out var existing))
                    {
                        existing.Count++;
                    }
                    else
                    {
                        findings[key] = new Finding(ruleId, file, fingerprint, result.Get("message").Get("text").Text ?? "");
                    }
                }
            }

            var text = new StringBuilder();
            text.Append("{\n");
            text.Append("  \"description\": \"Findings of ActionSecurity.Analyzers accepted for now; the package suppresses them in the build. Rewrite with: dotnet build -p:ActionSecurityUpdateBaseline=true\",\n");
            text.Append("  \"version\": 1,\n");
            text.Append("  \"findings\": [");
            var first = true;
            foreach (var finding in findings.Values)
            {
                text.Append(first ? "\n" : ",\n");
                first = false;
                text.Append("    { \"rule\": ").Append(JsonValue.Quote(finding.Rule))
                    .Append(", \"file\": ").Append(JsonValue.Quote(finding.File))
                    .Append(", \"fingerprint\": ").Append(JsonValue.Quote(finding.Fingerprint))
                    .Append(", \"count\": ").Append(finding.Count.ToString(CultureInfo.InvariantCulture))
                    .Append(", \"message\": ").Append(JsonValue.Quote(finding.Message))
                    .Append(" }");
            }

            text.Append(first ? "]\n" : "\n  ]\n");
            text.Append("}\n");
            File.WriteAllText(BaselineFile, text.ToString(), new UTF8Encoding(false));
            FindingCount = findings.Values.Sum(f => f.Count);
            return true;
        }

        private static bool IsRuleId(string id)
            => id.Length == 6 && id.StartsWith("AS", StringComparison.Ordinal) && id.Skip(2).All(c => c >= '0' && c <= '9');

        /// <summary>Lines as SourceText counts them: \r\n, \r, \n, and the Unicode line and paragraph separators.</summary>
        private static string[] SplitLines(string text)
        {
            var lines = new List<string>();
            var start = 0;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\r' || c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029')
                {
                    lines.Add(text.Substring(start, i - start));
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                        i++;
                    start = i + 1;
                }
            }

            lines.Add(text.Substring(start));
            return lines.ToArray();
        }

        private static string Fingerprint(string lineText)
        {
            var normalized = new StringBuilder(lineText.Length);
            foreach (var character in lineText)
            {
                if (!char.IsWhiteSpace(character))
                    normalized.Append(character);
            }

            using (var sha = SHA256.Create())
            {
                var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(normalized.ToString()));
                var hex = new StringBuilder(16);
                for (var i = 0; i < 8; i++)
                    hex.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
                return hex.ToString();
            }
        }

        private static string RelativePath(string directory, string path)
        {
            var from = directory.Replace('\\', '/').TrimEnd('/').Split('/');
            var to = path.Replace('\\', '/').TrimEnd('/').Split('/');
            var common = 0;
            while (common < from.Length && common < to.Length && string.Equals(from[common], to[common], StringComparison.OrdinalIgnoreCase))
                common++;
            if (common == 0)
                return path.Replace('\\', '/');
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

        private sealed class Finding
        {
            public Finding(string rule, string file, string fingerprint, string message)
            {
                Rule = rule;
                File = file;
                Fingerprint = fingerprint;
                Message = message;
                Count = 1;
            }

            public string Rule { get; }

            public string File { get; }

            public string Fingerprint { get; }

            public string Message { get; }

            public int Count { get; set; }
        }
    }

    /// <summary>
    /// Sets <c>properties.security-severity</c> on the rules of a SARIF 2.1 log that have one in <see cref="Severities"/>
    /// (item = rule id, metadata <c>Value</c> = the score). GitHub code scanning ranks and gates alerts by it.
    /// </summary>
    public sealed class ActionSecurityAddSecuritySeverity : Task
    {
        [Required]
        public string ErrorLog { get; set; } = "";

        [Required]
        public ITaskItem[] Severities { get; set; } = new ITaskItem[0];

        public override bool Execute()
        {
            if (!File.Exists(ErrorLog))
                return true;
            var severities = Severities.ToDictionary(s => s.ItemSpec, s => s.GetMetadata("Value"), StringComparer.Ordinal);
            JsonValue log;
            try
            {
                log = JsonValue.Parse(File.ReadAllText(ErrorLog));
            }
            catch (FormatException e)
            {
                Log.LogWarning(null, "ASMSB004", null, null, 0, 0, 0, 0, "The SARIF log '{0}' could not be read ({1}); no security-severity was added.", ErrorLog, e.Message);
                return true;
            }

            if (log.Get("version").Text != "2.1.0")
            {
                Log.LogMessage(MessageImportance.Normal, "ActionSecurity.Analyzers adds security-severity to SARIF 2.1 logs only (ErrorLog=<file>%2Cversion=2.1); '{0}' is version {1}.", ErrorLog, log.Get("version").Text ?? "1");
                return true;
            }

            var changed = false;
            foreach (var run in log.Get("runs").Items())
            {
                foreach (var rule in run.Get("tool").Get("driver").Get("rules").Items())
                {
                    var id = rule.Get("id").Text;
                    if (id == null || !severities.TryGetValue(id, out var score) || score.Length == 0)
                        continue;
                    var properties = rule.Get("properties");
                    if (properties.Kind != JsonKind.Object)
                    {
                        properties = JsonValue.NewObject();
                        rule.Set("properties", properties);
                    }

                    if (properties.Get("security-severity").Text == score)
                        continue;
                    properties.Set("security-severity", JsonValue.NewString(score));
                    changed = true;
                }
            }

            if (changed)
                File.WriteAllText(ErrorLog, log.ToJson(), new UTF8Encoding(false));
            return true;
        }
    }

    internal enum JsonKind
    {
        Missing,
        Null,
        Object,
        Array,
        String,
        Number,
        Literal,
    }

    /// <summary>
    /// A JSON document that can be read, changed and written back: objects keep their property order and numbers keep
    /// their text, so an edited SARIF log differs from the compiler's only where it was edited.
    /// </summary>
    internal sealed class JsonValue
    {
        private static readonly JsonValue MissingValue = new JsonValue(JsonKind.Missing, null);

        private readonly List<KeyValuePair<string, JsonValue>> _properties = new List<KeyValuePair<string, JsonValue>>();
        private readonly List<JsonValue> _items = new List<JsonValue>();
        private readonly string? _text;

        private JsonValue(JsonKind kind, string? text)
        {
            Kind = kind;
            _text = text;
        }

        public JsonKind Kind { get; }

        /// <summary>The string's value; null for anything else.</summary>
        public string? Text => Kind == JsonKind.String ? _text : null;

        public double? Number => Kind == JsonKind.Number && double.TryParse(_text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : (double?)null;

        public static JsonValue NewObject() => new JsonValue(JsonKind.Object, null);

        public static JsonValue NewString(string text) => new JsonValue(JsonKind.String, text);

        /// <summary>The property's value, or a missing value (never null) so lookups can be chained.</summary>
        public JsonValue Get(string name)
        {
            foreach (var property in _properties)
            {
                if (property.Key == name)
                    return property.Value;
            }

            return MissingValue;
        }

        public void Set(string name, JsonValue value)
        {
            for (var i = 0; i < _properties.Count; i++)
            {
                if (_properties[i].Key == name)
                {
                    _properties[i] = new KeyValuePair<string, JsonValue>(name, value);
                    return;
                }
            }

            _properties.Add(new KeyValuePair<string, JsonValue>(name, value));
        }

        public IEnumerable<JsonValue> Items() => _items;

        public static JsonValue Parse(string text)
        {
            var position = 0;
            var value = ReadValue(text, ref position, 0);
            SkipWhitespace(text, ref position);
            if (position != text.Length)
                throw new FormatException("Unexpected text after the value at " + position.ToString(CultureInfo.InvariantCulture) + ".");
            return value;
        }

        public string ToJson()
        {
            var text = new StringBuilder();
            Write(text, 0);
            text.Append('\n');
            return text.ToString();
        }

        public static string Quote(string value)
        {
            var text = new StringBuilder(value.Length + 2);
            text.Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': text.Append("\\\""); break;
                    case '\\': text.Append("\\\\"); break;
                    case '\n': text.Append("\\n"); break;
                    case '\r': text.Append("\\r"); break;
                    case '\t': text.Append("\\t"); break;
                    case '\b': text.Append("\\b"); break;
                    case '\f': text.Append("\\f"); break;
                    default:
                        if (c < ' ')
                            text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else
                            text.Append(c);
                        break;
                }
            }

            text.Append('"');
            return text.ToString();
        }

        private void Write(StringBuilder text, int indent)
        {
            switch (Kind)
            {
                case JsonKind.Object:
                    if (_properties.Count == 0)
                    {
                        text.Append("{}");
                        return;
                    }

                    text.Append("{\n");
                    for (var i = 0; i < _properties.Count; i++)
                    {
                        text.Append(' ', (indent + 1) * 2).Append(Quote(_properties[i].Key)).Append(": ");
                        _properties[i].Value.Write(text, indent + 1);
                        text.Append(i < _properties.Count - 1 ? ",\n" : "\n");
                    }

                    text.Append(' ', indent * 2).Append('}');
                    return;
                case JsonKind.Array:
                    if (_items.Count == 0)
                    {
                        text.Append("[]");
                        return;
                    }

                    text.Append("[\n");
                    for (var i = 0; i < _items.Count; i++)
                    {
                        text.Append(' ', (indent + 1) * 2);
                        _items[i].Write(text, indent + 1);
                        text.Append(i < _items.Count - 1 ? ",\n" : "\n");
                    }

                    text.Append(' ', indent * 2).Append(']');
                    return;
                case JsonKind.String:
                    text.Append(Quote(_text ?? ""));
                    return;
                case JsonKind.Null:
                    text.Append("null");
                    return;
                default:
                    text.Append(_text);
                    return;
            }
        }

        private static JsonValue ReadValue(string text, ref int position, int depth)
        {
            if (depth > 256)
                throw new FormatException("Nested too deeply.");
            SkipWhitespace(text, ref position);
            if (position >= text.Length)
                throw new FormatException("Unexpected end of the document.");
            var c = text[position];
            if (c == '{')
            {
                var value = NewObject();
                position++;
                SkipWhitespace(text, ref position);
                if (position < text.Length && text[position] == '}')
                {
                    position++;
                    return value;
                }

                while (true)
                {
                    SkipWhitespace(text, ref position);
                    if (position >= text.Length || text[position] != '"')
                        throw new FormatException("Expected a property name at " + position.ToString(CultureInfo.InvariantCulture) + ".");
                    var name = ReadString(text, ref position);
                    SkipWhitespace(text, ref position);
                    Expect(text, ref position, ":");
                    value._properties.Add(new KeyValuePair<string, JsonValue>(name, ReadValue(text, ref position, depth + 1)));
                    SkipWhitespace(text, ref position);
                    if (position < text.Length && text[position] == ',')
                    {
                        position++;
                        continue;
                    }

                    Expect(text, ref position, "}");
                    return value;
                }
            }

            if (c == '[')
            {
                var value = new JsonValue(JsonKind.Array, null);
                position++;
                SkipWhitespace(text, ref position);
                if (position < text.Length && text[position] == ']')
                {
                    position++;
                    return value;
                }

                while (true)
                {
                    value._items.Add(ReadValue(text, ref position, depth + 1));
                    SkipWhitespace(text, ref position);
                    if (position < text.Length && text[position] == ',')
                    {
                        position++;
                        continue;
                    }

                    Expect(text, ref position, "]");
                    return value;
                }
            }

            if (c == '"')
                return NewString(ReadString(text, ref position));
            foreach (var literal in new[] { "true", "false", "null" })
            {
                if (string.CompareOrdinal(text, position, literal, 0, literal.Length) == 0)
                {
                    position += literal.Length;
                    return new JsonValue(literal == "null" ? JsonKind.Null : JsonKind.Literal, literal);
                }
            }

            var start = position;
            while (position < text.Length && "+-0123456789.eE".IndexOf(text[position]) >= 0)
                position++;
            if (position == start)
                throw new FormatException("Expected a value at " + start.ToString(CultureInfo.InvariantCulture) + ".");
            return new JsonValue(JsonKind.Number, text.Substring(start, position - start));
        }

        private static string ReadString(string text, ref int position)
        {
            var result = new StringBuilder();
            position++;
            while (position < text.Length)
            {
                var c = text[position++];
                if (c == '"')
                    return result.ToString();
                if (c != '\\')
                {
                    result.Append(c);
                    continue;
                }

                if (position >= text.Length)
                    break;
                var escape = text[position++];
                switch (escape)
                {
                    case '"': result.Append('"'); break;
                    case '\\': result.Append('\\'); break;
                    case '/': result.Append('/'); break;
                    case 'b': result.Append('\b'); break;
                    case 'f': result.Append('\f'); break;
                    case 'n': result.Append('\n'); break;
                    case 'r': result.Append('\r'); break;
                    case 't': result.Append('\t'); break;
                    case 'u':
                        if (position + 4 > text.Length
                            || !int.TryParse(text.Substring(position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        {
                            throw new FormatException("Bad \\u escape.");
                        }

                        result.Append((char)code);
                        position += 4;
                        break;
                    default:
                        throw new FormatException("Bad escape.");
                }
            }

            throw new FormatException("Unterminated string.");
        }

        private static void Expect(string text, ref int position, string token)
        {
            if (string.CompareOrdinal(text, position, token, 0, token.Length) != 0)
                throw new FormatException("Expected '" + token + "' at " + position.ToString(CultureInfo.InvariantCulture) + ".");
            position += token.Length;
        }

        private static void SkipWhitespace(string text, ref int position)
        {
            while (position < text.Length && (text[position] == ' ' || text[position] == '\t' || text[position] == '\n' || text[position] == '\r' || text[position] == '\uFEFF'))
                position++;
        }
    }
}
