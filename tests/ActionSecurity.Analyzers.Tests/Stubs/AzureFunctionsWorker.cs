// Test-input stub of the Azure Functions isolated worker HTTP surface (Microsoft.Azure.Functions.Worker.Core,
// .Extensions.Abstractions, .Extensions.Http), which the package registry does not serve. Real namespaces, type and
// member names and signatures; bodies throw. Compiled once per test process into its own metadata reference.
using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Net;
using System.Security.Claims;
using System.Text;
using System.Threading.Tasks;

namespace Microsoft.Azure.Functions.Worker
{
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class FunctionAttribute : Attribute
    {
        public FunctionAttribute(string name) { Name = name; }
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
        public HttpTriggerAttribute() { }
        public HttpTriggerAttribute(params string[] methods) { Methods = methods; }
        public HttpTriggerAttribute(AuthorizationLevel authLevel) { AuthLevel = authLevel; }
        public HttpTriggerAttribute(AuthorizationLevel authLevel, params string[] methods) { AuthLevel = authLevel; Methods = methods; }
        public string Route { get; set; }
        public string[] Methods { get; }
        public AuthorizationLevel AuthLevel { get; }
    }

    public abstract class FunctionContext
    {
        public abstract string InvocationId { get; }
        public abstract string FunctionId { get; }
        public abstract IServiceProvider InstanceServices { get; set; }
        public abstract IDictionary<object, object> Items { get; set; }
    }
}

namespace Microsoft.Azure.Functions.Worker.Http
{
    public sealed class HttpHeadersCollection : System.Net.Http.Headers.HttpHeaders
    {
        public HttpHeadersCollection() { }
        public HttpHeadersCollection(IEnumerable<KeyValuePair<string, string>> headers) { }
        public HttpHeadersCollection(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers) { }
    }

    public enum SameSite
    {
        None,
        Lax,
        Strict,
        ExplicitNone,
    }

    public interface IHttpCookie
    {
        string Domain { get; }
        DateTimeOffset? Expires { get; }
        bool? HttpOnly { get; }
        double? MaxAge { get; }
        string Name { get; }
        string Path { get; }
        SameSite SameSite { get; }
        bool? Secure { get; }
        string Value { get; }
    }

    public class HttpCookie : IHttpCookie
    {
        public HttpCookie(string name, string value) { Name = name; Value = value; }
        public string Domain { get; set; }
        public DateTimeOffset? Expires { get; set; }
        public bool? HttpOnly { get; set; }
        public double? MaxAge { get; set; }
        public string Name { get; }
        public string Path { get; set; }
        public SameSite SameSite { get; set; }
        public bool? Secure { get; set; }
        public string Value { get; }
    }

    public abstract class HttpCookies
    {
        public abstract void Append(string name, string value);
        public abstract void Append(IHttpCookie cookie);
        public abstract IHttpCookie CreateNew();
    }

    public abstract class HttpRequestData
    {
        public HttpRequestData(FunctionContext functionContext) { FunctionContext = functionContext; }
        public abstract Stream Body { get; }
        public abstract HttpHeadersCollection Headers { get; }
        public abstract IReadOnlyCollection<IHttpCookie> Cookies { get; }
        public abstract Uri Url { get; }
        public abstract IEnumerable<ClaimsIdentity> Identities { get; }
        public abstract string Method { get; }
        public FunctionContext FunctionContext { get; }
        public abstract HttpResponseData CreateResponse();
        public abstract NameValueCollection Query { get; }
    }

    public abstract class HttpResponseData
    {
        public HttpResponseData(FunctionContext functionContext) { FunctionContext = functionContext; }
        public abstract HttpStatusCode StatusCode { get; set; }
        public abstract HttpHeadersCollection Headers { get; set; }
        public abstract Stream Body { get; set; }
        public abstract HttpCookies Cookies { get; }
        public FunctionContext FunctionContext { get; }
        public static HttpResponseData CreateResponse(HttpRequestData request) => throw null;
    }

    public static class HttpRequestDataExtensions
    {
        public static Task<string> ReadAsStringAsync(this HttpRequestData request, Encoding encoding = null) => throw null;
        public static string ReadAsString(this HttpRequestData request, Encoding encoding = null) => throw null;
        public static HttpResponseData CreateResponse(this HttpRequestData request, HttpStatusCode statusCode) => throw null;
    }

    public static class HttpResponseDataExtensions
    {
        public static void WriteString(this HttpResponseData response, string value, Encoding encoding = null) => throw null;
        public static Task WriteStringAsync(this HttpResponseData response, string value, Encoding encoding = null) => throw null;
        public static void WriteBytes(this HttpResponseData response, byte[] value) => throw null;
        public static Task WriteBytesAsync(this HttpResponseData response, byte[] value) => throw null;
    }
}
