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
    /// <summary>Diagnostic property: which operand holds the expected secret, <see cref="Left"/> or <see cref="Right"/>.</summary>
    internal const string ExpectedOperandProperty = "ExpectedOperand";

    /// <summary>
    /// AS0006 property: set when an enclosing <c>if</c> skips the check while the secret is missing, which rewriting the
    /// comparison cannot repair; the fix is then not offered for AS0006.
    /// </summary>
    internal const string SkippedProperty = "Skipped";

    /// <summary>
    /// AS0003 property: the expected secret comes from the secret store and the code already denies when it is missing,
    /// so the fix keeps the existing guards and adds none of its own where nullable analysis allows.
    /// </summary>
    internal const string FailClosedProperty = "FailClosed";

    internal const string Left = "Left";
    internal const string Right = "Right";

    private static readonly ImmutableDictionary<string, string?> ExpectedLeft =
        ImmutableDictionary<string, string?>.Empty.Add(ExpectedOperandProperty, Left);

    private static readonly ImmutableDictionary<string, string?> ExpectedRight =
        ImmutableDictionary<string, string?>.Empty.Add(ExpectedOperandProperty, Right);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.NonConstantTimeComparison, Descriptors.FailOpenSecretCheck);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.GetOrCreate(start.Compilation);
            var state = new State(types, start.Compilation.GetBestTypeByMetadataName("System.Linq.Expressions.Expression`1"));
            start.RegisterOperationAction(state.AnalyzeBinary, OperationKind.Binary);
            start.RegisterOperationAction(state.AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterOperationAction(state.AnalyzeIsPattern, OperationKind.IsPattern);
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

    private sealed class State
    {
        private readonly KnownTypes _types;
        private readonly INamedTypeSymbol? _expression;

        public State(KnownTypes types, INamedTypeSymbol? expression)
        {
            _types = types;
            _expression = expression;
        }

        public void AnalyzeBinary(OperationAnalysisContext context)
        {
            if (context.Operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals })
                Analyze(context);
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            if (context.Operation is IInvocationOperation { TargetMethod.Name: "Equals" or "SequenceEqual" or "FixedTimeEquals" })
                Analyze(context);
        }

        public void AnalyzeIsPattern(OperationAnalysisContext context)
        {
            if (context.Operation is IIsPatternOperation { Pattern: IConstantPatternOperation or INegatedPatternOperation { Pattern: IConstantPatternOperation } })
                Analyze(context);
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

            var reportNonConstant = comparison.Form != ComparisonForm.FixedTimeEquals
                && (IsStrong(left) || IsStrong(right)
                    || ValueSources.IsKeyedHash(left, _types, cancellationToken)
                    || ValueSources.IsKeyedHash(right, _types, cancellationToken));

            var options6 = ActionSecurityOptions.For(context.Options, tree, DiagnosticIds.FailOpenSecretCheck);
            SecretEvidence left6 = left, right6 = right;
            if (!ReferenceEquals(options6, options3))
            {
                left6 = ValueSources.GetSecretEvidence(comparison.Left, _types, options6, cancellationToken);
                right6 = ValueSources.GetSecretEvidence(comparison.Right, _types, options6, cancellationToken);
            }

            var leftStore = left6.Kind == SecretKind.SecretStore;
            var rightStore = right6.Kind == SecretKind.SecretStore;
            var checkFailOpen = leftStore != rightStore
                && !(leftStore ? comparison.Right : comparison.Left).WalkDownConversion().ConstantValue.HasValue;

            if (!reportNonConstant && !checkFailOpen)
                return;
            if (IsExcludedContext(context.Operation, context.ContainingSymbol))
                return;

            var expectedLeft = checkFailOpen ? leftStore : IsExpectedLeft(left, right, comparison.Left, comparison.Right);
            var properties = expectedLeft ? ExpectedLeft : ExpectedRight;
            var failOpen = FailOpenKind.None;
            if (checkFailOpen)
            {
                var expected = leftStore ? comparison.Left : comparison.Right;
                var provided = leftStore ? comparison.Right : comparison.Left;
                failOpen = FailOpen.Check(comparison, expected, provided, _types, cancellationToken);
                if (failOpen == FailOpenKind.None)
                    properties = properties.Add(FailClosedProperty, "true");
            }

            var location = context.Operation.Syntax.GetLocation();
            if (reportNonConstant)
            {
                var name = NameFor(expectedLeft ? left : right, expectedLeft ? right : left);
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.NonConstantTimeComparison, location, properties, name));
            }

            if (failOpen != FailOpenKind.None)
            {
                var evidence = leftStore ? left6 : right6;
                var failOpenProperties = failOpen == FailOpenKind.Skipped ? properties.Add(SkippedProperty, "true") : properties;
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.FailOpenSecretCheck, location, failOpenProperties, evidence.Name));
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
            if (containingSymbol is IMethodSymbol { Name: { } name } && IsConstantTimeName(name))
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

        private static bool IsConstantTimeName(string name)
            => name.IndexOf("ConstantTime", System.StringComparison.OrdinalIgnoreCase) >= 0
               || name.IndexOf("FixedTime", System.StringComparison.OrdinalIgnoreCase) >= 0
               || name.IndexOf("SlowEquals", System.StringComparison.OrdinalIgnoreCase) >= 0
               || name.IndexOf("TimingSafe", System.StringComparison.OrdinalIgnoreCase) >= 0
               || name.IndexOf("SecureEquals", System.StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
