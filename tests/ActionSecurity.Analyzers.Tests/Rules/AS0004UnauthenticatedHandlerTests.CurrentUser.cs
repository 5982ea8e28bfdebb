using System.Threading.Tasks;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.UnauthenticatedHandlerAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.UnauthenticatedHandlerCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

/// <summary>
/// AS0004 and handlers that act for the app's own current user: a storefront gives every caller, a guest included, an
/// account of its own, and a cart or a wish list is that caller's own whoever calls.
/// </summary>
public sealed partial class AS0004UnauthenticatedHandlerTests
{
    private const string Shop = """

        public sealed class Shopper
        {
            public long Id { get; set; }
            public string Language { get; set; }
        }

        public interface IShopContext
        {
            System.Threading.Tasks.Task<Shopper> GetCurrentUserAsync();
        }

        public interface IBasket
        {
            System.Threading.Tasks.Task AddAsync(long shopperId, long productId, int quantity);
            System.Threading.Tasks.Task ClearAllAsync();
        }
        """;

    [Fact]
    public Task DoesNotReport_actions_that_work_on_the_current_users_own_data() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        public sealed class BasketController : Controller
        {
            private readonly IShopContext _shop;
            private readonly IBasket _basket;

            public BasketController(IShopContext shop, IBasket basket)
            {
                _shop = shop;
                _basket = basket;
            }

            [Authorize(Roles = "admin")]
            [HttpGet("basket/all")]
            public IActionResult All() => Ok();

            [HttpPost("basket/items")]
            public async Task<IActionResult> Add(long productId, int quantity)
            {
                var shopper = await _shop.GetCurrentUserAsync();
                await _basket.AddAsync(shopper.Id, productId, quantity);
                return Ok();
            }

            [HttpPost("basket/language")]
            public async Task<IActionResult> Language(string language)
            {
                var shopper = await _shop.GetCurrentUserAsync();
                shopper.Language = language;
                return NoContent();
            }

            [HttpPost("basket/quick-add")]
            public async Task<IActionResult> QuickAdd(long productId)
            {
                await _basket.AddAsync((await _shop.GetCurrentUserAsync()).Id, productId, 1);
                return Ok();
            }
        }
        """ + Shop);

    [Fact]
    public Task DoesNotReport_an_endpoint_that_uses_a_current_user_service() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public interface ICurrentUserService
        {
            long? UserId { get; }
        }

        public static class Api
        {
            public static void Map(WebApplication app)
            {
                app.MapPost("/basket/{productId}", async (long productId, ICurrentUserService me, IBasket basket) =>
                {
                    await basket.AddAsync(me.UserId ?? 0, productId, 1);
                    return Results.Ok();
                });
            }
        }
        """ + Shop);

    [Fact]
    public Task Reports_actions_that_only_log_or_drop_the_current_user() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Logging;

        public sealed class MaintenanceController : Controller
        {
            private readonly IShopContext _shop;
            private readonly IBasket _basket;
            private readonly ILogger<MaintenanceController> _logger;

            public MaintenanceController(IShopContext shop, IBasket basket, ILogger<MaintenanceController> logger)
            {
                _shop = shop;
                _basket = basket;
                _logger = logger;
            }

            [HttpPost("baskets/clear")]
            public async Task<IActionResult> [|Clear|]()
            {
                var shopper = await _shop.GetCurrentUserAsync();
                _logger.LogInformation("Baskets cleared by {Shopper}", shopper);
                await _basket.ClearAllAsync();
                return Ok();
            }

            [HttpPost("baskets/purge")]
            public async Task<IActionResult> [|Purge|]()
            {
                await _shop.GetCurrentUserAsync();
                await _basket.ClearAllAsync();
                return Ok();
            }
        }
        """ + Shop);
}
