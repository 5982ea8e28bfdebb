using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace ActionSecurity.Analyzers.CodeFixes.Infrastructure;

/// <summary>
/// What every fix provider of the package shares: it offers its actions per diagnostic, applies an action to a
/// <see cref="DocumentEditor"/>, and fixes a whole document in Fix All on one editor (from the last diagnostic to the
/// first, unless the provider asks for source order), so edits outside the diagnostic span (usings, attributes, guards)
/// are never lost the way merged text changes lose them. Every fixed document goes through <see cref="FixCleanup"/>.
/// </summary>
public abstract class ActionSecurityCodeFixProvider : CodeFixProvider
{
    private readonly string? _title;
    private readonly string? _equivalenceKey;

    /// <summary>A provider that overrides <see cref="OfferAsync"/> to offer its actions itself.</summary>
    private protected ActionSecurityCodeFixProvider(params string[] fixableDiagnosticIds)
        => FixableDiagnosticIds = ImmutableArray.Create(fixableDiagnosticIds);

    /// <summary>A provider with one action, offered where <see cref="CanFix"/> says it applies.</summary>
    private protected ActionSecurityCodeFixProvider(string title, string equivalenceKey, string fixableDiagnosticId)
        : this(new[] { fixableDiagnosticId })
    {
        _title = title;
        _equivalenceKey = equivalenceKey;
    }

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    /// <summary>Fix All applies the action with the chosen equivalence key to every diagnostic of a document.</summary>
    public sealed override FixAllProvider GetFixAllProvider()
        => FixAllProvider.Create((context, document, diagnostics) => context.CodeActionEquivalenceKey is { } key
            ? FixAsync(document, diagnostics, key, context.CancellationToken)!
            : Task.FromResult<Document?>(null));

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
            return;
        var request = new FixRequest(context, root, model, this);
        foreach (var diagnostic in context.Diagnostics)
            await OfferAsync(request, diagnostic).ConfigureAwait(false);
    }

    /// <summary>
    /// Calls <see cref="FixRequest.Offer"/> for each action that can be applied soundly to the diagnostic; by default the
    /// one action, where <see cref="CanFix"/> says it applies.
    /// </summary>
    private protected virtual Task OfferAsync(FixRequest request, Diagnostic diagnostic)
    {
        if (_title is not null && _equivalenceKey is not null && CanFix(request, diagnostic))
            request.Offer(_title, _equivalenceKey, diagnostic);
        return Task.CompletedTask;
    }

    /// <summary>True when the one action can be written soundly for the diagnostic.</summary>
    private protected virtual bool CanFix(FixRequest request, Diagnostic diagnostic) => false;

    /// <summary>Applies the action <see cref="FixPass.EquivalenceKey"/> for one diagnostic to the pass's editor.</summary>
    private protected virtual Task ApplyAsync(FixPass pass, Diagnostic diagnostic)
    {
        Apply(pass, diagnostic);
        return Task.CompletedTask;
    }

    /// <summary>The synchronous form of <see cref="ApplyAsync"/>, for the fixes that need no asynchronous work.</summary>
    private protected virtual void Apply(FixPass pass, Diagnostic diagnostic)
    {
    }

    /// <summary>Fix All applies the diagnostics in source order (for names numbered as one-at-a-time fixing numbers them).</summary>
    private protected virtual bool InSourceOrder => false;

    /// <summary>The clean-up also formats elastic trivia, for fixes that build whole expressions from the syntax factory.</summary>
    private protected virtual bool FormatsElasticTrivia => false;

    private async Task<Document?> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string equivalenceKey, CancellationToken cancellationToken)
    {
        if (diagnostics.IsEmpty)
            return null;
        var pass = new FixPass(await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false), equivalenceKey, cancellationToken);
        var ordered = InSourceOrder
            ? diagnostics.Sort(static (a, b) => a.Location.SourceSpan.Start.CompareTo(b.Location.SourceSpan.Start))
            : diagnostics.Sort(static (a, b) => b.Location.SourceSpan.Start.CompareTo(a.Location.SourceSpan.Start));
        foreach (var diagnostic in ordered)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await ApplyAsync(pass, diagnostic).ConfigureAwait(false);
        }

        return await FixCleanup.CleanupAsync(pass.Editor.GetChangedDocument(), FormatsElasticTrivia, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One <see cref="RegisterCodeFixesAsync"/> call: the document, its root and model, and where actions go.</summary>
    private protected sealed class FixRequest
    {
        private readonly CodeFixContext _context;
        private readonly ActionSecurityCodeFixProvider _provider;

        public FixRequest(CodeFixContext context, SyntaxNode root, SemanticModel model, ActionSecurityCodeFixProvider provider)
        {
            _context = context;
            _provider = provider;
            Root = root;
            Model = model;
        }

        public Document Document => _context.Document;
        public SyntaxNode Root { get; }
        public SemanticModel Model { get; }
        public ImmutableArray<Diagnostic> Diagnostics => _context.Diagnostics;
        public CancellationToken CancellationToken => _context.CancellationToken;

        /// <summary>
        /// Registers the action <paramref name="equivalenceKey"/> for <paramref name="diagnostic"/>; it also fixes
        /// <paramref name="alsoFixes"/> (other diagnostics the same edit removes) when given.
        /// </summary>
        public void Offer(string title, string equivalenceKey, Diagnostic diagnostic, ImmutableArray<Diagnostic> alsoFixes = default)
        {
            var document = Document;
            var provider = _provider;
            _context.RegisterCodeFix(
                CodeAction.Create(title, async ct => await provider.FixAsync(document, ImmutableArray.Create(diagnostic), equivalenceKey, ct).ConfigureAwait(false) ?? document, equivalenceKey),
                alsoFixes.IsDefault ? ImmutableArray.Create(diagnostic) : alsoFixes);
        }
    }

    /// <summary>One application of an action to a document: one diagnostic, or all of a document's in Fix All.</summary>
    private protected sealed class FixPass
    {
        private Dictionary<Type, object>? _state;

        public FixPass(DocumentEditor editor, string equivalenceKey, CancellationToken cancellationToken)
        {
            Editor = editor;
            EquivalenceKey = equivalenceKey;
            CancellationToken = cancellationToken;
        }

        public DocumentEditor Editor { get; }
        public string EquivalenceKey { get; }
        public CancellationToken CancellationToken { get; }

        /// <summary>State shared by the diagnostics of this pass (names handed out, nodes already edited).</summary>
        public T State<T>()
            where T : class, new()
        {
            _state ??= new Dictionary<Type, object>();
            if (!_state.TryGetValue(typeof(T), out var state))
                _state[typeof(T)] = state = new T();
            return (T)state;
        }
    }
}
