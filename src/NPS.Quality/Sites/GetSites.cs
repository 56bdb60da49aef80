using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
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

    /// <summary>The site with its QualiParis label status (decided by its audits).</summary>
    public static SiteView From(Site s, SiteLabel label)
        => From(s) with { LabelStatus = label.Status, LabelStatusLabel = label.StatusLabel, LabelValidUntil = label.ValidUntil, NextAudit = label.NextAudit };
}

/// <summary>The sites a caller may see, with their labels: what the API and the pages both read.</summary>
public static class SiteReads
{
    public static async Task<IReadOnlyList<SiteView>> VisibleAsync(Caller caller, IQuerySession session, ISiteLabels labels, DateTimeOffset now,
        CancellationToken ct)
    {
        var sites = await VisibleSitesAsync(caller, session, ct);
        var byId = await labels.OfAsync(session, sites.Select(s => s.Id).ToList(), now, ct);
        return sites.Select(s => SiteView.From(s, byId[s.Id])).ToList();
    }

    /// <summary>The sites a caller may see, by id, without their labels (which read every audit of every site).</summary>
    public static async Task<List<Site>> VisibleSitesAsync(Caller caller, IQuerySession session, CancellationToken ct)
        => (await session.Query<Site>().OrderBy(s => s.Id).ToListAsync(ct)).Where(s => AccessRules.CanReadSite(caller, s.Id)).ToList();

    public static async Task<SiteView?> OneAsync(string siteId, IQuerySession session, ISiteLabels labels, DateTimeOffset now, CancellationToken ct)
    {
        var site = await session.LoadAsync<Site>(siteId, ct);
        if (site is null) return null;
        return SiteView.From(site, (await labels.OfAsync(session, [siteId], now, ct))[siteId]);
    }
}

public static class GetSitesEndpoint
{
    /// <summary>GET /api/sites: the sites the caller may see (all for auditors and admins, its own otherwise).</summary>
    [WolverineGet("/api/sites")]
    public static Task<IReadOnlyList<SiteView>> List(ClaimsPrincipal user, IQuerySession session, ISiteLabels labels, TimeProvider clock,
        CancellationToken ct)
        => SiteReads.VisibleAsync(Caller.From(user), session, labels, clock.GetUtcNow(), ct);

    [WolverineGet("/api/sites/{siteId}"), Authorize(Policy = Policies.SiteReader)]
    [ProducesResponseType(typeof(SiteView), 200), ProducesResponseType(typeof(ProblemDetails), 404)]
    public static async Task<IResult> Get(string siteId, IQuerySession session, ISiteLabels labels, TimeProvider clock, CancellationToken ct)
        => await SiteReads.OneAsync(siteId, session, labels, clock.GetUtcNow(), ct) is { } site
            ? Results.Ok(site)
            : Results.Problem(Problems.NotFound($"Site inconnu : {siteId}."));
}
