using System.Collections.Immutable;
using System.Linq;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.CodeFixes.Infrastructure;
using ActionSecurity.Analyzers.CodeFixes.Syntax;
using ActionSecurity.Analyzers.Infrastructure;
using ActionSecurity.Analyzers.Model;
using ActionSecurity.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActionSecurity.Analyzers.CodeFixes.Rules;

/// <summary>AS0001: replaces the hard-coded secret with a read from the secret store.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HardcodedSecretCodeFixProvider)), Shared]
public sealed class HardcodedSecretCodeFixProvider : ActionSecurityCodeFixProvider
{
    private const string Title = "Read the secret from the secret store";
    private static readonly string Key = EquivalenceKeys.For(DiagnosticIds.HardcodedSecret, "ReadFromSecretStore");

    public HardcodedSecretCodeFixProvider()
        : base(DiagnosticIds.HardcodedSecret)
    {
    }

    private protected override async Task OfferAsync(FixRequest request, Diagnostic diagnostic)
    {
        var plan = Plan(request.Document, request.Root, request.Model, diagnostic, request.CancellationToken);
        if (plan is not null && await ConstantCanBecomeReadonlyAsync(plan, request.Document.Project.Solution, request.CancellationToken).ConfigureAwait(false))
            request.Offer(Title, Key, diagnostic);
    }

    private protected override async Task ApplyAsync(FixPass pass, Diagnostic diagnostic)
    {
        var editor = pass.Editor;
        var cancellationToken = pass.CancellationToken;
        var plan = Plan(editor.OriginalDocument, editor.OriginalRoot, editor.SemanticModel, diagnostic, cancellationToken);
        if (plan is null || !await ConstantCanBecomeReadonlyAsync(plan, editor.OriginalDocument.Project.Solution, cancellationToken).ConfigureAwait(false))
            return;

        var replacement = plan.Replacement;
        editor.ReplaceNode(plan.Target, (current, _) => replacement.WithTriviaFrom(current));
        foreach (var guard in plan.GuardLiterals)
            editor.ReplaceNode(guard, (current, _) => plan.GuardReplacement!.WithTriviaFrom(current));
        if (plan.StaticField is not null)
        {
            var instance = plan.InstanceProperty;
            editor.ReplaceNode(plan.StaticField, (current, _) => StaticFieldToProperty((FieldDeclarationSyntax)current, instance));
            return;
        }

        switch (plan.ConstDeclaration)
        {
            case FieldDeclarationSyntax:
                editor.ReplaceNode(plan.ConstDeclaration, static (current, _) => ConstFieldToStaticReadonly((FieldDeclarationSyntax)current));
                break;
            case LocalDeclarationStatementSyntax:
                editor.ReplaceNode(plan.ConstDeclaration, static (current, _) => ConstLocalToVariable((LocalDeclarationStatementSyntax)current));
                break;
        }
    }

    private sealed class FixPlan
    {
        public FixPlan(ExpressionSyntax target, ExpressionSyntax replacement, SyntaxNode? constDeclaration, ImmutableArray<ISymbol> constSymbols)
        {
            Target = target;
            Replacement = replacement;
            ConstDeclaration = constDeclaration;
            ConstSymbols = constSymbols;
        }

        /// <summary>
        /// The same secret literal in a <c>string.IsNullOrEmpty("…")</c> guard of the same condition (the shape a
        /// constant-time fix applied before this one leaves): it must read the store too, or the guard never fails.
        /// </summary>
        public ImmutableArray<ExpressionSyntax> GuardLiterals { get; set; } = ImmutableArray<ExpressionSyntax>.Empty;
        public ExpressionSyntax? GuardReplacement { get; set; }

        public ExpressionSyntax Target { get; }
        public ExpressionSyntax Replacement { get; }

        /// <summary>
        /// The static field (<c>const</c> or <c>static readonly</c>, one variable) whose whole initializer is the secret: it
        /// becomes a get-only property, so the store is read at each use and a missing secret fails there, not while the
        /// type initializes.
        /// </summary>
        public FieldDeclarationSyntax? StaticField { get; set; }

