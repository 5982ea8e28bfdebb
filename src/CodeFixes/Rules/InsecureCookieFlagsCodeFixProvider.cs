using System;
using System.Collections.Generic;
using System.Composition;
using System.Globalization;
using System.Threading;
using ActionSecurity.Analyzers.CodeFixes.Infrastructure;
using ActionSecurity.Analyzers.Infrastructure;
using ActionSecurity.Analyzers.Model;
using ActionSecurity.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActionSecurity.Analyzers.CodeFixes.Rules;

/// <summary>
/// AS0009: sets <c>Secure = true</c>, <c>HttpOnly = true</c> and <c>SameSite = SameSiteMode.Strict</c> (or the framework's
/// equivalent) on the cookie: adds a <c>CookieOptions</c> argument to <c>Append</c> when there is none, completes or
/// corrects the initializer of the options or cookie object otherwise, appends the attributes to a <c>Set-Cookie</c>
/// header string, and corrects insecure <c>CookieBuilder</c> assignments.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InsecureCookieFlagsCodeFixProvider)), Shared]
public sealed class InsecureCookieFlagsCodeFixProvider : ActionSecurityCodeFixProvider
{
    private const string Title = "Set Secure, HttpOnly and SameSite on the cookie";
    private static readonly string Key = EquivalenceKeys.For(DiagnosticIds.InsecureCookieFlags, "SetFlags");
    private static readonly CookieFlags[] Order = { CookieFlags.Secure, CookieFlags.HttpOnly, CookieFlags.SameSite };

