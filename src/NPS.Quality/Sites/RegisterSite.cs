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

public sealed record RegisterSite(string? SiteId, string? Name, IReadOnlyList<string>? Arrondissements, string? Referential, string? Version);

public static class RegisterSiteHandler
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

    public static Decision Decide(RegisterSite c, bool referentialPublished, bool alreadyRegistered, DateTimeOffset now)
    {
        var errors = Check(c, referentialPublished);
        if (errors.Count > 0) return Decision.Invalid(errors);
        if (alreadyRegistered) return Decision.Refuse(Problems.Conflict($"Le site {c.SiteId} existe déjà."));
        return Decision.Of(new SiteRegistered(c.SiteId!, c.Name!.Trim(), c.Arrondissements!.Select(a => a.Trim()).ToList(), c.Referential!, c.Version!, now));
    }

    public static async Task<(Outcome<SiteView>, IMartenOp)> Handle(RegisterSite command, IDocumentSession session, ReferentialCatalog catalog,
        TimeProvider clock, CancellationToken ct)
    {
        var published = !string.IsNullOrWhiteSpace(command.Referential) && !string.IsNullOrWhiteSpace(command.Version)
            && await catalog.FindAsync(session, command.Referential, command.Version, ct) is not null;
        var exists = !string.IsNullOrWhiteSpace(command.SiteId) && await session.LoadAsync<Site>(command.SiteId, ct) is not null;
        var decision = Decide(command, published, exists, clock.GetUtcNow());
        if (decision.Refusal is { } refusal) return (Outcome<SiteView>.Refused(refusal), MartenOps.Nothing());
        var registered = decision.Single<SiteRegistered>();
        var site = Site.Create(registered);
        site.Version = 1;
        return (Outcome<SiteView>.Created(SiteView.From(site), $"/api/sites/{registered.SiteId}"), MartenOps.StartStream<Site>(registered.SiteId, registered));
    }
}

public static class RegisterSiteEndpoint
{
    [WolverinePost("/api/sites"), Authorize(Policy = Policies.Admin)]
    [ProducesResponseType(typeof(SiteView), 201), ProducesResponseType(typeof(ProblemDetails), 400), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static Task<IResult> Post(RegisterSite command, IMessageBus bus, CancellationToken ct) => bus.AnswerAsync<SiteView>(command, ct);
}
