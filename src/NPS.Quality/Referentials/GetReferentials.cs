using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace NPS.Quality.Referentials;

public sealed record ReferentialSummary(string Id, string Version, string Title, DateOnly PublishedOn, string Source, string Sha256,
    int Engagements, int Indicators)
{
    public static ReferentialSummary From(ReferentialDefinition d, string sha)
        => new(d.Id, d.Version, d.Title, d.PublishedOn, d.Source, sha, d.Engagements.Count, d.Indicators.Count());
}

public sealed record ReferentialView(ReferentialDefinition Definition, string Sha256, DateTimeOffset PublishedAt);

/// <summary>The published versions and the differences between two of them: what the API and the administration page read.</summary>
public static class ReferentialReads
{
    public static async Task<IReadOnlyList<ReferentialSummary>> SummariesAsync(IQuerySession session, CancellationToken ct)
    {
        var all = await session.Query<PublishedReferential>().ToListAsync(ct);
        return all.OrderBy(r => r.Definition.Id).ThenBy(r => r.Definition.Version, StringComparer.Ordinal)
            .Select(r => ReferentialSummary.From(r.Definition, r.Sha256)).ToList();
    }

    /// <summary>The diff of two published versions, or the version that is not published.</summary>
    public static async Task<(ReferentialDiffResult? Diff, string? Missing)> DiffAsync(IQuerySession session, ReferentialCatalog catalog, string id,
        string from, string to, CancellationToken ct)
    {
        var a = await catalog.FindAsync(session, id, from, ct);
        var b = await catalog.FindAsync(session, id, to, ct);
        if (a is null || b is null) return (null, a is null ? from : to);
        var mapping = await catalog.MappingAsync(session, id, from, to, ct);
        return (ReferentialDiff.Compute(a, b, mapping!), null);
    }
}

public static class GetReferentialsEndpoint
{
    [WolverineGet("/api/referentials")]
    public static Task<IReadOnlyList<ReferentialSummary>> List(IQuerySession session, CancellationToken ct) => ReferentialReads.SummariesAsync(session, ct);

    [WolverineGet("/api/referentials/{id}/{version}")]
    [ProducesResponseType(typeof(ReferentialDefinition), 200), ProducesResponseType(typeof(ProblemDetails), 404)]
    public static async Task<IResult> Get(string id, string version, IQuerySession session, CancellationToken ct)
    {
        var published = await session.LoadAsync<PublishedReferential>(PublishedReferential.StreamKey(id, version), ct);
        if (published is null) return Results.Problem(Problems.NotFound($"Référentiel inconnu : {id} {version}."));
        return Results.Ok(new
        {
            published.Definition.Id,
            published.Definition.Version,
            published.Definition.Title,
            published.Definition.PublishedOn,
            published.Definition.Source,
            published.Definition.Themes,
            published.Definition.Engagements,
            published.Sha256,
            published.PublishedAt,
        });
    }

    /// <summary>GET /api/referentials/{id}/diff?from=2017.1&amp;to=2018.1: added, removed and changed items, field by field.</summary>
    [WolverineGet("/api/referentials/{id}/diff")]
    [ProducesResponseType(typeof(ReferentialDiffResult), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404)]
    public static async Task<IResult> Diff(string id, string? from, string? to, IQuerySession session, ReferentialCatalog catalog, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(from)) errors.Add(new("from", "la version de départ est obligatoire (?from=2017.1)"));
        if (string.IsNullOrWhiteSpace(to)) errors.Add(new("to", "la version d'arrivée est obligatoire (&to=2018.1)"));
        if (errors.Count > 0) return Results.Problem(Problems.Invalid(errors));

        var (diff, missing) = await ReferentialReads.DiffAsync(session, catalog, id, from!, to!, ct);
        return diff is null ? Results.Problem(Problems.NotFound($"Version non publiée : {id} {missing}.")) : Results.Ok(diff);
    }
}
