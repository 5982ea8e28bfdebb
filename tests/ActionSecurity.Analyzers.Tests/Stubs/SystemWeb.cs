// Test-input stub of classic ASP.NET (System.Web.dll, System.Web.Abstractions) request and cookie surface, which
// .NET does not have. System.Web.HttpUtility is not stubbed: it is in the .NET reference pack. Real namespaces, type
// and member names and signatures. Compiled once per test process into its own metadata reference.
using System;
using System.Collections.Specialized;

namespace System.Web
{
    public enum SameSiteMode
    {
        None = 0,
        Lax = 1,
        Strict = 2,
    }

    public sealed class HttpCookie
    {
        public HttpCookie(string name) { Name = name; }
        public HttpCookie(string name, string value) { Name = name; Value = value; }
        public string Name { get; set; }
        public string Value { get; set; }
        public string Domain { get; set; }
        public string Path { get; set; }
        public DateTime Expires { get; set; }
        public bool Secure { get; set; }
        public bool HttpOnly { get; set; }
        public SameSiteMode SameSite { get; set; }
        public NameValueCollection Values => throw null;
        public string this[string key] { get => throw null; set { } }
    }

    public sealed class HttpCookieCollection : NameObjectCollectionBase
    {
        public HttpCookieCollection() { }
        public HttpCookie this[string name] => throw null;
        public HttpCookie this[int index] => throw null;
        public string[] AllKeys => throw null;
        public void Add(HttpCookie cookie) { }
        public void Set(HttpCookie cookie) { }
        public HttpCookie Get(string name) => throw null;
        public HttpCookie Get(int index) => throw null;
        public void Remove(string name) { }
        public void Clear() { }
    }

    public sealed class HttpRequest
    {
        public HttpRequest(string filename, string url, string queryString) { }
        public NameValueCollection QueryString => throw null;
        public NameValueCollection Headers => throw null;
        public NameValueCollection Form => throw null;
        public NameValueCollection Params => throw null;
        public NameValueCollection ServerVariables => throw null;
        public HttpCookieCollection Cookies => throw null;
        public string this[string key] => throw null;
        public string HttpMethod => throw null;
        public Uri Url => throw null;
        public string RawUrl => throw null;
        public string UserHostAddress => throw null;
        public bool IsAuthenticated => throw null;
        public bool IsSecureConnection => throw null;
    }

    public sealed class HttpResponse
    {
        public HttpResponse(System.IO.TextWriter writer) { }
        public HttpCookieCollection Cookies => throw null;
        public NameValueCollection Headers => throw null;
        public int StatusCode { get; set; }
        public string StatusDescription { get; set; }
        public string ContentType { get; set; }
        public void SetCookie(HttpCookie cookie) { }
        public void AppendCookie(HttpCookie cookie) { }
        public void AddHeader(string name, string value) { }
        public void AppendHeader(string name, string value) { }
        public void Write(string s) { }
        public void End() { }
    }

    public sealed class HttpContext
    {
        public HttpContext(HttpRequest request, HttpResponse response) { }
        public static HttpContext Current { get; set; }
        public HttpRequest Request => throw null;
        public HttpResponse Response => throw null;
    }

    public abstract class HttpRequestBase
    {
        public virtual NameValueCollection QueryString => throw new NotImplementedException();
        public virtual NameValueCollection Headers => throw new NotImplementedException();
        public virtual NameValueCollection Form => throw new NotImplementedException();
        public virtual NameValueCollection Params => throw new NotImplementedException();
        public virtual HttpCookieCollection Cookies => throw new NotImplementedException();
        public virtual string this[string key] => throw new NotImplementedException();
        public virtual string HttpMethod => throw new NotImplementedException();
    }

    public abstract class HttpResponseBase
    {
        public virtual HttpCookieCollection Cookies => throw new NotImplementedException();
        public virtual int StatusCode { get => throw new NotImplementedException(); set => throw new NotImplementedException(); }
        public virtual void SetCookie(HttpCookie cookie) => throw new NotImplementedException();
        public virtual void AppendCookie(HttpCookie cookie) => throw new NotImplementedException();
        public virtual void AddHeader(string name, string value) => throw new NotImplementedException();
        public virtual void AppendHeader(string name, string value) => throw new NotImplementedException();
    }

    public abstract class HttpContextBase
    {
        public virtual HttpRequestBase Request => throw new NotImplementedException();
        public virtual HttpResponseBase Response => throw new NotImplementedException();
    }
}