        /// <summary>The <see cref="StaticField"/> becomes an instance property, reading the class's configuration.</summary>
        public bool InstanceProperty { get; set; }

        /// <summary>The <c>const</c> field or local declaration the secret initializes, which must stop being constant.</summary>
        public SyntaxNode? ConstDeclaration { get; }
        public ImmutableArray<ISymbol> ConstSymbols { get; }
    }

    /// <summary>What to replace with what, or null when no compilable secret-store read can be written here.</summary>
    private static FixPlan? Plan(Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Location.IsInSource || diagnostic.Location.SourceTree != root.SyntaxTree)
            return null;
        if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Kind, out var kind) || kind == HardcodedSecretAnalyzer.KindConfigFile)
            return null;
        diagnostic.Properties.TryGetValue(DiagnosticProperties.SecretName, out var name);

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var literal = node as ExpressionSyntax ?? node.FirstAncestorOrSelf<ExpressionSyntax>();
        while (literal is not null && literal.Span != diagnostic.Location.SourceSpan && literal.Parent is ExpressionSyntax parentExpression && parentExpression.Span.Contains(diagnostic.Location.SourceSpan))
            literal = parentExpression;
        if (literal is null || literal.Span != diagnostic.Location.SourceSpan)
            return null;

        // Places that require a constant: no non-constant rewrite compiles there.
        foreach (var ancestor in literal.Ancestors())
        {
            if (ancestor is AttributeArgumentSyntax or CaseSwitchLabelSyntax or ConstantPatternSyntax or ParameterSyntax
                or EnumMemberDeclarationSyntax or CasePatternSwitchLabelSyntax or SwitchExpressionArmSyntax or IsPatternExpressionSyntax)
            {
                return null;
            }

            if (ancestor is StatementSyntax or MemberDeclarationSyntax)
                break;
        }

        var operation = model.GetOperation(literal, cancellationToken);
        if (operation is null)
            return null;
        var value = operation.WalkDownConversion();

        // u8 literals become Encoding.UTF8.GetBytes(read); "…"u8.ToArray() as a whole.
        var isUtf8 = value is IUtf8StringOperation;
        if (!isUtf8 && value.Type?.SpecialType != SpecialType.System_String)
            return null;
        ExpressionSyntax target = literal;
        var site = operation.WalkUpConversion()!;
        if (isUtf8 && site.Parent is IInvocationOperation { TargetMethod.Name: "ToArray", Instance: { } instance } toArray
            && ReferenceEquals(instance.WalkUpConversion(), site) && toArray.Syntax is InvocationExpressionSyntax toArraySyntax)
        {
            target = toArraySyntax;
            site = toArray;
        }

        // Where the value goes decides whether null must be turned away here.
        var isComparison = kind == HardcodedSecretAnalyzer.KindComparison;
        var nullableEnabled = model.GetNullableContext(literal.SpanStart).AnnotationsEnabled();
        // A receiver ("…".Equals(x)) would be dereferenced: always fail closed there.
        var isReceiver = site.Parent is IInvocationOperation { Instance: { } receiver } && ReferenceEquals(receiver, site);
        var guards = isComparison && !isUtf8 && value.ConstantValue.Value is string secret
            ? FindGuardLiterals(literal, secret, model, cancellationToken)
            : ImmutableArray<ExpressionSyntax>.Empty;
        var mustNotBeNull = isUtf8 || isReceiver || (nullableEnabled && !isComparison && !AcceptsNull(site)) || (guards.IsEmpty && InConstantTimeComparison(site));

        // Const declarations the literal initializes become static readonly / non-const.
        SyntaxNode? constDeclaration = null;
        var constSymbols = ImmutableArray<ISymbol>.Empty;
        var declarator = literal.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax d } ? d : null;
        foreach (var ancestor in literal.Ancestors())
        {
            if (ancestor is FieldDeclarationSyntax field && field.Modifiers.Any(SyntaxKind.ConstKeyword))
            {
                if (declarator is null || declarator.Parent?.Parent != field)
                    return null;
                constDeclaration = field;
                constSymbols = DeclaredSymbols(model, field.Declaration, cancellationToken);
                break;
            }

            if (ancestor is LocalDeclarationStatementSyntax local && local.IsConst)
            {
                if (declarator is null || declarator.Parent?.Parent != local)
                    return null;
                constDeclaration = local;
                constSymbols = DeclaredSymbols(model, local.Declaration, cancellationToken);
                break;
            }

            if (ancestor is StatementSyntax or MemberDeclarationSyntax)
                break;
        }

        // A key the app's configuration already has for this secret is reused, not invented next to it.
        var found = ConfigurationKeys.Find(document.Project, model.Compilation, value.ConstantValue.Value as string, name, MemberOf(site), cancellationToken);
        var existingKey = found?.Path;
        var staticField = declarator is not null && ReferenceEquals(target, literal) ? StaticFieldOf(declarator) : null;

        // The default of an options member the configuration binder fills from that key: the hard-coded value goes,
        // and the binder's read is the one read.
        if (found is { BoundMember: true } && !isUtf8 && ReferenceEquals(target, literal) && site.Parent is IFieldInitializerOperation or IPropertyInitializerOperation)
            return new FixPlan(literal, HeaderRead.EmptyString(), null, ImmutableArray<ISymbol>.Empty);

        // The store: IConfiguration when one is in scope, otherwise the environment. A private static field that only
        // instance members use becomes an instance property, so it can read the configuration the class is given.
        var instanceAvailable = InstanceAvailable(model, literal, cancellationToken);
        var typeContext = new SecretStoreRead.TypeContext(model.Compilation, SyntaxGenerator.GetGenerator(document));
        var configuration = SecretStoreRead.FindConfiguration(model, literal.SpanStart, instanceAvailable, cancellationToken);
        var instanceProperty = false;
        if (configuration is null && staticField is not null && OnlyInstanceUses(model, staticField, cancellationToken))
        {
            configuration = SecretStoreRead.FindConfiguration(model, literal.SpanStart, instanceAvailable: true, cancellationToken);
            instanceProperty = configuration is not null;
        }

        ExpressionSyntax Store() => existingKey is null
            ? SecretStoreRead.Read(name, configuration, typeContext)
            : SecretStoreRead.ReadKey(existingKey, configuration, typeContext);
        ExpressionSyntax read = Store();
        var description = existingKey is not null
            ? (configuration is null ? SecretStoreRead.EnvironmentNameOfKey(existingKey) : existingKey)
            : configuration is null ? SecretStoreRead.EnvironmentName(name) : SecretStoreRead.ConfigurationKey(name);
        if (mustNotBeNull)
            read = SecretStoreRead.OrThrow(read, description, typeContext);
        if (isUtf8)
            read = SecretStoreRead.Utf8Bytes(read, typeContext);
        else if (isReceiver)
            read = ParenthesizedExpression(read);

        // A static field's initializer runs while the type initializes: a throw there surfaces far from the cause, and
        // the type is unusable after it. Without a property to move the read into, a throwing read is not written.
        if (staticField is null && mustNotBeNull && declarator?.Parent?.Parent is FieldDeclarationSyntax { } staticCandidate
            && (staticCandidate.Modifiers.Any(SyntaxKind.ConstKeyword) || staticCandidate.Modifiers.Any(SyntaxKind.StaticKeyword)))
        {
            return null;
        }

        // "…" in an unguarded FixedTimeEquals(provided, Encoding.UTF8.GetBytes("…")): the comparison gets the same
        // fail-closed guard the AS0003/AS0006 fix writes, so fixing in either order ends in the same code.
        if (!isUtf8 && guards.IsEmpty && GuardedComparison(site, model, literal, Store(), existingKey ?? description, cancellationToken) is { } guarded)
            return new FixPlan(guarded.Target, guarded.Replacement.WithAdditionalAnnotations(Simplifier.AddImportsAnnotation), null, ImmutableArray<ISymbol>.Empty);

        var plan = new FixPlan(target, read.WithAdditionalAnnotations(Simplifier.AddImportsAnnotation), constDeclaration, constSymbols)
        {
            StaticField = staticField,
            InstanceProperty = instanceProperty,
        };
        if (!guards.IsEmpty)
        {
            plan.GuardLiterals = guards;
            plan.GuardReplacement = Store().WithAdditionalAnnotations(Simplifier.AddImportsAnnotation);
        }

        return plan;
    }

    /// <summary>
    /// String literals equal to <paramref name="secret"/> that are the argument of <c>string.IsNullOrEmpty</c> or
    /// <c>IsNullOrWhiteSpace</c> in the same statement or expression body, provided the reported literal is the only
    /// other occurrence there (so each guard belongs to exactly one fix, also in Fix All).
    /// </summary>
    private static ImmutableArray<ExpressionSyntax> FindGuardLiterals(ExpressionSyntax literal, string secret, SemanticModel model, CancellationToken cancellationToken)
    {
        var scope = literal.FirstAncestorOrSelf<SyntaxNode>(n => n is StatementSyntax or ArrowExpressionClauseSyntax or EqualsValueClauseSyntax or LambdaExpressionSyntax);
        if (scope is null)
            return ImmutableArray<ExpressionSyntax>.Empty;
        var guards = ImmutableArray.CreateBuilder<ExpressionSyntax>();
        var others = 0;
        foreach (var candidate in scope.DescendantNodes())
        {
            if (candidate is not LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } other || other == literal)
                continue;
            if (!string.Equals(model.GetConstantValue(other, cancellationToken).Value as string, secret, System.StringComparison.Ordinal))
                continue;
            if (other.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 1, Parent: InvocationExpressionSyntax invocation } }
                && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { Name: "IsNullOrEmpty" or "IsNullOrWhiteSpace", ContainingType.SpecialType: SpecialType.System_String })
            {
                guards.Add(other);
            }
            else
            {
                others++;
            }
        }

        return others == 0 ? guards.ToImmutable() : ImmutableArray<ExpressionSyntax>.Empty;
    }

    /// <summary>
    /// For a literal that is the text of <c>Encoding.X.GetBytes("…")</c> passed to <c>FixedTimeEquals</c>, which is not
    /// part of a larger condition that could already guard it: the comparison (or its negation) as the node to replace,
    /// and <c>read is { Length: &gt; 0 } name &amp;&amp; FixedTimeEquals(…, GetBytes(name))</c> (or the negated form) to
    /// replace it with. Null otherwise.
    /// </summary>
    private static (ExpressionSyntax Target, ExpressionSyntax Replacement)? GuardedComparison(
        IOperation site, SemanticModel model, ExpressionSyntax literal, ExpressionSyntax read, string key, CancellationToken cancellationToken)
    {
        if (site.Parent is not IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "GetBytes", Arguments.Length: 1 } getBytes })
            return null;
        var bytes = getBytes.WalkUpConversion()!;
        if (bytes.Parent is not IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "FixedTimeEquals", ContainingType.Name: "CryptographicOperations" } } fixedTimeEquals }
            || fixedTimeEquals.Syntax is not InvocationExpressionSyntax invocation)
        {
            return null;
        }

        ExpressionSyntax target = invocation;
        var negate = false;
        while (target.Parent is ParenthesizedExpressionSyntax parenthesized)
            target = parenthesized;
        if (target.Parent is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not)
        {
            target = not;
            negate = true;
        }

        // Only a whole condition or value: inside && / || another operand may already guard the secret.
        if (target.Parent is BinaryExpressionSyntax or PrefixUnaryExpressionSyntax or ParenthesizedExpressionSyntax)
            return null;
        var languageVersion = (literal.SyntaxTree.Options as CSharpParseOptions)?.LanguageVersion ?? LanguageVersion.Latest;
        var name = LocalNames.Unique(model, target, LocalNames.FromKey(key, LocalNames.ExpectedSecret));
        var check = ConstantTimeComparison.ExpectedCheck(
            ComparisonOperand.String(read), ExpectedGuard.Declare(name), negate, languageVersion, out var value);
        if (check is null)
            return null;
        var comparison = target.ReplaceNode(literal, value.WithTriviaFrom(literal));
        return (target, ConstantTimeComparison.Guarded(check, comparison.WithoutTrivia(), negate).WithTriviaFrom(target));
    }

    /// <summary>
    /// True when the value is an operand of <c>CryptographicOperations.FixedTimeEquals</c> (through <c>GetBytes</c> and
    /// the like): the comparison is already constant-time, and a store read that may be missing must fail closed there,
    /// or the fixed code lets every request in when the secret is not configured (AS0006).
    /// </summary>
    private static bool InConstantTimeComparison(IOperation site)
    {
        for (var current = site.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IInvocationOperation { TargetMethod: { Name: "FixedTimeEquals", ContainingType.Name: "CryptographicOperations" } }:
                    return true;
                case IArgumentOperation or IConversionOperation or IInvocationOperation:
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>True when the value lands in a place typed to accept null (<c>string?</c>, a comparison operand).</summary>
    private static bool AcceptsNull(IOperation site)
    {
        var parent = site.Parent;
        ITypeSymbol? type = parent switch
        {
            IFieldInitializerOperation field => field.InitializedFields.Length > 0 ? field.InitializedFields[0].Type : null,
            IPropertyInitializerOperation property => property.InitializedProperties.Length > 0 ? property.InitializedProperties[0].Type : null,
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol.Type,
            ISimpleAssignmentOperation assignment => assignment.Target.Type,
            IArgumentOperation argument => argument.Parameter?.Type,
            IReturnOperation => null,
            IBinaryOperation => null,
            _ => null,
        };
        if (parent is IBinaryOperation)
            return true;
        // A declared T? accepts null; var does not count (its inferred nullability would flow the null on).
        if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declaratorOperation })
            return declaratorOperation.Syntax.Parent is VariableDeclarationSyntax { Type: NullableTypeSyntax };
        if (parent is ISimpleAssignmentOperation { Target: { } target } && target.GetReferencedSymbol().GetValueType()?.NullableAnnotation == NullableAnnotation.Annotated)
            return true;
        return type?.NullableAnnotation == NullableAnnotation.Annotated;
    }

    /// <summary>The field, property or local the secret's value is stored in (through a <c>??</c>), or null.</summary>
    private static ISymbol? MemberOf(IOperation site)
    {
        while (site.Parent is ICoalesceOperation coalesce)
            site = coalesce.WalkUpConversion()!;
        return site.Parent switch
        {
            IFieldInitializerOperation { InitializedFields.Length: 1 } field => field.InitializedFields[0],
            IPropertyInitializerOperation { InitializedProperties.Length: 1 } property => property.InitializedProperties[0],
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Value, site) => assignment.Target.GetReferencedSymbol(),
            _ => null,
        };
    }

    /// <summary>
    /// True when <paramref name="field"/> is private and every use of it is in an instance member of its own type, where
    /// an instance property can replace it.
    /// </summary>
    private static bool OnlyInstanceUses(SemanticModel model, FieldDeclarationSyntax field, CancellationToken cancellationToken)
    {
        foreach (var modifier in field.Modifiers)
        {
            if (modifier.IsKind(SyntaxKind.PublicKeyword) || modifier.IsKind(SyntaxKind.InternalKeyword) || modifier.IsKind(SyntaxKind.ProtectedKeyword))
                return false;
        }

        if (model.GetDeclaredSymbol(field.Declaration.Variables[0], cancellationToken) is not IFieldSymbol symbol)
            return false;
        var uses = 0;
        foreach (var reference in symbol.ContainingType.DeclaringSyntaxReferences)
        {
            var typeModel = reference.SyntaxTree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(reference.SyntaxTree);
            foreach (var name in reference.GetSyntax(cancellationToken).DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText != symbol.Name || !SymbolEqualityComparer.Default.Equals(typeModel.GetSymbolInfo(name, cancellationToken).Symbol, symbol))
                    continue;
                if (!InstanceAvailable(typeModel, name, cancellationToken)
                    || !SymbolEqualityComparer.Default.Equals(typeModel.GetEnclosingSymbol(name.SpanStart, cancellationToken)?.ContainingType, symbol.ContainingType))
                {
                    return false;
                }

                uses++;
            }
        }

        return uses > 0;
    }

    private static ImmutableArray<ISymbol> DeclaredSymbols(SemanticModel model, VariableDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        var builder = ImmutableArray.CreateBuilder<ISymbol>();
        foreach (var variable in declaration.Variables)
        {
            if (model.GetDeclaredSymbol(variable, cancellationToken) is { } symbol)
                builder.Add(symbol);
        }

        return builder.ToImmutable();
    }

    private static bool InstanceAvailable(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case FieldDeclarationSyntax or EventFieldDeclarationSyntax:
                    return false;
                case PropertyDeclarationSyntax property when property.Initializer is not null && property.Initializer.Span.Contains(node.Span):
                    return false;
                case ConstructorInitializerSyntax:
                    return false;
                case BaseMethodDeclarationSyntax or BasePropertyDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax:
                    if (ancestor is LocalFunctionStatementSyntax localFunction && localFunction.Modifiers.Any(SyntaxKind.StaticKeyword))
                        return false;
                    if (ancestor is AnonymousFunctionExpressionSyntax lambda && lambda.Modifiers.Any(SyntaxKind.StaticKeyword))
                        return false;
                    if (ancestor is LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax)
                        continue;
                    var symbol = model.GetDeclaredSymbol(ancestor, cancellationToken);
                    return symbol is not null && !symbol.IsStatic;
                case CompilationUnitSyntax:
                    return false;
            }
        }

        return false;
    }

    /// <summary>A const that is used where a constant is required (attributes, case labels, other constants) cannot change.</summary>
    private static async Task<bool> ConstantCanBecomeReadonlyAsync(FixPlan plan, Solution solution, CancellationToken cancellationToken)
    {
        if (plan.ConstDeclaration is null)
            return true;
        foreach (var symbol in plan.ConstSymbols)
        {
            var references = await SymbolFinder.FindReferencesAsync(symbol, solution, cancellationToken).ConfigureAwait(false);
            foreach (var reference in references)
            {
                foreach (var location in reference.Locations)
                {
                    var root = await location.Location.SourceTree!.GetRootAsync(cancellationToken).ConfigureAwait(false);
                    var node = root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                    if (RequiresConstant(node))
                        return false;
                }
            }
        }

        return true;
    }

    private static bool RequiresConstant(SyntaxNode node)
    {
        foreach (var ancestor in node.AncestorsAndSelf())
        {
            switch (ancestor)
            {
                case AttributeArgumentSyntax or CaseSwitchLabelSyntax or ConstantPatternSyntax or EnumMemberDeclarationSyntax
                    or CasePatternSwitchLabelSyntax or RecursivePatternSyntax or RelationalPatternSyntax:
                    return true;
                case ParameterSyntax:
                    return true;
                case FieldDeclarationSyntax field:
                    return field.Modifiers.Any(SyntaxKind.ConstKeyword);
                case LocalDeclarationStatementSyntax local:
                    return local.IsConst;
                case StatementSyntax or MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// The declaration when <paramref name="declarator"/> is the only variable of a <c>const</c> or <c>static</c> field
    /// that nothing else assigns (no static constructor in the type), so it can become a get-only property.
    /// </summary>
    private static FieldDeclarationSyntax? StaticFieldOf(VariableDeclaratorSyntax declarator)
    {
        if (declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax field })
            return null;
        var isConst = field.Modifiers.Any(SyntaxKind.ConstKeyword);
        if (!isConst && !field.Modifiers.Any(SyntaxKind.StaticKeyword))
            return null;
        if (field.Modifiers.Any(SyntaxKind.VolatileKeyword) || field.Modifiers.Any(SyntaxKind.FixedKeyword) || field.AttributeLists.Count > 0)
            return null;
        if (!isConst && !field.Modifiers.Any(SyntaxKind.ReadOnlyKeyword))
            return null;
        if (field.Parent is not TypeDeclarationSyntax type || type is InterfaceDeclarationSyntax)
            return null;
        foreach (var member in type.Members)
        {
            if (member is ConstructorDeclarationSyntax constructor && constructor.Modifiers.Any(SyntaxKind.StaticKeyword))
                return null;
        }

        return field;
    }

    /// <summary>
    /// <c>private const string X = read;</c> → <c>private static string X => read;</c>; <c>static readonly</c> the same,
    /// keeping the modifiers' order and the declaration's trivia (a comment after the semicolon stays after it).
    /// </summary>
    private static SyntaxNode StaticFieldToProperty(FieldDeclarationSyntax field, bool instance)
    {
        if (field.Declaration.Variables.Count != 1 || field.Declaration.Variables[0].Initializer is not { } initializer)
            return field;
        var variable = field.Declaration.Variables[0];
        var modifiers = new SyntaxTokenList();
        foreach (var modifier in field.Modifiers)
        {
            if (modifier.IsKind(SyntaxKind.ConstKeyword) && !instance)
                modifiers = modifiers.Add(Token(modifier.LeadingTrivia, SyntaxKind.StaticKeyword, modifier.TrailingTrivia));
            else if (!modifier.IsKind(SyntaxKind.ReadOnlyKeyword) && !modifier.IsKind(SyntaxKind.ConstKeyword) && !(instance && modifier.IsKind(SyntaxKind.StaticKeyword)))
                modifiers = modifiers.Add(modifier);
        }

        // The declaration's leading trivia (indentation, comments) is put back below, also when readonly came first.
        var property = PropertyDeclaration(field.Declaration.Type, variable.Identifier)
            .WithModifiers(modifiers)
            .WithExpressionBody(ArrowExpressionClause(Token(initializer.EqualsToken.LeadingTrivia, SyntaxKind.EqualsGreaterThanToken, initializer.EqualsToken.TrailingTrivia), initializer.Value))
            .WithSemicolonToken(field.SemicolonToken);
        return property.WithLeadingTrivia(field.GetLeadingTrivia()).WithTrailingTrivia(field.GetTrailingTrivia());
    }

    /// <summary><c>private const string X = …;</c> → <c>private static readonly string X = …;</c>, keeping trivia.</summary>
    private static SyntaxNode ConstFieldToStaticReadonly(FieldDeclarationSyntax field)
    {
        var modifiers = field.Modifiers;
        var index = modifiers.IndexOf(SyntaxKind.ConstKeyword);
        if (index < 0)
            return field;
        var constToken = modifiers[index];
        var staticToken = Token(constToken.LeadingTrivia, SyntaxKind.StaticKeyword, TriviaList(Space));
        var readonlyToken = Token(TriviaList(), SyntaxKind.ReadOnlyKeyword, constToken.TrailingTrivia);
        modifiers = modifiers.RemoveAt(index).InsertRange(index, new[] { staticToken, readonlyToken });
        return field.WithModifiers(modifiers);
    }

    /// <summary><c>const string x = …;</c> → <c>string x = …;</c>, keeping trivia.</summary>
    private static SyntaxNode ConstLocalToVariable(LocalDeclarationStatementSyntax local)
    {
        var index = local.Modifiers.IndexOf(SyntaxKind.ConstKeyword);
        if (index < 0)
            return local;
        var constToken = local.Modifiers[index];
        var updated = local.WithModifiers(local.Modifiers.RemoveAt(index));
        return index == 0 ? updated.WithLeadingTrivia(constToken.LeadingTrivia) : updated;
    }
}
