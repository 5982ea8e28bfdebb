using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Infrastructure;

/// <summary>
/// How each local of an operation body is written and where it is read: one walk of the body, kept for as long as the
/// body's operation tree lives.
/// </summary>
/// <remarks>
/// Following a local to its value (<see cref="OperationExtensions.FollowSingleAssignment"/>) used to walk the whole
/// body for every reference. A top-level <c>Program.cs</c> that maps a hundred modules on <c>app</c> asked that
/// question once per module, each time over the whole file: quadratic in the length of the body. Operation trees are
/// cached by their semantic model, so every rule that asks about the same body in the same compilation shares one index.
/// </remarks>
internal sealed class BodyLocals
{
    private static readonly ConditionalWeakTable<IOperation, BodyLocals> Cache = new();
    private static readonly LocalWrites None = new();

    private readonly Dictionary<ILocalSymbol, LocalWrites> _locals = new(SymbolEqualityComparer.Default);

    private BodyLocals(IOperation body, CancellationToken cancellationToken)
    {
        foreach (var operation in body.DescendantsAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (operation)
            {
                case ILocalReferenceOperation reference:
                    Get(reference.Local).References.Add(reference);
                    break;
                case IVariableDeclaratorOperation declarator:
                    if (declarator.GetVariableInitializer() is { } initializer)
                        Get(declarator.Symbol).AddAssignment(initializer.Value);
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                    Get(target.Local).AddAssignment(assignment.Value);
                    break;
                case ICompoundAssignmentOperation { Target: ILocalReferenceOperation target }:
                    Get(target.Local).OtherWrites++;
                    break;
                case ICoalesceAssignmentOperation { Target: ILocalReferenceOperation target }:
                    Get(target.Local).OtherWrites++;
                    break;
                case IIncrementOrDecrementOperation { Target: ILocalReferenceOperation target }:
                    Get(target.Local).OtherWrites++;
                    break;
                case IDeconstructionAssignmentOperation deconstruction:
                    foreach (var element in deconstruction.Target.DescendantsAndSelf())
                    {
                        if (element is ILocalReferenceOperation written)
                            Get(written.Local).OtherWrites++;
                    }

                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } argument
                    when argument.Value is ILocalReferenceOperation or IDeclarationExpressionOperation { Expression: ILocalReferenceOperation }:
                {
                    var local = argument.Value is ILocalReferenceOperation direct
                        ? direct.Local
                        : ((ILocalReferenceOperation)((IDeclarationExpressionOperation)argument.Value).Expression).Local;
                    Get(local).AddIndirectWrite(argument.Parent);
                    break;
                }

                case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol declared } declaration:
                    Get(declared).AddIndirectWrite(declaration);
                    break;
                case IRecursivePatternOperation { DeclaredSymbol: ILocalSymbol declared } recursive:
                    Get(declared).AddIndirectWrite(recursive);
                    break;
            }
        }
    }

    /// <summary>The index of <paramref name="body"/>, built on first use.</summary>
    public static BodyLocals For(IOperation body, CancellationToken cancellationToken)
    {
        if (Cache.TryGetValue(body, out var existing))
            return existing;
        var built = new BodyLocals(body, cancellationToken);
        return Cache.GetValue(body, _ => built);
    }

    /// <summary>
    /// What the body holding <paramref name="reference"/> does with its local; null for a <c>ref</c> local (its writes go
    /// through other names) or a reference outside any body.
    /// </summary>
    public static LocalWrites? Of(ILocalReferenceOperation reference, CancellationToken cancellationToken)
    {
        if (reference.Local.IsRef || reference.GetContainingBody() is not { } body)
            return null;

        // A local captured by a lambda or local function: the body that declares it holds its writes.
        var declaration = reference.Local.DeclaringSyntaxReferences.Length > 0 ? reference.Local.DeclaringSyntaxReferences[0].Span : default;
        while (!body.Syntax.Span.Contains(declaration) && body.Parent?.GetContainingBody() is { } outer)
            body = outer;
        return For(body, cancellationToken)[reference.Local];
    }

    /// <summary>What the body does with <paramref name="local"/>; an empty record when it does nothing.</summary>
    public LocalWrites this[ILocalSymbol local] => _locals.TryGetValue(local, out var writes) ? writes : None;

    private LocalWrites Get(ILocalSymbol local)
    {
        if (!_locals.TryGetValue(local, out var writes))
            _locals[local] = writes = new LocalWrites();
        return writes;
    }
}

/// <summary>The writes and reads of one local in one body, in the body's order.</summary>
internal sealed class LocalWrites
{
    /// <summary>Initializers and simple assignments.</summary>
    public int Assignments { get; private set; }

    /// <summary>The value of the last initializer or simple assignment.</summary>
    public IOperation? AssignedValue { get; private set; }

    /// <summary>Writes through an <c>out</c>/<c>ref</c> argument or a declaration pattern.</summary>
    public int IndirectWrites { get; private set; }

    /// <summary>For the last of <see cref="IndirectWrites"/>: the invocation that took the argument, or the pattern.</summary>
    public IOperation? IndirectSource { get; private set; }

    /// <summary>Compound, <c>??=</c>, increment and deconstruction writes, whose value is not followed.</summary>
    public int OtherWrites { get; set; }

    /// <summary>Every reference to the local, declarations and writes included.</summary>
    public List<ILocalReferenceOperation> References { get; } = new();

    public void AddAssignment(IOperation value)
    {
        Assignments++;
        AssignedValue = value;
    }

    public void AddIndirectWrite(IOperation? source)
    {
        IndirectWrites++;
        IndirectSource = source;
    }
}
