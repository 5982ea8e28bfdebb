using System;
using System.Collections.Generic;
using System.Text;

namespace ActionSecurity.Benchmarks.Generator;

/// <summary>Writes one business module: models, options, repository, service, controller, minimal-API group,
/// webhook receiver, functions-style handlers and DI registration. Mistakes are planted at <see cref="ProjectGenerator.MistakeRate"/>.</summary>
internal sealed class ModuleWriter
{
    private readonly Random _rng;
    private readonly MistakeLog _log;
    private readonly string _lower;
    private readonly string _upper;
    private readonly string _ns;

    public ModuleWriter(string name, Random rng, MistakeLog log)
    {
        Name = name;
        _rng = rng;
        _log = log;
        _lower = name.ToLowerInvariant();
        _upper = name.ToUpperInvariant();
        _ns = "Contoso.Commerce.Modules." + name;
    }

    public string Name { get; }

    private string? _handlers;

    public void WriteModuleFiles(List<GeneratedFile> files, bool handlersInOwnFiles)
    {
        var dir = "Modules/" + Name + "/";
        files.Add(new GeneratedFile(dir + Name + "Models.cs", FileScoped(ModelsUsings, Models())));
        files.Add(new GeneratedFile(dir + Name + "Options.cs", FileScoped("", Options())));
        files.Add(new GeneratedFile(dir + Name + "Repository.cs", FileScoped(RepositoryUsings, Repository())));
        files.Add(new GeneratedFile(dir + Name + "Service.cs", FileScoped(ServiceUsings, Service())));
        files.Add(new GeneratedFile(dir + Name + "Module.cs", FileScoped(ModuleUsings, ModuleRegistration())));
        var controller = Controller();
        var endpoints = Endpoints();
        var webhook = Webhook();
        var functions = Functions();
        var lambda = Lambda();
        if (handlersInOwnFiles)
        {
            files.Add(new GeneratedFile(dir + Name + "Controller.cs", FileScoped(Usings.Handlers, controller)));
            files.Add(new GeneratedFile(dir + Name + "Endpoints.cs", FileScoped(Usings.Handlers, endpoints)));
            files.Add(new GeneratedFile(dir + Name + "WebhookReceiver.cs", FileScoped(Usings.Handlers, webhook)));
            files.Add(new GeneratedFile(dir + Name + "Functions.cs", FileScoped(Usings.Handlers, functions + "\n" + lambda)));
        }
        else
        {
            _handlers = controller + "\n" + endpoints + "\n" + webhook + "\n" + functions + "\n" + lambda;
        }
    }

    public string HandlerClasses() => _handlers ?? throw new InvalidOperationException("module files not written yet");

    private string FileScoped(string usings, string body) =>
        usings + (usings.Length > 0 ? "\n" : "") + "namespace " + _ns + ";\n\n" + body;

    private bool Mistake(string rule)
    {
        if (_rng.NextDouble() >= ProjectGenerator.MistakeRate)
            return false;
        _log.Add(rule);
        return true;
    }

