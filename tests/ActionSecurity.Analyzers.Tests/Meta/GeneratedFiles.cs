using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using ActionSecurity.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace ActionSecurity.Analyzers.Tests.Meta;

/// <summary>
/// The parts of files that are generated from the descriptors and option definitions: README's rule table, the rule
/// index, each rule page's title and properties block, the options table of docs/configuration.md and the package's
/// analysis-mode global configs. <see cref="GeneratedFilesTests"/> checks them; with ACTIONSECURITY_UPDATE_GENERATED=1
/// it rewrites them.
/// </summary>
internal static class GeneratedFiles
{
    public const string NewLine = "\n";

    /// <summary>Path (relative to the repository root) → expected full content.</summary>
    public static IReadOnlyDictionary<string, string> Expected()
    {
        var root = RuleCatalog.RepositoryRoot;
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);

        var readme = Read(root, "README.md");
        files["README.md"] = ReplaceBetween(readme, "<!-- rules -->", "<!-- /rules -->", RuleTable(linkPrefix: "docs/rules/"));
        files["docs/rules/README.md"] = RuleIndex();
        foreach (var descriptor in RuleCatalog.Descriptors)
        {
            var path = "docs/rules/" + descriptor.Id + ".md";
            var page = Read(root, path);
            files[path] = page.Length == 0 ? page : RulePage(descriptor, page);
        }

