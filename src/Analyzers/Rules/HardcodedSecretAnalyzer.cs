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
public sealed class HardcodedSecretAnalyzer : DiagnosticAnalyzer
{
    internal const string KindDeclaration = "Declaration";
    internal const string KindComparison = "Comparison";
    internal const string KindSink = "Sink";
    internal const string KindKeyedValue = "KeyedValue";
    internal const string KindFormat = "Format";
    internal const string KindConfigFile = "ConfigFile";

    private const int MinSecretLength = 3;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.HardcodedSecret);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
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
            _symmetricSecurityKey = compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.SymmetricSecurityKey");
            _encoding = compilation.GetBestTypeByMetadataName("System.Text.Encoding");
            _keyedHashAlgorithm = compilation.GetBestTypeByMetadataName("System.Security.Cryptography.KeyedHashAlgorithm");
            _authenticationHeaderValue = compilation.GetBestTypeByMetadataName("System.Net.Http.Headers.AuthenticationHeaderValue");
            _networkCredential = compilation.GetBestTypeByMetadataName("System.Net.NetworkCredential");
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
            if (top is null || CredentialFormats.IsPublicByDesign(value))
                return;

            var options = ActionSecurityOptions.For(context.Options, operation.Syntax.SyntaxTree, DiagnosticIds.HardcodedSecret);
            var site = ClimbValueWrappers(top);
            var finding = Classify(site, options, context.ContainingSymbol, context.CancellationToken);
            if (finding.IsFound && finding.Kind == KindDeclaration && IsInAttribute(site))
                finding = default;
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
            if (options.IsSecretName(name))
                return EndsWithStateWord(name) ? default : new Finding(KindDeclaration, name, strict, needsShape: IsAmbiguousSecretName(name, options));
            return IsAmbiguousKeyName(name) && !IsExcluded(name, options) ? new Finding(KindDeclaration, name, needsShape: true) : default;
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

    /// <summary>True when one of the configured <c>excluded_names</c> fragments occurs in <paramref name="name"/>.</summary>
    internal static bool IsExcluded(string name, ActionSecurityOptions options)
        => !options.ExcludedNames.IsDefaultOrEmpty && SecretNames.ContainsFragment(name, options.ExcludedNames);

    /// <summary>Secret words that also name things that are not secrets: a lexer or format token, a method or file signature.</summary>
    internal static readonly ImmutableArray<string> AmbiguousSecretWords = ImmutableArray.Create("token", "tokens", "signature", "signatures", "sig");

    /// <summary>Words before an ambiguous secret word that make it a credential (<c>accessToken</c>, <c>webhookSignature</c>).</summary>
    internal static readonly ImmutableArray<string> CredentialQualifiers = ImmutableArray.Create(
        "access", "refresh", "bearer", "api", "app", "application", "auth", "oauth", "secret", "security", "client", "bot",
        "webhook", "webhooks", "hook", "verification", "verify", "personal", "private", "master", "admin", "session", "id",
        "jwt", "sas", "pat", "github", "gitlab", "slack", "discord", "telegram", "npm", "nuget", "hub", "integration",
        "service", "user", "login", "signing", "shared", "request", "hmac", "csrf", "xsrf", "antiforgery", "push", "device",
        "reset", "invite", "invitation", "confirmation", "registration", "unsubscribe", "magic", "one", "otp");

    /// <summary>
    /// True for a secret name whose only secret word is ambiguous (<c>token</c>, <c>Token</c>, <c>stubToken</c>,
    /// <c>signature</c>) without a word that makes it a credential before it (<c>accessToken</c>, <c>apiToken</c>) and
    /// without an unambiguous secret word anywhere (<c>password</c>, <c>secret</c>, <c>apiKey</c>). Names from
    /// <c>secret_names</c> are never ambiguous.
    /// </summary>
    internal static bool IsAmbiguousSecretName(string name, ActionSecurityOptions options)
    {
        if (!options.ExtraSecretNames.IsDefaultOrEmpty && SecretNames.ContainsFragment(name, options.ExtraSecretNames))
            return false;
        var ambiguous = false;
        int previousStart = -1, previousLength = 0;
        var position = 0;
        while (SecretNames.NextWord(name, ref position, out var start, out var length))
        {
            if (SecretNames.IsOneOf(name, start, length, AmbiguousSecretWords))
            {
                if (previousStart >= 0 && SecretNames.IsOneOf(name, previousStart, previousLength, CredentialQualifiers))
                    return false;
                ambiguous = true;
            }
            else if (SecretNames.IsOneOf(name, start, length, SecretNames.SecretWords))
            {
                return false;
            }
            else if ((SecretNames.IsWord(name, start, length, "key") || SecretNames.IsWord(name, start, length, "keys"))
                     && previousStart >= 0 && SecretNames.IsOneOf(name, previousStart, previousLength, SecretNames.KeyQualifiers))
            {
                return false;
            }

            previousStart = start;
            previousLength = length;
        }

        return ambiguous;
    }

    /// <summary>
    /// A localization or resource key: three or more names joined by dots (<c>Account.Login.Fields.Password</c>). The
    /// value stored under it is a text for people (<c>"Passwort"</c>), so it counts only when it is secret-shaped.
    /// </summary>
    internal static bool IsResourceKey(string key)
    {
        var dots = 0;
        foreach (var c in key)
        {
            if (c == '.')
                dots++;
            else if (c is ':' or '/' or ' ')
                return false;
        }

        return dots >= 2 && SecretText.IsIdentifierPath(key);
    }

    /// <summary>Secret shape for an ambiguous name: a credential format, or <see cref="SecretText.IsSecretShaped"/>.</summary>
    internal static bool HasSecretShape(string value)
        => SecretText.IsSecretShaped(value) || CredentialFormats.Match(value) is not null;

    /// <summary>
    /// Names like <c>key</c>, <c>Key</c> or <c>stripeKey</c>: a key that may be a secret or a lookup key. Only a
    /// secret-shaped value makes them a secret (see <see cref="HasSecretShape"/>).
    /// </summary>
    internal static bool IsAmbiguousKeyName(string name)
    {
        var position = 0;
        int lastStart = -1, lastLength = 0, previousStart = -1, previousLength = 0;
        while (SecretNames.NextWord(name, ref position, out var start, out var length))
        {
            if (char.IsDigit(name[start]))
                continue;
            previousStart = lastStart;
            previousLength = lastLength;
            lastStart = start;
            lastLength = length;
        }

        if (lastStart < 0 || !SecretNames.IsWord(name, lastStart, lastLength, "key"))
            return false;
        if (previousStart < 0)
            return true;
        return !SecretNames.IsOneOf(name, previousStart, previousLength, NonSecretKeyQualifiers);
    }

    /// <summary>Words before <c>Key</c> that make it a lookup or public key, never a secret.</summary>
    internal static readonly ImmutableArray<string> NonSecretKeyQualifiers = ImmutableArray.Create(
        "public", "cache", "partition", "row", "sort", "foreign", "lookup", "map", "dictionary", "composite", "unique",
        "index", "idempotency", "primary", "sorting", "group", "route", "resource", "entity", "object", "registry",
        "setting", "settings", "config", "configuration", "section", "env", "environment", "header", "claim", "query",
        "storage", "state", "session", "item", "translation", "localization", "message", "label", "hot", "short", "menu",
        "node", "tree", "hash", "sequence", "s3", "blob", "file", "bucket", "distinct", "dedup", "ordering", "publishable",
        "site", "validation", "option", "options", "feature", "flag", "toggle", "property", "field", "column", "table", "tag",
        "json", "xml", "attribute", "dictionary", "name", "value", "type", "event", "command", "action", "check", "path",
        "url", "host", "culture", "language", "locale", "text", "string", "resx");

    /// <summary>
    /// Words that, ending a secret-ish name, make it name a state or an event about a secret rather than the secret
    /// (<c>SecretLogged</c>, <c>AuthFailureStatus</c>, <c>FailOpenSecretCheck</c>). AS0001 only; the shared
    /// <see cref="SecretNames"/> vocabulary is unchanged.
    /// </summary>
    internal static readonly ImmutableArray<string> StateWords = ImmutableArray.Create(
        "status", "state", "check", "checks", "logged", "failure", "failed", "error", "errors", "result", "comparison",
        "validation", "missing", "exception", "event", "events", "issued", "revoked", "rotation", "rotated", "reset",
        "changed", "expired", "required", "invalid", "valid", "mismatch");

    internal static bool EndsWithStateWord(string name)
    {
        var position = 0;
        int lastStart = -1, lastLength = 0;
        while (SecretNames.NextWord(name, ref position, out var start, out var length))
        {
            lastStart = start;
            lastLength = length;
        }

        return lastStart >= 0 && SecretNames.IsOneOf(name, lastStart, lastLength, StateWords);
    }

    /// <summary>Identifier codes such as diagnostic ids and error codes (<c>AS0001</c>, <c>ERR42</c>): capitals then digits.</summary>
    internal static bool IsIdentifierCode(string value)
    {
        var i = 0;
        while (i < value.Length && value[i] is >= 'A' and <= 'Z')
            i++;
        var letters = i;
        while (i < value.Length && value[i] is >= '0' and <= '9')
            i++;
        var digits = i - letters;
        return i == value.Length && letters is >= 1 and <= 4 && digits is >= 2 and <= 6;
    }

    internal static bool IsBlank(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsWhiteSpace(c))
                return false;
        }

        return true;
    }

    /// <summary>
    /// True when a value that goes somewhere secret is itself a secret and not the text around one: not a placeholder,
    /// prose, a format string, a reference or a key name. <paramref name="strict"/> (key and credential sinks) only
    /// rejects blank values.
    /// </summary>
    internal static bool IsSecretValue(string value, bool strict, ActionSecurityOptions? options, bool keyNamesAreSecrets = false, string? name = null)
    {
        if (IsBlank(value))
            return false;
        if (strict)
            return true;
        if (value.Length < MinSecretLength || SecretText.IsPlaceholder(value) || SecretText.IsReference(value)
            || SecretText.IsNaturalLanguage(value) || SecretText.IsFormatString(value) || IsIdentifierCode(value)
            || CredentialFormats.IsPublicByDesign(value) || SecretText.IsUrlWithoutCredentials(value))
        {
            return false;
        }

        // In code, a value that reads as a name is one: a key or header name, a path of identifiers, or the name of the
        // symbol it is assigned to spelled another way. In a configuration file the value is what the app will use.
        if (!keyNamesAreSecrets
            && (SecretText.LooksLikeKeyName(value, options) || SecretText.IsIdentifierPath(value) || SecretText.SpellsName(value, name)))
        {
            return false;
        }

        return true;
    }

    /// <summary>
    /// The decision for one configuration value. <paramref name="developmentOnly"/>: the file only runs on a developer's
    /// machine (<see cref="ConfigFiles.IsDevelopmentOnly"/>), where local-only connection strings are not secrets.
    /// </summary>
    internal static bool IsConfigSecret(ConfigEntry entry, ActionSecurityOptions options, bool developmentOnly = false)
    {
        var value = entry.Value;
        if (IsBlank(value) || SecretText.IsReference(value) || CredentialFormats.IsPublicByDesign(value))
            return false;
        if (developmentOnly && !options.ReportLocalConnectionStrings && CredentialFormats.IsLocalOnlyConnectionString(value))
            return false;

        // An excluded section or key silences everything under it: a JSON file has no #pragma.
        if (IsExcluded(entry.Path, options))
            return false;
        if (CredentialFormats.Match(value) is not null)
            return true;
        if (CredentialFormats.GetConnectionStringSecretKey(value) is not null)
            return true;
        if (entry.IsConnectionString)
            return false;
        if (options.IsSecretName(entry.Name))
        {
            if (!IsSecretValue(value, strict: false, options, keyNamesAreSecrets: true) || IsNonSecretSetting(value))
                return false;
            return !IsAmbiguousSecretName(entry.Name, options) || HasSecretShape(value) || HasSecretSection(entry.Path);
        }

        if (IsAmbiguousKeyName(entry.Name))
            return IsSecretValue(value, strict: false, options, keyNamesAreSecrets: true) && (HasSecretShape(value) || HasSecretSection(entry.Path));
        return false;
    }

    /// <summary>Setting values that are clearly switches or addresses rather than secrets (<c>true</c>, <c>https://…</c>, numbers).</summary>
    private static bool IsNonSecretSetting(string value)
    {
        if (bool.TryParse(value, out _) || double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) && value.Length < 8)
            return true;
        return (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
               && value.IndexOf('@') < 0 && value.IndexOf('?') < 0;
    }

    /// <summary>A <c>Key</c> under a section about signing or authentication (<c>Jwt:Key</c>, <c>Authentication:Hmac:Key</c>).</summary>
    private static bool HasSecretSection(string path)
    {
        var position = 0;
        while (SecretNames.NextWord(path, ref position, out var start, out var length))
        {
            if (SecretNames.IsOneOf(path, start, length, SecretSections))
                return true;
        }

        return false;
    }

    private static readonly ImmutableArray<string> SecretSections = ImmutableArray.Create(
        "jwt", "jwtbearer", "auth", "authentication", "signing", "hmac", "webhook", "webhooks", "encryption", "crypto", "security");
}
