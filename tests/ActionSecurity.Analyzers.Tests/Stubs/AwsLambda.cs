// Test-input stub of AWS Lambda's .NET surface (Amazon.Lambda.Core, Amazon.Lambda.APIGatewayEvents), which the package
// registry does not serve. Real namespaces, type and member names and signatures. Compiled once per test process into
// its own metadata reference.
using System;
using System.Collections.Generic;

namespace Amazon.Lambda.Core
{
    public interface ILambdaLogger
    {
        void Log(string message);
        void LogLine(string message);
    }

    public interface ILambdaContext
    {
        string AwsRequestId { get; }
        string FunctionName { get; }
        string FunctionVersion { get; }
        string InvokedFunctionArn { get; }
        ILambdaLogger Logger { get; }
        string LogGroupName { get; }
        string LogStreamName { get; }
        int MemoryLimitInMB { get; }
        TimeSpan RemainingTime { get; }
    }

    public static class LambdaLogger
    {
        public static void Log(string message) { }
    }

    [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Method, AllowMultiple = false)]
    public sealed class LambdaSerializerAttribute : Attribute
    {
        public LambdaSerializerAttribute(Type serializerType) { SerializerType = serializerType; }
        public Type SerializerType { get; set; }
    }
}

namespace Amazon.Lambda.APIGatewayEvents
{
    public class APIGatewayProxyRequest
    {
        public string Resource { get; set; }
        public string Path { get; set; }
        public string HttpMethod { get; set; }
        public IDictionary<string, string> Headers { get; set; }
        public IDictionary<string, IList<string>> MultiValueHeaders { get; set; }
        public IDictionary<string, string> QueryStringParameters { get; set; }
        public IDictionary<string, IList<string>> MultiValueQueryStringParameters { get; set; }
        public IDictionary<string, string> PathParameters { get; set; }
        public IDictionary<string, string> StageVariables { get; set; }
        public ProxyRequestContext RequestContext { get; set; }
        public string Body { get; set; }
        public bool IsBase64Encoded { get; set; }

        public class ProxyRequestContext
        {
            public string Path { get; set; }
            public string RequestId { get; set; }
            public string HttpMethod { get; set; }
            public IDictionary<string, object> Authorizer { get; set; }
        }
    }

    public class APIGatewayProxyResponse
    {
        public int StatusCode { get; set; }
        public IDictionary<string, string> Headers { get; set; }
        public IDictionary<string, IList<string>> MultiValueHeaders { get; set; }
        public string Body { get; set; }
        public bool IsBase64Encoded { get; set; }
    }

    public class APIGatewayHttpApiV2ProxyRequest
    {
        public string Version { get; set; }
        public string RouteKey { get; set; }
        public string RawPath { get; set; }
        public string RawQueryString { get; set; }
        public string[] Cookies { get; set; }
        public IDictionary<string, string> Headers { get; set; }
        public IDictionary<string, string> QueryStringParameters { get; set; }
        public IDictionary<string, string> PathParameters { get; set; }
        public IDictionary<string, string> StageVariables { get; set; }
        public ProxyRequestContext RequestContext { get; set; }
        public string Body { get; set; }
        public bool IsBase64Encoded { get; set; }

        public class ProxyRequestContext
        {
            public string RouteKey { get; set; }
            public string RequestId { get; set; }
            public HttpDescription Http { get; set; }
        }

        public class HttpDescription
        {
            public string Method { get; set; }
            public string Path { get; set; }
            public string SourceIp { get; set; }
        }
    }

    public class APIGatewayHttpApiV2ProxyResponse
    {
        public int StatusCode { get; set; }
        public IDictionary<string, string> Headers { get; set; }
        public string[] Cookies { get; set; }
        public string Body { get; set; }
        public bool IsBase64Encoded { get; set; }
        public void SetHeaderValues(string headerName, string value, bool append) { }
        public void SetHeaderValues(string headerName, IEnumerable<string> values, bool append) { }
    }
}
