using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Audits;
using NPS.Quality.Compliance;
using NPS.Quality.Sites;
using Wolverine;
using NPS.Quality.Shared;
using Wolverine.Http;
using Wolverine.Marten;

namespace NPS.Quality.Dossiers;

/// <summary><c>{ "kind": "internal" | "afnor", "from", "to", "auditId"?, "asOf"? }</c>; dates <c>aaaa-mm-jj</c>, asOf ISO 8601 with offset.</summary>
public sealed record RequestDossier(string? Kind, string? From, string? To, string? AuditId, string? AsOf)
{
    [JsonIgnore] public string SiteId { get; init; } = "";
}

public sealed record DossierAccepted(string DossierId, string Status, string Location);

public static class RequestDossierHandler
{
    /// <summary>Kind, period (the compliance rules: both ends included, at most 366 days) and asOf (not in the future; default now).</summary>
    public static (DossierRequested? Requested, List<FieldError> Errors) Decide(string siteId, RequestDossier c, string dossierId, string by, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(c.Kind)) errors.Add(new("kind", "la nature du dossier est obligatoire (internal, afnor ou affiche)"));
        else if (WireNames.Parse<DossierKind>(c.Kind) is null) errors.Add(new("kind", "nature de dossier inconnue : internal, afnor ou affiche", Value: c.Kind));
        var (query, periodErrors) = ComplianceQuery.Read(c.From, c.To, c.AsOf, null, now);
        errors.AddRange(periodErrors);
        // A poster shows one whole month.
        if (WireNames.Parse<DossierKind>(c.Kind) == DossierKinds.Poster && query is not null
            && (query.From.Day != 1 || query.To != query.From.AddMonths(1).AddDays(-1)))
            errors.Add(new("from", "une affiche couvre un mois entier : du 1er au dernier jour du même mois", Value: c.From));
        if (errors.Count > 0 || query is null) return (null, errors);
        var auditId = string.IsNullOrWhiteSpace(c.AuditId) ? null : c.AuditId.Trim();
        return (new DossierRequested(siteId, dossierId, WireNames.Parse<DossierKind>(c.Kind)!.Value, query.From, query.To, auditId, query.AsOf, by, now), errors);
    }

    /// <summary>A requested audit must be the site's and already planned at asOf.</summary>
    public static FieldError? CheckAudit(DossierRequested requested, Audit? audit)
    {
        if (audit is null || audit.SiteId != requested.SiteId)
            return new FieldError("auditId", $"audit inconnu pour le site {requested.SiteId}", Value: requested.AuditId);
        return audit.PlannedAt > requested.AsOf
            ? new FieldError("auditId", "l'audit a été planifié après l'instant asOf : il n'existait pas encore", Value: requested.AuditId)
            : null;
    }

    /// <summary>
    /// The request event and the <see cref="RenderDossier"/> message commit in the same transaction (Wolverine's Marten
    /// outbox), and the message goes to the durable <c>dossiers</c> queue: a restart in between loses nothing.
    /// </summary>
    public static async Task<(Outcome<DossierAccepted>, IMartenOp, OutgoingMessages)> Handle(RequestDossier command, IDocumentSession session,
        IMessageContext context, TimeProvider clock, CancellationToken ct)
    {
        if (await session.LoadAsync<Site>(command.SiteId, ct) is null)
            return (Outcome<DossierAccepted>.NotFound($"Site inconnu : {command.SiteId}."), MartenOps.Nothing(), []);

        var dossierId = Dossier.NewId();
        var (requested, errors) = Decide(command.SiteId, command, dossierId, context.Who(), clock.GetUtcNow());
        if (requested?.AuditId is { } auditId && CheckAudit(requested, await session.LoadAsync<Audit>(auditId, ct)) is { } wrongAudit)
            errors.Add(wrongAudit);
        if (requested is null || errors.Count > 0) return (Outcome<DossierAccepted>.Invalid(errors), MartenOps.Nothing(), []);
        // The same site, kind and period issued again: the next revision.
        var issued = await session.Query<Dossier>().CountAsync(d => d.SiteId == requested.SiteId && d.Kind == requested.Kind
            && d.From == requested.From && d.To == requested.To, ct);
        requested = requested with { Revision = issued + 1 };

        var location = $"/api/dossiers/{dossierId}";
        return (Outcome<DossierAccepted>.Accepted(new DossierAccepted(dossierId, DossierStatus.Pending.Wire(), location), location),
            MartenOps.StartStream<Dossier>(dossierId, requested), [new RenderDossier(dossierId)]);
    }
}

public static class RequestDossierEndpoint
{
    /// <summary>POST /api/sites/{siteId}/dossiers → 202 with <c>Location: /api/dossiers/{dossierId}</c>; rendered on a durable queue.</summary>
    [WolverinePost("/api/sites/{siteId}/dossiers"), Authorize(Policy = Policies.DossierGenerator)]
    [ProducesResponseType(typeof(DossierAccepted), 202), ProducesResponseType(typeof(ProblemDetails), 400), ProducesResponseType(typeof(ProblemDetails), 404)]
    public static Task<IResult> Post(string siteId, RequestDossier command, IMessageBus bus, CancellationToken ct)
        => bus.AnswerAsync<DossierAccepted>(command with { SiteId = siteId }, ct);
}
