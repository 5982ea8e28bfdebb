using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace ActionSecurity.Analyzers.Suppressors;

/// <summary>
/// Suppresses the findings recorded in the project's <c>actionsecurity.baseline.json</c> (an additional file the
/// package passes when it exists), so a team can accept today's findings and fail the build only on new ones.
/// Matching is by rule, file and line fingerprint, never by line number; see <see cref="Baseline"/>.
/// </summary>
/// <remarks>
/// Suppressed findings stay in the compiler's SARIF log, marked suppressed with the justification below, as for every
/// <see cref="DiagnosticSuppressor"/>. A malformed baseline suppresses nothing, so its findings show up again.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BaselineSuppressor : DiagnosticSuppressor
{
    internal const string Justification =
        "Accepted in actionsecurity.baseline.json: the finding existed when the baseline was recorded. Fix it, then update the baseline (dotnet build -p:ActionSecurityUpdateBaseline=true) to drop the entry.";

    private static readonly ImmutableArray<string> RuleIds = ImmutableArray.Create(
        DiagnosticIds.HardcodedSecret,
        DiagnosticIds.QueryStringSecret,
        DiagnosticIds.NonConstantTimeComparison,
        DiagnosticIds.UnauthenticatedHandler,
        DiagnosticIds.DirectSetCookie,
        DiagnosticIds.FailOpenSecretCheck,
        DiagnosticIds.AuthFailureStatus,
        DiagnosticIds.SecretLogged,
        DiagnosticIds.InsecureCookieFlags);

    private static readonly ImmutableDictionary<string, SuppressionDescriptor> DescriptorsByRule = CreateDescriptors();

    public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } =
        ImmutableArray.CreateRange(DescriptorsByRule.Values);

    /// <summary>The suppression id for a rule: the rule id with <c>B</c> (baseline) after <c>AS</c>, e.g. <c>ASB0002</c>.</summary>
    internal static string SuppressionId(string ruleId) => "ASB" + ruleId.Substring(2);

    public override void ReportSuppressions(SuppressionAnalysisContext context)
    {
        var baselineFile = FindBaselineFile(context.Options.AdditionalFiles);
        if (baselineFile is null)
            return;
        var baselineText = baselineFile.GetText(context.CancellationToken);
        var baseline = baselineText is null ? null : Baseline.Parse(baselineText.ToString());
        if (baseline is null || baseline.Count == 0)
            return;
        var directory = Path.GetDirectoryName(baselineFile.Path) ?? "";

        // Findings per key, so that a key accepted n times suppresses the first n of them in file order.
        var byKey = new Dictionary<string, List<(Diagnostic Diagnostic, LinePosition Start)>>(StringComparer.OrdinalIgnoreCase);
        foreach (var diagnostic in context.ReportedDiagnostics)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (!DescriptorsByRule.ContainsKey(diagnostic.Id))
                continue;
            var key = KeyOf(diagnostic, directory, context.Options.AdditionalFiles, context.CancellationToken, out var start);
            if (key is null || baseline.Accepted(key) == 0)
                continue;
            if (!byKey.TryGetValue(key, out var list))
                byKey[key] = list = new List<(Diagnostic, LinePosition)>();
            list.Add((diagnostic, start));
        }

        foreach (var pair in byKey)
        {
            var list = pair.Value;
            list.Sort(static (a, b) => a.Start.CompareTo(b.Start));
            var accepted = Math.Min(baseline.Accepted(pair.Key), list.Count);
            for (var i = 0; i < accepted; i++)
                context.ReportSuppression(Suppression.Create(DescriptorsByRule[list[i].Diagnostic.Id], list[i].Diagnostic));
        }
    }

    private static AdditionalText? FindBaselineFile(ImmutableArray<AdditionalText> files)
    {
        foreach (var file in files)
        {
            if (string.Equals(Path.GetFileName(file.Path), Baseline.FileName, StringComparison.OrdinalIgnoreCase))
                return file;
        }

        return null;
    }

    private static string? KeyOf(Diagnostic diagnostic, string directory, ImmutableArray<AdditionalText> additionalFiles, CancellationToken cancellationToken, out LinePosition start)
    {
        start = default;
        var location = diagnostic.Location;
        SourceText? text = null;
        if (location.Kind == LocationKind.SourceFile && location.SourceTree is { } tree)
        {
            text = tree.GetText(cancellationToken);
        }
        else if (location.Kind == LocationKind.ExternalFile)
        {
            // Configuration files (AS0001): the package passes them as additional files.
            var path = location.GetLineSpan().Path;
            foreach (var file in additionalFiles)
            {
                if (string.Equals(file.Path, path, StringComparison.OrdinalIgnoreCase))
                {
                    text = file.GetText(cancellationToken);
                    break;
                }
            }
        }

        if (text is null)
            return null;
        var span = location.GetLineSpan();
        if (!span.IsValid || span.StartLinePosition.Line >= text.Lines.Count)
            return null;
        start = span.StartLinePosition;
        var line = text.Lines[start.Line].ToString();
        return Baseline.Key(diagnostic.Id, Baseline.RelativePath(directory, span.Path), Baseline.Fingerprint(line));
    }

    private static ImmutableDictionary<string, SuppressionDescriptor> CreateDescriptors()
    {
        var builder = ImmutableDictionary.CreateBuilder<string, SuppressionDescriptor>(StringComparer.Ordinal);
        foreach (var id in RuleIds)
            builder[id] = new SuppressionDescriptor(SuppressionId(id), id, Justification);
        return builder.ToImmutable();
    }
}
