using System.Security.Cryptography;
using System.Text;

namespace WebhookHandlers;

/// <summary>
/// A GitHub webhook receiver as it is often written: the signature is checked with <c>==</c> and written to the log, and
/// the HMAC key falls back to an empty one when the secret is not configured (AS0006), so anyone can sign a delivery.
/// </summary>
public static class GitHubWebhook
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/github", async (HttpRequest request, ILogger<Program> logger) =>
        {
            using var reader = new StreamReader(request.Body);
            var payload = await reader.ReadToEndAsync();
            var signature = request.Headers["X-Hub-Signature-256"].ToString();
            logger.LogInformation("Delivery signed with {Signature}", signature);

            var key = Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("GITHUB_WEBHOOK_SECRET") ?? "");
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload)));
            if (signature != expected)
                return Results.Unauthorized();
            return Results.Ok();
        });
    }
}
