using System;
using System.Linq;
using System.Composition;
using System.Threading;
using ActionSecurity.Analyzers.CodeFixes.Infrastructure;
using ActionSecurity.Analyzers.CodeFixes.Syntax;
using ActionSecurity.Analyzers.Infrastructure;
using ActionSecurity.Analyzers.Model;
using ActionSecurity.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActionSecurity.Analyzers.CodeFixes.Rules;

/// <summary>AS0002: reads the secret from a request header instead of the query string.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(QueryStringSecretCodeFixProvider)), Shared]
public sealed class QueryStringSecretCodeFixProvider : ActionSecurityCodeFixProvider
{
    private const string Title = "Read the secret from a request header";
    private static readonly string Key = EquivalenceKeys.For(DiagnosticIds.QueryStringSecret, "ReadFromHeader");

    public QueryStringSecretCodeFixProvider()
        : base(Title, Key, DiagnosticIds.QueryStringSecret)
    {
    }

    private protected override bool CanFix(FixRequest request, Diagnostic diagnostic)
        => Plan(request.Root, request.Model, request.Document.Project.AnalyzerOptions, diagnostic, request.CancellationToken) is not null;

    private protected override void Apply(FixPass pass, Diagnostic diagnostic)
    {
        var editor = pass.Editor;
        var cancellationToken = pass.CancellationToken;
        var plan = Plan(editor.OriginalRoot, editor.SemanticModel, editor.OriginalDocument.Project.AnalyzerOptions, diagnostic, cancellationToken);
        if (plan is null)
            return;
        var rewrite = plan.Rewrite;
        editor.ReplaceNode(plan.Target, (current, _) => rewrite(current).WithTriviaFrom(current));
    }

    /// <summary>The node to replace and how, or null when no sound header read can be written here.</summary>
    private static FixPlan? Plan(
        SyntaxNode root, SemanticModel model, AnalyzerOptions analyzerOptions, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var configured = ConfiguredHeader(analyzerOptions, root.SyntaxTree);
        var fallback = diagnostic.Properties.TryGetValue(DiagnosticProperties.SecretHeader, out var header) && header is not null
            ? header
            : ActionSecurityOptions.DefaultSecretHeader;
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (diagnostic.Properties.TryGetValue(DiagnosticProperties.ReadKind, out var kind)
            && kind == QueryStringSecretAnalyzer.ReadKindParameter)
        {
            var parameter = node.FirstAncestorOrSelf<ParameterSyntax>();
            return PlanParameter(parameter, model, configured ?? HeaderRead.NameFor(QueryKey(parameter, model), fallback));
        }

        var expression = node.FirstAncestorOrSelf<ExpressionSyntax>(e => e is ElementAccessExpressionSyntax or InvocationExpressionSyntax or ElementBindingExpressionSyntax);
        if (expression is null || expression.Span != diagnostic.Location.SourceSpan)
            return null;
        var operation = model.GetOperation(expression, cancellationToken);
        if (operation is null)
            return null;
        var types = KnownTypes.GetOrCreate(model.Compilation);
        var read = RequestSources.Classify(operation, types, cancellationToken);
        if (!read.IsValid)
            return null;
        return PlanRead(expression, read, model, types, configured ?? HeaderRead.NameFor(read.Key, fallback), cancellationToken);
    }

    /// <summary>The header <c>action_security.secret_header</c> names for this file, or null when it is not set.</summary>
    private static string? ConfiguredHeader(AnalyzerOptions analyzerOptions, SyntaxTree tree)
    {
        var raw = ActionSecurityOptions.SecretHeaderOption.Read(analyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(tree), DiagnosticIds.QueryStringSecret);
        var validated = ActionSecurityOptions.For(analyzerOptions, tree, DiagnosticIds.QueryStringSecret).SecretHeader;

        // A value that is not a header name is ignored by the options, and so here.
        return raw is not null && string.Equals(raw, validated, StringComparison.Ordinal) ? raw : null;
    }

    /// <summary>The query key a parameter binds from: <c>[FromQuery(Name = "api_key")]</c>, else the parameter's name.</summary>
    private static string? QueryKey(ParameterSyntax? parameter, SemanticModel model)
    {
        if (parameter is null)
            return null;
        var types = KnownTypes.GetOrCreate(model.Compilation);
        var fromQuery = FindFromQuery(parameter, model, types);
        if (fromQuery?.ArgumentList is { } arguments)
        {
            foreach (var argument in arguments.Arguments)
            {
                if (argument.NameEquals?.Name.Identifier.ValueText == "Name" && model.GetConstantValue(argument.Expression).Value is string name)
                    return name;
            }
        }

        return parameter.Identifier.ValueText;
    }

