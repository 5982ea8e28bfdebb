using System;
using System.Collections.Generic;
using System.Text;

namespace ActionSecurity.Analyzers.Model;

/// <summary>The kinds of configuration file AS0001 reads.</summary>
internal enum ConfigFileKind
{
    None,
    Json,
    Xml,
}

/// <summary>One string value of a configuration file: its key path, its decoded text, and where its text is.</summary>
internal readonly struct ConfigEntry
{
    public ConfigEntry(string path, string name, string value, int start, int length, bool isConnectionString = false)
    {
        Path = path;
        Name = name;
        Value = value;
        Start = start;
        Length = length;
        IsConnectionString = isConnectionString;
    }

    /// <summary>The configuration path, sections joined with <c>:</c> (<c>Stripe:SecretKey</c>).</summary>
    public string Path { get; }

    /// <summary>The last segment of the path, or the attribute or <c>key</c> the value belongs to.</summary>
    public string Name { get; }

    public string Value { get; }

    /// <summary>Offset of the value's text (inside the quotes) in the file.</summary>
    public int Start { get; }

    public int Length { get; }

    public bool IsConnectionString { get; }
}

/// <summary>
/// Small tolerant scanners for the configuration files that ship with an app (<c>appsettings*.json</c>,
/// <c>local.settings.json</c>, <c>launchSettings.json</c>, <c>web.config</c>). They accept comments and trailing commas,
/// never throw on malformed input (they stop or skip), and have no dependency outside the BCL.
/// </summary>
internal static class ConfigFiles
{
    /// <summary>Which scanner reads the file at <paramref name="path"/>, by file name; None for files AS0001 ignores.</summary>
    public static ConfigFileKind GetKind(string? path)
    {
        if (path is null || path.Length == 0)
            return ConfigFileKind.None;
        // Both separators, whatever the OS the analyzer runs on: paths come from MSBuild as the project wrote them.
        var separator = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        var name = separator < 0 ? path : path.Substring(separator + 1);

        if (name.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return ConfigFileKind.Json;
        if (name.Equals("local.settings.json", StringComparison.OrdinalIgnoreCase) || name.Equals("launchSettings.json", StringComparison.OrdinalIgnoreCase))
            return ConfigFileKind.Json;
        if (name.Equals("web.config", StringComparison.OrdinalIgnoreCase)
            || (name.StartsWith("web.", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".config", StringComparison.OrdinalIgnoreCase)))
        {
            return ConfigFileKind.Xml;
        }

        return ConfigFileKind.None;
    }

    /// <summary>Environment names whose <c>appsettings.&lt;Environment&gt;.json</c> only ever runs on a developer's machine.</summary>
    internal static readonly string[] DevelopmentEnvironments = { "Development", "Dev", "Local" };

    /// <summary>
    /// True for a configuration file that is only used on a developer's machine: <c>launchSettings.json</c> (read by
    /// <c>dotnet run</c> and the IDE, never published), <c>local.settings.json</c> (the Functions host's local
    /// settings) and <c>appsettings.Development.json</c> (also <c>.Dev</c> and <c>.Local</c>).
    /// </summary>
    public static bool IsDevelopmentOnly(string? path)
    {
        if (path is null || path.Length == 0)
            return false;
        var separator = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        var name = separator < 0 ? path : path.Substring(separator + 1);
        if (name.Equals("launchSettings.json", StringComparison.OrdinalIgnoreCase) || name.Equals("local.settings.json", StringComparison.OrdinalIgnoreCase))
            return true;
        foreach (var environment in DevelopmentEnvironments)
        {
            if (name.Equals("appsettings." + environment + ".json", StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return false;
    }

    public static List<ConfigEntry> Scan(string text, ConfigFileKind kind)
        => kind switch
        {
            ConfigFileKind.Json => ScanJson(text),
            ConfigFileKind.Xml => ScanXml(text),
            _ => new List<ConfigEntry>(),
        };

    // ---- JSON ----

    private sealed class JsonFrame
    {
        public JsonFrame(string? path, bool isArray)
        {
            Path = path;
            IsArray = isArray;
        }

        public string? Path { get; }
        public bool IsArray { get; }
        public int Index { get; set; }
        public string? PendingKey { get; set; }
    }

    /// <summary>Every string value of a JSON document with its <c>:</c>-joined path. Tolerates comments and trailing commas.</summary>
    public static List<ConfigEntry> ScanJson(string text)
    {
        var entries = new List<ConfigEntry>();
        var stack = new List<JsonFrame>();
        var i = 0;
        var expectKey = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || c == ',')
            {
                if (c == ',' && stack.Count > 0)
                {
                    var top = stack[stack.Count - 1];
                    if (top.IsArray)
                        top.Index++;
                    else
                        expectKey = true;
                }

                i++;
                continue;
            }

            if (c == '/' && i + 1 < text.Length && (text[i + 1] == '/' || text[i + 1] == '*'))
            {
                i = SkipComment(text, i);
                continue;
            }

            switch (c)
            {
                case '{':
                    stack.Add(new JsonFrame(ChildPath(stack), isArray: false));
                    expectKey = true;
                    i++;
                    continue;
                case '[':
                    stack.Add(new JsonFrame(ChildPath(stack), isArray: true));
                    expectKey = false;
                    i++;
                    continue;
                case '}':
                case ']':
                    if (stack.Count > 0)
                        stack.RemoveAt(stack.Count - 1);
                    if (stack.Count > 0)
                        stack[stack.Count - 1].PendingKey = null;
                    expectKey = false;
                    i++;
                    continue;
                case ':':
                    expectKey = false;
                    i++;
                    continue;
                case '"':
                case '\'':
                {
                    var start = i + 1;
                    var value = ReadJsonString(text, ref i, c);
                    var length = i - 1 - start;
                    if (stack.Count == 0)
                        continue;
                    var top = stack[stack.Count - 1];
                    if (!top.IsArray && (expectKey || top.PendingKey is null))
                    {
                        top.PendingKey = value;
                        expectKey = false;
                        continue;
                    }

                    var path = ChildPath(stack) ?? string.Empty;
                    var name = top.IsArray ? NameOf(top.Path) : top.PendingKey ?? string.Empty;
                    entries.Add(new ConfigEntry(path, name, value, start, Math.Max(0, length), IsConnectionStringPath(path)));
                    if (!top.IsArray)
                        top.PendingKey = null;
                    continue;
                }

                default:
                {
                    // Numbers, true/false/null and anything unexpected: skip the bare word.
                    var wordStart = i;
                    while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not (',' or '}' or ']' or ':' or '"' or '\'' or '{' or '['))
                        i++;
                    if (i == wordStart)
                        i++;
                    if (stack.Count > 0 && !stack[stack.Count - 1].IsArray)
                        stack[stack.Count - 1].PendingKey = null;
                    continue;
                }
            }
        }

        return entries;
    }

    private static string? ChildPath(List<JsonFrame> stack)
    {
        if (stack.Count == 0)
            return null;
        var top = stack[stack.Count - 1];
        var segment = top.IsArray ? top.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) : top.PendingKey;
        if (segment is null)
            return top.Path;
        return top.Path is null ? segment : top.Path + ":" + segment;
    }

