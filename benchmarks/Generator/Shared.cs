using System.Collections.Generic;
using System.Text;

namespace ActionSecurity.Benchmarks.Generator;

/// <summary>The files every size has once: Program.cs, infrastructure, stubs, project files.</summary>
internal static class Shared
{
    public static string Program(IReadOnlyList<string> modules)
    {
        var usings = new StringBuilder();
        var registrations = new StringBuilder();
        var maps = new StringBuilder();
        foreach (var name in modules)
        {
            usings.Append("using Contoso.Commerce.Modules.").Append(name).Append(";\n");
            registrations.Append("builder.Services.Add").Append(name).Append("Module(builder.Configuration);\n");
            maps.Append("app.Map").Append(name).Append("Endpoints();\n");
        }

        return $$"""
            using System;
            using Contoso.Commerce.Infrastructure;
            using Microsoft.AspNetCore.Authentication.Cookies;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            {{usings}}
            var builder = WebApplication.CreateBuilder(args);

            builder.Services.AddControllers();
            builder.Services.AddProblemDetails();
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services
                .AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
                .AddCookie(options =>
                {
                    options.Cookie.HttpOnly = true;
                    options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                    options.Cookie.SameSite = SameSiteMode.Strict;
                });
            builder.Services.AddAuthorization(options => options.AddPolicy("admin", policy => policy.RequireRole("Admin")));

            {{registrations}}
            var app = builder.Build();

            if (!app.Environment.IsDevelopment())
                app.UseHsts();
            app.UseHttpsRedirection();
            app.UseMiddleware<RequestLoggingMiddleware>();
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapControllers();

            {{maps}}
            app.Run();

            """;
    }

    public const string SecretComparer = """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        namespace Contoso.Commerce.Infrastructure;

        /// <summary>Constant-time comparison of shared secrets, failing closed on missing values.</summary>
        public static class SecretComparer
        {
            public static bool FixedTimeEquals(string? provided, string? expected)
            {
                if (string.IsNullOrEmpty(provided) || string.IsNullOrEmpty(expected))
                    return false;
                return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided), Encoding.UTF8.GetBytes(expected));
            }
        }

        """;

    public const string RequestLogging = """
        using System.Diagnostics;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        namespace Contoso.Commerce.Infrastructure;

        public sealed class RequestLoggingMiddleware
        {
            private readonly RequestDelegate _next;
            private readonly ILogger<RequestLoggingMiddleware> _logger;

            public RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
            {
                _next = next;
                _logger = logger;
            }

            public async Task InvokeAsync(HttpContext context)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await _next(context);
                }
                finally
                {
                    var elapsed = Stopwatch.GetElapsedTime(started);
                    _logger.LogInformation(
                        "{Method} {Path} answered {Status} in {Elapsed} ms",
                        context.Request.Method,
                        context.Request.Path,
                        context.Response.StatusCode,
                        elapsed.TotalMilliseconds);
                }
            }
        }

        """;
}

/// <summary>Frameworks the package registry does not serve, stubbed with their real namespaces and type names.</summary>
internal static class Stubs
{
    public const string AzureFunctionsWorker = """
        // Stub of the Azure Functions isolated worker surface the handlers use (the real package is not served here).
        using System;
        using System.Collections;
        using System.Collections.Generic;
        using System.Collections.Specialized;
        using System.IO;
        using System.Net;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Microsoft.Azure.Functions.Worker
        {
            [AttributeUsage(AttributeTargets.Method)]
            public sealed class FunctionAttribute : Attribute
            {
                public FunctionAttribute(string name) => Name = name;

                public string Name { get; }
            }

            public enum AuthorizationLevel
            {
                Anonymous,
                User,
                Function,
                System,
                Admin,
            }

            [AttributeUsage(AttributeTargets.Parameter)]
            public sealed class HttpTriggerAttribute : Attribute
            {
                public HttpTriggerAttribute(AuthorizationLevel authLevel, params string[] methods)
                {
                    AuthLevel = authLevel;
                    Methods = methods;
                }

                public AuthorizationLevel AuthLevel { get; }

                public string[] Methods { get; }

                public string? Route { get; set; }
            }

            public abstract class FunctionContext
            {
                public abstract string InvocationId { get; }
            }
        }

        namespace Microsoft.Azure.Functions.Worker.Http
        {
            public sealed class HttpHeadersCollection : IEnumerable<KeyValuePair<string, IEnumerable<string>>>
            {
                private readonly Dictionary<string, List<string>> _values = new(StringComparer.OrdinalIgnoreCase);

                public void Add(string name, string value)
                {
                    if (!_values.TryGetValue(name, out var list))
                        _values[name] = list = new List<string>();
                    list.Add(value);
                }

                public bool TryGetValues(string name, out IEnumerable<string> values)
                {
                    var found = _values.TryGetValue(name, out var list);
                    values = list ?? new List<string>();
                    return found;
                }

                public IEnumerator<KeyValuePair<string, IEnumerable<string>>> GetEnumerator()
                {
                    foreach (var pair in _values)
                        yield return new KeyValuePair<string, IEnumerable<string>>(pair.Key, pair.Value);
                }

                IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
            }

            public abstract class HttpCookies
            {
                public abstract void Append(string name, string value);
            }

            public abstract class HttpRequestData
            {
                public abstract Uri Url { get; }

                public abstract HttpHeadersCollection Headers { get; }

                public abstract Stream Body { get; }

                public abstract string Method { get; }

                public virtual NameValueCollection Query => System.Web.HttpUtility.ParseQueryString(Url.Query);

                public abstract HttpResponseData CreateResponse();
            }

            public abstract class HttpResponseData
            {
                public abstract HttpStatusCode StatusCode { get; set; }

                public abstract HttpHeadersCollection Headers { get; set; }

                public abstract Stream Body { get; set; }

                public abstract HttpCookies Cookies { get; }
            }

            public static class HttpRequestDataExtensions
            {
                public static HttpResponseData CreateResponse(this HttpRequestData request, HttpStatusCode statusCode)
                {
                    var response = request.CreateResponse();
                    response.StatusCode = statusCode;
                    return response;
                }
            }

            public static class HttpResponseDataExtensions
            {
                public static async Task WriteStringAsync(this HttpResponseData response, string value, CancellationToken cancellationToken = default)
                {
                    var bytes = Encoding.UTF8.GetBytes(value);
                    await response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        """;

