using System;
using System.Collections.Immutable;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using ActionSecurity.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Rules;

/// <summary>AS0007: Failed authentication is not answered with 401/403.</summary>
/// <remarks>
/// Starts from the operations that produce an HTTP answer (result factories, result and response objects, status-code
/// assignments, <c>throw</c> in a handler) and walks up to the nearest enclosing branch. It reports when that branch is
/// the one taken when a secret check (<see cref="SecretChecks"/>) fails: the true branch of a rejecting condition
/// (<c>a != b</c>, <c>!ok</c>), the false branch of an accepting one (<c>else</c>, <c>: </c>), or a statement after
/// <c>if (accepted) return ...;</c> in the same block. Any other condition between the answer and the check stops the
/// walk, so answers that belong to unrelated checks are never reported.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AuthFailureStatusAnalyzer : DiagnosticAnalyzer
{
    internal const string KindResult = "Result";
    internal const string KindStatusValue = "StatusValue";
    internal const string KindThrow = "Throw";
    internal const string KindBody = "Body";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.AuthFailureStatus);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.GetOrCreate(start.Compilation);
            if (!types.HasAnyRequestSource)
                return;
            var responses = HttpResponses.GetOrCreate(start.Compilation);
            var state = new State(types, responses);
            start.RegisterOperationAction(state.AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterOperationAction(state.AnalyzeObjectCreation, OperationKind.ObjectCreation);
            start.RegisterOperationAction(state.AnalyzeAssignment, OperationKind.SimpleAssignment);
            start.RegisterOperationAction(state.AnalyzeThrow, OperationKind.Throw);
        });
    }

    private sealed class State
    {
        private readonly KnownTypes _types;
        private readonly HttpResponses _responses;
        private readonly INamedTypeSymbol? _userManager;

        public State(KnownTypes types, HttpResponses responses)
        {
            _types = types;
            _responses = responses;
            _userManager = types.Compilation.GetBestTypeByMetadataName(KnownTypeNames.MicrosoftAspNetCoreIdentityUserManager1);
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var answer = _responses.ClassifyInvocation(invocation, context.CancellationToken);
            if (answer.IsAnswer)
                AnalyzeAnswer(context, invocation, answer);
        }

        public void AnalyzeObjectCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            var answer = _responses.ClassifyCreation(creation, context.CancellationToken);
            if (answer.IsAnswer)
                AnalyzeAnswer(context, creation, answer);
        }

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (!_responses.IsStatusCodeTarget(assignment.Target))
                return;
            var status = HttpResponses.GetStatus(assignment.Value);
            if (status is null or 401 or 403)
                return;
            if (!IsInFailureBranch(assignment, context, afterGuardCounts: status >= 400))
                return;
            Report(context, assignment.Value, KindStatusValue, 401, "status " + status.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        public void AnalyzeThrow(OperationAnalysisContext context)
        {
            var throwOperation = (IThrowOperation)context.Operation;
            if (throwOperation.Exception is null)
                return; // a rethrow inside catch
            if (!_responses.IsInHandler(throwOperation, context.ContainingSymbol, _types))
                return;
            if (!IsInFailureBranch(throwOperation, context, afterGuardCounts: true) || AnswersEveryFailureAlike(throwOperation, context))
                return;
            Report(context, throwOperation, KindThrow, 401, "an exception");
        }

        private void AnalyzeAnswer(OperationAnalysisContext context, IOperation operation, HttpAnswer answer)
        {
            if (answer.Status is 401 or 403)
            {
                if (answer.Body is null || !IsTellingBody(answer.Body, context))
                    return;
                if (!IsInFailureBranch(operation, context, afterGuardCounts: true))
                    return;
                Report(context, operation, KindBody, answer.Status.Value, "a body that tells what failed");
                return;
            }

            if (!IsInFailureBranch(operation, context, afterGuardCounts: answer.Status >= 400))
                return;
            if (answer.Status == 404 && AnswersEveryFailureAlike(operation, context))
                return;
            var text = answer.Status is { } status
                ? "status " + status.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : "a status other than 401 or 403";
            Report(context, operation, KindResult, 401, text);
        }

        private void Report(OperationAnalysisContext context, IOperation operation, string kind, int status, string text)
        {
            // An endpoint that already requires a signed-in user re-verifies (a master password before a sensitive change):
            // a 401 there would sign the user out, and 400 is the right contract.
            if (RequiresAuthenticatedCaller(operation, context.ContainingSymbol, context))
                return;

            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticProperties.Kind, kind)
                .Add(DiagnosticProperties.Status, status == 403 ? "403" : "401");
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.AuthFailureStatus, operation.Syntax.GetLocation(), properties, text));
        }

        /// <summary>
        /// True when the controller action or minimal-API endpoint around <paramref name="operation"/> requires a signed-in
        /// user by its own declaration: <c>[Authorize]</c> or an authorization filter attribute on the action, its class or
        /// a base class (not overridden by <c>[AllowAnonymous]</c> on the action), or <c>RequireAuthorization()</c> on the
        /// endpoint or its route group. Application-wide facts (a fallback policy, a middleware) are not asked: they say
        /// nothing about the endpoint that receives a webhook next to them.
        /// </summary>
        private bool RequiresAuthenticatedCaller(IOperation operation, ISymbol containingSymbol, OperationAnalysisContext context)
        {
            var handlers = Handlers.GetOrCreate(_types.Compilation);
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is ILocalFunctionOperation)
                    return false;
                if (current is not IAnonymousFunctionOperation lambda)
                    continue;
                var parent = lambda.Parent;
                while (parent is IDelegateCreationOperation or IConversionOperation)
                    parent = parent.Parent;
                if (parent is not IArgumentOperation { Parent: IInvocationOperation map } || map.Arguments.IsEmpty
                    || !handlers.TryGetEndpoint(map, out var endpoint) || endpoint is null)
                {
                    return false;
                }

                return HasAuthorizeAttribute(lambda.Symbol, handlers) is true
                       || RequiresAuthorization(map, context.CancellationToken);
            }

            if (containingSymbol is not IMethodSymbol method
                || !Controllers.IsAction(method, _types) && !(method.MethodKind == MethodKind.Ordinary && _responses.PageModel is not null
                                                               && method.ContainingType.InheritsFromOrEquals(_responses.PageModel)))
            {
                return false;
            }

            if (HasAuthorizeAttribute(method, handlers) is { } decided)
                return decided;
            for (var type = method.ContainingType; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
            {
                if (HasAuthorizeAttribute(type, handlers) is { } typeDecision)
                    return typeDecision;
            }

            return false;
        }

        /// <summary>True for <c>[Authorize]</c>-like or authorization-filter attributes, false for <c>[AllowAnonymous]</c>, null for neither.</summary>
        private static bool? HasAuthorizeAttribute(ISymbol symbol, Handlers handlers)
        {
            bool? result = null;
            foreach (var attribute in symbol.GetAttributes())
            {
                var attributeClass = attribute.AttributeClass;
                if (attributeClass is null)
                    continue;
                if (attributeClass.Implements(handlers.IAllowAnonymous))
                    return false;
                if (attributeClass.Implements(handlers.IAuthorizeData) || attributeClass.Implements(handlers.IAuthorizationFilter)
                    || attributeClass.Implements(handlers.IAsyncAuthorizationFilter))
                {
                    result = true;
                }
            }

            return result;
        }

        /// <summary><c>RequireAuthorization()</c> chained on the endpoint, or on the route group it is mapped on (also through a local).</summary>
        private static bool RequiresAuthorization(IInvocationOperation map, CancellationToken cancellationToken)
        {
            // app.MapPost(...).RequireAuthorization()
            IOperation current = map;
            for (var depth = 0; depth < 16; depth++)
            {
                var parent = current.Parent;
                while (parent is IConversionOperation)
                    parent = parent.Parent;
                if (parent is not IArgumentOperation { Parent: IInvocationOperation chained } argument
                    || !chained.TargetMethod.IsExtensionMethod || argument.Parameter?.Ordinal != 0)
                {
                    break;
                }

                if (chained.TargetMethod.Name == "RequireAuthorization")
                    return true;
                if (chained.TargetMethod.Name == "AllowAnonymous")
                    return false;
                current = chained;
            }

            // var group = app.MapGroup("/x").RequireAuthorization(); group.MapPost(...)
            var builder = map.Arguments[0].Value.WalkDownConversion();
            for (var depth = 0; depth < 6; depth++)
            {
                if (builder is ILocalReferenceOperation)
                {
                    var followed = builder.FollowSingleAssignment(cancellationToken, depth: 1);
                    if (ReferenceEquals(followed, builder))
                        return false;
                    builder = followed;
                    continue;
                }

                if (builder is not IInvocationOperation { TargetMethod.IsExtensionMethod: true } call || call.Arguments.IsEmpty)
                    return false;
                if (call.TargetMethod.Name == "RequireAuthorization")
                    return true;
                builder = call.Arguments[0].Value.WalkDownConversion();
            }

            return false;
        }

        /// <summary>
        /// True when the answer is a "not found" (a 404, or a thrown exception whose type says not found) and the same
        /// handler gives the very same answer to a failure that is no secret check: every failure looks alike on purpose,
        /// so a caller cannot tell a wrong secret from a missing resource (enumeration). A 401 there would tell them apart.
        /// </summary>
        private bool AnswersEveryFailureAlike(IOperation answer, OperationAnalysisContext context)
        {
            var thrownType = answer is IThrowOperation { Exception: { } thrown } ? thrown.WalkDownConversion().Type : null;
            if (thrownType is not null && thrownType.Name.IndexOf("NotFound", StringComparison.Ordinal) < 0)
                return false;
            var root = answer;
            while (root.Parent is not null)
                root = root.Parent;
            foreach (var other in root.Descendants())
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (ReferenceEquals(other, answer) || !IsSameNotFound(other, thrownType, context.CancellationToken))
                    continue;
                if (!IsInFailureBranch(other, context, afterGuardCounts: true))
                    return true;
            }

            return false;
        }

        private bool IsSameNotFound(IOperation other, ITypeSymbol? thrownType, CancellationToken cancellationToken) => other switch
        {
            IThrowOperation { Exception: { } exception } => thrownType is not null && SymbolEqualityComparer.Default.Equals(exception.WalkDownConversion().Type, thrownType),
            IInvocationOperation invocation => thrownType is null && _responses.ClassifyInvocation(invocation, cancellationToken).Status == 404,
            IObjectCreationOperation creation => thrownType is null && _responses.ClassifyCreation(creation, cancellationToken).Status == 404,
            _ => false,
        };

        /// <summary>Exception text, the secret itself, or a message that names the part of the check that failed.</summary>
        private bool IsTellingBody(IOperation body, OperationAnalysisContext context)
        {
            ActionSecurityOptions? options = null;
            foreach (var descendant in body.DescendantsAndSelf())
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                switch (descendant)
                {
                    case ILiteralOperation { ConstantValue: { HasValue: true, Value: string text } }:
                        if (NamesCheckPart(text))
                            return true;
                        break;
                    case ILocalReferenceOperation or IParameterReferenceOperation or IPropertyReferenceOperation or IInvocationOperation
                        when descendant.Type.InheritsFromOrEquals(_responses.Exception):
                        return true;
                    case IPropertyReferenceOperation { Property.Name: "Message" or "StackTrace" } property
                        when property.Instance?.Type.InheritsFromOrEquals(_responses.Exception) == true:
                        return true;
                    case ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation:
                        options ??= ActionSecurityOptions.For(context.Options, body.Syntax.SyntaxTree, DiagnosticIds.AuthFailureStatus);
                        if (ValueSources.GetSecretEvidence(descendant, _types, options, context.CancellationToken).IsSecret)
                            return true;
                        break;
                }
            }

            return false;
        }

        private static readonly string[] PartWords =
        {
            "header", "query", "signature", "secret", "token", "key", "password", "hmac", "hash", "expected", "mismatch",
            "missing", "does not match", "doesn't match", "timestamp", "configured", "environment", "digest",
        };

        private static bool NamesCheckPart(string text)
        {
            foreach (var word in PartWords)
            {
                if (text.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
                    return true;
            }

            return false;
        }

        /// <summary>
        /// Walks up from the answer to the nearest enclosing branch and decides whether it is the branch taken when a
        /// secret check fails. Stops at function boundaries and at any other branch or loop.
        /// </summary>
        /// <param name="afterGuardCounts">
        /// Whether an answer that only follows an accepting guard (<c>if (ok) return ...;</c>) in a block on the way up
        /// counts as in the failure branch. Such code often serves another path (a cache hit, an admin key), so only
        /// error answers and exceptions count there; for the others, the nearest block with such a guard decides no.
        /// </param>
        private bool IsInFailureBranch(IOperation operation, OperationAnalysisContext context, bool afterGuardCounts)
        {
            var current = operation;
            for (var depth = 0; depth < 32; depth++)
            {
                var parent = current.Parent;
                if (parent is null)
                    return false;
                switch (parent)
                {
                    case IConditionalOperation conditional:
                    {
                        if (ReferenceEquals(conditional.Condition, current))
                            return false;
                        var sense = GuardSense(conditional.Condition, context, operation);
                        var failed = ReferenceEquals(conditional.WhenTrue, current)
                            ? sense == CheckSense.TrueWhenRejected
                            : sense == CheckSense.TrueWhenAuthenticated;

                        // The blocks passed on the way up were not asked when an accepting guard in them would not
                        // count: they are asked now, and only for a failure branch (most answers are under no check).
                        return failed && (afterGuardCounts || !FollowsAcceptingGuardBelow(conditional, operation, context));
                    }

                    case IBlockOperation block:
                        if (afterGuardCounts && FollowsAcceptingGuard(block, current, context, operation))
                            return true;
                        break;

                    case IAnonymousFunctionOperation or ILocalFunctionOperation or ILoopOperation or ISwitchOperation
                        or ISwitchCaseOperation or ISwitchExpressionOperation or ITryOperation or ICatchClauseOperation
                        or ICoalesceOperation or IConditionalAccessOperation or IMethodBodyOperation:
                        return false;

                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr }:
                        return false;
                }

                current = parent;
            }

            return false;
        }

        /// <summary>True when a block between <paramref name="answer"/> and the branch <paramref name="ancestor"/> it is
        /// in has an accepting guard before the statement that holds the answer.</summary>
        private bool FollowsAcceptingGuardBelow(IOperation ancestor, IOperation answer, OperationAnalysisContext context)
        {
            for (var current = answer; current.Parent is { } parent && !ReferenceEquals(parent, ancestor); current = parent)
            {
                if (parent is IBlockOperation block && FollowsAcceptingGuard(block, current, context, answer))
                    return true;
            }

            return false;
        }

        /// <summary>
        /// True when, in <paramref name="block"/>, the statement <paramref name="statement"/> comes after
        /// <c>if (accepted) { ...; return/throw; }</c> with no <c>else</c>: it only runs when the check failed.
        /// </summary>
        private bool FollowsAcceptingGuard(IBlockOperation block, IOperation statement, OperationAnalysisContext context, IOperation answer)
        {
            var operations = block.Operations;
            var index = operations.IndexOf(statement);
            for (var i = index - 1; i >= 0; i--)
            {
                if (operations[i] is not IConditionalOperation { WhenFalse: null } guard || !AlwaysExits(guard.WhenTrue))
                    continue;
                if (GuardSense(guard.Condition, context, answer) == CheckSense.TrueWhenAuthenticated)
                    return true;
            }

            return false;
        }

        /// <summary>
        /// <see cref="BranchSense"/> of a guard condition under the options of the file <paramref name="answer"/> is in.
        /// Not cached: a condition is asked for by the few answers of its own branches, and a shared dictionary cost more
        /// (its inserts and locks) than asking again did in the latency profile.
        /// </summary>
        private CheckSense GuardSense(IOperation condition, OperationAnalysisContext context, IOperation answer)
            => BranchSense(condition, Options(context, answer), context.CancellationToken, depth: 4);

        /// <summary>
        /// What a branch condition says about a secret check, for the branch an answer sits in:
        /// <see cref="SecretChecks.AnalyzeCondition"/>, and also a check combined with an unrelated switch. When
        /// <c>!validate || provided == expected</c> is false, the comparison failed (<see cref="CheckSense.TrueWhenAuthenticated"/>
        /// as far as its false branch goes); when <c>enforced &amp;&amp; provided != expected</c> is true, it failed too.
        /// </summary>
        private CheckSense BranchSense(IOperation condition, ActionSecurityOptions options, CancellationToken cancellationToken, int depth)
        {
            var check = SecretChecks.AnalyzeCondition(condition, _types, options, cancellationToken);
            if (check.IsCheck && IsAccountTokenCheck(check.Comparison))
                return CheckSense.None;
            var sense = check.Sense;
            if (sense != CheckSense.None || depth <= 0)
                return sense;
            switch (condition.WalkDownConversion())
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return BranchSense(not.Operand, options, cancellationToken, depth - 1) switch
                    {
                        CheckSense.TrueWhenAuthenticated => CheckSense.TrueWhenRejected,
                        CheckSense.TrueWhenRejected => CheckSense.TrueWhenAuthenticated,
                        _ => CheckSense.None,
                    };

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.ConditionalAnd } logical:
                {
                    // False of a disjunction makes every operand false; true of a conjunction makes every operand true.
                    var kept = logical.OperatorKind == BinaryOperatorKind.ConditionalOr ? CheckSense.TrueWhenAuthenticated : CheckSense.TrueWhenRejected;
                    return BranchSense(logical.LeftOperand, options, cancellationToken, depth - 1) == kept
                           || BranchSense(logical.RightOperand, options, cancellationToken, depth - 1) == kept
                        ? kept
                        : CheckSense.None;
                }

                default:
                    return CheckSense.None;
            }
        }

        /// <summary>
        /// A purpose-bound account token verified by ASP.NET Core Identity (<c>UserManager.VerifyUserTokenAsync</c>: a
        /// password-reset or e-mail confirmation link, <c>VerifyChangePhoneNumberTokenAsync</c>): a step of an account flow
        /// that a form submits, which Identity's own endpoints answer with 400 when the token is wrong. It does not sign
        /// the caller in, and a 401 there would send a browser client to a login it does not need.
        /// </summary>
        private bool IsAccountTokenCheck(IOperation comparison)
            => comparison.WalkDownConversion() is IInvocationOperation { TargetMethod: { Name: "VerifyUserTokenAsync" or "VerifyChangePhoneNumberTokenAsync" } method }
               && method.ContainingType.InheritsFromOrEquals(_userManager);

        private static bool AlwaysExits(IOperation? operation) => operation switch
        {
            IReturnOperation => true,
            IThrowOperation => true,
            IExpressionStatementOperation { Operation: IThrowOperation } => true,
            IBlockOperation { Operations.Length: > 0 } block => AlwaysExits(block.Operations[block.Operations.Length - 1]),
            _ => false,
        };

        private static ActionSecurityOptions Options(OperationAnalysisContext context, IOperation operation)
            => ActionSecurityOptions.For(context.Options, operation.Syntax.SyntaxTree, DiagnosticIds.AuthFailureStatus);
    }
}
