using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using ActionSecurity.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

/// <summary>
/// Which unprotected handlers AS0004 reports by default, and which endpoints are public by nature.
/// </summary>
/// <remarks>
/// <para>Public by nature: a handler whose method name, controller-qualified name or route matches an entry of
/// <see cref="BuiltInPublicHandlers"/> or of <c>action_security.public_handlers</c>. An entry is</para>
/// <list type="bullet">
/// <item><c>Name</c>: the method's name (after a leading HTTP verb: <c>PostLogin</c>), its controller's name without the
/// <c>Controller</c> suffix, or one literal segment of its route, is that name (case-insensitive, <c>-</c>, <c>_</c> and
/// <c>.</c> ignored: <c>ForgotPassword</c> matches <c>forgot-password</c>);</item>
/// <item><c>Name*</c>: the method's name or a route segment starts with that name at a word boundary
/// (<c>Login*</c> matches <c>LoginWithCode</c>, not <c>Loginless</c>);</item>
/// <item><c>Type.Method</c>: that method of that type (the type's <c>Controller</c> suffix may be left out);</item>
/// <item><c>/a/b</c>: the route contains those literal segments in a row.</item>
/// </list>
/// <para>A handler that answers only GET/HEAD/OPTIONS is also public by nature when its name has the word <c>Public</c>
/// or serves an image or style sheet (<see cref="AssetWords"/>): browsers fetch those with <c>&lt;img&gt;</c> and
/// <c>&lt;link&gt;</c> tags, which send no credentials the handler could require.</para>
/// </remarks>
internal static class HandlerScope
{
    /// <summary>Login (and the pre-login lookup of key-derivation settings), logout, registration and its e-mail
    /// verification, password reset, health probes, error pages, about pages and contact forms, the first-run
    /// installation wizard, <c>.well-known</c>, the
    /// pages of the ASP.NET Core templates, and identity-protocol endpoints.</summary>
    public static readonly ImmutableArray<string> BuiltInPublicHandlers = ImmutableArray.Create(
        "Login*", "Logon*", "LogIn*", "Logout*", "Logoff*", "SignIn*", "SignOut*", "SignUp", "Register", "Registration",
        "Authenticate*", "Prelogin*", "ForgotPassword*", "ResetPassword*", "ConfirmEmail", "VerifyEmail*", "SendVerificationEmail*",
        "ResendVerificationEmail*", "AccessDenied", "LockedOut", "Lockout",
        "Forbidden", "Error", "Errors", "StatusCode", "Health*", "Healthz", "Alive", "Liveness", "Livez", "Ready",
        "Readiness", "Readyz", "Ping", "Privacy", "About*", "Contact", "ContactUs", "Install", "Installation", "WellKnown", "Home.Index", "Home.Privacy", "Home.Error",
        "WeatherForecast.Get", "/connect/token", "/connect/authorize", "/oauth/token", "/oauth2/token");

    /// <summary>Words of GET handlers that serve assets browsers load without credentials.</summary>
    private static readonly string[] AssetWords = { "image", "images", "picture", "avatar", "logo", "icon", "favicon", "thumbnail", "css", "splashscreen" };

    /// <summary>True when the handler accepts only safe methods (GET, HEAD, OPTIONS, TRACE).</summary>
    public static bool AnswersSafeMethodsOnly(Handler handler, Handlers handlers)
    {
        var types = handlers.Types;
        switch (handler.Kind)
        {
            case HandlerKind.MinimalApi:
                var endpoint = handler.Endpoint;
                if (endpoint is null)
                    return false;
                switch (endpoint.TargetMethod.Name)
                {
                    case "MapGet":
                        return true;
                    case "MapMethods":
                        var methods = endpoint.GetArgument("httpMethods")?.Value.WalkDownConversion();
                        if (methods is not IArrayCreationOperation { Initializer: { } initializer } || initializer.ElementValues.IsEmpty)
                            return false;
                        foreach (var value in initializer.ElementValues)
                        {
                            if (!IsSafeMethod(value.GetConstantString()))
                                return false;
                        }

                        return true;
                    default:
                        return false;
                }

            case HandlerKind.ControllerAction:
                if (types.IActionHttpMethodProvider is null)
                    return false;
                var any = false;
                foreach (var attribute in Controllers.HttpMethodAttributes(handler.Method, types))
                {
                    var attributeClass = attribute.AttributeClass!;
                    any = true;
                    if (attributeClass.InheritsFromOrEquals(types.HttpGetAttribute) || attributeClass.InheritsFromOrEquals(handlers.HttpHeadAttribute)
                        || attributeClass.InheritsFromOrEquals(handlers.HttpOptionsAttribute))
                        continue;
                    if (attributeClass.Name == "AcceptVerbsAttribute" && AllConstructorStringsSafe(attribute))
                        continue;
                    return false;
                }

                return any;

            default:
                return false;
        }
    }

