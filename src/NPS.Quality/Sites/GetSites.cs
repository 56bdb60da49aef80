using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Audits;
using NPS.Quality.Infrastructure;
using System.Security.Claims;
using Wolverine.Http;

namespace NPS.Quality.Sites;

public sealed record SiteView(
    string Id,
    string Name,
    IReadOnlyList<string> Arrondissements,
    string Referential,
    string ReferentialVersion,
    int Version,
    DateTimeOffset RegisteredAt,
    IReadOnlyList<ReferentialPeriod> ReferentialHistory,
    string? LabelStatus = null,
    string? LabelStatusLabel = null,
    DateTimeOffset? LabelValidUntil = null,
    DateOnly? NextAudit = null)
{
    public static SiteView From(Site s) => new(s.Id, s.Name, s.Arrondissements, s.Referential, s.ReferentialVersion, s.Version,
        s.RegisteredAt, s.ReferentialHistory);

    /// <summary>The site with its QualiParis label status, computed from its audits.</summary>
    public static SiteView From(Site s, IEnumerable<Audit> audits, DateTimeOffset now)
    {
        var label = Audits.LabelStatus.Of(audits, now);
        return From(s) with { LabelStatus = label.Status, LabelStatusLabel = label.StatusLabel, LabelValidUntil = label.ValidUntil, NextAudit = label.NextAudit };
    }
}

public static class GetSitesEndpoint
{
    /// <summary>GET /api/sites: the sites the caller may see (all for auditors and admins, its own otherwise).</summary>
    [WolverineGet("/api/sites")]
    public static async Task<IReadOnlyList<SiteView>> List(ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(user);
        var sites = await session.Query<Site>().OrderBy(s => s.Id).ToListAsync(ct);
        var audits = (await session.Query<Audit>().ToListAsync(ct)).ToLookup(a => a.SiteId);
        return sites.Where(s => AccessRules.CanReadSite(caller, s.Id)).Select(s => SiteView.From(s, audits[s.Id], clock.GetUtcNow())).ToList();
    }

    [WolverineGet("/api/sites/{siteId}"), Authorize(Policy = Policies.SiteReader)]
    [ProducesResponseType(typeof(SiteView), 200), ProducesResponseType(typeof(ProblemDetails), 404)]
    public static async Task<IResult> Get(string siteId, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var site = await session.LoadAsync<Site>(siteId, ct);
        if (site is null) return Results.Problem(Problems.NotFound($"Site inconnu : {siteId}."));
        var audits = await GetSiteAuditsEndpoint.OfSiteAsync(session, siteId, ct);
        return Results.Ok(SiteView.From(site, audits, clock.GetUtcNow()));
    }
}
