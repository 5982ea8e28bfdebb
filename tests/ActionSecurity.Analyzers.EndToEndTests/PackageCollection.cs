using Xunit;

namespace ActionSecurity.Analyzers.EndToEndTests;

/// <summary>The end-to-end test classes share one packed package: packing is the slowest step, done once per run.</summary>
[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "Packed package";
}
