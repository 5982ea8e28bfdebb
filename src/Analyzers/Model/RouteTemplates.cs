using System;

namespace ActionSecurity.Analyzers.Model;

/// <summary>Reads parameter names out of ASP.NET Core route templates (<c>/hooks/{id:int}/{*rest}</c>).</summary>
internal static class RouteTemplates
{
    /// <summary>True when <paramref name="template"/> declares a route parameter named <paramref name="name"/>.</summary>
    public static bool HasParameter(string? template, string name)
    {
        if (template is null)
            return false;
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
                return false;
            if (open + 1 < template.Length && template[open + 1] == '{')
            {
                i = open + 2;
                continue;
            }

            var start = open + 1;
            while (start < template.Length && template[start] == '*')
                start++;
            var end = start;
            while (end < template.Length && template[end] is not (':' or '=' or '?' or '}'))
                end++;
            if (end - start == name.Length && string.Compare(template, start, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0)
                return true;
            var close = template.IndexOf('}', end);
            if (close < 0)
                return false;
            i = close + 1;
        }

        return false;
    }
}
