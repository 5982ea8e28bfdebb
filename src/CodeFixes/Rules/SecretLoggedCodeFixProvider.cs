using System;
using System.Collections.Generic;
using System.Composition;
using System.Threading;
using ActionSecurity.Analyzers.CodeFixes.Infrastructure;
using ActionSecurity.Analyzers.Model;
using ActionSecurity.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActionSecurity.Analyzers.CodeFixes.Rules;

/// <summary>
/// AS0008: logs without the secret. A secret passed for a placeholder of a literal message template loses both the argument
/// and the placeholder; a secret interpolated into a message loses its hole (and a <c>label:</c> or <c>name=</c> just
/// before it); anything else is replaced with the masked text <c>"***"</c>. Logging a whole URL gets no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SecretLoggedCodeFixProvider)), Shared]
public sealed class SecretLoggedCodeFixProvider : ActionSecurityCodeFixProvider
{
    private const string Title = "Log without the secret";
    internal const string Mask = "***";
    private static readonly string Key = EquivalenceKeys.For(DiagnosticIds.SecretLogged, "RemoveSecret");

    public SecretLoggedCodeFixProvider()
        : base(Title, Key, DiagnosticIds.SecretLogged)
    {
    }

    private protected override bool CanFix(FixRequest request, Diagnostic diagnostic)
        => Plan(request.Root, request.Model, diagnostic, request.CancellationToken) is not null;

    private protected override void Apply(FixPass pass, Diagnostic diagnostic)
    {
        var editor = pass.Editor;
        var cancellationToken = pass.CancellationToken;
        var plan = Plan(editor.OriginalRoot, editor.SemanticModel, diagnostic, cancellationToken);
        if (plan is not null)
            editor.ReplaceNode(plan.Target, (current, _) => plan.Rewrite(current));
    }

    private sealed class FixPlan
    {
        public FixPlan(SyntaxNode target, Func<SyntaxNode, SyntaxNode> rewrite)
        {
            Target = target;
            Rewrite = rewrite;
        }

        public SyntaxNode Target { get; }
        public Func<SyntaxNode, SyntaxNode> Rewrite { get; }
    }