    /// <summary>
    /// True when a controller action can be reached with GET: it names no HTTP method (MVC routes it for every method),
    /// or one of its method attributes is <c>[HttpGet]</c> or an <c>[AcceptVerbs]</c> that lists GET.
    /// </summary>
    public static bool AcceptsGet(IMethodSymbol action, Handlers handlers)
    {
        var types = handlers.Types;
        if (types.IActionHttpMethodProvider is null)
            return true;
        var any = false;
        foreach (var attribute in Controllers.HttpMethodAttributes(action, types))
        {
            any = true;
            var attributeClass = attribute.AttributeClass!;
            if (attributeClass.InheritsFromOrEquals(types.HttpGetAttribute)
                || attributeClass.Name == "AcceptVerbsAttribute" && AnyConstructorString(attribute, "GET"))
            {
                return true;
            }
        }

        return !any;
    }

    /// <summary>
    /// A controller action that names no HTTP method and renders a page: every <c>return</c> of its body (lambdas and
    /// local functions aside) answers a view, a redirect or a plain <c>NotFound()</c> (<see cref="PageAnswerOf"/>), and
    /// at least one answers a view. MVC routes such an action for every method, but a page is what a browser navigates to
    /// with GET; it is judged as a GET handler (reported next to protected siblings, not for accepting any method).
    /// </summary>
    public static bool IsVerblessPage(IMethodSymbol method, IOperation body, KnownTypes types)
    {
        if (types.IActionHttpMethodProvider is null || Controllers.NamesHttpMethod(method, types))
            return false;

        var view = false;
        var text = false;
        foreach (var operation in HandlerDisclosure.OwnOperations(body))
        {
            if (operation is not IReturnOperation { ReturnedValue: { } returned })
                continue;
            switch (PageAnswer(returned, types))
            {
                case PageAnswerKind.View:
                    view = true;
                    break;
                case PageAnswerKind.Text:
                    text = true;
                    break;
                case PageAnswerKind.Other:
                    break;
                default:
                    return false;
            }
        }

        // Constant text is a page only when the action does nothing else: an action that sends a message to every
        // user and then answers "<h1>Sent</h1>" acts on any request.
        return view || text && !HandlerDisclosure.IssuesCommand(body);
    }

    /// <summary>What a page action answers: a view, constant text, a redirect or a plain 404 (<see cref="Other"/>), or anything else.</summary>
    internal enum PageAnswerKind
    {
        None,
        View,
        Text,
        Other,
    }

    /// <summary>
    /// What a page answers, by the controller method that makes the answer and its number of arguments: <c>View</c> and
    /// <c>PartialView</c> render one; <c>Redirect…</c>, <c>LocalRedirect…</c> and a <c>NotFound()</c> without a body send
    /// the browser elsewhere. The one vocabulary of AS0004's page actions and AS0002's linked pages.
    /// </summary>
    internal static PageAnswerKind PageAnswerOf(string name, int argumentCount)
    {
        if (name is "View" or "PartialView")
            return PageAnswerKind.View;
        return name.StartsWith("Redirect", StringComparison.Ordinal) || name.StartsWith("LocalRedirect", StringComparison.Ordinal)
               || name == "NotFound" && argumentCount == 0
            ? PageAnswerKind.Other
            : PageAnswerKind.None;
    }

