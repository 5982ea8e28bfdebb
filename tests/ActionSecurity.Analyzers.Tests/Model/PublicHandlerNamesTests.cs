using ActionSecurity.Analyzers.Model;
using Xunit;

namespace ActionSecurity.Analyzers.Tests.Model;

/// <summary>How an entry of the public-handler list (built in, or <c>action_security.public_handlers</c>) matches a
/// handler's method name, controller name and routes.</summary>
public sealed class PublicHandlerNamesTests
{
    [Theory]
    // A name: the whole method name, case and separators aside; a leading HTTP verb is not part of the name.
    [InlineData("SignUp", "SignUp", true)]
    [InlineData("SignUp", "signup", true)]
    [InlineData("SignUp", "Sign_Up", true)]
    [InlineData("SignUp", "PostSignUp", true)]
    [InlineData("SignUp", "SignUpNow", false)]
    [InlineData("SignUp", "UserSignUp", false)]
    [InlineData("Ping", "PING", true)]
    [InlineData("Ping", "Ping2", false)]
    // A prefix: the method name's first words spell the entry, at a word boundary.
    [InlineData("Login*", "Login", true)]
    [InlineData("Login*", "LoginWithCode", true)]
    [InlineData("Login*", "PostLogin", true)]
    [InlineData("Login*", "GetLoginPage", true)]
    [InlineData("Login*", "Loginless", false)]
    [InlineData("Login*", "UserLogin", false)]
    [InlineData("Login*", "Get", false)]
    [InlineData("ForgotPassword*", "forgot_password_confirm", true)]
    [InlineData("Health*", "Healthz", false)]
    [InlineData("Health*", "HealthCheck", true)]
    // Degenerate entries match nothing.
    [InlineData("", "Login", false)]
    [InlineData("*", "Login", false)]
    [InlineData("-", "Login", false)]
    public void Matches_method_names(string entry, string method, bool expected)
        => Assert.Equal(expected, HandlerScope.IsListedPublic(new[] { entry }, method, "OrdersController", new string[0]));

    [Theory]
    [InlineData("Register", "RegisterController", true)]
    [InlineData("Register", "registercontroller", false)]
    [InlineData("Register*", "RegisterUserController", true)]
    [InlineData("Register", "Register", false)]
    [InlineData("Register", "RegistrationController", false)]
    [InlineData("Register", "Controller", false)]
    public void Matches_controller_names_without_their_suffix(string entry, string type, bool expected)
        => Assert.Equal(expected, HandlerScope.IsListedPublic(new[] { entry }, "Index", type, new string[0]));

    [Theory]
    [InlineData("ForgotPassword*", "/account/forgot-password", true)]
    [InlineData("ForgotPassword*", "account/forgot-password/{token}", true)]
    [InlineData("Login*", "/users/{login}", false)]
    [InlineData("Health*", "/health/ready", true)]
    [InlineData("Health*", "/healthz", false)]
    [InlineData("WellKnown", "/.well-known/openid-configuration", true)]
    [InlineData("Error", "~/error", true)]
    [InlineData("Error", "/errors", false)]
    public void Matches_literal_route_segments(string entry, string route, bool expected)
        => Assert.Equal(expected, HandlerScope.IsListedPublic(new[] { entry }, null, null, new[] { route }));

    [Theory]
    [InlineData("/connect/token", "/connect/token", true)]
    [InlineData("/connect/token", "api/Connect/Token/{id}", true)]
    [InlineData("/connect/token", "/connect/authorize", false)]
    [InlineData("/connect/token", "/token/connect", false)]
    [InlineData("/oauth2/token", "/oauth2/token", true)]
    [InlineData("/oauth2/token", "/oauth/token", false)]
    [InlineData("/status", "/Status", true)]
    [InlineData("/status", "/status-page", false)]
    public void Matches_route_entries_as_a_run_of_segments(string entry, string route, bool expected)
        => Assert.Equal(expected, HandlerScope.IsListedPublic(new[] { entry }, "Index", "HomeController", new[] { "/other", route }));

    [Theory]
    [InlineData("Home.Index", "HomeController", "Index", true)]
    [InlineData("Home.Index", "Home", "Index", true)]
    [InlineData("home.index", "HomeController", "INDEX", true)]
    [InlineData("HomeController.Index", "HomeController", "Index", true)]
    [InlineData("Home.Index", "HomeController", "Privacy", false)]
    [InlineData("Home.Index", "HomepageController", "Index", false)]
    [InlineData("Home.Index", "HomeController", null, false)]
    [InlineData("Home.Index", null, "Index", false)]
    public void Matches_type_and_method_entries(string entry, string? type, string? method, bool expected)
        => Assert.Equal(expected, HandlerScope.IsListedPublic(new[] { entry }, method, type, new[] { "/home/index" }));

    [Fact]
    public void Any_entry_of_the_list_may_match()
    {
        var entries = new[] { "/status", "Beacon.Collect", "Ping" };
        Assert.True(HandlerScope.IsListedPublic(entries, "Collect", "BeaconController", new string[0]));
        Assert.True(HandlerScope.IsListedPublic(entries, "Get", "StatusController", new[] { "/status" }));
        Assert.False(HandlerScope.IsListedPublic(entries, "Collect", "OrdersController", new[] { "/orders" }));
    }

    [Theory]
    [InlineData("ResetPassword", null, "/account/reset-password", true)]
    [InlineData("PostLogin", null, null, true)]
    [InlineData("Index", "HomeController", null, true)]
    [InlineData("Token", null, "/connect/token", true)]
    [InlineData("Get", "WeatherForecastController", null, true)]
    [InlineData("Update", "OrdersController", "/orders/{id}", false)]
    [InlineData("Logging", "SettingsController", "/settings/logging", false)]
    public void Built_in_entries_cover_the_authentication_flow_and_probes(string method, string? type, string? route, bool expected)
        => Assert.Equal(expected, HandlerScope.IsListedPublic(
            HandlerScope.BuiltInPublicHandlers, method, type, route is null ? new string[0] : new[] { route }));
}