    private static FixPlan? PlanParameter(ParameterSyntax? parameter, SemanticModel model, string header)
    {
        if (parameter?.Type is null)
            return null;
        var types = KnownTypes.GetOrCreate(model.Compilation);
        if (types.FromHeaderAttribute is null)
            return null;
        var fromQuery = FindFromQuery(parameter, model, types);
        return new FixPlan(parameter, current =>
        {
            var currentParameter = (ParameterSyntax)current;
            var attribute = HeaderRead.FromHeaderAttribute(header);
            if (fromQuery is not null)
            {
                var offset = fromQuery.SpanStart - parameter.SpanStart;
                var span = new Microsoft.CodeAnalysis.Text.TextSpan(currentParameter.SpanStart + offset, fromQuery.Span.Length);
                var existing = currentParameter.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeSyntax>();
                if (existing is not null)
                    return currentParameter.ReplaceNode(existing, attribute.WithTriviaFrom(existing));
            }

            var list = AttributeList(SingletonSeparatedList(attribute)).WithTrailingTrivia(Space);
            return currentParameter
                .WithAttributeLists(currentParameter.AttributeLists.Insert(0, list.WithLeadingTrivia(currentParameter.GetLeadingTrivia())))
                .WithLeadingTrivia(currentParameter.GetLeadingTrivia());
        });
    }

    private static AttributeSyntax? FindFromQuery(ParameterSyntax parameter, SemanticModel model, KnownTypes types)
    {
        foreach (var list in parameter.AttributeLists)
        {
            foreach (var attribute in list.Attributes)
            {
                if (model.GetTypeInfo(attribute).Type is INamedTypeSymbol type
                    && SymbolEqualityComparer.Default.Equals(type, types.FromQueryAttribute))
                {
                    return attribute;
                }
            }
        }

        return null;
    }

    private static FixPlan? PlanRead(
        ExpressionSyntax expression, RequestRead read, SemanticModel model, KnownTypes types, string header, CancellationToken cancellationToken)
    {
        // System.Web: Request["secret"] → Request.Headers["X-Action-Secret"].
        if (read.Collection is null)
        {
            if (expression is not ElementAccessExpressionSyntax systemWeb)
                return null;
            return new FixPlan(expression, current => HeaderRead.Indexer(((ElementAccessExpressionSyntax)current).Expression, header));
        }

        var collectionSyntax = read.Collection.Syntax;
        switch (read.Framework)
        {
            case RequestFramework.AspNetCore or RequestFramework.SystemWeb or RequestFramework.HttpListener or RequestFramework.AwsLambda:
            {
                if (collectionSyntax is MemberAccessExpressionSyntax or MemberBindingExpressionSyntax
                    && read.Collection is IPropertyReferenceOperation property
                    && HeaderRead.HeaderMemberFor(read.Framework, property.Property.Name) is { } headerMember
                    && expression.Span.Contains(collectionSyntax.Span))
                {
                    return new FixPlan(expression, current => RewriteKeyedRead(current, collectionSyntax, expression, headerMember, header));
                }

                // var query = request.Query; ... query["secret"] → request.Headers["X-Action-Secret"].
                if (read.Operation is IPropertyReferenceOperation && expression is ElementAccessExpressionSyntax
                    && read.Collection.WalkDownConversion() is ILocalReferenceOperation local
                    && local.FollowSingleAssignment(cancellationToken) is IPropertyReferenceOperation { Instance: { } instance } source
                    && HeaderRead.HeaderMemberFor(read.Framework, source.Property.Name) == "Headers"
                    && IsStableReference(instance)
                    && read.Framework != RequestFramework.AwsLambda)
                {
                    var request = (ExpressionSyntax)instance.Syntax;
                    return new FixPlan(expression, _ => HeaderRead.Indexer(request, header));
                }

                return null;
            }

            case RequestFramework.AzureFunctionsWorker when read.Operation is IPropertyReferenceOperation or IInvocationOperation { TargetMethod.Name: "Get" }:
            {
                if (read.Collection is not IPropertyReferenceOperation { Property.Name: "Query", Instance: { } instance } || !IsStableReference(instance))
                    return null;
                var request = (ExpressionSyntax)instance.Syntax;
                var valuesName = LocalNames.Unique(model, expression, "headerValues");
                return new FixPlan(expression, _ => HeaderRead.WorkerHeaderValue(request, header, valuesName));
            }

            case RequestFramework.ParsedQueryString when read.Operation is IPropertyReferenceOperation or IInvocationOperation { TargetMethod.Name: "Get" }:
            {
                var parse = read.Collection.WalkDownConversion();
                if (parse is ILocalReferenceOperation)
                    parse = parse.FollowSingleAssignment(cancellationToken);
                if (parse is not IInvocationOperation parseCall || parseCall.Arguments.Length < 1)
                    return null;
                var returnsStringValues = parseCall.TargetMethod.Name != "ParseQueryString";
                var raw = parseCall.Arguments[0].Value.WalkDownConversion();
                if (raw is IInvocationOperation { TargetMethod.Name: "ToString", Instance: { } rawInstance })
                    raw = rawInstance.WalkDownConversion();
                if (raw is not IPropertyReferenceOperation { Instance: { } owner } rawProperty)
                    return null;

                // HttpRequestData.Url.Query
                if (rawProperty.Property.Name == "Query"
                    && owner.WalkDownConversion() is IPropertyReferenceOperation { Property.Name: "Url", Instance: { } workerRequest }
                    && workerRequest.Type.InheritsFromOrEquals(types.HttpRequestData)
                    && IsStableReference(workerRequest) && !returnsStringValues)
                {
                    var request = (ExpressionSyntax)workerRequest.Syntax;
                    var valuesName = LocalNames.Unique(model, expression, "headerValues");
                    return new FixPlan(expression, _ => HeaderRead.WorkerHeaderValue(request, header, valuesName));
                }

                // HttpRequest.QueryString.Value or HttpRequest.QueryString
                var queryString = rawProperty.Property.Name == "Value" ? owner.WalkDownConversion() : raw;
                if (queryString is IPropertyReferenceOperation { Property.Name: "QueryString", Instance: { } aspNetRequest }
                    && aspNetRequest.Type.InheritsFromOrEquals(types.HttpRequest)
                    && IsStableReference(aspNetRequest))
                {
                    var request = (ExpressionSyntax)aspNetRequest.Syntax;
                    if (returnsStringValues)
                        return new FixPlan(expression, _ => HeaderRead.Indexer(request, header));
                    var annotations = (model.GetNullableContext(expression.SpanStart) & NullableContext.AnnotationsEnabled) != 0;
                    return new FixPlan(expression, _ => HeaderRead.AsNullableString(request, header, annotations));
                }

                return null;
            }

            default:
                return null;
        }
    }

