using System;
using System.Collections.Generic;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using ActionSecurity.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.CodeFixes.Syntax;

/// <summary>
/// The configuration keys an app already has for a secret, so a fix reads that key instead of inventing one next to it:
/// keys of the app's <c>appsettings*.json</c> files, members of options types bound to a section
/// (<c>services.Configure&lt;JwtOptions&gt;(configuration.GetSection("Jwt"))</c> makes <c>JwtOptions.Key</c> the key
/// <c>Jwt:Key</c>), and keys the code reads into a member (<c>_key = configuration.GetSection("Jwt")["Key"]</c>).
/// </summary>
internal static class ConfigurationKeys
{
    /// <summary>A key found in the code, the member it fills, and whether the configuration binder fills it.</summary>
    internal readonly struct CodeKey
    {
        public CodeKey(string path, ISymbol? member, bool bound)
        {
            Path = path;
            Member = member;
            Bound = bound;
        }

        public string Path { get; }
        public ISymbol? Member { get; }
        public bool Bound { get; }
    }

    /// <summary>The key found for a secret, and whether the binder fills the secret's own member from it.</summary>
    internal readonly struct Found
    {
        public Found(string path, bool boundMember)
        {
            Path = path;
            BoundMember = boundMember;
        }

        public string Path { get; }
        public bool BoundMember { get; }
    }

    /// <summary>
    /// The key for a secret with value <paramref name="secret"/>, named <paramref name="name"/>, that fills
    /// <paramref name="member"/>: the file key holding the same value, else a key the code binds or reads into the same
    /// member, else the one key (in the files or the code) whose words are the name's. Null when there is none.
    /// </summary>
    public static Found? Find(Project project, Compilation compilation, string? secret, string? name, ISymbol? member, CancellationToken cancellationToken)
    {
        var fileKeys = FileKeys(project, cancellationToken);
        if (secret is { Length: > 0 })
        {
            foreach (var (path, value) in fileKeys)
            {
                if (string.Equals(value, secret, StringComparison.Ordinal))
                    return new Found(path, boundMember: false);
            }
        }

        var codeKeys = InCode(compilation, cancellationToken);
        if (member is not null)
        {
            foreach (var key in codeKeys)
            {
                if (key.Member is not null && SymbolEqualityComparer.Default.Equals(key.Member.OriginalDefinition, member.OriginalDefinition))
                    return new Found(key.Path, key.Bound);
            }
        }

        var nameWords = SecretStoreRead.Words(name);
        if (nameWords.Count == 0)
            return null;
        string? byName = null;
        var count = 0;
        void Consider(string path)
        {
            var lastSegment = path.Substring(path.LastIndexOf(':') + 1);
            if (!SameWords(SecretStoreRead.Words(lastSegment), nameWords) && !SameWords(SecretStoreRead.Words(path.Replace(':', '_')), nameWords))
                return;
            if (!string.Equals(byName, path, StringComparison.OrdinalIgnoreCase))
                count++;
            byName = path;
        }

        foreach (var (path, _) in fileKeys)
            Consider(path);
        foreach (var key in codeKeys)
            Consider(key.Path);
        return count == 1 ? new Found(byName!, boundMember: false) : null;
    }

