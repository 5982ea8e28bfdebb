using Microsoft.AspNetCore.Mvc;

namespace WebhookHandlers;

/// <summary>
/// Golden scenario 2, "action secret header": a GraphQL engine calls this action webhook and sends the secret it was
/// configured with in the ACTION_SECRET header.
/// </summary>
[ApiController]
public sealed class ActionsController : ControllerBase
{
    public sealed record CreateUserInput(string Name, string Email);

    [HttpPost("/actions/create-user")]
    public IActionResult CreateUser([FromBody] CreateUserInput input)
    {
        if (Request.Headers["ACTION_SECRET"] == Environment.GetEnvironmentVariable("ACTION_SECRET"))
            return Ok(new { id = Guid.NewGuid(), input.Name });
        return StatusCode(403);
    }
}
