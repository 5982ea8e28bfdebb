using System.Collections.Immutable;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

/// <summary>The three-valued evaluation of conditions in the worlds "expected secret missing" × "provided value missing or not".</summary>
internal static partial class FailOpen
{
    private sealed class Evaluator
    {
        private readonly IOperation _expected;
        private readonly IOperation? _provided;
        private readonly SecretComparison _comparison;
        private readonly bool _emptyWorld;
        private readonly KnownTypes _types;
        private readonly CancellationToken _cancellationToken;
        private bool _unrecognisedGuard;

        public Evaluator(IOperation expected, IOperation? provided, SecretComparison comparison, bool emptyWorld, KnownTypes types, CancellationToken cancellationToken)
        {
            _expected = expected;
            _provided = provided;
            _comparison = comparison;
            _emptyWorld = emptyWorld;
            _types = types;
            _cancellationToken = cancellationToken;
        }

        /// <summary>The boolean expression an operation is part of: through <c>!</c>, <c>&amp;&amp;</c>, <c>||</c> and parentheses.</summary>
        public static IOperation ConditionOf(IOperation operation, out int negations)
        {
            var condition = operation;
            negations = 0;
            while (condition.Parent is { } parent
                   && (parent is IParenthesizedOperation or IConversionOperation
                       || parent is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not }
                       || parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.And or BinaryOperatorKind.Or } logical
                          && logical.Type?.SpecialType == SpecialType.System_Boolean))
            {
                if (parent is IUnaryOperation)
                    negations++;
                condition = parent;
            }

