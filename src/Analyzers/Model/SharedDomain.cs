using System;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActionSecurity.Analyzers.Model;

/// <summary>The values of <c>action_security.shared_domain</c>.</summary>
internal enum SharedDomainMode
{
    /// <summary>Serverless and web-action handlers, and apps whose shipped configuration names a shared platform host.</summary>
    Auto,

    /// <summary>Everywhere: every direct cookie write is on a shared domain.</summary>
    Always,

    /// <summary>Never: the app has a domain of its own.</summary>
    Never,
}

/// <summary>
/// Whether a cookie is set on a domain other tenants share (AS0005's reason): the <c>action_security.shared_domain</c>
/// option, the hosting models that run on a platform's shared domain, and the platform hosts a shipped configuration
/// file can name.
/// </summary>
internal static class SharedDomain
{
    /// <summary>
    /// Hosts of platforms that give every tenant a subdomain of one shared domain. A shipped configuration file that
    /// names one of them (<c>https://myapp.azurewebsites.net</c>) puts the app on a shared domain.
    /// </summary>
    internal static readonly ImmutableArray<string> PlatformHosts = ImmutableArray.Create(
        ".azurewebsites.net", ".azurestaticapps.net", ".herokuapp.com", "adobeioruntime.net", ".adobeio-static.net",
        ".vercel.app", ".netlify.app", ".cloudfunctions.net", ".appspot.com", ".web.app", ".firebaseapp.com",
        ".lambda-url.", ".execute-api.", ".onrender.com", ".fly.dev", ".pages.dev", ".workers.dev");

    /// <summary>
    /// Files whose presence alone says the app is deployed to a serverless platform: the Functions host and local
    /// settings, and the AWS Lambda tools' deployment files.
    /// </summary>
    internal static readonly ImmutableArray<string> PlatformFiles = ImmutableArray.Create(
        "host.json", "local.settings.json", "aws-lambda-tools-defaults.json", "serverless.template");

    /// <summary>Configuration files read for a platform host, besides <see cref="ConfigFiles"/>' kinds.</summary>
    private static readonly ImmutableArray<string> ExtraConfigFiles = ImmutableArray.Create(
        "vercel.json", "netlify.toml", "app.yaml", "serverless.yml", "serverless.yaml", "fly.toml", "render.yaml", ".env");

    private const int MaxConfigLength = 1 << 20;

    private static readonly ConditionalWeakTable<AnalyzerConfigOptions, StrongBox<SharedDomainMode>> ModeCache = new();

    /// <summary>The option for one tree, parsed once per options instance; unknown values mean <see cref="SharedDomainMode.Auto"/>.</summary>
    public static SharedDomainMode GetMode(AnalyzerOptions options, SyntaxTree tree)
    {
        AnalyzerConfigOptions config;
        try
        {
            config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        }
        catch (ArgumentException)
        {
            return SharedDomainMode.Auto;
        }

        return ModeCache.GetValue(config, static c => new StrongBox<SharedDomainMode>(
            Parse(ActionSecurityOptions.SharedDomainOption.Read(c, DiagnosticIds.DirectSetCookie)))).Value;
    }

    public static SharedDomainMode Parse(string? value)
    {
        if (value is null)
            return SharedDomainMode.Auto;
        if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
            return SharedDomainMode.Always;
        if (string.Equals(value, "false", StringComparison.OrdinalIgnoreCase))
            return SharedDomainMode.Never;
        return SharedDomainMode.Auto;
    }

    /// <summary>
    /// True when a shipped configuration file (passed as an <c>AdditionalFiles</c> item) names a shared platform host, or
    /// is a serverless platform's own file. Reads each file once; called once per compilation, and only when a cookie
    /// write is found.
    /// </summary>
    public static bool ConfigNamesSharedPlatform(ImmutableArray<AdditionalText> files, CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = FileName(file.Path);
            if (Contains(PlatformFiles, name))
                return true;
            if (ConfigFiles.GetKind(file.Path) == ConfigFileKind.None && !Contains(ExtraConfigFiles, name))
                continue;
            var text = file.GetText(cancellationToken);
            if (text is null || text.Length > MaxConfigLength)
                continue;
            var content = text.ToString();
            foreach (var host in PlatformHosts)
            {
                if (content.IndexOf(host, StringComparison.OrdinalIgnoreCase) >= 0)
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="method"/>, or another method of its type, is a serverless or web-action entry point: an
    /// Azure function (<c>[FunctionName]</c>, <c>[Function]</c>), an AWS Lambda handler (API Gateway proxy request or
    /// response, <c>ILambdaContext</c>), or an OpenWhisk action (<c>Main(JObject)</c> returning a <c>JObject</c>).
    /// </summary>
    public static bool IsServerlessCode(IMethodSymbol? method, KnownTypes types, INamedTypeSymbol? lambdaContext)
    {
        if (method is null)
            return false;
        if (IsServerlessEntryPoint(method, types, lambdaContext))
            return true;
        var type = method.ContainingType;
        for (var depth = 0; type is not null && depth < 3; depth++, type = type.ContainingType)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } other && !SymbolEqualityComparer.Default.Equals(other, method)
                    && IsServerlessEntryPoint(other, types, lambdaContext))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsServerlessEntryPoint(IMethodSymbol method, KnownTypes types, INamedTypeSymbol? lambdaContext)
    {
        if ((types.FunctionNameAttribute is not null && method.HasAttribute(types.FunctionNameAttribute))
            || (types.FunctionAttribute is not null && method.HasAttribute(types.FunctionAttribute)))
        {
            return true;
        }

        var returns = Handlers.UnwrapTask(method.ReturnType);
        if (returns.InheritsFromOrEquals(types.APIGatewayProxyResponse) || returns.InheritsFromOrEquals(types.APIGatewayHttpApiV2ProxyResponse))
            return true;
        foreach (var parameter in method.Parameters)
        {
            var type = parameter.Type;
            if (type.InheritsFromOrEquals(types.APIGatewayProxyRequest) || type.InheritsFromOrEquals(types.APIGatewayHttpApiV2ProxyRequest)
                || (lambdaContext is not null && type.IsOrDerivesFrom(lambdaContext)))
            {
                return true;
            }
        }

        return types.JObject is not null && method.Name == "Main" && method.Parameters.Length == 1
               && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, types.JObject)
               && SymbolEqualityComparer.Default.Equals(returns, types.JObject);
    }

    private static string FileName(string path)
    {
        var separator = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return separator < 0 ? path : path.Substring(separator + 1);
    }

    private static bool Contains(ImmutableArray<string> names, string name)
    {
        foreach (var candidate in names)
        {
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return false;
    }
}
