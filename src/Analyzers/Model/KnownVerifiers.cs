using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ActionSecurity.Analyzers.Model;

/// <summary>
/// Methods of third-party SDKs that verify a request's signature or token: a handler that hands the request to one of
/// them is protected. Matched by symbol: the containing type's full metadata name and the method's name, through
/// overrides and interface implementations. Users add their own with <c>action_security.auth_methods</c>; the list is
/// documented in docs/rules/AS0004.md.
/// </summary>
internal static class KnownVerifiers
{
    /// <summary><c>Namespace.Type.Method</c> of every known verifier.</summary>
    public static readonly ImmutableArray<string> Methods = ImmutableArray.Create(
        // Stripe: the webhook signature (Stripe-Signature header) is checked before the event is parsed.
        "Stripe.EventUtility.ConstructEvent",
        "Stripe.EventUtility.ValidateSignature",

        // Twilio: the X-Twilio-Signature header.
        "Twilio.Security.RequestValidator.Validate",
        "Twilio.AspNet.Core.RequestValidationHelper.IsValidRequest",

        // Svix and Standard Webhooks: webhook-signature headers.
        "Svix.Webhook.Verify",
        "StandardWebhooks.StandardWebhook.Verify",

        // GitHub webhooks (Octokit.Webhooks): the X-Hub-Signature-256 header, checked with the secret it is given.
        "Octokit.Webhooks.WebhookSignatureValidator.Verify",

        // Bot Framework: the adapter authenticates the channel's JWT before it runs the bot.
        "Microsoft.Bot.Builder.Integration.AspNet.Core.IBotFrameworkHttpAdapter.ProcessAsync",
        "Microsoft.Bot.Builder.Integration.AspNet.Core.BotFrameworkHttpAdapter.ProcessAsync",
        "Microsoft.Bot.Builder.Integration.AspNet.Core.CloudAdapter.ProcessAsync",

        // Telegram: a Mini App's initData or a Login Widget request, checked against the bot token (throws when forged).
        "Telegram.Bot.AuthHelpers.ParseValidateData",

        // Slack: the X-Slack-Signature header, checked with the signing secret.
        "Slack.NetStandard.RequestVerifier.Verify",
        "SlackNet.AspNetCore.SlackRequestVerifier.VerifyRequest");

    /// <summary>True when <paramref name="method"/> (or a method it overrides or implements) is in the catalogue.</summary>
    public static bool IsVerifier(IMethodSymbol method)
    {
        if (!MayBeVerifierName(method.Name))
            return false;
        for (var current = method.OriginalDefinition; current is not null; current = current.OverriddenMethod)
        {
            if (Matches(current))
                return true;
        }

        var type = method.ContainingType;
        if (type is null)
            return false;
        foreach (var candidate in type.AllInterfaces)
        {
            foreach (var member in candidate.GetMembers(method.Name))
            {
                if (member is IMethodSymbol interfaceMethod && Matches(interfaceMethod)
                    && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(interfaceMethod), method.OriginalDefinition))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A call the compiler could not bind because the SDK's package is missing from the compilation (a project read
    /// without its packages, or one whose restore failed) that names a verifier of the catalogue: the method's name and
    /// its receiver's type name, or the type name it is called on (<c>EventUtility.ConstructEvent(json, signature,
    /// secret)</c>), match an entry. The namespace cannot be read, so the type's simple name stands for it: the analyzer
    /// cannot see what the call does, and a handler that seems to verify is not reported.
    /// </summary>
    public static bool IsUnresolvedVerifierCall(IInvalidOperation invalid)
    {
        if (invalid.Syntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access })
            return false;
        var name = access.Name.Identifier.ValueText;
        if (!MayBeVerifierName(name))
            return false;
        string? typeName = null;
        foreach (var child in invalid.Descendants())
        {
            if (child.Syntax == access.Expression && child.Type is { Name.Length: > 0 } type)
            {
                typeName = type.Name;
                break;
            }
        }

        typeName ??= access.Expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            _ => null,
        };
        if (string.IsNullOrEmpty(typeName))
            return false;
        foreach (var entry in Methods)
        {
            var dot = entry.LastIndexOf('.');
            var typeDot = entry.LastIndexOf('.', dot - 1);
            if (IsSegment(entry, dot + 1, entry.Length, name) && IsSegment(entry, typeDot + 1, dot, typeName!))
                return true;
        }

        return false;
    }

    /// <summary>True when <c>entry[start..end]</c> is <paramref name="name"/>.</summary>
    private static bool IsSegment(string entry, int start, int end, string name)
        => end - start == name.Length && string.CompareOrdinal(entry, start, name, 0, name.Length) == 0;

    /// <summary>The method names the catalogue's entries end in: a cheap first test, kept in step with <see cref="Methods"/>.</summary>
    private static readonly ImmutableHashSet<string> MethodNames = NamesOf(Methods);

    private static ImmutableHashSet<string> NamesOf(ImmutableArray<string> entries)
    {
        var names = ImmutableHashSet.CreateBuilder<string>(System.StringComparer.Ordinal);
        foreach (var entry in entries)
            names.Add(entry.Substring(entry.LastIndexOf('.') + 1));
        return names.ToImmutable();
    }

    private static bool MayBeVerifierName(string name) => MethodNames.Contains(name);

    private static bool Matches(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null)
            return false;
        foreach (var entry in Methods)
        {
            var dot = entry.LastIndexOf('.');
            if (IsSegment(entry, dot + 1, entry.Length, method.Name) && Handlers.IsFullName(type, entry, dot))
            {
                return true;
            }
        }

        return false;
    }
}
