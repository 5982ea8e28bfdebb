using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

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

    private static bool MayBeVerifierName(string name)
        => name is "ConstructEvent" or "ValidateSignature" or "Validate" or "IsValidRequest" or "Verify" or "ProcessAsync" or "VerifyRequest";

    private static bool Matches(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null)
            return false;
        foreach (var entry in Methods)
        {
            var dot = entry.LastIndexOf('.');
            if (entry.Length - dot - 1 == method.Name.Length
                && string.CompareOrdinal(entry, dot + 1, method.Name, 0, method.Name.Length) == 0
                && Handlers.IsFullName(type, entry, dot))
            {
                return true;
            }
        }

        return false;
    }
}
