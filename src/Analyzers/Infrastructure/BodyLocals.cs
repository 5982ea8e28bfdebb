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
    private static readonly StripedWeakTable<IOperation, BodyLocals> Cache = new();

    /// <summary>The locals the body writes; made on the first write, at a size that spares most bodies a resize.</summary>
    private Dictionary<ILocalSymbol, LocalWrites>? _locals;

    /// <summary>
    /// The body, walked again for the references of its locals when the first are asked for. Few bodies ever are (one
    /// mapping routes on a builder, one comparing a secret); lists of every reference, kept for every body, cost more in
    /// allocation than the rest of the index.
    /// </summary>
    private readonly IOperation _body;

    /// <summary>The references of every local, found when the first are asked for.</summary>
    private Dictionary<ILocalSymbol, List<ILocalReferenceOperation>>? _references;

    private BodyLocals(IOperation body, CancellationToken cancellationToken)
    {
        _body = body;
        var writes = new WriteCollector(this);
        Walk(body, ref writes, cancellationToken);
    }

    private interface INodeVisitor
    {
        void Visit(IOperation operation);
    }

    /// <summary>
    /// Pre-order, children in source order, with an explicit stack of the enumerators of the nodes above the current
    /// one: no iterator objects, no recursion however deep the expression, and one push and one pop per node. The
    /// visitor is a struct, so its calls are direct.
    /// </summary>
    [MethodImpl(Jit.Optimized)]
    private static void Walk<TVisitor>(IOperation body, ref TVisitor visitor, CancellationToken cancellationToken)
        where TVisitor : struct, INodeVisitor
    {
        visitor.Visit(body);
        var pending = new Stack<IOperation.OperationList.Enumerator>(16);
        var children = body.ChildOperations.GetEnumerator();
        while (true)
        {
            if (children.MoveNext())
            {
                var child = children.Current;
                visitor.Visit(child);
                pending.Push(children);
                children = child.ChildOperations.GetEnumerator();
            }
            else if (pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                children = pending.Pop();
            }
            else
            {
                return;
            }
        }
    }

    private readonly struct WriteCollector(BodyLocals index) : INodeVisitor
    {
        public void Visit(IOperation operation) => index.Visit(operation);
    }

    private readonly struct ReferenceCollector(Dictionary<ILocalSymbol, List<ILocalReferenceOperation>> references) : INodeVisitor
    {
        public void Visit(IOperation operation)
        {
            if (operation.Kind != OperationKind.LocalReference)
                return;
            var reference = (ILocalReferenceOperation)operation;
            if (!references.TryGetValue(reference.Local, out var list))
                references[reference.Local] = list = new List<ILocalReferenceOperation>();
            list.Add(reference);
        }
    }

    [MethodImpl(Jit.Optimized)]
    private void Visit(IOperation operation)
    {
        // The kind first: one virtual call rules out most nodes, where the type tests below cost one interface check each.
        switch (operation.Kind)
        {
            case OperationKind.VariableDeclarator:
            case OperationKind.SimpleAssignment:
            case OperationKind.CompoundAssignment:
            case OperationKind.CoalesceAssignment:
            case OperationKind.Increment:
            case OperationKind.Decrement:
            case OperationKind.DeconstructionAssignment:
            case OperationKind.Argument:
            case OperationKind.DeclarationPattern:
            case OperationKind.RecursivePattern:
                break;
            default:
                return;
        }

        switch (operation)
        {
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

            // The argument's value first: asking a parameter for its ref kind costs more than a type test, and most
            // arguments are not locals.
            case IArgumentOperation { Value: ILocalReferenceOperation or IDeclarationExpressionOperation { Expression: ILocalReferenceOperation } } argument
                when argument.Parameter?.RefKind is RefKind.Out or RefKind.Ref:
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
        if (reference.Local.IsRef)
            return null;
        var body = reference.GetContainingBody();

        // A local captured by a lambda or local function: the body that declares it holds its writes. (A body with no
        // parent is the whole operation tree, with no outer body to look in.)
        if (body.Parent is not null)
        {
            var references = reference.Local.DeclaringSyntaxReferences;
            var declaration = references.Length > 0 ? references[0].Span : default;
            while (!body.Syntax.Span.Contains(declaration) && body.Parent?.GetContainingBody() is { } outer)
                body = outer;
        }

        return For(body, cancellationToken)[reference.Local];
    }

    /// <summary>What the body does with <paramref name="local"/>; a record with no writes when it does nothing.</summary>
    public LocalWrites this[ILocalSymbol local]
    {
        // Read-only once built, so several analyzers may ask at once; a local with no write gets a record per ask.
        get => _locals is not null && _locals.TryGetValue(local, out var writes) ? writes : new LocalWrites(this, local);
    }

    /// <summary>The references to <paramref name="local"/>, in order.</summary>
    internal IReadOnlyList<ILocalReferenceOperation> ReferencesTo(ILocalSymbol local)
    {
        var references = Volatile.Read(ref _references) ?? Interlocked.CompareExchange(ref _references, FindReferences(), null) ?? _references!;
        return references.TryGetValue(local, out var found) ? found : System.Array.Empty<ILocalReferenceOperation>();
    }

    /// <summary>Every local reference of the body by local, in one walk.</summary>
    private Dictionary<ILocalSymbol, List<ILocalReferenceOperation>> FindReferences()
    {
        var references = new Dictionary<ILocalSymbol, List<ILocalReferenceOperation>>(SymbolEqualityComparer.Default);
        var collector = new ReferenceCollector(references);
        Walk(_body, ref collector, CancellationToken.None);
        return references;
    }

    private LocalWrites Get(ILocalSymbol local)
    {
        _locals ??= new Dictionary<ILocalSymbol, LocalWrites>(8, SymbolEqualityComparer.Default);
        if (!_locals.TryGetValue(local, out var writes))
            _locals[local] = writes = new LocalWrites(this, local);
        return writes;
    }
}

/// <summary>The writes and reads of one local in one body, in the body's order.</summary>
internal sealed class LocalWrites(BodyLocals body, ILocalSymbol local)
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

    /// <summary>Every reference to the local, declarations and writes included; found on first use.</summary>
    public IReadOnlyList<ILocalReferenceOperation> References => body.ReferencesTo(local);

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
