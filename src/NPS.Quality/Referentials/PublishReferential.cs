using NPS.Quality.Samples;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Shared;
using Wolverine;
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
    public static async Task<IResult> Post(HttpRequest request, IMessageBus bus, CancellationToken ct)
    {
        var yaml = await ReadBoundedAsync(request, ct);
        if (yaml is null)
            return Results.Problem(Problems.TooLarge("Un référentiel ne dépasse pas 1 Mo."));

        return await bus.AnswerAsync<ReferentialSummary>(new PublishReferential(yaml, "corps"), ct);
    }

    /// <summary>
    /// The body as text, or null past <see cref="MaxBytes"/>: the limit holds on the stream itself, so a chunked body
    /// (no Content-Length) is never read further than 1 MB + one buffer, and the server's own limit says the same.
    /// </summary>
    private static async Task<string?> ReadBoundedAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes) return null;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBytes + 1;
        var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            if (body.Length + read > MaxBytes) return null;
            body.Write(buffer, 0, read);
        }
        body.Position = 0;
        using var reader = new StreamReader(body, Encoding.UTF8); // as before: a UTF-8 BOM is skipped
        return await reader.ReadToEndAsync(ct);
    }
}

/// <summary>A referential version to publish: the YAML text and where it comes from (the request body, or a file at start-up).</summary>
public sealed record PublishReferential(string Yaml, string Source);

public static class PublishReferentialHandler
{
    /// <summary>
    /// 201 when published, 200 when the same content was already published (nothing is written), 409 when that id and
    /// version already hold other content, 400 with every error and its line.
    /// </summary>
    public static async Task<Outcome<ReferentialSummary>> Handle(PublishReferential command, IDocumentSession session, TimeProvider clock,
        IMessageContext bus, CancellationToken ct)
    {
        var parsed = ReferentialYaml.Parse(command.Source, command.Yaml);
        if (!parsed.IsValid)
            return Outcome<ReferentialSummary>.Invalid(parsed.Errors.Select(e => new FieldError("yaml", e.Message, e.Line)).ToList());

        var definition = parsed.Value!;
        var outcome = await ReferentialPublishing.PublishAsync(session, definition, command.Yaml, clock.GetUtcNow(), ct);
        var summary = ReferentialSummary.From(definition, ReferentialPublishing.Hash(command.Yaml));
        // Once committed, the samples are counted against the new version's thresholds (the network views' monthly counts).
        if (outcome == PublishOutcome.Published) await bus.PublishAsync(new RegisterCountThresholds(definition.Id, definition.Version));
        return outcome switch
        {
            PublishOutcome.Published => Outcome<ReferentialSummary>.Created(summary, $"/api/referentials/{definition.Id}/{definition.Version}"),
            PublishOutcome.Unchanged => Outcome<ReferentialSummary>.Ok(summary),
            _ => Outcome<ReferentialSummary>.Conflict(
                $"La version {definition.Version} de {definition.Id} est déjà publiée avec un autre contenu : une version publiée ne change plus, publiez-en une nouvelle."),
        };
    }
}