    /// <summary><c>request.Query["secret"]</c> → <c>request.Headers["X-Action-Secret"]</c>, and the same for keyed calls.</summary>
    private static SyntaxNode RewriteKeyedRead(SyntaxNode current, SyntaxNode originalCollection, ExpressionSyntax originalExpression, string headerMember, string header)
    {
        // Locate the collection member and the key inside the current node by their offsets in the original.
        var offset = originalCollection.SpanStart - originalExpression.SpanStart;
        var collection = current.FindNode(new Microsoft.CodeAnalysis.Text.TextSpan(current.SpanStart + offset, originalCollection.Span.Length), getInnermostNodeForTie: false);
        SimpleNameSyntax? name = collection switch
        {
            MemberAccessExpressionSyntax access => access.Name,
            MemberBindingExpressionSyntax binding => binding.Name,
            _ => null,
        };

        var keyArgument = current switch
        {
            ElementAccessExpressionSyntax access => access.ArgumentList.Arguments.FirstOrDefault(),
            InvocationExpressionSyntax invocation => KeyArgument(invocation),
            _ => null,
        };
        if (name is null || keyArgument is null)
            return current;
        var tracked = current.TrackNodes(name, keyArgument.Expression);
        tracked = tracked.ReplaceNode(tracked.GetCurrentNode(keyArgument.Expression)!, HeaderRead.Name(header).WithTriviaFrom(keyArgument.Expression));
        var currentName = tracked.GetCurrentNode(name)!;
        return tracked.ReplaceNode(currentName, IdentifierName(headerMember).WithTriviaFrom(currentName));
    }

    private static ArgumentSyntax? KeyArgument(InvocationExpressionSyntax invocation)
    {
        // Extension form GetValueOrDefault(request.QueryStringParameters, "secret") has the key second.
        var arguments = invocation.ArgumentList.Arguments;
        if (invocation.Expression is IdentifierNameSyntax or GenericNameSyntax || (invocation.Expression is MemberAccessExpressionSyntax access && access.Name.Identifier.Text == "GetValueOrDefault" && arguments.Count == 2 && !(access.Expression is MemberAccessExpressionSyntax)))
            return arguments.Count > 1 ? arguments[1] : null;
        return arguments.Count > 0 ? arguments[0] : null;
    }

    /// <summary>A receiver that can be written again at the read: a parameter, local, <c>this</c>, or a field or property of those.</summary>
    private static bool IsStableReference(IOperation operation)
    {
        operation = operation.WalkDownConversion();
        return operation switch
        {
            IParameterReferenceOperation or ILocalReferenceOperation or IInstanceReferenceOperation => true,
            IFieldReferenceOperation field => field.Instance is null || IsStableReference(field.Instance),
            IPropertyReferenceOperation { Property.IsIndexer: false } property => property.Instance is null || IsStableReference(property.Instance),
            _ => false,
        };
    }

    private sealed class FixPlan
    {
        public FixPlan(SyntaxNode target, Func<SyntaxNode, SyntaxNode> rewrite)
        {
            Target = target;
            Rewrite = rewrite;
        }

        public SyntaxNode Target { get; }

        public Func<SyntaxNode, SyntaxNode> Rewrite { get; }
    }
}
