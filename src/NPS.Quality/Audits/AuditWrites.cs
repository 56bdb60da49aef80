using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Infrastructure;
using NPS.Quality.Shared;
using Wolverine.Marten;

namespace NPS.Quality.Audits;

/// <summary>What every change on an audit answers: its new version, to send back as the next expectedVersion.</summary>
public sealed record AuditChanged(string AuditId, int Version, string State, string StateLabel)
{
    public static AuditChanged Of(string auditId, int version, AuditState state) => new(auditId, version, state.Wire(), AuditStates.Labels[state]);
}

/// <summary>A finding, action or audit created inside an audit's stream.</summary>
public sealed record AuditItemCreated(string Id, string AuditId, int Version);

/// <summary>
/// A change of an existing audit. The id comes from the route (never from the body); Wolverine's aggregate handler
/// workflow loads the audit by it (<c>FetchForWriting</c>) and appends what the handler decides.
/// </summary>
public interface IAuditChange
{
    string AuditId { get; }
    int? ExpectedVersion { get; }
}

/// <summary>The steps every audit write shares: 404, expectedVersion, French refusals, the answer with the new version.</summary>
public static class AuditWrites
{
    public static FieldError? RequireExpectedVersion(int? expectedVersion) => expectedVersion is null
        ? new FieldError("expectedVersion", "expectedVersion est obligatoire (le champ « version » renvoyé par GET /api/audits/{auditId})")
        : null;

    /// <summary>A new list of field errors, starting with the missing expectedVersion if it is missing.</summary>
    public static List<FieldError> Errors(int? expectedVersion) => RequireExpectedVersion(expectedVersion) is { } missing ? [missing] : [];

    public static ProblemDetails AuditNotFound(string auditId) => Problems.NotFound($"Audit inconnu : {auditId}.");

    public static ProblemDetails FindingNotFound(string auditId, string findingId) => Problems.NotFound($"Constat inconnu dans l'audit {auditId} : {findingId}.");

    public static void Required(List<FieldError> errors, string field, string? value, string message)
    {
        if (string.IsNullOrWhiteSpace(value)) errors.Add(new FieldError(field, message));
    }

    public static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>
    /// The end every audit handler shares: the audit must exist (404), then the pure decision gives the events to
    /// append (handed back to Wolverine, which appends and commits) and the answer; a refusal appends nothing.
    /// </summary>
    public static (Outcome<T>, Events) Answer<T>(Audit? audit, IAuditChange change, Func<Audit, Decision> decide,
        Func<Audit, Decision, Outcome<T>> answer) where T : class
    {
        if (audit is null) return (Outcome<T>.Refused(AuditNotFound(change.AuditId)), []);
        var decision = decide(audit);
        if (decision.Refusal is { } refusal) return (Outcome<T>.Refused(refusal), []);
        return (answer(audit, decision), [.. decision.Events]);
    }

    /// <summary>The answer of a change that leaves the audit in <paramref name="state"/>.</summary>
    public static Outcome<AuditChanged> Changed(Audit audit, AuditState state) => Outcome<AuditChanged>.Ok(AuditChanged.Of(audit.Id, audit.Version + 1, state));

    /// <summary>The answer of a change that creates a finding or an action inside the audit.</summary>
    public static Outcome<AuditItemCreated> Created(Audit audit, string itemId)
        => Outcome<AuditItemCreated>.Created(new AuditItemCreated(itemId, audit.Id, audit.Version + 1), $"/api/audits/{audit.Id}");
}