            return condition;
        }

        /// <summary>Operands of a chain of one logical operator that test whether the expected secret is missing.</summary>
        public void CollectExpectedTests(IOperation operation, BinaryOperatorKind chain, ImmutableArray<IOperation>.Builder tests)
        {
            var value = operation.WalkDownConversion();
            if (value is IBinaryOperation logical && logical.OperatorKind == chain)
            {
                CollectExpectedTests(logical.LeftOperand, chain, tests);
                CollectExpectedTests(logical.RightOperand, chain, tests);
                return;
            }

            if (ReferenceEquals(value, _comparison.Operation) || value.Parent is IUnaryOperation && ReferenceEquals(value.Parent, _comparison.Operation))
                return;
            _unrecognisedGuard = false;
            var result = Evaluate(value, providedMissing: false);
            if (result != Tri.Unknown && !_unrecognisedGuard && ReadsExpected(value))
                tests.Add(value);
        }

        private bool ReadsExpected(IOperation atom)
        {
            foreach (var descendant in atom.DescendantsAndSelf())
            {
                if (descendant is ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation or IParameterReferenceOperation or IInvocationOperation
                    && IsExpected(descendant))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether, with the expected secret missing, the request is denied whatever else holds, and if not, why.</summary>
        public FailOpenKind Check(bool providedMissing)
        {
            var condition = ConditionOf(_comparison.Operation, out var negations);
            _unrecognisedGuard = false;
            var value = Evaluate(condition, providedMissing);
            if (_unrecognisedGuard)
                return FailOpenKind.None;

            // Guards before the comparison, at any level up to the method (and past lambdas, to their registration).
            if (EarlierGuardDenies(condition, providedMissing, acrossFunctions: true))
                return FailOpenKind.None;

            // An enclosing if that skips the comparison in this world: safe only when the skipping branch denies.
            IOperation child = condition;
            for (var parent = condition.Parent; parent is not null; child = parent, parent = parent.Parent)
            {
                if (parent is IConditionalOperation enclosing && !ReferenceEquals(enclosing.Condition, child))
                {
                    var test = Evaluate(enclosing.Condition, providedMissing);
                    if (_unrecognisedGuard)
                        return FailOpenKind.None;
                    var inTrueBranch = ReferenceEquals(enclosing.WhenTrue, child);
                    if (inTrueBranch && test == Tri.False)
                        return enclosing.WhenFalse is not null && Branch(enclosing, enclosing.WhenFalse) == Outcome.Deny ? FailOpenKind.None : FailOpenKind.Skipped;
                    if (!inTrueBranch && test == Tri.True)
                        return Branch(enclosing, enclosing.WhenTrue) == Outcome.Deny ? FailOpenKind.None : FailOpenKind.Skipped;
                }

                if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                    break;
            }

            if (value == Tri.Unknown)
                return FailOpenKind.Condition;
            var trueMeansAllow = TrueMeansAllow(condition, negations);
            var allowed = value == Tri.True ? trueMeansAllow : !trueMeansAllow;
            return allowed ? FailOpenKind.Condition : FailOpenKind.None;
        }

        private bool TrueMeansAllow(IOperation condition, int negations)
        {
            var fallback = !_comparison.Negated ^ (negations % 2 == 1);
            if (condition.Parent is IConditionalOperation conditional && ReferenceEquals(conditional.Condition, condition))
            {
                return Decide(
                    Branch(conditional, conditional.WhenTrue),
                    conditional.WhenFalse is null ? Outcome.Unknown : Branch(conditional, conditional.WhenFalse),
                    fallback);
            }

            return fallback;
        }

        /// <summary>An if statement's branch is a statement; a conditional expression's branch is a value.</summary>
        private static Outcome Branch(IConditionalOperation conditional, IOperation branch)
            => conditional.Type is null ? Classify(branch) : ClassifyValue(branch);

        private static bool Decide(Outcome whenTrue, Outcome whenFalse, bool fallback)
        {
            if (whenTrue == Outcome.Deny || whenFalse == Outcome.Allow)
                return false;
            if (whenTrue == Outcome.Allow || whenFalse == Outcome.Deny)
                return true;
            return fallback;
        }

        /// <summary>
        /// True when a statement before <paramref name="from"/>, in any block that encloses it, denies in this world.
        /// <paramref name="acrossFunctions"/> goes on past a lambda or local function to the code that registers it;
        /// otherwise the search ends with the function's own body.
        /// </summary>
        public bool EarlierGuardDenies(IOperation from, bool providedMissing, bool acrossFunctions)
        {
            IOperation child = from;
            for (var parent = from.Parent; parent is not null; child = parent, parent = parent.Parent)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (parent is IBlockOperation block)
                {
                    foreach (var statement in block.Operations)
                    {
                        if (ReferenceEquals(statement, child))
                            break;
                        if (GuardDenies(statement, providedMissing))
                            return true;
                    }
                }

                if (!acrossFunctions && parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                    break;
            }

            return false;
        }

        /// <summary>A statement that refuses the request in this world before the comparison runs.</summary>
        public bool GuardDenies(IOperation statement, bool providedMissing)
        {
            switch (statement)
            {
                case IConditionalOperation { Type: null } guard:
                {
                    var saved = _unrecognisedGuard;
                    _unrecognisedGuard = false;
                    var test = Evaluate(guard.Condition, providedMissing);
                    var unrecognised = _unrecognisedGuard;
                    _unrecognisedGuard = saved;

                    // A denying guard on the expected secret that this evaluation does not model counts as a guard.
                    if (unrecognised && test == Tri.Unknown)
                        return Classify(guard.WhenTrue) == Outcome.Deny;
                    if (test == Tri.True)
                        return Classify(guard.WhenTrue) == Outcome.Deny;
                    if (test == Tri.False && guard.WhenFalse is not null)
                        return Classify(guard.WhenFalse) == Outcome.Deny;
                    return false;
                }

                case IExpressionStatementOperation { Operation: IInvocationOperation invocation }
                    when invocation.TargetMethod.Name is "ThrowIfNullOrEmpty" or "ThrowIfNullOrWhiteSpace" or "ThrowIfNull" && invocation.Arguments.Length > 0:
                {
                    var argument = invocation.Arguments[0].Value;
                    if (IsExpected(argument))
                        return invocation.TargetMethod.Name != "ThrowIfNull" || !_emptyWorld;
                    return providedMissing && IsProvided(argument) && invocation.TargetMethod.Name != "ThrowIfNull";
                }

                case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Value: ICoalesceOperation coalesce } }
                    when coalesce.WhenNull.WalkDownConversion() is IThrowOperation && IsExpected(coalesce.Value):
                    return !_emptyWorld;

                default:
                    return false;
            }
        }

        private Tri Evaluate(IOperation operation, bool providedMissing)
        {
            operation = operation.WalkDownConversion();
            if (ReferenceEquals(operation, _comparison.Operation))
                return providedMissing != _comparison.Negated ? Tri.True : Tri.False;
            switch (operation)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return Not(Evaluate(not.Operand, providedMissing));

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And } conjunction
                    when conjunction.Type?.SpecialType == SpecialType.System_Boolean:
                    return And(Evaluate(conjunction.LeftOperand, providedMissing), Evaluate(conjunction.RightOperand, providedMissing));

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Or } disjunction
                    when disjunction.Type?.SpecialType == SpecialType.System_Boolean:
                    return Or(Evaluate(disjunction.LeftOperand, providedMissing), Evaluate(disjunction.RightOperand, providedMissing));

                case ILiteralOperation { ConstantValue: { HasValue: true, Value: bool constant } }:
                    return constant ? Tri.True : Tri.False;

                case IBinaryOperation binary:
                    return EvaluateBinary(binary, providedMissing);

                case IInvocationOperation { TargetMethod.Name: "IsNullOrEmpty" or "IsNullOrWhiteSpace" } check when check.Arguments.Length == 1:
                    return EvaluateEmptiness(check.Arguments[0].Value, providedMissing, isTrueWhenMissing: true);

                case IIsPatternOperation isPattern:
                {
                    var value = isPattern.Value;
                    if (IsExpected(value))
                        return Match(isPattern.Pattern, _emptyWorld ? Value.Empty : Value.Null);
                    if (IsProvided(value))
                        return providedMissing ? Same(Match(isPattern.Pattern, Value.Null), Match(isPattern.Pattern, Value.Empty)) : Match(isPattern.Pattern, Value.NonEmpty);
                    return Unrecognised(operation);
                }

                default:
                    return Unrecognised(operation);
            }
        }

        private Tri EvaluateBinary(IBinaryOperation binary, bool providedMissing)
        {
            var left = binary.LeftOperand.WalkDownConversion();
            var right = binary.RightOperand.WalkDownConversion();

            // x == null, x != null
            if (binary.OperatorKind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals
                && (IsNull(left) || IsNull(right)))
            {
                var other = IsNull(left) ? right : left;
                var equals = binary.OperatorKind == BinaryOperatorKind.Equals;
                if (IsExpected(other))
                    return (!_emptyWorld) == equals ? Tri.True : Tri.False;
                if (IsProvided(other))
                    return providedMissing ? Tri.Unknown : (equals ? Tri.False : Tri.True);
                return Unrecognised(binary);
            }

            // x.Length == 0, x.Length > 0, x?.Length > 0, values.Count == 0
            if (TryGetLength(left, out var measured) && right.ConstantValue is { HasValue: true, Value: int constant })
                return CompareLength(measured, binary.OperatorKind, constant, providedMissing, binary);
            if (TryGetLength(right, out measured) && left.ConstantValue is { HasValue: true, Value: int leftConstant })
                return CompareLength(measured, Flip(binary.OperatorKind), leftConstant, providedMissing, binary);

            if (SecretComparisons.Get(binary, _types).IsValid)
                return Tri.Unknown;
            return Unrecognised(binary);
        }

        private Tri CompareLength(IOperation measured, BinaryOperatorKind kind, int constant, bool providedMissing, IOperation atom)
        {
            int length;
            if (IsExpected(measured) || (providedMissing && IsProvided(measured)))
            {
                length = 0;
            }
            else if (IsProvided(measured))
            {
                // Any non-empty value: only comparisons with 0 or 1 have one answer.
                if (constant is not (0 or 1))
                    return Tri.Unknown;
                length = 1;
                if (constant == 1 && kind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.LessThanOrEqual)
                    return Tri.Unknown;
            }
            else
            {
                return Unrecognised(atom);
            }

            bool result = kind switch
            {
                BinaryOperatorKind.Equals => length == constant,
                BinaryOperatorKind.NotEquals => length != constant,
                BinaryOperatorKind.GreaterThan => length > constant,
                BinaryOperatorKind.GreaterThanOrEqual => length >= constant,
                BinaryOperatorKind.LessThan => length < constant,
                BinaryOperatorKind.LessThanOrEqual => length <= constant,
                _ => false,
            };
            if (kind is not (BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.GreaterThan
                or BinaryOperatorKind.GreaterThanOrEqual or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual))
            {
                return Tri.Unknown;
            }

            return result ? Tri.True : Tri.False;
        }

        private static BinaryOperatorKind Flip(BinaryOperatorKind kind) => kind switch
        {
            BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
            BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
            BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
            BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
            _ => kind,
        };

        private static bool TryGetLength(IOperation operation, out IOperation measured)
        {
            measured = operation;
            switch (operation)
            {
                case IPropertyReferenceOperation { Property.Name: "Length" or "Count", Instance: { } instance }:
                    measured = instance;
                    return true;
                case IConditionalAccessOperation { WhenNotNull: IPropertyReferenceOperation { Property.Name: "Length" or "Count" } } access:
                    measured = access.Operation;
                    return true;
                default:
                    return false;
            }
        }

        private Tri EvaluateEmptiness(IOperation argument, bool providedMissing, bool isTrueWhenMissing)
        {
            if (IsExpected(argument))
                return isTrueWhenMissing ? Tri.True : Tri.False;
            if (IsProvided(argument))
                return providedMissing == isTrueWhenMissing ? Tri.True : Tri.False;
            return Unrecognised(argument);
        }

        /// <summary>An atom this evaluation does not model: unknown, and when it reads the expected secret, a sign of a guard we do not understand.</summary>
        private Tri Unrecognised(IOperation atom)
        {
            foreach (var descendant in atom.DescendantsAndSelf())
            {
                if (descendant is ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation or IParameterReferenceOperation or IInvocationOperation
                    && IsSameValue(descendant, _expected))
                {
                    _unrecognisedGuard = true;
                    break;
                }
            }

            return Tri.Unknown;
        }

        private bool IsExpected(IOperation operation) => IsSameValue(Core(operation, out _, out _), _expected);

        private bool IsProvided(IOperation operation) => _provided is not null && IsSameValue(Core(operation, out _, out _), _provided);

        /// <summary>The same value: the same symbol on the same instance, the same secret-store or request key, or equivalent syntax; locals are followed.</summary>
        private bool IsSameValue(IOperation a, IOperation b)
        {
            a = a.WalkDownConversion();
            b = b.WalkDownConversion();
            if (SameReference(a, b))
                return true;
            var canonicalA = Canonical(a);
            var canonicalB = Canonical(b);
            if (SameReference(canonicalA, canonicalB))
                return true;
            var keyA = ValueSources.GetSecretStoreKey(canonicalA, _types);
            if (keyA is not null && keyA == ValueSources.GetSecretStoreKey(canonicalB, _types))
                return true;
            var readA = RequestSources.Classify(canonicalA, _types, _cancellationToken);
            if (readA.IsValid)
            {
                var readB = RequestSources.Classify(canonicalB, _types, _cancellationToken);
                return readB.IsValid && readA.Part == readB.Part && string.Equals(readA.Key, readB.Key, System.StringComparison.OrdinalIgnoreCase);
            }

            return canonicalA.Syntax is { } syntaxA && canonicalB.Syntax is { } syntaxB
                   && canonicalA.Kind == canonicalB.Kind
                   && canonicalA.Kind is OperationKind.Invocation or OperationKind.PropertyReference
                   && SyntaxFactory.AreEquivalent(syntaxA, syntaxB, topLevel: false);
        }

        private IOperation Canonical(IOperation operation)
        {
            for (var i = 0; i < 4 && operation is ILocalReferenceOperation local; i++)
            {
                var next = local.FollowSingleAssignment(_cancellationToken, depth: 1);
                if (ReferenceEquals(next, operation) || next is ILocalReferenceOperation { } same && SymbolEqualityComparer.Default.Equals(same.Local, local.Local))
                    next = ValueSources.FollowLocal(local, _cancellationToken);
                if (next is null)
                    break;
                operation = Core(next, out _, out _);
            }

            return operation;
        }

        private static bool SameReference(IOperation a, IOperation b)
        {
            switch (a)
            {
                case ILocalReferenceOperation localA when b is ILocalReferenceOperation localB:
                    return SymbolEqualityComparer.Default.Equals(localA.Local, localB.Local);
                case IParameterReferenceOperation parameterA when b is IParameterReferenceOperation parameterB:
                    return SymbolEqualityComparer.Default.Equals(parameterA.Parameter, parameterB.Parameter);
                case IFieldReferenceOperation fieldA when b is IFieldReferenceOperation fieldB:
                    return SymbolEqualityComparer.Default.Equals(fieldA.Field, fieldB.Field) && SameInstance(fieldA.Instance, fieldB.Instance);
                case IPropertyReferenceOperation { Property.IsIndexer: false } propertyA when b is IPropertyReferenceOperation { Property.IsIndexer: false } propertyB:
                    return SymbolEqualityComparer.Default.Equals(propertyA.Property, propertyB.Property) && SameInstance(propertyA.Instance, propertyB.Instance);
                default:
                    return false;
            }
        }

        private static bool SameInstance(IOperation? a, IOperation? b)
        {
            if (a is null || b is null)
                return a is null && b is null;
            a = a.WalkDownConversion();
            b = b.WalkDownConversion();
            if (a is IInstanceReferenceOperation && b is IInstanceReferenceOperation)
                return true;
            return SameReference(a, b);
        }

        private enum Value
        {
            Null,
            Empty,
            NonEmpty,
        }

        private static Tri Match(IPatternOperation pattern, Value value)
        {
            switch (pattern)
            {
                case IConstantPatternOperation constant:
                {
                    var constantValue = constant.Value.WalkDownConversion().ConstantValue;
                    if (!constantValue.HasValue)
                        return Tri.Unknown;
                    if (constantValue.Value is null)
                        return value == Value.Null ? Tri.True : Tri.False;
                    if (constantValue.Value is string { Length: 0 })
                        return value == Value.Empty ? Tri.True : value == Value.Null ? Tri.False : Tri.Unknown;
                    return value == Value.NonEmpty ? Tri.Unknown : Tri.False;
                }

                case INegatedPatternOperation negated:
                    return Not(Match(negated.Pattern, value));
                case IBinaryPatternOperation binary:
                    return binary.OperatorKind == BinaryOperatorKind.Or
                        ? Or(Match(binary.LeftPattern, value), Match(binary.RightPattern, value))
                        : And(Match(binary.LeftPattern, value), Match(binary.RightPattern, value));
                case IDiscardPatternOperation:
                    return Tri.True;
                case IDeclarationPatternOperation declaration:
                    return declaration.MatchesNull || value != Value.Null ? Tri.True : Tri.False;
                case ITypePatternOperation:
                    return value != Value.Null ? Tri.True : Tri.False;
                case IRecursivePatternOperation recursive:
                {
                    if (value == Value.Null)
                        return Tri.False;
                    var result = Tri.True;
                    foreach (var subpattern in recursive.PropertySubpatterns)
                    {
                        if (subpattern.Member is IPropertyReferenceOperation { Property.Name: "Length" or "Count" })
                            result = And(result, MatchLength(subpattern.Pattern, value == Value.Empty ? 0 : -1));
                        else
                            result = And(result, Tri.Unknown);
                    }

                    return recursive.DeconstructionSubpatterns.IsEmpty ? result : And(result, Tri.Unknown);
                }

                default:
                    return Tri.Unknown;
            }
        }

        /// <summary>Matches a length pattern against 0, or against "some positive length" when <paramref name="length"/> is -1.</summary>
        private static Tri MatchLength(IPatternOperation pattern, int length)
        {
            switch (pattern)
            {
                case IRelationalPatternOperation relational when relational.Value.ConstantValue is { HasValue: true, Value: int constant }:
                    if (length < 0)
                    {
                        if (constant == 0 && relational.OperatorKind is BinaryOperatorKind.GreaterThan)
                            return Tri.True;
                        if (constant == 1 && relational.OperatorKind is BinaryOperatorKind.GreaterThanOrEqual)
                            return Tri.True;
                        return Tri.Unknown;
                    }

                    return relational.OperatorKind switch
                    {
                        BinaryOperatorKind.GreaterThan => length > constant ? Tri.True : Tri.False,
                        BinaryOperatorKind.GreaterThanOrEqual => length >= constant ? Tri.True : Tri.False,
                        BinaryOperatorKind.LessThan => length < constant ? Tri.True : Tri.False,
                        BinaryOperatorKind.LessThanOrEqual => length <= constant ? Tri.True : Tri.False,
                        _ => Tri.Unknown,
                    };
                case IConstantPatternOperation constantPattern when constantPattern.Value.ConstantValue is { HasValue: true, Value: int exact }:
                    if (length < 0)
                        return exact == 0 ? Tri.False : Tri.Unknown;
                    return length == exact ? Tri.True : Tri.False;
                case INegatedPatternOperation negated:
                    return Not(MatchLength(negated.Pattern, length));
                case IBinaryPatternOperation binary:
                    return binary.OperatorKind == BinaryOperatorKind.Or
                        ? Or(MatchLength(binary.LeftPattern, length), MatchLength(binary.RightPattern, length))
                        : And(MatchLength(binary.LeftPattern, length), MatchLength(binary.RightPattern, length));
                default:
                    return Tri.Unknown;
            }
        }

        private static bool IsNull(IOperation operation)
            => operation.ConstantValue is { HasValue: true, Value: null } || operation is IDefaultValueOperation { Type.IsReferenceType: true };

        private static Tri Not(Tri value) => value switch
        {
            Tri.True => Tri.False,
            Tri.False => Tri.True,
            _ => Tri.Unknown,
        };

        private static Tri And(Tri a, Tri b)
            => a == Tri.False || b == Tri.False ? Tri.False : a == Tri.True && b == Tri.True ? Tri.True : Tri.Unknown;

        private static Tri Or(Tri a, Tri b)
            => a == Tri.True || b == Tri.True ? Tri.True : a == Tri.False && b == Tri.False ? Tri.False : Tri.Unknown;

        private static Tri Same(Tri a, Tri b) => a == b ? a : Tri.Unknown;

        /// <summary>What a branch does: throws, returns a failure (false, null, 4xx/5xx), returns success, or unknown.</summary>
        public static Outcome Classify(IOperation branch)
        {
            switch (branch)
            {
                case IBlockOperation block:
                {
                    if (block.Operations.IsEmpty)
                        return Outcome.Unknown;
                    var last = block.Operations[block.Operations.Length - 1];
                    var outcome = Classify(last);
                    if (outcome == Outcome.Unknown && last is IReturnOperation { ReturnedValue: null })
                    {
                        foreach (var statement in block.Operations)
                        {
                            if (statement is IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "StatusCode" } } assignment }
                                && ClassifyStatus(assignment.Value) is var status && status != Outcome.Unknown)
                            {
                                return status;
                            }
                        }
                    }

                    return outcome;
                }

                case IExpressionStatementOperation { Operation: IThrowOperation }:
                case IThrowOperation:
                    return Outcome.Deny;
                case IReturnOperation { ReturnedValue: { } value }:
                    return ClassifyValue(value);
                default:
                    return Outcome.Unknown;
            }
        }

        public static Outcome ClassifyValue(IOperation value)
        {
            value = value.WalkDownConversion();
            if (value is IAwaitOperation awaited)
                value = awaited.Operation.WalkDownConversion();
            if (value is IThrowOperation)
                return Outcome.Deny;
            var constant = value.ConstantValue;
            if (constant.HasValue)
            {
                return constant.Value switch
                {
                    null => Outcome.Deny,
                    bool flag => flag ? Outcome.Allow : Outcome.Deny,
                    _ => ClassifyStatus(value),
                };
            }

            string? name;
            switch (value)
            {
                case IInvocationOperation invocation:
                    name = invocation.TargetMethod.Name;
                    if (name == "FromResult" && invocation.Arguments.Length == 1)
                        return ClassifyValue(invocation.Arguments[0].Value);
                    foreach (var argument in invocation.Arguments)
                    {
                        var status = ClassifyStatus(argument.Value);
                        if (status != Outcome.Unknown)
                            return status;
                    }

                    break;
                case IObjectCreationOperation creation:
                    name = creation.Type?.Name;
                    foreach (var argument in creation.Arguments)
                    {
                        var status = ClassifyStatus(argument.Value);
                        if (status != Outcome.Unknown)
                            return status;
                    }

                    if (creation.Initializer is not null)
                    {
                        foreach (var initializer in creation.Initializer.Initializers)
                        {
                            if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "StatusCode" } } statusAssignment)
                            {
                                var status = ClassifyStatus(statusAssignment.Value);
                                if (status != Outcome.Unknown)
                                    return status;
                            }
                        }
                    }

                    break;
                default:
                    return Outcome.Unknown;
            }

            if (name is null)
                return Outcome.Unknown;
            if (Contains(name, "Unauthorized") || Contains(name, "Forbid") || Contains(name, "Challenge") || Contains(name, "BadRequest")
                || Contains(name, "NotFound") || Contains(name, "Problem") || Contains(name, "Conflict") || Contains(name, "Unprocessable"))
            {
                return Outcome.Deny;
            }

            if (name.StartsWith("Ok", System.StringComparison.Ordinal) || name.StartsWith("Accepted", System.StringComparison.Ordinal)
                || name.StartsWith("Created", System.StringComparison.Ordinal) || name.StartsWith("NoContent", System.StringComparison.Ordinal)
                || name.StartsWith("Json", System.StringComparison.Ordinal) || name.StartsWith("Content", System.StringComparison.Ordinal))
            {
                return Outcome.Allow;
            }

            return Outcome.Unknown;
        }

        /// <summary>An HTTP status constant (<c>401</c>, <c>HttpStatusCode.Forbidden</c>, <c>StatusCodes.Status403Forbidden</c>).</summary>
        private static Outcome ClassifyStatus(IOperation value)
        {
            var constant = value.WalkDownConversion().ConstantValue;
            if (!constant.HasValue || constant.Value is null)
                return Outcome.Unknown;
            int code;
            switch (constant.Value)
            {
                case int number:
                    code = number;
                    break;
                default:
                    return Outcome.Unknown;
            }

            if (code is < 100 or > 599)
                return Outcome.Unknown;
            return code >= 400 ? Outcome.Deny : Outcome.Allow;
        }

        private static bool Contains(string name, string part) => name.IndexOf(part, System.StringComparison.Ordinal) >= 0;
    }
}
