using System.Collections.Immutable;
using ActionSecurity.Analyzers.Infrastructure;
using ActionSecurity.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Rules;

/// <summary>AS0004: HTTP handler has no authentication.</summary>
/// <remarks>
/// Reports from local actions only (the <c>Map*</c> invocation and each method's operation block), so the warning shows
/// live in the editor and its fix is a local fix. Compilation-wide facts (fallback policy, global filters, middleware)
/// are computed once per compilation by <see cref="Handlers"/>, lazily, when the first handler needs them.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnauthenticatedHandlerAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.UnauthenticatedHandler);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(static start =>
        {
            var handlers = Handlers.GetOrCreate(start.Compilation);
            handlers.UseOptions(start.Options);
            var state = new State(handlers);
            if (handlers.HasMinimalApis)
                start.RegisterOperationAction(state.AnalyzeInvocation, OperationKind.Invocation);
            if (handlers.HasDeclaredHandlers)
                start.RegisterOperationBlockAction(state.AnalyzeMethod);
        });
    }

    private sealed class State
    {
        private readonly Handlers _handlers;

        public State(Handlers handlers) => _handlers = handlers;

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (!Handlers.IsMapMethodName(invocation.TargetMethod.Name))
                return;
            if (!_handlers.TryGetEndpoint(invocation, out var handler, context.CancellationToken) || handler is null)
                return;
            var body = handler.Function is IAnonymousFunctionOperation lambda ? lambda.Body : null;
            if (Analyze(context.Options, handler, body, context.CancellationToken) is { } diagnostic)
                context.ReportDiagnostic(diagnostic);
        }

        public void AnalyzeMethod(OperationBlockAnalysisContext context)
        {
            if (context.OwningSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
                return;
            if (!_handlers.TryGetMethodHandler(method, out var handler) || handler is null)
                return;
            IOperation? body = null;
            foreach (var block in context.OperationBlocks)
            {
                if (block is IBlockOperation or IMethodBodyBaseOperation)
                {
                    body = block;
                    break;
                }
            }

            if (body is null)
                return;
            if (Analyze(context.Options, handler, body, context.CancellationToken) is { } diagnostic)
                context.ReportDiagnostic(diagnostic);
        }

        /// <summary>The finding for an unprotected handler, or null. (Returned, not reported through a delegate to the
        /// context's <c>ReportDiagnostic</c>: such a delegate boxes the context struct.)</summary>
        private Diagnostic? Analyze(AnalyzerOptions analyzerOptions, Handler handler, IOperation? body, System.Threading.CancellationToken cancellationToken)
        {
            var tree = handler.Location.SourceTree;
            if (tree is null)
                return null;
            var options = ActionSecurityOptions.For(analyzerOptions, tree, DiagnosticIds.UnauthenticatedHandler);
            if (_handlers.GetAccess(handler, body, options, cancellationToken) != HandlerAccess.Unprotected)
                return null;
            if (!options.AllHandlers && !_handlers.IsInDefaultScope(handler, body, options, cancellationToken))
                return null;
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticProperties.HandlerKind, handler.Kind.ToString())
                .Add(DiagnosticProperties.SecretHeader, options.SecretHeader)
                .Add(DiagnosticProperties.SecretStore, options.SecretStore == SecretStore.Configuration ? "configuration" : "environment");
            return Diagnostic.Create(Descriptors.UnauthenticatedHandler, handler.Location, properties, handler.Name);
        }
    }
}
