using System.Net.Http.Headers;

namespace WebhookHandlers;

/// <summary>
/// Golden scenario 3, "secured web action": an HTTP-triggered action that anyone who knows its URL can call, and that
/// sets a session cookie on the platform's shared domain.
/// </summary>
public static class SessionAction
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/actions/session", (HttpContext context) =>
        {
            context.Response.Cookies.Append("session", Guid.NewGuid().ToString("N"));
            return Results.Ok();
        });
    }
}

/// <summary>The client of a non-web action, calling it with credentials written into the source.</summary>
public sealed class WhiskActionClient(HttpClient http)
{
    public async Task<string> InvokeAsync(CancellationToken cancellationToken)
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "MjNiYzQ2YjEtNzFmNi00ZWQ1LThjNTQtODE2YWE0ZjhjNTAyOjEyM3pPM3haQ0xyTU42djJCS0sxZFhZRnBYbFBrY2NPRnFtMTJDZEFzTWdSVTRWck5aOWx5R1ZDR3VNREdJd1A=");
        using var response = await http.PostAsync("https://openwhisk.example/api/v1/namespaces/_/actions/hello?blocking=true", null, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }
}