    private string FakeSecret(string prefix)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        var sb = new StringBuilder(prefix);
        for (var i = 0; i < 28; i++)
            sb.Append(alphabet[_rng.Next(alphabet.Length)]);
        return sb.ToString();
    }

    private const string ModelsUsings = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel.DataAnnotations;
        """;

    private string Models()
    {
        var extra = new StringBuilder();
        var extraCount = _rng.Next(2, 9);
        for (var i = 0; i < extraCount; i++)
        {
            extra.Append((i % 4) switch
            {
                0 => $"    public int Quantity{i} {{ get; set; }}\n",
                1 => $"    public string? Reference{i} {{ get; set; }}\n",
                2 => $"    public decimal Rate{i} {{ get; set; }}\n",
                _ => $"    public bool Flag{i} {{ get; set; }}\n",
            });
        }

        return $$"""
            public enum {{Name}}Status
            {
                Draft,
                Active,
                Suspended,
                Archived,
            }

            public sealed class {{Name}}Entity
            {
                public int Id { get; set; }

                public string Name { get; set; } = string.Empty;

                public string? Description { get; set; }

                public decimal Amount { get; set; }

                public string Currency { get; set; } = "EUR";

                public {{Name}}Status Status { get; set; }

                public DateTimeOffset CreatedAt { get; set; }

                public DateTimeOffset? UpdatedAt { get; set; }

                public string OwnerId { get; set; } = string.Empty;

                public List<string> Tags { get; set; } = new();

                public Dictionary<string, string> Preferences { get; set; } = new(StringComparer.Ordinal);

            {{extra}}}

            public sealed record {{Name}}Dto(
                int Id,
                string Name,
                string? Description,
                decimal Amount,
                string Currency,
                string Status,
                DateTimeOffset CreatedAt,
                IReadOnlyList<string> Tags);

            public sealed record Create{{Name}}Request(
                [property: Required, StringLength(200)] string Name,
                string? Description,
                [property: Range(0, 1_000_000)] decimal Amount,
                string Currency,
                IReadOnlyList<string>? Tags);

            public sealed record Update{{Name}}Request(string? Name, string? Description, decimal? Amount, {{Name}}Status? Status);

            public sealed record {{Name}}Page(IReadOnlyList<{{Name}}Dto> Items, int Page, int PageSize, int Total);

            public sealed record {{Name}}Event(string Type, int Id, DateTimeOffset OccurredAt, string? Detail);

            public static class {{Name}}Mapping
            {
                public static {{Name}}Dto ToDto(this {{Name}}Entity entity) =>
                    new(entity.Id, entity.Name, entity.Description, entity.Amount, entity.Currency, entity.Status.ToString(), entity.CreatedAt, entity.Tags);

                public static IReadOnlyList<string> Validate(Create{{Name}}Request request)
                {
                    var errors = new List<string>();
                    if (string.IsNullOrWhiteSpace(request.Name))
                        errors.Add("Name is required.");
                    else if (request.Name.Length > 200)
                        errors.Add("Name is too long.");
                    if (request.Amount < 0)
                        errors.Add("Amount must not be negative.");
                    if (request.Currency is null || request.Currency.Length != 3)
                        errors.Add("Currency must be a three-letter ISO code.");
                    if (request.Tags is { Count: > 20 })
                        errors.Add("At most 20 tags are allowed.");
                    return errors;
                }

                public static void Apply(this {{Name}}Entity entity, Update{{Name}}Request request, DateTimeOffset now)
                {
                    if (!string.IsNullOrWhiteSpace(request.Name))
                        entity.Name = request.Name.Trim();
                    if (request.Description is not null)
                        entity.Description = request.Description.Length == 0 ? null : request.Description;
                    if (request.Amount is { } amount && amount >= 0)
                        entity.Amount = amount;
                    if (request.Status is { } status)
                        entity.Status = status;
                    entity.UpdatedAt = now;
                }
            }

            """;
    }

    private string Options()
    {
        var apiKey = Mistake("AS0001") ? $"\"{FakeSecret("ak_live_")}\"" : "string.Empty";
        var webhookSecret = Mistake("AS0001") ? $"\"{FakeSecret("whsec_")}\"" : "string.Empty";
        return $$"""
            /// <summary>Settings of the {{Name}} module, bound from the "{{Name}}" configuration section.</summary>
            public sealed class {{Name}}Options
            {
                public const string SectionName = "{{Name}}";

                public string BaseUrl { get; set; } = "https://{{_lower}}.internal.example";

                public int TimeoutSeconds { get; set; } = {{_rng.Next(5, 61)}};

                public int RetryCount { get; set; } = {{_rng.Next(1, 6)}};

                public int PageSize { get; set; } = {{_rng.Next(2, 11) * 10}};

                public string ApiKey { get; set; } = {{apiKey}};

                public string WebhookSecret { get; set; } = {{webhookSecret}};

                public bool EnableAudit { get; set; } = true;

                public string[] AllowedCurrencies { get; set; } = { "EUR", "USD", "GBP" };
            }

            """;
    }

    private const string RepositoryUsings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        """;

    private string Repository()
    {
        var extra = new StringBuilder();
        var count = _rng.Next(2, 6);
        for (var i = 0; i < count; i++)
        {
            extra.Append((i % 3) switch
            {
                0 => $$"""

                        public Task<IReadOnlyList<{{Name}}Entity>> ListByStatus{{i}}Async({{Name}}Status status, int take, CancellationToken ct)
                        {
                            ct.ThrowIfCancellationRequested();
                            IReadOnlyList<{{Name}}Entity> items = _items.Values
                                .Where(e => e.Status == status)
                                .OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
                                .Take(take)
                                .ToList();
                            return Task.FromResult(items);
                        }

                    """,
                1 => $$"""

                        public Task<decimal> TotalAmount{{i}}Async(string currency, CancellationToken ct)
                        {
                            ct.ThrowIfCancellationRequested();
                            var total = _items.Values
                                .Where(e => string.Equals(e.Currency, currency, StringComparison.OrdinalIgnoreCase))
                                .Sum(e => e.Amount);
                            return Task.FromResult(total);
                        }

                    """,
                _ => $$"""

                        public Task<IReadOnlyDictionary<string, int>> CountByTag{{i}}Async(CancellationToken ct)
                        {
                            ct.ThrowIfCancellationRequested();
                            IReadOnlyDictionary<string, int> counts = _items.Values
                                .SelectMany(e => e.Tags)
                                .GroupBy(t => t, StringComparer.OrdinalIgnoreCase)
                                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
                            return Task.FromResult(counts);
                        }

                    """,
            });
        }

        return $$"""
            public interface I{{Name}}Repository
            {
                Task<{{Name}}Entity?> FindAsync(int id, CancellationToken ct);

                Task<IReadOnlyList<{{Name}}Entity>> ListAsync(int page, int pageSize, string? search, CancellationToken ct);

                Task<int> CountAsync(string? search, CancellationToken ct);

                Task<{{Name}}Entity> AddAsync({{Name}}Entity entity, CancellationToken ct);

                Task<bool> UpdateAsync({{Name}}Entity entity, CancellationToken ct);

                Task<bool> DeleteAsync(int id, CancellationToken ct);
            }

            public sealed class InMemory{{Name}}Repository : I{{Name}}Repository
            {
                private readonly ConcurrentDictionary<int, {{Name}}Entity> _items = new();
                private int _nextId;

                public Task<{{Name}}Entity?> FindAsync(int id, CancellationToken ct)
                {
                    ct.ThrowIfCancellationRequested();
                    return Task.FromResult(_items.TryGetValue(id, out var entity) ? entity : null);
                }

                public Task<IReadOnlyList<{{Name}}Entity>> ListAsync(int page, int pageSize, string? search, CancellationToken ct)
                {
                    ct.ThrowIfCancellationRequested();
                    IReadOnlyList<{{Name}}Entity> items = Filter(search)
                        .OrderByDescending(e => e.CreatedAt)
                        .ThenBy(e => e.Id)
                        .Skip(Math.Max(0, page - 1) * pageSize)
                        .Take(pageSize)
                        .ToList();
                    return Task.FromResult(items);
                }

                public Task<int> CountAsync(string? search, CancellationToken ct)
                {
                    ct.ThrowIfCancellationRequested();
                    return Task.FromResult(Filter(search).Count());
                }

                public Task<{{Name}}Entity> AddAsync({{Name}}Entity entity, CancellationToken ct)
                {
                    ct.ThrowIfCancellationRequested();
                    entity.Id = Interlocked.Increment(ref _nextId);
                    _items[entity.Id] = entity;
                    return Task.FromResult(entity);
                }

                public Task<bool> UpdateAsync({{Name}}Entity entity, CancellationToken ct)
                {
                    ct.ThrowIfCancellationRequested();
                    if (!_items.ContainsKey(entity.Id))
                        return Task.FromResult(false);
                    _items[entity.Id] = entity;
                    return Task.FromResult(true);
                }

                public Task<bool> DeleteAsync(int id, CancellationToken ct)
                {
                    ct.ThrowIfCancellationRequested();
                    return Task.FromResult(_items.TryRemove(id, out _));
                }
            {{extra}}
                private IEnumerable<{{Name}}Entity> Filter(string? search)
                {
                    IEnumerable<{{Name}}Entity> query = _items.Values;
                    if (!string.IsNullOrWhiteSpace(search))
                    {
                        query = query.Where(e =>
                            e.Name.Contains(search, StringComparison.OrdinalIgnoreCase)
                            || (e.Description?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false)
                            || e.Tags.Contains(search, StringComparer.OrdinalIgnoreCase));
                    }

                    return query;
                }
            }

            """;
    }

    private const string ServiceUsings = """
        using System;
        using System.Collections.Generic;
        using System.Globalization;
        using System.Linq;
        using System.Net.Http;
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;
        using Microsoft.Extensions.Options;
        """;

    private string Service()
    {
        var authHeader = Mistake("AS0001")
            ? $"message.Headers.TryAddWithoutValidation(\"Authorization\", \"Bearer {FakeSecret("tok_")}\");"
            : "message.Headers.TryAddWithoutValidation(\"X-Api-Key\", options.ApiKey);";
        var logKey = Mistake("AS0008")
            ? "_logger.LogDebug(\"Calling {Url} with api key {ApiKey}\", options.BaseUrl, options.ApiKey);"
            : "_logger.LogDebug(\"Calling {Url} for {Name} {Id}\", options.BaseUrl, nameof(" + Name + "Entity), id);";
        var extra = new StringBuilder();
        var count = _rng.Next(2, 7);
        for (var i = 0; i < count; i++)
        {
            extra.Append((i % 3) switch
            {
                0 => $$"""

                        public decimal CalculateDiscount{{i}}({{Name}}Dto item, int loyaltyYears)
                        {
                            var rate = loyaltyYears switch
                            {
                                <= 0 => 0m,
                                < 3 => 0.02m,
                                < 5 => 0.05m,
                                _ => 0.08m,
                            };
                            if (item.Tags.Contains("vip", StringComparer.OrdinalIgnoreCase))
                                rate += 0.02m;
                            var discount = Math.Round(item.Amount * rate, 2, MidpointRounding.ToEven);
                            _logger.LogTrace("Discount {Discount} for {{Name}} {Id}", discount, item.Id);
                            return discount;
                        }

                    """,
                1 => $$"""

                        public string FormatSummary{{i}}({{Name}}Dto item, CultureInfo culture)
                        {
                            var amount = item.Amount.ToString("N2", culture);
                            var tags = item.Tags.Count == 0 ? "-" : string.Join(", ", item.Tags.OrderBy(t => t, StringComparer.Ordinal));
                            return string.Format(culture, "{0} #{1}: {2} {3} [{4}] ({5})", nameof({{Name}}Entity), item.Id, amount, item.Currency, tags, item.Status);
                        }

                    """,
                _ => $$"""

                        public async Task<int> Archive{{i}}Async(DateTimeOffset olderThan, CancellationToken ct)
                        {
                            var archived = 0;
                            var page = 1;
                            while (true)
                            {
                                var items = await _repository.ListAsync(page++, 100, null, ct).ConfigureAwait(false);
                                if (items.Count == 0)
                                    break;
                                foreach (var entity in items.Where(e => e.CreatedAt < olderThan && e.Status != {{Name}}Status.Archived))
                                {
                                    entity.Status = {{Name}}Status.Archived;
                                    entity.UpdatedAt = _clock.GetUtcNow();
                                    if (await _repository.UpdateAsync(entity, ct).ConfigureAwait(false))
                                        archived++;
                                }
                            }

                            _logger.LogInformation("Archived {Count} {Name} items older than {Date}", archived, nameof({{Name}}Entity), olderThan);
                            return archived;
                        }

                    """,
            });
        }

        return $$"""
            public interface I{{Name}}Service
            {
                Task<{{Name}}Dto?> GetAsync(int id, CancellationToken ct);

                Task<{{Name}}Page> ListAsync(int page, int pageSize, string? search, CancellationToken ct);

                Task<({{Name}}Dto? Created, IReadOnlyList<string> Errors)> CreateAsync(Create{{Name}}Request request, string ownerId, CancellationToken ct);

                Task<{{Name}}Dto?> UpdateAsync(int id, Update{{Name}}Request request, CancellationToken ct);

                Task<bool> DeleteAsync(int id, CancellationToken ct);

                Task<bool> SyncAsync(int id, CancellationToken ct);

                Task<bool> SetPreferenceAsync(int id, string key, string value, CancellationToken ct);

                Task HandleWebhookAsync(string payload, CancellationToken ct);
            }

            public sealed class {{Name}}Service : I{{Name}}Service
            {
                private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

                private readonly I{{Name}}Repository _repository;
                private readonly ILogger<{{Name}}Service> _logger;
                private readonly IOptions<{{Name}}Options> _options;
                private readonly IHttpClientFactory _httpClientFactory;
                private readonly TimeProvider _clock;

                public {{Name}}Service(
                    I{{Name}}Repository repository,
                    ILogger<{{Name}}Service> logger,
                    IOptions<{{Name}}Options> options,
                    IHttpClientFactory httpClientFactory,
                    TimeProvider clock)
                {
                    _repository = repository;
                    _logger = logger;
                    _options = options;
                    _httpClientFactory = httpClientFactory;
                    _clock = clock;
                }

                public async Task<{{Name}}Dto?> GetAsync(int id, CancellationToken ct)
                {
                    var entity = await _repository.FindAsync(id, ct).ConfigureAwait(false);
                    if (entity is null)
                    {
                        _logger.LogDebug("{Name} {Id} was not found", nameof({{Name}}Entity), id);
                        return null;
                    }

                    return entity.ToDto();
                }

                public async Task<{{Name}}Page> ListAsync(int page, int pageSize, string? search, CancellationToken ct)
                {
                    page = Math.Max(1, page);
                    pageSize = Math.Clamp(pageSize, 1, _options.Value.PageSize);
                    var items = await _repository.ListAsync(page, pageSize, search, ct).ConfigureAwait(false);
                    var total = await _repository.CountAsync(search, ct).ConfigureAwait(false);
                    return new {{Name}}Page(items.Select(e => e.ToDto()).ToList(), page, pageSize, total);
                }

                public async Task<({{Name}}Dto? Created, IReadOnlyList<string> Errors)> CreateAsync(Create{{Name}}Request request, string ownerId, CancellationToken ct)
                {
                    var errors = {{Name}}Mapping.Validate(request);
                    if (errors.Count > 0)
                    {
                        _logger.LogInformation("Rejected a new {Name}: {Errors}", nameof({{Name}}Entity), string.Join("; ", errors));
                        return (null, errors);
                    }

                    if (!_options.Value.AllowedCurrencies.Contains(request.Currency, StringComparer.OrdinalIgnoreCase))
                        return (null, new[] { "Currency is not accepted." });

                    var entity = new {{Name}}Entity
                    {
                        Name = request.Name.Trim(),
                        Description = request.Description,
                        Amount = request.Amount,
                        Currency = request.Currency.ToUpperInvariant(),
                        Status = {{Name}}Status.Draft,
                        CreatedAt = _clock.GetUtcNow(),
                        OwnerId = ownerId,
                        Tags = request.Tags?.Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? new List<string>(),
                    };
                    entity = await _repository.AddAsync(entity, ct).ConfigureAwait(false);
                    _logger.LogInformation("Created {Name} {Id} for {Owner}", nameof({{Name}}Entity), entity.Id, ownerId);
                    return (entity.ToDto(), Array.Empty<string>());
                }

                public async Task<{{Name}}Dto?> UpdateAsync(int id, Update{{Name}}Request request, CancellationToken ct)
                {
                    var entity = await _repository.FindAsync(id, ct).ConfigureAwait(false);
                    if (entity is null)
                        return null;
                    entity.Apply(request, _clock.GetUtcNow());
                    await _repository.UpdateAsync(entity, ct).ConfigureAwait(false);
                    _logger.LogInformation("Updated {Name} {Id}", nameof({{Name}}Entity), id);
                    return entity.ToDto();
                }

                public async Task<bool> DeleteAsync(int id, CancellationToken ct)
                {
                    var deleted = await _repository.DeleteAsync(id, ct).ConfigureAwait(false);
                    if (deleted)
                        _logger.LogWarning("Deleted {Name} {Id}", nameof({{Name}}Entity), id);
                    return deleted;
                }

                public async Task<bool> SyncAsync(int id, CancellationToken ct)
                {
                    var entity = await _repository.FindAsync(id, ct).ConfigureAwait(false);
                    if (entity is null)
                        return false;
                    var options = _options.Value;
                    var client = _httpClientFactory.CreateClient(nameof({{Name}}Service));
                    client.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
                    for (var attempt = 1; attempt <= options.RetryCount; attempt++)
                    {
                        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(options.BaseUrl), "sync/" + id.ToString(CultureInfo.InvariantCulture)));
                        {{authHeader}}
                        message.Content = new StringContent(JsonSerializer.Serialize(entity.ToDto(), JsonOptions), System.Text.Encoding.UTF8, "application/json");
                        {{logKey}}
                        try
                        {
                            using var response = await client.SendAsync(message, ct).ConfigureAwait(false);
                            if (response.IsSuccessStatusCode)
                                return true;
                            _logger.LogWarning("Sync of {Name} {Id} failed with {Status} (attempt {Attempt})", nameof({{Name}}Entity), id, (int)response.StatusCode, attempt);
                        }
                        catch (HttpRequestException ex)
                        {
                            _logger.LogWarning(ex, "Sync of {Name} {Id} failed (attempt {Attempt})", nameof({{Name}}Entity), id, attempt);
                        }

                        await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), ct).ConfigureAwait(false);
                    }

                    return false;
                }

                public async Task<bool> SetPreferenceAsync(int id, string key, string value, CancellationToken ct)
                {
                    var entity = await _repository.FindAsync(id, ct).ConfigureAwait(false);
                    if (entity is null || key.Length > 64)
                        return false;
                    entity.Preferences[key] = value;
                    return await _repository.UpdateAsync(entity, ct).ConfigureAwait(false);
                }

                public async Task HandleWebhookAsync(string payload, CancellationToken ct)
                {
                    var evt = JsonSerializer.Deserialize<{{Name}}Event>(payload, JsonOptions);
                    if (evt is null)
                    {
                        _logger.LogWarning("Ignored an empty {Name} webhook", nameof({{Name}}Entity));
                        return;
                    }

                    var entity = await _repository.FindAsync(evt.Id, ct).ConfigureAwait(false);
                    if (entity is null)
                        return;
                    entity.Status = evt.Type switch
                    {
                        "activated" => {{Name}}Status.Active,
                        "suspended" => {{Name}}Status.Suspended,
                        "archived" => {{Name}}Status.Archived,
                        _ => entity.Status,
                    };
                    entity.UpdatedAt = evt.OccurredAt;
                    await _repository.UpdateAsync(entity, ct).ConfigureAwait(false);
                    _logger.LogInformation("Applied {Type} to {Name} {Id}", evt.Type, nameof({{Name}}Entity), evt.Id);
                }
            {{extra}}}

            """;
    }

    private const string ModuleUsings = """
        using System;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        """;

    private string ModuleRegistration() => $$"""
        public static class {{Name}}Module
        {
            public static IServiceCollection Add{{Name}}Module(this IServiceCollection services, IConfiguration configuration)
            {
                ArgumentNullException.ThrowIfNull(configuration);
                services.Configure<{{Name}}Options>(configuration.GetSection({{Name}}Options.SectionName));
                services.AddSingleton<I{{Name}}Repository, InMemory{{Name}}Repository>();
                services.AddScoped<I{{Name}}Service, {{Name}}Service>();
                services.AddScoped<{{Name}}Functions>();
                services.AddSingleton<{{Name}}LambdaHandler>();
                services.AddHttpClient(nameof({{Name}}Service));
                return services;
            }
        }

        """;

    // ---------------------------------------------------------------- handlers

    private string Controller()
    {
        var authorize = Mistake("AS0004") ? "" : "[Authorize]\n";
        var exportKeyParam = Mistake("AS0002")
            ? "[FromQuery(Name = \"api_key\")] string? apiKey"
            : "[FromHeader(Name = \"X-Export-Key\")] string? apiKey";
        string exportCheck;
        if (Mistake("AS0003"))
        {
            exportCheck = """
                if (apiKey != expected)
                            return Unauthorized();
                """;
        }
        else if (Mistake("AS0006"))
        {
            exportCheck = """
                if (!string.IsNullOrEmpty(expected) && !SecretComparer.FixedTimeEquals(apiKey, expected))
                            return Unauthorized();
                """;
        }
        else
        {
            var failure = Mistake("AS0007") ? "BadRequest(\"invalid key\")" : "Unauthorized()";
            exportCheck = $$"""
                if (string.IsNullOrEmpty(expected) || !SecretComparer.FixedTimeEquals(apiKey, expected))
                            return {{failure}};
                """;
        }

        string preferenceCookie;
        if (Mistake("AS0009"))
            preferenceCookie = "Response.Cookies.Append(\"" + _lower + "_view\", view);";
        else if (Mistake("AS0005"))
            preferenceCookie = "Response.Cookies.Append(\"" + _lower + "_view\", view, new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict });";
        else
            preferenceCookie = "_logger.LogDebug(\"Stored view preference {View} for {Id}\", view, id);";

        return $$"""
            [ApiController]
            [Route("api/{{_lower}}")]
            {{authorize}}public sealed class {{Name}}Controller : ControllerBase
            {
                private readonly I{{Name}}Service _service;
                private readonly ILogger<{{Name}}Controller> _logger;
                private readonly IConfiguration _configuration;

                public {{Name}}Controller(I{{Name}}Service service, ILogger<{{Name}}Controller> logger, IConfiguration configuration)
                {
                    _service = service;
                    _logger = logger;
                    _configuration = configuration;
                }

                [HttpGet]
                public async Task<ActionResult<{{Name}}Page>> List([FromQuery] int page = 1, [FromQuery] int pageSize = 20, [FromQuery] string? search = null, CancellationToken ct = default)
                {
                    if (page < 1 || pageSize < 1)
                        return BadRequest(new ProblemDetails { Title = "Invalid paging", Status = StatusCodes.Status400BadRequest });
                    var result = await _service.ListAsync(page, pageSize, search, ct);
                    return Ok(result);
                }

                [HttpGet("{id:int}")]
                public async Task<ActionResult<{{Name}}Dto>> Get(int id, CancellationToken ct)
                {
                    var item = await _service.GetAsync(id, ct);
                    return item is null ? NotFound() : Ok(item);
                }

                [HttpPost]
                public async Task<ActionResult<{{Name}}Dto>> Create([FromBody] Create{{Name}}Request request, CancellationToken ct)
                {
                    var owner = User.Identity?.Name ?? "anonymous";
                    var (created, errors) = await _service.CreateAsync(request, owner, ct);
                    if (created is null)
                    {
                        foreach (var error in errors)
                            ModelState.AddModelError(nameof(request), error);
                        return ValidationProblem(ModelState);
                    }

                    return CreatedAtAction(nameof(Get), new { id = created.Id }, created);
                }

                [HttpPut("{id:int}")]
                public async Task<ActionResult<{{Name}}Dto>> Update(int id, [FromBody] Update{{Name}}Request request, CancellationToken ct)
                {
                    var updated = await _service.UpdateAsync(id, request, ct);
                    if (updated is null)
                        return NotFound();
                    _logger.LogInformation("User {User} updated {Name} {Id}", User.Identity?.Name, nameof({{Name}}Entity), id);
                    return Ok(updated);
                }

                [HttpDelete("{id:int}")]
                [Authorize(Roles = "Admin")]
                public async Task<IActionResult> Delete(int id, CancellationToken ct)
                {
                    return await _service.DeleteAsync(id, ct) ? NoContent() : NotFound();
                }

                [HttpPost("{id:int}/preferences/view")]
                public async Task<IActionResult> SetView(int id, [FromForm] string view, CancellationToken ct)
                {
                    if (string.IsNullOrWhiteSpace(view) || view.Length > 32)
                        return BadRequest();
                    if (!await _service.SetPreferenceAsync(id, "view", view, ct))
                        return NotFound();
                    {{preferenceCookie}}
                    return NoContent();
                }

                [HttpGet("export")]
                [AllowAnonymous]
                public async Task<IActionResult> Export({{exportKeyParam}}, [FromQuery] int page = 1, CancellationToken ct = default)
                {
                    var expected = _configuration["{{Name}}:ExportKey"];
                    {{exportCheck}}
                    var result = await _service.ListAsync(page, 100, null, ct);
                    var lines = result.Items.Select(i => string.Join(',', i.Id, i.Name, i.Amount, i.Currency, i.Status));
                    return File(Encoding.UTF8.GetBytes(string.Join('\n', lines)), "text/csv", "{{_lower}}.csv");
                }
            }

            """;
    }

    private string Endpoints()
    {
        var requireAuth = Mistake("AS0004") ? "" : "\n            .RequireAuthorization()";
        var provided = Mistake("AS0002")
            ? "request.Query[\"secret\"].ToString()"
            : "request.Headers[\"X-Action-Secret\"].ToString()";
        var expected = Mistake("AS0001")
            ? $"\"{FakeSecret("sync_")}\""
            : $"configuration[\"{Name}:SyncSecret\"]";
        string check;
        if (Mistake("AS0003"))
        {
            check = """
                if (provided != expected)
                            return Results.Unauthorized();
                """;
        }
        else if (Mistake("AS0006"))
        {
            check = """
                if (expected is not null && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided), Encoding.UTF8.GetBytes(expected)))
                            return Results.Unauthorized();
                """;
        }
        else
        {
            var failure = Mistake("AS0007") ? "Results.StatusCode(StatusCodes.Status400BadRequest)" : "Results.Unauthorized()";
            check = $$"""
                if (string.IsNullOrEmpty(expected)
                            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided), Encoding.UTF8.GetBytes(expected)))
                            return {{failure}};
                """;
        }

        var log = Mistake("AS0008")
            ? "logger.LogInformation(\"Sync requested for {Id} with secret {Secret}\", id, provided);"
            : "logger.LogInformation(\"Sync requested for {Id}\", id);";

        return $$"""
            public static class {{Name}}Endpoints
            {
                public static IEndpointRouteBuilder Map{{Name}}Endpoints(this IEndpointRouteBuilder app)
                {
                    var group = app.MapGroup("/v2/{{_lower}}")
                        .WithTags("{{Name}}"){{requireAuth}};

                    group.MapGet("/", ListAsync);
                    group.MapGet("/{id:int}", GetAsync).WithName("Get{{Name}}V2");
                    group.MapPost("/", CreateAsync);
                    group.MapPut("/{id:int}", UpdateAsync);
                    group.MapDelete("/{id:int}", DeleteAsync).RequireAuthorization("admin");

                    app.MapGet("/v2/{{_lower}}/health", () => Results.Ok(new { status = "ok", module = "{{Name}}" })).AllowAnonymous();
                    app.MapPost("/internal/{{_lower}}/sync/{id:int}", SyncAsync);
                    return app;
                }

                private static async Task<IResult> ListAsync(int? page, int? pageSize, string? search, I{{Name}}Service service, CancellationToken ct)
                {
                    var result = await service.ListAsync(page ?? 1, pageSize ?? 20, search, ct);
                    return Results.Ok(result);
                }

                private static async Task<IResult> GetAsync(int id, I{{Name}}Service service, CancellationToken ct)
                {
                    var item = await service.GetAsync(id, ct);
                    return item is null ? Results.NotFound() : Results.Ok(item);
                }

                private static async Task<IResult> CreateAsync(Create{{Name}}Request request, HttpContext context, I{{Name}}Service service, CancellationToken ct)
                {
                    var owner = context.User.Identity?.Name ?? "anonymous";
                    var (created, errors) = await service.CreateAsync(request, owner, ct);
                    if (created is null)
                        return Results.ValidationProblem(new Dictionary<string, string[]> { ["request"] = errors.ToArray() });
                    return Results.Created($"/v2/{{_lower}}/{created.Id}", created);
                }

                private static async Task<IResult> UpdateAsync(int id, Update{{Name}}Request request, I{{Name}}Service service, CancellationToken ct)
                {
                    var updated = await service.UpdateAsync(id, request, ct);
                    return updated is null ? Results.NotFound() : Results.Ok(updated);
                }

                private static async Task<IResult> DeleteAsync(int id, I{{Name}}Service service, CancellationToken ct)
                {
                    return await service.DeleteAsync(id, ct) ? Results.NoContent() : Results.NotFound();
                }

                private static async Task<IResult> SyncAsync(int id, HttpRequest request, IConfiguration configuration, I{{Name}}Service service, ILogger<{{Name}}Service> logger, CancellationToken ct)
                {
                    var provided = {{provided}};
                    var expected = {{expected}};
                    {{check}}
                    {{log}}
                    var synced = await service.SyncAsync(id, ct);
                    return synced ? Results.Accepted() : Results.NotFound();
                }
            }

            """;
    }

    private string Webhook()
    {
        var unprotected = Mistake("AS0004");
        var signature = Mistake("AS0002")
            ? "Request.Query[\"signature\"].ToString()"
            : "Request.Headers[\"X-Hub-Signature-256\"].ToString()";
        string check;
        if (unprotected)
        {
            check = "// TODO: verify the signature once the provider supports it.";
        }
        else if (Mistake("AS0003"))
        {
            check = """
                var computed = "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload))).ToLowerInvariant();
                        if (computed != signature)
                            return Unauthorized();
                """;
        }
        else if (Mistake("AS0006"))
        {
            check = """
                if (!string.IsNullOrEmpty(secret))
                        {
                            var computed = "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload))).ToLowerInvariant();
                            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(computed), Encoding.UTF8.GetBytes(signature)))
                                return Unauthorized();
                        }
                """;
        }
        else
        {
            var failure = Mistake("AS0007") ? "BadRequest(\"bad signature\")" : "Unauthorized()";
            var log = Mistake("AS0008")
                ? "_logger.LogWarning(\"Rejected {Name} webhook: got {Signature}, expected {Expected}\", nameof(" + Name + "Entity), signature, computed);"
                : "_logger.LogWarning(\"Rejected a {Name} webhook with a bad signature\", nameof(" + Name + "Entity));";
            check = $$"""
                if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(signature))
                            return {{failure}};
                        var computed = "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload))).ToLowerInvariant();
                        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(computed), Encoding.UTF8.GetBytes(signature)))
                        {
                            {{log}}
                            return {{failure}};
                        }
                """;
        }

        return $$"""
            [ApiController]
            [Route("webhooks/{{_lower}}")]
            public sealed class {{Name}}WebhookReceiver : ControllerBase
            {
                private readonly I{{Name}}Service _service;
                private readonly ILogger<{{Name}}WebhookReceiver> _logger;
                private readonly IOptionsMonitor<{{Name}}Options> _options;

                public {{Name}}WebhookReceiver(I{{Name}}Service service, ILogger<{{Name}}WebhookReceiver> logger, IOptionsMonitor<{{Name}}Options> options)
                {
                    _service = service;
                    _logger = logger;
                    _options = options;
                }

                [HttpPost]
                public async Task<IActionResult> Receive(CancellationToken ct)
                {
                    using var reader = new StreamReader(Request.Body, Encoding.UTF8);
                    var payload = await reader.ReadToEndAsync(ct);
                    var signature = {{signature}};
                    var secret = _options.CurrentValue.WebhookSecret;
                    {{check}}
                    if (payload.Length > 1_000_000)
                        return StatusCode(StatusCodes.Status413PayloadTooLarge);
                    await _service.HandleWebhookAsync(payload, ct);
                    _logger.LogInformation("Accepted a {Name} webhook of {Length} bytes", nameof({{Name}}Entity), payload.Length);
                    return Ok();
                }
            }

            """;
    }

    private string Functions()
    {
        var getLevel = Mistake("AS0004") ? "AuthorizationLevel.Anonymous" : "AuthorizationLevel.Function";
        var provided = Mistake("AS0002")
            ? "req.Query[\"secret\"] ?? string.Empty"
            : "req.Headers.TryGetValues(\"X-Action-Secret\", out var values) ? values.FirstOrDefault() ?? string.Empty : string.Empty";
        var compare = Mistake("AS0003")
            ? "provided != expected"
            : "!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided), Encoding.UTF8.GetBytes(expected))";
        var guard = Mistake("AS0006") ? "expected is not null && " + compare : "string.IsNullOrEmpty(expected) || " + compare;
        var failure = Mistake("AS0007") ? "HttpStatusCode.BadRequest" : "HttpStatusCode.Unauthorized";
        var cookie = Mistake("AS0005")
            ? "response.Cookies.Append(\"" + _lower + "_session\", Guid.NewGuid().ToString(\"N\"));"
            : "response.Headers.Add(\"Cache-Control\", \"no-store\");";

        return $$"""
            public sealed class {{Name}}Functions
            {
                private readonly I{{Name}}Service _service;
                private readonly ILogger<{{Name}}Functions> _logger;

                public {{Name}}Functions(I{{Name}}Service service, ILogger<{{Name}}Functions> logger)
                {
                    _service = service;
                    _logger = logger;
                }

                [Function("{{Name}}Get")]
                public async Task<HttpResponseData> GetAsync(
                    [HttpTrigger({{getLevel}}, "get", Route = "{{_lower}}/{id:int}")] HttpRequestData req,
                    int id,
                    CancellationToken ct)
                {
                    var item = await _service.GetAsync(id, ct);
                    if (item is null)
                        return req.CreateResponse(HttpStatusCode.NotFound);
                    var response = req.CreateResponse(HttpStatusCode.OK);
                    response.Headers.Add("Content-Type", "application/json");
                    await response.WriteStringAsync(JsonSerializer.Serialize(item), ct);
                    return response;
                }

                [Function("{{Name}}Notify")]
                public async Task<HttpResponseData> NotifyAsync(
                    [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "{{_lower}}/notify")] HttpRequestData req,
                    CancellationToken ct)
                {
                    var provided = {{provided}};
                    var expected = Environment.GetEnvironmentVariable("{{_upper}}_NOTIFY_SECRET");
                    if ({{guard}})
                        return req.CreateResponse({{failure}});
                    using var reader = new StreamReader(req.Body, Encoding.UTF8);
                    var payload = await reader.ReadToEndAsync(ct);
                    await _service.HandleWebhookAsync(payload, ct);
                    _logger.LogInformation("Notification for {Name} handled", nameof({{Name}}Entity));
                    var response = req.CreateResponse(HttpStatusCode.Accepted);
                    {{cookie}}
                    return response;
                }
            }

            """;
    }

    private string Lambda()
    {
        var body = Mistake("AS0004")
            ? "// Public on the API gateway; the caller is trusted."
            : $$"""
                string? provided = null;
                        request.Headers?.TryGetValue("x-action-secret", out provided);
                        var expected = Environment.GetEnvironmentVariable("{{_upper}}_LAMBDA_SECRET");
                        if (string.IsNullOrEmpty(expected) || provided is null
                            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided), Encoding.UTF8.GetBytes(expected)))
                            return new APIGatewayProxyResponse { StatusCode = 401 };
                """;
        var idSource = Mistake("AS0002")
            ? "request.QueryStringParameters?.TryGetValue(\"token\", out var token) == true ? token : null"
            : "request.PathParameters?.TryGetValue(\"id\", out var raw) == true ? raw : null";

        return $$"""
            public sealed class {{Name}}LambdaHandler
            {
                private readonly I{{Name}}Service _service;

                public {{Name}}LambdaHandler(I{{Name}}Service service)
                {
                    _service = service;
                }

                public async Task<APIGatewayProxyResponse> HandleAsync(APIGatewayProxyRequest request, ILambdaContext context)
                {
                    {{body}}
                    var idText = {{idSource}};
                    if (!int.TryParse(idText, out var id))
                        return new APIGatewayProxyResponse { StatusCode = 400, Body = "{\"error\":\"id\"}" };
                    var item = await _service.GetAsync(id, CancellationToken.None);
                    context.Logger.LogLine("Handled " + context.AwsRequestId);
                    return item is null
                        ? new APIGatewayProxyResponse { StatusCode = 404 }
                        : new APIGatewayProxyResponse
                        {
                            StatusCode = 200,
                            Body = JsonSerializer.Serialize(item),
                            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
                        };
                }
            }

            """;
    }
}
