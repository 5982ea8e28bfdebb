using System.Threading.Tasks;
using Xunit;
using Verify = ActionSecurity.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ActionSecurity.Analyzers.Rules.UnauthenticatedHandlerAnalyzer,
    ActionSecurity.Analyzers.CodeFixes.Rules.UnauthenticatedHandlerCodeFixProvider>;

namespace ActionSecurity.Analyzers.Tests.Rules;

/// <summary>
/// AS0004's default scope and handlers whose answer holds nothing to abuse: embedded files of the app, one app-wide
/// scalar that no input selects, and pure functions of their input.
/// </summary>
public sealed partial class AS0004UnauthenticatedHandlerTests
{
    private const string Store = """

        public interface IStore
        {
            bool SharingEnabled { get; }
            string ReleaseChannel { get; }
            string ApiKey { get; }
            int Count { get; }
            string NameOf(int id);
            System.Collections.Generic.List<string> All();
            void Purge();
            System.Threading.Tasks.Task<string> FetchAsync(string url);
        }
        """;

    [Fact]
    public Task DoesNotReport_GET_actions_that_answer_an_app_wide_flag_or_an_embedded_file_next_to_protected_ones() => Verify.VerifyAnalyzerAsync(
        """
        using System.IO;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        public sealed class SharingController : ControllerBase
        {
            private readonly IStore _store;

            public SharingController(IStore store) => _store = store;

            [Authorize]
            [HttpPost("sharing")]
            public IActionResult Share() => Ok();

            [HttpGet("sharing/enabled")]
            public ActionResult<bool> Enabled() => _store.SharingEnabled;

            [HttpGet("sharing/page")]
            public IActionResult Page([FromQuery] string name)
            {
                Stream page = typeof(SharingController).Assembly.GetManifestResourceStream("pages." + name);
                if (page is null)
                    return NotFound();
                return File(page, "text/html");
            }
        }
        """ + Store);

    [Fact]
    public Task DoesNotReport_actions_without_a_verb_that_compute_a_version_or_are_pure_functions() => Verify.VerifyAnalyzerAsync(
        """
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        public sealed class ReleasesController : Controller
        {
            private readonly IStore _store;

            public ReleasesController(IStore store) => _store = store;

            [Authorize]
            public IActionResult Index() => View();

            public async Task<IActionResult> Latest(CancellationToken cancellationToken)
            {
                var text = await _store.FetchAsync("https://releases.example/latest");
                if (text.Length == 0)
                    return new JsonResult("-");
                return new JsonResult(text.Trim());
            }

            public int[] ParseIds(string list) => list.Split(',').Select(int.Parse).ToArray();
        }
        """ + Store);

    [Fact]
    public Task Reports_GET_actions_that_answer_records_a_secret_or_a_value_chosen_by_the_caller() => Verify.VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;

        public sealed class RecordsController : ControllerBase
        {
            private readonly IStore _store;

            public RecordsController(IStore store) => _store = store;

            [Authorize]
            [HttpGet("records/audit")]
            public IActionResult Audit() => Ok();

            [HttpGet("records")]
            public ActionResult<List<string>> [|All|]() => _store.All();

            [HttpGet("records/key")]
            public ActionResult<string> [|Key|]() => _store.ApiKey;

            [HttpGet("records/{id}/name")]
            public ActionResult<string> [|Name|](int id) => _store.NameOf(id);
        }
        """ + Store);

    [Fact]
    public Task Reports_an_action_without_a_verb_that_issues_a_command_before_answering_a_count() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Mvc;

        public sealed class MaintenanceController : Controller
        {
            private readonly IStore _store;

            public MaintenanceController(IStore store) => _store = store;

            public int [|Purge|]()
            {
                _store.Purge();
                return _store.Count;
            }

            public int [|Reset|](string reason) => reason.Length + _store.Count;
        }
        """ + Store);

    [Fact]
    public Task DoesNotReport_actions_that_act_only_in_the_Development_environment() => Verify.VerifyAnalyzerAsync(
        """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Hosting;

        public interface ISeeder
        {
            Task SeedAsync();
            void Generate(string[] tables);
        }

        public sealed class Reply
        {
            public bool Done { get; set; }
            public string Message { get; set; } = "";
        }

        public sealed class ToolsController : ControllerBase
        {
            private readonly IWebHostEnvironment _env;
            private readonly ISeeder _seeder;

            public ToolsController(IWebHostEnvironment env, ISeeder seeder) => (_env, _seeder) = (env, seeder);

            [HttpPost("tools/seed")]
            public async Task<IActionResult> Seed()
            {
                if (!_env.IsDevelopment())
                    return NotFound();
                await _seeder.SeedAsync();
                return Ok();
            }

            [HttpPost("tools/generate")]
            public IActionResult Generate([FromBody] string[] tables, string schema = null)
            {
                schema = schema == null ? "main".ToUpperInvariant() : schema;
                var reply = new Reply();
                if (_env.IsDevelopment())
                {
                    _seeder.Generate(tables);
                    reply.Done = true;
                }
                else
                {
                    reply.Message = "Code generation runs in development only: " + schema;
                }

                return Ok(reply);
            }

            [HttpPost("tools/reseed")]
            public async Task<IActionResult> [|Reseed|]()
            {
                await _seeder.SeedAsync();
                if (!_env.IsDevelopment())
                    return NotFound();
                return Ok();
            }

            [HttpPost("tools/regenerate")]
            public IActionResult [|Regenerate|]([FromBody] string[] tables)
            {
                if (!_env.IsProduction())
                    _seeder.Generate(tables);
                return Ok();
            }

            [HttpPost("tools/generate-some")]
            public IActionResult [|GenerateSome|]([FromBody] string[] tables)
            {
                if (_env.IsDevelopment())
                    _seeder.Generate(tables);
                else
                    _seeder.Generate(new[] { "audit" });
                return Ok();
            }

            [HttpPost("tools/generate-all")]
            public IActionResult [|GenerateAll|]([FromBody] string[] tables)
            {
                if (_env.IsDevelopment())
                    _seeder.Generate(tables);
                _seeder.Generate(new[] { "audit" });
                return Ok();
            }
        }
        """);

    [Fact]
    public Task DoesNotReport_endpoints_mapped_only_in_the_Development_environment() => Verify.VerifyAnalyzerAsync(
        """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Hosting;

        public static class Program
        {
            public static void Main(string[] args)
            {
                var app = WebApplication.CreateBuilder(args).Build();
                if (app.Environment.IsDevelopment())
                {
                    app.MapPost("/reset-db", () => Results.NoContent());
                }

                if (!app.Environment.IsDevelopment())
                    app.[|MapPost|]("/purge", () => Results.NoContent());
                else
                    app.MapPost("/seed", () => Results.NoContent());

                if (app.Environment.IsProduction())
                    app.[|MapPost|]("/warm-up", () => Results.NoContent());
                app.Run();
            }
        }
        """);
}
