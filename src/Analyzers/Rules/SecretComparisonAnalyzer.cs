using System.Collections.Immutable;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using ActionSecurity.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Rules;

/// <summary>
/// AS0003: Secret is compared in non-constant time. AS0006: Secret check fails open when the expected secret is missing.
/// Both start from the same analysis: an equality comparison in which one operand is a secret.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SecretComparisonAnalyzer : DiagnosticAnalyzer
{
    internal const string Left = "Left";
    internal const string Right = "Right";

    private static readonly ImmutableDictionary<string, string?> ExpectedLeft =
        ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.ExpectedOperand, Left);

    /// <summary>AS0006 where no comparison is rewritten (a defaulted HMAC key, a check skipped when the secret is missing): no fix.</summary>
    private static readonly ImmutableDictionary<string, string?> NotRewritable =
        ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Skipped, "true");

    private static readonly ImmutableDictionary<string, string?> ExpectedRight =
        ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.ExpectedOperand, Right);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.NonConstantTimeComparison, Descriptors.FailOpenSecretCheck);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.GetOrCreate(start.Compilation);
            var state = new State(types, start.Compilation.GetBestTypeByMetadataName(KnownTypeNames.SystemLinqExpressionsExpression1));
            start.RegisterOperationAction(state.AnalyzeBinary, OperationKind.Binary);
            start.RegisterOperationAction(state.AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterOperationAction(state.AnalyzeIsPattern, OperationKind.IsPattern);
            start.RegisterOperationAction(state.AnalyzeDefaultedKey, OperationKind.Coalesce);
            start.RegisterOperationAction(state.AnalyzeMissingSecretTest, OperationKind.Conditional);
        });
    }

    /// <summary>Which operand of a comparison is the expected secret: the secret-store read, else the hash, else the side that is not a request value.</summary>
    internal static bool IsExpectedLeft(SecretEvidence left, SecretEvidence right, IOperation leftOperand, IOperation rightOperand)
    {
        if (left.Kind == SecretKind.SecretStore != (right.Kind == SecretKind.SecretStore))
            return left.Kind == SecretKind.SecretStore;
        if (left.Kind == SecretKind.HashOutput != (right.Kind == SecretKind.HashOutput))
            return left.Kind == SecretKind.HashOutput;
        if (left.Kind == SecretKind.RequestValue != (right.Kind == SecretKind.RequestValue))
            return right.Kind == SecretKind.RequestValue;
        var leftConstant = leftOperand.WalkDownConversion().ConstantValue.HasValue;
        var rightConstant = rightOperand.WalkDownConversion().ConstantValue.HasValue;
        if (leftConstant != rightConstant)
            return leftConstant;
        if (leftOperand.WalkDownConversion() is IParameterReferenceOperation != rightOperand.WalkDownConversion() is IParameterReferenceOperation)
            return rightOperand.WalkDownConversion() is IParameterReferenceOperation;
        return false;
    }

    /// <summary>The remedy the AS0003 message names where the target framework has <c>CryptographicOperations.FixedTimeEquals</c>.</summary>
    internal const string UseFixedTimeEquals = "use CryptographicOperations.FixedTimeEquals";

    /// <summary>The remedy the AS0003 message names where it does not: the fix cannot be offered there.</summary>
    internal const string NoFixedTimeEquals =
        "this target framework has no CryptographicOperations.FixedTimeEquals, so no fix is offered: compare every byte without stopping at the first difference";

    private sealed class State
    {
        private readonly KnownTypes _types;
        private readonly INamedTypeSymbol? _expression;
        private readonly string _remedy;

        public State(KnownTypes types, INamedTypeSymbol? expression)
        {
            _types = types;
            _expression = expression;
            // The message's second part says what to do; where the target framework has no FixedTimeEquals (.NET
            // Standard 2.0, .NET Framework) no fix is offered, and the message says why.
            _remedy = types.CryptographicOperations is { } operations && !operations.GetMembers("FixedTimeEquals").IsEmpty
                ? UseFixedTimeEquals
                : NoFixedTimeEquals;
        }

        public void AnalyzeBinary(OperationAnalysisContext context)
        {
            if (context.Operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals })
                Analyze(context);
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            if (context.Operation is IInvocationOperation { TargetMethod.Name: "Equals" or "SequenceEqual" or "FixedTimeEquals" }
                || context.Operation is IInvocationOperation { TargetMethod: { } method } && SecretComparisons.IsConstantTimeName(method.Name))
            {
                Analyze(context);
            }
        }

        public void AnalyzeIsPattern(OperationAnalysisContext context)
        {
            if (context.Operation is IIsPatternOperation { Pattern: IConstantPatternOperation or INegatedPatternOperation { Pattern: IConstantPatternOperation } })
                Analyze(context);
        }

        /// <summary>AS0006: <c>Environment.GetEnvironmentVariable("K") ?? ""</c> used as an HMAC key with no guard before it.</summary>
        public void AnalyzeDefaultedKey(OperationAnalysisContext context)
        {
            var defaulted = (ICoalesceOperation)context.Operation;
            if (!SecretComparisons.IsNullOrEmptyConstant(defaulted.WhenNull.WalkDownConversion()))
                return;
            var cancellationToken = context.CancellationToken;
            var use = FailOpen.FindHmacKeyUse(defaulted, _types, cancellationToken);
            if (use is null)
                return;
            var options = ActionSecurityOptions.For(context.Options, defaulted.Syntax.SyntaxTree, DiagnosticIds.FailOpenSecretCheck);
            var evidence = ValueSources.GetSecretEvidence(defaulted.Value, _types, options, cancellationToken);
            if (evidence.Kind != SecretKind.SecretStore || !FailOpen.KeyFailsOpen(defaulted, use, _types, cancellationToken))
                return;
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.FailOpenSecretCheck, defaulted.Syntax.GetLocation(), NotRewritable, evidence.Name));
        }

        /// <summary>
        /// AS0006: a verifier that lets the request in when the secret is missing (<c>if (string.IsNullOrEmpty(secret)) return true;</c>)
        /// or skips the check then and carries on.
        /// </summary>
        public void AnalyzeMissingSecretTest(OperationAnalysisContext context)
        {
            if (context.Operation is not IConditionalOperation { Type: null } statement)
                return;
            var condition = statement.Condition.WalkDownConversion();
            var trueWhenMissing = true;
            if (condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
            {
                trueWhenMissing = false;
                condition = not.Operand.WalkDownConversion();
            }

            IOperation? secret;
            switch (condition)
            {
                case IInvocationOperation { TargetMethod.Name: "IsNullOrEmpty" or "IsNullOrWhiteSpace", Arguments.Length: 1 } test
                    when test.TargetMethod.ContainingType.SpecialType == SpecialType.System_String:
                    secret = test.Arguments[0].Value;
                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } nullTest
                    when nullTest.RightOperand.WalkDownConversion().ConstantValue is { HasValue: true, Value: null }:
                    secret = nullTest.LeftOperand;
                    trueWhenMissing ^= nullTest.OperatorKind == BinaryOperatorKind.NotEquals;
                    break;
                case IIsPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: null } } } isNull:
                    secret = isNull.Value;
                    break;
                case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: null } } } } isNotNull:
                    secret = isNotNull.Value;
                    trueWhenMissing = !trueWhenMissing;
                    break;
                default:
                    return;
            }

            secret = secret.WalkDownConversion();
            if (secret is not (ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false })
                || !ValueSources.IsSecretCarrier(secret.Type, _types))
            {
                return; // if (order is null): most null tests are of values that hold no secret text.
            }

            var options = ActionSecurityOptions.For(context.Options, statement.Syntax.SyntaxTree, DiagnosticIds.FailOpenSecretCheck);
            var evidence = ValueSources.GetSecretEvidence(secret, _types, options, context.CancellationToken);
            if (evidence.Kind != SecretKind.SecretStore || !FailOpen.SkipsCheckWhenMissing(statement, secret, trueWhenMissing, _types, context.CancellationToken))
                return;
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.FailOpenSecretCheck, statement.Condition.Syntax.GetLocation(), NotRewritable, evidence.Name));
        }

        private void Analyze(OperationAnalysisContext context)
        {
            var comparison = SecretComparisons.Get(context.Operation, _types);
            if (!comparison.IsValid)
                return;
            var cancellationToken = context.CancellationToken;
            var tree = context.Operation.Syntax.SyntaxTree;
            var options3 = ActionSecurityOptions.For(context.Options, tree, DiagnosticIds.NonConstantTimeComparison);
            var left = ValueSources.GetSecretEvidence(comparison.Left, _types, options3, cancellationToken);
            var right = ValueSources.GetSecretEvidence(comparison.Right, _types, options3, cancellationToken);

            // The one model of a check that authenticates the caller decides for both rules.
            var isCheck = SecretChecks.ClassifyOperands(comparison.Left, comparison.Right, left, right, context.Operation, _types, options3, cancellationToken).IsCheck;
            var reportNonConstant = isCheck && comparison.Form != ComparisonForm.FixedTimeEquals
                && (IsStrong(left) || IsStrong(right)
                    || ValueSources.IsKeyedHash(left, _types, cancellationToken)
                    || ValueSources.IsKeyedHash(right, _types, cancellationToken));

            var options6 = ActionSecurityOptions.For(context.Options, tree, DiagnosticIds.FailOpenSecretCheck);
            SecretEvidence left6 = left, right6 = right;
            var isCheck6 = isCheck;
            if (!ReferenceEquals(options6, options3))
            {
                left6 = ValueSources.GetSecretEvidence(comparison.Left, _types, options6, cancellationToken);
                right6 = ValueSources.GetSecretEvidence(comparison.Right, _types, options6, cancellationToken);
                isCheck6 = SecretChecks.ClassifyOperands(comparison.Left, comparison.Right, left6, right6, context.Operation, _types, options6, cancellationToken).IsCheck;
            }

            var leftStore = left6.Kind == SecretKind.SecretStore;
            var rightStore = right6.Kind == SecretKind.SecretStore;
            var checkFailOpen = isCheck6 && leftStore != rightStore
                && !(leftStore ? comparison.Right : comparison.Left).WalkDownConversion().ConstantValue.HasValue;

            if (!reportNonConstant && !checkFailOpen)
                return;
            if (IsExcludedContext(context.Operation, context.ContainingSymbol))
                return;

            var expectedLeft = checkFailOpen ? leftStore : IsExpectedLeft(left, right, comparison.Left, comparison.Right);
            var properties = expectedLeft ? ExpectedLeft : ExpectedRight;
            var expectedEvidence = checkFailOpen ? (leftStore ? left6 : right6) : (expectedLeft ? left : right);
            if (expectedEvidence.Kind == SecretKind.HashOutput)
                properties = properties.Add(DiagnosticProperties.ExpectedGuard, DiagnosticProperties.ExpectedGuardNone);
            else if (expectedEvidence.Kind == SecretKind.SecretStore)
                properties = properties.Add(DiagnosticProperties.ExpectedKey, expectedEvidence.Name);
            var failOpen = FailOpenKind.None;
            if (checkFailOpen)
            {
                var expected = leftStore ? comparison.Left : comparison.Right;
                var provided = leftStore ? comparison.Right : comparison.Left;
                failOpen = FailOpen.Check(comparison, expected, provided, _types, cancellationToken);
                if (failOpen == FailOpenKind.None)
                    properties = properties.Add(DiagnosticProperties.FailClosed, "true");
            }

            var location = context.Operation.Syntax.GetLocation();
            if (reportNonConstant)
            {
                var name = NameFor(expectedLeft ? left : right, expectedLeft ? right : left);
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.NonConstantTimeComparison, location, properties, name, _remedy));
            }

            if (failOpen != FailOpenKind.None)
            {
                // Only checked under checkFailOpen, where the expected side is the secret-store read.
                var failOpenProperties = failOpen == FailOpenKind.Skipped ? properties.Add(DiagnosticProperties.Skipped, "true") : properties;
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.FailOpenSecretCheck, location, failOpenProperties, expectedEvidence.Name));
            }
        }

        private static bool IsStrong(SecretEvidence evidence)
            => evidence.Kind is SecretKind.SecretNamedSymbol or SecretKind.RequestValue or SecretKind.SecretStore;

        private static string NameFor(SecretEvidence preferred, SecretEvidence other)
        {
            if (preferred.IsSecret && preferred.Kind != SecretKind.HashOutput)
                return preferred.Name;
            if (other.IsSecret && other.Kind != SecretKind.HashOutput)
                return other.Name;
            return preferred.IsSecret ? preferred.Name : other.Name;
        }

        /// <summary>
        /// Expression trees (a database query, not an in-process comparison), equality members (value equality of a
        /// type that happens to hold a secret), and methods that implement a constant-time comparison themselves.
        /// </summary>
        private bool IsExcludedContext(IOperation operation, ISymbol containingSymbol)
        {
            if (containingSymbol is IMethodSymbol method
                && (method.MethodKind is MethodKind.UserDefinedOperator
                    || method.Name is "Equals" or "GetHashCode" or "CompareTo" or "Compare"))
            {
                return true;
            }

            if (operation.IsInsideExpressionTree(_expression))
                return true;
            if (containingSymbol is IMethodSymbol { Name: { } name } && SecretComparisons.IsConstantTimeName(name))
                return true;

            var body = operation.GetContainingBody();
            for (var root = body; root is not null; root = root.Parent)
            {
                body = root;
            }

            if (body is null)
                return false;
            foreach (var descendant in body.DescendantsAndSelf())
            {
                // diff |= a[i] ^ b[i]: the accumulator of a hand-written constant-time comparison.
                if (descendant is ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Or } compound
                    && compound.Value.WalkDownConversion() is IBinaryOperation { OperatorKind: BinaryOperatorKind.ExclusiveOr })
                {
                    return true;
                }
            }

            return false;
        }
    }
}