    private static FixPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Form, out var form) || form is null || form == SecretLoggedAnalyzer.FormUrl)
            return null;
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node is ArgumentSyntax argumentNode)
            node = argumentNode.Expression;
        if (node is not ExpressionSyntax expression || expression.Span != diagnostic.Location.SourceSpan)
            return null;

        switch (form)
        {
            case SecretLoggedAnalyzer.FormInterpolation:
                return PlanInterpolation(expression);
            case SecretLoggedAnalyzer.FormArgument:
                return PlanTemplateArgument(expression, model, cancellationToken) ?? PlanMask(expression, model, cancellationToken);
            case SecretLoggedAnalyzer.FormPart:
                return PlanMask(expression, model, cancellationToken);
            default:
                return null;
        }
    }

    /// <summary><c>$"got {token} from {ip}"</c> → <c>$"got from {ip}"</c>; a string left with nothing becomes <c>"***"</c>.</summary>
    private static FixPlan? PlanInterpolation(ExpressionSyntax expression)
    {
        if (expression.Parent is not InterpolationSyntax interpolation || interpolation.Parent is not InterpolatedStringExpressionSyntax interpolated)
            return null;
        if (interpolated.StringStartToken.Text.IndexOf('"') != interpolated.StringStartToken.Text.Length - 1
            || interpolated.StringStartToken.Text.IndexOf('@') >= 0)
        {
            return null; // raw and verbatim interpolated strings are left alone
        }

        var index = interpolated.Contents.IndexOf(interpolation);
        return new FixPlan(interpolated, current =>
        {
            if (current is not InterpolatedStringExpressionSyntax now || index >= now.Contents.Count || now.Contents[index] is not InterpolationSyntax)
                return current;
            var contents = new List<InterpolatedStringContentSyntax>(now.Contents);
            var before = index > 0 ? contents[index - 1] as InterpolatedStringTextSyntax : null;
            var after = index + 1 < contents.Count ? contents[index + 1] as InterpolatedStringTextSyntax : null;
            var beforeText = before?.TextToken.Text ?? string.Empty;
            var afterText = after?.TextToken.Text ?? string.Empty;
            var afterHole = index > 1 && before is not null || index > 0 && before is null;
            var joined = Join(beforeText, afterText, afterHole);
            var joinedValue = Join(before?.TextToken.ValueText ?? string.Empty, after?.TextToken.ValueText ?? string.Empty, afterHole);
            if (joined is null || joinedValue is null)
            {
                // No readable sentence without the value: it is masked in place.
                joined = beforeText + Mask + afterText;
                joinedValue = (before?.TextToken.ValueText ?? string.Empty) + Mask + (after?.TextToken.ValueText ?? string.Empty);
            }

            var start = before is null ? index : index - 1;
            var count = 1 + (before is null ? 0 : 1) + (after is null ? 0 : 1);
            contents.RemoveRange(start, count);
            if (joined.Length > 0)
            {
                contents.Insert(start, InterpolatedStringText(Token(default, SyntaxKind.InterpolatedStringTextToken, joined, joinedValue, default)));
            }

            var hasContent = false;
            foreach (var content in contents)
            {
                if (content is InterpolationSyntax || content is InterpolatedStringTextSyntax text && text.TextToken.Text.Trim().Length > 0)
                    hasContent = true;
            }

            if (!hasContent)
                return MaskLiteral().WithTriviaFrom(now);
            return now.WithContents(List(contents));
        });
    }

    /// <summary>
    /// <c>logger.LogInformation("Token {Token} for {User}", token, user)</c> → <c>logger.LogInformation("Token for {User}", user)</c>,
    /// when the template is a literal whose placeholders match the arguments one to one.
    /// </summary>
    private static FixPlan? PlanTemplateArgument(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
    {
        if (expression.Parent is not ArgumentSyntax argument || argument.Parent is not ArgumentListSyntax list
            || list.Parent is not InvocationExpressionSyntax invocationSyntax)
        {
            return null;
        }

        if (model.GetOperation(invocationSyntax, cancellationToken) is not IInvocationOperation invocation
            || !LogSinks.Create(model.Compilation).IsTemplateLogger(invocation.TargetMethod))
        {
            return null;
        }

        IArgumentOperation? template = null;
        IArrayCreationOperation? parameters = null;
        foreach (var candidate in invocation.Arguments)
        {
            if (candidate.Parameter?.Name is "message" or "messageFormat")
                template = candidate;
            if (candidate.ArgumentKind == ArgumentKind.ParamArray && candidate.Value is IArrayCreationOperation { Initializer: not null } array && array.IsImplicit)
                parameters = array;
        }

        if (template?.Syntax is not ArgumentSyntax { Expression: LiteralExpressionSyntax templateLiteral } templateArgument
            || !templateLiteral.IsKind(SyntaxKind.StringLiteralExpression) || parameters?.Initializer is null)
        {
            return null;
        }

        var elements = parameters.Initializer.ElementValues;
        var position = -1;
        for (var i = 0; i < elements.Length; i++)
        {
            if (elements[i].Syntax == expression)
                position = i;
        }

        var holes = FindHoles(templateLiteral.Token.ValueText);
        if (position < 0 || holes.Count != elements.Length)
            return null;
        var templateIndex = list.Arguments.IndexOf(templateArgument);
        var argumentIndex = list.Arguments.IndexOf(argument);
        if (templateIndex < 0 || argumentIndex < 0)
            return null;

        return new FixPlan(invocationSyntax, current =>
        {
            if (current is not InvocationExpressionSyntax now || now.ArgumentList.Arguments.Count <= argumentIndex
                || now.ArgumentList.Arguments[templateIndex].Expression is not LiteralExpressionSyntax literal)
            {
                return current;
            }

            var text = literal.Token.ValueText;
            var currentHoles = FindHoles(text);
            if (position >= currentHoles.Count)
                return current;
            var (start, end) = currentHoles[position];
            var newText = Join(text.Substring(0, start), text.Substring(end));
            if (newText is null)
            {
                // No readable sentence without the placeholder: keep it and mask the value.
                var masked = now.ArgumentList.Arguments;
                return now.WithArgumentList(now.ArgumentList.WithArguments(
                    masked.Replace(masked[argumentIndex], masked[argumentIndex].WithExpression(MaskLiteral().WithTriviaFrom(masked[argumentIndex].Expression)))));
            }

            var newLiteral = LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(newText)).WithTriviaFrom(literal);
            var arguments = now.ArgumentList.Arguments;
            arguments = arguments.Replace(arguments[templateIndex], arguments[templateIndex].WithExpression(newLiteral));
            arguments = arguments.RemoveAt(argumentIndex);
            return now.WithArgumentList(now.ArgumentList.WithArguments(arguments));
        });
    }

    /// <summary>Replaces the secret with <c>"***"</c> where a string is accepted.</summary>
    private static FixPlan? PlanMask(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
    {
        var info = model.GetTypeInfo(expression, cancellationToken);
        var target = info.ConvertedType ?? info.Type;
        var stringType = model.Compilation.GetSpecialType(SpecialType.System_String);
        if (target is null || target.TypeKind == TypeKind.Error)
            return null;
        var conversion = model.Compilation.ClassifyConversion(stringType, target);
        if (!conversion.Exists || !conversion.IsImplicit)
            return null;
        if (expression.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax } }
            && model.GetOperation(expression.Parent, cancellationToken) is IArgumentOperation { Parameter: { } parameter }
            && !SymbolEqualityComparer.Default.Equals(parameter.Type, target) && parameter.Type.SpecialType != SpecialType.System_Object
            && target.SpecialType != SpecialType.System_Object)
        {
            return null; // another overload would be chosen
        }

        if (expression.Parent is AnonymousObjectMemberDeclaratorSyntax { NameEquals: null } member)
        {
            var name = expression switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                _ => null,
            };
            if (name is null)
                return null;
            return new FixPlan(member, current => current is AnonymousObjectMemberDeclaratorSyntax now
                ? now.WithNameEquals(NameEquals(IdentifierName(name).WithTrailingTrivia(Space), Token(SyntaxKind.EqualsToken).WithTrailingTrivia(Space))).WithExpression(MaskLiteral().WithTriviaFrom(now.Expression))
                : current);
        }

        return new FixPlan(expression, current => MaskLiteral().WithTriviaFrom(current));
    }

    private static LiteralExpressionSyntax MaskLiteral() => LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(Mask));

    /// <summary>The placeholders of a message template (<c>{Name}</c>, <c>{0}</c>, <c>{Name:format}</c>), skipping <c>{{</c> and <c>}}</c>.</summary>
    internal static List<(int Start, int End)> FindHoles(string template)
    {
        var holes = new List<(int, int)>();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{')
            {
                if (i + 1 < template.Length && template[i + 1] == '{')
                {
                    i++;
                    continue;
                }

                var close = template.IndexOf('}', i + 1);
                if (close < 0)
                    return new List<(int, int)>();
                holes.Add((i, close + 1));
                i = close;
            }
            else if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
            {
                i++;
            }
        }

        return holes;
    }

    /// <summary>Words that need what follows them: with them gone, the placeholder's lead-in reads on.</summary>
    private static readonly HashSet<string> LeadInWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "actual", "and", "are", "as", "be", "been", "but", "by", "computed", "containing", "contains", "equal", "equals",
        "expected", "for", "from", "got", "had", "has", "have", "is", "of", "or", "provided", "to", "using",
        "versus", "via", "vs", "was", "were", "with",
    };

    /// <summary>Words that name the value (with their determiners): part of a lead-in, never a lead-in on their own.</summary>
    private static readonly HashSet<string> NameWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "access", "an", "api", "bearer", "client", "cookie", "header", "its", "key", "keys", "refresh", "session", "the",
        "their", "this", "that", "value", "values", "your",
    };

    /// <summary>
    /// Joins the text around a removed placeholder so the sentence still reads, or returns null when it cannot (then the
    /// value is masked instead). The placeholder's lead-in goes with it: a label (<c>"token: "</c>, <c>"key="</c>), and the
    /// run of words just before it made of words that need an object (<c>expected</c>, <c>with</c>, <c>but got</c>) and words
    /// that name the value (<c>key</c>, <c>secret</c>, <c>the</c>), from the first word that needs an object, or the whole run
    /// when it starts a clause. A conjunction left at the start of a clause goes too, and so does punctuation left dangling
    /// at the end: <c>"Stripe signature mismatch: expected {Expected} but got {Actual}"</c> loses <c>{Expected}</c> as
    /// <c>"Stripe signature mismatch: got {Actual}"</c>, <c>{Actual}</c> as <c>"Stripe signature mismatch: expected {Expected}"</c>,
    /// and both as <c>"Stripe signature mismatch"</c>. Null when nothing would be left, or when what is left would start
    /// with a lower-case word or punctuation (<c>"Using key={ApiKey} in {Region}"</c> would become <c>"in {Region}"</c>).
    /// </summary>
    /// <param name="before">The text before the placeholder.</param>
    /// <param name="after">The text after it.</param>
    /// <param name="afterPlaceholder">
    /// True when <paramref name="before"/> follows another placeholder (a text part of an interpolated string): its start
    /// is then a clause boundary, not the start of the sentence.
    /// </param>
    internal static string? Join(string before, string after, bool afterPlaceholder = false)
    {
        var hadSpace = before.EndsWith(" ", StringComparison.Ordinal) || after.StartsWith(" ", StringComparison.Ordinal);
        var left = before.TrimEnd(' ');

        // A label: "token: ", "key=", "X-Api-Key: ".
        var label = false;
        if (left.Length > 0 && left[left.Length - 1] is ':' or '=')
        {
            var end = left.Length - 1;
            var start = WordStart(left, end);
            if (start < end && IsNameWord(left.Substring(start, end - start)))
            {
                left = left.Substring(0, start).TrimEnd(' ');
                label = true;
            }
        }

        // The lead-in words: scanned back from the placeholder while they need an object or name the value.
        var cut = left.Length;
        var farthestLeadIn = -1;
        var position = left.Length;
        while (position > 0)
        {
            var start = WordStart(left, position);
            if (start == position)
                break;
            var word = left.Substring(start, position - start);
            if (LeadInWords.Contains(word))
                farthestLeadIn = start;
            else if (!IsNameWord(word))
                break;
            cut = start;
            position = start;
            while (position > 0 && left[position - 1] == ' ')
                position--;
        }

        var clauseStart = IsClauseBoundary(left, cut);
        if (cut < left.Length)
        {
            if (label || clauseStart)
                left = left.Substring(0, cut).TrimEnd(' ');
            else if (farthestLeadIn >= 0)
                left = left.Substring(0, farthestLeadIn).TrimEnd(' ');
        }

        var rest = after.TrimStart(' ');

        // A conjunction that now opens a clause: "...mismatch: but got {Actual}" → "...mismatch: got {Actual}".
        if (left.Length == 0 || IsBoundaryChar(left[left.Length - 1]))
        {
            foreach (var conjunction in new[] { "but ", "and ", "or " })
            {
                if (rest.StartsWith(conjunction, StringComparison.OrdinalIgnoreCase))
                {
                    rest = rest.Substring(conjunction.Length).TrimStart(' ');
                    break;
                }
            }
        }

        // Punctuation left dangling before the end or before other punctuation: "mismatch:" → "mismatch".
        if (rest.Length == 0 || IsSentencePunctuation(rest[0]))
        {
            while (left.Length > 0 && (left[left.Length - 1] is ':' or ',' or ';' or '=' or '-' or ' '))
                left = left.Substring(0, left.Length - 1);
        }

        if (left.Length == 0)
        {
            if (afterPlaceholder)
                return rest.Length == 0 || IsSentencePunctuation(rest[0]) || !hadSpace ? rest : " " + rest;
            if (rest.Trim().Length == 0 || char.IsLower(rest[0]) || char.IsPunctuation(rest[0]) && rest[0] != '{')
                return null;
            return rest;
        }

        if (rest.Length == 0)
            return left;
        if (IsSentencePunctuation(rest[0]) || !hadSpace)
            return left + rest;
        return left + " " + rest;
    }

    private static bool IsNameWord(string word)
        => NameWords.Contains(word) || Model.SecretNames.IsSecret(word);

    /// <summary>Where the word ending at <paramref name="end"/> (exclusive) starts: letters, digits, <c>_</c> and <c>-</c>.</summary>
    private static int WordStart(string text, int end)
    {
        var start = end;
        while (start > 0 && (char.IsLetterOrDigit(text[start - 1]) || text[start - 1] is '_' or '-' or '\''))
            start--;
        return start;
    }

    /// <summary>True when the text before <paramref name="cut"/>, spaces aside, is empty or ends in punctuation or a placeholder.</summary>
    private static bool IsClauseBoundary(string text, int cut)
    {
        var i = cut;
        while (i > 0 && text[i - 1] == ' ')
            i--;
        return i == 0 || !char.IsLetterOrDigit(text[i - 1]);
    }

    private static bool IsBoundaryChar(char c) => c is ':' or ',' or ';' or '.' or '!' or '?' or '(' or '[' or '|' or '-' or '=' or '/';

    private static bool IsSentencePunctuation(char c) => c is '.' or ',' or ';' or ':' or '!' or '?' or ')';
}
