using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Infrastructure;
using NPS.Quality.Referentials;
using Wolverine.Http;

namespace NPS.Quality.Audits;

public sealed record Evidence(string? Text, IReadOnlyList<string>? SampleIds);

public sealed record RecordFinding(string? Category, string? Engagement, string? Statement, Evidence? Evidence, int? ExpectedVersion);

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

public static class RecordFindingEndpoint
{
    /// <summary>Field rules, pure: a known category, an engagement of the pinned version, a statement, samples of that site.</summary>
    public static List<FieldError> Check(RecordFinding c, Audit audit, ReferentialDefinition? pinned, IReadOnlyList<string> missingSamples)
    {
        var errors = new List<FieldError>();
        if (AuditWrites.RequireExpectedVersion(c.ExpectedVersion) is { } missing) errors.Add(missing);
        if (string.IsNullOrWhiteSpace(c.Category))
            errors.Add(new("category", "la catégorie est obligatoire (PF, PP, PS, PV, NC_MINEURE, NC_MAJEURE ou CONFORMITE)"));
        else if (!FindingCategories.Labels.ContainsKey(c.Category))
            errors.Add(new("category", "catégorie inconnue : PF, PP, PS, PV, NC_MINEURE, NC_MAJEURE ou CONFORMITE", Value: c.Category));
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

    public static FindingRecorded Decide(string auditId, string findingId, RecordFinding c, string by, DateTimeOffset now)
        => new(auditId, findingId, c.Category!, c.Engagement!, c.Statement!.Trim(),
            string.IsNullOrWhiteSpace(c.Evidence?.Text) ? null : c.Evidence.Text.Trim(),
            (c.Evidence?.SampleIds ?? []).Distinct().ToList(), by, now);

    [WolverinePost("/api/audits/{auditId}/findings"), Authorize(Policy = Policies.AuditManager)]
    [ProducesResponseType(typeof(AuditItemCreated), 201), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static async Task<IResult> Post(string auditId, RecordFinding command, IDocumentSession session, ClaimsPrincipal user,
        ReferentialCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        var audit = await session.LoadAsync<Audit>(auditId, ct);
        if (audit is null) return AuditWrites.AuditNotFound(auditId);

        var pinned = await catalog.FindAsync(session, audit.Referential, audit.ReferentialVersion, ct);
        var sampleIds = command.Evidence?.SampleIds?.Where(s => !string.IsNullOrWhiteSpace(s)).ToList() ?? [];
        var missingSamples = sampleIds.Count == 0 ? [] : await SampleReferences.MissingAsync(session, audit.SiteId, sampleIds, ct);
        var errors = Check(command, audit, pinned, missingSamples);
        if (errors.Count > 0) return AuditWrites.Invalid(errors);

        return await AuditWrites.AppendAsync(session, auditId, command.ExpectedVersion!.Value, AuditRules.CanRecordFinding,
            _ => Decide(auditId, Finding.NewId(), command, AuditWrites.Who(user), clock.GetUtcNow()),
            (_, recorded, version) => AuditWrites.Created(auditId, recorded.FindingId, version), ct);
    }
}
