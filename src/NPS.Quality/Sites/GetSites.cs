using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
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
    IReadOnlyList<ReferentialPeriod> ReferentialHistory)
{
    public static SiteView From(Site s) => new(s.Id, s.Name, s.Arrondissements, s.Referential, s.ReferentialVersion, s.Version,
        s.RegisteredAt, s.ReferentialHistory);
}

public static class GetSitesEndpoint
{
    /// <summary>GET /api/sites: the sites the caller may see (all for auditors and admins, its own otherwise).</summary>
    [WolverineGet("/api/sites")]
    public static async Task<IReadOnlyList<SiteView>> List(ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var caller = Caller.From(user);
        var sites = await session.Query<Site>().OrderBy(s => s.Id).ToListAsync(ct);
        return sites.Where(s => AccessRules.CanReadSite(caller, s.Id)).Select(SiteView.From).ToList();
    }

    [WolverineGet("/api/sites/{siteId}"), Authorize(Policy = Policies.SiteReader)]
    [ProducesResponseType(typeof(SiteView), 200), ProducesResponseType(typeof(ProblemDetails), 404)]
    public static async Task<IResult> Get(string siteId, IQuerySession session, CancellationToken ct)
    {
        var site = await session.LoadAsync<Site>(siteId, ct);
        return site is null ? Results.Problem(Problems.NotFound($"Site inconnu : {siteId}.")) : Results.Ok(SiteView.From(site));
    }
}