    private static PageAnswerKind PageAnswer(IOperation returned, KnownTypes types)
    {
        var value = returned.WalkDownConversion();
        if (value is IAwaitOperation awaited)
            value = awaited.Operation.WalkDownConversion();
        switch (value)
        {
            // A page of constant text: Content("About this site"), new ContentResult { Content = "<html>…", ContentType = "text/html" }.
            case IInvocationOperation { TargetMethod.Name: "Content" } content when content.TargetMethod.ContainingType.InheritsFromOrEquals(types.ControllerBase):
                return AllArgumentsConstant(content.Arguments) ? PageAnswerKind.Text : PageAnswerKind.None;
            case IObjectCreationOperation { Type: { Name: "ContentResult" } resultType, Arguments.IsEmpty: true } creation when IsAspNetCore(resultType.ContainingNamespace):
                return creation.Initializer is { } initializer && AllAssignmentsConstant(initializer) ? PageAnswerKind.Text : PageAnswerKind.None;
            case IInvocationOperation { TargetMethod: { } answer } when answer.ContainingType.InheritsFromOrEquals(types.ControllerBase):
                return PageAnswerOf(answer.Name, answer.Parameters.Length);

            // View(entries) where the model's type is in a package the compilation lacks: the call cannot be bound, its
            // name (called on the controller itself) still says what it answers.
            case IInvalidOperation { Syntax: Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax name } call }:
                return PageAnswerOf(name.Identifier.ValueText, call.ArgumentList.Arguments.Count);
            default:
                return PageAnswerKind.None;
        }
    }

    /// <summary>Every argument a call or constructor is given is a constant (defaulted optional parameters aside).</summary>
    internal static bool AllArgumentsConstant(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue && !argument.Value.WalkDownConversion().ConstantValue.HasValue)
                return false;
        }

        return true;
    }

    private static bool AllAssignmentsConstant(IObjectOrCollectionInitializerOperation initializer)
    {
        foreach (var member in initializer.Initializers)
        {
            if (member is not ISimpleAssignmentOperation { Value: var assigned } || !assigned.WalkDownConversion().ConstantValue.HasValue)
                return false;
        }

        return true;
    }

    private static bool AllConstructorStringsSafe(AttributeData attribute)
    {
        var any = false;
        foreach (var method in ConstructorStrings(attribute))
        {
            if (!IsSafeMethod(method))
                return false;
            any = true;
        }

        return any;
    }

    private static bool AnyConstructorString(AttributeData attribute, string method)
    {
        foreach (var value in ConstructorStrings(attribute))
        {
            if (string.Equals(value, method, StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return false;
    }

    /// <summary>The strings an attribute's constructor is given, each element of an array argument (<c>[AcceptVerbs("GET", "POST")]</c>) on its own.</summary>
    private static IEnumerable<string?> ConstructorStrings(AttributeData attribute)
    {
        foreach (var argument in attribute.ConstructorArguments)
        {
            if (argument.Kind != TypedConstantKind.Array)
            {
                yield return argument.Value as string;
                continue;
            }

            foreach (var value in argument.Values)
                yield return value.Value as string;
        }
    }

    private static bool IsSafeMethod(string? method)
        => method is not null && (string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase)
                                  || string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase)
                                  || string.Equals(method, "OPTIONS", StringComparison.OrdinalIgnoreCase)
                                  || string.Equals(method, "TRACE", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// True when the handler is a step of the authentication flow: it challenges, signs a user in or signs one out
    /// through ASP.NET Core (<c>Challenge()</c>, <c>SignIn()</c>, <c>SignOut()</c> of a controller or of
    /// <c>Results</c>, <c>HttpContext.SignInAsync</c>, <c>SignInManager</c>'s sign-in methods). Such an endpoint is a
    /// login or logout page whatever its name.
    /// </summary>
    public static bool SignsInOrOut(IOperation body, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var operation in body.DescendantsAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (operation is IInvocationOperation invocation
                && (IsSignInOrOutName(invocation.TargetMethod.Name) && DerivesFromAspNetCore(invocation.TargetMethod.ContainingType)
                    || IsSignInManager(invocation.TargetMethod.ContainingType)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// ASP.NET Core Identity's <c>SignInManager&lt;TUser&gt;</c> or a subclass: every method of it is a step of signing in
    /// (<c>GetExternalLoginInfoAsync</c> of an external login's callback, <c>MakePasskeyRequestOptionsAsync</c> of a
    /// passkey sign-in, <c>GetTwoFactorAuthenticationUserAsync</c>).
    /// </summary>
    private static bool IsSignInManager(INamedTypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current is { Name: "SignInManager", ContainingNamespace: { Name: "Identity", ContainingNamespace: { Name: "AspNetCore", ContainingNamespace.Name: "Microsoft" } } })
                return true;
        }

        return false;
    }

    /// <summary><c>Challenge</c>, and names with <c>SignIn</c>/<c>SignOut</c> (<c>PasswordSignInAsync</c>).</summary>
    private static bool IsSignInOrOutName(string name)
        => name is "Challenge" or "ChallengeAsync"
           || name.IndexOf("SignIn", StringComparison.Ordinal) >= 0
           || name.IndexOf("SignOut", StringComparison.Ordinal) >= 0;

    /// <summary>An ASP.NET Core type, or a type of the project derived from one (a custom <c>SignInManager</c>).</summary>
    private static bool DerivesFromAspNetCore(INamedTypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (IsAspNetCore(current.ContainingNamespace))
                return true;
        }

        return false;
    }

    /// <summary>True for <c>Microsoft.AspNetCore</c> and the namespaces below it.</summary>
    internal static bool IsAspNetCore(INamespaceSymbol? ns)
    {
        for (var current = ns; current is not null && !current.IsGlobalNamespace; current = current.ContainingNamespace)
        {
            if (current.Name == "AspNetCore" && current.ContainingNamespace is { Name: "Microsoft", ContainingNamespace.IsGlobalNamespace: true })
                return true;
        }

        return false;
    }

    /// <summary>Serverless and web-action handlers are public by default on their platform.</summary>
    public static bool IsServerless(HandlerKind kind)
        => kind is HandlerKind.AzureFunctionInProcess or HandlerKind.AzureFunctionWorker or HandlerKind.AwsLambda or HandlerKind.OpenWhisk;

    /// <summary>True when the handler is public by nature (see the remarks of <see cref="HandlerScope"/>).</summary>
    public static bool IsPublicByNature(Handler handler, IReadOnlyList<string> routes, bool safeOnly, ActionSecurityOptions options)
    {
        var method = handler.Method;
        var methodName = method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction ? method.Name : null;
        var names = new HandlerNames(methodName, method.ContainingType?.Name, routes);
        // The app's root page, as Home.Index is an MVC app's: app.MapGet("/", ...) or app.Map("/", ...) on the
        // WebApplication itself (a group's "/" is the group's list; a MapPost at the root receives something).
        if (handler.Kind == HandlerKind.MinimalApi && routes.Count == 1 && routes[0] is "/" or ""
            && handler.Endpoint is { Arguments.IsEmpty: false } endpoint && (safeOnly || endpoint.TargetMethod.Name == "Map")
            && endpoint.Arguments[0].Value.WalkDownConversion().Type is { Name: "WebApplication" } app && IsAspNetCore(app.ContainingNamespace))
        {
            return true;
        }

        if (safeOnly)
        {
            foreach (var word in names.MethodWords)
            {
                if (word == "public" || Array.IndexOf(AssetWords, word) >= 0)
                    return true;
            }
        }

        foreach (var entry in BuiltInEntries)
        {
            if (entry.Matches(names))
                return true;
        }

        return AnyMatches(options.PublicHandlers, names);
    }

    /// <summary>True when one of <paramref name="entries"/> (in the form of <c>action_security.public_handlers</c>)
    /// names the method, its controller or a segment of one of its routes.</summary>
    internal static bool IsListedPublic(IEnumerable<string> entries, string? methodName, string? typeName, IReadOnlyList<string> routes)
        => AnyMatches(entries, new HandlerNames(methodName, typeName, routes));

    private static bool AnyMatches(IEnumerable<string> entries, HandlerNames names)
    {
        foreach (var entry in entries)
        {
            if (PublicEntry.Parse(entry)?.Matches(names) == true)
                return true;
        }

        return false;
    }

    /// <summary><see cref="BuiltInPublicHandlers"/>, read once.</summary>
    private static readonly PublicEntry[] BuiltInEntries = ParseAll(BuiltInPublicHandlers);

    private static PublicEntry[] ParseAll(ImmutableArray<string> entries)
    {
        var parsed = new List<PublicEntry>(entries.Length);
        foreach (var entry in entries)
        {
            if (PublicEntry.Parse(entry) is { } read)
                parsed.Add(read);
        }

        return parsed.ToArray();
    }

    /// <summary>
    /// One entry of the public-handler list, read: a run of route segments (<c>/a/b</c>), a member
    /// (<c>Type.Method</c>) or a name (<c>Name</c>, <c>Name*</c>). Names and segments are kept as the concatenation of
    /// their lower-case words (<see cref="Spell"/>), the form they are compared in.
    /// </summary>
    private sealed class PublicEntry
    {
        private readonly string[]? _segments;
        private readonly string? _type;
        private readonly string? _member;
        private readonly string? _name;
        private readonly bool _prefix;

        private PublicEntry(string[]? segments, string? type, string? member, string? name, bool prefix)
        {
            _segments = segments;
            _type = type;
            _member = member;
            _name = name;
            _prefix = prefix;
        }

        /// <summary>The entry read, or null when it can match nothing (empty, or a name without words).</summary>
        public static PublicEntry? Parse(string entry)
        {
            if (entry.Length == 0)
                return null;
            if (entry[0] == '/')
            {
                var segments = Segments(entry);
                var spelled = new string[segments.Count];
                for (var i = 0; i < spelled.Length; i++)
                    spelled[i] = Spell(segments[i]);
                return new PublicEntry(spelled, null, null, null, false);
            }

            var dot = entry.LastIndexOf('.');
            if (dot > 0)
                return new PublicEntry(null, entry.Substring(0, dot), entry.Substring(dot + 1), null, false);
            var prefix = entry[entry.Length - 1] == '*';
            var name = Spell(prefix ? entry.Substring(0, entry.Length - 1) : entry);
            return name.Length == 0 ? null : new PublicEntry(null, null, null, name, prefix);
        }

        public bool Matches(HandlerNames names)
        {
            if (_segments is not null)
            {
                foreach (var route in names.RouteSegments)
                {
                    if (ContainsRun(route, _segments))
                        return true;
                }

                return false;
            }

            if (_member is not null)
            {
                if (names.MethodName is null || names.TypeName is null)
                    return false;
                return string.Equals(_member, names.MethodName, StringComparison.OrdinalIgnoreCase)
                       && (string.Equals(_type, names.TypeName, StringComparison.OrdinalIgnoreCase) || string.Equals(_type, names.ShortTypeName, StringComparison.OrdinalIgnoreCase));
            }

            foreach (var spellings in names.Spellings)
            {
                if (spellings.Length == 0)
                    continue;
                if (_prefix ? Array.IndexOf(spellings, _name) >= 0 : spellings[spellings.Length - 1] == _name)
                    return true;
            }

            return false;
        }

        private static bool ContainsRun(string[] segments, string[] wanted)
        {
            for (var start = 0; start + wanted.Length <= segments.Length; start++)
            {
                var all = true;
                for (var i = 0; i < wanted.Length && all; i++)
                    all = string.Equals(segments[start + i], wanted[i], StringComparison.Ordinal);
                if (all)
                    return true;
            }

            return false;
        }
    }

    /// <summary>
    /// A handler's names as entries see them, read once for all entries: the method's name (and without a leading HTTP
    /// verb: <c>PostLogin</c> is <c>Login</c>), its controller's name without the <c>Controller</c> suffix, and each
    /// literal segment of its routes, each as its spellings after each word (<c>LoginWithCode</c>: <c>login</c>,
    /// <c>loginwith</c>, <c>loginwithcode</c>), so a name entry matches the last and a prefix entry (<c>Login*</c>) any.
    /// </summary>
    private sealed class HandlerNames
    {
        public HandlerNames(string? methodName, string? typeName, IReadOnlyList<string> routes)
        {
            MethodName = methodName;
            TypeName = typeName;
            ShortTypeName = typeName is not null && typeName.EndsWith("Controller", StringComparison.Ordinal)
                ? typeName.Substring(0, typeName.Length - "Controller".Length)
                : typeName;
            MethodWords = methodName is null ? new List<string>() : Words(methodName);
            if (methodName is not null)
            {
                Spellings.Add(SpellingsOf(MethodWords, 0));
                if (MethodWords.Count > 1 && MethodWords[0] is "get" or "post" or "put" or "patch" or "delete" or "head")
                    Spellings.Add(SpellingsOf(MethodWords, 1));
            }

            // A controller named after the entry (LoginController) is public as a whole.
            if (typeName is not null && ShortTypeName is { Length: > 0 } controllerName && controllerName.Length < typeName.Length)
                Spellings.Add(SpellingsOf(Words(controllerName), 0));
            foreach (var route in routes)
            {
                var segments = Segments(route);
                var spelled = new string[segments.Count];
                for (var i = 0; i < spelled.Length; i++)
                {
                    var spellings = SpellingsOf(Words(segments[i]), 0);
                    Spellings.Add(spellings);
                    spelled[i] = spellings.Length == 0 ? string.Empty : spellings[spellings.Length - 1];
                }

                RouteSegments.Add(spelled);
            }
        }

        public string? MethodName { get; }

        public string? TypeName { get; }

        /// <summary>The type's name without a <c>Controller</c> suffix (<c>Home</c> of <c>HomeController</c>).</summary>
        public string? ShortTypeName { get; }

        /// <summary>The lower-case words of the method's name.</summary>
        public List<string> MethodWords { get; }

        /// <summary>Each name's spellings after each of its words.</summary>
        public List<string[]> Spellings { get; } = new();

        /// <summary>Each route's literal segments, spelled (<see cref="Spell"/>).</summary>
        public List<string[]> RouteSegments { get; } = new();

        private static string[] SpellingsOf(List<string> words, int first)
        {
            var spellings = new string[words.Count - first];
            var built = string.Empty;
            for (var i = first; i < words.Count; i++)
            {
                built += words[i];
                spellings[i - first] = built;
            }

            return spellings;
        }
    }

    /// <summary>A name as the concatenation of its lower-case words: <c>forgot-password</c> and <c>ForgotPassword</c>
    /// are both <c>forgotpassword</c>.</summary>
    private static string Spell(string name) => string.Concat(Words(name));

    /// <summary>The literal segments of a route template; parameters (<c>{id}</c>) are left out.</summary>
    private static List<string> Segments(string route)
    {
        var result = new List<string>();
        foreach (var part in route.Split('/'))
        {
            var segment = part.Trim();
            if (segment.Length == 0 || segment.IndexOf('{') >= 0 || segment == "~")
                continue;
            result.Add(segment);
        }

        return result;
    }

    /// <summary>Lower-case words of a name, split on camelCase, between letters and digits, and on separators.</summary>
    private static List<string> Words(string name)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= name.Length; i++)
        {
            var c = i < name.Length ? name[i] : ' ';
            var boundary = !char.IsLetterOrDigit(c)
                           || (start >= 0 && i > start && char.IsDigit(c) != char.IsDigit(name[i - 1]))
                           || (start >= 0 && char.IsUpper(c) && i > start && !char.IsUpper(name[i - 1]))
                           || (start >= 0 && char.IsUpper(c) && i + 1 < name.Length && char.IsLower(name[i + 1]) && i > start && char.IsUpper(name[i - 1]));
            if (boundary && start >= 0)
            {
                words.Add(name.Substring(start, i - start).ToLowerInvariant());
                start = -1;
            }

            if (char.IsLetterOrDigit(c) && start < 0)
                start = i;
        }

        return words;
    }
}
