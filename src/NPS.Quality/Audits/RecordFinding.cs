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

namespace NPS.Quality.Audits;

public sealed record Evidence(string? Text, IReadOnlyList<string>? SampleIds);

public sealed record RecordFinding(string? Category, string? Engagement, string? Statement, Evidence? Evidence, int? ExpectedVersion) : IAuditChange
{
    [JsonIgnore] public string AuditId { get; init; } = "";
}

/// <summary>
/// Delay samples a finding may cite. They live in <c>nps.delay_samples (site_id, sample_id)</c>, owned by the samples
/// feature; the store is asked only when a finding cites samples. Before that table exists no sample exists.
/// </summary>
public static class SampleReferences
{
    public static async Task<IReadOnlyList<string>> MissingAsync(IQuerySession session, string siteId, IReadOnlyList<string> sampleIds, CancellationToken ct)
    {
        var wanted = sampleIds.Distinct().ToArray();
        if (wanted.Length == 0) return [];
        var found = await Samples.DelaySampleReads.StoredIdsAsync(session, siteId, wanted, ct);
        return wanted.Except(found).ToList();
    }
}

public static class RecordFindingHandler
{
    /// <summary>Field rules, pure: a known category, an engagement of the pinned version, a statement, samples of that site.</summary>
    public static List<FieldError> Check(RecordFinding c, Audit audit, ReferentialDefinition? pinned, IReadOnlyList<string> missingSamples)
    {
        var errors = AuditWrites.Errors(c.ExpectedVersion);
        if (string.IsNullOrWhiteSpace(c.Category))
            errors.Add(new("category", $"la catégorie est obligatoire ({WireNames.Choices<FindingCategory>()})"));
        else if (WireNames.Parse<FindingCategory>(c.Category) is null)
            errors.Add(new("category", $"catégorie inconnue : {WireNames.Choices<FindingCategory>()}", Value: c.Category));
        if (string.IsNullOrWhiteSpace(c.Engagement)) errors.Add(new("engagement", "l'engagement est obligatoire (ex. ACC-01)"));
        else if (pinned?.FindEngagement(c.Engagement) is null)
            errors.Add(new("engagement",
                $"engagement absent de la version {audit.ReferentialVersion} du référentiel {audit.Referential}, à laquelle l'audit est rattaché",
                Value: c.Engagement));
        AuditWrites.Required(errors, "statement", c.Statement, "le libellé du constat est obligatoire");
        if (c.Evidence?.SampleIds is { } ids && ids.Any(string.IsNullOrWhiteSpace))
            errors.Add(new("evidence.sampleIds", "un identifiant d'échantillon vide a été transmis"));
        foreach (var id in missingSamples)
            errors.Add(new("evidence.sampleIds", $"échantillon inconnu pour le site {audit.SiteId}", Value: id));
        return errors;
    }

    public static Decision Decide(Audit audit, RecordFinding c, ReferentialDefinition? pinned, IReadOnlyList<string> missingSamples,
        string findingId, string by, DateTimeOffset now)
        => Decision.Checked(audit.Version, c.ExpectedVersion, Check(c, audit, pinned, missingSamples), AuditRules.CanRecordFinding(audit),
            () => new FindingRecorded(audit.Id, findingId, WireNames.Parse<FindingCategory>(c.Category)!.Value, c.Engagement!, c.Statement!.Trim(),
                AuditWrites.Trimmed(c.Evidence?.Text), (c.Evidence?.SampleIds ?? []).Distinct().ToList(), by, now));

    public static async Task<(Outcome<AuditItemCreated>, Events)> Handle(RecordFinding command, [WriteAggregate(Required = false)] Audit? audit,
        IDocumentSession session, ReferentialCatalog catalog, IMessageContext context, TimeProvider clock, CancellationToken ct)
    {
        ReferentialDefinition? pinned = null;
        IReadOnlyList<string> missingSamples = [];
        if (audit is not null)
        {
            pinned = await catalog.FindAsync(session, audit.Referential, audit.ReferentialVersion, ct);
            var sampleIds = command.Evidence?.SampleIds?.Where(s => !string.IsNullOrWhiteSpace(s)).ToList() ?? [];
            if (sampleIds.Count > 0) missingSamples = await SampleReferences.MissingAsync(session, audit.SiteId, sampleIds, ct);
        }
        return AuditWrites.Answer(audit, command,
            a => Decide(a, command, pinned, missingSamples, Finding.NewId(), context.Who(), clock.GetUtcNow()),
            (a, d) => AuditWrites.Created(a, d.Single<FindingRecorded>().FindingId));
    }
}

public static class RecordFindingEndpoint
{
    [WolverinePost("/api/audits/{auditId}/findings"), Authorize(Policy = Policies.AuditManager)]
    [ProducesResponseType(typeof(AuditItemCreated), 201), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static Task<IResult> Post(string auditId, RecordFinding command, IMessageBus bus, CancellationToken ct)
        => bus.AnswerAsync<AuditItemCreated>(command with { AuditId = auditId }, ct);
}
