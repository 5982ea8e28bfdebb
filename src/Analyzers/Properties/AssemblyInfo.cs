using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("ActionSecurity.Analyzers.CodeFixes")]
[assembly: InternalsVisibleTo("ActionSecurity.Analyzers.Tests")]
