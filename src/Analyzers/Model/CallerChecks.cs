using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

/// <summary>The two operands of a comparison, with their secret evidence, when it is a check that authenticates the caller.</summary>
internal readonly struct CallerCheck
{
    public CallerCheck(SecretEvidence left, SecretEvidence right)
    {
        Left = left;
        Right = right;
    }

    public SecretEvidence Left { get; }

    public SecretEvidence Right { get; }

    /// <summary>The evidence of the operand that makes the comparison a secret check (the left one when both are secrets).</summary>
    public SecretEvidence Evidence => Left.IsSecret ? Left : Right;

    public bool IsCheck => Left.IsSecret || Right.IsSecret;
}

/// <summary>The one model of "a check that authenticates the caller": which comparisons of two operands count.</summary>
internal static partial class SecretChecks
{
    /// <summary>
    /// True when comparing <paramref name="left"/> with <paramref name="right"/> authenticates the caller (see
    /// <see cref="ClassifyOperands(IOperation, IOperation, SecretEvidence, SecretEvidence, IOperation?, KnownTypes, ActionSecurityOptions, CancellationToken)"/>).
    /// The comparison itself is found from the operands' parents.
    /// </summary>
    public static bool AuthenticatesCaller(IOperation left, IOperation right, KnownTypes types, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        if (IsEmptyValue(left) || IsEmptyValue(right))
            return false;
        return ClassifyOperands(left, right, ComparisonOf(left), types, options, cancellationToken).IsCheck;
    }

    /// <summary>Classifies the operands of a comparison; see the overload that takes their evidence.</summary>
    public static CallerCheck ClassifyOperands(IOperation left, IOperation right, IOperation? comparison, KnownTypes types, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        var leftEvidence = ValueSources.GetSecretEvidence(left, types, options, cancellationToken);
        var rightEvidence = ValueSources.GetSecretEvidence(right, types, options, cancellationToken);
        return ClassifyOperands(left, right, leftEvidence, rightEvidence, comparison, types, options, cancellationToken);
    }

    /// <summary>A constant with no letter or digit (<c>"("</c>, <c>"&amp;&amp;"</c>): a parser's token, never a credential.</summary>
    private static bool IsPunctuation(string text)
    {
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
                return false;
        }

