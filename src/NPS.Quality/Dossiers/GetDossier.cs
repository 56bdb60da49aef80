using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Sites;
using Wolverine.Http;

namespace NPS.Quality.Dossiers;

/// <summary>A dossier's status and, once rendered, its fingerprints and the snapshot it was built from.</summary>
public sealed record DossierView(
    string DossierId,
    string SiteId,
    string Kind,
    string KindLabel,
    DateOnly From,
    DateOnly To,
    string? AuditId,
    string Status,
    string StatusLabel,
    DateTimeOffset AsOf,
    string? Referential,
    string? ReferentialVersion,
    string? Sha256,
    int? Pages,
    long? Bytes,
    string? DataHash,
    string? TemplateHash,
    string FileName,
    string? Pdf,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset? RenderedAt,
    string? FailureReason,
    int? Attempts,
    string Reference = "",
    int Revision = 1)
{
    public static DossierView Of(Dossier d) => new(
        d.Id, d.SiteId, d.Kind.Wire(), DossierKinds.Labels[d.Kind], d.From, d.To, d.AuditId, d.Status.Wire(), DossierStatuses.Labels[d.Status], d.AsOf,
        d.Referential, d.ReferentialVersion, d.Sha256, d.Pages, d.Bytes, d.DataHash, d.TemplateHash, d.FileName(),
        d.Status == DossierStatuses.Ready ? $"/api/dossiers/{d.Id}/pdf" : null, d.RequestedBy, d.RequestedAt, d.RenderedAt, d.FailureReason, d.Attempts,
        Dossier.FullReference(d.SiteId, d.Kind, d.From, d.To, d.Revision), d.Revision);
}

/// <summary>A ready dossier's file, as the API and the pages hand it out.</summary>
public sealed record DossierFile(byte[] Content, string FileName);

/// <summary>Reading dossiers, with their rule: what the API and the pages both call.</summary>
public static class DossierReads
{
    /// <summary>Reading a dossier: auditors, administrators and the site manager of its site (not quality leads).</summary>
    public static bool CanRead(Caller c, string siteId) => AccessRules.CanGenerateDossiers(c) || (c.Role == Role.SiteManager && c.SiteId == siteId);

    private const string Denied = "Les dossiers d'un site sont réservés aux auditeurs, aux administrateurs et au responsable de ce site.";

    public static async Task<Outcome<DossierView>> OneAsync(IQuerySession session, Caller caller, string dossierId, CancellationToken ct)
    {
        var dossier = await session.LoadAsync<Dossier>(dossierId, ct);
        if (dossier is null) return Outcome<DossierView>.NotFound($"Dossier inconnu : {dossierId}.");
        if (!CanRead(caller, dossier.SiteId)) return Outcome<DossierView>.Refused(Problems.Forbidden(Denied));
        return Outcome<DossierView>.Ok(DossierView.Of(dossier));
    }

    /// <summary>The file (<c>dossier-afnor-paris-11-2018-01-15.pdf</c>, dated by its asOf); 409 while pending or failed.</summary>
    public static async Task<Outcome<DossierFile>> FileAsync(IQuerySession session, Caller caller, string dossierId, CancellationToken ct)
    {
        var dossier = await session.LoadAsync<Dossier>(dossierId, ct);
        if (dossier is null) return Outcome<DossierFile>.NotFound($"Dossier inconnu : {dossierId}.");
        if (!CanRead(caller, dossier.SiteId)) return Outcome<DossierFile>.Refused(Problems.Forbidden(Denied));
        if (dossier.Status != DossierStatuses.Ready)
            return Outcome<DossierFile>.Conflict(dossier.Status == DossierStatuses.Failed
                ? $"Le dossier n'a pas pu être produit : {dossier.FailureReason}"
                : "Le dossier est en cours de production : réessayez dans quelques secondes.");
        var pdf = await session.LoadAsync<DossierPdf>(dossierId, ct);
        if (pdf is null) return Outcome<DossierFile>.NotFound($"Fichier du dossier introuvable : {dossierId}.");
        return Outcome<DossierFile>.Ok(new DossierFile(pdf.Content, dossier.FileName()));
    }

    /// <summary>The site's dossiers, newest request first.</summary>
    public static async Task<Outcome<List<DossierView>>> OfSiteAsync(IQuerySession session, Caller caller, string siteId, CancellationToken ct)
    {
        if (!CanRead(caller, siteId)) return Outcome<List<DossierView>>.Refused(Problems.Forbidden(Denied));
        if (await session.LoadAsync<Site>(siteId, ct) is null) return Outcome<List<DossierView>>.NotFound($"Site inconnu : {siteId}.");
        var dossiers = await session.Query<Dossier>().Where(d => d.SiteId == siteId).OrderByDescending(d => d.RequestedAt).ToListAsync(ct);
        return Outcome<List<DossierView>>.Ok(dossiers.Select(DossierView.Of).ToList());
    }
}

public static class GetDossierEndpoint
{
    /// <summary>GET /api/dossiers/{dossierId}: <c>status</c> pending | ready | failed, fingerprints and snapshot.</summary>
    [WolverineGet("/api/dossiers/{dossierId}")]
    [ProducesResponseType(typeof(DossierView), 200), ProducesResponseType(typeof(ProblemDetails), 403), ProducesResponseType(typeof(ProblemDetails), 404)]
    public static async Task<IResult> Get(string dossierId, IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
        => (await DossierReads.OneAsync(session, Caller.From(user), dossierId, ct)).ToResult();

    /// <summary>GET /api/dossiers/{dossierId}/pdf: the file; 409 while pending or failed.</summary>
    [WolverineGet("/api/dossiers/{dossierId}/pdf")]
    [ProducesResponseType(typeof(FileContentResult), 200, "application/pdf"), ProducesResponseType(typeof(ProblemDetails), 403),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static async Task<IResult> GetPdf(string dossierId, IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var file = await DossierReads.FileAsync(session, Caller.From(user), dossierId, ct);
        return file.Value is { } pdf ? Results.File(pdf.Content, "application/pdf", pdf.FileName) : file.ToResult();
    }

    /// <summary>GET /api/sites/{siteId}/dossiers: the site's dossiers, newest request first.</summary>
    [WolverineGet("/api/sites/{siteId}/dossiers")]
    [ProducesResponseType(typeof(IReadOnlyList<DossierView>), 200), ProducesResponseType(typeof(ProblemDetails), 403), ProducesResponseType(typeof(ProblemDetails), 404)]
    public static async Task<IResult> List(string siteId, IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
        => (await DossierReads.OfSiteAsync(session, Caller.From(user), siteId, ct)).ToResult();
}
