using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ActionSecurity.Analyzers.Suppressors;

/// <summary>
/// A small JSON reader for the baseline file (the analyzer assembly takes no dependency, System.Text.Json included).
/// Objects become <see cref="Dictionary{TKey, TValue}"/>, arrays <see cref="List{T}"/>, numbers <see cref="double"/>.
/// </summary>
internal static class MiniJson
{
    private const int MaxDepth = 64;

    public static bool TryParse(string text, out object? value)
    {
        var position = 0;
        try
        {
            value = ReadValue(text, ref position, 0);
            SkipWhitespace(text, ref position);
            return position == text.Length;
        }
        catch (FormatException)
        {
            value = null;
            return false;
        }
    }

    private static object? ReadValue(string text, ref int position, int depth)
    {
        if (depth > MaxDepth)
            throw new FormatException("Nested too deeply.");
        SkipWhitespace(text, ref position);
        if (position >= text.Length)
            throw new FormatException("Unexpected end.");
        switch (text[position])
        {
            case '{':
                return ReadObject(text, ref position, depth);
            case '[':
                return ReadArray(text, ref position, depth);
            case '"':
                return ReadString(text, ref position);
            case 't':
                Expect(text, ref position, "true");
                return true;
            case 'f':
                Expect(text, ref position, "false");
                return false;
            case 'n':
                Expect(text, ref position, "null");
                return null;
            default:
                return ReadNumber(text, ref position);
        }
    }

    private static Dictionary<string, object?> ReadObject(string text, ref int position, int depth)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        position++;
        SkipWhitespace(text, ref position);
        if (position < text.Length && text[position] == '}')
        {
            position++;
            return result;
        }

        while (true)
        {
            SkipWhitespace(text, ref position);
            if (position >= text.Length || text[position] != '"')
                throw new FormatException("Expected a property name.");
            var name = ReadString(text, ref position);
            SkipWhitespace(text, ref position);
            Expect(text, ref position, ":");
            result[name] = ReadValue(text, ref position, depth + 1);
            SkipWhitespace(text, ref position);
            if (position < text.Length && text[position] == ',')
            {
                position++;
                continue;
            }

            Expect(text, ref position, "}");
            return result;
        }
    }

    private static List<object?> ReadArray(string text, ref int position, int depth)
    {
        var result = new List<object?>();
        position++;
        SkipWhitespace(text, ref position);
        if (position < text.Length && text[position] == ']')
        {
            position++;
            return result;
        }

        while (true)
        {
            result.Add(ReadValue(text, ref position, depth + 1));
            SkipWhitespace(text, ref position);
            if (position < text.Length && text[position] == ',')
            {
                position++;
                continue;
            }

            Expect(text, ref position, "]");
            return result;
        }
    }

    private static string ReadString(string text, ref int position)
    {
        var result = new StringBuilder();
        position++;
        while (position < text.Length)
        {
            var character = text[position++];
            if (character == '"')
                return result.ToString();
            if (character != '\\')
            {
                result.Append(character);
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

    private static double ReadNumber(string text, ref int position)
    {
        var start = position;
        while (position < text.Length && "+-0123456789.eE".IndexOf(text[position]) >= 0)
            position++;
        if (position == start
            || !double.TryParse(text.Substring(start, position - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            throw new FormatException("Expected a value.");
        }

        return number;
    }

    private static void Expect(string text, ref int position, string token)
    {
        if (string.CompareOrdinal(text, position, token, 0, token.Length) != 0)
            throw new FormatException("Expected " + token + ".");
        position += token.Length;
    }

    private static void SkipWhitespace(string text, ref int position)
    {
        while (position < text.Length && (text[position] == ' ' || text[position] == '\t' || text[position] == '\n' || text[position] == '\r' || text[position] == '\uFEFF'))
            position++;
    }
}