        return true;
    }

    /// <summary>
    /// The one model of a check that authenticates the caller, shared by AS0003, AS0004, AS0006 and AS0007: one operand
    /// is a secret (<see cref="ValueSources.GetSecretEvidence"/>: a secret-store read, a secret-named member, parameter
    /// or constant, a request value under a secret key, an HMAC), and the comparison is not one of these:
    /// <list type="bullet">
    /// <item>two constants, or a constant that is no secret by itself (a type tag, a public well-known key, a value computed
    /// from constants) compared with a value that is not a secret by itself, or a constant of punctuation only;</item>
    /// <item>two values from the caller's request (headers, query, form, route), or two members of one object
    /// (<c>model.Password != model.ConfirmPassword</c>), unless one of them is a secret-store read;</item>
    /// <item>a search: a member of a predicate lambda's parameter or of a <c>foreach</c> variable
    /// (<c>devices.Where(d =&gt; d.AccessToken == token)</c>);</item>
    /// <item>data that is no secret whatever it is called (a formatted number, a header of an outgoing call's response);</item>
    /// <item>one field of a record match: a <c>&amp;&amp;</c> chain with two or more other equality tests of non-secret values;</item>
    /// <item>a test whose outcome decides nothing: the condition of an <c>if</c> with no <c>else</c> whose branch neither
    /// leaves (return, throw, break, continue) nor assigns anything (a flag, a status, a result): it only calls;</item>
    /// <item>a refused match: an equality test that is the whole condition of an <c>if</c> with no <c>else</c> whose branch
    /// throws or answers a failure (<c>if (Hash(newPassword) == user.PasswordHash) return Problem("choose another
    /// password")</c>): authentication never refuses a match;</item>
    /// <item>a change test: the condition of an <c>if</c> one of whose branches stores one operand where the other was read
    /// (<c>if (fresh.Token != user.Token) user.Token = fresh.Token;</c>) updates a stored value, it does not admit anyone.</item>
    /// </list>
    /// <paramref name="comparison"/> (the <c>==</c> or the call) enables the last three tests; it may be null.
    /// </summary>
    public static CallerCheck ClassifyOperands(IOperation left, IOperation right, SecretEvidence leftEvidence, SecretEvidence rightEvidence,
        IOperation? comparison, KnownTypes types, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        if (!leftEvidence.IsSecret && !rightEvidence.IsSecret)
            return default;
        var leftOrigin = ValueSources.GetOrigin(left, types, cancellationToken);
        var rightOrigin = ValueSources.GetOrigin(right, types, cancellationToken);

        if (leftOrigin.Kind == OriginKind.Constant || rightOrigin.Kind == OriginKind.Constant)
        {
            if (leftOrigin.Kind == rightOrigin.Kind)
                return default;
            var constantIsLeft = leftOrigin.Kind == OriginKind.Constant;
            var constant = constantIsLeft ? leftOrigin : rightOrigin;
            var constantEvidence = constantIsLeft ? leftEvidence : rightEvidence;
            var otherEvidence = constantIsLeft ? rightEvidence : leftEvidence;
            var constantIsSecret = constantEvidence.IsSecret && constant.Text is { } text
                                   && Rules.HardcodedSecretAnalyzer.IsSecretValue(text, strict: false, options);
            if (!constantIsSecret && !otherEvidence.IsSecret)
                return default;
            if (constant.Text is { } known && (known == CredentialFormats.StorageEmulatorAccountKey || SecretText.IsPlaceholder(known) || IsPunctuation(known)))
                return default;
        }

        if (leftOrigin.Kind == OriginKind.Request && rightOrigin.Kind == OriginKind.Request)
            return default;
        if (leftOrigin.IsMember && rightOrigin.IsMember && SymbolEqualityComparer.Default.Equals(leftOrigin.Root, rightOrigin.Root)
            && leftEvidence.Kind != SecretKind.SecretStore && rightEvidence.Kind != SecretKind.SecretStore)
        {
            return default;
        }

        if (leftOrigin.Kind == OriginKind.Element && leftOrigin.IsMember || rightOrigin.Kind == OriginKind.Element && rightOrigin.IsMember)
            return default;
        if (leftOrigin.IsMember && HasConfirmation(left, leftOrigin.Root!, cancellationToken)
            || rightOrigin.IsMember && HasConfirmation(right, rightOrigin.Root!, cancellationToken))
        {
            return default;
        }

        if (leftOrigin.Kind == OriginKind.NotSecret || rightOrigin.Kind == OriginKind.NotSecret)
            return default;
        if (comparison is not null
            && (IsRecordMatch(comparison, types, options, cancellationToken) || DecidesNothing(comparison) || RefusesAMatch(comparison)
                || StoresOneInTheOther(comparison, left, right, cancellationToken)))
        {
            return default;
        }

        return new CallerCheck(leftEvidence, rightEvidence);
    }

    /// <summary>
    /// True when the same body also compares the member <paramref name="operand"/> reads with another member of the same
    /// object (<c>resource.Password == resource.PasswordConfirmation</c>): a value that comes with its confirmation is a new
    /// password being set, so comparing it with the stored one tests whether it changed, it does not authenticate.
    /// </summary>
    private static bool HasConfirmation(IOperation operand, ISymbol root, CancellationToken cancellationToken)
    {
        var member = operand.WalkDownConversion().GetReferencedSymbol();
        if (member is not (IPropertySymbol or IFieldSymbol))
            return false;
        IOperation? body = operand;
        while (body.Parent is not null)
            body = body.Parent;
        foreach (var descendant in body.DescendantsAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (descendant is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary)
                continue;
            var a = binary.LeftOperand.WalkDownConversion();
            var b = binary.RightOperand.WalkDownConversion();
            if (!SymbolEqualityComparer.Default.Equals(a.GetReferencedSymbol(), member))
                (a, b) = (b, a);
            if (!SymbolEqualityComparer.Default.Equals(a.GetReferencedSymbol(), member)
                || b is not (IPropertyReferenceOperation { Property.IsIndexer: false } or IFieldReferenceOperation)
                || SymbolEqualityComparer.Default.Equals(b.GetReferencedSymbol(), member))
            {
                continue;
            }

            // Two members read from the same parameter or local: resource.Password, resource.PasswordConfirmation.
            if (root is IParameterSymbol or ILocalSymbol
                && SymbolEqualityComparer.Default.Equals(RootOf(a), root) && SymbolEqualityComparer.Default.Equals(RootOf(b), root))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The parameter or local a member chain starts from (<c>model</c> in <c>model.Password</c>).</summary>
    private static ISymbol? RootOf(IOperation operation)
    {
        for (var i = 0; i < 6; i++)
        {
            switch (operation.WalkDownConversion())
            {
                case IPropertyReferenceOperation { Instance: { } instance }:
                    operation = instance;
                    continue;
                case IFieldReferenceOperation { Instance: { } instance }:
                    operation = instance;
                    continue;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter;
                case ILocalReferenceOperation local:
                    return local.Local;
                case IInstanceReferenceOperation instanceReference:
                    return instanceReference.Type;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>The comparison an operand belongs to: the nearest binary operator or call above it.</summary>
    private static IOperation? ComparisonOf(IOperation operand)
    {
        for (var current = operand.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IConversionOperation or IArgumentOperation or IParenthesizedOperation:
                    continue;
                case IBinaryOperation or IInvocationOperation or IIsPatternOperation:
                    return current;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// A comparison in a <c>&amp;&amp;</c> chain that also compares two or more other pairs of non-secret, non-constant values:
    /// <c>licenseKey == user.LicenseKey &amp;&amp; premium == user.Premium &amp;&amp; email.Equals(user.Email)</c> matches a record.
    /// </summary>
    private static bool IsRecordMatch(IOperation comparison, KnownTypes types, ActionSecurityOptions options, CancellationToken cancellationToken)
    {
        var chain = comparison;
        while (chain.Parent is IParenthesizedOperation or IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd })
            chain = chain.Parent;
        if (ReferenceEquals(chain, comparison))
            return false;
        var others = 0;
        foreach (var part in chain.DescendantsAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ReferenceEquals(part, comparison))
                continue;
            IOperation? a = null;
            IOperation? b = null;
            switch (part)
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equality:
                    a = equality.LeftOperand;
                    b = equality.RightOperand;
                    break;
                case IInvocationOperation { TargetMethod.Name: "Equals" } equals:
                    a = equals.Instance ?? equals.GetArgument(0)?.Value;
                    b = equals.Instance is null ? equals.GetArgument(1)?.Value : equals.GetArgument(0)?.Value;
                    break;
            }

            if (a is null || b is null || a.WalkDownConversion().ConstantValue.HasValue || b.WalkDownConversion().ConstantValue.HasValue
                || IsEmptyValue(a) || IsEmptyValue(b)
                || ValueSources.GetSecretEvidence(a, types, options, cancellationToken).IsSecret
                || ValueSources.GetSecretEvidence(b, types, options, cancellationToken).IsSecret)
            {
                continue;
            }

            if (++others >= 2)
                return true;
        }

        return false;
    }

    /// <summary>
    /// The condition of an <c>if</c> a branch of which stores one operand where the other was read:
    /// <c>if (settings.Password + "" != stored.Value) stored.Value = settings.Password + "";</c>,
    /// <c>if (fresh.Token != null &amp;&amp; fresh.Token != user.Token) { user.Token = fresh.Token; … }</c>, or through a local
    /// that holds the stored value, with the new one transformed on the way
    /// (<c>var old = config.AdminPassword; if (old != password) config.AdminPassword = Hash(password);</c>). A check that
    /// admits a caller never stores the presented value where the expected one was read; clearing a one-time token after
    /// a failed attempt (<c>user.Token = null</c>) stores something else.
    /// </summary>
    private static bool StoresOneInTheOther(IOperation comparison, IOperation left, IOperation right, CancellationToken cancellationToken)
    {
        var condition = EnclosingCondition(comparison);
        if (condition.Parent is not IConditionalOperation { Type: null } statement || !ReferenceEquals(statement.Condition, condition))
            return false;
        var leftStorage = StorageOf(left, cancellationToken);
        var rightStorage = StorageOf(right, cancellationToken);
        return Stores(statement.WhenTrue) || statement.WhenFalse is { } whenFalse && Stores(whenFalse);

        bool Stores(IOperation branch)
        {
            foreach (var operation in branch.DescendantsAndSelf())
            {
                if (operation is not ISimpleAssignmentOperation { Target.Syntax: { } target, Value.Syntax: { } value })
                    continue;
                if (SyntaxFactory.AreEquivalent(target, rightStorage) && Mentions(value, left.Syntax)
                    || SyntaxFactory.AreEquivalent(target, leftStorage) && Mentions(value, right.Syntax))
                {
                    return true;
                }
            }

            return false;
        }

        static bool Mentions(SyntaxNode value, SyntaxNode operand)
        {
            foreach (var node in value.DescendantNodesAndSelf())
            {
                if (SyntaxFactory.AreEquivalent(node, operand))
                    return true;
            }

            return false;
        }
    }

    /// <summary>Where an operand was read from: itself, or for a local assigned once, the expression it was assigned.</summary>
    private static SyntaxNode StorageOf(IOperation operand, CancellationToken cancellationToken)
    {
        if (operand.WalkDownConversion() is not ILocalReferenceOperation local)
            return operand.Syntax;
        var assigned = local.FollowSingleAssignment(cancellationToken, depth: 1);
        return ReferenceEquals(assigned, local) ? operand.Syntax : assigned.Syntax;
    }

    /// <summary>The whole condition a comparison belongs to: up through parentheses, negation, <c>&amp;&amp;</c> and <c>||</c>.</summary>
    private static IOperation EnclosingCondition(IOperation comparison)
    {
        var condition = comparison;
        while (condition.Parent is IParenthesizedOperation or IConversionOperation or IUnaryOperation { OperatorKind: UnaryOperatorKind.Not }
               or IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr })
        {
            condition = condition.Parent;
        }

        return condition;
    }

    /// <summary>
    /// The condition of an <c>if</c> with no <c>else</c> whose branch neither leaves nor assigns:
    /// <c>if (user.Password != password) SetPassword(user, password);</c> detects a change, it does not admit anyone.
    /// </summary>
    private static bool DecidesNothing(IOperation comparison)
    {
        var condition = EnclosingCondition(comparison);
        if (condition.Parent is not IConditionalOperation { Type: null, WhenFalse: null } statement || !ReferenceEquals(statement.Condition, condition))
            return false;
        foreach (var operation in statement.WhenTrue.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IReturnOperation or IThrowOperation or IBranchOperation:
                    return false;
                case IAssignmentOperation:
                    return false;
            }
        }

        return true;
    }

    /// <summary>
    /// An equality test (<c>==</c>, <c>Equals</c>, <c>SequenceEqual</c>) that is the whole condition of an <c>if</c> with no
    /// <c>else</c> whose branch refuses: it throws, or returns a failure (a call or object whose name says so:
    /// <c>Problem</c>, <c>Invalid</c>, <c>Error</c>, <c>BadRequest</c>, <c>Unauthorized</c>, <c>Forbid</c>, <c>Fail</c>,
    /// <c>Conflict</c>, <c>Reject</c>, <c>Deny</c>). A new password equal to the current one is refused; a caller whose
    /// secret matches is never refused for it.
    /// </summary>
    private static bool RefusesAMatch(IOperation comparison)
    {
        var isEquality = comparison switch
        {
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } => true,
            IInvocationOperation { TargetMethod.Name: "Equals" or "SequenceEqual" } => true,
            _ => false,
        };
        if (!isEquality)
            return false;
        var condition = comparison;
        while (condition.Parent is IParenthesizedOperation or IConversionOperation)
            condition = condition.Parent;
        if (condition.Parent is not IConditionalOperation { Type: null, WhenFalse: null } statement || !ReferenceEquals(statement.Condition, condition))
            return false;
        var exit = statement.WhenTrue is IBlockOperation { Operations.Length: > 0 } block ? block.Operations[block.Operations.Length - 1] : statement.WhenTrue;
        if (exit is IThrowOperation || exit is IExpressionStatementOperation { Operation: IThrowOperation })
            return true;
        if (exit is not IReturnOperation { ReturnedValue: { } returned })
            return false;
        var value = returned.WalkDownConversion();
        if (value is IAwaitOperation awaited)
            value = awaited.Operation.WalkDownConversion();
        var name = value switch
        {
            IInvocationOperation call => call.TargetMethod.Name,
            IObjectCreationOperation creation => creation.Type?.Name,
            // Result.Invalid(...) of a package the compilation lacks: the call's name still says what it answers.
            IInvalidOperation { Syntax: Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access } } => access.Name.Identifier.ValueText,
            IInvalidOperation { Syntax: Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax identifier } } => identifier.Identifier.ValueText,
            _ => null,
        };
        return name is not null && NamesFailure(name);
    }

    private static readonly string[] FailureWords = { "Problem", "Invalid", "Error", "BadRequest", "Unauthorized", "Forbid", "Fail", "Conflict", "Reject", "Deny" };

    private static bool NamesFailure(string name)
    {
        foreach (var word in FailureWords)
        {
            if (name.IndexOf(word, System.StringComparison.Ordinal) >= 0)
                return true;
        }

        return false;
    }
}
