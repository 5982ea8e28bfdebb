using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.CodeFixes.Infrastructure;
using ActionSecurity.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActionSecurity.Analyzers.CodeFixes.Rules;

/// <summary>
/// AS0008: logs without the secret. A secret passed for a placeholder of a literal message template loses both the argument
/// and the placeholder; a secret interpolated into a message loses its hole (and a <c>label:</c> or <c>name=</c> just
/// before it); anything else is replaced with the masked text <c>"***"</c>. Logging a whole URL gets no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SecretLoggedCodeFixProvider)), Shared]
public sealed class SecretLoggedCodeFixProvider : CodeFixProvider
{
    private const string Title = "Log without the secret";
    internal const string Mask = "***";
    private static readonly string Key = EquivalenceKeys.For(DiagnosticIds.SecretLogged, "RemoveSecret");
    private static readonly EditorFix Fix = ApplyAsync;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SecretLogged);

    public override FixAllProvider GetFixAllProvider() => EditorFixAllProvider.Create(Fix);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
            return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (Plan(root, model, diagnostic, context.CancellationToken) is null)
                continue;
            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => EditorFixAllProvider.ApplyAsync(document, diagnostic, Fix, ct), Key),
                diagnostic);
        }
    }

    private static Task ApplyAsync(DocumentEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var plan = Plan(editor.OriginalRoot, editor.SemanticModel, diagnostic, cancellationToken);
        if (plan is not null)
            editor.ReplaceNode(plan.Target, (current, _) => plan.Rewrite(current));
        return Task.CompletedTask;
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
        if (!diagnostic.Properties.TryGetValue(SecretLoggedAnalyzer.FormProperty, out var form) || form is null || form == SecretLoggedAnalyzer.FormUrl)
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
            var joined = Join(before?.TextToken.Text ?? string.Empty, after?.TextToken.Text ?? string.Empty);
            var joinedValue = Join(before?.TextToken.ValueText ?? string.Empty, after?.TextToken.ValueText ?? string.Empty);
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

    /// <summary>
    /// Joins the text around a removed placeholder: drops a label that introduced it (<c>"token: "</c>, <c>"key="</c>) and
    /// the doubled space the removal leaves.
    /// </summary>
    internal static string Join(string before, string after)
    {
        var left = before;
        var trimmed = left.TrimEnd(' ');
        if (trimmed.EndsWith(":", StringComparison.Ordinal) || trimmed.EndsWith("=", StringComparison.Ordinal))
        {
            var end = trimmed.Length - 1;
            var start = end;
            while (start > 0 && (char.IsLetterOrDigit(trimmed[start - 1]) || trimmed[start - 1] is '_' or '-'))
                start--;
            left = trimmed.Substring(0, start);
        }

        if (left.EndsWith(" ", StringComparison.Ordinal) && (after.Length == 0 || after.StartsWith(" ", StringComparison.Ordinal) || char.IsPunctuation(after[0])))
            left = left.TrimEnd(' ');
        else if (left.Length == 0 && after.StartsWith(" ", StringComparison.Ordinal))
            after = after.TrimStart(' ');
        return left + after;
    }
}
