using System.Text;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Infrastructure;
using Wolverine.Http;

namespace NPS.Quality.Referentials;

public static class PublishReferentialEndpoint
{
    private const int MaxBytes = 1024 * 1024;

    /// <summary>
    /// POST /api/referentials with the YAML file as body. 201 when published, 200 when the same content was
    /// already published, 409 when that id and version already hold other content, 400 with every error.
    /// </summary>
    [WolverinePost("/api/referentials"), Authorize(Policy = Policies.Admin)]
    [Consumes("application/yaml", "text/yaml", "text/plain")]
    [ProducesResponseType(typeof(ReferentialSummary), 201), ProducesResponseType(typeof(ReferentialSummary), 200),
     ProducesResponseType(typeof(ProblemDetails), 400), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static async Task<IResult> Post(HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes)
            return Results.Problem(statusCode: 413, title: "Requête trop volumineuse", detail: "Un référentiel ne dépasse pas 1 Mo.");
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var yaml = await reader.ReadToEndAsync(ct);

        var parsed = ReferentialYaml.Parse("corps", yaml);
        if (!parsed.IsValid)
            return Results.Problem(Problems.Invalid(parsed.Errors.Select(e => new FieldError("yaml", e.Message, e.Line)).ToList()));

        var definition = parsed.Value!;
        var outcome = await ReferentialPublishing.PublishAsync(session, definition, yaml, clock.GetUtcNow(), ct);
        var summary = ReferentialSummary.From(definition, ReferentialPublishing.Hash(yaml));
        var location = $"/api/referentials/{definition.Id}/{definition.Version}";
        return outcome switch
        {
            PublishOutcome.Published => Results.Created(location, summary),
            PublishOutcome.Unchanged => Results.Ok(summary),
            _ => Results.Problem(Problems.Conflict(
                $"La version {definition.Version} de {definition.Id} est déjà publiée avec un autre contenu : une version publiée ne change plus, publiez-en une nouvelle.")),
        };
    }
}