        var configuration = Read(root, "docs/configuration.md");
        files["docs/configuration.md"] = ReplaceBetween(configuration, "<!-- options -->", "<!-- /options -->", OptionsTable());
        foreach (var mode in new[] { "default", "strict", "none" })
            files["src/Package/config/" + mode + ".globalconfig"] = GlobalConfig(mode);
        return files;
    }

    public static string Read(string root, string relative)
    {
        var path = Path.Combine(root, relative);
        return File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : "";
    }

    public static string RuleTable(string linkPrefix)
    {
        var text = new StringBuilder();
        text.Append("| id | title | default | code fix |").Append(NewLine);
        text.Append("|---|---|---|---|").Append(NewLine);
        foreach (var descriptor in RuleCatalog.Descriptors)
        {
            text.Append("| [").Append(descriptor.Id).Append("](").Append(linkPrefix).Append(descriptor.Id).Append(".md) | ")
                .Append(descriptor.Title.ToString(CultureInfo.InvariantCulture)).Append(" | ")
                .Append(descriptor.DefaultSeverity).Append(" | ")
                .Append(RuleCatalog.CodeFixesFor(descriptor.Id).Any() ? "Yes" : "No").Append(" |").Append(NewLine);
        }

        return text.ToString();
    }

    private static string RuleIndex()
    {
        var text = new StringBuilder();
        text.Append("# Rules").Append(NewLine).Append(NewLine);
        text.Append("<!-- This file is generated from the descriptors; edit src/Analyzers/Descriptors.cs and run the tests with ACTIONSECURITY_UPDATE_GENERATED=1. -->").Append(NewLine).Append(NewLine);
        text.Append("| id | title | default | code fix | CWE |").Append(NewLine);
        text.Append("|---|---|---|---|---|").Append(NewLine);
        foreach (var descriptor in RuleCatalog.Descriptors)
        {
            text.Append("| [").Append(descriptor.Id).Append("](").Append(descriptor.Id).Append(".md) | ")
                .Append(descriptor.Title.ToString(CultureInfo.InvariantCulture)).Append(" | ")
                .Append(descriptor.DefaultSeverity).Append(" | ")
                .Append(RuleCatalog.CodeFixesFor(descriptor.Id).Any() ? "Yes" : "No").Append(" | ")
                .Append(RuleCatalog.Cwe(descriptor)).Append(" |").Append(NewLine);
        }

        text.Append(NewLine).Append("Options for all rules: [configuration](../configuration.md).").Append(NewLine);
        return text.ToString();
    }

    private static string RulePage(DiagnosticDescriptor descriptor, string page)
    {
        var title = "# " + descriptor.Id + ": " + descriptor.Title.ToString(CultureInfo.InvariantCulture);
        var firstLineEnd = page.IndexOf('\n');
        var rest = firstLineEnd < 0 ? "" : page.Substring(firstLineEnd + 1);
        var sources = RuleCatalog.AnalyzersFor(descriptor.Id).Concat(RuleCatalog.CodeFixesFor(descriptor.Id)).Select(t => t.Name + ".cs");
        var block = new StringBuilder();
        block.Append("| Property | Value |").Append(NewLine);
        block.Append("|---|---|").Append(NewLine);
        block.Append("| Rule ID | ").Append(descriptor.Id).Append(" |").Append(NewLine);
        block.Append("| Category | ").Append(descriptor.Category).Append(" |").Append(NewLine);
        block.Append("| Default severity | ").Append(descriptor.DefaultSeverity).Append(" |").Append(NewLine);
        block.Append("| Enabled by default | ").Append(descriptor.IsEnabledByDefault ? "Yes" : "No").Append(" |").Append(NewLine);
        block.Append("| Code fix | ").Append(RuleCatalog.CodeFixesFor(descriptor.Id).Any() ? "Yes" : "No").Append(" |").Append(NewLine);
        block.Append("| CWE | ").Append(RuleCatalog.Cwe(descriptor)).Append(" |").Append(NewLine);
        block.Append("| Sources | ").Append(string.Join(", ", sources)).Append(" |").Append(NewLine);
        return ReplaceBetween(title + NewLine + rest, "<!-- generated:properties -->", "<!-- /generated:properties -->", block.ToString());
    }

    private static string OptionsTable()
    {
        var text = new StringBuilder();
        text.Append("| key | default | rules | meaning |").Append(NewLine);
        text.Append("|---|---|---|---|").Append(NewLine);
        foreach (var option in ActionSecurityOptions.All)
        {
            text.Append("| `").Append(option.Key).Append("` | ")
                .Append(option.DefaultValue.Length == 0 ? "(none)" : "`" + option.DefaultValue + "`").Append(" | ")
                .Append(string.Join(", ", option.RuleIds)).Append(" | ")
                .Append(option.Description).Append(" |").Append(NewLine);
        }

        return text.ToString();
    }

    public static string GlobalConfig(string mode)
    {
        var text = new StringBuilder();
        text.Append("is_global = true").Append(NewLine);
        text.Append("global_level = -100").Append(NewLine).Append(NewLine);
        text.Append("# ActionSecurity.Analyzers analysis mode '").Append(mode).Append("'. Generated from the descriptors; do not edit.").Append(NewLine);
        text.Append("# The lowest global_level, so a project's own .editorconfig, .globalconfig and dotnet_diagnostic entries win.").Append(NewLine).Append(NewLine);
        foreach (var descriptor in RuleCatalog.Descriptors)
        {
            var severity = mode switch
            {
                "strict" => "error",
                "none" => "none",
                _ => descriptor.DefaultSeverity switch
                {
                    DiagnosticSeverity.Error => "error",
                    DiagnosticSeverity.Warning => "warning",
                    DiagnosticSeverity.Info => "suggestion",
                    _ => "silent",
                },
            };
            text.Append("# ").Append(descriptor.Id).Append(": ").Append(descriptor.Title.ToString(CultureInfo.InvariantCulture)).Append(NewLine);
            text.Append("dotnet_diagnostic.").Append(descriptor.Id).Append(".severity = ").Append(severity).Append(NewLine);
        }

        return text.ToString();
    }

    private static string ReplaceBetween(string text, string start, string end, string content)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        if (from < 0 || to < from)
            return text;
        var head = text.Substring(0, from + start.Length);
        return head + NewLine + content + text.Substring(to);
    }
}
