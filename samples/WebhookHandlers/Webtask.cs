namespace WebhookHandlers;

/// <summary>
/// Golden scenario 1, "shared secret in the query string": a serverless webtask that expects its caller to append
/// <c>?secret=open-sesame</c> to the URL.
/// </summary>
public static class Webtask
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/webtask", (HttpRequest request) =>
        {
            if (request.Query["secret"] != "open-sesame")
                return Results.StatusCode(400);
            return Results.Ok("Hello from the webtask");
        });
    }
}
