using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace ActionSecurity.Analyzers.Infrastructure;

/// <summary>
/// Operations by identity, hashed by where their syntax lies and by kind: an operation of a body the driver hands out is
/// the same object for every analyzer, so identity is the right equality.
/// </summary>
/// <remarks>
/// Not <c>RuntimeHelpers.GetHashCode</c> of the operation: its first call on an object writes a hash into the object's
/// header through the runtime's slow path, and operation trees are made afresh for every body, so every key would pay
/// it. Operations that share their syntax and kind (an implicit conversion and its operand rarely do) share a memo slot,
/// which costs a recomputation, never a wrong answer.
/// </remarks>
internal sealed class OperationIdentity : IEqualityComparer<IOperation>
{
    /// <summary>For keys of one tree (the operations of one body).</summary>
    public static readonly OperationIdentity WithinTree = new(acrossTrees: false);

    /// <summary>
    /// For keys of every tree of a compilation: the tree's identity is mixed in (trees are long-lived and already hashed),
    /// since files of one project often start alike and their first bodies lie at the same offsets.
    /// </summary>
    public static readonly OperationIdentity AcrossTrees = new(acrossTrees: true);

    private readonly bool _acrossTrees;

    private OperationIdentity(bool acrossTrees)
    {
        _acrossTrees = acrossTrees;
    }

    public bool Equals(IOperation? x, IOperation? y) => ReferenceEquals(x, y);

    public int GetHashCode(IOperation operation)
    {
        var syntax = operation.Syntax;
        var span = syntax.FullSpan;
        var hash = unchecked((span.Start * 31) + span.Length + ((int)operation.Kind << 20));
        return _acrossTrees ? unchecked((hash * 16777619) ^ RuntimeHelpers.GetHashCode(syntax.SyntaxTree)) : hash;
    }
}