    private static string NameOf(string? path)
    {
        if (path is null)
            return string.Empty;
        var colon = path.LastIndexOf(':');
        return colon < 0 ? path : path.Substring(colon + 1);
    }

    private static bool IsConnectionStringPath(string path)
        => path.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase);

    private static int SkipComment(string text, int i)
    {
        if (text[i + 1] == '/')
        {
            var end = text.IndexOf('\n', i);
            return end < 0 ? text.Length : end + 1;
        }

        var close = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
        return close < 0 ? text.Length : close + 2;
    }

    /// <summary>Reads a quoted string from <paramref name="i"/> (at the quote) and leaves <paramref name="i"/> after the closing quote.</summary>
    private static string ReadJsonString(string text, ref int i, char quote)
    {
        var builder = new StringBuilder();
        i++;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == quote)
            {
                i++;
                return builder.ToString();
            }

            if (c == '\n')
            {
                // Unterminated string: stop at the end of the line.
                return builder.ToString();
            }

            if (c == '\\' && i + 1 < text.Length)
            {
                var e = text[i + 1];
                i += 2;
                switch (e)
                {
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'u' when i + 4 <= text.Length
                                  && int.TryParse(text.Substring(i, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var code):
                        builder.Append((char)code);
                        i += 4;
                        break;
                    default: builder.Append(e); break;
                }

                continue;
            }

            builder.Append(c);
            i++;
        }

        return builder.ToString();
    }

    // ---- XML (web.config) ----

    /// <summary>
    /// The values of a <c>web.config</c>: <c>&lt;add key="K" value="V"/&gt;</c> gives (K, V);
    /// <c>&lt;add name="N" connectionString="C"/&gt;</c> gives (N, C) marked as a connection string; and every other
    /// attribute gives (attribute name, value), so <c>&lt;network password="…"/&gt;</c> is seen too.
    /// </summary>
    public static List<ConfigEntry> ScanXml(string text)
    {
        var entries = new List<ConfigEntry>();
        var attributes = new List<(string Name, string Value, int Start, int Length)>();
        var elements = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf('<', i);
            if (open < 0 || open + 1 >= text.Length)
                break;
            if (string.CompareOrdinal(text, open, "<!--", 0, 4) == 0)
            {
                var end = text.IndexOf("-->", open + 4, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 3;
                continue;
            }

            if (string.CompareOrdinal(text, open, "<![CDATA[", 0, 9) == 0)
            {
                var end = text.IndexOf("]]>", open + 9, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 3;
                continue;
            }

            var next = text[open + 1];
            if (next is '?' or '!')
            {
                var end = text.IndexOf('>', open + 1);
                i = end < 0 ? text.Length : end + 1;
                continue;
            }

            if (next == '/')
            {
                var end = text.IndexOf('>', open + 2);
                if (elements.Count > 0)
                    elements.RemoveAt(elements.Count - 1);
                i = end < 0 ? text.Length : end + 1;
                continue;
            }

            // Start tag: name, attributes, optional self-closing slash.
            var p = open + 1;
            var nameStart = p;
            while (p < text.Length && !char.IsWhiteSpace(text[p]) && text[p] is not ('>' or '/'))
                p++;
            var elementName = text.Substring(nameStart, p - nameStart);
            attributes.Clear();
            var selfClosing = false;
            while (p < text.Length)
            {
                while (p < text.Length && char.IsWhiteSpace(text[p]))
                    p++;
                if (p >= text.Length)
                    break;
                if (text[p] == '>')
                {
                    p++;
                    break;
                }

                if (text[p] == '/')
                {
                    selfClosing = true;
                    p++;
                    continue;
                }

                var attributeStart = p;
                while (p < text.Length && text[p] is not ('=' or '>' or '/') && !char.IsWhiteSpace(text[p]))
                    p++;
                var attributeName = text.Substring(attributeStart, p - attributeStart);
                while (p < text.Length && char.IsWhiteSpace(text[p]))
                    p++;
                if (p >= text.Length || text[p] != '=')
                {
                    if (attributeName.Length == 0)
                        p++;
                    continue;
                }

                p++;
                while (p < text.Length && char.IsWhiteSpace(text[p]))
                    p++;
                if (p >= text.Length || text[p] is not ('"' or '\''))
                    continue;
                var quote = text[p];
                var valueStart = p + 1;
                var valueEnd = text.IndexOf(quote, valueStart);
                if (valueEnd < 0)
                {
                    p = text.Length;
                    break;
                }

                attributes.Add((attributeName, DecodeXml(text.Substring(valueStart, valueEnd - valueStart)), valueStart, valueEnd - valueStart));
                p = valueEnd + 1;
            }

            AddXmlEntries(entries, elements, elementName, attributes);
            if (!selfClosing && elementName.Length > 0)
                elements.Add(elementName);
            i = p;
        }

        return entries;
    }

    private static void AddXmlEntries(List<ConfigEntry> entries, List<string> elements, string elementName, List<(string Name, string Value, int Start, int Length)> attributes)
    {
        string? key = null;
        string? name = null;
        foreach (var attribute in attributes)
        {
            if (attribute.Name.Equals("key", StringComparison.OrdinalIgnoreCase))
                key = attribute.Value;
            else if (attribute.Name.Equals("name", StringComparison.OrdinalIgnoreCase))
                name = attribute.Value;
        }

        var section = elements.Count > 0 ? elements[elements.Count - 1] : string.Empty;
        foreach (var attribute in attributes)
        {
            var attributeName = attribute.Name;
            if (attributeName.Equals("key", StringComparison.OrdinalIgnoreCase) || attributeName.Equals("name", StringComparison.OrdinalIgnoreCase))
                continue;
            if (elementName.Equals("add", StringComparison.OrdinalIgnoreCase) && key is not null && attributeName.Equals("value", StringComparison.OrdinalIgnoreCase))
            {
                entries.Add(new ConfigEntry(section + ":" + key, key, attribute.Value, attribute.Start, attribute.Length));
            }
            else if (attributeName.Equals("connectionString", StringComparison.OrdinalIgnoreCase))
            {
                var n = name ?? elementName;
                entries.Add(new ConfigEntry("ConnectionStrings:" + n, n, attribute.Value, attribute.Start, attribute.Length, isConnectionString: true));
            }
            else
            {
                entries.Add(new ConfigEntry(elementName + ":" + attributeName, attributeName, attribute.Value, attribute.Start, attribute.Length));
            }
        }
    }

    private static string DecodeXml(string value)
    {
        if (value.IndexOf('&') < 0)
            return value;
        return value.Replace("&quot;", "\"").Replace("&apos;", "'").Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&");
    }
}
