using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

/// <summary>The logging sinks of the BCL, Microsoft.Extensions.Logging and the Lambda runtime, resolved per compilation.</summary>
internal sealed class LogSinks
{
    private LogSinks(Compilation compilation)
    {
        INamedTypeSymbol? Get(string name) => compilation.GetBestTypeByMetadataName(name);
        ILogger = Get(KnownTypeNames.MicrosoftExtensionsLoggingILogger);
        LoggerExtensions = Get(KnownTypeNames.MicrosoftExtensionsLoggingLoggerExtensions);
        LoggerMessageAttribute = Get(KnownTypeNames.MicrosoftExtensionsLoggingLoggerMessageAttribute);
        Console = Get(KnownTypeNames.SystemConsole);
        Debug = Get(KnownTypeNames.SystemDiagnosticsDebug);
        Trace = Get(KnownTypeNames.SystemDiagnosticsTrace);
        Activity = Get(KnownTypeNames.SystemDiagnosticsActivity);
        TextWriter = Get(KnownTypeNames.SystemIOTextWriter);
        LambdaLogger = Get(KnownTypeNames.AmazonLambdaCoreILambdaLogger);
        LambdaStaticLogger = Get(KnownTypeNames.AmazonLambdaCoreLambdaLogger);
        QueryString = Get(KnownTypeNames.MicrosoftAspNetCoreHttpQueryString);
        Uri = Get(KnownTypeNames.SystemUri);
        HttpRequestMessage = Get(KnownTypeNames.SystemNetHttpHttpRequestMessage);
        ReadOnlySpan = Get(KnownTypeNames.SystemReadOnlySpan1);
        Span = Get(KnownTypeNames.SystemSpan1);
        ReadOnlyMemory = Get(KnownTypeNames.SystemReadOnlyMemory1);
        Memory = Get(KnownTypeNames.SystemMemory1);
    }

    public INamedTypeSymbol? ILogger { get; }
    public INamedTypeSymbol? LoggerExtensions { get; }
    public INamedTypeSymbol? LoggerMessageAttribute { get; }
    public INamedTypeSymbol? Console { get; }
    public INamedTypeSymbol? Debug { get; }
    public INamedTypeSymbol? Trace { get; }
    public INamedTypeSymbol? Activity { get; }
    public INamedTypeSymbol? TextWriter { get; }
    public INamedTypeSymbol? LambdaLogger { get; }
    public INamedTypeSymbol? LambdaStaticLogger { get; }
    public INamedTypeSymbol? QueryString { get; }
    public INamedTypeSymbol? Uri { get; }
    public INamedTypeSymbol? HttpRequestMessage { get; }
    public INamedTypeSymbol? ReadOnlySpan { get; }
    public INamedTypeSymbol? Span { get; }
    public INamedTypeSymbol? ReadOnlyMemory { get; }
    public INamedTypeSymbol? Memory { get; }

    /// <summary>True for <c>ReadOnlySpan&lt;T&gt;</c>, <c>Span&lt;T&gt;</c>, <c>ReadOnlyMemory&lt;T&gt;</c> and <c>Memory&lt;T&gt;</c>.</summary>
    public bool IsSpanOrMemory(INamedTypeSymbol type)
    {
        var definition = type.OriginalDefinition;
        return SymbolEqualityComparer.Default.Equals(definition, ReadOnlySpan) || SymbolEqualityComparer.Default.Equals(definition, Span)
               || SymbolEqualityComparer.Default.Equals(definition, ReadOnlyMemory) || SymbolEqualityComparer.Default.Equals(definition, Memory);
    }

    public bool HasAny => ILogger is not null || Console is not null || Debug is not null || Trace is not null || Activity is not null || LambdaLogger is not null;

    public static LogSinks Create(Compilation compilation) => new(compilation);

    /// <summary>True for the ILogger template methods, whose message argument is a template with placeholders.</summary>
    public bool IsTemplateLogger(IMethodSymbol method)
        => IsLoggerMethodName(method.Name) && SymbolEqualityComparer.Default.Equals(method.ContainingType, LoggerExtensions);

    public bool IsSink(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var name = method.Name;
        var owner = method.ContainingType;
        if (owner is null)
            return false;
        switch (name)
        {
            case var _ when IsLoggerMethodName(name):
                if (SymbolEqualityComparer.Default.Equals(owner, LoggerExtensions))
                    return true;
                if (name is "Log" or "BeginScope" && ILogger is not null && (SymbolEqualityComparer.Default.Equals(owner, ILogger) || owner.Implements(ILogger)))
                    return true;
                return IsLambdaLogger(owner);
            case "Write" or "WriteLine":
                if (SymbolEqualityComparer.Default.Equals(owner, Console) || SymbolEqualityComparer.Default.Equals(owner, Debug) || SymbolEqualityComparer.Default.Equals(owner, Trace))
                    return true;
                return owner.InheritsFromOrEquals(TextWriter) && invocation.Instance?.WalkDownConversion() is IPropertyReferenceOperation { Property.Name: "Out" or "Error" } stream
                       && SymbolEqualityComparer.Default.Equals(stream.Property.ContainingType, Console);
            case "WriteIf" or "WriteLineIf" or "Print" or "TraceInformation" or "TraceWarning" or "TraceError" or "Fail":
                return SymbolEqualityComparer.Default.Equals(owner, Debug) || SymbolEqualityComparer.Default.Equals(owner, Trace);
            case "SetTag" or "AddTag" or "SetBaggage" or "AddBaggage":
                return SymbolEqualityComparer.Default.Equals(owner, Activity);
            // The Lambda logger's own names (its LogCritical and LogTrace are the ILogger names above).
            case "LogLine" or "LogInfo" or "LogWarn":
                return IsLambdaLogger(owner);
        }

        // [LoggerMessage] methods: calls bind to the partial definition, which carries the attribute.
        return LoggerMessageAttribute is not null && method.IsPartialDefinition && method.HasAttribute(LoggerMessageAttribute);
    }

    /// <summary>The names of the ILogger extension methods (and of <c>ILogger.Log</c>/<c>BeginScope</c>).</summary>
    private static bool IsLoggerMethodName(string name)
        => name is "Log" or "LogTrace" or "LogDebug" or "LogInformation" or "LogWarning" or "LogError" or "LogCritical" or "BeginScope";

    private bool IsLambdaLogger(INamedTypeSymbol owner)
        => LambdaLogger is not null && (SymbolEqualityComparer.Default.Equals(owner, LambdaLogger) || owner.Implements(LambdaLogger))
           || LambdaStaticLogger is not null && SymbolEqualityComparer.Default.Equals(owner, LambdaStaticLogger);
}
