using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Infrastructure;
using NPS.Quality.Referentials;
using NPS.Quality.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace NPS.Quality.Sites;

public sealed record ChangeSiteReferential(string? Referential, string? Version, int? ExpectedVersion)
{
    [JsonIgnore] public string SiteId { get; init; } = "";
}

public static class ChangeSiteReferentialHandler
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

    public static Decision Decide(Site site, ChangeSiteReferential c, ReferentialMapping? mapping, DateTimeOffset now)
        => Decision.Checked(site.Version, c.ExpectedVersion, Check(site, c, mapping is not null), null,
            () => new SiteReferentialChanged(site.Id, site.Referential, site.ReferentialVersion, mapping!.To, mapping.CarriedOver, mapping.Added,
                mapping.Removed, now));

    public static async Task<(Outcome<SiteView>, Events)> Handle(ChangeSiteReferential command, [WriteAggregate(Required = false)] Site? site,
        IDocumentSession session, ReferentialCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        if (site is null) return (Outcome<SiteView>.NotFound($"Site inconnu : {command.SiteId}."), []);
        var published = command.Referential == site.Referential && !string.IsNullOrWhiteSpace(command.Version)
            && await catalog.FindAsync(session, command.Referential, command.Version, ct) is not null;
        var mapping = published ? await catalog.MappingAsync(session, site.Referential, site.ReferentialVersion, command.Version!, ct) : null;
        var decision = Decide(site, command, mapping, clock.GetUtcNow());
        if (decision.Refusal is { } refusal) return (Outcome<SiteView>.Refused(refusal), []);
        var changed = decision.Single<SiteReferentialChanged>();
        // The loaded aggregate belongs to Marten's identity map: describe the outcome without mutating it.
        var view = SiteView.From(site) with
        {
            ReferentialVersion = changed.ToVersion,
            Version = site.Version + 1,
            ReferentialHistory = [.. site.ReferentialHistory, new ReferentialPeriod(changed.Referential, changed.ToVersion, changed.ChangedAt)],
        };
        return (Outcome<SiteView>.Ok(view), [changed]);
    }
}

public static class ChangeSiteReferentialEndpoint
{
    [WolverinePost("/api/sites/{siteId}/referential"), Authorize(Policy = Policies.Admin)]
    [ProducesResponseType(typeof(SiteView), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static Task<IResult> Post(string siteId, ChangeSiteReferential command, IMessageBus bus, CancellationToken ct)
        => bus.AnswerAsync<SiteView>(command with { SiteId = siteId }, ct);
}
