using WebhookHandlers;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddControllers();
builder.Services.AddHttpClient<WhiskActionClient>();

var app = builder.Build();

app.MapControllers();
Webtask.Map(app);
SessionAction.Map(app);
GitHubWebhook.Map(app);

app.Run();
