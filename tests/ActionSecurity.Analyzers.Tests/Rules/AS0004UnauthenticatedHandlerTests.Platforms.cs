using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ActionSecurity.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.UnauthenticatedHandlerAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.UnauthenticatedHandlerCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

/// <summary>
/// AS0004 on storefront and CMS platforms read on real code: permission filters that a shared library declares, and
/// MVC page actions that name no HTTP method.
/// </summary>
public sealed partial class AS0004UnauthenticatedHandlerTests
{
    /// <summary>
    /// A platform library, compiled apart and referenced as an assembly: filter attributes whose filter class is private,
    /// so this compilation cannot read what they do.
    /// </summary>
    private static MetadataReference PlatformLibrary()
    {
        const string source = """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.Filters;

            namespace Platform.Web
            {
                public sealed class StoreAccessAttribute : TypeFilterAttribute
                {
                    public StoreAccessAttribute() : base(typeof(StoreAccessFilter)) { }

                    private sealed class StoreAccessFilter : IAsyncAuthorizationFilter
                    {
                        public Task OnAuthorizationAsync(AuthorizationFilterContext context)
                        {
                            if (context.HttpContext.User.Identity?.IsAuthenticated != true)
                                context.Result = new RedirectToActionResult("Login", "Account", null);
                            return Task.CompletedTask;
                        }
                    }
                }

                [StoreAccess]
                public abstract class StorefrontController : Controller
                {
                }
            }
            """;
        var compilation = CSharpCompilation.Create(
            "Platform.Web",
            new[] { CSharpSyntaxTree.ParseText(source) },
            ReferenceSets.Get(ReferenceSet.AspNetCore),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics.Select(d => d.ToString())));
        return MetadataReference.CreateFromImage(image.ToArray(), filePath: "/Platform.Web.dll");
    }

    [Fact]
    public Task Stays_silent_under_a_filter_attribute_whose_filter_a_referenced_library_hides()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using Microsoft.AspNetCore.Mvc;
                using Platform.Web;

                public sealed class CartController : StorefrontController
                {
                    [HttpPost("cart/items")]
                    public IActionResult Add(int productId) => Json(productId);
                }

                [StoreAccess]
                public sealed class WishlistController : Controller
                {
                    [HttpPost("wishlist/items")]
                    public IActionResult Add(int productId) => Json(productId);
                }

                public sealed class OrdersController : Controller
                {
                    [HttpPost("orders/cancel")]
                    public IActionResult [|Cancel|](int orderId) => Json(orderId);
                }

                public static class Program
                {
                    public static void Main(string[] args)
                    {
                        var app = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args).Build();
                        Microsoft.AspNetCore.Builder.ControllerEndpointRouteBuilderExtensions.MapControllers(app);
                        app.Run();
                    }
                }
                """,
        };
        test.AdditionalReferences.Add(PlatformLibrary());
        return test.RunAsync();
    }

    [Fact]
    public Task Judges_a_page_action_without_a_verb_as_a_GET() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        public sealed class BrandController : Controller
        {
            public IActionResult Detail(long id)
            {
                if (id <= 0)
                    return NotFound();
                if (id == 1)
                    return RedirectToAction(nameof(Detail), new { id = 2 });
                return View(id);
            }

            public IActionResult [|Archive|](long id)
            {
                if (id <= 0)
                    return Json(id);
                return View(id);
            }
        }

        public sealed class PageController : Controller
        {
            public IActionResult [|Show|](long id) => View(id);

            [Authorize]
            public IActionResult Edit(long id) => View(id);
        }
        """);
}
