using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using ActionSecurity.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActionSecurity.Analyzers.CodeFixes.Syntax;

/// <summary>
/// Builds reads of a secret from the secret store: <c>Environment.GetEnvironmentVariable("ACTION_SECRET")</c> or
/// <c>configuration["ActionSecret"]</c>, named after the symbol or key the secret belongs to, and finds an
/// <c>IConfiguration</c> in scope to read from.
/// </summary>
internal static class SecretStoreRead
{
    public const string DefaultEnvironmentName = "ACTION_SECRET";
    public const string DefaultConfigurationKey = "ActionSecret";

    /// <summary>
    /// The words of a symbol or key name, without field prefixes (<c>_</c>, <c>m_</c>, <c>s_</c>) and without the
    /// <c>X-</c> of a custom header: <c>_webhookSecret</c> → webhook, Secret; <c>X-Hub-Signature-256</c> → Hub, Signature, 256.
    /// </summary>
    public static List<string> Words(string? name)
    {
        var words = new List<string>();
        if (name is null)
            return words;
        var text = name;
        if (text.StartsWith("m_", StringComparison.Ordinal) || text.StartsWith("s_", StringComparison.Ordinal) || text.StartsWith("t_", StringComparison.Ordinal))
            text = text.Substring(2);
        if (text.Length > 2 && (text[0] is 'X' or 'x') && text[1] == '-')
            text = text.Substring(2);
        var position = 0;
        while (SecretNames.NextWord(text, ref position, out var start, out var length))
            words.Add(text.Substring(start, length));
        return words;
    }

    /// <summary><c>ApiKey</c> → <c>API_KEY</c>; <c>X-Action-Secret</c> → <c>ACTION_SECRET</c>; nothing usable → <c>ACTION_SECRET</c>.</summary>
    public static string EnvironmentName(string? name)
    {
        var words = Words(name);
        if (words.Count == 0)
            return DefaultEnvironmentName;
        var builder = new StringBuilder();
        foreach (var word in words)
        {
            if (builder.Length > 0)
                builder.Append('_');
            builder.Append(word.ToUpperInvariant());
        }

        return builder.ToString();
    }

    /// <summary><c>API_KEY</c> → <c>ApiKey</c>; <c>_webhookSecret</c> → <c>WebhookSecret</c>; nothing usable → <c>ActionSecret</c>.</summary>
    public static string ConfigurationKey(string? name)
    {
        var words = Words(name);
        if (words.Count == 0)
            return DefaultConfigurationKey;
        var builder = new StringBuilder();
        foreach (var word in words)
        {
            builder.Append(char.ToUpperInvariant(word[0]));
            builder.Append(word.Substring(1).ToLowerInvariant());
        }

        return builder.ToString();
    }

