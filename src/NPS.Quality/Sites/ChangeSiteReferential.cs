using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Infrastructure;
using NPS.Quality.Referentials;
using Wolverine.Http;

namespace NPS.Quality.Sites;

public sealed record ChangeSiteReferential(string? Referential, string? Version, int? ExpectedVersion);

public static class ChangeSiteReferentialEndpoint
{
    /// <summary>The rule, pure: same referential, another version, which must be published.</summary>
    public static List<FieldError> Check(Site site, ChangeSiteReferential c, bool targetPublished)
    {
        var errors = new List<FieldError>();
        if (c.ExpectedVersion is null) errors.Add(new("expectedVersion", "expectedVersion est obligatoire (le champ « version » renvoyé par GET /api/sites/{siteId})"));
        if (string.IsNullOrWhiteSpace(c.Referential)) errors.Add(new("referential", "le référentiel est obligatoire"));
        else if (c.Referential != site.Referential)
            errors.Add(new("referential", $"un site ne change que de version de son référentiel ({site.Referential})", Value: c.Referential));
        if (string.IsNullOrWhiteSpace(c.Version)) errors.Add(new("version", "la version est obligatoire"));
        else if (c.Version == site.ReferentialVersion)
            errors.Add(new("version", $"le site suit déjà la version {c.Version}", Value: c.Version));
        else if (c.Referential == site.Referential && !targetPublished)
            errors.Add(new("version", $"version non publiée : {c.Referential} {c.Version}", Value: c.Version));
        return errors;
    }

    public static SiteReferentialChanged Decide(Site site, ReferentialMapping mapping, DateTimeOffset now)
        => new(site.Id, site.Referential, site.ReferentialVersion, mapping.To, mapping.CarriedOver, mapping.Added, mapping.Removed, now);

    [WolverinePost("/api/sites/{siteId}/referential"), Authorize(Policy = Policies.Admin)]
    [ProducesResponseType(typeof(SiteView), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static async Task<IResult> Post(string siteId, ChangeSiteReferential command, IDocumentSession session,
        ReferentialCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        var current = await session.LoadAsync<Site>(siteId, ct);
        if (current is null) return Results.Problem(Problems.NotFound($"Site inconnu : {siteId}."));

        var published = command.Referential == current.Referential && !string.IsNullOrWhiteSpace(command.Version)
            && await catalog.FindAsync(session, command.Referential, command.Version, ct) is not null;
        var errors = Check(current, command, published);
        if (errors.Count > 0) return Results.Problem(Problems.Invalid(errors));

        // Throws ConcurrencyException (→ 409) now if stale, and again at commit if another writer got in between.
        var stream = await session.Events.FetchForWriting<Site>(siteId, command.ExpectedVersion!.Value, ct);
        var site = stream.Aggregate!;
        var mapping = await catalog.MappingAsync(session, site.Referential, site.ReferentialVersion, command.Version!, ct);
        var changed = Decide(site, mapping!, clock.GetUtcNow());
        stream.AppendOne(changed);

        // The loaded aggregate belongs to Marten's identity map: describe the outcome without mutating it.
        return Results.Ok(SiteView.From(site) with
        {
            ReferentialVersion = changed.ToVersion,
            Version = command.ExpectedVersion.Value + 1,
            ReferentialHistory = [.. site.ReferentialHistory, new ReferentialPeriod(changed.Referential, changed.ToVersion, changed.ChangedAt)],
        });
    }
}
