using System.Collections.Immutable;
using System.Text;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using ActionSecurity.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Rules;

/// <summary>
/// AS0005: Handler sets a cookie directly. AS0009: Cookie lacks Secure, HttpOnly or SameSite. Both start from the same
/// question, "does this statement write a cookie", so one analyzer answers it once.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CookieAnalyzer : DiagnosticAnalyzer
{
    /// <summary><c>Append(name, value)</c> with no attributes object: the fix adds one.</summary>
    internal const string KindNoAttributes = "NoAttributes";

    /// <summary>An attributes object traced to its creation: the fix completes its initializer.</summary>
    internal const string KindCarrier = "Carrier";

    /// <summary>A <c>Set-Cookie</c> header string: the fix appends the attributes.</summary>
    internal const string KindHeader = "Header";

    /// <summary>An insecure assignment to a <c>CookieBuilder</c> property: the fix replaces the value.</summary>
    internal const string KindBuilder = "Builder";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.DirectSetCookie, Descriptors.InsecureCookieFlags);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = CookieTypes.GetOrCreate(start.Compilation);
            if (!types.HasAnyCookieWriter)
                return;
            var state = new State(types, start.Compilation, start.Options.AdditionalFiles);
            start.RegisterOperationAction(state.AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterOperationAction(state.AnalyzeAssignment, OperationKind.SimpleAssignment, OperationKind.CompoundAssignment);
        });
    }

    /// <summary>Formats flags for the AS0009 message: "Secure", "Secure and HttpOnly", "Secure, HttpOnly and SameSite".</summary>
    internal static string Describe(CookieFlags flags)
    {
        var names = new System.Collections.Generic.List<string>(3);
        if ((flags & CookieFlags.Secure) != 0)
            names.Add("Secure");
        if ((flags & CookieFlags.HttpOnly) != 0)
            names.Add("HttpOnly");
        if ((flags & CookieFlags.SameSite) != 0)
            names.Add("SameSite");
        var text = new StringBuilder();
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0)
                text.Append(i == names.Count - 1 ? " and " : ", ");
            text.Append(names[i]);
        }

        return text.ToString();
    }

    private sealed class State
    {
        private const int NotComputed = -1;
        private readonly CookieTypes _types;
        private readonly Compilation _compilation;
        private readonly ImmutableArray<AdditionalText> _additionalFiles;
        private int _forcedByPolicy = NotComputed;
        private int _configNamesSharedPlatform = NotComputed;

        public State(CookieTypes types, Compilation compilation, ImmutableArray<AdditionalText> additionalFiles)
        {
            _types = types;
            _compilation = compilation;
            _additionalFiles = additionalFiles;
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (invocation.TargetMethod.Name is not ("Append" or "Add" or "Set" or "SetCookie" or "AppendCookie" or "AddCookies"
                or "TryAdd" or "TryAddWithoutValidation" or "AppendCommaSeparatedValues" or "SetCommaSeparatedValues"
                or "AddHeader" or "AppendHeader"))
            {
                return;
            }

            var write = CookieWrites.Classify(invocation, _types, context.CancellationToken);
            if (write is not null)
                Report(context, write);
        }

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (IAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation target)
                return;
            var property = target.Property;
            if (!property.IsIndexer && property.Name is not ("SetCookie" or "HttpOnly" or "SecurePolicy" or "SameSite"))
                return;
            if (!property.IsIndexer && property.Name != "SetCookie")
            {
                if (assignment is ISimpleAssignmentOperation simple)
                    AnalyzeBuilderAssignment(context, simple, property);
                return;
            }

            var write = CookieWrites.Classify(assignment, _types, context.CancellationToken);
            if (write is not null)
                Report(context, write);
        }

        private void Report(OperationAnalysisContext context, CookieWrite write)
        {
            // A cookie collection's own members (an Append that forwards to the response it wraps) write the cookie
            // their caller built, with the caller's attributes: framework plumbing, not an app setting a cookie.
            var method = context.ContainingSymbol as IMethodSymbol;
            if (_types.ImplementsCookieAbstraction(method?.ContainingType ?? context.ContainingSymbol.ContainingType))
                return;
            if (IsOnSharedDomain(context, write))
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.DirectSetCookie, write.Operation.Syntax.GetLocation(), write.Api));

            switch (write.Kind)
            {
                case CookieWriteKind.AspNetCoreAppend:
                case CookieWriteKind.WorkerAppend:
                case CookieWriteKind.HttpListener:
                case CookieWriteKind.SystemWeb:
                    ReportAttributes(context, write);
                    break;
                case CookieWriteKind.Header:
                    var missing = CookieAttributeAnalysis.AnalyzeHeaderText(write.HeaderValue);
                    if (missing is { } flags && flags != CookieFlags.None)
                        ReportFlags(context, write.HeaderValue!.Syntax, flags, KindHeader);
                    break;
            }
        }

        /// <summary>
        /// AS0005's reason is a domain other tenants share. <c>action_security.shared_domain</c>: <c>true</c> everywhere,
        /// <c>false</c> never, <c>auto</c> (the default) in serverless and web-action code (a Functions worker cookie, a
        /// method of a type with an Azure function, a Lambda or an OpenWhisk entry point) and in apps whose shipped
        /// configuration names a shared platform host.
        /// </summary>
        private bool IsOnSharedDomain(OperationAnalysisContext context, CookieWrite write)
        {
            var mode = SharedDomain.GetMode(context.Options, write.Operation.Syntax.SyntaxTree);
            if (mode == SharedDomainMode.Never)
                return false;
            var method = context.ContainingSymbol as IMethodSymbol;
            if (mode == SharedDomainMode.Always || write.Kind == CookieWriteKind.WorkerAppend)
                return true;
            return SharedDomain.IsServerlessCode(method, _types.Known, _types.LambdaContext) || ConfigNamesSharedPlatform(context.CancellationToken);
        }

        private bool ConfigNamesSharedPlatform(CancellationToken cancellationToken)
        {
            var known = Volatile.Read(ref _configNamesSharedPlatform);
            if (known != NotComputed)
                return known == 1;
            var computed = SharedDomain.ConfigNamesSharedPlatform(_additionalFiles, cancellationToken) ? 1 : 0;
            Interlocked.CompareExchange(ref _configNamesSharedPlatform, computed, NotComputed);
            return computed == 1;
        }

        private void ReportAttributes(OperationAnalysisContext context, CookieWrite write)
        {
            var forced = write.Kind == CookieWriteKind.AspNetCoreAppend ? ForcedByPolicy(context.CancellationToken) : CookieFlags.None;
            if (write.Carrier is null)
            {
                // Append(name, value) with no options: the framework defaults (not Secure, not HttpOnly, no SameSite).
                if (write.Kind is CookieWriteKind.AspNetCoreAppend or CookieWriteKind.WorkerAppend && write.Name is not null)
                {
                    var supported = write.Kind == CookieWriteKind.WorkerAppend
                        ? (_types.WorkerHttpCookie is null ? CookieFlags.All : CookieAttributeAnalysis.Supported(_types.WorkerHttpCookie))
                        : CookieFlags.All;
                    var missing = supported & ~forced;
                    if (missing != CookieFlags.None)
                        ReportFlags(context, write.Operation.Syntax, missing, KindNoAttributes);
                }

                return;
            }

            if (write.CarrierType is null)
                return;
            var attributes = CookieAttributeAnalysis.Analyze(write.Carrier.Value, write.CarrierType, context.CancellationToken);
            if (attributes is null)
                return;
            var insecure = attributes.Insecure & ~forced;
            if (insecure != CookieFlags.None)
                ReportFlags(context, write.Carrier.Value.Syntax, insecure, KindCarrier);
        }

        /// <summary>
        /// <c>options.Cookie.HttpOnly = false</c>, <c>SecurePolicy = CookieSecurePolicy.None</c>, <c>SameSite = SameSiteMode.None</c>
        /// on a <c>CookieBuilder</c> (authentication, session, antiforgery, TempData). The builders' own defaults are left
        /// alone: the framework components set secure ones.
        /// </summary>
        private void AnalyzeBuilderAssignment(OperationAnalysisContext context, ISimpleAssignmentOperation assignment, IPropertySymbol property)
        {
            if (_types.CookieBuilder is null || !property.ContainingType.InheritsFromOrEquals(_types.CookieBuilder))
                return;
            var value = assignment.Value.WalkDownConversion();
            CookieFlags flag;
            switch (property.Name)
            {
                case "HttpOnly":
                    if (value.ConstantValue is not { HasValue: true, Value: false })
                        return;
                    flag = CookieFlags.HttpOnly;
                    break;
                case "SecurePolicy":
                    if (value is not IFieldReferenceOperation { Field.Name: "None" } policy
                        || !SymbolEqualityComparer.Default.Equals(policy.Field.ContainingType, _types.CookieSecurePolicy))
                    {
                        return;
                    }

                    flag = CookieFlags.Secure;
                    break;
                case "SameSite":
                    if (CookieAttributeAnalysis.IsSecureValue(CookieFlags.SameSite, value) != false)
                        return;
                    flag = CookieFlags.SameSite;
                    break;
                default:
                    return;
            }

            if ((ForcedByPolicy(context.CancellationToken) & flag) != 0)
                return;
            ReportFlags(context, assignment.Syntax, flag, KindBuilder);
        }

        private static void ReportFlags(OperationAnalysisContext context, SyntaxNode node, CookieFlags flags, string kind)
        {
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticProperties.Kind, kind)
                .Add(DiagnosticProperties.Flags, ((int)flags).ToString(System.Globalization.CultureInfo.InvariantCulture));
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.InsecureCookieFlags, node.GetLocation(), properties, Describe(flags)));
        }

        /// <summary>
        /// The flags a cookie policy forces on every cookie appended through <c>IResponseCookies</c>: computed once per
        /// compilation, and only when a finding could be silenced by it.
        /// </summary>
        private CookieFlags ForcedByPolicy(CancellationToken cancellationToken)
        {
            var known = Volatile.Read(ref _forcedByPolicy);
            if (known != NotComputed)
                return (CookieFlags)known;
            var computed = _types.CookiePolicyOptions is null ? CookieFlags.None : CompilationTrees.For(_compilation, cancellationToken).CookiePolicyForced();
            Interlocked.CompareExchange(ref _forcedByPolicy, (int)computed, NotComputed);
            return computed;
        }
    }
}
