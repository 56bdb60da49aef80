using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Infrastructure;
using NPS.Quality.Referentials;
using Wolverine.Http;

namespace NPS.Quality.Sites;

public sealed record RegisterSite(string? SiteId, string? Name, IReadOnlyList<string>? Arrondissements, string? Referential, string? Version);

public static class RegisterSiteEndpoint
{
    /// <summary>Field rules, pure: a slug id, a name, at least one arrondissement, a published referential version.</summary>
    public static List<FieldError> Check(RegisterSite c, bool referentialPublished)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(c.SiteId)) errors.Add(new("siteId", "l'identifiant du site est obligatoire"));
        else if (!Slug.IsValid(c.SiteId)) errors.Add(new("siteId", "identifiant invalide : lettres minuscules, chiffres et tirets (ex. paris-11)", Value: c.SiteId));
        if (string.IsNullOrWhiteSpace(c.Name)) errors.Add(new("name", "le nom du site est obligatoire"));
        if (c.Arrondissements is null || c.Arrondissements.Count == 0 || c.Arrondissements.Any(string.IsNullOrWhiteSpace))
            errors.Add(new("arrondissements", "au moins un arrondissement est attendu (ex. [\"11e\"])"));
        if (string.IsNullOrWhiteSpace(c.Referential)) errors.Add(new("referential", "le référentiel est obligatoire"));
        if (string.IsNullOrWhiteSpace(c.Version)) errors.Add(new("version", "la version du référentiel est obligatoire"));
        else if (!string.IsNullOrWhiteSpace(c.Referential) && !referentialPublished)
            errors.Add(new("version", $"version non publiée : {c.Referential} {c.Version}", Value: c.Version));
        return errors;
    }

    public static SiteRegistered Decide(RegisterSite c, DateTimeOffset now)
        => new(c.SiteId!, c.Name!.Trim(), c.Arrondissements!.Select(a => a.Trim()).ToList(), c.Referential!, c.Version!, now);

    [WolverinePost("/api/sites"), Authorize(Policy = Policies.Admin)]
    [ProducesResponseType(typeof(SiteView), 201), ProducesResponseType(typeof(ProblemDetails), 400), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static async Task<IResult> Post(RegisterSite command, IDocumentSession session, ReferentialCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        var published = !string.IsNullOrWhiteSpace(command.Referential) && !string.IsNullOrWhiteSpace(command.Version)
            && await catalog.FindAsync(session, command.Referential, command.Version, ct) is not null;
        var errors = Check(command, published);
        if (errors.Count > 0) return Results.Problem(Problems.Invalid(errors));
        if (await session.LoadAsync<Site>(command.SiteId!, ct) is not null)
            return Results.Problem(Problems.Conflict($"Le site {command.SiteId} existe déjà."));

        var registered = Decide(command, clock.GetUtcNow());
        session.Events.StartStream<Site>(registered.SiteId, registered);
        var site = Site.Create(registered);
        site.Version = 1;
        return Results.Created($"/api/sites/{registered.SiteId}", SiteView.From(site));
    }
}