    private static LiteralExpressionSyntax StringLiteral(string value)
        => LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(value));

    /// <summary>
    /// A type name the clean-up shortens and imports. With a generator and a resolvable type it is
    /// <see cref="SyntaxGenerator.TypeExpression(ITypeSymbol, bool)"/> with <c>addImport</c>, which carries the symbol
    /// annotation the code-action clean-up needs to add the <c>using</c>; otherwise a qualified name with the
    /// simplifier and syntax add-imports annotations.
    /// </summary>
    private static TypeSyntax TypeName(string fullName, TypeContext? context)
    {
        var symbol = context?.Compilation.GetBestTypeByMetadataName(fullName);
        if (symbol is not null && context!.Generator.TypeExpression(symbol, addImport: true) is TypeSyntax expression)
            return expression.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        return ParseName(fullName).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
    }

    /// <summary>The compilation and generator the type names are built for.</summary>
    internal sealed class TypeContext
    {
        public TypeContext(Compilation compilation, SyntaxGenerator generator)
        {
            Compilation = compilation;
            Generator = generator;
        }

        public Compilation Compilation { get; }
        public SyntaxGenerator Generator { get; }
    }

    /// <summary><c>Environment.GetEnvironmentVariable("NAME")</c>.</summary>
    public static InvocationExpressionSyntax Environment(string environmentName, TypeContext? context = null)
        => InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeName(KnownTypeNames.SystemEnvironment, context), IdentifierName("GetEnvironmentVariable")),
            ArgumentList(SingletonSeparatedList(Argument(StringLiteral(environmentName)))));

    /// <summary><c>configuration["Key"]</c> on the given configuration expression.</summary>
    public static ElementAccessExpressionSyntax Configuration(ExpressionSyntax configuration, string key)
        => ElementAccessExpression(
            configuration.WithoutTrivia(),
            BracketedArgumentList(SingletonSeparatedList(Argument(StringLiteral(key)))));

    /// <summary>
    /// The read for a secret named <paramref name="name"/>: from <paramref name="configuration"/> when one is given,
    /// otherwise from the environment.
    /// </summary>
    public static ExpressionSyntax Read(string? name, ExpressionSyntax? configuration, TypeContext? context = null)
        => configuration is null ? Environment(EnvironmentName(name), context) : Configuration(configuration, ConfigurationKey(name));

    /// <summary>
    /// The read of an existing configuration key <paramref name="key"/> (<c>Jwt:Key</c>): <c>configuration["Jwt:Key"]</c>,
    /// or without a configuration the environment variable the configuration's environment provider maps to that key
    /// (<c>Jwt__Key</c>), so both name one setting.
    /// </summary>
    public static ExpressionSyntax ReadKey(string key, ExpressionSyntax? configuration, TypeContext? context = null)
        => configuration is null ? Environment(EnvironmentNameOfKey(key), context) : Configuration(configuration, key);

    /// <summary><c>Jwt:Key</c> → <c>Jwt__Key</c>.</summary>
    public static string EnvironmentNameOfKey(string key) => key.Replace(":", "__");

    /// <summary>
    /// <c>read ?? throw new InvalidOperationException("…")</c>: fails closed where the value must not be null (a
    /// non-nullable declaration, a key parameter).
    /// </summary>
    public static ExpressionSyntax OrThrow(ExpressionSyntax read, string description, TypeContext? context = null)
        => BinaryExpression(
                SyntaxKind.CoalesceExpression,
                read,
                ThrowExpression(
                    ObjectCreationExpression(TypeName(KnownTypeNames.SystemInvalidOperationException, context))
                        .WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(StringLiteral("The secret '" + description + "' is not configured.")))))))
            .WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary><c>Encoding.UTF8.GetBytes(value)</c>, for a secret that was a <c>u8</c> literal.</summary>
    public static ExpressionSyntax Utf8Bytes(ExpressionSyntax value, TypeContext? context = null)
        => InvocationExpression(
            MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeName(KnownTypeNames.SystemTextEncoding, context), IdentifierName("UTF8")),
                IdentifierName("GetBytes")),
            ArgumentList(SingletonSeparatedList(Argument(value))));

    /// <summary>
    /// An expression for an <c>IConfiguration</c> usable at <paramref name="position"/>, or null: a local or parameter of
    /// a configuration type, or with a <c>Configuration</c> property of one (<c>builder.Configuration</c>,
    /// <c>app.Configuration</c>, <c>context.Configuration</c>), then a field or property of the containing types.
    /// Instance members are used only where <c>this</c> is available.
    /// </summary>
    public static ExpressionSyntax? FindConfiguration(SemanticModel model, int position, bool instanceAvailable, CancellationToken cancellationToken)
    {
        var types = KnownTypes.GetOrCreate(model.Compilation);
        var configuration = types.IConfiguration;
        if (configuration is null)
            return null;

        ExpressionSyntax? best = null;
        var bestRank = int.MaxValue;
        var bestDeclared = -1;
        foreach (var symbol in model.LookupSymbols(position))
        {
            cancellationToken.ThrowIfCancellationRequested();
            int rank;
            ITypeSymbol? type;
            switch (symbol)
            {
                case ILocalSymbol local:
                    if (!IsDeclaredBefore(local, model, position, cancellationToken))
                        continue;
                    type = local.Type;
                    rank = 0;
                    break;
                case IParameterSymbol parameter:
                    type = parameter.Type;
                    rank = 0;
                    break;
                case IFieldSymbol field when !field.IsImplicitlyDeclared:
                    if (!field.IsStatic && !instanceAvailable)
                        continue;
                    type = field.Type;
                    rank = 2;
                    break;
                case IPropertySymbol { IsIndexer: false, GetMethod: not null } property:
                    if (!property.IsStatic && !instanceAvailable)
                        continue;
                    if (!model.IsAccessible(position, property.GetMethod))
                        continue;
                    type = property.Type;
                    rank = 2;
                    break;
                default:
                    continue;
            }

            if (type is null || type.TypeKind == TypeKind.Error)
                continue;
            ExpressionSyntax? candidate = null;
            if (type.IsOrDerivesFrom(configuration))
            {
                candidate = IdentifierName(symbol.Name);
            }
            else if (ConfigurationProperty(type, configuration) is { } property && model.IsAccessible(position, property.GetMethod!))
            {
                candidate = MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(symbol.Name), IdentifierName(property.Name));
                rank++;
            }

            // Equal ranks: the symbol declared nearest before the position (app over builder), so the choice is stable.
            var declared = symbol.Locations.Length > 0 && symbol.Locations[0].IsInSource ? symbol.Locations[0].SourceSpan.Start : -1;
            if (candidate is not null && (rank < bestRank || (rank == bestRank && declared > bestDeclared)))
            {
                best = candidate;
                bestRank = rank;
                bestDeclared = declared;
            }
        }

        return best;
    }

    private static IPropertySymbol? ConfigurationProperty(ITypeSymbol type, INamedTypeSymbol configuration)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers("Configuration"))
            {
                if (member is IPropertySymbol { IsStatic: false, IsIndexer: false, GetMethod: not null, DeclaredAccessibility: Accessibility.Public } property
                    && property.Type.IsOrDerivesFrom(configuration))
                {
                    return property;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// True when the local is declared earlier in a method, lambda or local function that encloses the position. Lookup
    /// also offers the top-level statements' locals in other files and types, where using them is an error (CS8801).
    /// </summary>
    private static bool IsDeclaredBefore(ILocalSymbol local, SemanticModel model, int position, CancellationToken cancellationToken)
    {
        var enclosing = model.GetEnclosingSymbol(position, cancellationToken);
        while (enclosing is not null && !SymbolEqualityComparer.Default.Equals(enclosing, local.ContainingSymbol))
            enclosing = enclosing.ContainingSymbol;
        if (enclosing is null)
            return false;

        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != model.SyntaxTree)
                return false;
            var node = reference.GetSyntax(cancellationToken);
            if (node.Span.End > position || node.Span.Contains(position))
                return false;
        }

        return local.DeclaringSyntaxReferences.Length > 0;
    }
}
