using System.Security.Claims;
using NPS.Quality.Access;
using Marten;
using NPS.Quality.Infrastructure;

namespace NPS.Quality.Audits;

/// <summary>What every change on an audit answers: its new version, to send back as the next expectedVersion.</summary>
public sealed record AuditChanged(string AuditId, int Version, string State, string StateLabel)
{
    public static AuditChanged Of(string auditId, int version, string state) => new(auditId, version, state, AuditStates.Labels[state]);
}

/// <summary>A finding, action or audit created inside an audit's stream.</summary>
public sealed record AuditItemCreated(string Id, string AuditId, int Version);

/// <summary>The steps every audit write shares: 404, expectedVersion, French refusals, who acts.</summary>
public static class AuditWrites
{
    public static FieldError? RequireExpectedVersion(int? expectedVersion) => expectedVersion is null
        ? new FieldError("expectedVersion", "expectedVersion est obligatoire (le champ « version » renvoyé par GET /api/audits/{auditId})")
        : null;

    public static IResult AuditNotFound(string auditId) => Results.Problem(Problems.NotFound($"Audit inconnu : {auditId}."));

    public static IResult FindingNotFound(string auditId, string findingId)
        => Results.Problem(Problems.NotFound($"Constat inconnu dans l'audit {auditId} : {findingId}."));

    public static IResult Refuse(FieldError refusal) => Results.Problem(Problems.Invalid([refusal]));

    public static IResult Invalid(List<FieldError> errors) => Results.Problem(Problems.Invalid(errors));

    public static string Who(ClaimsPrincipal user) => Caller.From(user).Name;

    /// <summary>
    /// The end every change of an existing audit shares: fetch it at the expected version (stale → ConcurrencyException
    /// → 409, now and again at commit if another writer gets in between), ask the pure rule, append the one event
    /// decided from the freshly fetched audit, and answer with the new version. The fetched aggregate is never mutated.
    /// </summary>
    public static async Task<IResult> AppendAsync<TEvent>(IDocumentSession session, string auditId, int expectedVersion,
        Func<Audit, FieldError?> rule, Func<Audit, TEvent> decide, Func<Audit, TEvent, int, IResult> answer, CancellationToken ct)
        where TEvent : notnull
    {
        var stream = await session.Events.FetchForWriting<Audit>(auditId, expectedVersion, ct);
        var audit = stream.Aggregate!;
        if (rule(audit) is { } refusal) return Refuse(refusal);
        var decided = decide(audit);
        stream.AppendOne(decided);
        return answer(audit, decided, expectedVersion + 1);
    }

    /// <summary>The answer of a change that leaves the audit in <paramref name="state"/>.</summary>
    public static IResult Changed(string auditId, int version, string state) => Results.Ok(AuditChanged.Of(auditId, version, state));

    /// <summary>The answer of a change that creates a finding or an action inside the audit.</summary>
    public static IResult Created(string auditId, string itemId, int version)
        => Results.Created($"/api/audits/{auditId}", new AuditItemCreated(itemId, auditId, version));

    public static void Required(List<FieldError> errors, string field, string? value, string message)
    {
        if (string.IsNullOrWhiteSpace(value)) errors.Add(new FieldError(field, message));
    }
}
