using NPS.Quality.Shared;
using Wolverine.Marten;

namespace NPS.Quality.Programmes;

/// <summary>What every change on a programme answers: its new version, to send back as the next expectedVersion.</summary>
public sealed record ProgrammeChanged(string ProgrammeId, int Version);

public interface IProgrammeChange
{
    string ProgrammeId { get; }
    int? ExpectedVersion { get; }
}

public static class ProgrammeWrites
{
    public static List<FieldError> Errors(int? expectedVersion) => expectedVersion is null
        ? [new FieldError("expectedVersion", "expectedVersion est obligatoire (le champ « version » renvoyé par GET /api/programmes/{programmeId})")]
        : [];

    /// <summary>404 when the programme does not exist; else the decision's events and the new version, or its refusal.</summary>
    public static (Outcome<ProgrammeChanged>, Events) Answer(Programme? programme, IProgrammeChange change, Func<Programme, Decision> decide)
    {
        if (programme is null) return (Outcome<ProgrammeChanged>.NotFound($"Programme inconnu : {change.ProgrammeId}."), []);
        var decision = decide(programme);
        if (decision.Refusal is { } refusal) return (Outcome<ProgrammeChanged>.Refused(refusal), []);
        return (Outcome<ProgrammeChanged>.Ok(new ProgrammeChanged(programme.Id, programme.Version + decision.Events.Count)), [.. decision.Events]);
    }
}
