using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Audits;
using NPS.Quality.Compliance;
using NPS.Quality.Infrastructure;
using NPS.Quality.Sites;
using Wolverine;
using Wolverine.Http;

namespace NPS.Quality.Dossiers;

/// <summary><c>{ "kind": "internal" | "afnor", "from", "to", "auditId"?, "asOf"? }</c>; dates <c>aaaa-mm-jj</c>, asOf ISO 8601 with offset.</summary>
public sealed record RequestDossier(string? Kind, string? From, string? To, string? AuditId, string? AsOf);

public sealed record DossierAccepted(string DossierId, string Status, string Location);

public static class RequestDossierEndpoint
{
    /// <summary>Kind, period (the compliance rules: both ends included, at most 366 days) and asOf (not in the future; default now).</summary>
    public static (DossierRequested? Requested, List<FieldError> Errors) Decide(string siteId, RequestDossier c, string dossierId, string by, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(c.Kind)) errors.Add(new("kind", "la nature du dossier est obligatoire (internal ou afnor)"));
        else if (!DossierKinds.Labels.ContainsKey(c.Kind)) errors.Add(new("kind", "nature de dossier inconnue : internal ou afnor", Value: c.Kind));
        var (query, periodErrors) = ComplianceQuery.Read(c.From, c.To, c.AsOf, null, now);
        errors.AddRange(periodErrors);
        if (errors.Count > 0 || query is null) return (null, errors);
        var auditId = string.IsNullOrWhiteSpace(c.AuditId) ? null : c.AuditId.Trim();
        return (new DossierRequested(siteId, dossierId, c.Kind!, query.From, query.To, auditId, query.AsOf, by, now), errors);
    }

    /// <summary>
    /// POST /api/sites/{siteId}/dossiers → 202 with <c>Location: /api/dossiers/{dossierId}</c>. The request event and the
    /// <see cref="RenderDossier"/> message are committed in the same transaction (Wolverine's Marten outbox), and the
    /// message goes to the durable <c>dossiers</c> queue: a restart in between loses nothing.
    /// </summary>
    [WolverinePost("/api/sites/{siteId}/dossiers"), Authorize(Policy = Policies.DossierGenerator)]
    [ProducesResponseType(typeof(DossierAccepted), 202), ProducesResponseType(typeof(ProblemDetails), 400), ProducesResponseType(typeof(ProblemDetails), 404)]
    public static async Task<IResult> Post(string siteId, RequestDossier command, IDocumentSession session, IMessageBus bus, ClaimsPrincipal user,
        TimeProvider clock, CancellationToken ct)
    {
        var site = await session.LoadAsync<Site>(siteId, ct);
        if (site is null) return Results.Problem(Problems.NotFound($"Site inconnu : {siteId}."));

        var dossierId = Dossier.NewId();
        var (requested, errors) = Decide(siteId, command, dossierId, Caller.From(user).Name, clock.GetUtcNow());
        if (requested?.AuditId is { } auditId)
        {
            var audit = await session.LoadAsync<Audit>(auditId, ct);
            if (audit is null || audit.SiteId != siteId)
                errors.Add(new FieldError("auditId", $"audit inconnu pour le site {siteId}", Value: auditId));
            else if (audit.PlannedAt > requested.AsOf)
                errors.Add(new FieldError("auditId", "l'audit a été planifié après l'instant asOf : il n'existait pas encore", Value: auditId));
        }
        if (requested is null || errors.Count > 0) return Results.Problem(Problems.Invalid(errors));

        session.Events.StartStream<Dossier>(dossierId, requested);
        await bus.PublishAsync(new RenderDossier(dossierId));
        var location = $"/api/dossiers/{dossierId}";
        return Results.Accepted(location, new DossierAccepted(dossierId, DossierStatuses.Pending, location));
    }
}