    /// <summary>The keys and values of the project's <c>appsettings*.json</c> additional files, arrays left out.</summary>
    private static List<(string Path, string? Value)> FileKeys(Project project, CancellationToken cancellationToken)
    {
        var keys = new List<(string, string?)>();
        foreach (var file in project.AdditionalDocuments)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fileName = System.IO.Path.GetFileName(file.FilePath ?? file.Name);
            if (!fileName.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) || ConfigFiles.GetKind(fileName) != ConfigFileKind.Json)
                continue;
            if (!file.TryGetText(out var text))
                text = file.GetTextAsync(cancellationToken).GetAwaiter().GetResult();
            foreach (var entry in ConfigFiles.Scan(text.ToString(), ConfigFileKind.Json))
            {
                if (entry.Path.Length > 0 && entry.Path.IndexOf('[') < 0)
                    keys.Add((entry.Path, entry.Value));
            }
        }

        return keys;
    }

    /// <summary>Keys the code binds to options members or reads into members, in source order.</summary>
    public static List<CodeKey> InCode(Compilation compilation, CancellationToken cancellationToken)
    {
        var keys = new List<CodeKey>();
        var types = KnownTypes.GetOrCreate(compilation);
        if (types.IConfiguration is null)
            return keys;
        foreach (var tree in compilation.SyntaxTrees)
        {
            SemanticModel? model = null;
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var candidate = node switch
                {
                    InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } } when IsBindingName(name) => true,
                    InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetValue" } } => true,
                    ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } => true,
                    _ => false,
                };
                if (!candidate)
                    continue;
                model ??= compilation.GetSemanticModel(tree);
                var operation = model.GetOperation(node, cancellationToken);
                if (operation is IInvocationOperation invocation && IsBindingName(invocation.TargetMethod.Name))
                    AddBound(invocation, types, keys, cancellationToken);
                else if (operation is not null)
                    AddRead(operation, types, keys);
            }
        }

        return keys;
    }

    private static bool IsBindingName(string name) => name is "Configure" or "Bind" or "Get" or "BindConfiguration";

    /// <summary>
    /// <c>Configure&lt;T&gt;(section)</c>, <c>section.Bind(instance)</c>, <c>section.Get&lt;T&gt;()</c>,
    /// <c>AddOptions&lt;T&gt;().Bind(section)</c> and <c>.BindConfiguration("Jwt")</c>: every public instance member of T
    /// is a key under the section.
    /// </summary>
    private static void AddBound(IInvocationOperation invocation, KnownTypes types, List<CodeKey> keys, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        string? section = null;
        ITypeSymbol? bound = null;
        if (method.Name == "BindConfiguration")
        {
            section = invocation.Arguments.Length > 1 ? invocation.Arguments[1].Value.GetConstantString() : null;
        }
        else
        {
            var receiver = invocation.Instance ?? (method.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
            foreach (var argument in invocation.Arguments)
            {
                var value = argument.Value.WalkDownConversion();
                if (value.Type.IsOrDerivesFrom(types.IConfiguration))
                    section = SectionPath(value, types, cancellationToken, depth: 4);
                else if (method.Name == "Bind" && argument.Parameter?.Type.SpecialType == SpecialType.System_Object)
                    bound = value.Type;
            }

            // configuration.Bind("Jwt", instance) binds the sub-section.
            if (method.Name == "Bind" && invocation.Arguments.Length == 3 && section is not null)
            {
                var sub = invocation.Arguments[1].Value.GetConstantString();
                section = sub is null ? null : section.Length == 0 ? sub : section + ":" + sub;
            }

            if (method.Name == "Get" && receiver?.Type.IsOrDerivesFrom(types.IConfiguration) != true)
                return;
        }

        if (method.TypeArguments.Length == 1)
            bound ??= method.TypeArguments[0];
        else if (method.ContainingType is { TypeArguments.Length: 1 } builder && builder.Name == "OptionsBuilder")
            bound ??= builder.TypeArguments[0];
        if (section is null || bound is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } type || type.SpecialType != SpecialType.None)
            return;
        foreach (var member in type.GetMembers())
        {
            if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public || member.IsImplicitlyDeclared)
                continue;
            if (member is IPropertySymbol { IsIndexer: false } or IFieldSymbol { IsConst: false })
                keys.Add(new CodeKey(section.Length == 0 ? member.Name : section + ":" + member.Name, member, bound: true));
        }
    }

    /// <summary>A configuration read with a constant key, and the member it is assigned to when it is.</summary>
    private static void AddRead(IOperation operation, KnownTypes types, List<CodeKey> keys)
    {
        if (operation.WalkDownConversion() is IInvocationOperation { TargetMethod.Name: "GetEnvironmentVariable" })
            return;
        var path = ValueSources.GetSecretStoreKey(operation, types);
        if (path is null)
            return;
        var site = operation.WalkUpConversion()!;
        while (site.Parent is ICoalesceOperation coalesce && ReferenceEquals(coalesce.Value.WalkUpConversion(), site))
            site = coalesce.WalkUpConversion()!;
        ISymbol? member = site.Parent switch
        {
            ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Value, site) => assignment.Target.GetReferencedSymbol(),
            IFieldInitializerOperation field when field.InitializedFields.Length == 1 => field.InitializedFields[0],
            IPropertyInitializerOperation property when property.InitializedProperties.Length == 1 => property.InitializedProperties[0],
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            _ => null,
        };
        keys.Add(new CodeKey(path, member, bound: false));
    }

    /// <summary>
    /// The section path of a configuration expression: empty for the root configuration, <c>Jwt:Signing</c> for
    /// <c>configuration.GetSection("Jwt").GetSection("Signing")</c>, and null when it cannot be told.
    /// </summary>
    private static string? SectionPath(IOperation operation, KnownTypes types, CancellationToken cancellationToken, int depth)
    {
        if (depth < 0)
            return null;
        var value = operation.WalkDownConversion();
        if (value is ILocalReferenceOperation)
        {
            var followed = value.FollowSingleAssignment(cancellationToken);
            return ReferenceEquals(followed, value) ? null : SectionPath(followed, types, cancellationToken, depth - 1);
        }

        if (value is IInvocationOperation { TargetMethod.Name: "GetSection" or "GetRequiredSection" } section && section.Arguments.Length >= 1)
        {
            var key = section.Arguments[section.Arguments.Length - 1].Value.GetConstantString();
            var receiver = section.Instance ?? (section.Arguments.Length > 1 ? section.Arguments[0].Value : null);
            var parent = receiver is null ? null : SectionPath(receiver, types, cancellationToken, depth - 1);
            return key is null || parent is null ? null : parent.Length == 0 ? key : parent + ":" + key;
        }

        // Any other configuration that is not a section is the root (builder.Configuration, an injected IConfiguration).
        return value.Type.IsOrDerivesFrom(types.IConfiguration) && !value.Type.IsOrDerivesFrom(types.IConfigurationSection) ? string.Empty : null;
    }

    private static bool SameWords(List<string> a, List<string> b)
    {
        if (a.Count != b.Count)
            return false;
        for (var i = 0; i < a.Count; i++)
        {
            if (!string.Equals(a[i], b[i], StringComparison.OrdinalIgnoreCase))
                return false;
        }

        return true;
    }
}
