using System;
using System.Collections.Immutable;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using ActionSecurity.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace ActionSecurity.Analyzers.Rules;

/// <summary>
/// AS0001: Secret is hard-coded. Reports a string literal (or a constant built only from literals, a <c>u8</c> literal,
/// or <c>Encoding.X.GetBytes("…")</c> of one) that is a secret by where it goes — a secret-named declaration, a
/// comparison with a secret, a key or credential parameter — or by its format; and secrets in the configuration files
/// passed as additional files.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class HardcodedSecretAnalyzer : DiagnosticAnalyzer
{
    internal const string KindDeclaration = "Declaration";
    internal const string KindComparison = "Comparison";
    internal const string KindSink = "Sink";
    internal const string KindKeyedValue = "KeyedValue";
    internal const string KindFormat = "Format";
    internal const string KindConfigFile = "ConfigFile";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.HardcodedSecret);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(static start =>
        {
            // Hard-coded secrets matter in every project, web or not: nothing to bail out on.
            var state = new State(KnownTypes.GetOrCreate(start.Compilation));
            start.RegisterOperationAction(state.AnalyzeLiteral, OperationKind.Literal, OperationKind.Utf8String);
            start.RegisterAdditionalFileAction(state.AnalyzeAdditionalFile);
        });
    }

    /// <summary>A reason to report: the name to show and to store the secret under, and the kind of evidence.</summary>
    internal readonly struct Finding
    {
        public Finding(string kind, string name, bool strict = false, bool needsShape = false)
        {
            Kind = kind;
            Name = name;
            Strict = strict;
            NeedsShape = needsShape;
        }

        /// <summary>
        /// The name alone is ambiguous (<c>key</c>, <c>token</c>, <c>signature</c>): only a secret-shaped value counts (a
        /// credential format, or <see cref="SecretText.IsSecretShaped"/>).
        /// </summary>
        public bool NeedsShape { get; }

        public string Kind { get; }
        public string Name { get; }

        /// <summary>A key or credential sink: any non-blank value is a secret, even one that reads like a placeholder.</summary>
        public bool Strict { get; }

        public bool IsFound => Kind is not null;
    }

    private sealed class State
    {
        private readonly KnownTypes _types;
        private readonly INamedTypeSymbol? _symmetricSecurityKey;
        private readonly INamedTypeSymbol? _encoding;
        private readonly INamedTypeSymbol? _keyedHashAlgorithm;
        private readonly INamedTypeSymbol? _authenticationHeaderValue;
        private readonly INamedTypeSymbol? _networkCredential;

        public State(KnownTypes types)
        {
            _types = types;
            var compilation = types.Compilation;
            _symmetricSecurityKey = compilation.GetBestTypeByMetadataName(KnownTypeNames.MicrosoftIdentityModelTokensSymmetricSecurityKey);
            _encoding = compilation.GetBestTypeByMetadataName(KnownTypeNames.SystemTextEncoding);
            _keyedHashAlgorithm = compilation.GetBestTypeByMetadataName(KnownTypeNames.SystemSecurityCryptographyKeyedHashAlgorithm);
            _authenticationHeaderValue = compilation.GetBestTypeByMetadataName(KnownTypeNames.SystemNetHttpHeadersAuthenticationHeaderValue);
            _networkCredential = compilation.GetBestTypeByMetadataName(KnownTypeNames.SystemNetNetworkCredential);
        }

        public void AnalyzeLiteral(OperationAnalysisContext context)
        {
            var operation = context.Operation;
            var value = operation switch
            {
                ILiteralOperation literal => literal.ConstantValue.HasValue ? literal.ConstantValue.Value as string : null,
                IUtf8StringOperation utf8 => utf8.Value,
                _ => null,
            };
            if (value is null || IsBlank(value))
                return;

            var top = GetConstantRoot(operation, ref value);
            if (top is null)
                return;

            var options = ActionSecurityOptions.For(context.Options, operation.Syntax.SyntaxTree, DiagnosticIds.HardcodedSecret);
            var site = ClimbValueWrappers(top);
            var finding = Classify(site, options, context.ContainingSymbol, context.CancellationToken);
            if (finding.IsFound && (finding.Kind == KindDeclaration && (IsInAttribute(site) || NamesOwner(value, context.ContainingSymbol))
                                    || SecretNames.NamesDigest(finding.Name)))
            {
                finding = default;
            }

            if (finding.IsFound && (!IsSecretValue(value, finding.Strict, options, name: finding.Name) || (finding.NeedsShape && !HasSecretShape(value))))
                finding = default;

            if (!finding.IsFound)
            {
                var format = CredentialFormats.Match(value);
                if (format is not null)
                {
                    finding = new Finding(KindFormat, format.StoreName);
                }
                else
                {
                    var connectionKey = CredentialFormats.GetConnectionStringSecretKey(value);
                    if (connectionKey is null)
                        return;
                    finding = new Finding(KindFormat, "ConnectionString");
                }
            }

            if (CredentialFormats.IsPublicByDesign(value))
                return;

            // A connection string that only reaches this machine (a development database, an emulator) opens nothing
            // remote; in code it is a development default.
            if (!options.ReportLocalConnectionStrings && CredentialFormats.IsLocalOnlyConnectionString(value))
                return;

            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticProperties.SecretName, finding.Name)
                .Add(DiagnosticProperties.Kind, finding.Kind);
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.HardcodedSecret, top.Syntax.GetLocation(), properties, finding.Name));
        }

        /// <summary>Attribute arguments name things (<c>[FromHeader(Name = "X-Api-Key")]</c>); they are never judged by name.</summary>
        private static bool IsInAttribute(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is IAttributeOperation)
                    return true;
            }

            return false;
        }

        /// <summary>
        /// The outermost constant expression the literal belongs to (a concatenation of literals, a constant interpolated
        /// string), or null when this literal is not the one to report for it (an inner part, or part of a non-constant
        /// interpolation or concatenation, which is never reported).
        /// </summary>
        private static IOperation? GetConstantRoot(IOperation literal, ref string value)
        {
            var top = literal;
            while (true)
            {
                var parent = top.Parent;
                if (parent is IConversionOperation { Type.SpecialType: SpecialType.System_String or SpecialType.System_Object } or IParenthesizedOperation)
                {
                    top = parent;
                    continue;
                }

                if (parent is IInterpolatedStringTextOperation)
                {
                    var interpolation = parent.Parent;
                    if (interpolation is null || !interpolation.ConstantValue.HasValue)
                        return null;
                    top = interpolation;
                    continue;
                }

                if (parent is IInterpolatedStringOperation or IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } && parent.ConstantValue.HasValue)
                {
                    top = parent;
                    continue;
                }

                break;
            }

            if (!ReferenceEquals(top, literal))
            {
                if (!ReferenceEquals(FirstLiteral(top), literal))
                    return null;
                if (top.ConstantValue.HasValue && top.ConstantValue.Value is string whole)
                    value = whole;
                top = top.WalkDownConversion();
            }

            // A top-level conversion to object stays a string literal for reporting.
            return top;
        }

        private static IOperation? FirstLiteral(IOperation operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case ILiteralOperation:
                        return operation;
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        continue;
                    case IBinaryOperation binary:
                        operation = binary.LeftOperand;
                        continue;
                    case IInterpolatedStringOperation interpolated:
                        if (interpolated.Parts.IsEmpty || interpolated.Parts[0] is not IInterpolatedStringTextOperation text)
                            return null;
                        operation = text.Text;
                        continue;
                    default:
                        return null;
                }
            }
        }

        /// <summary>
        /// Climbs from a constant through the calls that only re-encode it (<c>Encoding.UTF8.GetBytes</c>,
        /// <c>Convert.ToBase64String</c>/<c>FromBase64String</c>, <c>"…"u8.ToArray()</c>, <c>ToCharArray</c>) and conversions.
        /// </summary>
        private IOperation ClimbValueWrappers(IOperation operation)
        {
            var current = operation;
            for (var i = 0; i < 6; i++)
            {
                var parent = current.Parent;
                switch (parent)
                {
                    case IConversionOperation or IParenthesizedOperation:
                        current = parent;
                        continue;
                    case IArgumentOperation { Parent: IInvocationOperation call } when IsReEncoding(call):
                        current = call;
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "ToArray" or "ToCharArray" or "AsSpan" or "AsMemory" } call
                        when ReferenceEquals(call.Instance, current) || (call.Arguments.Length == 1 && ReferenceEquals(call.Arguments[0].Value, current)):
                        current = call;
                        continue;
                    case IArgumentOperation { Parent: IInvocationOperation call } when call.TargetMethod.Name is "ToArray" or "AsSpan" or "AsMemory" && call.TargetMethod.IsExtensionMethod:
                        current = call;
                        continue;
                }

                break;
            }

            return current;
        }

        private bool IsReEncoding(IInvocationOperation call)
        {
            var method = call.TargetMethod;
            return method.Name switch
            {
                "GetBytes" => method.ContainingType.InheritsFromOrEquals(_encoding),
                "ToBase64String" or "FromBase64String" or "FromHexString" or "ToHexString" => method.IsMemberOf(_types.Convert),
                _ => false,
            };
        }

        /// <summary>Why the value arriving at <paramref name="site"/> is a secret, judged from where it goes.</summary>
        private Finding Classify(IOperation site, ActionSecurityOptions options, ISymbol containingSymbol, CancellationToken cancellationToken)
        {
            var parent = site.Parent;
            switch (parent)
            {
                case IFieldInitializerOperation fieldInitializer:
                    foreach (var field in fieldInitializer.InitializedFields)
                    {
                        var finding = ByName(field.Name, field.Type, options, strict: false);
                        if (finding.IsFound)
                            return finding;
                    }

                    return default;

                case IPropertyInitializerOperation propertyInitializer:
                    foreach (var property in propertyInitializer.InitializedProperties)
                    {
                        var finding = ByName(property.Name, property.Type, options, strict: false);
                        if (finding.IsFound)
                            return finding;
                    }

                    return default;

                case IParameterInitializerOperation parameterInitializer:
                    return ByName(parameterInitializer.Parameter.Name, parameterInitializer.Parameter.Type, options, strict: false);

                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return ByName(declarator.Symbol.Name, declarator.Symbol.Type, options, strict: false);

                case ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Value, site):
                    return ClassifyAssignmentTarget(assignment.Target, options);

                case IReturnOperation:
                    return ClassifyReturn(site, containingSymbol, options);

                case IArgumentOperation argument:
                    return ClassifyArgument(argument, options, cancellationToken);

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
                {
                    var other = ReferenceEquals(binary.LeftOperand, site) ? binary.RightOperand : binary.LeftOperand;
                    return ByEvidence(other, options, cancellationToken);
                }

                case IInvocationOperation invocation when ReferenceEquals(invocation.Instance, site) && IsEqualityMethod(invocation.TargetMethod.Name):
                    return invocation.Arguments.Length >= 1 ? ByEvidence(invocation.Arguments[0].Value, options, cancellationToken) : default;

                case IConstantPatternOperation { Parent: IIsPatternOperation isPattern }:
                    return ByEvidence(isPattern.Value, options, cancellationToken);

                default:
                    return default;
            }
        }

        private Finding ClassifyAssignmentTarget(IOperation target, ActionSecurityOptions options)
        {
            switch (target)
            {
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer:
                {
                    // dictionary["client_secret"] = "…", headers["Authorization"] = "…"
                    if (indexer.Arguments.Length != 1)
                        return default;
                    var key = indexer.Arguments[0].Value.GetConstantString();
                    return key is not null && options.IsSecretName(key) ? new Finding(KindKeyedValue, key, needsShape: IsAmbiguousSecretName(key, options) || IsResourceKey(key)) : default;
                }

                case IPropertyReferenceOperation { Property.Name: "Key" } keyProperty
                    when keyProperty.Property.ContainingType.InheritsFromOrEquals(_keyedHashAlgorithm):
                    return new Finding(KindSink, "SigningKey", strict: true);

                case IPropertyReferenceOperation { Property.Name: "Password" } credentialPassword
                    when credentialPassword.Property.ContainingType.InheritsFromOrEquals(_networkCredential):
                    return new Finding(KindSink, "Password", strict: true);

                default:
                {
                    var symbol = target.GetReferencedSymbol();
                    return symbol is null ? default : ByName(symbol.Name, symbol.GetValueType(), options, strict: false);
                }
            }
        }

        private Finding ClassifyReturn(IOperation site, ISymbol containingSymbol, ActionSecurityOptions options)
        {
            // A return inside a lambda or local function belongs to that function, not to the containing member.
            for (var current = site.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                    return default;
            }

            if (containingSymbol is not IMethodSymbol method)
                return default;
            if (method.MethodKind == MethodKind.PropertyGet && method.AssociatedSymbol is IPropertySymbol property)
                return property.IsIndexer ? default : ByName(property.Name, property.Type, options, strict: false);
            if (method.MethodKind != MethodKind.Ordinary || method.Name.StartsWith("Get", StringComparison.Ordinal) && method.Name.EndsWith("Name", StringComparison.Ordinal))
                return default;
            var name = method.Name.Length > 3 && method.Name.StartsWith("Get", StringComparison.Ordinal) && char.IsUpper(method.Name[3])
                ? method.Name.Substring(3)
                : method.Name;
            return ByName(name, method.ReturnType, options, strict: false);
        }

        private Finding ClassifyArgument(IArgumentOperation argument, ActionSecurityOptions options, CancellationToken cancellationToken)
        {
            var parameter = argument.Parameter;
            if (parameter is null)
                return default;
            var member = argument.Parent switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                IObjectCreationOperation creation => creation.Constructor,
                _ => null,
            };
            if (member is null)
                return default;
            var arguments = argument.Parent is IInvocationOperation call ? call.Arguments : ((IObjectCreationOperation)argument.Parent!).Arguments;
            var owner = member.ContainingType;

            // Key and credential sinks: whatever the text, a literal here is a hard-coded key.
            if (parameter.Name == "key")
            {
                if (member.MethodKind == MethodKind.Constructor && owner.InheritsFromOrEquals(_types.HMAC))
                    return new Finding(KindSink, "SigningKey", strict: true);
                if (member.Name is "HashData" or "TryHashData" or "HashDataAsync" && member.IsStatic && owner.InheritsFromOrEquals(_types.HMAC))
                    return new Finding(KindSink, "SigningKey", strict: true);
                if (member.MethodKind == MethodKind.Constructor && owner.InheritsFromOrEquals(_symmetricSecurityKey))
                    return new Finding(KindSink, "SigningKey", strict: true);
            }

            if (member.MethodKind == MethodKind.Constructor && owner.InheritsFromOrEquals(_networkCredential) && parameter.Name == "password")
                return new Finding(KindSink, "Password", strict: true);

            // dictionary.TryGetValue("X-GitHub-Hook-ID", …), new KeyValuePair<string, string>("application/xml", …),
            // localizer.T("Account.Login.Fields.Password"): a key that looks something up is a name.
            if (IsLookupKey(parameter, member))
                return default;

            // new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz")
            if (member.MethodKind == MethodKind.Constructor && parameter.Name == "parameter" && owner.InheritsFromOrEquals(_authenticationHeaderValue))
                return new Finding(KindSink, "Authorization");

            // headers.Add("X-Api-Key", "…"), dictionary.Add("client_secret", "…"), SetEnvironmentVariable("API_KEY", "…")
            if (parameter.Name is "value" or "values")
            {
                foreach (var other in arguments)
                {
                    if (other.Parameter?.Name is not ("key" or "name" or "headerName" or "variable"))
                        continue;
                    var key = other.Value.GetConstantString();
                    return key is not null && options.IsSecretName(key) ? new Finding(KindKeyedValue, key, needsShape: IsAmbiguousSecretName(key, options) || IsResourceKey(key)) : default;
                }
            }

            // string.Equals(provided, "…"), provided.Equals("…"), CryptographicOperations.FixedTimeEquals(a, "…"u8)
            if (IsEqualityMethod(member.Name))
            {
                if (argument.Parent is IInvocationOperation { Instance: { } instance } && !member.IsStatic)
                    return ByEvidence(instance, options, cancellationToken);
                foreach (var other in arguments)
                {
                    if (ReferenceEquals(other, argument) || other.Value.Type?.TypeKind == TypeKind.Enum)
                        continue;
                    var finding = ByEvidence(other.Value, options, cancellationToken);
                    if (finding.IsFound)
                        return finding;
                }

                return default;
            }

            // Any parameter whose name denotes a secret: Connect(user, password: "…"), new Client(apiKey: "…").
            return ByName(parameter.Name, parameter.Type, options, strict: false);
        }

        private static bool IsEqualityMethod(string name)
            => name is "Equals" or "SequenceEqual" or "FixedTimeEquals" or "Compare" or "CompareOrdinal";

        private Finding ByName(string name, ITypeSymbol? type, ActionSecurityOptions options, bool strict)
        {
            if (!ValueSources.IsSecretCarrier(type, _types))
                return default;
            var verdict = ReferenceEquals(options, ActionSecurityOptions.Default)
                ? _defaultNameVerdicts.TryGetValue(name, out var known) ? known : _defaultNameVerdicts.Keep(name, JudgeName(name, ActionSecurityOptions.Default))
                : JudgeName(name, options);
            return verdict switch
            {
                NameVerdict.Secret => new Finding(KindDeclaration, name, strict),
                NameVerdict.AmbiguousSecret => new Finding(KindDeclaration, name, strict, needsShape: true),
                NameVerdict.AmbiguousKey => new Finding(KindDeclaration, name, needsShape: true),
                _ => default,
            };
        }

        /// <summary>
        /// What a declared name says about the value it holds, under the default options: the same few hundred names
        /// (<c>value</c>, <c>name</c>, <c>message</c>, <c>password</c>) carry most literals of a project.
        /// </summary>
        private readonly Memo<string, NameVerdict> _defaultNameVerdicts = new(StringComparer.Ordinal);

        private static NameVerdict JudgeName(string name, ActionSecurityOptions options)
        {
            if (options.IsSecretName(name))
            {
                if (EndsWithStateWord(name))
                    return NameVerdict.None;
                return IsAmbiguousSecretName(name, options) ? NameVerdict.AmbiguousSecret : NameVerdict.Secret;
            }

            return IsAmbiguousKeyName(name) && !IsExcluded(name, options) ? NameVerdict.AmbiguousKey : NameVerdict.None;
        }

        private enum NameVerdict : byte
        {
            None,
            Secret,
            AmbiguousSecret,
            AmbiguousKey,
        }

        private Finding ByEvidence(IOperation other, ActionSecurityOptions options, CancellationToken cancellationToken)
        {
            if (other.WalkDownConversion().ConstantValue.HasValue)
                return default;
            var evidence = ValueSources.GetSecretEvidence(other, _types, options, cancellationToken);
            if (!evidence.IsSecret || evidence.Kind == SecretKind.HashOutput)
                return default;

            // A symbol named only `token` or `signature` may be a lexer token or a method signature; a value read from a
            // request or the secret store under such a key is a credential.
            var ambiguous = evidence.Kind == SecretKind.SecretNamedSymbol && IsAmbiguousSecretName(evidence.Name, options);
            return new Finding(KindComparison, evidence.Name, needsShape: ambiguous);
        }

        /// <summary>
        /// A parameter named <c>key</c> or <c>name</c> of a member that takes a value beside it (<c>Add(key, value)</c>,
        /// <c>TryGetValue(key, out value)</c>, <c>new KeyValuePair(key, value)</c>) or of a well-known lookup
        /// (<c>GetValue</c>, <c>GetSection</c>, <c>ContainsKey</c>, <c>Remove</c>): the argument is the name of an entry.
        /// </summary>
        private static bool IsLookupKey(IParameterSymbol parameter, IMethodSymbol member)
        {
            if (parameter.Name is not ("key" or "name" or "keyName" or "resourceKey"))
                return false;
            if (member.Name is "TryGetValue" or "GetValueOrDefault" or "ContainsKey" or "Remove" or "TryRemove" or "GetValue"
                or "GetSection" or "GetRequiredSection" or "GetConnectionString" or "TryAdd" or "GetOrAdd" or "AddOrUpdate")
            {
                return true;
            }

            foreach (var other in member.Parameters)
            {
                if (!SymbolEqualityComparer.Default.Equals(other, parameter)
                    && other.Name is "value" or "values" or "defaultValue" or "newValue" or "valueFactory" or "addValue" or "addValueFactory" or "updateValueFactory")
                {
                    return true;
                }
            }

            return false;
        }

        public void AnalyzeAdditionalFile(AdditionalFileAnalysisContext context)
        {
            var file = context.AdditionalFile;
            var kind = ConfigFiles.GetKind(file.Path);
            if (kind == ConfigFileKind.None)
                return;
            var text = file.GetText(context.CancellationToken);
            if (text is null || text.Length == 0 || text.Length > 4 * 1024 * 1024)
                return;
            ActionSecurityOptions options;
            try
            {
                options = ActionSecurityOptions.For(context.Options.AnalyzerConfigOptionsProvider.GetOptions(file), DiagnosticIds.HardcodedSecret);
            }
            catch (ArgumentException)
            {
                return;
            }

            var content = text.ToString();
            var developmentOnly = ConfigFiles.IsDevelopmentOnly(file.Path);
            foreach (var entry in ConfigFiles.Scan(content, kind))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (!IsConfigSecret(entry, options, developmentOnly))
                    continue;
                var span = new TextSpan(entry.Start, entry.Length);
                if (span.End > text.Length)
                    continue;
                var location = Location.Create(file.Path, span, text.Lines.GetLinePositionSpan(span));
                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(DiagnosticProperties.SecretName, entry.Path)
                    .Add(DiagnosticProperties.Kind, KindConfigFile);
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.HardcodedSecret, location, properties, entry.Path));
            }
        }
    }
}