    public const string AwsLambda = """
        // Stub of the AWS Lambda API Gateway surface the handlers use (the real packages are not served here).
        using System.Collections.Generic;

        namespace Amazon.Lambda.Core
        {
            public interface ILambdaLogger
            {
                void LogLine(string message);
            }

            public interface ILambdaContext
            {
                string AwsRequestId { get; }

                ILambdaLogger Logger { get; }
            }
        }

        namespace Amazon.Lambda.APIGatewayEvents
        {
            public class APIGatewayProxyRequest
            {
                public string? Resource { get; set; }

                public string? Path { get; set; }

                public string? HttpMethod { get; set; }

                public IDictionary<string, string>? Headers { get; set; }

                public IDictionary<string, string>? QueryStringParameters { get; set; }

                public IDictionary<string, string>? PathParameters { get; set; }

                public string? Body { get; set; }

                public bool IsBase64Encoded { get; set; }
            }

            public class APIGatewayProxyResponse
            {
                public int StatusCode { get; set; }

                public IDictionary<string, string>? Headers { get; set; }

                public string? Body { get; set; }

                public bool IsBase64Encoded { get; set; }
            }
        }

        """;
}

/// <summary>The project files. The generated directory has its own Directory.Build.props so nothing of the repository's
/// build settings (warnings as errors, central package versions) leaks into it.</summary>
internal static class ProjectFiles
{
    public static IEnumerable<GeneratedFile> All => new[]
    {
        new GeneratedFile(ProjectGenerator.ProjectFileName, Project),
        new GeneratedFile("Directory.Build.props", BuildProps),
        new GeneratedFile("Directory.Build.targets", "<Project />\n"),
        new GeneratedFile("Directory.Packages.props", "<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n</Project>\n"),
        new GeneratedFile("appsettings.json", "{\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } },\n  \"AllowedHosts\": \"*\"\n}\n"),
    };

    private const string BuildProps = """
        <Project>
          <!-- Each benchmark configuration restores and builds into its own obj/bin, so configurations can alternate
               in one run without re-restoring. BenchConfig: baseline | actionsecurity | scs | sonar | ca-all. -->
          <PropertyGroup>
            <BenchConfig Condition="'$(BenchConfig)' == ''">baseline</BenchConfig>
            <BaseIntermediateOutputPath>$(MSBuildThisFileDirectory)obj/$(BenchConfig)/</BaseIntermediateOutputPath>
            <BaseOutputPath>$(MSBuildThisFileDirectory)bin/$(BenchConfig)/</BaseOutputPath>
            <!-- The other configurations' obj/bin live under the project too: keep their generated sources out of Compile. -->
            <DefaultItemExcludes>$(DefaultItemExcludes);obj/**;bin/**</DefaultItemExcludes>
            <ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>
            <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
          </PropertyGroup>
        </Project>

        """;

    private const string Project = """
        <Project Sdk="Microsoft.NET.Sdk.Web">
          <!-- Generated by benchmarks/Generator (fixed seed). Do not edit. -->
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>disable</ImplicitUsings>
            <RootNamespace>Contoso.Commerce</RootNamespace>
            <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
            <GenerateDocumentationFile>false</GenerateDocumentationFile>
          </PropertyGroup>

          <!-- (b) this package: the analyzer and code-fix assemblies built from src/ in Release. -->
          <ItemGroup Condition="'$(BenchConfig)' == 'actionsecurity'">
            <Analyzer Include="$(ActionSecurityAnalyzersDir)ActionSecurity.Analyzers.dll" />
            <Analyzer Include="$(ActionSecurityAnalyzersDir)ActionSecurity.Analyzers.CodeFixes.dll" />
          </ItemGroup>

          <!-- (c) Security Code Scan -->
          <ItemGroup Condition="'$(BenchConfig)' == 'scs'">
            <PackageReference Include="SecurityCodeScan.VS2019" Version="5.6.7" PrivateAssets="all" IncludeAssets="runtime; build; native; contentfiles; analyzers; buildtransitive" />
          </ItemGroup>

          <!-- (d) SonarAnalyzer.CSharp -->
          <ItemGroup Condition="'$(BenchConfig)' == 'sonar'">
            <PackageReference Include="SonarAnalyzer.CSharp" Version="10.36.0.15337" PrivateAssets="all" IncludeAssets="runtime; build; native; contentfiles; analyzers; buildtransitive" />
          </ItemGroup>

          <!-- (e) the SDK's own CA rules, all of them enabled -->
          <PropertyGroup Condition="'$(BenchConfig)' == 'ca-all'">
            <AnalysisMode>All</AnalysisMode>
          </PropertyGroup>
        </Project>

        """;
}
