using JasperFx.Core;
using Marten;
using NPS.Quality.Pdf;
using NPS.Quality.Referentials;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace NPS.Quality.Dossiers;

/// <summary>
/// Renders a requested dossier from the durable <c>dossiers</c> queue: loads the snapshot as of its asOf, composes it with
/// its template, renders, stores the bytes and appends <see cref="DossierRendered"/> — all in one Marten transaction.
/// A failing attempt is retried after a cooldown; the last attempt records <see cref="DossierFailed"/> with its reason.
/// </summary>
public static class RenderDossierHandler
{
    public const int MaxAttempts = 3;

    public static void Configure(HandlerChain chain)
        => chain.OnAnyException().RetryWithCooldown(250.Milliseconds(), 1.Seconds());

    public static async Task Handle(RenderDossier message, IDocumentSession session, ReferentialCatalog catalog, DossierTemplates templates,
        TimeProvider clock, Envelope envelope, ILogger<RenderDossierRun> logger, CancellationToken ct)
    {
        var dossier = await session.LoadAsync<Dossier>(message.DossierId, ct);
        // Redelivered after a crash, or already decided: nothing to do.
        if (dossier is null || dossier.Status != DossierStatuses.Pending) return;

        try
        {
            var rendered = await RenderAsync(session, catalog, templates, dossier, ct);
            session.Store(new DossierPdf { Id = dossier.Id, Content = rendered.Result.Bytes });
            // The expected version makes a second renderer (a node wrongly judged dead while it was rendering) fail at
            // commit instead of recording the dossier twice; its retry then finds the dossier decided and stops.
            session.Events.Append(dossier.Id, dossier.Version + 1, new DossierRendered(dossier.Id, rendered.Result.Sha256, rendered.Result.PageCount, rendered.Result.Bytes.LongLength,
                rendered.DataHash, rendered.TemplateHash, dossier.AsOf, rendered.Referential, rendered.ReferentialVersion, clock.GetUtcNow()));
        }
        catch (Exception e) when (envelope.Attempts < MaxAttempts && e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Dossier {DossierId}: attempt {Attempt} of {Max} failed", dossier.Id, envelope.Attempts, MaxAttempts);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Dossier {DossierId} failed after {Attempts} attempts", dossier.Id, envelope.Attempts);
            var reason = e is DossierRenderingException ? e.Message : $"Erreur interne pendant la production du dossier ({e.GetType().Name} : {e.Message}).";
            session.Events.Append(dossier.Id, dossier.Version + 1, new DossierFailed(dossier.Id, reason, envelope.Attempts, clock.GetUtcNow()));
        }
    }

    public sealed record Rendered(RenderResult Result, string DataHash, string TemplateHash, string Referential, string ReferentialVersion);

    /// <summary>The whole pipeline without side effects: snapshot → model → PDF. Rendering the same dossier twice gives the same bytes.</summary>
    public static async Task<Rendered> RenderAsync(IQuerySession session, ReferentialCatalog catalog, DossierTemplates templates, Dossier dossier, CancellationToken ct)
    {
        var (snapshot, site) = await DossierSnapshot.LoadAsync(session, catalog, dossier, ct);
        var template = templates.For(dossier.Kind);
        var model = DossierContent.Compose(snapshot, snapshot.Compliance(site), template);
        var result = PdfRenderer.Render(model);
        return new Rendered(result, snapshot.DataHash(), template.Sha256, snapshot.Referential.Id, snapshot.Referential.Version);
    }
}

/// <summary>Log category of the dossier rendering.</summary>
public sealed class RenderDossierRun;
