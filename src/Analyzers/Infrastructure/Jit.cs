using System.Runtime.CompilerServices;

namespace ActionSecurity.Analyzers.Infrastructure;

/// <summary>How the runtime compiles the few methods that loop over all of a compilation's text or a body's operations.</summary>
internal static class Jit
{
    /// <summary>
    /// <c>MethodImplOptions.AggressiveOptimization</c>, which netstandard2.0 has no name for: the method is compiled
    /// optimized on its first call instead of starting unoptimized and waiting to be promoted. The .NET Framework, which
    /// has no tiers, ignores it.
    /// </summary>
    /// <remarks>
    /// A command-line build runs the compiler as a new process. Tiered compilation promotes a busy method only after a
    /// pause in new compilations, which the compiler's own start keeps putting off: in two traces of the L benchmark
    /// build, 0 and 53 of the package's 900-odd compiled methods were promoted before the build ended, so its loops over
    /// every character of every file ran unoptimized. Only such loops carry it: the scan of every tree's text
    /// (<c>SyntaxIndex</c>, 17 % less time on the L project's trees in a new process, with its word lists no longer
    /// sorted) and the walk of every operation of a body (<c>BodyLocals</c>, about 40 % less on the L project's
    /// bodies). Everything else runs a few times per operation, where compiling optimized up
    /// front costs more than it saves (marking the 80 methods a profile found busiest made no measurable difference).
    /// </remarks>
    public const MethodImplOptions Optimized = (MethodImplOptions)512;
}