    public InsecureCookieFlagsCodeFixProvider()
        : base(Title, Key, DiagnosticIds.InsecureCookieFlags)
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
        {
            // In Fix All, several diagnostics can edit one node (two Append calls sharing one options local). A node may be
            // replaced only once per editor, so later edits of the same node merge their flags into the first one.
            var edited = pass.State<Dictionary<SyntaxNode, Edit>>();
            foreach (var edit in plan)
            {
                if (edited.TryGetValue(edit.Node, out var first))
                {
                    first.Flags |= edit.Flags;
                    continue;
                }

                edited.Add(edit.Node, edit);
                var rewrite = edit.Rewrite;
                editor.ReplaceNode(edit.Node, (current, generator) => rewrite(current, generator, edit.Flags));
            }
        }
    }

    private sealed class Edit
    {
        public Edit(SyntaxNode node, CookieFlags flags, Func<SyntaxNode, SyntaxGenerator, CookieFlags, SyntaxNode> rewrite)
        {
            Node = node;
            Flags = flags;
            Rewrite = rewrite;
        }

        public SyntaxNode Node { get; }

        /// <summary>The flags the edit sets; merged when several diagnostics edit the same node.</summary>
        public CookieFlags Flags { get; set; }

        public Func<SyntaxNode, SyntaxGenerator, CookieFlags, SyntaxNode> Rewrite { get; }
    }

    private static List<Edit>? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Kind, out var kind)
            || !diagnostic.Properties.TryGetValue(DiagnosticProperties.Flags, out var flagsText)
            || !int.TryParse(flagsText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var flagsValue))
        {
            return null;
        }

        var flags = (CookieFlags)flagsValue & CookieFlags.All;
        var span = diagnostic.Location.SourceSpan;
        SyntaxNode? node = root.FindNode(span, getInnermostNodeForTie: true);
        while (node is not null && node.Span != span)
            node = node.Parent;
        if (node is null || flags == CookieFlags.None)
            return null;
        var types = CookieTypes.GetOrCreate(model.Compilation);
        return kind switch
        {
            CookieAnalyzer.KindNoAttributes => PlanNoAttributes(node, model, types, cancellationToken),
            CookieAnalyzer.KindCarrier => PlanCarrier(node, model, types, flags, cancellationToken),
            CookieAnalyzer.KindHeader => PlanHeader(node, flags),
            CookieAnalyzer.KindBuilder => PlanBuilder(node, model, types, cancellationToken),
            _ => null,
        };
    }

    // ---- Append(name, value) with no attributes object ----

    private static List<Edit>? PlanNoAttributes(SyntaxNode node, SemanticModel model, CookieTypes types, CancellationToken cancellationToken)
    {
        if (node is not InvocationExpressionSyntax invocation
            || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation
            || CookieWrites.Classify(operation, types, cancellationToken) is not { Carrier: null, Name: not null, Value: not null } write)
        {
            return null;
        }

        if (write.Kind == CookieWriteKind.AspNetCoreAppend && types.CookieOptions is { } optionsType)
        {
            var named = false;
            foreach (var argument in invocation.ArgumentList.Arguments)
                named |= argument.NameColon is not null;
            return Single(invocation, (current, generator) =>
            {
                var call = (InvocationExpressionSyntax)current;
                var creation = NewWithFlags(generator, optionsType, null, CookieFlags.All);
                var argument = Argument(creation);
                if (named)
                    argument = argument.WithNameColon(NameColon(IdentifierName("options")));
                return call.WithArgumentList(call.ArgumentList.AddArguments(argument));
            });
        }

        if (write.Kind == CookieWriteKind.WorkerAppend && types.WorkerHttpCookie is { } cookieType
            && HasStringPairConstructor(cookieType) && HasSingleCookieAppend(operation.TargetMethod.ContainingType, cookieType)
            && write.Name.Syntax is ArgumentSyntax nameArgument && write.Value.Syntax is ArgumentSyntax valueArgument)
        {
            var supported = CookieAttributeAnalysis.Supported(cookieType);
            return Single(invocation, (current, generator) =>
            {
                var call = (InvocationExpressionSyntax)current;
                var arguments = ArgumentList(SeparatedList(new[]
                {
                    Argument(nameArgument.Expression.WithoutTrivia()),
                    Argument(valueArgument.Expression.WithoutTrivia()),
                }));
                var creation = NewWithFlags(generator, cookieType, arguments, supported);
                return call.WithArgumentList(call.ArgumentList.WithArguments(SingletonSeparatedList(Argument(creation))));
            });
        }

        return null;
    }

    private static bool HasStringPairConstructor(INamedTypeSymbol type)
    {
        foreach (var constructor in type.InstanceConstructors)
        {
            if (constructor.DeclaredAccessibility == Accessibility.Public && constructor.Parameters.Length == 2
                && constructor.Parameters[0].Type.SpecialType == SpecialType.System_String
                && constructor.Parameters[1].Type.SpecialType == SpecialType.System_String)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasSingleCookieAppend(INamedTypeSymbol cookies, INamedTypeSymbol cookieType)
    {
        for (ITypeSymbol? type = cookies; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers("Append"))
            {
                if (member is IMethodSymbol { Parameters.Length: 1 } method && cookieType.IsOrDerivesFrom(method.Parameters[0].Type as INamedTypeSymbol))
                    return true;
            }
        }

        return false;
    }

    /// <summary><c>new T(arguments) { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict }</c>.</summary>
    private static ObjectCreationExpressionSyntax NewWithFlags(SyntaxGenerator generator, INamedTypeSymbol type, ArgumentListSyntax? arguments, CookieFlags flags)
    {
        var members = new List<ExpressionSyntax>();
        foreach (var flag in Order)
        {
            if ((flags & flag) != 0 && SecureValue(generator, type, flag) is { } value)
                members.Add(Member(flag, value));
        }

        return ObjectCreationExpression((TypeSyntax)TypeName(generator, type))
            .WithArgumentList(arguments)
            .WithInitializer(InitializerExpression(SyntaxKind.ObjectInitializerExpression, SeparatedList(members)))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    // ---- an attributes object traced to its creation ----

    private static List<Edit>? PlanCarrier(SyntaxNode node, SemanticModel model, CookieTypes types, CookieFlags flags, CancellationToken cancellationToken)
    {
        var invocationSyntax = node.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } } ? call : null;
        if (invocationSyntax is null
            || model.GetOperation(invocationSyntax, cancellationToken) is not IInvocationOperation operation
            || CookieWrites.Classify(operation, types, cancellationToken) is not { Carrier: { } carrier, CarrierType: { } carrierType }
            || carrier.Value.Syntax != node)
        {
            return null;
        }

        var attributes = CookieAttributeAnalysis.Analyze(carrier.Value, carrierType, cancellationToken);
        if (attributes?.Creation?.Syntax is not BaseObjectCreationExpressionSyntax creation
            || creation.SyntaxTree != node.SyntaxTree
            || attributes.Creation.Type is not INamedTypeSymbol createdType)
        {
            return null;
        }

        var edits = new List<Edit>();
        var inInitializer = CookieFlags.None;
        foreach (var flag in Order)
        {
            if ((flags & flag) == 0)
                continue;
            var correctedOutside = false;
            foreach (var assignment in attributes.Assignments)
            {
                if (assignment.Target is not IPropertyReferenceOperation target
                    || CookieAttributeAnalysis.FlagOf(target.Property.Name) != flag
                    || CookieAttributeAnalysis.IsSecureValue(flag, assignment.Value) != false
                    || assignment.Syntax is not AssignmentExpressionSyntax syntax)
                {
                    continue;
                }

                if (creation.Initializer is not null && creation.Initializer.Span.Contains(syntax.Span))
                    continue; // corrected together with the initializer
                var right = syntax.Right;
                var owner = createdType;
                edits.Add(new Edit(right, flag, (current, generator, _) =>
                    SecureValue(generator, owner, flag) is { } value ? value.WithTriviaFrom(current) : current));
                correctedOutside = true;
            }

            if (!correctedOutside)
                inInitializer |= flag;
        }

        if (inInitializer != CookieFlags.None)
        {
            edits.Add(new Edit(creation, inInitializer, (current, generator, set) => CompleteInitializer((BaseObjectCreationExpressionSyntax)current, generator, createdType, set)));
        }

        return edits.Count == 0 ? null : edits;
    }

    /// <summary>Sets each flag in the creation's initializer: corrects an existing member, or adds one.</summary>
    private static SyntaxNode CompleteInitializer(BaseObjectCreationExpressionSyntax creation, SyntaxGenerator generator, INamedTypeSymbol type, CookieFlags flags)
    {
        var trailing = creation.GetTrailingTrivia();
        var result = creation.WithoutTrailingTrivia();
        var initializer = result.Initializer;
        var added = new List<ExpressionSyntax>();
        foreach (var flag in Order)
        {
            if ((flags & flag) == 0 || SecureValue(generator, type, flag) is not { } value)
                continue;
            var existing = FindMember(initializer, flag);
            if (existing is not null && initializer is not null)
            {
                initializer = initializer.ReplaceNode(existing, existing.WithRight(value.WithTriviaFrom(existing.Right)));
                continue;
            }

            added.Add(Member(flag, value));
        }

        if (added.Count > 0)
        {
            if (initializer is null)
            {
                initializer = InitializerExpression(SyntaxKind.ObjectInitializerExpression, SeparatedList(added))
                    .WithAdditionalAnnotations(Formatter.Annotation);
                if (result is ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0 } plain)
                    result = plain.WithType(plain.Type.WithoutTrailingTrivia()).WithArgumentList(null);
                result = result.WithInitializer(initializer.WithLeadingTrivia(Space));
                return result.WithAdditionalAnnotations(Formatter.Annotation).WithTrailingTrivia(trailing);
            }

            initializer = AddMembers(initializer, added);
        }

        return result.WithInitializer(initializer).WithTrailingTrivia(trailing);
    }

    private static AssignmentExpressionSyntax? FindMember(InitializerExpressionSyntax? initializer, CookieFlags flag)
    {
        if (initializer is null)
            return null;
        foreach (var expression in initializer.Expressions)
        {
            if (expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax name } assignment
                && CookieAttributeAnalysis.FlagOf(name.Identifier.ValueText) == flag)
            {
                return assignment;
            }
        }

        return null;
    }

    /// <summary>Appends members to an initializer in its own layout: one per line when it is multi-line, else inline.</summary>
    private static InitializerExpressionSyntax AddMembers(InitializerExpressionSyntax initializer, List<ExpressionSyntax> added)
    {
        var expressions = initializer.Expressions;
        var separators = expressions.GetSeparators();
        var hasTrailingComma = expressions.Count > 0 && expressions.SeparatorCount == expressions.Count;
        var multiLine = HasEndOfLine(initializer.OpenBraceToken.TrailingTrivia);
        var items = new List<SyntaxNodeOrToken>();

        if (!multiLine)
        {
            foreach (var expression in expressions)
            {
                if (items.Count > 0)
                    items.Add(Token(SyntaxKind.CommaToken).WithTrailingTrivia(Space));
                items.Add(expression.WithoutTrivia());
            }

            foreach (var expression in added)
            {
                if (items.Count > 0)
                    items.Add(Token(SyntaxKind.CommaToken).WithTrailingTrivia(Space));
                items.Add(expression);
            }

            return initializer
                .WithOpenBraceToken(initializer.OpenBraceToken.WithTrailingTrivia(Space))
                .WithExpressions(SeparatedList<ExpressionSyntax>(items))
                .WithCloseBraceToken(initializer.CloseBraceToken.WithLeadingTrivia(Space));
        }

        var endOfLine = EndOfLineOf(initializer.OpenBraceToken.TrailingTrivia);
        var indentation = expressions.Count > 0
            ? expressions[0].GetLeadingTrivia()
            : TriviaList(initializer.CloseBraceToken.LeadingTrivia).Add(Whitespace("    "));
        var i = 0;
        foreach (var separator in separators)
        {
            items.Add(expressions[i++]);
            items.Add(separator);
        }

        if (i < expressions.Count)
        {
            var last = expressions[i];
            var lastTrailing = last.GetTrailingTrivia();
            items.Add(last.WithoutTrailingTrivia());
            items.Add(Token(SyntaxKind.CommaToken).WithTrailingTrivia(HasEndOfLine(lastTrailing) ? lastTrailing : TriviaList(endOfLine)));
        }

        for (var k = 0; k < added.Count; k++)
        {
            var isLast = k == added.Count - 1;
            var item = added[k].WithLeadingTrivia(indentation);
            if (isLast && !hasTrailingComma)
            {
                items.Add(item.WithTrailingTrivia(endOfLine));
            }
            else
            {
                items.Add(item);
                items.Add(Token(SyntaxKind.CommaToken).WithTrailingTrivia(endOfLine));
            }
        }

        return initializer.WithExpressions(SeparatedList<ExpressionSyntax>(items));
    }

    /// <summary>The document's own line break (as found after the opening brace), so no mixed line endings are written.</summary>
    private static SyntaxTrivia EndOfLineOf(SyntaxTriviaList trivia)
    {
        foreach (var item in trivia)
        {
            if (item.IsKind(SyntaxKind.EndOfLineTrivia))
                return item;
        }

        return CarriageReturnLineFeed;
    }

    private static bool HasEndOfLine(SyntaxTriviaList trivia)
    {
        foreach (var item in trivia)
        {
            if (item.IsKind(SyntaxKind.EndOfLineTrivia))
                return true;
        }

        return false;
    }

    // ---- Set-Cookie header text ----

    private static List<Edit>? PlanHeader(SyntaxNode node, CookieFlags flags)
    {
        if (node is not ExpressionSyntax expression)
            return null;
        var suffix = Suffix(flags);
        return Single(expression, (current, _) => AppendAttributes((ExpressionSyntax)current, flags, suffix));
    }

    private static string Suffix(CookieFlags flags)
    {
        var text = new System.Text.StringBuilder();
        if ((flags & CookieFlags.Secure) != 0)
            text.Append("; Secure");
        if ((flags & CookieFlags.HttpOnly) != 0)
            text.Append("; HttpOnly");
        if ((flags & CookieFlags.SameSite) != 0)
            text.Append("; SameSite=Strict");
        return text.ToString();
    }

    private static SyntaxNode AppendAttributes(ExpressionSyntax expression, CookieFlags flags, string suffix)
    {
        switch (expression)
        {
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                return LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(RewriteHeaderText(literal.Token.ValueText, flags) + suffix))
                    .WithTriviaFrom(literal);
            case InterpolatedStringExpressionSyntax interpolated
                when interpolated.StringStartToken.IsKind(SyntaxKind.InterpolatedStringStartToken)
                     || interpolated.StringStartToken.IsKind(SyntaxKind.InterpolatedVerbatimStringStartToken):
            {
                var contents = interpolated.Contents;
                if (contents.Count > 0 && contents[contents.Count - 1] is InterpolatedStringTextSyntax text)
                {
                    var raw = TrimAttributeEnd(text.TextToken.Text);
                    var value = TrimAttributeEnd(text.TextToken.ValueText);
                    var token = Token(text.TextToken.LeadingTrivia, SyntaxKind.InterpolatedStringTextToken, raw + suffix, value + suffix, text.TextToken.TrailingTrivia);
                    return interpolated.ReplaceNode(text, text.WithTextToken(token));
                }

                var added = InterpolatedStringText(Token(default, SyntaxKind.InterpolatedStringTextToken, suffix, suffix, default));
                return interpolated.WithContents(contents.Add(added));
            }

            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression, Right: LiteralExpressionSyntax right } binary
                when right.IsKind(SyntaxKind.StringLiteralExpression):
                return binary.WithRight((ExpressionSyntax)AppendAttributes(right, flags, suffix));
            default:
            {
                var left = expression.WithoutTrivia();
                if (left is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
                    or LiteralExpressionSyntax or ParenthesizedExpressionSyntax or InterpolatedStringExpressionSyntax
                    or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression }))
                {
                    left = ParenthesizedExpression(left);
                }

                return BinaryExpression(SyntaxKind.AddExpression, left, LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(suffix)))
                    .WithTriviaFrom(expression)
                    .WithAdditionalAnnotations(Formatter.Annotation);
            }
        }
    }

    /// <summary>Drops a trailing <c>;</c> and, when SameSite is being set, any insecure SameSite attribute already there.</summary>
    private static string RewriteHeaderText(string text, CookieFlags flags)
    {
        var trimmed = TrimAttributeEnd(text);
        if ((flags & CookieFlags.SameSite) == 0)
            return trimmed;
        var parts = trimmed.Split(';');
        var kept = new List<string>(parts.Length);
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0 && parts[i].Trim().StartsWith("SameSite", StringComparison.OrdinalIgnoreCase))
                continue;
            kept.Add(parts[i]);
        }

        return string.Join(";", kept);
    }

    private static string TrimAttributeEnd(string text) => text.TrimEnd().TrimEnd(';').TrimEnd();

    // ---- CookieBuilder ----

    private static List<Edit>? PlanBuilder(SyntaxNode node, SemanticModel model, CookieTypes types, CancellationToken cancellationToken)
    {
        if (node is not AssignmentExpressionSyntax assignment
            || model.GetOperation(assignment, cancellationToken) is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target })
        {
            return null;
        }

        var property = target.Property;
        Func<SyntaxGenerator, ExpressionSyntax>? value = property.Name switch
        {
            "HttpOnly" => static _ => LiteralExpression(SyntaxKind.TrueLiteralExpression),
            "SecurePolicy" when types.CookieSecurePolicy is { } policy => generator => EnumMember(generator, policy, "Always"),
            "SameSite" when property.Type is INamedTypeSymbol { TypeKind: TypeKind.Enum } mode => generator => EnumMember(generator, mode, "Strict"),
            _ => null,
        };
        if (value is null)
            return null;
        var right = assignment.Right;
        return Single(right, (current, generator) => value(generator).WithTriviaFrom(current));
    }

    // ---- shared builders ----

    private static List<Edit> Single(SyntaxNode node, Func<SyntaxNode, SyntaxGenerator, SyntaxNode> rewrite)
        => new() { new Edit(node, CookieFlags.None, (current, generator, _) => rewrite(current, generator)) };

    private static AssignmentExpressionSyntax Member(CookieFlags flag, ExpressionSyntax value)
        => AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, IdentifierName(flag.ToString()), value);

    /// <summary><c>true</c> for Secure and HttpOnly; the carrier's own SameSite enum's <c>Strict</c> member for SameSite.</summary>
    private static ExpressionSyntax? SecureValue(SyntaxGenerator generator, INamedTypeSymbol carrierType, CookieFlags flag)
    {
        if (flag != CookieFlags.SameSite)
            return LiteralExpression(SyntaxKind.TrueLiteralExpression);
        for (ITypeSymbol? type = carrierType; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers("SameSite"))
            {
                if (member is not IPropertySymbol property)
                    continue;
                var propertyType = property.Type;
                if (propertyType is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
                    propertyType = nullable.TypeArguments[0];
                if (propertyType is INamedTypeSymbol { TypeKind: TypeKind.Enum } mode && mode.GetMembers("Strict").Length > 0)
                    return EnumMember(generator, mode, "Strict");
                return null;
            }
        }

        return null;
    }

    private static ExpressionSyntax EnumMember(SyntaxGenerator generator, INamedTypeSymbol type, string member)
        => MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, (ExpressionSyntax)TypeName(generator, type), IdentifierName(member));

    private static SyntaxNode TypeName(SyntaxGenerator generator, ITypeSymbol type)
        => generator.TypeExpression(type).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
}
