using System.Linq;
using System.Reflection;
using ActionSecurity.Analyzers.Infrastructure;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Meta;

/// <summary>
/// The loops over all of a compilation's text and over every operation of a body are compiled optimized on their first
/// call (<see cref="Jit.Optimized"/>), and nothing else is: the flag trades compile time for speed, which pays only
/// where a method runs over that much.
/// </summary>
public sealed class OptimizedLoopTests
{
    [Fact]
    public void Only_the_whole_text_and_whole_body_loops_are_compiled_optimized_up_front()
    {
        const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var optimized = typeof(Jit).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            .Where(method => (method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) != 0)
            .Select(method => method.DeclaringType!.Name + "." + method.Name)
            .OrderBy(name => name, System.StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(
            new[]
            {
                "BodyLocals.Visit", "BodyLocals.Walk", "SyntaxIndex..ctor", "WordTable.Add", "WordTable.Drain",
                "WordTable.EmptySlots", "WordTable.FindSlots", "WordTable.Probe",
            },
            optimized);
        Assert.Equal(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization, Jit.Optimized);
    }
}
